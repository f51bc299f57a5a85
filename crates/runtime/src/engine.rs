//! The engine: a dedicated executor for JS plus the factory for function pools.
//!
//! JS runs on its own multi-threaded tokio runtime (one worker per core), never on the embedder's
//! (HTTP) threads. A call that runs JS for long leaves its worker and shares a few cores with the
//! other long calls ([`crate::fairness`]), so CPU-bound functions cannot hold the executor. Threads
//! get a stack far larger than QuickJS's stack limit, so deep recursion is a clean `RangeError`,
//! not an abort.

use crate::budget::MemoryBudget;
use crate::fairness::Fairness;
use crate::host::HostServices;
use crate::instance::Instance;
use crate::outcome::LoadError;
use crate::pool::FunctionPool;
use crate::spec::FunctionSpec;
use std::sync::Arc;
use std::time::Duration;

/// Engine-wide settings.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Executor threads running JS (default: the number of cores).
    pub threads: usize,
    /// Stack of each executor thread (default 8 MiB; must exceed every function's stack limit).
    pub thread_stack_bytes: usize,
    /// Instances of one function (default 64, the default concurrency limit); an instance serves
    /// one call at a time, so calls beyond it wait for one.
    pub max_instances_per_function: usize,
    /// An instance idle this long is evicted (default 5 minutes).
    pub idle_ttl: Duration,
    /// Cores that calls running JS past their first slice share (default half the cores, at
    /// least one).
    pub long_call_cores: usize,
    /// Calls of one account in flight on this node before more are refused with 429 (default 256).
    pub account_concurrency: usize,
    /// Bytes all function instances of this process may hold together (default half the
    /// machine's memory).
    pub memory_budget_bytes: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            threads: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
            thread_stack_bytes: 8 << 20,
            max_instances_per_function: 64,
            idle_ttl: Duration::from_secs(300),
            long_call_cores: (std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
                / 2)
            .max(1),
            account_concurrency: 256,
            memory_budget_bytes: MemoryBudget::default_limit(),
        }
    }
}

struct Executor(Option<tokio::runtime::Runtime>);

impl Drop for Executor {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

/// The JS engine. Cheap to clone; all clones share the executor.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<EngineInner>,
}

pub(crate) struct EngineInner {
    /// Owns the JS runtime: dropping the last engine handle shuts its threads down.
    _executor: Executor,
    pub(crate) handle: tokio::runtime::Handle,
    pub(crate) services: HostServices,
    pub(crate) config: EngineConfig,
    pub(crate) fairness: Arc<Fairness>,
    pub(crate) budget: Arc<MemoryBudget>,
}

impl Engine {
    /// Starts the executor threads.
    pub fn new(config: EngineConfig, services: HostServices) -> std::io::Result<Engine> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(config.threads.max(1))
            .thread_stack_size(config.thread_stack_bytes)
            .thread_name("fnhost-js")
            // Each long call runs on a thread of its own (see `fairness`); the per-account and
            // per-function caps bound how many there are.
            .max_blocking_threads(4096)
            .enable_all()
            .build()?;
        let handle = rt.handle().clone();
        Ok(Engine {
            inner: Arc::new(EngineInner {
                _executor: Executor(Some(rt)),
                handle,
                services,
                fairness: Fairness::new(config.long_call_cores, config.account_concurrency),
                budget: MemoryBudget::new(config.memory_budget_bytes),
                config,
            }),
        })
    }

    /// An engine with default settings and in-memory host services (tests, local runs).
    pub fn with_defaults() -> std::io::Result<Engine> {
        Engine::new(EngineConfig::default(), HostServices::in_memory())
    }

    pub fn config(&self) -> &EngineConfig {
        &self.inner.config
    }

    /// The process-wide memory budget of all instances (bytes used and the limit).
    pub fn memory_budget(&self) -> &Arc<MemoryBudget> {
        &self.inner.budget
    }

    /// Calls running JS past their slice right now (sharing the long-call gate).
    pub fn long_calls(&self) -> usize {
        self.inner.fairness.long_calls()
    }

    /// Calls of `account` in flight on this node.
    pub fn account_in_flight(&self, account: &str) -> usize {
        self.inner.fairness.account_in_flight(account)
    }

    /// Checks that `spec` loads (size, syntax, a `lambda` function, top-level code that finishes)
    /// without invoking it. Used at push and deploy time.
    pub async fn validate(&self, spec: &FunctionSpec) -> Result<(), LoadError> {
        let chars = spec.code.chars().count();
        if chars > spec.limits.code_chars {
            return Err(LoadError::TooLarge {
                chars,
                limit: spec.limits.code_chars,
            });
        }
        let spec = spec.clone();
        let services = self.inner.services.clone();
        let fairness = self.inner.fairness.clone();
        // Validation is not held to the memory budget: a moment of full memory must not fail a
        // deploy for good (the instance's own heap limit still applies, and it is dropped at once).
        let budget = MemoryBudget::new(usize::MAX);
        self.inner
            .handle
            .spawn(async move {
                Instance::create(&spec, &services, &fairness, &budget)
                    .await
                    .map(drop)
            })
            .await
            .map_err(|e| LoadError::Engine(e.to_string()))?
    }

    /// A pool of instances for one deployed function version.
    pub fn pool(&self, spec: FunctionSpec) -> Arc<FunctionPool> {
        Arc::new(FunctionPool::new(self.inner.clone(), spec))
    }

    /// Runs a future on the JS executor (for work that invokes functions many times in a row, such
    /// as benchmarks, without a thread handoff per call).
    pub fn spawn<F>(&self, fut: F) -> tokio::task::JoinHandle<F::Output>
    where
        F: std::future::Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.inner.handle.spawn(fut)
    }
}
