//! The asynchronous invocation queue: invocations accepted with a 202, their attempts, retries
//! and dead letters. One table on both backends; any node may take work.
//!
//! **Invariants:** an accepted invocation is committed before the caller hears 202; a claim is
//! a lease (`lease_owner`, `lease_until`), so work whose node died is taken again once the lease
//! expires (at-least-once: an attempt cut off by a crash runs again); an attempt's end is recorded
//! only by the lease holder (compare-and-set on the owner), so two nodes never both finish one
//! invocation. No ordering is promised.

use crate::StoreError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// Where an asynchronous invocation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AsyncState {
    /// Accepted, waiting for a worker.
    Queued,
    /// An attempt is running (under a lease).
    Running,
    /// Finished with a result.
    Succeeded,
    /// The last attempt failed; another is scheduled (`next_run_at`).
    Failed,
    /// Every attempt failed, or the failure is final: a dead letter.
    Dead,
}

impl AsyncState {
    pub const fn as_str(self) -> &'static str {
        match self {
            AsyncState::Queued => "queued",
            AsyncState::Running => "running",
            AsyncState::Succeeded => "succeeded",
            AsyncState::Failed => "failed",
            AsyncState::Dead => "dead",
        }
    }

    pub fn parse(s: &str) -> Option<AsyncState> {
        Some(match s {
            "queued" => AsyncState::Queued,
            "running" => AsyncState::Running,
            "succeeded" => AsyncState::Succeeded,
            "failed" => AsyncState::Failed,
            "dead" => AsyncState::Dead,
            _ => return None,
        })
    }
}

/// One failed attempt, as the dead-letter list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptError {
    pub attempt: i64,
    /// Epoch ms when the attempt ended.
    pub at: i64,
    pub error_code: String,
    pub error_msg: String,
    /// The attempt's log entries (`{level, message, extras, timestamp}`).
    #[serde(default)]
    pub logs: Vec<serde_json::Value>,
}

/// A new invocation to queue.
#[derive(Debug, Clone)]
pub struct NewAsyncInvocation {
    pub id: String,
    pub account_id: String,
    pub lambda_uuid: String,
    /// The event it was sent to, for invocations by event (one row per listener).
    pub event_id: Option<String>,
    pub request_id: String,
    /// The function's input JSON.
    pub input: String,
    /// Attempts in all (1 + retries).
    pub max_attempts: i64,
    pub created_at: i64,
    /// Claimed as it is stored: the accepting node runs the first attempt itself, under this
    /// lease (no claim transaction; a crash hands it on as any expired lease does).
    pub lease: Option<Claim>,
}

/// A claim on an invocation: who runs its attempt, and until when before others may take it.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub owner: String,
    pub until: i64,
}

/// A stored asynchronous invocation.
#[derive(Debug, Clone, PartialEq)]
pub struct AsyncInvocation {
    pub id: String,
    pub account_id: String,
    pub lambda_uuid: String,
    pub event_id: Option<String>,
    pub request_id: String,
    pub input: String,
    pub state: AsyncState,
    /// Attempts started so far.
    pub attempts: i64,
    pub max_attempts: i64,
    /// When the next attempt may start (queued or failed).
    pub next_run_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
    /// The result JSON, once succeeded.
    pub result: Option<String>,
    /// Every failed attempt, oldest first.
    pub errors: Vec<AttemptError>,
}

/// How an attempt ended.
#[derive(Debug, Clone)]
pub enum AttemptEnd {
    Succeeded {
        result: String,
    },
    /// Failed; try again at `next_run_at`.
    Retry {
        error: AttemptError,
        next_run_at: i64,
    },
    /// Failed for the last time: a dead letter.
    Dead {
        error: AttemptError,
    },
    /// Not run (the function was at its concurrency limit, the node is stopping): back to the
    /// queue at `next_run_at` without counting the attempt.
    Postpone {
        next_run_at: i64,
    },
}

/// What a listing selects.
#[derive(Debug, Clone, Default)]
pub struct AsyncFilter {
    pub state: Option<AsyncState>,
    pub lambda_uuid: Option<String>,
    pub limit: i64,
}

/// Queue depth and dead letters of one function.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueStats {
    pub account_id: String,
    pub lambda_uuid: String,
    pub queued: i64,
    pub running: i64,
    /// Waiting for a retry.
    pub retrying: i64,
    pub dead: i64,
    /// Epoch ms of the oldest invocation still waiting (queued or retrying), if any.
    pub oldest_waiting_at: Option<i64>,
    /// Attempts beyond the first of the invocations counted here (not succeeded: the finished
    /// history is not read, so the figures stay an index range however much has run;
    /// `/metrics` counts every retry as it happens instead).
    pub retries: i64,
}

/// The queue's operations (implemented by both backends).
#[async_trait]
pub trait AsyncQueue: Send + Sync {
    /// Stores a queued invocation (committed when this returns), unless the account already has
    /// `max_depth` invocations waiting or running: `LimitReached`.
    async fn enqueue(&self, inv: &NewAsyncInvocation, max_depth: i64) -> Result<(), StoreError>;
    /// Stores many invocations in one transaction (group commit). The caller checked the depth
    /// (see [`AsyncQueue::waiting`]).
    async fn enqueue_batch(&self, invs: &[NewAsyncInvocation]) -> Result<(), StoreError> {
        self.commit_batch(invs, "", &[], 0).await.map(|_| ())
    }
    /// One group commit of a node's queue work: stores `accepted` (those with a lease as
    /// running their first attempt) and records `ends` of attempts `owner` ran, as
    /// [`AsyncQueue::finish_attempts`] does, all in one transaction. The store may keep its
    /// write connection for the next batch for a few milliseconds (see
    /// [`AsyncQueue::release_batch_connection`]).
    async fn commit_batch(
        &self,
        accepted: &[NewAsyncInvocation],
        owner: &str,
        ends: &[(String, i64, AttemptEnd)],
        now: i64,
    ) -> Result<Vec<bool>, StoreError>;
    /// Gives back the write connection [`AsyncQueue::commit_batch`] keeps between group commits
    /// (for a few milliseconds at most): the queue writer calls it when it has no more work.
    async fn release_batch_connection(&self) {}
    /// How many invocations of the account are waiting or running (a read; no lock).
    async fn waiting(&self, account_id: &str) -> Result<i64, StoreError>;
    /// Claims up to `limit` due invocations for `owner` until `lease_until`: queued or waiting
    /// for a retry with `next_run_at <= now`, or running under a lease that expired. Each claim
    /// starts an attempt.
    async fn claim_due(
        &self,
        owner: &str,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<AsyncInvocation>, StoreError>;
    /// Records how an attempt ended, if `owner` still holds the claim it made as attempt
    /// number `attempt` (`false` otherwise: the lease expired and the invocation was claimed
    /// again, by another node or this one; that claim's end counts).
    async fn finish_attempt(
        &self,
        id: &str,
        owner: &str,
        attempt: i64,
        end: &AttemptEnd,
        now: i64,
    ) -> Result<bool, StoreError>;
    /// [`AsyncQueue::finish_attempt`] for many attempts `(id, attempt, end)` in one transaction
    /// (group commit).
    async fn finish_attempts(
        &self,
        owner: &str,
        ends: &[(String, i64, AttemptEnd)],
        now: i64,
    ) -> Result<Vec<bool>, StoreError> {
        self.commit_batch(&[], owner, ends, now).await
    }
    /// Puts back every invocation `owner` was running (a restarted node's own leftovers); one
    /// that already ran past its last attempt (cut off by a crash more than once) becomes a
    /// dead letter instead, so an invocation that crashes its node is not run forever.
    async fn release_claims(&self, owner: &str, now: i64) -> Result<u64, StoreError>;
    async fn get_async(
        &self,
        account_id: &str,
        id: &str,
    ) -> Result<Option<AsyncInvocation>, StoreError>;
    /// Newest first.
    async fn list_async(
        &self,
        account_id: &str,
        filter: &AsyncFilter,
    ) -> Result<Vec<AsyncInvocation>, StoreError>;
    /// Queues dead letters again (one, or all of the account's with `id = None`) with a fresh
    /// set of attempts, as many as before, numbered on from the earlier ones. Returns how many.
    async fn redrive(
        &self,
        account_id: &str,
        id: Option<&str>,
        now: i64,
    ) -> Result<u64, StoreError>;
    /// Deletes a dead letter. `false` when there is none with this id.
    async fn delete_dead(&self, account_id: &str, id: &str) -> Result<bool, StoreError>;
    /// Per function with an invocation not succeeded (of one account, or of all with `None`):
    /// waiting, running, retrying and dead invocations, the oldest waiting, and retries (see
    /// [`QueueStats::retries`]).
    async fn queue_stats(&self, account_id: Option<&str>) -> Result<Vec<QueueStats>, StoreError>;
    /// Removes finished invocations (succeeded or dead) that ended before `before`.
    async fn purge_async_before(&self, before: i64) -> Result<u64, StoreError>;
}
