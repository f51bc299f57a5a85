//! Functions, versions and deployments in SQL: the lifecycle Draft → Productive / Modified → Draft.

use crate::StoreError;
use crate::records::*;
use crate::sql::{SqlStore, deployment_state, json, opt_json};
use fnhost_model::{DeploymentState, FunctionLimits, KeyValue, LambdaState};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

const SELECT_LAMBDA: &str = "SELECT l.*, d.uuid AS d_uuid, d.lambda_version AS d_version, d.state AS d_state, \
    d.error_json AS d_error, d.created_at AS d_created_at, d.updated_at AS d_updated_at, d.deployed_at AS d_deployed_at, \
    d.created_by AS d_created_by FROM lambdas l LEFT JOIN deployments d ON d.uuid = l.last_deployment_uuid";

fn trigger_of(s: Option<String>) -> fnhost_model::HttpTrigger {
    s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

fn limits_of(s: Option<String>) -> FunctionLimits {
    s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

fn kv(s: &str) -> Vec<KeyValue> {
    serde_json::from_str(s).unwrap_or_default()
}

fn lambda_from_row(r: &AnyRow) -> Result<LambdaRecord, sqlx::Error> {
    let state: String = r.try_get("state")?;
    let deployed_version: Option<i64> = r.try_get("deployed_version")?;
    let deployed = match deployed_version {
        Some(version) => Some(DeployedSnapshot {
            version,
            code: r
                .try_get::<Option<String>, _>("deployed_code")?
                .unwrap_or_default(),
            env: kv(&r
                .try_get::<Option<String>, _>("deployed_env_json")?
                .unwrap_or_default()),
            changed_at: r
                .try_get::<Option<i64>, _>("deployed_changed_at")?
                .unwrap_or(0),
            limits: limits_of(r.try_get("deployed_limits_json")?),
        }),
        None => None,
    };
    let uuid: String = r.try_get("uuid")?;
    let account_id: String = r.try_get("account_id")?;
    let last_deployment = match r.try_get::<Option<String>, _>("d_uuid")? {
        Some(d_uuid) => Some(DeploymentRecord {
            uuid: d_uuid,
            lambda_uuid: uuid.clone(),
            account_id: account_id.clone(),
            lambda_version: r.try_get("d_version")?,
            state: deployment_state(&r.try_get::<String, _>("d_state")?),
            error: opt_json(r.try_get("d_error")?),
            created_at: r.try_get("d_created_at")?,
            updated_at: r.try_get("d_updated_at")?,
            deployed_at: r.try_get("d_deployed_at")?,
            created_by: r.try_get("d_created_by")?,
            code: String::new(),
            env: Vec::new(),
            limits: FunctionLimits::default(),
        }),
        None => None,
    };
    Ok(LambdaRecord {
        uuid,
        account_id,
        name: r.try_get("name")?,
        description: r.try_get("description")?,
        event_id: r.try_get("event_id")?,
        state: LambdaState::parse(&state).unwrap_or(LambdaState::Draft),
        version: r.try_get("version")?,
        code: r.try_get("code")?,
        env: kv(&r.try_get::<String, _>("env_json")?),
        dependencies: kv(&r.try_get::<String, _>("dependencies_json")?),
        sample_payload: opt_json(r.try_get("sample_payload_json")?),
        skills: serde_json::from_str(&r.try_get::<String, _>("skills_json")?).unwrap_or_default(),
        limits: limits_of(r.try_get("limits_json")?),
        http_trigger: trigger_of(r.try_get("http_trigger_json")?),
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
        updated_at: r.try_get("updated_at")?,
        updated_by: r.try_get("updated_by")?,
        deployed,
        last_deployment,
    })
}

pub(crate) fn deployment_active(l: &LambdaRecord) -> bool {
    l.state == LambdaState::MarkedUndeployed
        || l.last_deployment.as_ref().is_some_and(|d| {
            matches!(
                d.state,
                DeploymentState::BuildStart
                    | DeploymentState::BuildFinish
                    | DeploymentState::DeployStart
            )
        })
}

pub(crate) async fn lock_lambda(
    tx: &mut Transaction<'_, Any>,
    account_id: &str,
    uuid: &str,
) -> Result<LambdaRecord, StoreError> {
    // Serialise concurrent writers on this row (SQLite serialises whole transactions anyway).
    sqlx::query("UPDATE lambdas SET version = version WHERE uuid = $1 AND account_id = $2")
        .bind(uuid)
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    let row = sqlx::query(&format!(
        "{SELECT_LAMBDA} WHERE l.uuid = $1 AND l.account_id = $2"
    ))
    .bind(uuid)
    .bind(account_id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| lambda_from_row(&r))
        .transpose()?
        .ok_or(StoreError::NotFound)
}

async fn insert_version(tx: &mut Transaction<'_, Any>, l: &LambdaRecord) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO lambda_versions (lambda_uuid, version, code, env_json, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&l.uuid)
        .bind(l.version)
        .bind(&l.code)
        .bind(json(&l.env))
        .bind(l.updated_at)
        .bind(&l.updated_by)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

const ACTIVE: &str = "Can not change a lambda during an active deployment";

impl SqlStore {
    pub(crate) async fn lambdas_of(
        &self,
        account_id: &str,
    ) -> Result<Vec<LambdaRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "{SELECT_LAMBDA} WHERE l.account_id = $1 ORDER BY l.created_at, l.name"
        ))
        .bind(account_id)
        .fetch_all(&self.reader)
        .await?;
        Ok(rows.iter().map(lambda_from_row).collect::<Result<_, _>>()?)
    }

    pub(crate) async fn lambda(
        &self,
        account_id: &str,
        uuid: &str,
    ) -> Result<Option<LambdaRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "{SELECT_LAMBDA} WHERE l.uuid = $1 AND l.account_id = $2"
        ))
        .bind(uuid)
        .bind(account_id)
        .fetch_optional(&self.reader)
        .await?;
        Ok(row.map(|r| lambda_from_row(&r)).transpose()?)
    }

    pub(crate) async fn lambda_named(
        &self,
        account_id: &str,
        name: &str,
    ) -> Result<Option<LambdaRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "{SELECT_LAMBDA} WHERE l.account_id = $1 AND l.name = $2"
        ))
        .bind(account_id)
        .bind(name)
        .fetch_optional(&self.reader)
        .await?;
        Ok(row.map(|r| lambda_from_row(&r)).transpose()?)
    }

    pub(crate) async fn insert_lambda(&self, l: &LambdaRecord, max: i64) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        crate::sql_pool::lock_account(&mut tx, &l.account_id).await?;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM lambdas WHERE account_id = $1")
            .bind(&l.account_id)
            .fetch_one(&mut *tx)
            .await?;
        if count >= max {
            return Err(StoreError::LimitReached(format!(
                "the account already has {count} functions; the limit is {max}"
            )));
        }
        let taken: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM lambdas WHERE account_id = $1 AND name = $2")
                .bind(&l.account_id)
                .bind(&l.name)
                .fetch_one(&mut *tx)
                .await?;
        if taken > 0 {
            return Err(StoreError::Conflict(format!(
                "a function named `{}` already exists",
                l.name
            )));
        }
        sqlx::query(
            "INSERT INTO lambdas (uuid, account_id, name, description, event_id, state, version, code, env_json, \
             dependencies_json, sample_payload_json, skills_json, created_at, created_by, updated_at, updated_by, limits_json, http_trigger_json) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
        )
        .bind(&l.uuid)
        .bind(&l.account_id)
        .bind(&l.name)
        .bind(&l.description)
        .bind(l.event_id.clone())
        .bind(l.state.as_str())
        .bind(l.version)
        .bind(&l.code)
        .bind(json(&l.env))
        .bind(json(&l.dependencies))
        .bind(l.sample_payload.as_ref().map(json))
        .bind(json(&l.skills))
        .bind(l.created_at)
        .bind(&l.created_by)
        .bind(l.updated_at)
        .bind(&l.updated_by)
        .bind(json(&l.limits))
        .bind(json(&l.http_trigger))
        .execute(&mut *tx)
        .await?;
        insert_version(&mut tx, l).await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn store_lambda_update(
        &self,
        l: &LambdaRecord,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let current = lock_lambda(&mut tx, &l.account_id, &l.uuid).await?;
        if deployment_active(&current) {
            return Err(StoreError::Conflict(ACTIVE.into()));
        }
        if current.version != expected_version {
            return Err(StoreError::Stale);
        }
        let state = if current.deployed.is_some() {
            LambdaState::Modified
        } else {
            LambdaState::Draft
        };
        let r = sqlx::query(
            "UPDATE lambdas SET description = $1, state = $2, version = $3, code = $4, env_json = $5, dependencies_json = $6, \
             sample_payload_json = $7, skills_json = $8, updated_at = $9, updated_by = $10, limits_json = $11, \
             http_trigger_json = $14, \
             deployed_changed_at = CASE WHEN deployed_version IS NOT NULL AND COALESCE(http_trigger_json, '') <> $14 \
               THEN $9 ELSE deployed_changed_at END \
             WHERE uuid = $12 AND version = $13",
        )
        .bind(&l.description)
        .bind(state.as_str())
        .bind(expected_version + 1)
        .bind(&l.code)
        .bind(json(&l.env))
        .bind(json(&l.dependencies))
        .bind(l.sample_payload.as_ref().map(json))
        .bind(json(&l.skills))
        .bind(l.updated_at)
        .bind(&l.updated_by)
        .bind(json(&l.limits))
        .bind(&l.uuid)
        .bind(expected_version)
        .bind(json(&l.http_trigger))
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() != 1 {
            return Err(StoreError::Stale);
        }
        let mut versioned = l.clone();
        versioned.version = expected_version + 1;
        insert_version(&mut tx, &versioned).await?;
        crate::sql_history::prune_history(&mut tx, &l.uuid, self.retention).await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn remove_lambda(
        &self,
        account_id: &str,
        uuid: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let current = lock_lambda(&mut tx, account_id, uuid).await?;
        if current.state != LambdaState::Draft || current.deployed.is_some() {
            return Err(StoreError::Conflict(format!(
                "only undeployed functions (state Draft) can be deleted; `{}` is {}",
                current.name,
                current.state.as_str()
            )));
        }
        for sql in [
            "DELETE FROM lambda_versions WHERE lambda_uuid = $1",
            "DELETE FROM deployments WHERE lambda_uuid = $1",
            "DELETE FROM schedules WHERE lambda_uuid = $1",
            "DELETE FROM lambdas WHERE uuid = $1",
        ] {
            sqlx::query(sql).bind(uuid).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn deployed_changed_since(
        &self,
        since: i64,
    ) -> Result<Vec<DeployedFunction>, StoreError> {
        let rows = sqlx::query(
            "SELECT uuid, account_id, name, event_id, skills_json, deployed_version, deployed_code, deployed_env_json, \
             deployed_changed_at, deployed_limits_json, http_trigger_json FROM lambdas WHERE deployed_version IS NOT NULL AND deployed_changed_at >= $1",
        )
        .bind(since)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| -> Result<DeployedFunction, sqlx::Error> {
                Ok(DeployedFunction {
                    uuid: r.try_get("uuid")?,
                    account_id: r.try_get("account_id")?,
                    name: r.try_get("name")?,
                    event_id: r.try_get("event_id")?,
                    skills: serde_json::from_str(&r.try_get::<String, _>("skills_json")?)
                        .unwrap_or_default(),
                    version: r.try_get("deployed_version")?,
                    code: r.try_get("deployed_code")?,
                    env: kv(&r.try_get::<String, _>("deployed_env_json")?),
                    changed_at: r.try_get("deployed_changed_at")?,
                    limits: limits_of(r.try_get("deployed_limits_json")?),
                    http_trigger: trigger_of(r.try_get("http_trigger_json")?),
                })
            })
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)
    }
}
