//! The record sink: logs and invocation records of real invocations, written off the hot path.
//!
//! Invocations hand records to a bounded queue with `try_send`; a background task writes them in
//! batches. When the queue is full the invocation still succeeds and the loss is counted
//! ([`RecordSink::dropped`], exposed on `/metrics`), never silent.

use fnhost_store::{InvocationRecord, Store, StoredLog};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;

pub enum Record {
    Invocation(InvocationRecord, Vec<StoredLog>),
}

impl Record {
    /// The record of one real invocation of function `lambda_uuid` and its non-Debug logs.
    pub fn of_invocation(
        account_id: &str,
        lambda_uuid: &str,
        request_id: &str,
        started_at: i64,
        outcome: &Result<fnhost_runtime::Outcome, fnhost_runtime::InvokeError>,
    ) -> Record {
        use fnhost_model::{ErrorCode, LogLevel};
        use fnhost_store::InvocationOutcome;
        let (class, code, duration_ms, cold, init_us, logs) = match outcome {
            Ok(o) => {
                let (class, code) = match &o.result {
                    Ok(_) => (InvocationOutcome::Succeeded, None),
                    Err(e) if e.code == ErrorCode::HandlerExecutionTimeExceeded => {
                        (InvocationOutcome::Timeout, Some(e.code.as_str().to_owned()))
                    }
                    Err(e) => (
                        InvocationOutcome::CodingFailure,
                        Some(e.code.as_str().to_owned()),
                    ),
                };
                (
                    class,
                    code,
                    o.duration.as_millis() as i64,
                    o.cold_start,
                    o.init_time.as_micros() as i64,
                    o.logs.as_slice(),
                )
            }
            Err(_) => (
                InvocationOutcome::PlatformFailure,
                None,
                0,
                false,
                0,
                &[][..],
            ),
        };
        let stored = logs
            .iter()
            .filter(|l| l.level != LogLevel::Debug)
            .map(|l| StoredLog {
                account_id: account_id.to_owned(),
                lambda_uuid: lambda_uuid.to_owned(),
                request_id: request_id.to_owned(),
                timestamp: l.timestamp,
                level: l.level,
                message: l.message.clone(),
                extras: l.extras.clone(),
            })
            .collect();
        let record = InvocationRecord {
            account_id: account_id.to_owned(),
            lambda_uuid: lambda_uuid.to_owned(),
            request_id: request_id.to_owned(),
            started_at,
            duration_ms,
            outcome: class,
            error_code: code,
            cold_start: cold,
            init_us,
        };
        Record::Invocation(record, stored)
    }
}

pub struct RecordSink {
    tx: Option<mpsc::Sender<Record>>,
    dropped: AtomicU64,
    written: Arc<AtomicU64>,
    failed: Arc<AtomicU64>,
}

impl RecordSink {
    /// A sink that stores nothing (records disabled).
    pub fn disabled() -> Self {
        RecordSink {
            tx: None,
            dropped: AtomicU64::new(0),
            written: Arc::default(),
            failed: Arc::default(),
        }
    }

    /// Starts the writer task.
    pub fn start(store: Arc<dyn Store>, capacity: usize) -> Self {
        let (tx, mut rx) = mpsc::channel::<Record>(capacity.max(1));
        let written = Arc::new(AtomicU64::new(0));
        let failed = Arc::new(AtomicU64::new(0));
        let (w, f) = (written.clone(), failed.clone());
        tokio::spawn(async move {
            let mut invocations = Vec::new();
            let mut logs = Vec::new();
            let mut batch = Vec::with_capacity(1024);
            // Wake on the first record, then let records accumulate for 100 ms without waking
            // this task per record (no timer or wakeup per invocation on the gateway's threads),
            // and drain them in one go.
            while rx.recv_many(&mut batch, 1).await > 0 {
                tokio::time::sleep(Duration::from_millis(100)).await;
                while batch.len() < 20_000 {
                    match rx.try_recv() {
                        Ok(r) => batch.push(r),
                        Err(_) => break,
                    }
                }
                for Record::Invocation(inv, l) in batch.drain(..) {
                    invocations.push(inv);
                    logs.extend(l);
                }
                let n = invocations.len() as u64;
                let res = async {
                    store.insert_invocations(&invocations).await?;
                    store.insert_logs(&logs).await
                }
                .await;
                match res {
                    Ok(()) => w.fetch_add(n, Ordering::Relaxed),
                    Err(e) => {
                        tracing::warn!(error = %e, records = n, "could not store invocation records");
                        f.fetch_add(n, Ordering::Relaxed)
                    }
                };
                invocations.clear();
                logs.clear();
            }
        });
        RecordSink {
            tx: Some(tx),
            dropped: AtomicU64::new(0),
            written,
            failed,
        }
    }

    pub fn enabled(&self) -> bool {
        self.tx.is_some()
    }

    /// Queues a record without waiting. Counts it as dropped when the queue is full.
    pub fn submit(&self, record: Record) {
        if let Some(tx) = &self.tx
            && tx.try_send(record).is_err()
        {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
    }
    pub fn failed(&self) -> u64 {
        self.failed.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fnhost_store::{Backend, InvocationOutcome, SqlStore, testing::TestDb};

    fn record(n: usize) -> Record {
        Record::Invocation(
            InvocationRecord {
                account_id: "1".into(),
                lambda_uuid: "L".into(),
                request_id: format!("r{n}"),
                started_at: n as i64,
                duration_ms: 1,
                outcome: InvocationOutcome::Succeeded,
                error_code: None,
                cold_start: false,
                init_us: 0,
            },
            vec![],
        )
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_full_queue_drops_and_counts_instead_of_blocking() {
        let db = TestDb::new(Backend::Sqlite).await;
        let store: Arc<dyn Store> = Arc::new(SqlStore::connect(&db.url).await.unwrap());
        let sink = RecordSink::start(store.clone(), 10);
        // No await between submits: the writer cannot run, so only 10 fit.
        for n in 0..100 {
            sink.submit(record(n));
        }
        assert_eq!(sink.dropped(), 90);
        for _ in 0..100 {
            if sink.written() == 10 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(sink.written(), 10);
        assert_eq!(
            store
                .query_invocations("1", None, 0, 1000)
                .await
                .unwrap()
                .len(),
            10
        );
    }
}
