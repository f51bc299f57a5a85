//! CPU fairness between invocations: no function can hold the JS executor's threads, whatever
//! its code does.
//!
//! The executor has one worker thread per core, so short calls run without a thread hop between
//! them and a request is served at the speed of one core. A call whose JS has run without a pause
//! for longer than [`SLICE`] is a *long call*; from then on:
//!
//! - it leaves its worker: `block_in_place` hands the worker's queue (every other call waiting
//!   there) to a fresh thread, and the long call goes on alone on its own thread;
//! - a call whose runs added up to a slice of CPU time (bursts between awaits) is long from the
//!   start of each later run;
//! - it runs only while it holds one of the [`LongCallGate`]'s slots (half the cores, at least
//!   one), taken in arrival order and given back after each [`QUANTUM`], so long calls share those
//!   slots round-robin and never take every core;
//! - while other calls are in flight it waits one quantum before asking for a slot again, so long
//!   calls together use at most half of the gate's cores when anything else wants to run.
//!
//! The waits happen inside QuickJS's interrupt handler, which the engine calls every few thousand
//! bytecode instructions; a call waiting for a slot still ends at its deadline. A call that awaits
//! I/O is not running and holds no thread and no slot.
//!
//! **Architecture Invariant:** the number of calls of one account in flight on a node is bounded
//! ([`Fairness::admit`]), so one tenant's excess calls get 429 instead of threads.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, Weak};
use std::time::{Duration, Instant};

/// How long JS may run without a pause before its call counts as long.
pub const SLICE: Duration = Duration::from_millis(10);
/// How long a long call runs per turn on the gate.
pub const QUANTUM: Duration = Duration::from_millis(10);

/// Engine-wide fairness state: the long-call gate, in-flight counts, per-account admission.
pub(crate) struct Fairness {
    gate: LongCallGate,
    /// Invocations admitted and not finished.
    in_flight: AtomicUsize,
    /// Of those, the ones running as long calls right now.
    long_now: AtomicUsize,
    /// Calls in flight per account; pools keep their account's counter, so admission is one atomic.
    accounts: Mutex<HashMap<String, Weak<AtomicUsize>>>,
    account_limit: usize,
}

/// The in-flight counter of one account, shared by its functions' pools.
pub(crate) type AccountCounter = Arc<AtomicUsize>;

/// A call admitted for its account; dropping it frees the account's place.
pub(crate) struct Admission {
    fairness: Arc<Fairness>,
    account: AccountCounter,
}

impl Drop for Admission {
    fn drop(&mut self) {
        self.fairness.in_flight.fetch_sub(1, Ordering::Relaxed);
        self.account.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Fairness {
    pub(crate) fn new(long_call_slots: usize, account_limit: usize) -> Arc<Self> {
        Arc::new(Fairness {
            gate: LongCallGate::new(long_call_slots.max(1)),
            in_flight: AtomicUsize::new(0),
            long_now: AtomicUsize::new(0),
            accounts: Mutex::new(HashMap::new()),
            account_limit: account_limit.max(1),
        })
    }

    pub(crate) fn account_limit(&self) -> usize {
        self.account_limit
    }

    /// The in-flight counter of `account` (one per account while any pool holds it).
    pub(crate) fn account(&self, account: &str) -> AccountCounter {
        let mut accounts = self.accounts.lock().expect("accounts poisoned");
        if let Some(c) = accounts.get(account).and_then(Weak::upgrade) {
            return c;
        }
        accounts.retain(|_, c| c.strong_count() > 0);
        let c = Arc::new(AtomicUsize::new(0));
        accounts.insert(account.to_owned(), Arc::downgrade(&c));
        c
    }

    /// Admits one call of the account counted by `account`, or `None` when the account already
    /// has its limit in flight.
    pub(crate) fn admit(self: &Arc<Self>, account: &AccountCounter) -> Option<Admission> {
        let admitted = account
            .fetch_update(Ordering::AcqRel, Ordering::Relaxed, |n| {
                (n < self.account_limit).then_some(n + 1)
            })
            .is_ok();
        if !admitted {
            return None;
        }
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        Some(Admission {
            fairness: self.clone(),
            account: account.clone(),
        })
    }

    /// Calls running as long calls right now (metrics).
    pub(crate) fn long_calls(&self) -> usize {
        self.long_now.load(Ordering::Relaxed)
    }

    /// Calls in flight of `account` (tests, metrics).
    pub(crate) fn account_in_flight(&self, account: &str) -> usize {
        let accounts = self.accounts.lock().expect("accounts poisoned");
        accounts
            .get(account)
            .and_then(Weak::upgrade)
            .map(|c| c.load(Ordering::Relaxed))
            .unwrap_or(0)
    }

    /// Whether calls other than the long ones are in flight (they may want a core).
    fn others_waiting(&self) -> bool {
        self.in_flight.load(Ordering::Relaxed) > self.long_now.load(Ordering::Relaxed)
    }
}

/// Per-run state of one instance's JS, read by its interrupt handler: the fairness slice and the
/// call's CPU time (the thread's CPU clock while the call's JS runs). Only the thread running the
/// instance's JS touches it (an instance serves one call at a time).
#[derive(Default)]
pub(crate) struct RunState {
    /// When the current run of JS (one poll of the call's future) began.
    started: Option<Instant>,
    /// The thread's CPU clock when the current run began, read at the run's first interrupt tick
    /// (back-dated by the wall time since the run began); `None` for runs too short to tick.
    cpu_start: Option<u64>,
    /// CPU time of the current call's finished runs, in ns.
    cpu_used: u64,
    /// The call's CPU time limit in ns (0: none).
    cpu_limit: u64,
    /// When the current call started.
    call_started: Option<Instant>,
    /// The run passed its slice: it left its worker and counts in `long_now`.
    long: bool,
    /// The run holds a gate slot since this instant.
    holding: Option<Instant>,
}

/// What the interrupt handler should do.
pub(crate) enum Verdict {
    Continue,
    /// The deadline passed while the call waited for its turn.
    Deadline,
    /// The call used up its CPU time limit.
    CpuLimit,
}

/// The calling thread's CPU clock, in ns.
fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-pointer; CLOCK_THREAD_CPUTIME_ID exists on every Linux.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

impl RunState {
    /// A call starts: its CPU time counts from zero against `cpu_limit` (zero: none).
    pub(crate) fn start_call(&mut self, cpu_limit: Duration) {
        self.cpu_used = 0;
        self.cpu_limit = cpu_limit.as_nanos() as u64;
        self.call_started = Some(Instant::now());
    }

    /// CPU time of the call so far (its finished runs).
    pub(crate) fn cpu_used(&self) -> Duration {
        Duration::from_nanos(self.cpu_used)
    }

    /// A run of the call's JS begins. A call that already used a slice of CPU time in earlier
    /// runs (bursts of work between awaits) is a long call from the start of each run: it waits
    /// for its turn on the gate, off its worker, before it runs.
    pub(crate) fn begin(&mut self, fairness: &Fairness, deadline: Option<Instant>) -> Verdict {
        let mut verdict = Verdict::Continue;
        if !self.long && self.cpu_used >= SLICE.as_nanos() as u64 {
            self.long = true;
            fairness.long_now.fetch_add(1, Ordering::Relaxed);
            // Only a call that has been mostly computing pauses first; one that mostly waits for
            // I/O (a slice of CPU spread over many awaits) just takes its turn.
            let elapsed = self
                .call_started
                .map(|t| t.elapsed().as_nanos() as u64)
                .unwrap_or(u64::MAX);
            let computing = self.cpu_used.saturating_mul(2) > elapsed;
            verdict = self.take_turn(fairness, deadline, computing && fairness.others_waiting());
        }
        self.started = Some(Instant::now());
        self.cpu_start = None;
        verdict
    }

    /// The run ended (the call's future returned from a poll): give back what it held.
    ///
    /// A run that never reached an interrupt tick (tens of microseconds of JS) counts its wall
    /// time as CPU time: the thread's CPU clock is a system call, read only for runs long enough
    /// for it to matter.
    pub(crate) fn end(&mut self, fairness: &Fairness) {
        let ran = match (self.started.take(), self.cpu_start.take()) {
            (_, Some(cpu_start)) => thread_cpu_ns().saturating_sub(cpu_start),
            (Some(started), None) => started.elapsed().as_nanos() as u64,
            (None, None) => 0,
        };
        self.cpu_used += ran;
        if self.holding.take().is_some() {
            fairness.gate.release();
        }
        if std::mem::take(&mut self.long) {
            fairness.long_now.fetch_sub(1, Ordering::Relaxed);
        }
    }

    /// Called from the interrupt handler while JS runs.
    pub(crate) fn tick(&mut self, fairness: &Fairness, deadline: Option<Instant>) -> Verdict {
        let Some(started) = self.started else {
            return Verdict::Continue;
        };
        let now = Instant::now();
        let cpu_start = *self.cpu_start.get_or_insert_with(|| {
            thread_cpu_ns().saturating_sub(now.duration_since(started).as_nanos() as u64)
        });
        if self.cpu_limit != 0
            && self.cpu_used + thread_cpu_ns().saturating_sub(cpu_start) > self.cpu_limit
        {
            return Verdict::CpuLimit;
        }
        if !self.long {
            if now.duration_since(started) < SLICE {
                return Verdict::Continue;
            }
            self.long = true;
            fairness.long_now.fetch_add(1, Ordering::Relaxed);
            return self.take_turn(fairness, deadline, false);
        }
        match self.holding {
            Some(since) if now.duration_since(since) >= QUANTUM => {
                self.holding = None;
                fairness.gate.release();
                self.take_turn(fairness, deadline, fairness.others_waiting())
            }
            Some(_) => Verdict::Continue,
            None => self.take_turn(fairness, deadline, false),
        }
    }

    fn take_turn(
        &mut self,
        fairness: &Fairness,
        deadline: Option<Instant>,
        pause: bool,
    ) -> Verdict {
        let wait = || {
            if pause {
                std::thread::sleep(QUANTUM);
            }
            fairness.gate.acquire(deadline)
        };
        let acquired = off_worker(wait);
        if acquired {
            self.holding = Some(Instant::now());
            Verdict::Continue
        } else {
            Verdict::Deadline
        }
    }
}

/// Runs `f` (which blocks) after handing this thread's worker duties to another thread, when the
/// thread is one of a multi-threaded runtime's workers; otherwise just runs it.
fn off_worker<R>(f: impl FnOnce() -> R) -> R {
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(f)
        }
        _ => f(),
    }
}

/// A fair counting gate: `slots` long calls run at once, the others wait in arrival order. Each
/// waiting call sleeps on a condition variable of its own, and only the head of the line is woken
/// when a slot frees: with 64 calls waiting, a turn costs one wake-up, not 64.
struct LongCallGate {
    slots: usize,
    state: Mutex<GateState>,
}

#[derive(Default)]
struct GateState {
    running: usize,
    next_ticket: u64,
    /// The waiting calls in arrival order, each with what it sleeps on.
    queue: VecDeque<(u64, Arc<Condvar>)>,
}

impl GateState {
    /// Wakes the head of the line when a slot is free for it.
    fn wake_head(&self, slots: usize) {
        if self.running < slots
            && let Some((_, turn)) = self.queue.front()
        {
            turn.notify_one();
        }
    }
}

impl LongCallGate {
    fn new(slots: usize) -> Self {
        LongCallGate {
            slots,
            state: Mutex::new(GateState::default()),
        }
    }

    /// Waits for a slot; `false` when `deadline` passed first.
    fn acquire(&self, deadline: Option<Instant>) -> bool {
        let mut st = self.state.lock().expect("gate poisoned");
        let ticket = st.next_ticket;
        st.next_ticket += 1;
        let turn = Arc::new(Condvar::new());
        st.queue.push_back((ticket, turn.clone()));
        loop {
            if st.running < self.slots && st.queue.front().map(|(t, _)| *t) == Some(ticket) {
                st.queue.pop_front();
                st.running += 1;
                // The next in line may fit too.
                st.wake_head(self.slots);
                return true;
            }
            let wait = match deadline {
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        st.queue.retain(|(t, _)| *t != ticket);
                        st.wake_head(self.slots);
                        return false;
                    }
                    d - now
                }
                None => Duration::from_secs(1),
            };
            st = turn.wait_timeout(st, wait).expect("gate poisoned").0;
        }
    }

    fn release(&self) {
        let mut st = self.state.lock().expect("gate poisoned");
        st.running -= 1;
        st.wake_head(self.slots);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One slot and three calls waiting for it: they run one at a time in arrival order, and a
    /// call whose deadline passes while it waits leaves the line without holding up the others.
    #[test]
    fn the_gate_serves_waiting_calls_one_at_a_time_in_arrival_order() {
        let gate = Arc::new(LongCallGate::new(1));
        assert!(gate.acquire(None));
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut threads = Vec::new();
        for i in 0..3 {
            let (mine, order) = (gate.clone(), order.clone());
            threads.push(std::thread::spawn(move || {
                assert!(mine.acquire(None));
                order.lock().unwrap().push(i);
                std::thread::sleep(Duration::from_millis(5));
                mine.release();
            }));
            // Each is in line before the next one comes.
            while gate.state.lock().unwrap().queue.len() < i + 1 {
                std::thread::yield_now();
            }
        }
        assert!(!gate.acquire(Some(Instant::now() + Duration::from_millis(20))));
        assert_eq!(gate.state.lock().unwrap().queue.len(), 3);
        gate.release();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(*order.lock().unwrap(), vec![0, 1, 2]);
        let st = gate.state.lock().unwrap();
        assert_eq!((st.running, st.queue.len()), (0, 0));
    }
}
