//! Logs, invocation records and allowlist domains in SQL.

use crate::StoreError;
use crate::records::*;
use crate::sql::{SqlStore, json};
use fnhost_model::LogLevel;
use sqlx::Row;

/// Rows per multi-row INSERT (8 columns x 100 rows stays far below both databases' parameter limits).
pub(crate) const ROWS_PER_INSERT: usize = 100;

/// `prefix ($1, …, $cols), (…), …` with `rows` groups, numbered in order.
fn multi_insert(prefix: &str, cols: usize, rows: usize) -> String {
    let mut sql = String::with_capacity(prefix.len() + rows * cols * 5);
    sql.push_str(prefix);
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..cols {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", r * cols + c + 1));
        }
        sql.push(')');
    }
    sql
}

/// The INSERT of up to [`ROWS_PER_INSERT`] log lines (`n` rows, columns as [`log_values`]).
pub(crate) fn logs_insert(n: usize) -> String {
    multi_insert(
        "INSERT INTO logs (account_id, lambda_uuid, request_id, ts, level, message, extras_json) VALUES ",
        7,
        n,
    )
}

/// A log line's column values, in [`logs_insert`]'s order (extras as JSON text).
pub(crate) fn log_values(l: &StoredLog) -> (&str, &str, &str, i64, &'static str, &str, String) {
    (
        &l.account_id,
        &l.lambda_uuid,
        &l.request_id,
        l.timestamp,
        l.level.as_str(),
        &l.message,
        json(&l.extras),
    )
}

/// Inserts logs inside the caller's transaction.
pub(crate) async fn write_logs(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    logs: &[StoredLog],
) -> Result<(), StoreError> {
    // Multi-row INSERTs: far cheaper than one statement per row.
    for chunk in logs.chunks(ROWS_PER_INSERT) {
        let sql = logs_insert(chunk.len());
        let mut q = sqlx::query(&sql);
        for l in chunk {
            let (a, u, r, ts, level, message, extras) = log_values(l);
            q = q
                .bind(a)
                .bind(u)
                .bind(r)
                .bind(ts)
                .bind(level)
                .bind(message)
                .bind(extras);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// One invocation in a batch's `records_json`: request id, start, duration, outcome, cold start,
/// init time, CPU time (absent in batches written before CPU time was measured).
#[derive(serde::Deserialize)]
pub(crate) struct BatchRow(
    pub String,
    pub i64,
    pub i64,
    pub String,
    pub i64,
    pub i64,
    #[serde(default)] pub i64,
);

/// One stored row of invocation records: a function's records of one write, as JSON.
pub(crate) struct RecordBatch {
    pub(crate) account_id: String,
    pub(crate) lambda_uuid: String,
    pub(crate) first_started: i64,
    pub(crate) last_started: i64,
    pub(crate) records_json: String,
}

/// The row insert of a [`RecordBatch`].
pub(crate) const INSERT_RECORD_BATCH: &str = "INSERT INTO invocation_batches (account_id, lambda_uuid, \
     first_started, last_started, records_json) VALUES ($1, $2, $3, $4, $5)";

/// Invocation records as rows to store: one per function.
pub(crate) fn record_batches(records: &[InvocationRecord]) -> Vec<RecordBatch> {
    let mut groups: std::collections::BTreeMap<(&str, &str), Vec<&InvocationRecord>> =
        std::collections::BTreeMap::new();
    for r in records {
        groups
            .entry((r.account_id.as_str(), r.lambda_uuid.as_str()))
            .or_default()
            .push(r);
    }
    groups
        .into_iter()
        .map(|((account_id, lambda_uuid), recs)| {
            let rows: Vec<serde_json::Value> = recs
                .iter()
                .map(|r| {
                    let outcome = match &r.error_code {
                        Some(code) => format!("{}:{code}", r.outcome.as_str()),
                        None => r.outcome.as_str().to_owned(),
                    };
                    serde_json::json!([
                        r.request_id,
                        r.started_at,
                        r.duration_ms,
                        outcome,
                        r.cold_start as i64,
                        r.init_us,
                        r.cpu_us
                    ])
                })
                .collect();
            RecordBatch {
                account_id: account_id.to_owned(),
                lambda_uuid: lambda_uuid.to_owned(),
                first_started: recs.iter().map(|r| r.started_at).min().unwrap_or(0),
                last_started: recs.iter().map(|r| r.started_at).max().unwrap_or(0),
                records_json: json(&rows),
            }
        })
        .collect()
}

/// Inserts record batches inside the caller's transaction.
pub(crate) async fn write_record_batches(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    batches: &[RecordBatch],
) -> Result<(), StoreError> {
    for b in batches {
        sqlx::query(INSERT_RECORD_BATCH)
            .bind(&b.account_id)
            .bind(&b.lambda_uuid)
            .bind(b.first_started)
            .bind(b.last_started)
            .bind(&b.records_json)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A log query with its filter's values bound in order: account, from, to, function, levels.
fn bind_log_filter<'q>(
    sql: &'q str,
    q: &LogQuery,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let mut query = sqlx::query(sql)
        .bind(q.account_id.clone())
        .bind(q.from)
        .bind(q.to);
    if let Some(u) = &q.lambda_uuid {
        query = query.bind(u.clone());
    }
    for l in &q.levels {
        query = query.bind(l.as_str());
    }
    query
}

impl SqlStore {
    pub(crate) async fn read_logs(&self, q: &LogQuery) -> Result<Vec<StoredLog>, StoreError> {
        let mut filter = String::from("FROM logs WHERE account_id = $1 AND ts >= $2 AND ts <= $3");
        let mut n = 4;
        if q.lambda_uuid.is_some() {
            filter.push_str(&format!(" AND lambda_uuid = ${n}"));
            n += 1;
        }
        if !q.levels.is_empty() {
            let marks: Vec<String> = (0..q.levels.len()).map(|i| format!("${}", n + i)).collect();
            filter.push_str(&format!(" AND level IN ({})", marks.join(", ")));
            n += q.levels.len();
        }
        // The newest `limit` lines: the timestamp of the limit-th newest is the cut-off; the lines
        // from it on are read in time order and any older ones sharing its millisecond dropped.
        let mut cutoff = None;
        if q.newest && q.limit > 0 {
            let sql = format!("SELECT ts {filter} ORDER BY ts DESC LIMIT 1 OFFSET ${n}");
            if let Some(r) = bind_log_filter(&sql, q)
                .bind(q.limit - 1)
                .fetch_optional(&self.reader)
                .await?
            {
                cutoff = Some(r.try_get::<i64, _>("ts")?);
            }
        }
        let (sql, limit) = match cutoff {
            Some(_) => (
                format!(
                    "SELECT account_id, lambda_uuid, request_id, ts, level, message, extras_json {filter} AND ts >= ${n} ORDER BY ts, request_id LIMIT ${}",
                    n + 1
                ),
                q.limit.saturating_mul(2),
            ),
            None => (
                format!(
                    "SELECT account_id, lambda_uuid, request_id, ts, level, message, extras_json {filter} ORDER BY ts, request_id LIMIT ${n}"
                ),
                q.limit,
            ),
        };
        let mut query = bind_log_filter(&sql, q);
        if let Some(ts) = cutoff {
            query = query.bind(ts);
        }
        let mut rows = query.bind(limit).fetch_all(&self.reader).await?;
        let extra = rows
            .len()
            .saturating_sub(usize::try_from(q.limit).unwrap_or(0));
        if cutoff.is_some() && extra > 0 {
            rows.drain(..extra);
        }
        rows.iter()
            .map(|r| -> Result<StoredLog, sqlx::Error> {
                Ok(StoredLog {
                    account_id: r.try_get("account_id")?,
                    lambda_uuid: r.try_get("lambda_uuid")?,
                    request_id: r.try_get("request_id")?,
                    timestamp: r.try_get("ts")?,
                    level: LogLevel::parse(&r.try_get::<String, _>("level")?)
                        .unwrap_or(LogLevel::Info),
                    message: r.try_get("message")?,
                    extras: serde_json::from_str(&r.try_get::<String, _>("extras_json")?)
                        .unwrap_or_default(),
                })
            })
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)
    }

    pub(crate) async fn read_invocations(
        &self,
        account_id: &str,
        lambda_uuid: Option<&str>,
        from: i64,
        to: i64,
    ) -> Result<Vec<InvocationRecord>, StoreError> {
        let base = "SELECT lambda_uuid, records_json FROM invocation_batches WHERE account_id = $1 AND first_started <= $2 AND last_started >= $3";
        let rows = match lambda_uuid {
            Some(u) => {
                sqlx::query(&format!("{base} AND lambda_uuid = $4"))
                    .bind(account_id)
                    .bind(to)
                    .bind(from)
                    .bind(u)
                    .fetch_all(&self.reader)
                    .await?
            }
            None => {
                sqlx::query(base)
                    .bind(account_id)
                    .bind(to)
                    .bind(from)
                    .fetch_all(&self.reader)
                    .await?
            }
        };
        let mut out = Vec::new();
        for r in rows {
            let lambda: String = r.try_get("lambda_uuid")?;
            let batch: Vec<BatchRow> =
                serde_json::from_str(&r.try_get::<String, _>("records_json")?)
                    .map_err(|e| StoreError::Other(format!("corrupt invocation batch: {e}")))?;
            for BatchRow(request_id, started_at, duration_ms, outcome, cold, init_us, cpu_us) in
                batch
            {
                if started_at < from || started_at > to {
                    continue;
                }
                let (class, code) = match outcome.split_once(':') {
                    Some((c, code)) => (c.to_owned(), Some(code.to_owned())),
                    None => (outcome, None),
                };
                out.push(InvocationRecord {
                    account_id: account_id.to_owned(),
                    lambda_uuid: lambda.clone(),
                    request_id,
                    started_at,
                    duration_ms,
                    outcome: InvocationOutcome::parse(&class),
                    error_code: code,
                    cold_start: cold != 0,
                    init_us,
                    cpu_us,
                });
            }
        }
        out.sort_by_key(|r| r.started_at);
        Ok(out)
    }

    pub(crate) async fn purge(&self, before: i64) -> Result<u64, StoreError> {
        let a = sqlx::query("DELETE FROM logs WHERE ts < $1")
            .bind(before)
            .execute(&self.writer)
            .await?;
        let b = sqlx::query("DELETE FROM invocation_batches WHERE last_started < $1")
            .bind(before)
            .execute(&self.writer)
            .await?;
        let c = sqlx::query("DELETE FROM undeployments WHERE at < $1")
            .bind(before)
            .execute(&self.writer)
            .await?;
        let mut removed = a.rows_affected() + b.rows_affected() + c.rows_affected();
        for table in ["invocation_rollups", "invocation_rollups_hourly"] {
            removed += sqlx::query(&format!("DELETE FROM {table} WHERE minute < $1"))
                .bind(before - before.rem_euclid(crate::sql_records::MINUTE_MS))
                .execute(&self.writer)
                .await?
                .rows_affected();
        }
        Ok(removed)
    }

    pub(crate) async fn insert_domain(
        &self,
        account_id: &str,
        domain: &str,
        now: i64,
    ) -> Result<DomainRecord, StoreError> {
        let mut tx = self.write_tx().await?;
        crate::sql_pool::lock_account(&mut tx, account_id).await?;
        let next: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(id), 0) + 1 FROM domains WHERE account_id = $1",
        )
        .bind(account_id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO domains (id, account_id, domain, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(next)
        .bind(account_id)
        .bind(domain)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => {
                StoreError::Conflict(format!("domain `{domain}` is already on the allowlist"))
            }
            other => other,
        })?;
        tx.commit().await?;
        Ok(DomainRecord {
            id: next,
            account_id: account_id.to_owned(),
            domain: domain.to_owned(),
            created_at: now,
        })
    }

    pub(crate) async fn domains_of(
        &self,
        account_id: &str,
    ) -> Result<Vec<DomainRecord>, StoreError> {
        let rows = sqlx::query("SELECT * FROM domains WHERE account_id = $1 ORDER BY id")
            .bind(account_id)
            .fetch_all(&self.reader)
            .await?;
        rows.iter()
            .map(|r| -> Result<DomainRecord, sqlx::Error> {
                Ok(DomainRecord {
                    id: r.try_get("id")?,
                    account_id: r.try_get("account_id")?,
                    domain: r.try_get("domain")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)
    }
}
