//! A pool of instances for one deployed function version: cold starts, reuse, sharing, eviction,
//! and the per-function concurrency cap.

use crate::engine::EngineInner;
use crate::instance::Instance;
use crate::outcome::{InvokeError, Outcome};
use crate::spec::FunctionSpec;
use fnhost_model::ErrorCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

struct Slot {
    instance: Arc<Instance>,
    active: usize,
    last_used: Instant,
}

/// Statistics of a pool, for tests and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    pub instances: usize,
    pub active_invocations: usize,
    pub cold_starts: usize,
    pub discarded: usize,
}

/// The instances of one function version.
pub struct FunctionPool {
    engine: Arc<EngineInner>,
    spec: Arc<FunctionSpec>,
    slots: Mutex<Vec<Slot>>,
    creating: AtomicUsize,
    permits: Arc<Semaphore>,
    cold_starts: AtomicUsize,
    discarded: AtomicUsize,
}

enum Checkout {
    Warm(Arc<Instance>),
    Create,
}

impl FunctionPool {
    pub(crate) fn new(engine: Arc<EngineInner>, spec: FunctionSpec) -> Self {
        let permits = Arc::new(Semaphore::new(spec.limits.concurrency.max(1)));
        FunctionPool {
            engine,
            spec: Arc::new(spec),
            slots: Mutex::new(Vec::new()),
            creating: AtomicUsize::new(0),
            permits,
            cold_starts: AtomicUsize::new(0),
            discarded: AtomicUsize::new(0),
        }
    }

    pub fn spec(&self) -> &FunctionSpec {
        &self.spec
    }

    pub fn stats(&self) -> PoolStats {
        let slots = self.slots.lock().expect("pool poisoned");
        PoolStats {
            instances: slots.len(),
            active_invocations: slots.iter().map(|s| s.active).sum(),
            cold_starts: self.cold_starts.load(Ordering::Relaxed),
            discarded: self.discarded.load(Ordering::Relaxed),
        }
    }

    /// Drops instances idle for longer than the engine's idle TTL. Returns how many were evicted.
    pub fn evict_idle(&self) -> usize {
        let ttl = self.engine.config.idle_ttl;
        let mut slots = self.slots.lock().expect("pool poisoned");
        let before = slots.len();
        slots.retain(|s| s.active > 0 || s.last_used.elapsed() < ttl);
        before - slots.len()
    }

    fn checkout(&self) -> Checkout {
        let max = self.engine.config.max_instances_per_function.max(1);
        let mut slots = self.slots.lock().expect("pool poisoned");
        if let Some(slot) = slots
            .iter_mut()
            .find(|s| s.active == 0 && !s.instance.is_poisoned())
        {
            slot.active += 1;
            return Checkout::Warm(slot.instance.clone());
        }
        if slots.len() + self.creating.load(Ordering::Relaxed) < max {
            self.creating.fetch_add(1, Ordering::Relaxed);
            return Checkout::Create;
        }
        match slots
            .iter_mut()
            .filter(|s| !s.instance.is_poisoned())
            .min_by_key(|s| s.active)
        {
            Some(slot) => {
                slot.active += 1;
                Checkout::Warm(slot.instance.clone())
            }
            None => {
                self.creating.fetch_add(1, Ordering::Relaxed);
                Checkout::Create
            }
        }
    }

    fn checkin(&self, instance: &Arc<Instance>) {
        let mut slots = self.slots.lock().expect("pool poisoned");
        if let Some(pos) = slots
            .iter()
            .position(|s| Arc::ptr_eq(&s.instance, instance))
        {
            let slot = &mut slots[pos];
            slot.active -= 1;
            slot.last_used = Instant::now();
            if slot.active == 0 && slot.instance.is_poisoned() {
                slots.swap_remove(pos);
                self.discarded.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Invokes the function with `input_json` (the `{timestamp, headers, payload}` text, already
    /// validated by the caller). Fails fast when the concurrency cap is reached.
    pub async fn invoke(self: &Arc<Self>, input_json: String) -> Result<Outcome, InvokeError> {
        let permit = self.permits.clone().try_acquire_owned().map_err(|_| {
            InvokeError::ConcurrencyLimit {
                limit: self.spec.limits.concurrency,
            }
        })?;
        let pool = self.clone();
        let timeout = Duration::from_millis(self.spec.limits.timeout_ms);
        let task = self.engine.handle.spawn(async move {
            let _permit = permit;
            pool.run(input_json).await
        });
        // The executor enforces the deadline itself; this outer bound only matters when every
        // executor thread is stuck in native code that the interrupt cannot reach.
        match tokio::time::timeout(timeout + Duration::from_secs(5), task).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(InvokeError::ShuttingDown),
            Err(_) => Ok(Outcome {
                result: Err(crate::outcome::FunctionError::new(
                    ErrorCode::HandlerExecutionTimeExceeded,
                    format!(
                        "the function did not finish in time (exceeded {} ms)",
                        timeout.as_millis()
                    ),
                )),
                result_despite_failure: None,
                logs: Vec::new(),
                duration: timeout,
                cold_start: false,
                init_time: Duration::ZERO,
            }),
        }
    }

    /// Invokes on the current task, without handing off to the executor. Only for callers that
    /// already run on the engine's executor (see [`crate::Engine::spawn`]); elsewhere CPU-bound JS
    /// would block the caller's thread.
    pub async fn invoke_inline(&self, input_json: String) -> Result<Outcome, InvokeError> {
        let _permit = self
            .permits
            .try_acquire()
            .map_err(|_| InvokeError::ConcurrencyLimit {
                limit: self.spec.limits.concurrency,
            })?;
        self.run(input_json).await
    }

    async fn run(&self, input_json: String) -> Result<Outcome, InvokeError> {
        let (instance, cold) = match self.checkout() {
            Checkout::Warm(i) => (i, false),
            Checkout::Create => {
                let created = Instance::create(&self.spec, &self.engine.services).await;
                self.creating.fetch_sub(1, Ordering::Relaxed);
                let instance = Arc::new(created?);
                self.cold_starts.fetch_add(1, Ordering::Relaxed);
                self.slots.lock().expect("pool poisoned").push(Slot {
                    instance: instance.clone(),
                    active: 1,
                    last_used: Instant::now(),
                });
                (instance, true)
            }
        };
        let mut outcome = instance.invoke(input_json, &self.spec).await;
        if cold {
            outcome.cold_start = true;
            outcome.init_time = instance.init_time();
        }
        self.checkin(&instance);
        Ok(outcome)
    }
}
