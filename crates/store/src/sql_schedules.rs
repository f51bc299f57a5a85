//! Schedules: cron runs of deployed functions, with an optional payload. Exactly one node runs
//! each occurrence (a compare-and-set on `next_run`).

use crate::StoreError;
use crate::records::ScheduleRecord;
use crate::sql::SqlStore;
use async_trait::async_trait;
use sqlx::Row;

#[async_trait]
pub trait Schedules: Send + Sync {
    /// Stores a schedule of a deployed function (at most `max_per_account` per account, one per
    /// function).
    async fn create_schedule(
        &self,
        schedule: &ScheduleRecord,
        max_per_account: i64,
    ) -> Result<(), StoreError>;
    async fn list_schedules(&self, account_id: &str) -> Result<Vec<ScheduleRecord>, StoreError>;
    async fn get_schedule(
        &self,
        account_id: &str,
        uuid: &str,
    ) -> Result<Option<ScheduleRecord>, StoreError>;
    /// Stores a schedule's expression, payload, active flag and next run; `false` when the
    /// account has no such schedule.
    async fn update_schedule(&self, schedule: &ScheduleRecord) -> Result<bool, StoreError>;
    /// `false` when the account has no such schedule.
    async fn delete_schedule(&self, account_id: &str, uuid: &str) -> Result<bool, StoreError>;
    /// Active schedules (any account) due at `now`, earliest first (at most 100).
    async fn due_schedules(&self, now: i64) -> Result<Vec<ScheduleRecord>, StoreError>;
    /// Moves a schedule from `expected_next` to `next`; `false` when another node already did
    /// (exactly one node runs each occurrence).
    async fn claim_schedule(
        &self,
        uuid: &str,
        expected_next: i64,
        next: Option<i64>,
        now: i64,
    ) -> Result<bool, StoreError>;
    /// The outcome of the last run: `None` for success, else its error code.
    async fn record_schedule_result(
        &self,
        uuid: &str,
        error_code: Option<&str>,
    ) -> Result<(), StoreError>;
}

fn schedule_from_row(r: &sqlx::any::AnyRow) -> Result<ScheduleRecord, sqlx::Error> {
    Ok(ScheduleRecord {
        uuid: r.try_get("uuid")?,
        account_id: r.try_get("account_id")?,
        lambda_uuid: r.try_get("lambda_uuid")?,
        cron: r.try_get("cron")?,
        is_active: r.try_get::<i64, _>("is_active")? != 0,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        next_run: r.try_get("next_run")?,
        last_run: r.try_get("last_run")?,
        last_failed: r.try_get::<i64, _>("last_failed")? != 0,
        payload: r.try_get("payload_json")?,
        last_error_code: r.try_get("last_error_code")?,
    })
}

#[async_trait]
impl Schedules for SqlStore {
    async fn create_schedule(
        &self,
        s: &ScheduleRecord,
        max_per_account: i64,
    ) -> Result<(), StoreError> {
        let max = max_per_account;
        let mut tx = self.write_tx().await?;
        crate::sql_pool::lock_account(&mut tx, &s.account_id).await?;
        // The function must still be deployed when the schedule is stored: an undeploy or a delete
        // racing this create either commits first (refused here) or waits for this row lock and
        // then deletes the schedule with the function's deployment.
        let l = crate::sql_lambdas::lock_lambda(&mut tx, &s.account_id, &s.lambda_uuid).await?;
        if !l.state.is_invocable() {
            return Err(StoreError::Conflict(format!(
                "only deployed functions can be scheduled; `{}` is {}",
                l.name,
                l.state.as_str()
            )));
        }
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM schedules WHERE account_id = $1")
            .bind(&s.account_id)
            .fetch_one(&mut *tx)
            .await?;
        if count >= max {
            return Err(StoreError::LimitReached(format!(
                "the account already has {count} schedules; the limit is {max}"
            )));
        }
        sqlx::query("INSERT INTO schedules (uuid, account_id, lambda_uuid, cron, is_active, created_by, created_at, next_run, payload_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(&s.uuid)
            .bind(&s.account_id)
            .bind(&s.lambda_uuid)
            .bind(&s.cron)
            .bind(s.is_active as i64)
            .bind(&s.created_by)
            .bind(s.created_at)
            .bind(s.next_run)
            .bind(&s.payload)
            .execute(&mut *tx)
            .await
            .map_err(|e| match StoreError::from(e) {
                StoreError::Conflict(_) => StoreError::Conflict("this function already has a schedule".into()),
                other => other,
            })?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_schedules(&self, account_id: &str) -> Result<Vec<ScheduleRecord>, StoreError> {
        let rows = sqlx::query("SELECT * FROM schedules WHERE account_id = $1 ORDER BY created_at")
            .bind(account_id)
            .fetch_all(&self.reader)
            .await?;
        rows.iter()
            .map(schedule_from_row)
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)
    }

    async fn due_schedules(&self, now: i64) -> Result<Vec<ScheduleRecord>, StoreError> {
        let rows = sqlx::query("SELECT * FROM schedules WHERE is_active = 1 AND next_run IS NOT NULL AND next_run <= $1 ORDER BY next_run LIMIT 100")
            .bind(now)
            .fetch_all(&self.reader)
            .await?;
        rows.iter()
            .map(schedule_from_row)
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)
    }

    async fn claim_schedule(
        &self,
        uuid: &str,
        expected_next: i64,
        next: Option<i64>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE schedules SET next_run = $1, last_run = $2 WHERE uuid = $3 AND next_run = $4",
        )
        .bind(next)
        .bind(now)
        .bind(uuid)
        .bind(expected_next)
        .execute(&self.writer)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn record_schedule_result(
        &self,
        uuid: &str,
        error_code: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE schedules SET last_failed = $1, last_error_code = $2 WHERE uuid = $3")
            .bind(error_code.is_some() as i64)
            .bind(error_code)
            .bind(uuid)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn get_schedule(
        &self,
        account_id: &str,
        uuid: &str,
    ) -> Result<Option<ScheduleRecord>, StoreError> {
        let row = sqlx::query("SELECT * FROM schedules WHERE account_id = $1 AND uuid = $2")
            .bind(account_id)
            .bind(uuid)
            .fetch_optional(&self.reader)
            .await?;
        Ok(row.as_ref().map(schedule_from_row).transpose()?)
    }

    async fn update_schedule(&self, s: &ScheduleRecord) -> Result<bool, StoreError> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query(
            "UPDATE schedules SET cron = $1, payload_json = $2, is_active = $3, next_run = $4 \
             WHERE account_id = $5 AND uuid = $6",
        )
        .bind(&s.cron)
        .bind(&s.payload)
        .bind(s.is_active as i64)
        .bind(s.next_run)
        .bind(&s.account_id)
        .bind(&s.uuid)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn delete_schedule(&self, account_id: &str, uuid: &str) -> Result<bool, StoreError> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query("DELETE FROM schedules WHERE account_id = $1 AND uuid = $2")
            .bind(account_id)
            .bind(uuid)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(n == 1)
    }
}
