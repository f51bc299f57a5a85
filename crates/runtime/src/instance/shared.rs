//! State an instance shares with its host functions and its interrupt handler: the call in flight
//! (its answer channel and logs), deadlines, timers' sleeps, the fairness run state, and the flags
//! the interrupt sets.

use crate::fairness::{Fairness, RunState, Verdict};
use crate::logbuf::LogBuffer;
use fnhost_model::LogLevel;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

pub(super) struct Pending {
    pub(super) tx: Option<oneshot::Sender<(i32, String)>>,
    pub(super) logs: LogBuffer,
}

/// State shared between the instance, its host functions and its interrupt handler.
pub(crate) struct InstanceShared {
    pub(crate) base: Instant,
    /// The deadline of what the instance runs now (its load, a call, or a call's settling), in ns
    /// since `base`; 0 = none. One at a time: an instance serves one call at a time.
    pub(super) deadline_ns: AtomicU64,
    pub(super) interrupted: AtomicBool,
    pub(super) poisoned: AtomicBool,
    pub(super) next_id: AtomicU64,
    pub(super) pending: Mutex<HashMap<u64, Pending>>,
    /// Timers' sleeps in flight, by timer id: dropping the sender ends the sleep at once.
    pub(super) sleeps: Mutex<HashMap<u64, oneshot::Sender<()>>>,
    /// The current run of JS, for the interrupt handler's fairness checks.
    pub(super) run: Mutex<RunState>,
    pub(super) fairness: Arc<Fairness>,
    /// An allocation failed because the process-wide memory budget is used up.
    pub(super) budget_exhausted: Arc<AtomicBool>,
    /// The heap's use and its peak during the current call.
    pub(super) heap: Arc<crate::budget::HeapGauge>,
    /// The interrupt stopped the call for its CPU time limit.
    pub(super) cpu_exceeded: AtomicBool,
    /// Notified when the interrupt stops the instance's JS.
    pub(super) stopped: tokio::sync::Notify,
}

impl InstanceShared {
    pub(super) fn new(fairness: Arc<Fairness>) -> Self {
        InstanceShared {
            base: Instant::now(),
            deadline_ns: AtomicU64::new(0),
            interrupted: AtomicBool::new(false),
            poisoned: AtomicBool::new(false),
            next_id: AtomicU64::new(1),
            pending: Mutex::new(HashMap::new()),
            sleeps: Mutex::new(HashMap::new()),
            run: Mutex::new(RunState::default()),
            fairness,
            budget_exhausted: Arc::new(AtomicBool::new(false)),
            heap: Arc::default(),
            cpu_exceeded: AtomicBool::new(false),
            stopped: tokio::sync::Notify::new(),
        }
    }

    /// A sleep of timer `key` starts: the receiver completes when the timer is cleared.
    pub(crate) fn sleep_started(&self, key: u64) -> oneshot::Receiver<()> {
        let (tx, rx) = oneshot::channel();
        self.sleeps
            .lock()
            .expect("sleep map poisoned")
            .insert(key, tx);
        rx
    }

    /// Timer `key` was cleared (or its call finished): its sleep ends now.
    pub(crate) fn cancel_sleep(&self, key: u64) {
        self.sleeps.lock().expect("sleep map poisoned").remove(&key);
    }

    /// The earliest deadline in flight.
    pub(super) fn deadline(&self) -> Option<Instant> {
        let d = self.deadline_ns.load(Ordering::Acquire);
        (d != 0).then(|| self.base + Duration::from_nanos(d))
    }

    /// The interrupt handler: the deadline, then the fairness checks.
    pub(super) fn interrupt(&self) -> bool {
        if self.interrupted.load(Ordering::Relaxed) {
            return true;
        }
        let d = self.deadline_ns.load(Ordering::Acquire);
        if d != 0 && self.now_ns() > d {
            self.stop();
            return true;
        }
        let deadline = (d != 0).then(|| self.base + Duration::from_nanos(d));
        let verdict = self
            .run
            .lock()
            .expect("run state poisoned")
            .tick(&self.fairness, deadline);
        match verdict {
            Verdict::Continue => false,
            Verdict::Deadline => {
                self.stop();
                true
            }
            Verdict::CpuLimit => {
                self.cpu_exceeded.store(true, Ordering::Relaxed);
                self.stop();
                true
            }
        }
    }

    pub(super) fn stop(&self) {
        self.interrupted.store(true, Ordering::Relaxed);
        self.poisoned.store(true, Ordering::Relaxed);
        // The call waiting for its answer stops waiting: a job stopped by the interrupt never
        // reports back.
        self.stopped.notify_one();
    }

    pub(super) fn now_ns(&self) -> u64 {
        self.base.elapsed().as_nanos() as u64
    }

    pub(super) fn set_deadline(&self, at: Instant) {
        let ns = at.saturating_duration_since(self.base).as_nanos() as u64;
        self.deadline_ns.store(ns.max(1), Ordering::Release);
    }

    pub(super) fn clear_deadline(&self) {
        self.deadline_ns.store(0, Ordering::Release);
    }

    /// Called from JS (`host.done`) with the invocation's outcome.
    pub(crate) fn complete(&self, id: u64, kind: i32, payload: String) {
        let mut pending = self.pending.lock().expect("pending map poisoned");
        if let Some(tx) = pending.get_mut(&id).and_then(|p| p.tx.take()) {
            let _ = tx.send((kind, payload));
        }
    }

    /// Called from JS (`host.log`). An instance serves one call at a time, so a log belongs to the
    /// call in flight; work a finished call left behind runs before the next call starts and its
    /// logs belong to nobody (they are dropped, never shown to another caller).
    pub(crate) fn log(&self, _id: u64, level: LogLevel, message: String, extras: String) {
        let mut pending = self.pending.lock().expect("pending map poisoned");
        if let Some(p) = pending.values_mut().next() {
            p.logs.push(level, message, &extras);
        }
    }
}

/// Polls `fut` with each poll counted as one run of JS for the fairness checks.
pub(super) async fn metered<F: Future>(shared: &InstanceShared, fut: F) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    std::future::poll_fn(|cx| {
        let verdict = shared
            .run
            .lock()
            .expect("run state poisoned")
            .begin(&shared.fairness, shared.deadline());
        if let Verdict::Deadline = verdict {
            // Its time ran out while it waited for its turn: the JS stops at its first check.
            shared.stop();
        }
        // Ends the run even when the poll unwinds, so a gate slot is never kept.
        let _ended = RunEnd(shared);
        fut.as_mut().poll(cx)
    })
    .await
}

struct RunEnd<'a>(&'a InstanceShared);

impl Drop for RunEnd<'_> {
    fn drop(&mut self) {
        let mut run = match self.0.run.lock() {
            Ok(run) => run,
            Err(poisoned) => poisoned.into_inner(),
        };
        run.end(&self.0.fairness);
    }
}
