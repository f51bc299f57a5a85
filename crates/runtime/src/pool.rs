//! A pool of instances for one deployed function version: cold starts, reuse, eviction, and the
//! per-function concurrency cap.
//!
//! **Architecture Invariant:** an instance serves one call at a time. A call takes an idle
//! instance or creates one (up to `max_instances_per_function`, and only while the process-wide
//! memory budget has room); when all are busy it waits for one, within its own deadline. After the
//! call has its answer, the instance settles (the call's leftovers run out) before it goes back to
//! the idle list, or is dropped.

use crate::engine::EngineInner;
use crate::instance::Instance;
use crate::outcome::{FunctionError, InvokeError, LoadError, Outcome};
use crate::spec::FunctionSpec;
use fnhost_model::ErrorCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

/// Instances alive and instances dropped, counted by the instances themselves ([`Tracked`]).
#[derive(Default)]
struct Counts {
    instances: AtomicUsize,
    discarded: AtomicUsize,
}

/// An instance counted in its pool's statistics for as long as it lives: however it ends
/// (dropped for being poisoned, with a call whose caller went away, at shutdown), the counts
/// stay right. Only idle eviction does not count as a discard.
struct Tracked {
    instance: Instance,
    counts: Arc<Counts>,
    evicted: bool,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.counts.instances.fetch_sub(1, Ordering::Relaxed);
        if !self.evicted {
            self.counts.discarded.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl std::ops::Deref for Tracked {
    type Target = Instance;
    fn deref(&self) -> &Instance {
        &self.instance
    }
}

struct Idle {
    instance: Tracked,
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
    idle: Mutex<Vec<Idle>>,
    /// Live instances (idle or busy) and discarded ones.
    counts: Arc<Counts>,
    /// Calls admitted and not answered yet; at the concurrency cap more are refused at once.
    active: Arc<AtomicUsize>,
    /// One permit per instance that may exist; a busy instance holds one until it settles.
    instance_slots: Arc<Semaphore>,
    cold_starts: AtomicUsize,
    /// The in-flight counter of the function's account (shared with its other functions).
    account: crate::fairness::AccountCounter,
}

/// An instance whose call has its answer but left work running: it settles before reuse.
struct Leftover {
    instance: Tracked,
    deadline: Instant,
    _slot: OwnedSemaphorePermit,
}

/// What a call holds until it has its answer.
struct Admitted {
    _account: crate::fairness::Admission,
    /// The pool's count of calls admitted and not answered.
    active: Arc<AtomicUsize>,
}

impl Drop for Admitted {
    fn drop(&mut self) {
        self.active.fetch_sub(1, Ordering::Relaxed);
    }
}

impl FunctionPool {
    pub(crate) fn new(engine: Arc<EngineInner>, spec: FunctionSpec) -> Self {
        let instance_slots = Arc::new(Semaphore::new(
            engine.config.max_instances_per_function.max(1),
        ));
        let account = engine.fairness.account(&spec.account_id);
        FunctionPool {
            account,
            engine,
            spec: Arc::new(spec),
            idle: Mutex::new(Vec::new()),
            counts: Arc::new(Counts::default()),
            active: Arc::new(AtomicUsize::new(0)),
            instance_slots,
            cold_starts: AtomicUsize::new(0),
        }
    }

    pub fn spec(&self) -> &FunctionSpec {
        &self.spec
    }

    pub fn stats(&self) -> PoolStats {
        PoolStats {
            instances: self.counts.instances.load(Ordering::Relaxed),
            active_invocations: self.active.load(Ordering::Relaxed),
            cold_starts: self.cold_starts.load(Ordering::Relaxed),
            discarded: self.counts.discarded.load(Ordering::Relaxed),
        }
    }

    /// Drops instances idle for longer than the engine's idle TTL. Returns how many were evicted.
    pub fn evict_idle(&self) -> usize {
        let ttl = self.engine.config.idle_ttl;
        let mut evicted: Vec<Idle> = {
            let mut idle = self.idle.lock().expect("pool poisoned");
            let (keep, evict) = std::mem::take(&mut *idle)
                .into_iter()
                .partition(|i| i.last_used.elapsed() < ttl);
            *idle = keep;
            evict
        };
        for i in &mut evicted {
            i.instance.evicted = true;
        }
        evicted.len()
    }

    fn admit(&self) -> Result<Admitted, InvokeError> {
        let account =
            self.engine
                .fairness
                .admit(&self.account)
                .ok_or(InvokeError::AccountLimit {
                    limit: self.engine.fairness.account_limit(),
                })?;
        let limit = self.spec.limits.concurrency.max(1);
        self.active
            .fetch_update(Ordering::AcqRel, Ordering::Relaxed, |n| {
                (n < limit).then_some(n + 1)
            })
            .map_err(|_| InvokeError::ConcurrencyLimit {
                limit: self.spec.limits.concurrency,
            })?;
        Ok(Admitted {
            _account: account,
            active: self.active.clone(),
        })
    }

    /// Invokes the function with `input_json` (the `{timestamp, headers, payload}` text, already
    /// validated by the caller). Fails fast when a concurrency cap is reached.
    pub async fn invoke(self: &Arc<Self>, input_json: String) -> Result<Outcome, InvokeError> {
        let admitted = self.admit()?;
        let pool = self.clone();
        let timeout = Duration::from_millis(self.spec.limits.timeout_ms);
        let (tx, rx) = oneshot::channel();
        // Hand-offs are batched: the caller's worker first runs its other ready requests up to
        // this point, so the calls of one scheduler turn reach the executor together and wake
        // it once, not once each (docs/BENCHMARKS.md, "Executor model": +3-5% gateway
        // throughput and a lower p99). A lone call waits one scheduler pass.
        tokio::task::yield_now().await;
        self.engine.handle.spawn(async move {
            if let Some(leftover) = pool.serve(input_json, admitted, tx).await {
                pool.settle(leftover).await;
            }
        });
        // The executor enforces the deadline itself; this outer bound only matters when JS is
        // stuck in native code that the interrupt cannot reach.
        match tokio::time::timeout(timeout + Duration::from_secs(5), rx).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(InvokeError::ShuttingDown),
            Err(_) => Ok(timed_out(
                timeout,
                format!(
                    "the function did not finish in time (exceeded {} ms)",
                    timeout.as_millis()
                ),
            )),
        }
    }

    /// Invokes on the current task, without a hand-off to the executor: the JS runs on the
    /// caller's thread. On a multi-threaded tokio runtime a call that runs JS for long leaves that
    /// thread's other tasks to a fresh thread ([`crate::fairness`]), so the caller's runtime keeps
    /// serving; on a current-thread runtime a long call holds the runtime until its deadline.
    /// Work the call leaves running settles on a task of its own.
    pub async fn invoke_inline(
        self: &Arc<Self>,
        input_json: String,
    ) -> Result<Outcome, InvokeError> {
        let admitted = self.admit()?;
        let (tx, rx) = oneshot::channel();
        if let Some(leftover) = self.serve(input_json, admitted, tx).await {
            let pool = self.clone();
            tokio::spawn(async move { pool.settle(leftover).await });
        }
        rx.await.unwrap_or(Err(InvokeError::ShuttingDown))
    }

    /// Runs one call on an instance of its own and sends the answer. The instance goes back to
    /// the idle list before the answer when the call left nothing running; otherwise it is
    /// returned to be settled.
    async fn serve(
        &self,
        input_json: String,
        admitted: Admitted,
        tx: oneshot::Sender<Result<Outcome, InvokeError>>,
    ) -> Option<Leftover> {
        let timeout = Duration::from_millis(self.spec.limits.timeout_ms);
        let deadline = Instant::now() + timeout;
        let waited = match self.instance_slots.clone().try_acquire_owned() {
            Ok(slot) => Ok(Ok(slot)),
            Err(_) => {
                tokio::time::timeout_at(
                    deadline.into(),
                    self.instance_slots.clone().acquire_owned(),
                )
                .await
            }
        };
        let slot = match waited {
            Ok(Ok(slot)) => slot,
            Ok(Err(_)) => {
                self.answer(tx, Err(InvokeError::ShuttingDown), admitted);
                return None;
            }
            Err(_) => {
                let message = format!(
                    "every instance of the function stayed busy for the whole execution time limit ({} ms; at most {} instances per function)",
                    timeout.as_millis(),
                    self.engine.config.max_instances_per_function
                );
                self.answer(tx, Ok(timed_out(timeout, message)), admitted);
                return None;
            }
        };
        let idle = self.idle.lock().expect("pool poisoned").pop();
        let (instance, cold) = match idle {
            Some(i) => (i.instance, false),
            None => match self.create().await {
                Ok(i) => (i, true),
                Err(e) => {
                    self.answer(tx, Err(e), admitted);
                    return None;
                }
            },
        };
        let mut outcome = instance.invoke(input_json, &self.spec, deadline).await;
        if cold {
            outcome.cold_start = true;
            outcome.init_time = instance.init_time();
        }
        // A quiet instance is back in the idle list before the answer leaves, so a caller that
        // invokes again as soon as it has the answer finds it warm.
        if instance.is_quiet().await {
            self.check_in(instance);
            drop(slot);
            self.answer(tx, Ok(outcome), admitted);
            return None;
        }
        self.answer(tx, Ok(outcome), admitted);
        Some(Leftover {
            instance,
            deadline,
            _slot: slot,
        })
    }

    /// Lets the work a call left running finish (within its deadline), then reuses or drops the
    /// instance.
    async fn settle(&self, leftover: Leftover) {
        if leftover.instance.settle(leftover.deadline).await {
            self.check_in(leftover.instance);
        }
        // Otherwise the instance is dropped here (and counted as discarded).
    }

    fn check_in(&self, instance: Tracked) {
        if instance.is_poisoned() {
            return;
        }
        self.idle.lock().expect("pool poisoned").push(Idle {
            instance,
            last_used: Instant::now(),
        });
    }

    fn answer(
        &self,
        tx: oneshot::Sender<Result<Outcome, InvokeError>>,
        result: Result<Outcome, InvokeError>,
        admitted: Admitted,
    ) {
        // The caller's places are free once it has its answer; the instance settles on its own.
        drop(admitted);
        let _ = tx.send(result);
    }

    async fn create(&self) -> Result<Tracked, InvokeError> {
        let budget = &self.engine.budget;
        if !budget.admit_instance() {
            return Err(InvokeError::Load(LoadError::MemoryBudget {
                limit_mb: budget.limit() >> 20,
            }));
        }
        let instance = Instance::create(
            &self.spec,
            &self.engine.services,
            &self.engine.fairness,
            budget,
        )
        .await?;
        self.counts.instances.fetch_add(1, Ordering::Relaxed);
        self.cold_starts.fetch_add(1, Ordering::Relaxed);
        Ok(Tracked {
            instance,
            counts: self.counts.clone(),
            evicted: false,
        })
    }
}

fn timed_out(timeout: Duration, message: String) -> Outcome {
    Outcome {
        result: Err(FunctionError::new(
            ErrorCode::HandlerExecutionTimeExceeded,
            message,
        )),
        result_despite_failure: None,
        logs: Vec::new(),
        duration: timeout,
        cold_start: false,
        init_time: Duration::ZERO,
        cpu_time: Duration::ZERO,
    }
}
