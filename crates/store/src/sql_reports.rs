//! Email report settings in SQL, and the claim that makes exactly one node send each report: a
//! compare-and-set on the last period sent.

use crate::StoreError;
use crate::records::{ReportFrequency, ReportSettings};
use crate::sql::{SqlStore, json};
use async_trait::async_trait;
use sqlx::Row;

#[async_trait]
pub trait ReportSettingsStore: Send + Sync {
    async fn get_report_settings(
        &self,
        account_id: &str,
    ) -> Result<Option<ReportSettings>, StoreError>;
    /// Stores frequency, recipients and `not_before` (keeps what was sent).
    async fn put_report_settings(&self, settings: &ReportSettings) -> Result<(), StoreError>;
    /// Every account whose report is on.
    async fn active_report_settings(&self) -> Result<Vec<ReportSettings>, StoreError>;
    /// Claims the report of the period starting at `period_start`: `true` for exactly one
    /// caller, while no later period was claimed.
    async fn claim_report(&self, account_id: &str, period_start: i64) -> Result<bool, StoreError>;
    /// Gives a claimed period back (the report could not be sent), so it is tried again.
    async fn release_report(
        &self,
        account_id: &str,
        period_start: i64,
        previous: Option<i64>,
    ) -> Result<(), StoreError>;
    /// Keeps the figures of the report just sent.
    async fn save_report_summary(
        &self,
        account_id: &str,
        summary: &serde_json::Value,
    ) -> Result<(), StoreError>;
}

fn settings_from_row(r: &sqlx::any::AnyRow) -> Result<ReportSettings, sqlx::Error> {
    Ok(ReportSettings {
        account_id: r.try_get("account_id")?,
        frequency: ReportFrequency::parse(&r.try_get::<String, _>("frequency")?)
            .unwrap_or(ReportFrequency::None),
        recipients: serde_json::from_str(&r.try_get::<String, _>("recipients_json")?)
            .unwrap_or_default(),
        not_before: r.try_get("not_before")?,
        last_period_start: r.try_get("last_period_start")?,
        last_summary: r
            .try_get::<Option<String>, _>("last_summary_json")?
            .and_then(|s| serde_json::from_str(&s).ok()),
        updated_at: r.try_get("updated_at")?,
    })
}

const SELECT: &str = "SELECT account_id, frequency, recipients_json, not_before, last_period_start, \
    last_summary_json, updated_at FROM report_settings";

#[async_trait]
impl ReportSettingsStore for SqlStore {
    async fn get_report_settings(
        &self,
        account_id: &str,
    ) -> Result<Option<ReportSettings>, StoreError> {
        let row = sqlx::query(&format!("{SELECT} WHERE account_id = $1"))
            .bind(account_id)
            .fetch_optional(&self.reader)
            .await?;
        Ok(row.map(|r| settings_from_row(&r)).transpose()?)
    }

    async fn put_report_settings(&self, s: &ReportSettings) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO report_settings (account_id, frequency, recipients_json, not_before, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_id) DO UPDATE SET frequency = excluded.frequency, \
             recipients_json = excluded.recipients_json, not_before = excluded.not_before, updated_at = excluded.updated_at",
        )
        .bind(&s.account_id)
        .bind(s.frequency.as_str())
        .bind(json(&s.recipients))
        .bind(s.not_before)
        .bind(s.updated_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn active_report_settings(&self) -> Result<Vec<ReportSettings>, StoreError> {
        let rows = sqlx::query(&format!("{SELECT} WHERE frequency <> 'None'"))
            .fetch_all(&self.reader)
            .await?;
        Ok(rows
            .iter()
            .map(settings_from_row)
            .collect::<Result<_, _>>()?)
    }

    async fn claim_report(&self, account_id: &str, period_start: i64) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE report_settings SET last_period_start = $1 WHERE account_id = $2 \
             AND COALESCE(last_period_start, -1) < $1",
        )
        .bind(period_start)
        .bind(account_id)
        .execute(&self.writer)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn release_report(
        &self,
        account_id: &str,
        period_start: i64,
        previous: Option<i64>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE report_settings SET last_period_start = $1 WHERE account_id = $2 AND last_period_start = $3",
        )
        .bind(previous)
        .bind(account_id)
        .bind(period_start)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn save_report_summary(
        &self,
        account_id: &str,
        summary: &serde_json::Value,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE report_settings SET last_summary_json = $1 WHERE account_id = $2")
            .bind(json(summary))
            .bind(account_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}
