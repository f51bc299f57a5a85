//! [`SqlStore`]: the [`Store`] on SQLite or PostgreSQL through sqlx's `Any` driver.
//!
//! Queries use `$1, $2, …` placeholders numbered in order of appearance, which both SQLite and
//! PostgreSQL accept. Connections and transactions live in `sql_pool.rs`; functions in
//! `sql_lambdas.rs`, deployments in `sql_deployments.rs`, logs and the allowlist in `sql_logs.rs`, schedules in `sql_schedules.rs`, the asynchronous queue in `sql_async.rs`,
//! invocation records and rollups in `sql_records.rs`, the context store in `sql_context.rs`.

use crate::records::*;
pub use crate::sql_pool::{Backend, SqlStore};
use crate::{Store, StoreError};
use async_trait::async_trait;
use fnhost_model::DeploymentState;
use sqlx::Row;
use sqlx::any::AnyRow;

pub(crate) fn opt_json<T: serde::de::DeserializeOwned>(s: Option<String>) -> Option<T> {
    s.and_then(|s| serde_json::from_str(&s).ok())
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("records serialise")
}

pub(crate) fn deployment_state(s: &str) -> DeploymentState {
    match s {
        "Build Start" => DeploymentState::BuildStart,
        "Build Finish" => DeploymentState::BuildFinish,
        "Deploy Start" => DeploymentState::DeployStart,
        "Deploy Finish" => DeploymentState::DeployFinish,
        "Build Error" => DeploymentState::BuildError,
        "Deploy Error" => DeploymentState::DeployError,
        _ => DeploymentState::Undeployed,
    }
}

pub(crate) use fnhost_model::now_ms;

pub(crate) fn user_from_row(r: &AnyRow) -> Result<UserRecord, sqlx::Error> {
    let roles: String = r.try_get("role")?;
    Ok(UserRecord {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        login_name: r.try_get("login_name")?,
        password_hash: r.try_get("password_hash")?,
        roles: roles.split(',').filter_map(Role::parse).collect(),
        created_at: r.try_get("created_at")?,
        token_generation: r.try_get("token_generation")?,
    })
}

fn app_from_row(r: &AnyRow) -> Result<AppRecord, sqlx::Error> {
    Ok(AppRecord {
        client_id: r.try_get("client_id")?,
        account_id: r.try_get("account_id")?,
        name: r.try_get("name")?,
        secret_hash: r.try_get("secret_hash")?,
        created_at: r.try_get("created_at")?,
        revoked: r.try_get::<i64, _>("revoked")? != 0,
    })
}

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> Backend {
        self.backend
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.reader).await?;
        Ok(())
    }

    async fn checkpoint(&self) -> Result<(), StoreError> {
        if self.backend == Backend::Sqlite {
            // PASSIVE: copies the frames no reader still needs, beside the writer, never
            // blocking it; the log is reused from its start once it has all been copied.
            sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&self.reader)
                .await?;
        }
        Ok(())
    }

    async fn meta_get_or_init(&self, key: &str, value: &str) -> Result<String, StoreError> {
        let mut tx = self.write_tx().await?;
        let existing: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(v) = existing {
            return Ok(v);
        }
        let inserted = sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2)")
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await;
        match inserted {
            Ok(_) => {
                tx.commit().await?;
                Ok(value.to_owned())
            }
            Err(_) => {
                // Another node won the race; read its value.
                drop(tx);
                Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
                    .bind(key)
                    .fetch_one(&self.reader)
                    .await?)
            }
        }
    }

    async fn meta_get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.reader)
            .await?)
    }

    async fn meta_set_all(&self, entries: &[(&str, &str)]) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        for (key, value) in entries {
            sqlx::query(
                "INSERT INTO meta (key, value) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(*key)
            .bind(*value)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn meta_delete(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM meta WHERE key = $1")
            .bind(key)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn account_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
            .fetch_one(&self.reader)
            .await?)
    }

    async fn create_account(&self, account_id: &str) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO accounts (id, created_at) VALUES ($1, $2)")
            .bind(account_id)
            .bind(now_ms())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn account_exists(&self, account_id: &str) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_one(&self.reader)
            .await?;
        Ok(n > 0)
    }

    async fn create_user(&self, u: &UserRecord) -> Result<(), StoreError> {
        let roles: Vec<&str> = u.roles.iter().map(|r| r.as_str()).collect();
        sqlx::query("INSERT INTO users (id, account_id, login_name, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&u.id)
            .bind(&u.account_id)
            .bind(&u.login_name)
            .bind(&u.password_hash)
            .bind(roles.join(","))
            .bind(u.created_at)
            .execute(&self.writer)
            .await
            .map_err(|e| match StoreError::from(e) {
                StoreError::Conflict(_) => StoreError::Conflict(format!("user `{}` already exists", u.login_name)),
                other => other,
            })?;
        Ok(())
    }

    async fn find_user(
        &self,
        account_id: &str,
        login_name: &str,
    ) -> Result<Option<UserRecord>, StoreError> {
        let row = sqlx::query("SELECT * FROM users WHERE account_id = $1 AND login_name = $2")
            .bind(account_id)
            .bind(login_name)
            .fetch_optional(&self.reader)
            .await?;
        Ok(row.map(|r| user_from_row(&r)).transpose()?)
    }

    async fn list_users(&self, account_id: &str) -> Result<Vec<UserRecord>, StoreError> {
        let rows = sqlx::query("SELECT * FROM users WHERE account_id = $1 ORDER BY login_name")
            .bind(account_id)
            .fetch_all(&self.reader)
            .await?;
        Ok(rows.iter().map(user_from_row).collect::<Result<_, _>>()?)
    }

    async fn create_session(&self, s: &SessionRecord) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sessions (id, account_id, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&s.id)
            .bind(&s.account_id)
            .bind(&s.user_id)
            .bind(&s.csrf)
            .bind(s.expires_at)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn find_session(&self, session_id: &str) -> Result<Option<SessionRecord>, StoreError> {
        let row = sqlx::query("SELECT * FROM sessions WHERE id = $1")
            .bind(session_id)
            .fetch_optional(&self.reader)
            .await?;
        Ok(row
            .map(|r| -> Result<SessionRecord, sqlx::Error> {
                Ok(SessionRecord {
                    id: r.try_get("id")?,
                    account_id: r.try_get("account_id")?,
                    user_id: r.try_get("user_id")?,
                    csrf: r.try_get("csrf")?,
                    expires_at: r.try_get("expires_at")?,
                })
            })
            .transpose()?)
    }

    async fn touch_session(&self, session_id: &str, expires_at: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET expires_at = $1 WHERE id = $2")
            .bind(expires_at)
            .bind(session_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn create_app(&self, a: &AppRecord) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO apps (client_id, account_id, name, secret_hash, created_at, revoked) VALUES ($1, $2, $3, $4, $5, 0)")
            .bind(&a.client_id)
            .bind(&a.account_id)
            .bind(&a.name)
            .bind(&a.secret_hash)
            .bind(a.created_at)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn find_app(&self, client_id: &str) -> Result<Option<AppRecord>, StoreError> {
        let row = sqlx::query("SELECT * FROM apps WHERE client_id = $1")
            .bind(client_id)
            .fetch_optional(&self.reader)
            .await?;
        Ok(row.map(|r| app_from_row(&r)).transpose()?)
    }

    async fn list_apps(&self, account_id: &str) -> Result<Vec<AppRecord>, StoreError> {
        let rows = sqlx::query("SELECT * FROM apps WHERE account_id = $1 ORDER BY created_at")
            .bind(account_id)
            .fetch_all(&self.reader)
            .await?;
        Ok(rows.iter().map(app_from_row).collect::<Result<_, _>>()?)
    }

    async fn revoke_app(&self, account_id: &str, client_id: &str) -> Result<bool, StoreError> {
        let r = sqlx::query("UPDATE apps SET revoked = 1 WHERE account_id = $1 AND client_id = $2")
            .bind(account_id)
            .bind(client_id)
            .execute(&self.writer)
            .await?;
        Ok(r.rows_affected() > 0)
    }

    async fn context_create_namespace(
        &self,
        account_id: &str,
        namespace: &str,
        ttl_second: Option<i64>,
        now: i64,
    ) -> Result<ContextNamespace, StoreError> {
        self.ctx_create(account_id, namespace, ttl_second, now)
            .await
    }
    async fn context_delete_namespace(
        &self,
        account_id: &str,
        namespace: &str,
    ) -> Result<(), StoreError> {
        self.ctx_delete(account_id, namespace).await
    }
    async fn context_namespaces(
        &self,
        account_id: &str,
    ) -> Result<Vec<ContextNamespace>, StoreError> {
        self.ctx_namespaces(account_id).await
    }
    async fn context_merge(
        &self,
        account_id: &str,
        namespace: &str,
        session_id: &str,
        properties: &serde_json::Map<String, serde_json::Value>,
        now: i64,
    ) -> Result<serde_json::Map<String, serde_json::Value>, StoreError> {
        self.ctx_merge(account_id, namespace, session_id, properties, now)
            .await
    }
    async fn context_get(
        &self,
        account_id: &str,
        namespace: &str,
        session_id: &str,
        now: i64,
    ) -> Result<serde_json::Map<String, serde_json::Value>, StoreError> {
        self.ctx_get(account_id, namespace, session_id, now).await
    }
    async fn context_delete_property(
        &self,
        account_id: &str,
        namespace: &str,
        session_id: &str,
        name: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        self.ctx_delete_property(account_id, namespace, session_id, name, now)
            .await
    }
    async fn context_delete_session(
        &self,
        account_id: &str,
        namespace: &str,
        session_id: &str,
    ) -> Result<(), StoreError> {
        self.ctx_delete_session(account_id, namespace, session_id)
            .await
    }
    async fn context_sessions(
        &self,
        account_id: &str,
        namespace: &str,
        now: i64,
    ) -> Result<Vec<String>, StoreError> {
        self.ctx_sessions(account_id, namespace, now).await
    }

    async fn revoked_apps(&self) -> Result<Vec<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT client_id FROM apps WHERE revoked = 1")
                .fetch_all(&self.reader)
                .await?,
        )
    }

    async fn list_lambdas(&self, account_id: &str) -> Result<Vec<LambdaRecord>, StoreError> {
        self.lambdas_of(account_id).await
    }
    async fn get_lambda(
        &self,
        account_id: &str,
        uuid: &str,
    ) -> Result<Option<LambdaRecord>, StoreError> {
        self.lambda(account_id, uuid).await
    }
    async fn find_lambda_by_name(
        &self,
        account_id: &str,
        name: &str,
    ) -> Result<Option<LambdaRecord>, StoreError> {
        self.lambda_named(account_id, name).await
    }
    async fn create_lambda(&self, lambda: &LambdaRecord, max: i64) -> Result<(), StoreError> {
        self.insert_lambda(lambda, max).await
    }
    async fn update_lambda(
        &self,
        lambda: &LambdaRecord,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        self.store_lambda_update(lambda, expected_version).await
    }
    async fn delete_lambda(&self, account_id: &str, uuid: &str) -> Result<(), StoreError> {
        self.remove_lambda(account_id, uuid).await
    }
    async fn begin_deployment(
        &self,
        account_id: &str,
        uuid: &str,
        user: &str,
        now: i64,
        lease: &Lease,
    ) -> Result<DeploymentRecord, StoreError> {
        self.start_deployment(account_id, uuid, user, now, lease)
            .await
    }
    async fn finish_deployment(
        &self,
        d: &DeploymentRecord,
        outcome: Result<(), DeploymentErrorInfo>,
        now: i64,
    ) -> Result<(), StoreError> {
        self.complete_deployment(d, outcome, now).await
    }
    async fn undeploy(
        &self,
        account_id: &str,
        uuid: &str,
        user: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        self.undeploy_lambda(account_id, uuid, user, now).await
    }
    async fn deployed_since(&self, since: i64) -> Result<Vec<DeployedFunction>, StoreError> {
        self.deployed_changed_since(since).await
    }
    async fn finish_undeploy(
        &self,
        account_id: &str,
        uuid: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        self.finish_undeploy_lambda(account_id, uuid, now).await
    }
    async fn undeployed_since(&self, since: i64) -> Result<Vec<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT lambda_uuid FROM undeployments WHERE at >= $1")
                .bind(since)
                .fetch_all(&self.reader)
                .await?,
        )
    }

    async fn put_secret(
        &self,
        account_id: &str,
        key: &str,
        sealed: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO secrets (account_id, key, sealed, updated_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(account_id)
        .bind(key)
        .bind(sealed)
        .bind(now)
        .execute(&self.writer)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => {
                StoreError::Conflict(format!("secret `{key}` already exists"))
            }
            other => other,
        })?;
        Ok(())
    }
    async fn get_secret(&self, account_id: &str, key: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT sealed FROM secrets WHERE account_id = $1 AND key = $2")
                .bind(account_id)
                .bind(key)
                .fetch_optional(&self.reader)
                .await?,
        )
    }
    async fn update_secret(
        &self,
        account_id: &str,
        key: &str,
        sealed: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE secrets SET sealed = $1, updated_at = $2 WHERE account_id = $3 AND key = $4",
        )
        .bind(sealed)
        .bind(now)
        .bind(account_id)
        .bind(key)
        .execute(&self.writer)
        .await?;
        Ok(r.rows_affected() > 0)
    }
    async fn delete_secret(&self, account_id: &str, key: &str) -> Result<bool, StoreError> {
        let r = sqlx::query("DELETE FROM secrets WHERE account_id = $1 AND key = $2")
            .bind(account_id)
            .bind(key)
            .execute(&self.writer)
            .await?;
        Ok(r.rows_affected() > 0)
    }
    async fn list_secret_keys(&self, account_id: &str) -> Result<Vec<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT key FROM secrets WHERE account_id = $1 ORDER BY key")
                .bind(account_id)
                .fetch_all(&self.reader)
                .await?,
        )
    }

    async fn record_invocations(
        &self,
        records: &[InvocationRecord],
        logs: &[StoredLog],
    ) -> Result<(), StoreError> {
        self.record(records, logs).await
    }
    async fn outcome_counts(
        &self,
        account_id: &str,
        lambda_uuid: Option<&str>,
        from: i64,
        to: i64,
        bucket_ms: i64,
    ) -> Result<Vec<OutcomeCounts>, StoreError> {
        self.outcome_buckets(account_id, lambda_uuid, from, to, bucket_ms)
            .await
    }
    async fn renew_deployment_lease(
        &self,
        deployment_uuid: &str,
        lease: &Lease,
    ) -> Result<bool, StoreError> {
        self.renew_lease(deployment_uuid, lease).await
    }
    async fn claim_orphaned_deployments(
        &self,
        lease: &Lease,
        now: i64,
        at_start: bool,
    ) -> Result<Vec<DeploymentRecord>, StoreError> {
        self.claim_orphans(lease, now, at_start).await
    }
    async fn stuck_undeploys(&self, before: i64) -> Result<Vec<(String, String)>, StoreError> {
        self.stuck_undeploys_before(before).await
    }
    async fn latency_histogram(
        &self,
        account_id: &str,
        lambda_uuid: Option<&str>,
        from: i64,
        to: i64,
    ) -> Result<crate::latency::LatencyHistogram, StoreError> {
        self.latency_between(account_id, lambda_uuid, from, to)
            .await
    }

    async fn query_logs(&self, query: &LogQuery) -> Result<Vec<StoredLog>, StoreError> {
        self.read_logs(query).await
    }
    async fn query_invocations(
        &self,
        account_id: &str,
        lambda_uuid: Option<&str>,
        from: i64,
        to: i64,
    ) -> Result<Vec<InvocationRecord>, StoreError> {
        self.read_invocations(account_id, lambda_uuid, from, to)
            .await
    }
    async fn purge_before(&self, before: i64) -> Result<u64, StoreError> {
        self.purge(before).await
    }
    async fn add_domain(
        &self,
        account_id: &str,
        domain: &str,
        now: i64,
    ) -> Result<DomainRecord, StoreError> {
        self.insert_domain(account_id, domain, now).await
    }
    async fn list_domains(&self, account_id: &str) -> Result<Vec<DomainRecord>, StoreError> {
        self.domains_of(account_id).await
    }
    async fn remove_domain(&self, account_id: &str, id: i64) -> Result<bool, StoreError> {
        let r = sqlx::query("DELETE FROM domains WHERE account_id = $1 AND id = $2")
            .bind(account_id)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(r.rows_affected() > 0)
    }
}
