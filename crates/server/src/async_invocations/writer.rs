//! The queue writer: accepted invocations and attempt ends written in group commits, and the
//! accepted invocations this node has room for started right after the commit that holds them.
//!
//! **Architecture Invariant:** a waiter hears its verdict only after the commit that holds its
//! write; an invocation started at accept is stored already claimed by this node before its
//! attempt starts.

use super::{CLAIM_AT_LEAST, LEASE_MARGIN_MS, start_attempt};
use crate::state::AppState;
use fnhost_store::{
    AsyncInvocation, AsyncState, AttemptEnd, Claim, NewAsyncInvocation, StoreError,
};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Invocations gathered into one transaction at most (group commit).
pub(super) const MAX_BATCH: usize = 512;

/// Work for the queue writer, and who waits for it: the invocations one request accepted (one,
/// or one per listener of an event; answered with whether its account had room for all of them —
/// they are stored together or not at all), or an attempt's end to record.
pub(super) enum QueueWrite {
    Accept(
        Vec<NewAsyncInvocation>,
        tokio::sync::oneshot::Sender<Result<bool, StoreError>>,
    ),
    End(String, i64, AttemptEnd, tokio::sync::oneshot::Sender<()>),
}

/// What the queue writer takes its work from; a writer may take both kinds or only one.
pub(super) struct Inbox {
    pub(super) accepts: Option<tokio::sync::mpsc::Receiver<QueueWrite>>,
    pub(super) ends: Option<tokio::sync::mpsc::Receiver<QueueWrite>>,
    /// An accept taken that did not fit the last batch's byte budget: first in the next.
    carried: Option<QueueWrite>,
}

/// How long the queue writer waits for more work before the store's write connection goes back.
const IDLE_BEFORE_RELEASE: Duration = Duration::from_micros(500);

/// Input bytes gathered into one group commit at most (beyond the first invocation).
pub(super) const MAX_BATCH_BYTES: usize = 8 << 20;

impl Inbox {
    pub(super) fn new(
        accepts: Option<tokio::sync::mpsc::Receiver<QueueWrite>>,
        ends: Option<tokio::sync::mpsc::Receiver<QueueWrite>>,
    ) -> Self {
        Inbox {
            accepts,
            ends,
            carried: None,
        }
    }

    /// Waits for work, then takes whatever else is already waiting — attempt ends first (they
    /// free attempt slots), then accepts up to [`MAX_BATCH`] writes and [`MAX_BATCH_BYTES`] of
    /// input: one group commit. `None` once every sender is gone.
    pub(super) async fn next_batch(&mut self) -> Option<Vec<QueueWrite>> {
        async fn recv(
            rx: &mut Option<tokio::sync::mpsc::Receiver<QueueWrite>>,
        ) -> Option<QueueWrite> {
            match rx {
                Some(rx) => rx.recv().await,
                None => None,
            }
        }
        let first = match self.carried.take() {
            Some(w) => w,
            None => tokio::select! {
                Some(w) = recv(&mut self.ends) => w,
                Some(w) = recv(&mut self.accepts) => w,
                else => return None,
            },
        };
        let mut bytes = 0;
        let mut batch = vec![first];
        if let Some(rx) = &mut self.ends {
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(next) => batch.push(next),
                    Err(_) => break,
                }
            }
        }
        if let Some(rx) = &mut self.accepts {
            while batch.len() < MAX_BATCH {
                let Ok(next) = rx.try_recv() else { break };
                if let QueueWrite::Accept(group, _) = &next {
                    bytes += group.iter().map(|inv| inv.input.len()).sum::<usize>();
                    if bytes > MAX_BATCH_BYTES {
                        self.carried = Some(next);
                        break;
                    }
                }
                batch.push(next);
            }
        }
        Some(batch)
    }
}

/// Group commit: whatever accepted invocations and attempt ends are waiting go into one
/// transaction; then each waiter hears its verdict, and the accepted invocations this node has
/// room for start at once (stored already claimed, so they need no claim transaction). A
/// request's 202 waits for the commit that holds its invocation.
pub(super) async fn write_queue(state: crate::state::WeakState, mut inbox: Inbox) {
    let mut depths = Depths::default();
    loop {
        // The store keeps its write connection between group commits while work keeps coming;
        // it goes back as soon as none is waiting.
        let batch = match tokio::time::timeout(IDLE_BEFORE_RELEASE, inbox.next_batch()).await {
            Ok(batch) => batch,
            Err(_) => {
                if let Some(st) = state.upgrade() {
                    st.store.release_batch_connection().await;
                }
                inbox.next_batch().await
            }
        };
        let Some(batch) = batch else { return };
        let Some(st) = state.upgrade() else { return };
        let mut accepts = Vec::new();
        let mut ends = Vec::new();
        let mut end_waiters = Vec::new();
        for write in batch {
            match write {
                QueueWrite::Accept(group, w) => accepts.push((group, w)),
                QueueWrite::End(id, attempt, end, w) => {
                    ends.push((id, attempt, end));
                    end_waiters.push(w);
                }
            }
        }
        let verdicts = match depths
            .admit(
                &st,
                accepts.iter().filter_map(|(group, _)| {
                    Some((group.first()?.account_id.as_str(), group.len() as i64))
                }),
            )
            .await
        {
            Ok(v) => v,
            Err(e) => {
                for (_, w) in accepts.drain(..) {
                    let _ = w.send(Err(e.clone()));
                }
                Vec::new()
            }
        };
        let now = crate::now_ms();
        let lease_until = now + st.config.limits.timeout_ms as i64 + LEASE_MARGIN_MS;
        let mut stored = Vec::new();
        let mut answers = Vec::new();
        let mut started = Vec::new();
        for ((group, w), ok) in accepts.into_iter().zip(verdicts) {
            if ok {
                for mut inv in group {
                    if let Some(slot) = spare_slot(&st) {
                        inv.lease = Some(Claim {
                            owner: st.node_id.clone(),
                            until: lease_until,
                        });
                        started.push((stored.len(), slot));
                    }
                    stored.push(inv);
                }
            }
            answers.push((w, ok));
        }
        let queued = stored.len() > started.len()
            || ends.iter().any(|(_, _, e)| {
                matches!(e, AttemptEnd::Retry { .. } | AttemptEnd::Postpone { .. })
            });
        match st
            .store
            .commit_batch(&stored, &st.node_id, &ends, now)
            .await
        {
            Ok(done) => {
                for ((id, _, _), ok) in ends.iter().zip(done) {
                    if !ok {
                        tracing::info!(%id, "another node took this asynchronous invocation over");
                    }
                }
                // Started before the answers go out, so a shutdown that drains the requests
                // also waits for these attempts.
                for (i, slot) in started {
                    start_attempt(&st, first_attempt(&stored[i], now), slot);
                }
                for (w, ok) in answers {
                    let _ = w.send(Ok(ok));
                }
                if queued {
                    st.async_worker_wake();
                }
            }
            Err(e) => {
                depths.forget();
                // The slots meant for these accepts are free again at once.
                drop(started);
                st.async_worker.wake.notify_one();
                for (w, _) in answers {
                    let _ = w.send(Err(e.clone()));
                }
                record_ends_alone(&st, &ends).await;
            }
        }
        for w in end_waiters {
            let _ = w.send(());
        }
    }
}

/// A free attempt slot for an invocation accepted now, if this node has room beyond the share
/// kept for claims (so queued and retried work is still taken while accepts keep coming) and is
/// not stopping.
fn spare_slot(st: &AppState) -> Option<tokio::sync::OwnedSemaphorePermit> {
    let slots = &st.async_worker.slots;
    if slots.available_permits() <= CLAIM_AT_LEAST
        || !st.async_worker.recovered.load(Ordering::Acquire)
        || st.supervisor.shutdown().is_started()
    {
        return None;
    }
    slots.clone().try_acquire_owned().ok()
}

/// An invocation stored with this node's claim, as a claim would have returned it.
fn first_attempt(inv: &NewAsyncInvocation, now: i64) -> AsyncInvocation {
    AsyncInvocation {
        id: inv.id.clone(),
        account_id: inv.account_id.clone(),
        lambda_uuid: inv.lambda_uuid.clone(),
        event_id: inv.event_id.clone(),
        request_id: inv.request_id.clone(),
        input: inv.input.clone(),
        state: AsyncState::Running,
        attempts: 1,
        max_attempts: inv.max_attempts,
        next_run_at: inv.created_at,
        created_at: inv.created_at,
        updated_at: now,
        finished_at: None,
        result: None,
        errors: Vec::new(),
    }
}

/// Attempt ends whose group commit failed, written on their own, retried briefly while the
/// store hiccups; if it stays down the leases expire and the attempts run again (at-least-once).
async fn record_ends_alone(st: &AppState, ends: &[(String, i64, AttemptEnd)]) {
    if ends.is_empty() {
        return;
    }
    let now = crate::now_ms();
    for wait_ms in [100u64, 400, 1_600] {
        tokio::time::sleep(Duration::from_millis(wait_ms)).await;
        match st.store.finish_attempts(&st.node_id, ends, now).await {
            Ok(_) => return,
            Err(e) => tracing::warn!(error = %e, n = ends.len(), "recording attempts failed"),
        }
    }
}

/// How long a counted queue depth is trusted before it is counted again.
const DEPTH_FRESH: Duration = Duration::from_secs(1);

/// The queue depth of each account as this node knows it: counted in the store at most
/// [`DEPTH_FRESH`] ago, plus what this node stored since. Counting on every group commit would
/// scan the backlog on the writer's time; this way the count is a read beside it. The limit is
/// therefore approximate across nodes (another node's accepts count from its next recount).
#[derive(Default)]
struct Depths(std::collections::HashMap<String, (i64, std::time::Instant)>);

impl Depths {
    /// For each request's group of `n` invocations in the batch, whether its account has room
    /// for all of them.
    async fn admit(
        &mut self,
        st: &AppState,
        groups: impl Iterator<Item = (&str, i64)>,
    ) -> Result<Vec<bool>, StoreError> {
        let mut verdicts = Vec::new();
        for (account, n) in groups {
            let fresh = self
                .0
                .get(account)
                .is_some_and(|(_, at)| at.elapsed() < DEPTH_FRESH);
            if !fresh {
                let n = st.store.waiting(account).await?;
                self.0
                    .insert(account.to_owned(), (n, std::time::Instant::now()));
            }
            let entry = self.0.get_mut(account).expect("inserted above");
            let ok = entry.0 + n <= st.config.async_queue_depth;
            if ok {
                entry.0 += n;
            }
            verdicts.push(ok);
        }
        Ok(verdicts)
    }

    /// After a failed commit nothing counted since is certain.
    fn forget(&mut self) {
        self.0.clear();
    }
}
