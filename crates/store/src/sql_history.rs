//! Function history in SQL: the versions every change makes, the deployments kept per function,
//! and restoring an old version into the draft. What is kept is bounded by
//! [`HistoryRetention`]: the newest deployments, the newest versions, and every version a kept
//! deployment or the deployed function still refers to.

use crate::StoreError;
use crate::records::*;
use crate::sql::{SqlStore, deployment_state, json, opt_json};
use crate::sql_lambdas::{deployment_active, lock_lambda};
use async_trait::async_trait;
use fnhost_model::{KeyValue, LambdaState};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

#[async_trait]
pub trait History: Send + Sync {
    /// Every kept version of a function, newest first. `NotFound` when the account has no such
    /// function.
    async fn list_versions(
        &self,
        account_id: &str,
        uuid: &str,
    ) -> Result<Vec<VersionRecord>, StoreError>;
    /// One kept version; `None` when it was never made or is no longer kept.
    async fn get_version(
        &self,
        account_id: &str,
        uuid: &str,
        version: i64,
    ) -> Result<Option<VersionRecord>, StoreError>;
    /// The kept deployments of a function, newest first, with the code and environment of the
    /// version each one deployed (limits are not part of the history and read as defaults).
    async fn list_deployments(
        &self,
        account_id: &str,
        uuid: &str,
    ) -> Result<Vec<DeploymentRecord>, StoreError>;
    /// Makes `version`'s code and environment the function's draft again, as a new version
    /// noted `restored from version N`; nothing is deployed. Refused during an active
    /// deployment; `NotFound` when the function or the version does not exist.
    async fn restore_version(
        &self,
        account_id: &str,
        uuid: &str,
        version: i64,
        user: &str,
        now: i64,
    ) -> Result<LambdaRecord, StoreError>;
}

fn version_from_row(r: &AnyRow) -> Result<VersionRecord, sqlx::Error> {
    Ok(VersionRecord {
        lambda_uuid: r.try_get("lambda_uuid")?,
        version: r.try_get("version")?,
        code: r.try_get("code")?,
        env: serde_json::from_str::<Vec<KeyValue>>(&r.try_get::<String, _>("env_json")?)
            .unwrap_or_default(),
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
        note: r.try_get("note")?,
    })
}

const SELECT_VERSION: &str = "SELECT v.lambda_uuid, v.version, v.code, v.env_json, v.created_at, v.created_by, v.note \
    FROM lambda_versions v JOIN lambdas l ON l.uuid = v.lambda_uuid";

/// Deletes what the retention no longer keeps of one function, inside the caller's transaction.
pub(crate) async fn prune_history(
    tx: &mut Transaction<'_, Any>,
    uuid: &str,
    keep: HistoryRetention,
) -> Result<(), StoreError> {
    sqlx::query(
        "DELETE FROM deployments WHERE lambda_uuid = $1 AND uuid NOT IN \
         (SELECT uuid FROM deployments WHERE lambda_uuid = $1 ORDER BY created_at DESC LIMIT $2)",
    )
    .bind(uuid)
    .bind(keep.deployments.max(1))
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "DELETE FROM lambda_versions WHERE lambda_uuid = $1 \
         AND version <= (SELECT version FROM lambdas WHERE uuid = $1) - $2 \
         AND version NOT IN (SELECT lambda_version FROM deployments WHERE lambda_uuid = $1) \
         AND version <> COALESCE((SELECT deployed_version FROM lambdas WHERE uuid = $1), -1)",
    )
    .bind(uuid)
    .bind(keep.versions.max(1))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl SqlStore {
    async fn lambda_exists(&self, account_id: &str, uuid: &str) -> Result<(), StoreError> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM lambdas WHERE uuid = $1 AND account_id = $2")
                .bind(uuid)
                .bind(account_id)
                .fetch_one(&self.reader)
                .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}

#[async_trait]
impl History for SqlStore {
    async fn list_versions(
        &self,
        account_id: &str,
        uuid: &str,
    ) -> Result<Vec<VersionRecord>, StoreError> {
        self.lambda_exists(account_id, uuid).await?;
        let rows = sqlx::query(&format!(
            "{SELECT_VERSION} WHERE v.lambda_uuid = $1 AND l.account_id = $2 ORDER BY v.version DESC"
        ))
        .bind(uuid)
        .bind(account_id)
        .fetch_all(&self.reader)
        .await?;
        Ok(rows
            .iter()
            .map(version_from_row)
            .collect::<Result<_, _>>()?)
    }

    async fn get_version(
        &self,
        account_id: &str,
        uuid: &str,
        version: i64,
    ) -> Result<Option<VersionRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "{SELECT_VERSION} WHERE v.lambda_uuid = $1 AND l.account_id = $2 AND v.version = $3"
        ))
        .bind(uuid)
        .bind(account_id)
        .bind(version)
        .fetch_optional(&self.reader)
        .await?;
        Ok(row.map(|r| version_from_row(&r)).transpose()?)
    }

    async fn list_deployments(
        &self,
        account_id: &str,
        uuid: &str,
    ) -> Result<Vec<DeploymentRecord>, StoreError> {
        self.lambda_exists(account_id, uuid).await?;
        let rows = sqlx::query(
            "SELECT d.uuid, d.lambda_uuid, d.account_id, d.lambda_version, d.state, d.error_json, d.created_at, \
             d.updated_at, d.deployed_at, d.created_by, v.code, v.env_json FROM deployments d \
             LEFT JOIN lambda_versions v ON v.lambda_uuid = d.lambda_uuid AND v.version = d.lambda_version \
             WHERE d.lambda_uuid = $1 AND d.account_id = $2 ORDER BY d.created_at DESC",
        )
        .bind(uuid)
        .bind(account_id)
        .fetch_all(&self.reader)
        .await?;
        let of_row = |r: &AnyRow| -> Result<DeploymentRecord, sqlx::Error> {
            Ok(DeploymentRecord {
                uuid: r.try_get("uuid")?,
                lambda_uuid: r.try_get("lambda_uuid")?,
                account_id: r.try_get("account_id")?,
                lambda_version: r.try_get("lambda_version")?,
                state: deployment_state(&r.try_get::<String, _>("state")?),
                error: opt_json(r.try_get("error_json")?),
                created_at: r.try_get("created_at")?,
                updated_at: r.try_get("updated_at")?,
                deployed_at: r.try_get("deployed_at")?,
                created_by: r.try_get("created_by")?,
                code: r.try_get::<Option<String>, _>("code")?.unwrap_or_default(),
                env: r
                    .try_get::<Option<String>, _>("env_json")?
                    .and_then(|s| serde_json::from_str(&s).ok())
                    .unwrap_or_default(),
                limits: Default::default(),
            })
        };
        Ok(rows.iter().map(of_row).collect::<Result<_, _>>()?)
    }

    async fn restore_version(
        &self,
        account_id: &str,
        uuid: &str,
        version: i64,
        user: &str,
        now: i64,
    ) -> Result<LambdaRecord, StoreError> {
        let mut tx = self.write_tx().await?;
        let current = lock_lambda(&mut tx, account_id, uuid).await?;
        if deployment_active(&current) {
            return Err(StoreError::Conflict(
                "Can not change a lambda during an active deployment".into(),
            ));
        }
        let row = sqlx::query(&format!(
            "{SELECT_VERSION} WHERE v.lambda_uuid = $1 AND l.account_id = $2 AND v.version = $3"
        ))
        .bind(uuid)
        .bind(account_id)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let old = version_from_row(&row)?;
        let next = current.version + 1;
        let state = if current.deployed.is_some() {
            LambdaState::Modified
        } else {
            LambdaState::Draft
        };
        sqlx::query(
            "UPDATE lambdas SET code = $1, env_json = $2, version = $3, state = $4, updated_at = $5, updated_by = $6 \
             WHERE uuid = $7",
        )
        .bind(&old.code)
        .bind(json(&old.env))
        .bind(next)
        .bind(state.as_str())
        .bind(now)
        .bind(user)
        .bind(uuid)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO lambda_versions (lambda_uuid, version, code, env_json, created_at, created_by, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(uuid)
        .bind(next)
        .bind(&old.code)
        .bind(json(&old.env))
        .bind(now)
        .bind(user)
        .bind(format!("restored from version {version}"))
        .execute(&mut *tx)
        .await?;
        prune_history(&mut tx, uuid, self.retention).await?;
        let restored = lock_lambda(&mut tx, account_id, uuid).await?;
        tx.commit().await?;
        Ok(restored)
    }
}
