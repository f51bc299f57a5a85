//! The supervisor: the one owner of the server's background work.
//!
//! Two kinds of work are started through it, never with a bare `tokio::spawn`:
//! - **loops** ([`Supervisor::spawn_loop`]): named periodic tasks (deployment sync, retention,
//!   scheduler, recovery). Each gets a [`Shutdown`] and stops between iterations when it fires.
//! - **jobs** ([`Supervisor::spawn_job`]): one-shot work started by a request (a deployment, the
//!   second half of an undeploy). Shutdown waits for them, bounded; a job cut off by the bound is
//!   resumed after restart (deployments carry a lease, see `deployments.rs`).
//!
//! **Architecture invariant:** [`Supervisor::stop`] runs after the listener stopped and in-flight
//! requests drained, so no new work can start; it stops the loops, waits for the jobs, and only
//! then closes the record writer, which writes everything queued before it exits. So every
//! invocation answered 200 before a SIGTERM has its record in the store after the restart.

use std::sync::Mutex;
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// A clonable signal that background work should stop.
#[derive(Clone)]
pub struct Shutdown(CancellationToken);

impl Shutdown {
    /// Resolves when shutdown starts.
    pub async fn wait(&self) {
        self.0.cancelled().await
    }
    pub fn is_started(&self) -> bool {
        self.0.is_cancelled()
    }
}

/// When a loop's first iteration runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstRun {
    /// At once (work that may be overdue after a restart: retention, due schedules).
    Immediately,
    /// After one period (work that start-up already did: the first sync, the first recovery).
    AfterOnePeriod,
}

/// What [`Supervisor::stop`] found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StopReport {
    /// Loops that did not stop within the bound (named).
    pub loops_abandoned: Vec<&'static str>,
    /// Jobs still running when the bound expired.
    pub jobs_abandoned: usize,
}

#[derive(Default)]
pub struct Supervisor {
    token: CancellationToken,
    loops: Mutex<Vec<(&'static str, JoinHandle<()>)>>,
    jobs: TaskTracker,
}

impl Supervisor {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn shutdown(&self) -> Shutdown {
        Shutdown(self.token.clone())
    }

    /// Runs `body` every `every` until shutdown. An iteration in progress is finished first.
    pub fn spawn_loop<F, Fut>(
        &self,
        name: &'static str,
        first: FirstRun,
        every: Duration,
        mut body: F,
    ) where
        F: FnMut() -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let token = self.token.clone();
        let handle = tokio::spawn(async move {
            let start = match first {
                FirstRun::Immediately => tokio::time::Instant::now(),
                FirstRun::AfterOnePeriod => tokio::time::Instant::now() + every,
            };
            let mut tick = tokio::time::interval_at(start, every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    biased;
                    _ = token.cancelled() => break,
                    _ = tick.tick() => body().await,
                }
            }
            tracing::debug!(task = name, "background loop stopped");
        });
        self.loops
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((name, handle));
    }

    /// Runs a long-lived worker that watches its [`Shutdown`] and returns when it fires (for work
    /// that is woken by events as well as by time). Stopped and waited for like a loop.
    pub fn spawn_worker<F, Fut>(&self, name: &'static str, body: F)
    where
        F: FnOnce(Shutdown) -> Fut,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let handle = tokio::spawn(body(self.shutdown()));
        self.loops
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((name, handle));
    }

    /// Starts a one-shot job that shutdown waits for.
    pub fn spawn_job<Fut>(&self, fut: Fut)
    where
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        self.jobs.spawn(fut);
    }

    /// Stops the loops and waits for running jobs, each within `bound`.
    pub async fn stop(&self, bound: Duration) -> StopReport {
        self.token.cancel();
        let loops = std::mem::take(&mut *self.loops.lock().unwrap_or_else(|e| e.into_inner()));
        let mut report = StopReport::default();
        let deadline = tokio::time::Instant::now() + bound;
        for (name, handle) in loops {
            let abort = handle.abort_handle();
            if tokio::time::timeout_at(deadline, handle).await.is_err() {
                abort.abort();
                report.loops_abandoned.push(name);
            }
        }
        self.jobs.close();
        if tokio::time::timeout(bound, self.jobs.wait()).await.is_err() {
            report.jobs_abandoned = self.jobs.len();
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn stop_ends_loops_and_waits_for_jobs() {
        let s = Supervisor::new();
        let ticks = Arc::new(AtomicUsize::new(0));
        let t = ticks.clone();
        s.spawn_loop(
            "count",
            FirstRun::Immediately,
            Duration::from_millis(5),
            move || {
                let t = t.clone();
                async move {
                    t.fetch_add(1, Ordering::SeqCst);
                }
            },
        );
        let done = Arc::new(AtomicUsize::new(0));
        let d = done.clone();
        s.spawn_job(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            d.fetch_add(1, Ordering::SeqCst);
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        let report = s.stop(Duration::from_secs(2)).await;
        assert_eq!(report, StopReport::default());
        assert_eq!(done.load(Ordering::SeqCst), 1, "the job ran to its end");
        let after = ticks.load(Ordering::SeqCst);
        assert!(after > 0);
        tokio::time::sleep(Duration::from_millis(30)).await;
        assert_eq!(ticks.load(Ordering::SeqCst), after, "no tick after stop");
    }

    #[tokio::test]
    async fn a_job_past_the_bound_is_reported() {
        let s = Supervisor::new();
        s.spawn_job(async { tokio::time::sleep(Duration::from_secs(60)).await });
        let report = s.stop(Duration::from_millis(50)).await;
        assert_eq!(report.jobs_abandoned, 1);
    }
}
