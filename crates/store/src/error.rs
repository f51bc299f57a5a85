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

/// Whether a database error code means "the database cannot serve now" rather than "this
/// statement is wrong". PostgreSQL reports SQLSTATEs: class 08 (connection exception), 53
/// (insufficient resources), 57P01–57P05 (admin/crash shutdown, cannot connect now, idle
/// termination) and 55000 as raised by `allow_connections = false`. SQLite reports its numeric
/// result codes (primary code in the low byte): BUSY, LOCKED, IOERR, CORRUPT, FULL, CANTOPEN,
/// PROTOCOL, NOTADB.
fn is_unavailable_code(code: &str) -> bool {
    // SQLSTATEs are always five characters; SQLite's extended codes stay below 10,000.
    if code.len() != 5
        && let Ok(n) = code.parse::<i64>()
    {
        return matches!(n & 0xff, 5 | 6 | 10 | 11 | 13 | 14 | 15 | 26);
    }
    code.starts_with("08") || code.starts_with("53") || code.starts_with("57P") || code == "55000"
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::PoolTimedOut => StoreError::Timeout(e.to_string()),
            sqlx::Error::Io(_)
            | sqlx::Error::PoolClosed
            | sqlx::Error::Tls(_)
            | sqlx::Error::Protocol(_)
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(e.to_string()),
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(db.message().to_owned())
            }
            sqlx::Error::Database(db) if db.code().is_some_and(|c| is_unavailable_code(&c)) => {
                StoreError::Unavailable(e.to_string())
            }
            _ => StoreError::Other(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_unavailable_code;

    #[test]
    fn connection_and_capacity_codes_are_unavailable() {
        for c in [
            "08006", "08001", "57P01", "57P03", "53300", "55000", "5", "517", "10", "14",
        ] {
            assert!(is_unavailable_code(c), "{c}");
        }
        for c in ["23505", "42P01", "22P02", "19", "1", "2067"] {
            assert!(!is_unavailable_code(c), "{c}");
        }
    }
}
