//! The nodes of a cluster in SQL: each node's heartbeat, and how many beat recently.

use crate::StoreError;
use crate::sql::SqlStore;
use async_trait::async_trait;

#[async_trait]
pub trait Cluster: Send + Sync {
    /// Records that `node_id` is alive at `now` (ms).
    async fn heartbeat(&self, node_id: &str, now: i64) -> Result<(), StoreError>;
    /// Nodes whose last heartbeat is at or after `since` (ms).
    async fn live_nodes(&self, since: i64) -> Result<i64, StoreError>;
    /// Removes a node that stops (its peers take over its share at once).
    async fn leave(&self, node_id: &str) -> Result<(), StoreError>;
}

#[async_trait]
impl Cluster for SqlStore {
    async fn heartbeat(&self, node_id: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO nodes (node_id, last_seen) VALUES ($1, $2) \
             ON CONFLICT (node_id) DO UPDATE SET last_seen = excluded.last_seen",
        )
        .bind(node_id)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn live_nodes(&self, since: i64) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM nodes WHERE last_seen >= $1")
                .bind(since)
                .fetch_one(&self.reader)
                .await?,
        )
    }

    async fn leave(&self, node_id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM nodes WHERE node_id = $1")
            .bind(node_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}
