//! The asynchronous invocation queue in SQL (see [`crate::async_queue`] for its invariants).
//!
//! Claims are one `UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING …`: on PostgreSQL the
//! inner select takes `FOR UPDATE SKIP LOCKED`, so nodes claiming at once take different rows;
//! on SQLite the one writer connection and `BEGIN IMMEDIATE` serialise claims.

use crate::StoreError;
use crate::async_queue::*;
use crate::sql::{Backend, SqlStore};
use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::{Connection, Row};

const COLUMNS: &str = "id, account_id, lambda_uuid, event_id, request_id, input, state, attempts, \
     max_attempts, next_run_at, created_at, updated_at, finished_at, result, errors_json";

/// States that count against an account's queue depth.
const WAITING: &str = "('queued', 'running', 'failed')";

fn row_to_invocation(r: &AnyRow) -> Result<AsyncInvocation, StoreError> {
    let state: String = r.try_get("state")?;
    let errors: String = r.try_get("errors_json")?;
    Ok(AsyncInvocation {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        lambda_uuid: r.try_get("lambda_uuid")?,
        event_id: r.try_get("event_id")?,
        request_id: r.try_get("request_id")?,
        input: r.try_get("input")?,
        state: AsyncState::parse(&state)
            .ok_or_else(|| StoreError::Other(format!("unknown async state {state}")))?,
        attempts: r.try_get("attempts")?,
        max_attempts: r.try_get("max_attempts")?,
        next_run_at: r.try_get("next_run_at")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        finished_at: r.try_get("finished_at")?,
        result: r.try_get("result")?,
        errors: serde_json::from_str(&errors).unwrap_or_default(),
    })
}

/// What an attempt's end other than success writes: the state it leaves, when to run next,
/// when it finished, the error list (`errors_json` as stored, plus this attempt's error) and
/// whether the attempt is given back (a postponed attempt did not count).
pub(crate) struct EndUpdate {
    pub(crate) state: &'static str,
    pub(crate) next_run_at: Option<i64>,
    pub(crate) finished_at: Option<i64>,
    pub(crate) errors_json: String,
    pub(crate) attempt_back: i64,
}

impl EndUpdate {
    pub(crate) fn of(end: &AttemptEnd, errors_json: &str, now: i64) -> EndUpdate {
        let mut errors: Vec<AttemptError> = serde_json::from_str(errors_json).unwrap_or_default();
        let (state, next_run_at, finished_at, attempt_back) = match end {
            AttemptEnd::Succeeded { .. } => ("succeeded", None, Some(now), 0),
            AttemptEnd::Retry { error, next_run_at } => {
                errors.push(error.clone());
                ("failed", Some(*next_run_at), None, 0)
            }
            AttemptEnd::Dead { error } => {
                errors.push(error.clone());
                ("dead", None, Some(now), 0)
            }
            AttemptEnd::Postpone { next_run_at } => ("queued", Some(*next_run_at), None, 1),
        };
        EndUpdate {
            state,
            next_run_at,
            finished_at,
            errors_json: serde_json::to_string(&errors).expect("attempt errors serialise"),
            attempt_back,
        }
    }
}

/// An attempt's success (`$1` now, `$2` result), if its claim is still held (`$3` id, `$4`
/// owner, `$5` attempt).
pub(crate) const FINISH_SUCCEEDED: &str = "UPDATE async_invocations SET state = 'succeeded', \
     finished_at = $1, result = $2, lease_owner = NULL, lease_until = NULL, updated_at = $1 \
     WHERE id = $3 AND state = 'running' AND lease_owner = $4 AND attempts = $5";
/// The error list of a running attempt whose claim is held (`$1` id, `$2` owner, `$3` attempt).
pub(crate) const RUNNING_ERRORS: &str = "SELECT errors_json FROM async_invocations \
     WHERE id = $1 AND state = 'running' AND lease_owner = $2 AND attempts = $3";
/// Any other end ([`EndUpdate`]'s fields, `$6` now), if the claim is still held (`$7` id, `$8`
/// owner, `$9` attempt).
pub(crate) const FINISH_OTHER: &str = "UPDATE async_invocations SET state = $1, \
     next_run_at = COALESCE($2, next_run_at), finished_at = $3, errors_json = $4, \
     attempts = attempts - $5, lease_owner = NULL, lease_until = NULL, updated_at = $6 \
     WHERE id = $7 AND state = 'running' AND lease_owner = $8 AND attempts = $9";

/// Records an attempt's end inside `tx` if `owner` still holds the claim of attempt `attempt`.
/// Every write re-checks the claim (owner, state and attempt number), so a claim taken over
/// between a read and the write (PostgreSQL, read committed) is never overwritten.
async fn finish_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
    owner: &str,
    attempt: i64,
    end: &AttemptEnd,
    now: i64,
) -> Result<bool, StoreError> {
    if let AttemptEnd::Succeeded { result } = end {
        // The common case needs no read: one compare-and-set update.
        let n = sqlx::query(FINISH_SUCCEEDED)
            .bind(now)
            .bind(result)
            .bind(id)
            .bind(owner)
            .bind(attempt)
            .execute(&mut **tx)
            .await?
            .rows_affected();
        return Ok(n == 1);
    }
    let errors: Option<String> = sqlx::query_scalar(RUNNING_ERRORS)
        .bind(id)
        .bind(owner)
        .bind(attempt)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(errors) = errors else {
        return Ok(false);
    };
    let u = EndUpdate::of(end, &errors, now);
    let n = sqlx::query(FINISH_OTHER)
        .bind(u.state)
        .bind(u.next_run_at)
        .bind(u.finished_at)
        .bind(u.errors_json)
        .bind(u.attempt_back)
        .bind(now)
        .bind(id)
        .bind(owner)
        .bind(attempt)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok(n == 1)
}

/// The batch insert on each backend: row `n`'s element `k` read as text or as an integer, the
/// rows taken from the JSON array bound to `$1`.
fn insert_sql(text: fn(usize) -> String, int: fn(usize) -> String, rows: &str) -> String {
    let leased = format!("{} IS NULL", text(8));
    format!(
        "INSERT INTO async_invocations (id, account_id, lambda_uuid, event_id, request_id, input, \
         state, attempts, max_attempts, next_run_at, created_at, updated_at, errors_json, \
         lease_owner, lease_until) \
         SELECT {}, {}, {}, {}, {}, {}, CASE WHEN {leased} THEN 'queued' ELSE 'running' END, \
         CASE WHEN {leased} THEN 0 ELSE 1 END, {}, {}, {}, {}, '[]', {}, {} FROM {rows}",
        text(0),
        text(1),
        text(2),
        text(3),
        text(4),
        text(5),
        int(6),
        int(7),
        int(7),
        int(7),
        text(8),
        int(9),
    )
}

static INSERT_SQLITE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let text = |k| format!("value ->> {k}");
    insert_sql(text, text, "json_each($1)")
});

static INSERT_POSTGRES: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    insert_sql(
        |k| format!("e ->> {k}"),
        |k| format!("(e ->> {k})::bigint"),
        "json_array_elements($1::json) AS e",
    )
});

/// Inserts accepted invocations in one statement: the rows travel as one JSON array parameter,
/// so the statement text is the same whatever the batch size (prepared once per connection) and
/// the batch is one round trip to the database. A row with a lease is stored as running its
/// first attempt.
async fn insert_accepted(
    backend: Backend,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    accepted: &[NewAsyncInvocation],
) -> Result<(), StoreError> {
    if accepted.is_empty() {
        return Ok(());
    }
    let rows: Vec<serde_json::Value> = accepted
        .iter()
        .map(|i| {
            serde_json::json!([
                i.id,
                i.account_id,
                i.lambda_uuid,
                i.event_id,
                i.request_id,
                i.input,
                i.max_attempts,
                i.created_at,
                i.lease.as_ref().map(|l| &l.owner),
                i.lease.as_ref().map(|l| l.until),
            ])
        })
        .collect();
    let sql = match backend {
        Backend::Sqlite => &*INSERT_SQLITE,
        Backend::Postgres => &*INSERT_POSTGRES,
    };
    sqlx::query(sql.as_str())
        .bind(serde_json::Value::Array(rows).to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records attempt ends of `owner` (see [`AsyncQueue::finish_attempts`]), one update by
/// primary key each (on PostgreSQL a join with the batch was planned over the state index, whose
/// `running` range holds the dead entries of every row finished since the last vacuum).
async fn finish_ends(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    owner: &str,
    ends: &[(String, i64, AttemptEnd)],
    now: i64,
) -> Result<Vec<bool>, StoreError> {
    let mut done = Vec::with_capacity(ends.len());
    for (id, attempt, end) in ends {
        done.push(finish_in(tx, id, owner, *attempt, end, now).await?);
    }
    Ok(done)
}

/// Makes dead letters of running invocations that match `which` (bound to `$1` = now, `$2`) and
/// already ran past their last attempt: an attempt cut off by a crash runs once more (at least
/// once), but an invocation that keeps stopping its node is not run forever.
async fn bury_unfinished(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    which: &str,
    param: &str,
    now: i64,
) -> Result<u64, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT id, attempts, errors_json FROM async_invocations \
         WHERE state = 'running' AND attempts > max_attempts AND {which} LIMIT 100"
    ))
    .bind(now)
    .bind(param)
    .fetch_all(&mut **tx)
    .await?;
    for r in &rows {
        let id: String = r.try_get("id")?;
        let attempt: i64 = r.try_get("attempts")?;
        let mut errors: Vec<AttemptError> =
            serde_json::from_str(&r.try_get::<String, _>("errors_json")?).unwrap_or_default();
        errors.push(AttemptError {
            attempt,
            at: now,
            error_code: fnhost_model::ErrorCode::EsUnavailable.as_str().to_owned(),
            error_msg: "the attempt never finished: the node running it stopped".into(),
            logs: Vec::new(),
        });
        sqlx::query(
            "UPDATE async_invocations SET state = 'dead', finished_at = $1, updated_at = $1, \
             errors_json = $2, lease_owner = NULL, lease_until = NULL WHERE id = $3 AND attempts = $4",
        )
        .bind(now)
        .bind(serde_json::to_string(&errors).expect("attempt errors serialise"))
        .bind(&id)
        .bind(attempt)
        .execute(&mut **tx)
        .await?;
    }
    Ok(rows.len() as u64)
}

/// How long [`AsyncQueue::commit_batch`] keeps the write connection for the next group commit
/// before it goes back to the pool (SQLite has one; other writers wait for it meanwhile): a
/// queue writer under load then takes the pool's turn once per few milliseconds, not per batch
/// (each turn costs sqlx a ping of the connection on its return). SQLite only.
const BATCH_CONNECTION_HOLD: std::time::Duration = std::time::Duration::from_millis(4);

#[async_trait]
impl AsyncQueue for SqlStore {
    async fn enqueue(&self, inv: &NewAsyncInvocation, max_depth: i64) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let depth: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM async_invocations WHERE account_id = $1 AND state IN {WAITING}"
        ))
        .bind(&inv.account_id)
        .fetch_one(&mut *tx)
        .await?;
        if depth >= max_depth {
            return Err(StoreError::LimitReached(format!(
                "account {} has {depth} asynchronous invocations waiting; the limit is {max_depth}",
                inv.account_id
            )));
        }
        insert_accepted(self.backend, &mut tx, std::slice::from_ref(inv)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn waiting(&self, account_id: &str) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM async_invocations WHERE account_id = $1 AND state IN {WAITING}"
        ))
        .bind(account_id)
        .fetch_one(&self.reader)
        .await?)
    }

    async fn claim_due(
        &self,
        owner: &str,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<AsyncInvocation>, StoreError> {
        let lock = match self.backend {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let mut tx = self.write_tx().await?;
        bury_unfinished(&mut tx, "lease_until < $1 AND $2 = ''", "", now).await?;
        // One index range per kind of due work, each in index order and stopping at the limit
        // (an `OR` of the three would sort the whole backlog on every claim).
        let mut ids: Vec<String> = Vec::new();
        for due in [
            "state = 'queued' AND next_run_at <= $1 ORDER BY next_run_at",
            "state = 'failed' AND next_run_at <= $1 ORDER BY next_run_at",
            "state = 'running' AND lease_until < $1 AND attempts <= max_attempts",
        ] {
            let room = limit - ids.len() as i64;
            if room <= 0 {
                break;
            }
            let more: Vec<String> = sqlx::query_scalar(&format!(
                "SELECT id FROM async_invocations WHERE {due} LIMIT $2 {lock}"
            ))
            .bind(now)
            .bind(room)
            .fetch_all(&mut *tx)
            .await?;
            ids.extend(more);
        }
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // SQLite: the ids as one JSON array parameter (one statement text for any number of
        // them); PostgreSQL: a parameter per id, which measured faster there.
        let list = match self.backend {
            Backend::Sqlite => "SELECT value FROM json_each($4)".to_owned(),
            Backend::Postgres => (0..ids.len())
                .map(|n| format!("${}", n + 4))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let sql = format!(
            "UPDATE async_invocations SET state = 'running', lease_owner = $1, lease_until = $2, \
             attempts = attempts + 1, updated_at = $3 WHERE id IN ({list}) RETURNING {COLUMNS}"
        );
        let mut q = sqlx::query(&sql).bind(owner).bind(lease_until).bind(now);
        match self.backend {
            Backend::Sqlite => q = q.bind(serde_json::to_string(&ids).expect("ids serialise")),
            Backend::Postgres => {
                for id in &ids {
                    q = q.bind(id);
                }
            }
        }
        let rows = q.fetch_all(&mut *tx).await?;
        tx.commit().await?;
        rows.iter().map(row_to_invocation).collect()
    }

    async fn finish_attempt(
        &self,
        id: &str,
        owner: &str,
        attempt: i64,
        end: &AttemptEnd,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.write_tx().await?;
        let done = finish_in(&mut tx, id, owner, attempt, end, now).await?;
        tx.commit().await?;
        Ok(done)
    }

    async fn commit_batch(
        &self,
        accepted: &[NewAsyncInvocation],
        owner: &str,
        ends: &[(String, i64, AttemptEnd)],
        now: i64,
    ) -> Result<Vec<bool>, StoreError> {
        if accepted.is_empty() && ends.is_empty() {
            return Ok(Vec::new());
        }
        if self.backend == Backend::Postgres {
            // Connections side by side (a node's accepts and attempt ends commit on two), each
            // commit waiting for its own log flush.
            let mut tx = self.write_tx().await?;
            insert_accepted(self.backend, &mut tx, accepted).await?;
            let done = finish_ends(&mut tx, owner, ends, now).await?;
            tx.commit().await?;
            return Ok(done);
        }
        // SQLite: one writer; the turn is kept across batches.
        let mut held = self.batch_conn.lock().await;
        if held
            .as_ref()
            .is_some_and(|h| h.since.elapsed() >= BATCH_CONNECTION_HOLD)
        {
            // Its turn is over: back to the pool, where other writers queued first.
            *held = None;
        }
        let conn = match &mut *held {
            Some(h) => &mut h.conn,
            None => {
                let conn = self.writer.acquire().await?;
                // However the caller goes on, the turn ends: the connection goes back once its
                // time is up unless a commit or `release_batch_connection` gave it back first.
                let slot = self.batch_conn.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(BATCH_CONNECTION_HOLD).await;
                    let mut held = slot.lock().await;
                    if held
                        .as_ref()
                        .is_some_and(|h| h.since.elapsed() >= BATCH_CONNECTION_HOLD)
                    {
                        *held = None;
                    }
                });
                &mut held
                    .insert(crate::sql_pool::HeldConnection {
                        conn,
                        since: std::time::Instant::now(),
                    })
                    .conn
            }
        };
        let result = async {
            if let Some(direct) = &self.direct {
                let (accepted, owner, ends) = (accepted.to_vec(), owner.to_owned(), ends.to_vec());
                return direct
                    .run(move |c| crate::sql_direct::commit_batch(c, &accepted, &owner, &ends, now))
                    .await;
            }
            let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
            insert_accepted(self.backend, &mut tx, accepted).await?;
            let done = finish_ends(&mut tx, owner, ends, now).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(done)
        }
        .await;
        if result.is_err() {
            *held = None;
        }
        result
    }

    async fn release_batch_connection(&self) {
        self.batch_conn.lock().await.take();
    }

    async fn release_claims(&self, owner: &str, now: i64) -> Result<u64, StoreError> {
        let mut tx = self.write_tx().await?;
        bury_unfinished(&mut tx, "lease_owner = $2 AND $1 > 0", owner, now).await?;
        let n = sqlx::query(
            "UPDATE async_invocations SET state = 'queued', lease_owner = NULL, lease_until = NULL, \
             next_run_at = $1, updated_at = $1 WHERE state = 'running' AND lease_owner = $2",
        )
        .bind(now)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n)
    }

    async fn get_async(
        &self,
        account_id: &str,
        id: &str,
    ) -> Result<Option<AsyncInvocation>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM async_invocations WHERE account_id = $1 AND id = $2"
        ))
        .bind(account_id)
        .bind(id)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(row_to_invocation).transpose()
    }

    async fn list_async(
        &self,
        account_id: &str,
        filter: &AsyncFilter,
    ) -> Result<Vec<AsyncInvocation>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM async_invocations WHERE account_id = $1 \
             AND ($2 = '' OR state = $2) AND ($3 = '' OR lambda_uuid = $3) \
             ORDER BY created_at DESC, id LIMIT $4"
        ))
        .bind(account_id)
        .bind(filter.state.map(AsyncState::as_str).unwrap_or(""))
        .bind(filter.lambda_uuid.as_deref().unwrap_or(""))
        .bind(filter.limit.clamp(1, 1000))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(row_to_invocation).collect()
    }

    async fn redrive(
        &self,
        account_id: &str,
        id: Option<&str>,
        now: i64,
    ) -> Result<u64, StoreError> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query(
            // Fresh attempts, as many as before, numbered on from the earlier ones (so each
            // attempt's logs keep their own request id).
            "UPDATE async_invocations SET state = 'queued', max_attempts = attempts + max_attempts, \
             next_run_at = $1, \
             finished_at = NULL, updated_at = $1 \
             WHERE account_id = $2 AND state = 'dead' AND ($3 = '' OR id = $3)",
        )
        .bind(now)
        .bind(account_id)
        .bind(id.unwrap_or(""))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n)
    }

    async fn delete_dead(&self, account_id: &str, id: &str) -> Result<bool, StoreError> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query(
            "DELETE FROM async_invocations WHERE account_id = $1 AND id = $2 AND state = 'dead'",
        )
        .bind(account_id)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn queue_stats(&self, account_id: Option<&str>) -> Result<Vec<QueueStats>, StoreError> {
        let rows = sqlx::query(
            "SELECT account_id, lambda_uuid, \
             SUM(CASE WHEN state = 'queued' THEN 1 ELSE 0 END) AS queued, \
             SUM(CASE WHEN state = 'running' THEN 1 ELSE 0 END) AS running, \
             SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END) AS retrying, \
             SUM(CASE WHEN state = 'dead' THEN 1 ELSE 0 END) AS dead, \
             MIN(CASE WHEN state IN ('queued', 'failed') THEN created_at END) AS oldest, \
             CAST(SUM(CASE WHEN attempts > 1 THEN attempts - 1 ELSE 0 END) AS BIGINT) AS retries \
             FROM async_invocations WHERE state <> 'succeeded' AND ($1 = '' OR account_id = $1) \
             GROUP BY account_id, lambda_uuid",
        )
        .bind(account_id.unwrap_or(""))
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(QueueStats {
                    account_id: r.try_get("account_id")?,
                    lambda_uuid: r.try_get("lambda_uuid")?,
                    queued: r.try_get("queued")?,
                    running: r.try_get("running")?,
                    retrying: r.try_get("retrying")?,
                    dead: r.try_get("dead")?,
                    oldest_waiting_at: r.try_get("oldest")?,
                    retries: r.try_get("retries")?,
                })
            })
            .collect()
    }

    async fn purge_async_before(&self, before: i64) -> Result<u64, StoreError> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query(
            "DELETE FROM async_invocations WHERE state IN ('succeeded', 'dead') AND finished_at < $1",
        )
        .bind(before)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n)
    }
}
