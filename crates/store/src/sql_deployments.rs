//! Deployments in SQL: the deploy and undeploy state machine and its recovery after a crash.
//!
//! Deploy: `begin` (deployment row `Build Start`, leased to the node that runs it) → the node
//! validates the code → `finish` (`Deploy Finish` and the deployed version, or `Build Error`).
//! Undeploy: `undeploy` (function `Marked Undeployed`) → `finish_undeploy` (deployed version
//! cleared, `Draft`). Each arrow is one transaction. A node that dies between them leaves a
//! deployment whose lease expires (then any node claims and resumes it) or a function left
//! `Marked Undeployed` (then any node finishes the undeploy): nothing stays wedged.

use crate::StoreError;
use crate::records::*;
use crate::sql::{SqlStore, json};
use crate::sql_lambdas::{deployment_active, lock_lambda};
use fnhost_model::{DeploymentState, FunctionLimits, KeyValue, LambdaState};
use sqlx::Row;

/// States in which a deployment is still running.
const RUNNING: &str = "('Build Start', 'Build Finish', 'Deploy Start')";

impl SqlStore {
    pub(crate) async fn start_deployment(
        &self,
        account_id: &str,
        uuid: &str,
        user: &str,
        now: i64,
        lease: &Lease,
    ) -> Result<DeploymentRecord, StoreError> {
        let mut tx = self.write_tx().await?;
        let current = lock_lambda(&mut tx, account_id, uuid).await?;
        if deployment_active(&current) {
            return Err(StoreError::Conflict(
                "Can not deploy a lambda during an active deployment".into(),
            ));
        }
        let d = DeploymentRecord {
            uuid: uuid::Uuid::new_v4().to_string(),
            lambda_uuid: uuid.to_owned(),
            account_id: account_id.to_owned(),
            lambda_version: current.version,
            state: DeploymentState::BuildStart,
            error: None,
            created_at: now,
            updated_at: now,
            deployed_at: None,
            created_by: user.to_owned(),
            code: current.code.clone(),
            env: current.env.clone(),
            limits: current.limits,
        };
        sqlx::query(
            "INSERT INTO deployments (uuid, lambda_uuid, account_id, lambda_version, state, created_at, updated_at, created_by, \
             lease_owner, lease_until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&d.uuid)
        .bind(&d.lambda_uuid)
        .bind(&d.account_id)
        .bind(d.lambda_version)
        .bind(d.state.as_str())
        .bind(now)
        .bind(now)
        .bind(user)
        .bind(&lease.owner)
        .bind(lease.until)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE lambdas SET last_deployment_uuid = $1 WHERE uuid = $2")
            .bind(&d.uuid)
            .bind(uuid)
            .execute(&mut *tx)
            .await?;
        crate::sql_history::prune_history(&mut tx, uuid, self.retention).await?;
        tx.commit().await?;
        Ok(d)
    }

    pub(crate) async fn complete_deployment(
        &self,
        d: &DeploymentRecord,
        outcome: Result<(), DeploymentErrorInfo>,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let current = lock_lambda(&mut tx, &d.account_id, &d.lambda_uuid).await?;
        match outcome {
            Ok(()) => {
                sqlx::query("UPDATE deployments SET state = $1, updated_at = $2, deployed_at = $3 WHERE uuid = $4")
                    .bind(DeploymentState::DeployFinish.as_str())
                    .bind(now)
                    .bind(now)
                    .bind(&d.uuid)
                    .execute(&mut *tx)
                    .await?;
                let state = if current.version == d.lambda_version {
                    LambdaState::Productive
                } else {
                    LambdaState::Modified
                };
                sqlx::query(
                    "UPDATE lambdas SET state = $1, deployed_version = $2, deployed_code = $3, deployed_env_json = $4, \
                     deployed_changed_at = $5, deployed_limits_json = $6 WHERE uuid = $7",
                )
                .bind(state.as_str())
                .bind(d.lambda_version)
                .bind(&d.code)
                .bind(json(&d.env))
                .bind(now)
                .bind(json(&d.limits))
                .bind(&d.lambda_uuid)
                .execute(&mut *tx)
                .await?;
            }
            Err(info) => {
                sqlx::query("UPDATE deployments SET state = $1, error_json = $2, updated_at = $3 WHERE uuid = $4")
                    .bind(DeploymentState::BuildError.as_str())
                    .bind(json(&info))
                    .bind(now)
                    .bind(&d.uuid)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("UPDATE lambdas SET state = $1 WHERE uuid = $2")
                    .bind(LambdaState::BuildError.as_str())
                    .bind(&d.lambda_uuid)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn undeploy_lambda(
        &self,
        account_id: &str,
        uuid: &str,
        _user: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let current = lock_lambda(&mut tx, account_id, uuid).await?;
        // A stuck `Marked Undeployed` (a node stopped mid-way) can be undeployed again.
        if deployment_active(&current) && current.state != LambdaState::MarkedUndeployed {
            return Err(StoreError::Conflict(
                "Can not undeploy a lambda during an active deployment".into(),
            ));
        }
        if current.deployed.is_none() && current.state == LambdaState::Draft {
            return Err(StoreError::Conflict(format!(
                "`{}` is not deployed",
                current.name
            )));
        }
        // Stop taking new work right away; `finish_undeploy` clears the deployed version.
        sqlx::query("UPDATE lambdas SET state = $1 WHERE uuid = $2")
            .bind(LambdaState::MarkedUndeployed.as_str())
            .bind(uuid)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO undeployments (lambda_uuid, at) VALUES ($1, $2)")
            .bind(uuid)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        // Undeploying a scheduled function deletes its schedule (lpf-spec §2).
        sqlx::query("DELETE FROM schedules WHERE lambda_uuid = $1")
            .bind(uuid)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn finish_undeploy_lambda(
        &self,
        account_id: &str,
        uuid: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let current = lock_lambda(&mut tx, account_id, uuid).await?;
        if current.state != LambdaState::MarkedUndeployed {
            return Ok(()); // already finished (or redeployed meanwhile)
        }
        sqlx::query(
            "UPDATE lambdas SET state = $1, deployed_version = NULL, deployed_code = NULL, deployed_env_json = NULL, \
             deployed_limits_json = NULL, deployed_changed_at = $2 WHERE uuid = $3",
        )
        .bind(LambdaState::Draft.as_str())
        .bind(now)
        .bind(uuid)
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO undeployments (lambda_uuid, at) VALUES ($1, $2)")
            .bind(uuid)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn renew_lease(
        &self,
        deployment: &str,
        lease: &Lease,
    ) -> Result<bool, StoreError> {
        let r = sqlx::query(&format!(
            "UPDATE deployments SET lease_until = $1 WHERE uuid = $2 AND lease_owner = $3 AND state IN {RUNNING}"
        ))
        .bind(lease.until)
        .bind(deployment)
        .bind(&lease.owner)
        .execute(&self.writer)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Claims running deployments whose lease expired before `now` and returns them with their
    /// snapshot. With `at_start`, also those leased to `lease.owner` (this node's id survives a
    /// restart, so they were left by its previous process) and, on SQLite (one node by
    /// construction), every running one.
    pub(crate) async fn claim_orphans(
        &self,
        lease: &Lease,
        now: i64,
        at_start: bool,
    ) -> Result<Vec<DeploymentRecord>, StoreError> {
        let all = (at_start && crate::Store::backend(self) == crate::Backend::Sqlite) as i64;
        let previous = if at_start { lease.owner.as_str() } else { "" };
        let candidates: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT uuid FROM deployments WHERE state IN {RUNNING} \
             AND (lease_until IS NULL OR lease_until < $1 OR $2 = 1 OR lease_owner = $3)"
        ))
        .bind(now)
        .bind(all)
        .bind(previous)
        .fetch_all(&self.reader)
        .await?;
        let mut out = Vec::new();
        for uuid in candidates {
            let mut tx = self.write_tx().await?;
            let claimed = sqlx::query(&format!(
                "UPDATE deployments SET lease_owner = $1, lease_until = $2 WHERE uuid = $3 AND state IN {RUNNING} \
                 AND (lease_until IS NULL OR lease_until < $4 OR $5 = 1 OR lease_owner = $6)"
            ))
            .bind(&lease.owner)
            .bind(lease.until)
            .bind(&uuid)
            .bind(now)
            .bind(all)
            .bind(previous)
            .execute(&mut *tx)
            .await?;
            if claimed.rows_affected() != 1 {
                continue;
            }
            let row = sqlx::query(
                "SELECT d.uuid, d.lambda_uuid, d.account_id, d.lambda_version, d.created_at, d.updated_at, d.created_by, \
                 v.code, v.env_json, l.limits_json FROM deployments d \
                 JOIN lambda_versions v ON v.lambda_uuid = d.lambda_uuid AND v.version = d.lambda_version \
                 JOIN lambdas l ON l.uuid = d.lambda_uuid WHERE d.uuid = $1",
            )
            .bind(&uuid)
            .fetch_optional(&mut *tx)
            .await?;
            tx.commit().await?;
            let Some(r) = row else { continue };
            out.push(DeploymentRecord {
                uuid: r.try_get("uuid")?,
                lambda_uuid: r.try_get("lambda_uuid")?,
                account_id: r.try_get("account_id")?,
                lambda_version: r.try_get("lambda_version")?,
                state: DeploymentState::BuildStart,
                error: None,
                created_at: r.try_get("created_at")?,
                updated_at: r.try_get("updated_at")?,
                deployed_at: None,
                created_by: r.try_get("created_by")?,
                code: r.try_get("code")?,
                env: serde_json::from_str::<Vec<KeyValue>>(&r.try_get::<String, _>("env_json")?)
                    .unwrap_or_default(),
                limits: r
                    .try_get::<Option<String>, _>("limits_json")?
                    .and_then(|s| serde_json::from_str::<FunctionLimits>(&s).ok())
                    .unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// Functions left `Marked Undeployed` since before `before` (a node stopped mid-undeploy).
    pub(crate) async fn stuck_undeploys_before(
        &self,
        before: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT l.account_id, l.uuid FROM lambdas l WHERE l.state = $1 AND \
             COALESCE((SELECT MAX(u.at) FROM undeployments u WHERE u.lambda_uuid = l.uuid), 0) < $2",
        )
        .bind(LambdaState::MarkedUndeployed.as_str())
        .bind(before)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("account_id")?, r.try_get("uuid")?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }
}
