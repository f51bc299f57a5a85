//! Persistence for fnhost behind the [`Store`] trait.
//!
//! One SQL implementation, [`SqlStore`], serves both backends through sqlx's `Any` driver: SQLite
//! (the embedded default, one file in the data directory) and PostgreSQL (shared by stateless
//! nodes). The schema is written in the SQL both accept, and the same test suite runs against both.
//! Password hashing and secret encryption live in [`crypto`].

mod async_queue;
pub mod crypto;
mod error;
pub mod latency;
mod migrations;
mod records;
mod sql;
mod sql_accounts;
mod sql_activities;
mod sql_async;
mod sql_cluster;
mod sql_context;
mod sql_deployments;
mod sql_direct;
mod sql_history;
mod sql_lambdas;
mod sql_logs;
mod sql_pool;
mod sql_records;
mod sql_reports;
mod sql_schedules;
#[doc(hidden)]
pub mod testing;

pub use async_queue::*;
pub use error::StoreError;
pub use records::*;
pub use sql::{Backend, SqlStore};
pub use sql_accounts::Accounts;
pub use sql_activities::Activities;
pub use sql_cluster::Cluster;
pub use sql_history::History;
pub use sql_reports::ReportSettingsStore;
pub use sql_schedules::Schedules;

use async_trait::async_trait;

/// Everything the server persists. Every method is one transaction: it either happens or leaves
/// the stored state unchanged.
#[async_trait]
pub trait Store:
    AsyncQueue
    + Schedules
    + History
    + Activities
    + Accounts
    + ReportSettingsStore
    + Cluster
    + Send
    + Sync
    + 'static
{
    fn backend(&self) -> Backend;
    /// Cheap liveness check (`SELECT 1`).
    async fn ping(&self) -> Result<(), StoreError>;
    /// Moves what the write-ahead log holds into the database file without waiting for the
    /// writer (SQLite; nothing to do on PostgreSQL). Run often in the background, so commits
    /// never stop to do it themselves.
    async fn checkpoint(&self) -> Result<(), StoreError>;

    // -- installation metadata
    /// Returns the stored value for `key`, or stores `value` and returns it when absent.
    async fn meta_get_or_init(&self, key: &str, value: &str) -> Result<String, StoreError>;
    /// The stored value for `key`, if any.
    async fn meta_get(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Removes `key` (no error when absent).
    async fn meta_delete(&self, key: &str) -> Result<(), StoreError>;
    /// Stores every `(key, value)` in one transaction, replacing existing values.
    async fn meta_set_all(&self, entries: &[(&str, &str)]) -> Result<(), StoreError>;

    // -- accounts and users
    async fn account_count(&self) -> Result<i64, StoreError>;
    async fn create_account(&self, account_id: &str) -> Result<(), StoreError>;
    async fn account_exists(&self, account_id: &str) -> Result<bool, StoreError>;
    async fn create_user(&self, user: &UserRecord) -> Result<(), StoreError>;
    async fn find_user(
        &self,
        account_id: &str,
        login_name: &str,
    ) -> Result<Option<UserRecord>, StoreError>;
    async fn list_users(&self, account_id: &str) -> Result<Vec<UserRecord>, StoreError>;

    // -- sessions (user logins)
    async fn create_session(&self, session: &SessionRecord) -> Result<(), StoreError>;
    async fn find_session(&self, session_id: &str) -> Result<Option<SessionRecord>, StoreError>;
    async fn touch_session(&self, session_id: &str, expires_at: i64) -> Result<(), StoreError>;

    // -- OAuth apps (client credentials)
    async fn create_app(&self, app: &AppRecord) -> Result<(), StoreError>;
    async fn find_app(&self, client_id: &str) -> Result<Option<AppRecord>, StoreError>;
    async fn list_apps(&self, account_id: &str) -> Result<Vec<AppRecord>, StoreError>;
    async fn revoke_app(&self, account_id: &str, client_id: &str) -> Result<bool, StoreError>;
    /// Client ids of every revoked app (any account), so nodes can refuse their tokens.
    async fn revoked_apps(&self) -> Result<Vec<String>, StoreError>;

    // -- functions
    async fn list_lambdas(&self, account_id: &str) -> Result<Vec<LambdaRecord>, StoreError>;
    async fn get_lambda(
        &self,
        account_id: &str,
        uuid: &str,
    ) -> Result<Option<LambdaRecord>, StoreError>;
    /// Creates a function unless the account already has `max_per_account` functions or one with
    /// the same name.
    /// The function of `account_id` named `name` (names are unique per account).
    async fn find_lambda_by_name(
        &self,
        account_id: &str,
        name: &str,
    ) -> Result<Option<LambdaRecord>, StoreError>;
    async fn create_lambda(
        &self,
        lambda: &LambdaRecord,
        max_per_account: i64,
    ) -> Result<(), StoreError>;
    /// Stores a new version of the function's editable fields when `expected_version` matches.
    async fn update_lambda(
        &self,
        lambda: &LambdaRecord,
        expected_version: i64,
    ) -> Result<(), StoreError>;
    /// Deletes a function in state Draft.
    async fn delete_lambda(&self, account_id: &str, uuid: &str) -> Result<(), StoreError>;
    /// Starts a deployment: records it (state `Build Start`, leased to `lease.owner`) and
    /// snapshots the current code. Refused while another deployment is active.
    async fn begin_deployment(
        &self,
        account_id: &str,
        uuid: &str,
        user: &str,
        now: i64,
        lease: &Lease,
    ) -> Result<DeploymentRecord, StoreError>;
    /// Extends the lease of a running deployment; `false` when it is no longer ours or running.
    async fn renew_deployment_lease(
        &self,
        deployment_uuid: &str,
        lease: &Lease,
    ) -> Result<bool, StoreError>;
    /// Takes over running deployments whose lease expired before `now` and returns them with
    /// their code snapshot so the caller can finish them. `at_start`: also those leased to
    /// `lease.owner` (the node's previous process) and, on SQLite (one node), every running one.
    async fn claim_orphaned_deployments(
        &self,
        lease: &Lease,
        now: i64,
        at_start: bool,
    ) -> Result<Vec<DeploymentRecord>, StoreError>;
    /// `(account, uuid)` of functions left `Marked Undeployed` since before `before`.
    async fn stuck_undeploys(&self, before: i64) -> Result<Vec<(String, String)>, StoreError>;
    /// Finishes a deployment: on success the snapshot becomes the deployed version.
    async fn finish_deployment(
        &self,
        deployment: &DeploymentRecord,
        outcome: Result<(), DeploymentErrorInfo>,
        now: i64,
    ) -> Result<(), StoreError>;
    /// Starts an undeploy: the function becomes `Marked Undeployed` (no longer invocable), its
    /// schedule is deleted. Refused during an active deployment or when not deployed.
    async fn undeploy(
        &self,
        account_id: &str,
        uuid: &str,
        user: &str,
        now: i64,
    ) -> Result<(), StoreError>;
    /// Finishes an undeploy: the deployed version is cleared and the function is Draft again.
    async fn finish_undeploy(
        &self,
        account_id: &str,
        uuid: &str,
        now: i64,
    ) -> Result<(), StoreError>;
    /// Every function with a deployed version changed at or after `since` (ms), any account.
    async fn deployed_since(&self, since: i64) -> Result<Vec<DeployedFunction>, StoreError>;
    /// Uuids of functions (any account) undeployed or deleted at or after `since`.
    async fn undeployed_since(&self, since: i64) -> Result<Vec<String>, StoreError>;

    // -- secrets (values are encrypted by the caller)
    async fn put_secret(
        &self,
        account_id: &str,
        key: &str,
        sealed: &str,
        now: i64,
    ) -> Result<(), StoreError>;
    async fn get_secret(&self, account_id: &str, key: &str) -> Result<Option<String>, StoreError>;
    async fn update_secret(
        &self,
        account_id: &str,
        key: &str,
        sealed: &str,
        now: i64,
    ) -> Result<bool, StoreError>;
    async fn delete_secret(&self, account_id: &str, key: &str) -> Result<bool, StoreError>;
    async fn list_secret_keys(&self, account_id: &str) -> Result<Vec<String>, StoreError>;

    // -- logs and invocation records
    /// Stores invocation records, their per-minute rollups and their logs in one transaction.
    async fn record_invocations(
        &self,
        records: &[InvocationRecord],
        logs: &[StoredLog],
    ) -> Result<(), StoreError>;
    async fn insert_logs(&self, logs: &[StoredLog]) -> Result<(), StoreError> {
        self.record_invocations(&[], logs).await
    }
    async fn insert_invocations(&self, records: &[InvocationRecord]) -> Result<(), StoreError> {
        self.record_invocations(records, &[]).await
    }
    /// Outcome counts from the rollups, in buckets of `bucket_ms` starting at `from` (minute
    /// resolution; the last bucket also takes what lies past its end up to `to`).
    async fn outcome_counts(
        &self,
        account_id: &str,
        lambda_uuid: Option<&str>,
        from: i64,
        to: i64,
        bucket_ms: i64,
    ) -> Result<Vec<OutcomeCounts>, StoreError>;
    /// Invocation durations of a function (or with `None` the account) over `[from, to]`.
    async fn latency_histogram(
        &self,
        account_id: &str,
        lambda_uuid: Option<&str>,
        from: i64,
        to: i64,
    ) -> Result<latency::LatencyHistogram, StoreError>;
    async fn query_logs(&self, query: &LogQuery) -> Result<Vec<StoredLog>, StoreError>;
    async fn query_invocations(
        &self,
        account_id: &str,
        lambda_uuid: Option<&str>,
        from: i64,
        to: i64,
    ) -> Result<Vec<InvocationRecord>, StoreError>;
    /// Deletes logs and invocation records older than `before` (ms). Returns rows removed.
    async fn purge_before(&self, before: i64) -> Result<u64, StoreError>;

    // -- allowlist (lpf add:domain)
    async fn add_domain(
        &self,
        account_id: &str,
        domain: &str,
        now: i64,
    ) -> Result<DomainRecord, StoreError>;
    async fn list_domains(&self, account_id: &str) -> Result<Vec<DomainRecord>, StoreError>;
    /// Removes allowlist entry `id`; false when the account has no such entry.
    async fn remove_domain(&self, account_id: &str, id: i64) -> Result<bool, StoreError>;

    // -- context session store (sessions past their namespace's TTL read as empty)
    /// Creates a namespace (idempotent); returns it as stored.
    async fn context_create_namespace(
        &self,
        account_id: &str,
        namespace: &str,
        ttl_second: Option<i64>,
        now: i64,
    ) -> Result<ContextNamespace, StoreError>;
    async fn context_delete_namespace(
        &self,
        account_id: &str,
        namespace: &str,
    ) -> Result<(), StoreError>;
    async fn context_namespaces(
        &self,
        account_id: &str,
    ) -> Result<Vec<ContextNamespace>, StoreError>;
    /// Merges `properties` (a JSON object) into a session, creating it; returns the merged object.
    /// `NotFound` when the namespace does not exist.
    async fn context_merge(
        &self,
        account_id: &str,
        namespace: &str,
        session_id: &str,
        properties: &serde_json::Map<String, serde_json::Value>,
        now: i64,
    ) -> Result<serde_json::Map<String, serde_json::Value>, StoreError>;
    async fn context_get(
        &self,
        account_id: &str,
        namespace: &str,
        session_id: &str,
        now: i64,
    ) -> Result<serde_json::Map<String, serde_json::Value>, StoreError>;
    async fn context_delete_property(
        &self,
        account_id: &str,
        namespace: &str,
        session_id: &str,
        name: &str,
        now: i64,
    ) -> Result<(), StoreError>;
    async fn context_delete_session(
        &self,
        account_id: &str,
        namespace: &str,
        session_id: &str,
    ) -> Result<(), StoreError>;
    async fn context_sessions(
        &self,
        account_id: &str,
        namespace: &str,
        now: i64,
    ) -> Result<Vec<String>, StoreError>;
}
