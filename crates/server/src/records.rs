//! The record sink: logs and invocation records of real invocations, written off the hot path.
//!
//! Invocations hand records to a bounded queue with `try_send`; a background task writes them in
//! batches (records, rollups and logs of a batch in one transaction). When the queue is full the
//! invocation still succeeds and the loss is counted ([`RecordSink::dropped`], exposed on
//! `/metrics`), never silent. [`RecordSink::close`] (called by the shutdown sequence) writes
//! everything queued before the writer stops.

use fnhost_store::{InvocationRecord, Store, StoredLog};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

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
        let (class, code, duration_ms, cold, init_us, cpu_us, logs) = match outcome {
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
                    o.cpu_time.as_micros() as i64,
                    o.logs.as_slice(),
                )
            }
            Err(_) => (
                InvocationOutcome::PlatformFailure,
                None,
                0,
                false,
                0,
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
            cpu_us,
        };
        Record::Invocation(record, stored)
    }
}

pub struct RecordSink {
    tx: Option<mpsc::Sender<Record>>,
    dropped: AtomicU64,
    written: Arc<AtomicU64>,
    failed: Arc<AtomicU64>,
    close: CancellationToken,
    writer: Mutex<Option<JoinHandle<()>>>,
}

/// How long the writer lets records accumulate after the first one before writing a batch.
const BATCH_WINDOW: Duration = Duration::from_millis(100);
/// The most records written in one transaction.
const MAX_BATCH: usize = 20_000;
/// Attempts to write one batch before its records are counted as failed.
const WRITE_ATTEMPTS: u32 = 5;

/// Writes one batch, retrying while the store is unavailable (a failover, a restart).
async fn write_batch(
    store: &dyn Store,
    metrics: Option<&crate::metrics::Metrics>,
    invocations: &[InvocationRecord],
    logs: &[StoredLog],
) -> Result<(), fnhost_store::StoreError> {
    let mut delay = Duration::from_millis(100);
    let mut attempt = 1;
    loop {
        let clock = std::time::Instant::now();
        let r = store.record_invocations(invocations, logs).await;
        if let Some(m) = metrics {
            m.store("record_batch", clock.elapsed());
        }
        match r {
            Ok(()) => return Ok(()),
            Err(e) if attempt < WRITE_ATTEMPTS => {
                tracing::warn!(error = %e, attempt, "could not store invocation records; retrying");
                tokio::time::sleep(delay).await;
                delay *= 2;
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

/// The writer task: takes records off the queue and stores them in batches.
struct Writer {
    rx: mpsc::Receiver<Record>,
    store: Arc<dyn Store>,
    metrics: Option<Arc<crate::metrics::Metrics>>,
    written: Arc<AtomicU64>,
    failed: Arc<AtomicU64>,
    closing: CancellationToken,
}

impl Writer {
    /// One batch per wake-up while running; on close, every batch left in the queue, then stop.
    async fn run(mut self) {
        let mut batch = Vec::with_capacity(1024);
        loop {
            let closing = self.wait_for_records(&mut batch).await;
            if closing {
                self.rx.close();
            }
            while self.fill(&mut batch) > 0 {
                self.write(&mut batch).await;
                if !closing {
                    break;
                }
            }
            if closing {
                return;
            }
        }
    }

    /// Waits for a first record, then lets more accumulate for [`BATCH_WINDOW`] without waking
    /// per record. `true` when the sink is closing (or every sender is gone).
    async fn wait_for_records(&mut self, batch: &mut Vec<Record>) -> bool {
        tokio::select! {
            n = self.rx.recv_many(batch, 1) => n == 0 || tokio::select! {
                _ = tokio::time::sleep(BATCH_WINDOW) => false,
                _ = self.closing.cancelled() => true,
            },
            _ = self.closing.cancelled() => true,
        }
    }

    /// Moves queued records into `batch`, up to [`MAX_BATCH`]; returns the batch's size.
    fn fill(&mut self, batch: &mut Vec<Record>) -> usize {
        while batch.len() < MAX_BATCH {
            match self.rx.try_recv() {
                Ok(r) => batch.push(r),
                Err(_) => break,
            }
        }
        batch.len()
    }

    /// Stores one batch (records, rollups and logs in one transaction) and counts the result.
    async fn write(&self, batch: &mut Vec<Record>) {
        let mut invocations = Vec::with_capacity(batch.len());
        let mut logs = Vec::new();
        for Record::Invocation(inv, l) in batch.drain(..) {
            invocations.push(inv);
            logs.extend(l);
        }
        let n = invocations.len() as u64;
        match write_batch(
            self.store.as_ref(),
            self.metrics.as_deref(),
            &invocations,
            &logs,
        )
        .await
        {
            Ok(()) => self.written.fetch_add(n, Ordering::Relaxed),
            Err(e) => {
                tracing::error!(error = %e, records = n, "invocation records lost: the store refused them");
                self.failed.fetch_add(n, Ordering::Relaxed)
            }
        };
    }
}

impl RecordSink {
    /// A sink that stores nothing (records disabled).
    pub fn disabled() -> Self {
        RecordSink {
            tx: None,
            dropped: AtomicU64::new(0),
            written: Arc::default(),
            failed: Arc::default(),
            close: CancellationToken::new(),
            writer: Mutex::new(None),
        }
    }

    /// Starts the writer task. It runs until [`RecordSink::close`].
    pub fn start(
        store: Arc<dyn Store>,
        capacity: usize,
        metrics: Option<Arc<crate::metrics::Metrics>>,
    ) -> Self {
        let (tx, rx) = mpsc::channel::<Record>(capacity.max(1));
        let written = Arc::new(AtomicU64::new(0));
        let failed = Arc::new(AtomicU64::new(0));
        let close = CancellationToken::new();
        let writer = tokio::spawn(
            Writer {
                rx,
                store,
                metrics,
                written: written.clone(),
                failed: failed.clone(),
                closing: close.clone(),
            }
            .run(),
        );
        RecordSink {
            tx: Some(tx),
            dropped: AtomicU64::new(0),
            written,
            failed,
            close,
            writer: Mutex::new(Some(writer)),
        }
    }

    /// Writes everything queued, stops the writer and returns how many records it wrote in all.
    /// Records submitted after this are counted as dropped.
    pub async fn close(&self) -> u64 {
        self.close.cancel();
        let writer = self.writer.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(w) = writer {
            let _ = w.await;
        }
        self.written()
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
                cpu_us: 0,
            },
            vec![],
        )
    }

    #[tokio::test]
    async fn close_writes_everything_queued() {
        let db = TestDb::new(Backend::Sqlite).await;
        let store: Arc<dyn Store> = Arc::new(SqlStore::connect(&db.url).await.unwrap());
        let sink = RecordSink::start(store.clone(), 100_000, None);
        for n in 0..5_000 {
            sink.submit(record(n));
        }
        assert_eq!(sink.close().await, 5_000);
        assert_eq!(sink.dropped(), 0);
        let counts = store
            .outcome_counts("1", None, 0, 10_000, 10_000)
            .await
            .unwrap();
        assert_eq!(counts[0].succeeded, 5_000);
        sink.submit(record(1));
        assert_eq!(
            sink.dropped(),
            1,
            "after close, a record is counted as dropped"
        );
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_full_queue_drops_and_counts_instead_of_blocking() {
        let db = TestDb::new(Backend::Sqlite).await;
        let store: Arc<dyn Store> = Arc::new(SqlStore::connect(&db.url).await.unwrap());
        let sink = RecordSink::start(store.clone(), 10, None);
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
