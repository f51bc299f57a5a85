//! Recording invocations: records, logs and per-minute rollups written in one transaction, and
//! the aggregated reads that reports use.
//!
//! **Store invariant:** a report never reads raw records. The record writer adds each batch to
//! `invocation_rollups` (one row per account, minute and function, upserted) in the same
//! transaction as the records and their logs, so a crash keeps all three or none, and a report
//! over 30 days reads at most 43,200 rows per function whatever the invocation rate.

use crate::StoreError;
use crate::records::{InvocationOutcome, InvocationRecord, OutcomeCounts, StoredLog};
use crate::sql::SqlStore;
use crate::sql_logs::{write_invocations, write_logs};
use sqlx::Row;
use std::collections::BTreeMap;

/// The rollup granularity: reports are exact to the minute.
pub(crate) const MINUTE_MS: i64 = 60_000;

/// One rollup row's counters.
#[derive(Default, Clone, Copy)]
struct Rollup {
    counts: OutcomeCounts,
    duration_ms: i64,
    cold_starts: i64,
}

fn rollups_of<'a>(
    records: impl Iterator<Item = &'a InvocationRecord>,
) -> BTreeMap<(&'a str, i64, &'a str), Rollup> {
    let mut out: BTreeMap<(&str, i64, &str), Rollup> = BTreeMap::new();
    for r in records {
        let minute = r.started_at - r.started_at.rem_euclid(MINUTE_MS);
        let e = out
            .entry((r.account_id.as_str(), minute, r.lambda_uuid.as_str()))
            .or_default();
        e.counts.add(r.outcome, 1);
        e.duration_ms += r.duration_ms;
        e.cold_starts += r.cold_start as i64;
    }
    out
}

/// Adds rollups inside the caller's transaction (both backends accept `ON CONFLICT … DO UPDATE`).
async fn add_rollups(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    rollups: &BTreeMap<(&str, i64, &str), Rollup>,
) -> Result<(), StoreError> {
    for ((account, minute, lambda), r) in rollups {
        sqlx::query(
            "INSERT INTO invocation_rollups (account_id, lambda_uuid, minute, succeeded, coding_failure, platform_failure, \
             timeout, duration_ms, cold_starts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (account_id, minute, lambda_uuid) DO UPDATE SET \
             succeeded = invocation_rollups.succeeded + excluded.succeeded, \
             coding_failure = invocation_rollups.coding_failure + excluded.coding_failure, \
             platform_failure = invocation_rollups.platform_failure + excluded.platform_failure, \
             timeout = invocation_rollups.timeout + excluded.timeout, \
             duration_ms = invocation_rollups.duration_ms + excluded.duration_ms, \
             cold_starts = invocation_rollups.cold_starts + excluded.cold_starts",
        )
        .bind(*account)
        .bind(*lambda)
        .bind(*minute)
        .bind(r.counts.succeeded)
        .bind(r.counts.coding_failure)
        .bind(r.counts.platform_failure)
        .bind(r.counts.timeout)
        .bind(r.duration_ms)
        .bind(r.cold_starts)
        .execute(&mut **tx)
        .await?;
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
        let batch: Vec<(String, i64, i64, String, i64, i64)> =
            serde_json::from_str(&r.try_get::<String, _>("records_json")?).unwrap_or_default();
        for (request_id, started_at, duration_ms, outcome, cold, init_us) in batch {
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
            });
        }
    }
    add_rollups(tx, &rollups_of(records.iter())).await
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
        let mut tx = self.write_tx().await?;
        if !records.is_empty() {
            write_invocations(&mut tx, records).await?;
            add_rollups(&mut tx, &rollups_of(records.iter())).await?;
        }
        if !logs.is_empty() {
            write_logs(&mut tx, logs).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Outcome counts per bucket of `bucket_ms` from `from` (minute resolution: a minute belongs
    /// to the window when it starts within it, after rounding `from` down to its minute).
    pub(crate) async fn outcome_buckets(
        &self,
        account_id: &str,
        lambda_uuid: Option<&str>,
        from: i64,
        to: i64,
        bucket_ms: i64,
    ) -> Result<Vec<OutcomeCounts>, StoreError> {
        let first_minute = from - from.rem_euclid(MINUTE_MS);
        let buckets = ((to - from + bucket_ms - 1) / bucket_ms).max(1) as usize;
        let mut sql = String::from(
            "SELECT minute, CAST(SUM(succeeded) AS BIGINT) AS s, CAST(SUM(coding_failure) AS BIGINT) AS c, \
             CAST(SUM(platform_failure) AS BIGINT) AS p, CAST(SUM(timeout) AS BIGINT) AS t \
             FROM invocation_rollups WHERE account_id = $1 AND minute >= $2 AND minute <= $3",
        );
        if lambda_uuid.is_some() {
            sql.push_str(" AND lambda_uuid = $4");
        }
        sql.push_str(" GROUP BY minute");
        let mut q = sqlx::query(&sql)
            .bind(account_id)
            .bind(first_minute)
            .bind(to);
        if let Some(l) = lambda_uuid {
            q = q.bind(l);
        }
        let rows = q.fetch_all(&self.reader).await?;
        let mut out = vec![OutcomeCounts::default(); buckets];
        for r in rows {
            let minute: i64 = r.try_get("minute")?;
            let i = (((minute - from).max(0)) / bucket_ms) as usize;
            let Some(b) = out.get_mut(i.min(buckets - 1)) else {
                continue;
            };
            b.succeeded += r.try_get::<i64, _>("s")?;
            b.coding_failure += r.try_get::<i64, _>("c")?;
            b.platform_failure += r.try_get::<i64, _>("p")?;
            b.timeout += r.try_get::<i64, _>("t")?;
        }
        Ok(out)
    }
}
