//! Logs, invocation records, schedules and allowlist domains in SQL.

use crate::records::*;
use crate::sql::{SqlStore, json};
use crate::StoreError;
use fnhost_model::LogLevel;
use sqlx::Row;

impl SqlStore {
    pub(crate) async fn write_logs(&self, logs: &[StoredLog]) -> Result<(), StoreError> {
        if logs.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        for l in logs {
            sqlx::query(
                "INSERT INTO logs (account_id, lambda_uuid, request_id, ts, level, message, extras_json) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&l.account_id)
            .bind(&l.lambda_uuid)
            .bind(&l.request_id)
            .bind(l.timestamp)
            .bind(l.level.as_str())
            .bind(&l.message)
            .bind(json(&l.extras))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn write_invocations(&self, records: &[InvocationRecord]) -> Result<(), StoreError> {
        if records.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        for r in records {
            let outcome = match &r.error_code {
                Some(code) => format!("{}:{code}", r.outcome.as_str()),
                None => r.outcome.as_str().to_owned(),
            };
            sqlx::query(
                "INSERT INTO invocations (account_id, lambda_uuid, request_id, started_at, duration_ms, outcome, cold_start, init_us) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&r.account_id)
            .bind(&r.lambda_uuid)
            .bind(&r.request_id)
            .bind(r.started_at)
            .bind(r.duration_ms)
            .bind(outcome)
            .bind(r.cold_start as i64)
            .bind(r.init_us)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn read_logs(&self, q: &LogQuery) -> Result<Vec<StoredLog>, StoreError> {
        let mut sql = String::from(
            "SELECT account_id, lambda_uuid, request_id, ts, level, message, extras_json FROM logs WHERE account_id = $1 AND ts >= $2 AND ts <= $3",
        );
        let mut n = 4;
        if q.lambda_uuid.is_some() {
            sql.push_str(&format!(" AND lambda_uuid = ${n}"));
            n += 1;
        }
        if !q.levels.is_empty() {
            let marks: Vec<String> = (0..q.levels.len()).map(|i| format!("${}", n + i)).collect();
            sql.push_str(&format!(" AND level IN ({})", marks.join(", ")));
            n += q.levels.len();
        }
        sql.push_str(&format!(" ORDER BY ts, request_id LIMIT ${n}"));
        let mut query = sqlx::query(&sql).bind(&q.account_id).bind(q.from).bind(q.to);
        if let Some(u) = &q.lambda_uuid {
            query = query.bind(u);
        }
        for l in &q.levels {
            query = query.bind(l.as_str());
        }
        let rows = query.bind(q.limit).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| -> Result<StoredLog, sqlx::Error> {
                Ok(StoredLog {
                    account_id: r.try_get("account_id")?,
                    lambda_uuid: r.try_get("lambda_uuid")?,
                    request_id: r.try_get("request_id")?,
                    timestamp: r.try_get("ts")?,
                    level: LogLevel::parse(&r.try_get::<String, _>("level")?).unwrap_or(LogLevel::Info),
                    message: r.try_get("message")?,
                    extras: serde_json::from_str(&r.try_get::<String, _>("extras_json")?).unwrap_or_default(),
                })
            })
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)
    }

    pub(crate) async fn read_invocations(&self, account_id: &str, lambda_uuid: Option<&str>, from: i64, to: i64) -> Result<Vec<InvocationRecord>, StoreError> {
        let base = "SELECT * FROM invocations WHERE account_id = $1 AND started_at >= $2 AND started_at <= $3";
        let rows = match lambda_uuid {
            Some(u) => sqlx::query(&format!("{base} AND lambda_uuid = $4 ORDER BY started_at"))
                .bind(account_id)
                .bind(from)
                .bind(to)
                .bind(u)
                .fetch_all(&self.pool)
                .await?,
            None => sqlx::query(&format!("{base} ORDER BY started_at")).bind(account_id).bind(from).bind(to).fetch_all(&self.pool).await?,
        };
        rows.iter()
            .map(|r| -> Result<InvocationRecord, sqlx::Error> {
                let outcome: String = r.try_get("outcome")?;
                let (class, code) = match outcome.split_once(':') {
                    Some((c, code)) => (c.to_owned(), Some(code.to_owned())),
                    None => (outcome, None),
                };
                Ok(InvocationRecord {
                    account_id: r.try_get("account_id")?,
                    lambda_uuid: r.try_get("lambda_uuid")?,
                    request_id: r.try_get("request_id")?,
                    started_at: r.try_get("started_at")?,
                    duration_ms: r.try_get("duration_ms")?,
                    outcome: InvocationOutcome::parse(&class),
                    error_code: code,
                    cold_start: r.try_get::<i64, _>("cold_start")? != 0,
                    init_us: r.try_get("init_us")?,
                })
            })
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)
    }

    pub(crate) async fn purge(&self, before: i64) -> Result<u64, StoreError> {
        let a = sqlx::query("DELETE FROM logs WHERE ts < $1").bind(before).execute(&self.pool).await?;
        let b = sqlx::query("DELETE FROM invocations WHERE started_at < $1").bind(before).execute(&self.pool).await?;
        let c = sqlx::query("DELETE FROM undeployments WHERE at < $1").bind(before).execute(&self.pool).await?;
        Ok(a.rows_affected() + b.rows_affected() + c.rows_affected())
    }

    pub(crate) async fn insert_schedule(&self, s: &ScheduleRecord, max: i64) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM schedules WHERE account_id = $1").bind(&s.account_id).fetch_one(&mut *tx).await?;
        if count >= max {
            return Err(StoreError::LimitReached(format!("the account already has {count} schedules; the limit is {max}")));
        }
        sqlx::query("INSERT INTO schedules (uuid, account_id, lambda_uuid, cron, is_active, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(&s.uuid)
            .bind(&s.account_id)
            .bind(&s.lambda_uuid)
            .bind(&s.cron)
            .bind(s.is_active as i64)
            .bind(&s.created_by)
            .bind(s.created_at)
            .execute(&mut *tx)
            .await
            .map_err(|e| match StoreError::from(e) {
                StoreError::Conflict(_) => StoreError::Conflict("this function already has a schedule".into()),
                other => other,
            })?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn schedules_of(&self, account_id: &str) -> Result<Vec<ScheduleRecord>, StoreError> {
        let rows = sqlx::query("SELECT * FROM schedules WHERE account_id = $1 ORDER BY created_at").bind(account_id).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| -> Result<ScheduleRecord, sqlx::Error> {
                Ok(ScheduleRecord {
                    uuid: r.try_get("uuid")?,
                    account_id: r.try_get("account_id")?,
                    lambda_uuid: r.try_get("lambda_uuid")?,
                    cron: r.try_get("cron")?,
                    is_active: r.try_get::<i64, _>("is_active")? != 0,
                    created_by: r.try_get("created_by")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)
    }

    pub(crate) async fn insert_domain(&self, account_id: &str, domain: &str, now: i64) -> Result<DomainRecord, StoreError> {
        let mut tx = self.pool.begin().await?;
        let next: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM domains WHERE account_id = $1")
            .bind(account_id)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO domains (id, account_id, domain, created_at) VALUES ($1, $2, $3, $4)")
            .bind(next)
            .bind(account_id)
            .bind(domain)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|e| match StoreError::from(e) {
                StoreError::Conflict(_) => StoreError::Conflict(format!("domain `{domain}` is already on the allowlist")),
                other => other,
            })?;
        tx.commit().await?;
        Ok(DomainRecord { id: next, account_id: account_id.to_owned(), domain: domain.to_owned(), created_at: now })
    }

    pub(crate) async fn domains_of(&self, account_id: &str) -> Result<Vec<DomainRecord>, StoreError> {
        let rows = sqlx::query("SELECT * FROM domains WHERE account_id = $1 ORDER BY id").bind(account_id).fetch_all(&self.pool).await?;
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
