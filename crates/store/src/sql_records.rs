//! Recording invocations: records, logs and per-minute rollups written in one transaction, and
//! the aggregated reads that reports use.
//!
//! **Store invariant:** a report never reads raw records. The record writer adds each batch to
//! the rollups in the same transaction as the records and their logs, so a crash keeps all three
//! or none: per minute for each function and for the whole account (`lambda_uuid = ''`), per hour
//! for the whole account. Every report is one primary-key range: a function's histogram reads at
//! most 44,640 minute rows (31 days), an account's 30-day total about 720 hourly rows plus the
//! minutes at its edges, whatever the invocation rate.

use crate::StoreError;
use crate::latency::{LATENCY_BUCKETS, LatencyHistogram};
use crate::records::{InvocationOutcome, InvocationRecord, OutcomeCounts, StoredLog};
use crate::sql::SqlStore;
use crate::sql_logs::{RecordBatch, record_batches, write_logs, write_record_batches};
use sqlx::Row;
use std::collections::BTreeMap;

/// The fine rollup granularity: reports are exact to the minute.
pub(crate) const MINUTE_MS: i64 = 60_000;
/// The coarse rollup granularity, for account-wide totals over long windows.
const HOUR_MS: i64 = 3_600_000;

/// The rollup tables and their period.
const MINUTES: &str = "invocation_rollups";
const HOURS: &str = "invocation_rollups_hourly";
/// The `lambda_uuid` of a rollup row that counts the whole account.
const ACCOUNT_ROW: &str = "";

/// One rollup row's counters.
#[derive(Default, Clone, Copy)]
pub(crate) struct Rollup {
    counts: OutcomeCounts,
    duration_ms: i64,
    cold_starts: i64,
    latency: LatencyHistogram,
}

/// Rollup rows for `period`: one per account and period, and with `per_function` one per
/// function and period too.
fn rollups_of<'a>(
    records: impl Iterator<Item = &'a InvocationRecord>,
    period: i64,
    per_function: bool,
) -> BTreeMap<(&'a str, i64, &'a str), Rollup> {
    let mut out: BTreeMap<(&str, i64, &str), Rollup> = BTreeMap::new();
    for r in records {
        let minute = r.started_at - r.started_at.rem_euclid(period);
        let whole = out
            .entry((r.account_id.as_str(), minute, ACCOUNT_ROW))
            .or_default();
        whole.counts.add(r.outcome, 1);
        whole.duration_ms += r.duration_ms;
        whole.cold_starts += r.cold_start as i64;
        whole.latency.observe(r.duration_ms);
        if !per_function {
            continue;
        }
        let e = out
            .entry((r.account_id.as_str(), minute, r.lambda_uuid.as_str()))
            .or_default();
        e.counts.add(r.outcome, 1);
        e.duration_ms += r.duration_ms;
        e.cold_starts += r.cold_start as i64;
        e.latency.observe(r.duration_ms);
    }
    out
}

/// Rollup rows of both tables: `(upsert statement, rows)`.
pub(crate) type RollupRows = [(&'static str, Vec<((String, i64, String), Rollup)>); 2];

/// The rollup rows `records` add to, per minute (per function and account) and per hour
/// (account).
pub(crate) fn rollup_rows(records: &[InvocationRecord]) -> RollupRows {
    let owned = |rows: BTreeMap<(&str, i64, &str), Rollup>| {
        rows.into_iter()
            .map(|((a, m, l), r)| ((a.to_owned(), m, l.to_owned()), r))
            .collect()
    };
    [
        (
            UPSERT_MINUTES.as_str(),
            owned(rollups_of(records.iter(), MINUTE_MS, true)),
        ),
        (
            UPSERT_HOURS.as_str(),
            owned(rollups_of(records.iter(), HOUR_MS, false)),
        ),
    ]
}

impl Rollup {
    /// The counters in the upsert's column order after `account_id, lambda_uuid, minute`.
    pub(crate) fn counters(&self) -> impl Iterator<Item = i64> + '_ {
        [
            self.counts.succeeded,
            self.counts.coding_failure,
            self.counts.platform_failure,
            self.counts.timeout,
            self.duration_ms,
            self.cold_starts,
        ]
        .into_iter()
        .chain(self.latency.counts.iter().copied())
    }
}

/// Adds the records to both rollup tables inside the caller's transaction.
async fn add_rollups(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    records: &[InvocationRecord],
) -> Result<(), StoreError> {
    upsert_rollups(tx, &rollup_rows(records)).await
}

/// The upsert of one rollup row into `table` (both backends accept `ON CONFLICT … DO UPDATE`):
/// `account_id, lambda_uuid, minute`, then [`Rollup::counters`].
fn upsert_sql(table: &str) -> String {
    let latency_cols: Vec<String> = (0..LATENCY_BUCKETS).map(|i| format!("l{i}")).collect();
    let latency_params: Vec<String> = (0..LATENCY_BUCKETS)
        .map(|i| format!("${}", 10 + i))
        .collect();
    let latency_sums: Vec<String> = latency_cols
        .iter()
        .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO {table} (account_id, lambda_uuid, minute, succeeded, coding_failure, platform_failure, \
         timeout, duration_ms, cold_starts, {}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, {}) \
         ON CONFLICT (account_id, lambda_uuid, minute) DO UPDATE SET \
         succeeded = {table}.succeeded + excluded.succeeded, \
         coding_failure = {table}.coding_failure + excluded.coding_failure, \
         platform_failure = {table}.platform_failure + excluded.platform_failure, \
         timeout = {table}.timeout + excluded.timeout, \
         duration_ms = {table}.duration_ms + excluded.duration_ms, \
         cold_starts = {table}.cold_starts + excluded.cold_starts, {}",
        latency_cols.join(", "),
        latency_params.join(", "),
        latency_sums.join(", ")
    )
}

static UPSERT_MINUTES: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| upsert_sql(MINUTES));
static UPSERT_HOURS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| upsert_sql(HOURS));

/// Upserts rollup rows inside the caller's transaction.
async fn upsert_rollups(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    tables: &RollupRows,
) -> Result<(), StoreError> {
    for (sql, rollups) in tables {
        for ((account, minute, lambda), r) in rollups {
            let q = sqlx::query(sql).bind(account).bind(lambda).bind(*minute);
            let q = r.counters().fold(q, |q, n| q.bind(n));
            q.execute(&mut **tx).await?;
        }
    }
    Ok(())
}

/// Builds rollups from invocation batches stored before rollups existed (migration 6).
pub(crate) async fn backfill_rollups(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
) -> Result<(), StoreError> {
    let rows = sqlx::query("SELECT account_id, lambda_uuid, records_json FROM invocation_batches")
        .fetch_all(&mut **tx)
        .await?;
    let mut records = Vec::new();
    for r in rows {
        let account_id: String = r.try_get("account_id")?;
        let lambda_uuid: String = r.try_get("lambda_uuid")?;
        let batch: Vec<crate::sql_logs::BatchRow> =
            serde_json::from_str(&r.try_get::<String, _>("records_json")?).unwrap_or_default();
        for crate::sql_logs::BatchRow(
            request_id,
            started_at,
            duration_ms,
            outcome,
            cold,
            init_us,
            cpu_us,
        ) in batch
        {
            let class = outcome.split(':').next().unwrap_or_default();
            records.push(InvocationRecord {
                account_id: account_id.clone(),
                lambda_uuid: lambda_uuid.clone(),
                request_id,
                started_at,
                duration_ms,
                outcome: InvocationOutcome::parse(class),
                error_code: None,
                cold_start: cold != 0,
                init_us,
                cpu_us,
            });
        }
    }
    add_rollups(tx, &records).await
}

/// One write of invocation records: their batch rows and the rollup rows they add to.
pub(crate) struct RecordWrite {
    pub(crate) batches: Vec<RecordBatch>,
    pub(crate) rollups: RollupRows,
}

impl SqlStore {
    /// Stores invocation records, their rollups and logs in one transaction.
    pub(crate) async fn record(
        &self,
        records: &[InvocationRecord],
        logs: &[StoredLog],
    ) -> Result<(), StoreError> {
        if records.is_empty() && logs.is_empty() {
            return Ok(());
        }
        // Everything computed before the write turn is taken: the turn holds every writer.
        let write = RecordWrite {
            batches: record_batches(records),
            rollups: rollup_rows(records),
        };
        if let Some(direct) = &self.direct {
            let logs = logs.to_vec();
            let _turn = self.writer.acquire().await?;
            return direct
                .run(move |c| crate::sql_direct::write_records(c, &write, &logs))
                .await;
        }
        let mut tx = self.write_tx().await?;
        write_record_batches(&mut tx, &write.batches).await?;
        upsert_rollups(&mut tx, &write.rollups).await?;
        write_logs(&mut tx, logs).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Outcome counts per bucket of `bucket_ms` from `from` (minute resolution: a minute belongs
    /// to the window when it starts within it, after rounding `from` down to its minute).
    /// Account-wide totals read whole hours from the hourly rows and only the ragged edges from
    /// the minute rows, so a 30-day total reads about 720 rows.
    pub(crate) async fn outcome_buckets(
        &self,
        account_id: &str,
        lambda_uuid: Option<&str>,
        from: i64,
        to: i64,
        bucket_ms: i64,
    ) -> Result<Vec<OutcomeCounts>, StoreError> {
        let bucket_ms = bucket_ms.max(1);
        let first_minute = from - from.rem_euclid(MINUTE_MS);
        let buckets = ((to - from + bucket_ms - 1) / bucket_ms).max(1) as usize;
        let (minutes, hours) = (MINUTES, HOURS);
        let lambda = lambda_uuid.unwrap_or(ACCOUNT_ROW);
        // Whole hours [h_lo, h_hi) inside the window, when hour rows fall into single buckets.
        let h_lo = first_minute + (HOUR_MS - first_minute.rem_euclid(HOUR_MS)) % HOUR_MS;
        let h_hi = (to + 1) - (to + 1).rem_euclid(HOUR_MS);
        let hourly_fits =
            buckets == 1 || (bucket_ms % HOUR_MS == 0 && from.rem_euclid(HOUR_MS) == 0);
        let segments = if lambda_uuid.is_none() && hourly_fits && h_hi > h_lo {
            // Whole hours from the account's hourly rows, the ragged edges from its minute rows.
            vec![
                (minutes, first_minute, h_lo - 1),
                (hours, h_lo, h_hi - 1),
                (minutes, h_hi, to),
            ]
        } else {
            vec![(minutes, first_minute, to)]
        };
        let mut out = vec![OutcomeCounts::default(); buckets];
        for (table, lo, hi) in segments {
            if hi < lo {
                continue;
            }
            // A primary-key range (account, function or the account row, period), summed per
            // bucket in the database: at most one row per bucket comes back.
            let sql = format!(
                "SELECT (minute - $1) / $2 AS b, CAST(SUM(succeeded) AS BIGINT) AS s, \
                 CAST(SUM(coding_failure) AS BIGINT) AS c, CAST(SUM(platform_failure) AS BIGINT) AS p, \
                 CAST(SUM(timeout) AS BIGINT) AS t FROM {table} \
                 WHERE account_id = $3 AND lambda_uuid = $4 AND minute >= $5 AND minute <= $6 GROUP BY b"
            );
            let rows = sqlx::query(&sql)
                .bind(from)
                .bind(bucket_ms)
                .bind(account_id)
                .bind(lambda)
                .bind(lo)
                .bind(hi)
                .fetch_all(&self.reader)
                .await?;
            for r in rows {
                // Minutes before `from` (its own first minute) divide to 0 (truncation).
                let i = r.try_get::<i64, _>("b")?.max(0) as usize;
                let b = &mut out[i.min(buckets - 1)];
                b.succeeded += r.try_get::<i64, _>("s")?;
                b.coding_failure += r.try_get::<i64, _>("c")?;
                b.platform_failure += r.try_get::<i64, _>("p")?;
                b.timeout += r.try_get::<i64, _>("t")?;
            }
        }
        Ok(out)
    }

    /// The latency histogram of a function (or, with `None`, the whole account) over
    /// `[from, to]`, at minute resolution: one summed primary-key range.
    pub(crate) async fn latency_between(
        &self,
        account_id: &str,
        lambda_uuid: Option<&str>,
        from: i64,
        to: i64,
    ) -> Result<LatencyHistogram, StoreError> {
        let sums: Vec<String> = (0..LATENCY_BUCKETS)
            .map(|i| format!("CAST(COALESCE(SUM(l{i}), 0) AS BIGINT) AS l{i}"))
            .collect();
        let sql = format!(
            "SELECT {} FROM {MINUTES} WHERE account_id = $1 AND lambda_uuid = $2 AND minute >= $3 AND minute <= $4",
            sums.join(", ")
        );
        let row = sqlx::query(&sql)
            .bind(account_id)
            .bind(lambda_uuid.unwrap_or(ACCOUNT_ROW))
            .bind(from - from.rem_euclid(MINUTE_MS))
            .bind(to)
            .fetch_one(&self.reader)
            .await?;
        let mut h = LatencyHistogram::default();
        for (i, c) in h.counts.iter_mut().enumerate() {
            *c = row.try_get::<i64, _>(format!("l{i}").as_str())?;
        }
        Ok(h)
    }
}
