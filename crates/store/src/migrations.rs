//! The schema, as ordered migrations in SQL that both SQLite and PostgreSQL accept.
//!
//! Booleans are BIGINT 0/1, timestamps BIGINT epoch milliseconds, JSON documents TEXT.

/// The migration that adds invocation rollups (built from existing records when it runs).
pub(crate) const ROLLUPS: i64 = 6;

pub(crate) const MIGRATIONS: &[(i64, &str)] = &[
    (
        1,
        r#"
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (id TEXT PRIMARY KEY, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY, account_id TEXT NOT NULL, login_name TEXT NOT NULL, password_hash TEXT NOT NULL,
    role TEXT NOT NULL, created_at BIGINT NOT NULL, UNIQUE (account_id, login_name));
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, account_id TEXT NOT NULL, user_id TEXT NOT NULL, csrf TEXT NOT NULL, expires_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS apps (
    client_id TEXT PRIMARY KEY, account_id TEXT NOT NULL, name TEXT NOT NULL, secret_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL, revoked BIGINT NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS lambdas (
    uuid TEXT PRIMARY KEY, account_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
    event_id TEXT, state TEXT NOT NULL, version BIGINT NOT NULL, code TEXT NOT NULL, env_json TEXT NOT NULL,
    dependencies_json TEXT NOT NULL, sample_payload_json TEXT, skills_json TEXT NOT NULL,
    created_at BIGINT NOT NULL, created_by TEXT NOT NULL, updated_at BIGINT NOT NULL, updated_by TEXT NOT NULL,
    deployed_version BIGINT, deployed_code TEXT, deployed_env_json TEXT, deployed_changed_at BIGINT,
    last_deployment_uuid TEXT, UNIQUE (account_id, name));
CREATE INDEX IF NOT EXISTS lambdas_deployed_changed ON lambdas (deployed_changed_at);
CREATE TABLE IF NOT EXISTS lambda_versions (
    lambda_uuid TEXT NOT NULL, version BIGINT NOT NULL, code TEXT NOT NULL, env_json TEXT NOT NULL,
    created_at BIGINT NOT NULL, created_by TEXT NOT NULL, PRIMARY KEY (lambda_uuid, version));
CREATE TABLE IF NOT EXISTS deployments (
    uuid TEXT PRIMARY KEY, lambda_uuid TEXT NOT NULL, account_id TEXT NOT NULL, lambda_version BIGINT NOT NULL,
    state TEXT NOT NULL, error_json TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
    deployed_at BIGINT, created_by TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS deployments_lambda ON deployments (lambda_uuid, created_at);
CREATE TABLE IF NOT EXISTS undeployments (lambda_uuid TEXT NOT NULL, at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS undeployments_at ON undeployments (at);
CREATE TABLE IF NOT EXISTS secrets (
    account_id TEXT NOT NULL, key TEXT NOT NULL, sealed TEXT NOT NULL, updated_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, key));
CREATE TABLE IF NOT EXISTS logs (
    account_id TEXT NOT NULL, lambda_uuid TEXT NOT NULL, request_id TEXT NOT NULL, ts BIGINT NOT NULL,
    level TEXT NOT NULL, message TEXT NOT NULL, extras_json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS logs_lookup ON logs (account_id, lambda_uuid, ts);
CREATE TABLE IF NOT EXISTS invocations (
    account_id TEXT NOT NULL, lambda_uuid TEXT NOT NULL, request_id TEXT NOT NULL, started_at BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL, outcome TEXT NOT NULL, cold_start BIGINT NOT NULL, init_us BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS invocations_lookup ON invocations (account_id, lambda_uuid, started_at);
CREATE TABLE IF NOT EXISTS schedules (
    uuid TEXT PRIMARY KEY, account_id TEXT NOT NULL, lambda_uuid TEXT NOT NULL UNIQUE, cron TEXT NOT NULL,
    is_active BIGINT NOT NULL, created_by TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS domains (
    id BIGINT NOT NULL, account_id TEXT NOT NULL, domain TEXT NOT NULL, created_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, id), UNIQUE (account_id, domain));
"#,
    ),
    (
        2,
        // Invocation records are written in batches: one row per function per write, holding the
        // batch as a JSON array. One insert per hundreds of invocations keeps recording off the
        // gateway's CPU budget; readers select by the batch's time span and filter.
        r#"
CREATE TABLE IF NOT EXISTS invocation_batches (
    account_id TEXT NOT NULL, lambda_uuid TEXT NOT NULL, first_started BIGINT NOT NULL, last_started BIGINT NOT NULL,
    records_json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS invocation_batches_lookup ON invocation_batches (account_id, first_started);
DROP TABLE IF EXISTS invocations;
"#,
    ),
    (
        3,
        // The scheduler: when a schedule runs next, when it ran last and whether that failed.
        r#"
ALTER TABLE schedules ADD COLUMN next_run BIGINT;
ALTER TABLE schedules ADD COLUMN last_run BIGINT;
ALTER TABLE schedules ADD COLUMN last_failed BIGINT NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS schedules_due ON schedules (next_run);
"#,
    ),
    (
        4,
        // Per-function limit overrides, as edited and as deployed.
        r#"
ALTER TABLE lambdas ADD COLUMN limits_json TEXT;
ALTER TABLE lambdas ADD COLUMN deployed_limits_json TEXT;
"#,
    ),
    (
        5,
        // The context session store (Toolbelt.ContextServiceClient), shared by every node.
        r#"
CREATE TABLE IF NOT EXISTS context_namespaces (
    account_id TEXT NOT NULL, namespace TEXT NOT NULL, created_at BIGINT NOT NULL, ttl_second BIGINT,
    PRIMARY KEY (account_id, namespace));
CREATE TABLE IF NOT EXISTS context_sessions (
    account_id TEXT NOT NULL, namespace TEXT NOT NULL, session_id TEXT NOT NULL, properties_json TEXT NOT NULL,
    updated_at BIGINT NOT NULL, PRIMARY KEY (account_id, namespace, session_id));
"#,
    ),
    (
        6,
        // Reports read rollups: per minute for each function and for the whole account
        // (`lambda_uuid = ''`), per hour for the whole account (`minute` holds the hour's first
        // minute); every read is a primary-key range. The
        // record writer keeps in the same transaction as the records; deployments carry a lease
        // so a deployment whose node died is resumed by another (or the restarted) node.
        r#"
CREATE TABLE IF NOT EXISTS invocation_rollups (
    account_id TEXT NOT NULL, lambda_uuid TEXT NOT NULL, minute BIGINT NOT NULL,
    succeeded BIGINT NOT NULL, coding_failure BIGINT NOT NULL, platform_failure BIGINT NOT NULL,
    timeout BIGINT NOT NULL, duration_ms BIGINT NOT NULL, cold_starts BIGINT NOT NULL,
    PRIMARY KEY (account_id, lambda_uuid, minute));
CREATE TABLE IF NOT EXISTS invocation_rollups_hourly (
    account_id TEXT NOT NULL, lambda_uuid TEXT NOT NULL, minute BIGINT NOT NULL,
    succeeded BIGINT NOT NULL, coding_failure BIGINT NOT NULL, platform_failure BIGINT NOT NULL,
    timeout BIGINT NOT NULL, duration_ms BIGINT NOT NULL, cold_starts BIGINT NOT NULL,
    PRIMARY KEY (account_id, lambda_uuid, minute));
ALTER TABLE deployments ADD COLUMN lease_owner TEXT;
ALTER TABLE deployments ADD COLUMN lease_until BIGINT;
CREATE INDEX IF NOT EXISTS deployments_state ON deployments (state)
"#,
    ),
    (
        7,
        // The asynchronous invocation queue (see `async_queue.rs`).
        r#"
CREATE TABLE IF NOT EXISTS async_invocations (
    id TEXT PRIMARY KEY, account_id TEXT NOT NULL, lambda_uuid TEXT NOT NULL, event_id TEXT,
    request_id TEXT NOT NULL, input TEXT NOT NULL, state TEXT NOT NULL,
    attempts BIGINT NOT NULL, max_attempts BIGINT NOT NULL, next_run_at BIGINT NOT NULL,
    lease_owner TEXT, lease_until BIGINT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, finished_at BIGINT,
    result TEXT, errors_json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS async_due ON async_invocations (state, next_run_at);
CREATE INDEX IF NOT EXISTS async_account ON async_invocations (account_id, state, created_at)
"#,
    ),
    (
        8,
        // Schedules carry a payload and the error code of their last run.
        r#"
ALTER TABLE schedules ADD COLUMN payload_json TEXT;
ALTER TABLE schedules ADD COLUMN last_error_code TEXT
"#,
    ),
    (
        9,
        // A function's HTTP trigger settings (not versioned: they apply at once).
        r#"
ALTER TABLE lambdas ADD COLUMN http_trigger_json TEXT
"#,
    ),
    (
        10,
        // History and activity: a version may carry a note (`restored from version N`); the
        // activity stream of each account.
        r#"
ALTER TABLE lambda_versions ADD COLUMN note TEXT;
CREATE TABLE IF NOT EXISTS activities (
    id TEXT PRIMARY KEY, account_id TEXT NOT NULL, at BIGINT NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL,
    lambda_uuid TEXT, details_json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS activities_account ON activities (account_id, at);
CREATE INDEX IF NOT EXISTS activities_at ON activities (at)
"#,
    ),
    (
        11,
        // Users' token generations (raised to end their sessions), users deleted (their tokens
        // end everywhere), and per-account limits set by the operator.
        r#"
ALTER TABLE users ADD COLUMN token_generation BIGINT NOT NULL DEFAULT 0;
CREATE TABLE IF NOT EXISTS deleted_users (user_id TEXT PRIMARY KEY, account_id TEXT NOT NULL, at BIGINT NOT NULL);
ALTER TABLE accounts ADD COLUMN limits_json TEXT
"#,
    ),
    (
        12,
        // Latency histograms in the rollups: `l0`…`l14` count invocations per duration bucket
        // (`latency.rs`), so percentiles over any window are sums of rows.
        r#"
ALTER TABLE invocation_rollups ADD COLUMN l0 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups ADD COLUMN l1 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups ADD COLUMN l2 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups ADD COLUMN l3 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups ADD COLUMN l4 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups ADD COLUMN l5 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups ADD COLUMN l6 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups ADD COLUMN l7 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups ADD COLUMN l8 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups ADD COLUMN l9 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups ADD COLUMN l10 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups ADD COLUMN l11 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups ADD COLUMN l12 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups ADD COLUMN l13 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups ADD COLUMN l14 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups_hourly ADD COLUMN l0 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups_hourly ADD COLUMN l1 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups_hourly ADD COLUMN l2 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups_hourly ADD COLUMN l3 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups_hourly ADD COLUMN l4 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups_hourly ADD COLUMN l5 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups_hourly ADD COLUMN l6 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups_hourly ADD COLUMN l7 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups_hourly ADD COLUMN l8 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups_hourly ADD COLUMN l9 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups_hourly ADD COLUMN l10 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups_hourly ADD COLUMN l11 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups_hourly ADD COLUMN l12 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups_hourly ADD COLUMN l13 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invocation_rollups_hourly ADD COLUMN l14 BIGINT NOT NULL DEFAULT 0
"#,
    ),
    (
        13,
        // Email reports: one setting per account, the last period sent (claimed by exactly one
        // node) and the figures it showed (for the next report's deltas).
        r#"
CREATE TABLE IF NOT EXISTS report_settings (
    account_id TEXT PRIMARY KEY, frequency TEXT NOT NULL, recipients_json TEXT NOT NULL,
    not_before BIGINT NOT NULL, last_period_start BIGINT, last_summary_json TEXT, updated_at BIGINT NOT NULL)
"#,
    ),
    (
        14,
        // Live nodes: each node's heartbeat, so nodes know how many share the rate limits.
        r#"
CREATE TABLE IF NOT EXISTS nodes (node_id TEXT PRIMARY KEY, last_seen BIGINT NOT NULL)
"#,
    ),
];
