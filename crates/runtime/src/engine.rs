//! The engine: a dedicated executor for JS plus the factory for function pools.
//!
//! JS runs on its own multi-threaded tokio runtime, never on the embedder's (HTTP) threads, so a
//! CPU-bound function can delay other functions but never the gateway itself. Threads get a stack
//! far larger than QuickJS's stack limit, so deep recursion is a clean `RangeError`, not an abort.

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
    /// Instances per function pool before invocations start sharing instances (default 8).
    pub max_instances_per_function: usize,
    /// An instance idle this long is evicted (default 5 minutes).
    pub idle_ttl: Duration,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            threads: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
            thread_stack_bytes: 8 << 20,
            max_instances_per_function: 8,
            idle_ttl: Duration::from_secs(300),
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
}

impl Engine {
    /// Starts the executor threads.
    pub fn new(config: EngineConfig, services: HostServices) -> std::io::Result<Engine> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(config.threads.max(1))
            .thread_stack_size(config.thread_stack_bytes)
            .thread_name("fnhost-js")
            .enable_all()
            .build()?;
        let handle = rt.handle().clone();
        Ok(Engine {
            inner: Arc::new(EngineInner {
                _executor: Executor(Some(rt)),
                handle,
                services,
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
        self.inner
            .handle
            .spawn(async move { Instance::create(&spec, &services).await.map(drop) })
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
