//! Shared server state and its construction: store, keys, bootstrap account, engine, registry,
//! record sink, rate limiters, and the background tasks that keep them fresh.

use crate::auth::TokenKeys;
use crate::config::ServerConfig;
pub use crate::data_dir::write_private;
use crate::data_dir::{master_key, node_id, private_dir, private_files, random_hex};
use crate::records::RecordSink;
use crate::registry::Registry;
use crate::supervisor::FirstRun;
use fnhost_runtime::{Engine, EngineConfig};
use fnhost_store::crypto::{SecretCipher, hash_password};
use fnhost_store::{Role, SqlStore, Store, UserRecord};
use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot use the data directory {0}: {1}")]
    DataDir(String, std::io::Error),
    #[error("cannot open the store at {url}: {source}")]
    Store {
        url: String,
        source: fnhost_store::StoreError,
    },
    #[error("the master key must be 64 hex characters")]
    MasterKey,
    #[error("cannot start the JS engine: {0}")]
    Engine(std::io::Error),
    #[error("{0}")]
    Egress(crate::egress_clients::ClientError),
    #[error("cannot listen on {0}: {1}")]
    Listen(std::net::SocketAddr, std::io::Error),
    #[error(transparent)]
    Otlp(crate::otlp::OtlpError),
    #[error("TLS: {0}")]
    Tls(String),
    #[error(
        "the JWT signing key in the store cannot be opened with this node's master key; start every node sharing the database with the same --master-key"
    )]
    JwtKey,
}

pub struct Inner {
    pub config: ServerConfig,
    pub store: Arc<dyn Store>,
    pub engine: Engine,
    pub registry: Arc<Registry>,
    pub keys: TokenKeys,
    pub cipher: SecretCipher,
    pub records: RecordSink,
    pub public_host: String,
    /// The generated bootstrap password, when this start created the account.
    pub bootstrap_password: Option<String>,
    /// Requests answered with 429 since start.
    pub rate_limited: std::sync::atomic::AtomicU64,
    /// OAuth apps revoked (refreshed with the deployment sync): their tokens are refused at once.
    pub revoked_apps: dashmap::DashSet<String>,
    /// Users' current token generations (`i64::MAX` once deleted), from the store: user tokens
    /// of an older generation are refused.
    pub token_generations: dashmap::DashMap<String, i64>,
    /// Limits operators set per account, over the defaults in `config`.
    pub account_limits: crate::account_limits::AccountLimitsTable,
    /// Month-to-date invocations per account (for the monthly quota).
    pub quota: crate::quota::QuotaTracker,
    /// Prometheus metrics of this node (`/metrics`).
    pub metrics: Arc<crate::metrics::Metrics>,
    /// Invocation spans for an OpenTelemetry collector (`--otlp-endpoint`).
    pub traces: Option<crate::otlp::Traces>,
    /// This node's id (kept in the data directory across restarts): owner of deployment leases.
    pub node_id: String,
    /// Owner of every background task and job.
    pub supervisor: crate::supervisor::Supervisor,
    /// Failed logins and client-credential grants, per subject and per source.
    pub throttle: crate::throttle::Throttle,
    /// This node's worker for asynchronous invocations.
    pub async_worker: crate::async_invocations::AsyncWorker,
}

/// Cheap-to-clone handle on the server state.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// A handle on the server state that does not keep it alive (held by the host services, which
/// the state itself owns through the engine).
#[derive(Clone)]
pub struct WeakState(std::sync::Weak<Inner>);

impl WeakState {
    pub fn upgrade(&self) -> Option<AppState> {
        self.0.upgrade().map(AppState)
    }
}

impl AppState {
    pub fn downgrade(&self) -> WeakState {
        WeakState(Arc::downgrade(&self.0))
    }
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// How often a node records that it is alive and counts its peers.
const HEARTBEAT: Duration = Duration::from_millis(500);
/// A node whose last heartbeat is older than this no longer counts as live.
const LIVE_WINDOW: Duration = Duration::from_millis(2_000);

/// How often the month-to-date invocation counts are re-read when the quota is enforced.
const QUOTA_REFRESH: Duration = Duration::from_secs(10);

/// Rotates the JWT signing key of an existing installation (`fnhost rotate-jwt-key`): tokens
/// signed with the old key stay valid for one token lifetime, or not at all with
/// `revoke_old_tokens`. Returns until when (epoch ms) they are accepted.
pub async fn rotate_jwt_key(
    config: &ServerConfig,
    revoke_old_tokens: bool,
) -> Result<i64, StartError> {
    if config.master_key.is_none() && !config.data_dir.join("master.key").exists() {
        return Err(StartError::DataDir(
            config.data_dir.display().to_string(),
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no master.key here and no --master-key: not an fnhost installation",
            ),
        ));
    }
    let url = config.database_url();
    let store_err = |source| StartError::Store {
        url: url.clone(),
        source,
    };
    let store = SqlStore::connect(&url).await.map_err(store_err)?;
    let cipher = SecretCipher::new(&master_key(config)?);
    let grace = if revoke_old_tokens {
        Duration::ZERO
    } else {
        Duration::from_secs(config.session_ttl_secs.max(config.app_token_ttl_secs))
    };
    crate::signing_keys::rotate(&store, &cipher, grace)
        .await
        .map_err(|e| match e {
            crate::signing_keys::KeyError::Store(source) => store_err(source),
            crate::signing_keys::KeyError::Unsealable => StartError::JwtKey,
        })
}

impl AppState {
    /// Opens the store, bootstraps an empty installation and starts the engine.
    pub async fn build(config: ServerConfig) -> Result<AppState, StartError> {
        let url = config.database_url();
        if url.starts_with("sqlite:") || config.master_key.is_none() {
            private_dir(&config.data_dir)
                .map_err(|e| StartError::DataDir(config.data_dir.display().to_string(), e))?;
        }
        let store: Arc<dyn Store> = Arc::new(
            SqlStore::connect(&url)
                .await
                .map_err(|source| StartError::Store {
                    url: url.clone(),
                    source,
                })?
                .with_history_retention(fnhost_store::HistoryRetention {
                    deployments: config.deployment_history.max(1),
                    versions: config.version_history.max(1),
                }),
        );
        if let Some(path) = url.strip_prefix("sqlite://") {
            private_files(path.split('?').next().unwrap_or(path));
        }
        let store_err = |source| StartError::Store {
            url: url.clone(),
            source,
        };
        if !url.starts_with("sqlite:") && config.master_key.is_none() {
            tracing::warn!(
                "no --master-key given: secrets are sealed with {}/master.key; every node sharing this database needs the same key",
                config.data_dir.display()
            );
        }
        let cipher = SecretCipher::new(&master_key(&config)?);
        let keys = crate::signing_keys::open_or_create(store.as_ref(), &cipher)
            .await
            .map_err(|e| match e {
                crate::signing_keys::KeyError::Store(source) => store_err(source),
                crate::signing_keys::KeyError::Unsealable => StartError::JwtKey,
            })?;

        let mut bootstrap_password = None;
        if store.account_count().await.map_err(store_err)? == 0 {
            let password = config
                .bootstrap_password
                .clone()
                .unwrap_or_else(|| random_hex(12));
            store
                .create_account(&config.bootstrap_account)
                .await
                .map_err(store_err)?;
            store
                .create_user(&UserRecord {
                    id: uuid::Uuid::new_v4().to_string(),
                    account_id: config.bootstrap_account.clone(),
                    login_name: config.bootstrap_user.clone(),
                    password_hash: hash_password(&password),
                    roles: vec![Role::Admin, Role::Developer, Role::Invocation],
                    created_at: crate::now_ms(),
                    token_generation: 0,
                })
                .await
                .map_err(store_err)?;
            if config.bootstrap_password.is_none() {
                bootstrap_password = Some(password);
            }
        }

        let egress = crate::host::EgressSettings {
            allow_private: config.egress_allow_private,
            ca_file: config.egress_ca_file.clone(),
        };
        let (services, orchestrator) =
            crate::host::services(store.clone(), cipher.clone(), &egress, &config.csds_url)
                .map_err(StartError::Egress)?;
        let mut engine_config = EngineConfig::default();
        if let Some(t) = config.js_threads {
            engine_config.threads = t;
        }
        if let Some(mb) = config.memory_budget_mb {
            engine_config.memory_budget_bytes = mb << 20;
        }
        if let Some(n) = config.account_concurrency {
            engine_config.account_concurrency = n;
        }
        let engine = Engine::new(engine_config, services).map_err(StartError::Engine)?;
        let registry = Arc::new(Registry::new(engine.clone(), config.limits));
        registry.sync(store.as_ref()).await.map_err(store_err)?;

        let metrics = Arc::new(crate::metrics::Metrics::default());
        let records = if config.store_records {
            RecordSink::start(store.clone(), config.record_queue, Some(metrics.clone()))
        } else {
            RecordSink::disabled()
        };
        let node_id = node_id(&config);
        let traces = match &config.otlp_endpoint {
            Some(endpoint) => {
                Some(crate::otlp::Traces::new(endpoint, &node_id).map_err(StartError::Otlp)?)
            }
            None => None,
        };
        let public_host = config
            .public_host
            .clone()
            .unwrap_or_else(|| config.listen.to_string());
        let state = AppState(Arc::new(Inner {
            account_limits: crate::account_limits::AccountLimitsTable::new(
                config.account_rate_limit,
                config.function_rate_limit,
            ),
            config,
            store,
            engine,
            registry,
            keys,
            cipher,
            records,
            public_host,
            bootstrap_password,
            rate_limited: std::sync::atomic::AtomicU64::new(0),
            revoked_apps: dashmap::DashSet::new(),
            token_generations: dashmap::DashMap::new(),
            quota: Default::default(),
            metrics,
            traces,
            node_id,
            supervisor: crate::supervisor::Supervisor::new(),
            throttle: crate::throttle::Throttle::default(),
            async_worker: Default::default(),
        }));
        let _ = orchestrator.state.set(state.downgrade());
        // Revoked apps are refused from the first request, not from the first sync.
        state.load_revoked_apps().await.map_err(store_err)?;
        Ok(state)
    }

    /// Starts the background loops (deployment sync, retention, scheduler, recovery) under the
    /// supervisor, after resuming what this node's previous process left unfinished.
    pub async fn start_background(&self) {
        crate::deployments::recover(self, true).await;
        let sup = &self.supervisor;
        let st = self.clone();
        let mut n: u64 = 0;
        sup.spawn_loop(
            "deployment-sync",
            FirstRun::AfterOnePeriod,
            Duration::from_millis(self.config.sync_interval_ms.max(50)),
            move || {
                n += 1;
                let (st, evict) = (st.clone(), n.is_multiple_of(EVICT_EVERY_SYNCS));
                async move { st.sync_once(evict).await }
            },
        );
        let st = self.clone();
        sup.spawn_loop(
            "checkpoint",
            FirstRun::AfterOnePeriod,
            CHECKPOINT_INTERVAL,
            move || {
                let st = st.clone();
                async move {
                    if let Err(e) = st.store.checkpoint().await {
                        tracing::warn!(error = %e, "checkpoint failed");
                    }
                }
            },
        );
        let st = self.clone();
        sup.spawn_loop(
            "retention",
            FirstRun::Immediately,
            RETENTION_INTERVAL,
            move || {
                let st = st.clone();
                async move {
                    let before = crate::now_ms() - (st.config.retention_days as i64) * 86_400_000;
                    match st.store.purge_before(before).await {
                        Ok(n) if n > 0 => tracing::info!(removed = n, "retention purge"),
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "retention purge failed"),
                    }
                    let days = st.config.activity_retention_days as i64;
                    match st
                        .store
                        .purge_activities_before(crate::now_ms() - days * 86_400_000)
                        .await
                    {
                        Ok(n) if n > 0 => {
                            tracing::info!(removed = n, "retention purge of activities")
                        }
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "activity retention purge failed"),
                    }
                    match st.store.purge_async_before(before).await {
                        Ok(n) if n > 0 => {
                            tracing::info!(removed = n, "retention purge of async invocations")
                        }
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "async retention purge failed"),
                    }
                }
            },
        );
        if self.config.enforce_invocation_quota {
            let st = self.clone();
            sup.spawn_loop("quota", FirstRun::Immediately, QUOTA_REFRESH, move || {
                let st = st.clone();
                async move {
                    if let Err(e) = st.quota.refresh(&st).await {
                        tracing::warn!(error = %e, "could not refresh the monthly invocation counts");
                    }
                }
            });
        }
        // Nodes sharing one PostgreSQL share the rate limits (SQLite serves one node).
        if self.store.backend() == fnhost_store::Backend::Postgres {
            let st = self.clone();
            sup.spawn_loop("cluster", FirstRun::Immediately, HEARTBEAT, move || {
                let st = st.clone();
                async move {
                    let now = crate::now_ms();
                    let live = async {
                        st.store.heartbeat(&st.node_id, now).await?;
                        st.store
                            .live_nodes(now - LIVE_WINDOW.as_millis() as i64)
                            .await
                    };
                    match live.await {
                        Ok(n) => st
                            .account_limits
                            .set_nodes(n.clamp(1, u32::MAX as i64) as u32),
                        Err(e) => tracing::warn!(error = %e, "cluster heartbeat failed"),
                    }
                }
            });
        }
        if self.config.smtp_url.is_some() {
            let st = self.clone();
            let every = Duration::from_millis(self.config.report_poll_ms.max(100));
            sup.spawn_loop("email-reports", FirstRun::Immediately, every, move || {
                let st = st.clone();
                async move {
                    if let Err(e) = crate::email_reports::run_due(&st).await {
                        tracing::warn!(error = %e, "could not look for due email reports");
                    }
                }
            });
        }
        let st = self.clone();
        sup.spawn_loop(
            "scheduler",
            FirstRun::Immediately,
            Duration::from_millis(self.config.schedule_poll_ms.max(100)),
            move || {
                let st = st.clone();
                async move {
                    if let Err(e) = crate::scheduler::run_due(&st).await {
                        tracing::warn!(error = %e, "scheduler poll failed");
                    }
                }
            },
        );
        crate::async_invocations::start(self);
        let st = self.clone();
        sup.spawn_loop(
            "recovery",
            FirstRun::AfterOnePeriod,
            crate::deployments::RECOVERY_INTERVAL,
            move || {
                let st = st.clone();
                async move { crate::deployments::recover(&st, false).await }
            },
        );
    }

    /// Functions the account may have (its own limit, else the platform's).
    pub fn max_functions(&self, account: &str) -> i64 {
        let own = self.account_limits.get(account).max_functions;
        own.unwrap_or(self.config.max_functions_per_account)
    }

    /// Deployed functions the account may have.
    pub fn max_deployed(&self, account: &str) -> i64 {
        let own = self.account_limits.get(account).max_deployed;
        own.or(self.config.max_deployed_per_account)
            .unwrap_or_else(|| self.max_functions(account))
    }

    /// Invocations the account may make per calendar month.
    pub fn invocations_per_month(&self, account: &str) -> i64 {
        let own = self.account_limits.get(account).invocations_per_month;
        own.unwrap_or(self.config.invocations_per_month)
    }

    /// Refuses this node's tokens of `user_id` older than `generation` (never lowers it).
    pub fn raise_token_generation(&self, user_id: &str, generation: i64) {
        let mut e = self
            .token_generations
            .entry(user_id.to_owned())
            .or_insert(generation);
        if *e < generation {
            *e = generation;
        }
    }

    /// Adds every app revoked in the store (by any node) to this node's refusal set.
    async fn load_revoked_apps(&self) -> Result<(), fnhost_store::StoreError> {
        for id in self.store.revoked_apps().await? {
            self.revoked_apps.insert(id);
        }
        for (user, generation) in self.store.token_generations().await? {
            self.raise_token_generation(&user, generation);
        }
        self.account_limits.load(&self.store.list_accounts().await?);
        Ok(())
    }

    /// One round of the deployment sync: deployed versions and revoked apps from the store.
    async fn sync_once(&self, evict: bool) {
        if let Err(e) = self.registry.sync(self.store.as_ref()).await {
            tracing::warn!(error = %e, "deployment sync failed");
        }
        if let Err(e) = self.load_revoked_apps().await {
            tracing::warn!(error = %e, "revoked-app sync failed");
        }
        if let Err(e) =
            crate::signing_keys::reload(self.store.as_ref(), &self.cipher, &self.keys).await
        {
            tracing::warn!(error = %e, "signing-key sync failed");
        }
        if evict {
            self.registry.evict_idle();
        }
    }

    /// The shutdown sequence after the listener stopped and requests drained: stop loops, wait
    /// for jobs, then write every queued record. Returns how many records were written since start.
    pub async fn stop_background(&self) -> u64 {
        let report = self
            .supervisor
            .stop(crate::deployments::LEASE.min(self.config.drain_timeout()))
            .await;
        if report != crate::supervisor::StopReport::default() {
            tracing::warn!(
                ?report,
                "background work cut off by shutdown; deployments resume after restart"
            );
        }
        if self.store.backend() == fnhost_store::Backend::Postgres
            && let Err(e) = self.store.leave(&self.node_id).await
        {
            tracing::warn!(error = %e, "could not leave the cluster; peers notice within seconds");
        }
        if let Some(t) = &self.traces {
            t.shutdown().await;
        }
        let written = self.records.close().await;
        tracing::info!(
            written,
            failed = self.records.failed(),
            dropped = self.records.dropped(),
            "invocation records flushed"
        );
        written
    }
}

/// Idle instances are evicted every this many sync rounds.
const EVICT_EVERY_SYNCS: u64 = 60;
/// How often records past the retention period are purged.
const RETENTION_INTERVAL: Duration = Duration::from_secs(3600);
/// How often the write-ahead log is copied into the database file (SQLite), beside the writer.
/// Often, so each checkpoint has little to copy and sync: a write that meets a checkpoint's sync
/// (or overwrites log pages still being written back) waits for the disk. Under async load 250 ms
/// measured p99 15–17 ms against 27 ms at 500 ms and 32–55 ms at 1 s, at the same rate.
const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(250);
