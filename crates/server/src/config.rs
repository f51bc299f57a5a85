//! Server settings. The CLI fills them from flags, `FNHOST_*` environment variables and a TOML file.

use fnhost_model::Limits;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Everything `fnhost serve` can be told.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case", deny_unknown_fields)]
pub struct ServerConfig {
    /// Address to listen on (default `127.0.0.1:8080`).
    pub listen: SocketAddr,
    /// Directory for the SQLite file and the master key (default `./fnhost-data`).
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; default: SQLite in `data_dir`.
    pub database_url: Option<String>,
    /// `host[:port]` handed out by service discovery; default: the listen address.
    pub public_host: Option<String>,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    /// Default limits of every function.
    pub limits: Limits,
    /// Invocations per second per account, across the cluster (default 1,000; 0 = unlimited).
    pub account_rate_limit: u32,
    /// Invocations per second per function (0 = unlimited).
    pub function_rate_limit: u32,
    /// Largest accepted request body in bytes (default 1 MiB).
    pub max_body_bytes: usize,
    /// A client must deliver its whole request body within this time (default 10 s) or get a 408.
    pub read_timeout_ms: u64,
    /// Open connections at once (default 10,000; lowered to fit the descriptor limit). Beyond it
    /// new connections are closed at once. Idle connections close after `read_timeout_ms`.
    pub max_connections: usize,
    /// Functions per account (default 50).
    pub max_functions_per_account: i64,
    /// Deployed functions per account (default: the functions limit).
    pub max_deployed_per_account: Option<i64>,
    /// Invocations per account and calendar month (UTC), reported in `limitCounts` (default
    /// 150,000); enforced with 429 only when `enforce_invocation_quota` is set.
    pub invocations_per_month: i64,
    pub enforce_invocation_quota: bool,
    /// SMTP server for email reports, e.g. `smtp://user:pass@mail.example.com:587?tls=required`
    /// (STARTTLS) or `smtps://…:465` (TLS); reports are off without it.
    pub smtp_url: Option<String>,
    /// The sender of email reports.
    pub smtp_from: String,
    /// How often a node looks for due email reports (default 60 s).
    pub report_poll_ms: u64,
    /// OpenTelemetry collector (OTLP/HTTP, JSON) that receives one span per invocation.
    pub otlp_endpoint: Option<String>,
    /// Bearer token that scrapes `/metrics` and `/metrics.json` on the main listener.
    pub metrics_token: Option<String>,
    /// Serve `/metrics` and `/metrics.json` on this address alone, without a token.
    pub metrics_listen: Option<SocketAddr>,
    /// The operator's credential for `/api/operator/…` (accounts); the operator API is off
    /// without it.
    pub operator_token: Option<String>,
    /// Schedules per account (default 10).
    pub max_schedules_per_account: i64,
    /// Name of the runtime `GET /runtimes` reports (default `Node.js 14`).
    pub runtime_name: String,
    pub bootstrap_account: String,
    pub bootstrap_user: String,
    /// Generated and printed once when unset.
    pub bootstrap_password: Option<String>,
    /// Master key for secrets at rest (64 hex chars); default: `data_dir/master.key`, created once.
    pub master_key: Option<String>,
    /// User sessions live this long (default 8 h).
    pub session_ttl_secs: u64,
    /// OAuth access tokens live this long (default 1 h).
    pub app_token_ttl_secs: u64,
    /// Log and invocation records are kept this long (default 30 days).
    pub retention_days: u64,
    /// The activity stream is kept this long (default 30 days).
    pub activity_retention_days: u64,
    /// Deployments kept per function (default 5, as LivePerson keeps).
    pub deployment_history: i64,
    /// Versions kept per function beside those a kept deployment refers to (default 50).
    pub version_history: i64,
    /// Bounded queue of log/invocation records waiting to be written (default 50,000).
    pub record_queue: usize,
    /// Store logs and invocation records of real invocations (default true).
    pub store_records: bool,
    /// How often a node re-reads deployments changed by other nodes (default 1 s).
    pub sync_interval_ms: u64,
    /// JS executor threads (default: cores): deploy-time validation, and invocations when
    /// `js_inline` is off.
    pub js_threads: Option<usize>,
    /// Run invocations on the request's own thread; a call that runs JS for long leaves that
    /// thread's other requests to a fresh thread. Off (the default, measured faster on the echo
    /// benchmark: docs/BENCHMARKS.md): every invocation hops to the JS executor's threads and back.
    pub js_inline: bool,
    /// Bytes all function instances on this node may hold together, in MiB (default: half the
    /// machine's memory). New instances beyond it are refused with 429.
    pub memory_budget_mb: Option<usize>,
    /// Invocations of one account in flight on this node before more get 429 (default 256).
    pub account_concurrency: Option<usize>,
    /// How often the scheduler looks for due schedules (default 5 s).
    pub schedule_poll_ms: u64,
    /// Asynchronous invocations waiting or running per account before new ones get a 429
    /// (default 10,000).
    pub async_queue_depth: i64,
    /// The first retry of a failed asynchronous invocation waits about this long; each further
    /// one twice as long, with jitter, at most 5 minutes (default 1 s).
    pub async_retry_base_ms: u64,
    /// How often a node looks for due asynchronous invocations when it has not been woken by a
    /// new one (default 250 ms).
    pub async_poll_ms: u64,
    /// Let functions reach loopback and private networks through HTTPClient (default false).
    pub egress_allow_private: bool,
    /// The service directory (LivePerson's CSDS) behind `Toolbelt.LpClient()` (default
    /// `https://api.liveperson.net`).
    pub csds_url: String,
    /// Extra root certificates (PEM) every function egress client trusts, e.g. a corporate CA
    /// (default: the built-in web roots only).
    pub egress_ca_file: Option<PathBuf>,
    /// Test hook: die (as `kill -9` would) at this step of a deploy or undeploy. Set only from
    /// the `FNHOST_FAULT_INJECTION` environment variable, never from a file.
    #[serde(skip)]
    pub fault_injection: Option<crate::deployments::FaultPoint>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: "127.0.0.1:8080".parse().expect("valid default address"),
            data_dir: PathBuf::from("./fnhost-data"),
            database_url: None,
            public_host: None,
            tls_cert: None,
            tls_key: None,
            limits: Limits::default(),
            account_rate_limit: 1_000,
            function_rate_limit: 0,
            max_body_bytes: 1 << 20,
            read_timeout_ms: 10_000,
            async_queue_depth: 10_000,
            async_retry_base_ms: 1_000,
            async_poll_ms: 250,
            max_connections: 10_000,
            max_functions_per_account: 50,
            max_schedules_per_account: 10,
            max_deployed_per_account: None,
            invocations_per_month: 150_000,
            enforce_invocation_quota: false,
            operator_token: None,
            metrics_token: None,
            otlp_endpoint: None,
            smtp_url: None,
            smtp_from: "fnhost reports <reports@localhost>".into(),
            report_poll_ms: 60_000,
            metrics_listen: None,
            runtime_name: "Node.js 14".into(),
            bootstrap_account: "1000".into(),
            bootstrap_user: "admin".into(),
            bootstrap_password: None,
            master_key: None,
            session_ttl_secs: 8 * 3600,
            app_token_ttl_secs: 3600,
            retention_days: 30,
            activity_retention_days: 30,
            deployment_history: 5,
            version_history: 50,
            record_queue: 50_000,
            store_records: true,
            sync_interval_ms: 1_000,
            js_threads: None,
            js_inline: false,
            memory_budget_mb: None,
            account_concurrency: None,
            schedule_poll_ms: 5_000,
            egress_allow_private: false,
            csds_url: crate::csds::DEFAULT_CSDS_URL.into(),
            egress_ca_file: None,
            fault_injection: None,
        }
    }
}

/// Added to the invocation timeout to bound the shutdown drain.
const DRAIN_MARGIN: Duration = Duration::from_secs(2);

impl ServerConfig {
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("fnhost.db").display()))
    }

    pub fn read_timeout(&self) -> Duration {
        Duration::from_millis(self.read_timeout_ms)
    }

    /// How long shutdown waits for in-flight requests: the longest an invocation may run, plus
    /// the time to read its body and write its answer.
    pub fn drain_timeout(&self) -> Duration {
        Duration::from_millis(self.limits.timeout_ms) + DRAIN_MARGIN
    }
}
