//! The two hot writes on SQLite — the queue's group commit and a batch of invocation records —
//! written straight through SQLite's C API (rusqlite) on a thread of their own instead of
//! through sqlx.
//!
//! Why: sqlx runs every SQLite statement as a message to the connection's own thread and back,
//! and returns a pooled connection with one more (a ping). A group commit is `BEGIN`, an insert,
//! an update and `COMMIT`: under load each hop waited for a CPU (0.02–0.9 ms each on this 2-core
//! machine), and the queue writer — one batch at a time — spent most of its time in those waits.
//! Here a whole write is one message to one thread and back, with statements prepared once.
//!
//! **Store invariant (unchanged):** writes are serialised by the writer pool's one connection.
//! This path writes only while the caller holds that connection (its *turn*), so its
//! transactions never meet another writer of this process; another process is waited for by
//! `busy_timeout`, as on the pool's connections. The record and attempt-end statements are the
//! pool's own text; the accept insert binds each row instead of reading a JSON array.

use crate::StoreError;
use crate::async_queue::{AttemptEnd, NewAsyncInvocation};
use crate::records::StoredLog;
use crate::sql_async::{FINISH_OTHER, FINISH_SUCCEEDED, RUNNING_ERRORS};
use crate::sql_logs::{INSERT_RECORD_BATCH, ROWS_PER_INSERT, log_values, logs_insert};
use crate::sql_records::RecordWrite;
use rusqlite::{OptionalExtension, ToSql, TransactionBehavior, params, params_from_iter};

/// A second connection to the store's SQLite file, used only for the writes above.
pub(crate) struct DirectSqlite {
    jobs: std::sync::mpsc::Sender<Job>,
}

/// Work for the connection's thread.
type Job = Box<dyn FnOnce(&mut rusqlite::Connection) + Send>;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        match e.sqlite_error_code() {
            Some(ConstraintViolation) => StoreError::Conflict(e.to_string()),
            Some(
                DatabaseBusy
                | DatabaseLocked
                | SystemIoFailure
                | DatabaseCorrupt
                | DiskFull
                | CannotOpen
                | FileLockingProtocolFailed
                | NotADatabase,
            ) => StoreError::Unavailable(e.to_string()),
            _ => StoreError::Other(e.to_string()),
        }
    }
}

/// The file behind a `sqlite:` URL as sqlx reads it (`sqlite://path?…`, `sqlite:path`,
/// percent-decoded); `None` for an in-memory database, which a second connection could not share.
fn file_of(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" || url.contains("mode=memory") {
        return None;
    }
    percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()
        .map(|p| p.into_owned())
}

impl DirectSqlite {
    /// Opens the file of `url` (already created, migrated and in WAL mode by the pool) with the
    /// pool's pragmas; `None` when the database is in memory.
    pub(crate) fn open(
        url: &str,
        busy_timeout_ms: u32,
    ) -> Result<Option<DirectSqlite>, StoreError> {
        let Some(path) = file_of(url) else {
            return Ok(None);
        };
        // Never creates a file: the pool made and migrated it; a path read differently than
        // sqlx reads it fails here, and the pool does these writes as well.
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let opened = rusqlite::Connection::open_with_flags(&path, flags).and_then(|c| {
            c.prepare("SELECT 1 FROM async_invocations, invocation_batches LIMIT 0")?;
            Ok(c)
        });
        let conn = match opened {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(%path, error = %e, "direct SQLite writes off; writing through the pool");
                return Ok(None);
            }
        };
        conn.busy_timeout(std::time::Duration::from_millis(busy_timeout_ms.into()))?;
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 16384;")?;
        let (jobs, inbox) = std::sync::mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("fnhost-sqlite".into())
            .spawn(move || {
                let mut conn = conn;
                // Until the store is dropped (its sender with it). A write that panics is rolled
                // back as its transaction unwinds; its caller hears the thread stopped, the
                // thread goes on with the next.
                while let Ok(job) = inbox.recv() {
                    let _ =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut conn)));
                }
            })
            .map_err(|e| {
                StoreError::Other(format!("cannot start the SQLite writer thread: {e}"))
            })?;
        Ok(Some(DirectSqlite { jobs }))
    }

    /// Runs `f` on the connection's own thread and answers its result.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut rusqlite::Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let gone = || StoreError::Unavailable("the SQLite writer thread stopped".into());
        self.jobs
            .send(Box::new(move |c| {
                let _ = tx.send(f(c));
            }))
            .map_err(|_| gone())?;
        rx.await.map_err(|_| gone())?
    }
}

/// One group commit (see `AsyncQueue::commit_batch`): inserts `accepted`, records `ends` of
/// attempts `owner` ran, all in one transaction.
pub(crate) fn commit_batch(
    conn: &mut rusqlite::Connection,
    accepted: &[NewAsyncInvocation],
    owner: &str,
    ends: &[(String, i64, AttemptEnd)],
    now: i64,
) -> Result<Vec<bool>, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO async_invocations (id, account_id, lambda_uuid, event_id, request_id, \
                 input, state, attempts, max_attempts, next_run_at, created_at, updated_at, \
                 errors_json, lease_owner, lease_until) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?10, '[]', ?11, ?12)",
        )?;
        for i in accepted {
            let (state, attempts) = match i.lease {
                Some(_) => ("running", 1i64),
                None => ("queued", 0),
            };
            insert.execute(params![
                i.id,
                i.account_id,
                i.lambda_uuid,
                i.event_id,
                i.request_id,
                i.input,
                state,
                attempts,
                i.max_attempts,
                i.created_at,
                i.lease.as_ref().map(|l| &l.owner),
                i.lease.as_ref().map(|l| l.until),
            ])?;
        }
    }
    let mut done = Vec::with_capacity(ends.len());
    for (id, attempt, end) in ends {
        done.push(finish(&tx, id, owner, *attempt, end, now)?);
    }
    tx.commit()?;
    Ok(done)
}

/// Stores one write of invocation records (see `SqlStore::record`) in one transaction.
pub(crate) fn write_records(
    conn: &mut rusqlite::Connection,
    w: &RecordWrite,
    logs: &[StoredLog],
) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for b in &w.batches {
        tx.prepare_cached(INSERT_RECORD_BATCH)?.execute(params![
            b.account_id,
            b.lambda_uuid,
            b.first_started,
            b.last_started,
            b.records_json
        ])?;
    }
    for (sql, rows) in &w.rollups {
        let mut upsert = tx.prepare_cached(sql)?;
        for ((account, minute, lambda), r) in rows {
            let key: [&dyn ToSql; 3] = [account, lambda, minute];
            let counters: Vec<i64> = r.counters().collect();
            let values = key
                .into_iter()
                .chain(counters.iter().map(|c| c as &dyn ToSql));
            upsert.execute(params_from_iter(values))?;
        }
    }
    for chunk in logs.chunks(ROWS_PER_INSERT) {
        let rows: Vec<_> = chunk.iter().map(log_values).collect();
        let values = rows
            .iter()
            .flat_map(|(a, u, r, ts, level, message, extras)| {
                [a as &dyn ToSql, u, r, ts, level, message, extras]
            });
        // Full chunks share one cached statement; the last, shorter one is prepared once (a
        // cached statement per length would push the hot ones out of the cache).
        if chunk.len() == ROWS_PER_INSERT {
            tx.prepare_cached(&logs_insert(chunk.len()))?
                .execute(params_from_iter(values))?;
        } else {
            tx.prepare(&logs_insert(chunk.len()))?
                .execute(params_from_iter(values))?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Records one attempt's end if `owner` still holds attempt `attempt`'s claim (compare-and-set,
/// with `finish_in`'s statements: SQLite reads `$n` as parameter n here, as sqlx does).
fn finish(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    owner: &str,
    attempt: i64,
    end: &AttemptEnd,
    now: i64,
) -> Result<bool, StoreError> {
    if let AttemptEnd::Succeeded { result } = end {
        let n = tx
            .prepare_cached(FINISH_SUCCEEDED)?
            .execute(params![now, result, id, owner, attempt])?;
        return Ok(n == 1);
    }
    let errors: Option<String> = tx
        .prepare_cached(RUNNING_ERRORS)?
        .query_row(params![id, owner, attempt], |r| r.get(0))
        .optional()?;
    let Some(errors) = errors else {
        return Ok(false);
    };
    let u = crate::sql_async::EndUpdate::of(end, &errors, now);
    let n = tx.prepare_cached(FINISH_OTHER)?.execute(params![
        u.state,
        u.next_run_at,
        u.finished_at,
        u.errors_json,
        u.attempt_back,
        now,
        id,
        owner,
        attempt
    ])?;
    Ok(n == 1)
}

#[cfg(test)]
mod tests {
    use super::file_of;

    #[test]
    fn the_file_of_a_sqlite_url() {
        let file = |url: &str| file_of(url);
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            file("sqlite:///tmp/x/fnhost.db?mode=rwc"),
            some("/tmp/x/fnhost.db")
        );
        assert_eq!(file("sqlite://data/fnhost.db"), some("data/fnhost.db"));
        assert_eq!(file("sqlite:fnhost.db"), some("fnhost.db"));
        assert_eq!(file("sqlite:///tmp/a%20b/f.db"), some("/tmp/a b/f.db"));
        assert_eq!(file("sqlite::memory:"), None);
        assert_eq!(file("sqlite://x.db?mode=memory"), None);
        assert_eq!(file("postgres://h/db"), None);
    }
}
