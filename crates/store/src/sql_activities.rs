//! The activity stream in SQL: who did what, when, per account; read newest first with filters
//! and purged after the retention period.

use crate::StoreError;
use crate::records::{ActivityQuery, ActivityRecord};
use crate::sql::{SqlStore, json};
use async_trait::async_trait;
use sqlx::Row;

#[async_trait]
pub trait Activities: Send + Sync {
    async fn record_activity(&self, activity: &ActivityRecord) -> Result<(), StoreError>;
    /// Activities matching `query`, newest first (at most `query.limit`).
    async fn list_activities(
        &self,
        query: &ActivityQuery,
    ) -> Result<Vec<ActivityRecord>, StoreError>;
    /// Deletes activities older than `before` (ms); returns how many.
    async fn purge_activities_before(&self, before: i64) -> Result<u64, StoreError>;
}

#[async_trait]
impl Activities for SqlStore {
    async fn record_activity(&self, a: &ActivityRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO activities (id, account_id, at, actor, kind, lambda_uuid, details_json) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&a.id)
        .bind(&a.account_id)
        .bind(a.at)
        .bind(&a.actor)
        .bind(&a.kind)
        .bind(a.lambda_uuid.clone())
        .bind(json(&a.details))
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn list_activities(&self, q: &ActivityQuery) -> Result<Vec<ActivityRecord>, StoreError> {
        // Only the filters given become conditions (PostgreSQL cannot type a bare `$n IS NULL`).
        let mut sql = String::from(
            "SELECT id, account_id, at, actor, kind, lambda_uuid, details_json FROM activities \
             WHERE account_id = $1 AND at >= $2 AND at <= $3",
        );
        let mut binds: Vec<String> = Vec::new();
        let mut next = 4;
        if let Some(l) = &q.lambda_uuid {
            sql.push_str(&format!(" AND lambda_uuid = ${next}"));
            binds.push(l.clone());
            next += 1;
        }
        if let Some(a) = &q.actor {
            sql.push_str(&format!(" AND actor = ${next}"));
            binds.push(a.clone());
            next += 1;
        }
        if !q.kinds.is_empty() {
            let mut parts = Vec::new();
            for k in &q.kinds {
                if let Some(prefix) = k.strip_suffix('.') {
                    parts.push(format!("kind LIKE ${next}"));
                    binds.push(format!("{prefix}.%"));
                } else {
                    parts.push(format!("kind = ${next}"));
                    binds.push(k.clone());
                }
                next += 1;
            }
            sql.push_str(&format!(" AND ({})", parts.join(" OR ")));
        }
        sql.push_str(&format!(" ORDER BY at DESC, id DESC LIMIT ${next}"));
        let mut query = sqlx::query(&sql)
            .bind(&q.account_id)
            .bind(q.from)
            .bind(q.to);
        for b in &binds {
            query = query.bind(b);
        }
        let rows = query.bind(q.limit).fetch_all(&self.reader).await?;
        rows.iter()
            .map(|r| {
                Ok(ActivityRecord {
                    id: r.try_get("id")?,
                    account_id: r.try_get("account_id")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    kind: r.try_get("kind")?,
                    lambda_uuid: r.try_get("lambda_uuid")?,
                    details: serde_json::from_str(&r.try_get::<String, _>("details_json")?)
                        .unwrap_or(serde_json::Value::Null),
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    async fn purge_activities_before(&self, before: i64) -> Result<u64, StoreError> {
        let r = sqlx::query("DELETE FROM activities WHERE at < $1")
            .bind(before)
            .execute(&self.writer)
            .await?;
        Ok(r.rows_affected())
    }
}
