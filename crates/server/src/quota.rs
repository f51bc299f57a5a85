//! The monthly invocation quota of each account: tracked from the invocation rollups (what every
//! node recorded) plus what this node admitted since its last refresh, reported by
//! `limitCounts`, and, when the operator enables enforcement, answered with 429 naming the
//! quota. The invoke path reads only memory; the refresh runs in the background.

use crate::state::AppState;
use std::sync::atomic::{AtomicI64, Ordering};

/// Usage of one account in the current month.
#[derive(Default)]
struct Usage {
    month_start: AtomicI64,
    /// Invocations stored in the rollups at the last refresh.
    stored: AtomicI64,
    /// Invocations this node admitted since then.
    local: AtomicI64,
}

/// Month-to-date usage of every account this node has seen.
#[derive(Default)]
pub struct QuotaTracker {
    usage: dashmap::DashMap<String, std::sync::Arc<Usage>>,
}

/// The first millisecond of the calendar month (UTC) that holds `now_ms`.
pub fn month_start(now_ms: i64) -> i64 {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(now_ms as i128 * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let first = time::Date::from_calendar_date(t.year(), t.month(), 1).expect("day 1 exists");
    first.midnight().assume_utc().unix_timestamp() * 1000
}

impl QuotaTracker {
    fn of(&self, account: &str) -> std::sync::Arc<Usage> {
        if let Some(u) = self.usage.get(account) {
            return u.clone();
        }
        self.usage.entry(account.to_owned()).or_default().clone()
    }

    /// Counts one admitted invocation; `Err(limit)` when the account has used its quota.
    pub fn admit(&self, st: &AppState, account: &str) -> Result<(), i64> {
        let limit = st.invocations_per_month(account);
        let u = self.of(account);
        let now_month = month_start(crate::now_ms());
        if u.month_start.load(Ordering::Relaxed) != now_month {
            // A new month: the stored count is last month's until the next refresh.
            u.month_start.store(now_month, Ordering::Relaxed);
            u.stored.store(0, Ordering::Relaxed);
            u.local.store(0, Ordering::Relaxed);
        }
        let used = u.stored.load(Ordering::Relaxed) + u.local.load(Ordering::Relaxed);
        if used >= limit {
            return Err(limit);
        }
        u.local.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Re-reads the month-to-date counts of every account from the store.
    pub async fn refresh(&self, st: &AppState) -> Result<(), fnhost_store::StoreError> {
        let now = crate::now_ms();
        let from = month_start(now);
        for account in st.store.list_accounts().await? {
            let counts = st
                .store
                .outcome_counts(&account.id, None, from, now, (now - from).max(1))
                .await?;
            let total: i64 = counts.iter().map(|c| c.total()).sum();
            let u = self.of(&account.id);
            u.month_start.store(from, Ordering::Relaxed);
            u.stored.store(total, Ordering::Relaxed);
            u.local.store(0, Ordering::Relaxed);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::month_start;

    #[test]
    fn month_start_is_the_first_midnight_utc() {
        // 2026-03-15T12:34:56Z → 2026-03-01T00:00:00Z
        assert_eq!(month_start(1_773_578_096_000), 1_772_323_200_000);
        // The first millisecond of a month is its own start.
        assert_eq!(month_start(1_772_323_200_000), 1_772_323_200_000);
        assert_eq!(month_start(1_772_323_199_999), 1_769_904_000_000);
    }
}
