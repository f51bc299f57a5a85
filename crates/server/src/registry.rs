//! The registry of deployed functions: the gateway's in-memory view, so invocations never wait on
//! the store.
//!
//! A deploy on this node installs the new version immediately; other nodes pick it up on their next
//! [`Registry::sync`] (every `sync_interval_ms`), which reads only rows changed since the last sync.

use fnhost_model::Limits;
use fnhost_runtime::{Engine, FunctionPool, FunctionSpec};
use fnhost_store::{DeployedFunction, Store, StoreError};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// One invocable function version.
pub struct Deployed {
    pub uuid: String,
    pub account_id: String,
    pub name: String,
    pub event_id: Option<String>,
    pub skills: Vec<String>,
    pub version: i64,
    pub changed_at: i64,
    /// Attempts of an asynchronous invocation after the first (the function's `limits.retries`).
    pub retries: u32,
    /// Whether `handler.custom-failure` is retried too (`limits.retryCustomFailures`).
    pub retry_custom_failures: bool,
    /// Where the failure records of dead letters go (`limits.onFailure`).
    pub on_failure: Option<String>,
    /// Whether (and how) the function answers plain HTTP requests.
    pub http_trigger: fnhost_model::HttpTrigger,
    pub pool: Arc<FunctionPool>,
    /// This function's counters, taken from the node's metrics at its first invocation.
    pub metrics: std::sync::OnceLock<crate::metrics::FunctionMetrics>,
}

pub struct Registry {
    engine: Engine,
    limits: Limits,
    by_uuid: dashmap::DashMap<String, Arc<Deployed>>,
    /// `account/name` → uuid, for the HTTP trigger.
    by_name: dashmap::DashMap<String, String>,
    /// When each function was last removed here (an undeploy): a copy read from the store before
    /// that instant is stale and is not installed again.
    removed_at: dashmap::DashMap<String, i64>,
    synced_until: AtomicI64,
}

use fnhost_model::now_ms;

fn name_key(account_id: &str, name: &str) -> String {
    format!("{account_id}/{name}")
}

impl Registry {
    pub fn new(engine: Engine, limits: Limits) -> Self {
        Registry {
            engine,
            limits,
            by_uuid: dashmap::DashMap::new(),
            by_name: dashmap::DashMap::new(),
            removed_at: dashmap::DashMap::new(),
            synced_until: AtomicI64::new(0),
        }
    }

    pub fn get(&self, uuid: &str) -> Option<Arc<Deployed>> {
        self.by_uuid.get(uuid).map(|e| e.value().clone())
    }

    /// Installs what was read from the store at `read_at` (epoch ms, taken before the read),
    /// unless the function was removed here since (an undeploy that answered while the read was
    /// under way must not be undone by its stale copy) or a newer version is installed already (a
    /// deploy or rollback on this node that finished while the read was under way). Versions of a
    /// function only grow. Returns whether it is installed.
    pub fn install_read_at(&self, f: DeployedFunction, read_at: i64) -> bool {
        if self
            .removed_at
            .get(&f.uuid)
            .is_some_and(|at| *at >= read_at)
        {
            return false;
        }
        if self
            .by_uuid
            .get(&f.uuid)
            .is_some_and(|e| e.version > f.version)
        {
            return false;
        }
        self.install(f);
        true
    }

    /// Installs (or replaces) a deployed version (this node's own deploy: authoritative). A
    /// version already installed keeps its warm pool.
    pub fn install(&self, f: DeployedFunction) {
        self.removed_at.remove(&f.uuid);
        if let Some(existing) = self.by_uuid.get(&f.uuid)
            && existing.version == f.version
            && existing.changed_at == f.changed_at
        {
            return;
        }
        let mut spec = FunctionSpec::new(f.account_id.clone(), f.uuid.clone(), f.code);
        spec.limits = f.limits.apply(self.limits);
        let retries = f.limits.retries.unwrap_or(fnhost_model::DEFAULT_RETRIES);
        let retry_custom_failures = f.limits.retry_custom_failures.unwrap_or(false);
        let on_failure = f.limits.on_failure.map(|u| u.to_string());
        spec.env = f.env.into_iter().map(|kv| (kv.key, kv.value)).collect();
        let deployed = Deployed {
            pool: self.engine.pool(spec),
            uuid: f.uuid.clone(),
            account_id: f.account_id,
            name: f.name,
            event_id: f.event_id,
            skills: f.skills,
            version: f.version,
            changed_at: f.changed_at,
            retries,
            retry_custom_failures,
            on_failure,
            http_trigger: f.http_trigger,
            metrics: Default::default(),
        };
        self.by_name.insert(
            name_key(&deployed.account_id, &deployed.name),
            f.uuid.clone(),
        );
        self.by_uuid.insert(f.uuid, Arc::new(deployed));
    }

    pub fn remove(&self, uuid: &str) {
        self.removed_at.insert(uuid.to_owned(), now_ms());
        if let Some((_, d)) = self.by_uuid.remove(uuid) {
            self.by_name
                .remove_if(&name_key(&d.account_id, &d.name), |_, u| u == uuid);
        }
    }

    /// The deployed function of `account_id` named `name`.
    pub fn by_name(&self, account_id: &str, name: &str) -> Option<Arc<Deployed>> {
        let uuid = self.by_name.get(&name_key(account_id, name))?.clone();
        self.get(&uuid)
    }

    /// Productive functions of `account_id` listening to `event_id`, filtered by skill (a function
    /// without skills listens to all), ordered by name.
    pub fn listeners(
        &self,
        account_id: &str,
        event_id: &str,
        skill: Option<&str>,
    ) -> Vec<Arc<Deployed>> {
        let mut out: Vec<Arc<Deployed>> = self
            .by_uuid
            .iter()
            .filter(|e| {
                let d = e.value();
                d.account_id == account_id
                    && d.event_id.as_deref() == Some(event_id)
                    && match skill {
                        Some(s) if !s.is_empty() && !d.skills.is_empty() => {
                            d.skills.iter().any(|k| k == s)
                        }
                        _ => true,
                    }
            })
            .map(|e| e.value().clone())
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    pub fn all(&self) -> Vec<Arc<Deployed>> {
        self.by_uuid.iter().map(|e| e.value().clone()).collect()
    }

    /// Applies deployments and undeployments recorded in the store since the last sync.
    pub async fn sync(&self, store: &dyn Store) -> Result<(), StoreError> {
        // Overlap the window a little: clocks of different nodes are not perfectly aligned.
        let started = now_ms();
        let since = (self.synced_until.load(Ordering::Relaxed) - 5_000).max(0);
        let deployed = store.deployed_since(since).await?;
        let redeployed: std::collections::HashSet<&str> =
            deployed.iter().map(|f| f.uuid.as_str()).collect();
        for uuid in store.undeployed_since(since).await? {
            if !redeployed.contains(uuid.as_str()) {
                self.remove(&uuid);
            }
        }
        for f in deployed {
            self.install_read_at(f, started);
        }
        // Removals before this sync began are in the store by now: later reads see them.
        self.removed_at.retain(|_, at| *at >= started);
        self.synced_until.store(started, Ordering::Relaxed);
        Ok(())
    }

    /// Evicts idle instances of every pool.
    pub fn evict_idle(&self) -> usize {
        self.by_uuid
            .iter()
            .map(|e| e.value().pool.evict_idle())
            .sum()
    }
}
