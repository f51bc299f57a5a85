//! The connections behind [`SqlStore`]: one pool per role (reader, writer), the pragmas,
//! migrations, and the transactions every write goes through (see the store invariant on
//! [`SqlStore`]).

use crate::StoreError;
use crate::migrations::MIGRATIONS;
use fnhost_model::now_ms;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};
use std::time::Duration;

/// Which database a [`SqlStore`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The SQL store.
///
/// **Store invariant — how writes are serialised.** On SQLite every write goes through `writer`, a
/// pool of exactly one connection, and every write transaction starts with `BEGIN IMMEDIATE`: the
/// write lock is taken before the first read, so a transaction can never be refused half-way
/// (`SQLITE_BUSY_SNAPSHOT`) because another connection committed after it read. Reads go through
/// `reader` (WAL readers never block the writer nor wait for it). On PostgreSQL both names are
/// the same pool; transactions run at read committed and take row locks (`lock_lambda`,
/// `lock_account`, `lock_namespace`) before they read what they are about to change.
#[derive(Clone)]
pub struct SqlStore {
    pub(crate) reader: AnyPool,
    pub(crate) writer: AnyPool,
    pub(crate) backend: Backend,
    /// How much history is kept per function (see `sql_history.rs`).
    pub(crate) retention: crate::HistoryRetention,
    /// The write connection the queue's group commits keep between batches (see
    /// [`crate::AsyncQueue::release_batch_connection`]).
    pub(crate) batch_conn: std::sync::Arc<tokio::sync::Mutex<Option<HeldConnection>>>,
    /// SQLite (a file): the connection the queue's group commits write through directly.
    pub(crate) direct: Option<std::sync::Arc<crate::sql_direct::DirectSqlite>>,
}

/// A write connection kept by the queue writer across group commits, and since when.
pub(crate) struct HeldConnection {
    pub(crate) conn: sqlx::pool::PoolConnection<sqlx::Any>,
    pub(crate) since: std::time::Instant,
}

/// How long a statement waits for SQLite's write lock held by another process before failing.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;
/// How long a caller waits for a pooled connection before the store counts as unavailable.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);
/// Read connections on SQLite (WAL lets them run beside the one writer).
const SQLITE_READERS: u32 = 4;
/// Connections per node on PostgreSQL.
const POSTGRES_CONNECTIONS: u32 = 16;

impl SqlStore {
    /// Connects to `url` (`sqlite://path` or `postgres://…`), creating the SQLite file (and, for
    /// PostgreSQL, nothing else) as needed, and runs the migrations.
    pub async fn connect(url: &str) -> Result<SqlStore, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        let url = if backend == Backend::Sqlite && !url.contains("mode=") {
            format!("{url}{}mode=rwc", if url.contains('?') { "&" } else { "?" })
        } else {
            url.to_owned()
        };
        let (reader, writer) = match backend {
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .max_connections(POSTGRES_CONNECTIONS)
                    .connect(&url)
                    .await?;
                (pool.clone(), pool)
            }
            Backend::Sqlite => {
                let sqlite_opts = || {
                    AnyPoolOptions::new()
                        .acquire_timeout(ACQUIRE_TIMEOUT)
                        // A file on this machine does not go stale: no ping before each use
                        // (a round trip to the connection's thread on every transaction).
                        .test_before_acquire(false)
                        .after_connect(|conn, _| {
                            Box::pin(async move {
                                conn.execute(
                                    format!("PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
                                        .as_str(),
                                )
                                .await?;
                                conn.execute("PRAGMA synchronous = NORMAL").await?;
                                // Commits leave the checkpoints to a background task (see
                                // `Store::checkpoint`): a checkpoint run by a commit copies
                                // pages and syncs the file while every other write waits. This
                                // limit (64 MiB of log) is only the safety net for a process
                                // that runs no such task. Set on every connection (a pool
                                // replaces connections), used by the writer.
                                conn.execute("PRAGMA wal_autocheckpoint = 16384").await?;
                                Ok(())
                            })
                        })
                };
                // The writer first: it creates the file and switches it to WAL before readers open.
                let writer = sqlite_opts()
                    .min_connections(1)
                    .max_connections(1)
                    .connect(&url)
                    .await?;
                writer.execute("PRAGMA journal_mode = WAL").await?;
                let reader = sqlite_opts()
                    .max_connections(SQLITE_READERS)
                    .connect(&url)
                    .await?;
                (reader, writer)
            }
        };
        let store = SqlStore {
            reader,
            writer,
            backend,
            retention: crate::HistoryRetention::default(),
            batch_conn: Default::default(),
            direct: None,
        };
        store.migrate().await?;
        let direct = match backend {
            Backend::Sqlite => crate::sql_direct::DirectSqlite::open(&url, SQLITE_BUSY_TIMEOUT_MS)?,
            Backend::Postgres => None,
        };
        let store = SqlStore {
            direct: direct.map(std::sync::Arc::new),
            ..store
        };
        Ok(store)
    }

    /// Keeps `retention` of each function's deployments and versions (default: 5 and 50).
    pub fn with_history_retention(mut self, retention: crate::HistoryRetention) -> SqlStore {
        self.retention = retention;
        self
    }

    /// Starts a transaction that may write (see the store invariant on [`SqlStore`]).
    pub(crate) async fn write_tx(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.writer.begin().await?,
        })
    }

    /// Starts a read-only transaction (one consistent snapshot for several reads).
    pub(crate) async fn read_tx(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        Ok(self.reader.begin().await?)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        self.writer
            .execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)")
            .await?;
        for (version, sql) in MIGRATIONS {
            let mut tx = self.write_tx().await?;
            let done: Option<i64> =
                sqlx::query_scalar("SELECT version FROM schema_version WHERE version = $1")
                    .bind(*version)
                    .fetch_optional(&mut *tx)
                    .await?;
            if done.is_some() {
                continue;
            }
            for stmt in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                sqlx::query(stmt).execute(&mut *tx).await?;
            }
            if *version == crate::migrations::ROLLUPS {
                crate::sql_records::backfill_rollups(&mut tx).await?;
            }
            sqlx::query("INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)")
                .bind(*version)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Closes the pool (used by tests that simulate an outage).
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

/// Locks the account's row for the rest of the transaction, so that per-account rules checked by
/// reading (the function and schedule limits, the next allowlist id, unique names) hold when
/// several nodes write at once on PostgreSQL. On SQLite the write transaction already holds the
/// database's write lock and this is a cheap no-op update.
pub(crate) async fn lock_account(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    account_id: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE accounts SET created_at = created_at WHERE id = $1")
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
