//! Asynchronous invocations: accepted (202) once stored, run later by any node through the one
//! invoke path, retried with exponential backoff and jitter, dead-lettered after the last attempt.
//!
//! **Architecture Invariant:** an invocation is committed to the store before [`accept`] returns,
//! so a 202 survives `kill -9`. Execution is at-least-once: a worker claims invocations under a
//! lease (the invoke timeout plus a margin); if its node dies the lease expires and another node
//! (or the restarted one, at once) runs the attempt again. Only the lease holder records an
//! attempt's end. No ordering is promised, within a function or across.
//!
//! The worker is an adapter like the gateway: it builds an [`Invocation`] with
//! [`Trigger::Async`] and calls [`crate::invoke::run`]; it never touches the engine.

use crate::invoke::{self, Invocation, InvokeFailure, Trigger};
use crate::registry::Deployed;
use crate::state::AppState;
use crate::supervisor::Shutdown;
use fnhost_model::ErrorCode;
use fnhost_store::{AsyncInvocation, AttemptEnd, AttemptError, NewAsyncInvocation};
use rand::Rng;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::{Notify, Semaphore};

mod writer;
use writer::{Inbox, MAX_BATCH, QueueWrite, write_queue};

/// Attempts one node runs at once.
const MAX_IN_FLIGHT: usize = 128;
/// Free slots that make a claim worth its transaction while others are busy.
const CLAIM_AT_LEAST: usize = MAX_IN_FLIGHT / 4;
/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(300);
/// How far past the invoke timeout a claim's lease reaches.
const LEASE_MARGIN_MS: i64 = 10_000;

/// This node's share of the queue: the writer that stores accepted invocations and attempt
/// ends in group commits, what wakes the worker and how many attempts it runs.
pub struct AsyncWorker {
    wake: Notify,
    /// Set when due work may be waiting in the store (queued accepts, retries, a redrive, the
    /// poll interval); the worker claims only then.
    backlog: AtomicBool,
    /// Set once this node has taken back what its previous process left running: until then
    /// nothing is started at accept (taking back would queue a just-started attempt again).
    recovered: AtomicBool,
    slots: Arc<Semaphore>,
    accepts: tokio::sync::mpsc::Sender<QueueWrite>,
    ends: tokio::sync::mpsc::Sender<QueueWrite>,
    inbox: std::sync::Mutex<Option<Inbox>>,
}

impl Default for AsyncWorker {
    fn default() -> Self {
        let (accepts, accepts_rx) = tokio::sync::mpsc::channel(4 * MAX_BATCH);
        let (ends, ends_rx) = tokio::sync::mpsc::channel(4 * MAX_BATCH);
        AsyncWorker {
            wake: Notify::new(),
            backlog: AtomicBool::new(true),
            recovered: AtomicBool::new(false),
            slots: Arc::new(Semaphore::new(MAX_IN_FLIGHT)),
            accepts,
            ends,
            inbox: std::sync::Mutex::new(Some(Inbox::new(Some(accepts_rx), Some(ends_rx)))),
        }
    }
}

impl AppState {
    /// Wakes this node's worker (new or redriven invocations are due now).
    pub fn async_worker_wake(&self) {
        self.async_worker.backlog.store(true, Ordering::Release);
        self.async_worker.wake.notify_one();
    }
}

/// Stores one invocation per target function (group commit, all of them or none) and wakes this
/// node's worker. Returns their ids; fails with [`InvokeFailure::QueueFull`] when the account's
/// queue has no room for all of them.
pub async fn accept(
    st: &AppState,
    account: &str,
    targets: &[Arc<Deployed>],
    event_id: Option<&str>,
    request_id: &str,
    input: &str,
) -> Result<Vec<String>, InvokeFailure> {
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let group: Vec<NewAsyncInvocation> = targets
        .iter()
        .map(|d| NewAsyncInvocation {
            // Time-ordered ids (UUIDv7): new rows append to the primary-key index instead of
            // landing on random pages, which keeps each group commit small.
            id: uuid::Uuid::now_v7().to_string(),
            account_id: account.to_owned(),
            lambda_uuid: d.uuid.clone(),
            event_id: event_id.map(str::to_owned),
            request_id: request_id.to_owned(),
            input: input.to_owned(),
            max_attempts: 1 + i64::from(d.retries),
            created_at: crate::now_ms(),
            lease: None,
        })
        .collect();
    let ids: Vec<String> = group.iter().map(|inv| inv.id.clone()).collect();
    let (tx, rx) = tokio::sync::oneshot::channel();
    st.async_worker
        .accepts
        .send(QueueWrite::Accept(group, tx))
        .await
        .map_err(|_| InvokeFailure::ShuttingDown)?;
    match rx.await.map_err(|_| InvokeFailure::ShuttingDown)? {
        Ok(true) => Ok(ids),
        Ok(false) => Err(InvokeFailure::QueueFull {
            account: account.to_owned(),
            limit: st.config.async_queue_depth,
        }),
        Err(e) => Err(e.into()),
    }
}

/// Starts this node's worker: first it takes back what it was running before a restart, then it
/// claims due invocations whenever woken, a slot frees up or the poll interval passes.
pub fn start(st: &AppState) {
    if let Some(inbox) = st
        .async_worker
        .inbox
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
    {
        // Not supervised loops: they end when the state (which holds the senders) is dropped,
        // after the drained requests and attempts have had their answers; they hold the state
        // only weakly. SQLite has one writer: accepts and ends share its commits. PostgreSQL
        // commits on many connections at once, each waiting for its log flush: accepts and
        // ends commit side by side.
        match st.store.backend() {
            fnhost_store::Backend::Sqlite => {
                tokio::spawn(write_queue(st.downgrade(), inbox));
            }
            fnhost_store::Backend::Postgres => {
                let Inbox { accepts, ends, .. } = inbox;
                tokio::spawn(write_queue(st.downgrade(), Inbox::new(accepts, None)));
                tokio::spawn(write_queue(st.downgrade(), Inbox::new(None, ends)));
            }
        }
    }
    let state = st.clone();
    st.supervisor
        .spawn_worker("async-invocations", move |shutdown| async move {
            match state
                .store
                .release_claims(&state.node_id, crate::now_ms())
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(n, "asynchronous invocations taken back after a restart"),
                Err(e) => {
                    tracing::warn!(error = %e, "could not take back asynchronous invocations")
                }
            }
            state.async_worker.recovered.store(true, Ordering::Release);
            work(state, shutdown).await
        });
}

async fn work(st: AppState, shutdown: Shutdown) {
    // One clock across wake-ups: finished attempts wake the worker often, and a sleep started
    // afresh on each would never run out while they do (retries due later would wait).
    let mut poll = tokio::time::interval(Duration::from_millis(st.config.async_poll_ms.max(10)));
    poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        if shutdown.is_started() {
            return;
        }
        if st.async_worker.backlog.swap(false, Ordering::AcqRel) && claim(&st).await {
            continue; // there may be more
        }
        tokio::select! {
            _ = shutdown.wait() => return,
            _ = st.async_worker.wake.notified() => {}
            _ = poll.tick() => st.async_worker.backlog.store(true, Ordering::Release),
        }
    }
}

/// Claims as many due invocations as there are free slots and starts an attempt for each.
/// Returns whether there may be more due work than it took (it filled every free slot, or it
/// waited for slots to free up; the backlog mark stays set then).
async fn claim(st: &AppState) -> bool {
    // Claim in batches: while most slots are busy, wait for a quarter to free up (each claim is
    // a write transaction; many one-row claims would crowd out the accepts' group commits).
    if st.async_worker.slots.available_permits() < CLAIM_AT_LEAST {
        st.async_worker.backlog.store(true, Ordering::Release);
        return false;
    }
    // A claim takes the share of slots kept for it (the writer starts new accepts only beyond
    // that share) before its transaction, so the slots are there for what it claims; those not
    // needed are given back.
    let slots: Vec<_> =
        std::iter::from_fn(|| st.async_worker.slots.clone().try_acquire_owned().ok())
            .take(CLAIM_AT_LEAST)
            .collect();
    let free = slots.len();
    let now = crate::now_ms();
    let lease_until = now + st.config.limits.timeout_ms as i64 + LEASE_MARGIN_MS;
    let claimed = match st
        .store
        .claim_due(&st.node_id, now, lease_until, free as i64)
        .await
    {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "claiming asynchronous invocations failed");
            st.async_worker.backlog.store(true, Ordering::Release);
            return false;
        }
    };
    let more = claimed.len() == free;
    for (inv, slot) in claimed.into_iter().zip(slots) {
        start_attempt(st, inv, slot);
    }
    if more {
        st.async_worker.backlog.store(true, Ordering::Release);
    }
    more
}

/// Runs an attempt holding `slot`; when it ends the worker may claim again.
fn start_attempt(st: &AppState, inv: AsyncInvocation, slot: tokio::sync::OwnedSemaphorePermit) {
    let st2 = st.clone();
    st.supervisor.spawn_job(async move {
        attempt(&st2, inv).await;
        drop(slot);
        st2.async_worker.wake.notify_one();
    });
}

/// Codes worth another attempt: the function crashed or ran out of time, or something it needed
/// was unavailable. A custom failure is the function's own verdict (retried only when it asks).
fn retryable(code: ErrorCode, d: Option<&Deployed>) -> bool {
    match code {
        ErrorCode::HandlerRuntimeException
        | ErrorCode::HandlerExecutionTimeExceeded
        | ErrorCode::EsUnavailable
        | ErrorCode::FmUnavailable => true,
        ErrorCode::HandlerCustomFailure => d.is_some_and(|d| d.retry_custom_failures),
        _ => false,
    }
}

/// The wait before attempt `next` (2, 3, …): base × 2^(next-2), between half and one and a half
/// times that (jitter), at most [`MAX_BACKOFF`].
pub fn backoff(base_ms: u64, next: i64) -> Duration {
    let exp = (next - 2).clamp(0, 20) as u32;
    let nominal = base_ms.saturating_mul(1u64 << exp) as f64;
    let jittered = nominal * rand::rng().random_range(0.5..1.5);
    Duration::from_millis(jittered as u64).min(MAX_BACKOFF)
}

/// Runs one attempt and records how it ended.
async fn attempt(st: &AppState, inv: AsyncInvocation) {
    let trigger = Trigger::Async {
        invocation_id: inv.id.clone(),
    };
    let mut on_failure = None;
    let end = match invoke::admit(st, &trigger, &inv.account_id, &inv.lambda_uuid).await {
        Err(failure) => end_of_failure(st, &inv, failure, None),
        Ok(d) => {
            on_failure = d.on_failure.clone();
            // Logs and the invocation record of each attempt are stored under
            // `async:{invocation id}:{attempt}`: marked asynchronous, grouped per attempt.
            let invocation = Invocation {
                request_id: format!("async:{}:{}", inv.id, inv.attempts),
                trigger,
                input: inv.input.clone(),
            };
            match invoke::run(st, &d, invocation).await {
                Ok(o) => AttemptEnd::Succeeded {
                    result: o.result.expect("run answers Ok only with a result"),
                },
                Err(failure) => end_of_failure(st, &inv, failure, Some(&d)),
            }
        }
    };
    record_end(st, &inv, &end).await;
    if let (AttemptEnd::Dead { error }, Some(target)) = (&end, on_failure) {
        forward_failure(st, &inv, error, &target).await;
    }
}

/// Sends a dead letter's failure record to the function's `onFailure` destination, as an
/// asynchronous invocation with `payload = {invocationId, functionUuid, input, errors}`. Failure
/// records of failure records are not forwarded again (no loops).
async fn forward_failure(st: &AppState, inv: &AsyncInvocation, last: &AttemptError, target: &str) {
    if inv.request_id.starts_with(ON_FAILURE) {
        return;
    }
    let Some(d) = st
        .registry
        .get(target)
        .filter(|d| d.account_id == inv.account_id)
    else {
        tracing::warn!(id = %inv.id, target, "the onFailure function is not deployed; failure record not sent");
        return;
    };
    let mut errors = inv.errors.clone();
    errors.push(last.clone());
    let payload = serde_json::json!({
        "invocationId": inv.id,
        "functionUuid": inv.lambda_uuid,
        "input": serde_json::from_str::<serde_json::Value>(&inv.input).unwrap_or(serde_json::Value::Null),
        "errors": errors,
    });
    let input = Invocation::input_json(
        &crate::now_ms().to_string(),
        &[("X-Fnhost-Failed-Invocation".to_owned(), inv.id.clone())],
        &payload.to_string(),
    );
    let request_id = format!("{ON_FAILURE}{}", inv.id);
    if let Err(e) = accept(st, &inv.account_id, &[d], None, &request_id, &input).await {
        tracing::warn!(id = %inv.id, target, error = %e, "failure record not sent");
    }
}

/// The request id prefix of failure records sent to an `onFailure` function.
const ON_FAILURE: &str = "on-failure:";

/// A failed attempt: postponed (not the function's doing), retried later, or a dead letter.
fn end_of_failure(
    st: &AppState,
    inv: &AsyncInvocation,
    failure: InvokeFailure,
    d: Option<&Deployed>,
) -> AttemptEnd {
    let now = crate::now_ms();
    match failure {
        InvokeFailure::ConcurrencyLimit { .. }
        | InvokeFailure::AccountBusy { .. }
        | InvokeFailure::MemoryBudget { .. } => AttemptEnd::Postpone {
            next_run_at: now + rand::rng().random_range(50..250),
        },
        InvokeFailure::ShuttingDown => AttemptEnd::Postpone { next_run_at: now },
        failure => {
            let code = failure.code();
            let logs = match &failure {
                InvokeFailure::Function(o) => o
                    .logs
                    .iter()
                    .filter_map(|l| serde_json::to_value(l).ok())
                    .collect(),
                _ => Vec::new(),
            };
            let error = AttemptError {
                attempt: inv.attempts,
                at: now,
                error_code: code.as_str().to_owned(),
                error_msg: failure.to_string(),
                logs,
            };
            if inv.attempts < inv.max_attempts && retryable(code, d) {
                let wait = backoff(st.config.async_retry_base_ms, inv.attempts + 1);
                AttemptEnd::Retry {
                    error,
                    next_run_at: now + wait.as_millis() as i64,
                }
            } else {
                AttemptEnd::Dead { error }
            }
        }
    }
}

/// Hands an attempt's end to the queue writer and waits until it is written (or given up on).
async fn record_end(st: &AppState, inv: &AsyncInvocation, end: &AttemptEnd) {
    let dead = match end {
        AttemptEnd::Retry { .. } => Some(false),
        AttemptEnd::Dead { .. } => Some(true),
        _ => None,
    };
    if let Some(dead) = dead {
        let name = st.registry.get(&inv.lambda_uuid).map(|d| d.name.clone());
        st.metrics.async_failure(
            &inv.account_id,
            &inv.lambda_uuid,
            name.as_deref().unwrap_or_default(),
            dead,
        );
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    if st
        .async_worker
        .ends
        .send(QueueWrite::End(
            inv.id.clone(),
            inv.attempts,
            end.clone(),
            tx,
        ))
        .await
        .is_ok()
    {
        let _ = rx.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        for _ in 0..100 {
            let first = backoff(1_000, 2).as_millis();
            assert!((500..1_500).contains(&first), "{first}");
            let third = backoff(1_000, 4).as_millis();
            assert!((2_000..6_000).contains(&third), "{third}");
            assert!(backoff(1_000, 40) <= MAX_BACKOFF);
        }
    }
}
