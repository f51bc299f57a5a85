//! Store errors, classified so the server can answer with the right seed code.

/// Why a store operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The database could not be reached (connection refused, pool timeout): `*.unavailable`.
    #[error("the store is unavailable: {0}")]
    Unavailable(String),
    /// The database did not answer in time: `*.unavailable` with 504.
    #[error("the store timed out: {0}")]
    Timeout(String),
    /// A uniqueness or state rule was violated; the message says which.
    #[error("{0}")]
    Conflict(String),
    /// The record does not exist.
    #[error("not found")]
    NotFound,
    /// A limit (functions per account, schedules) would be exceeded.
    #[error("{0}")]
    LimitReached(String),
    /// The record changed since it was read.
    #[error("the record was changed by someone else; reload and retry")]
    Stale,
    /// Anything else: `*.general`. The message is for logs, not for clients.
    #[error("store error: {0}")]
    Other(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::PoolTimedOut => StoreError::Timeout(e.to_string()),
            sqlx::Error::Io(_)
            | sqlx::Error::PoolClosed
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(e.to_string()),
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(db.message().to_owned())
            }
            _ => StoreError::Other(e.to_string()),
        }
    }
}
