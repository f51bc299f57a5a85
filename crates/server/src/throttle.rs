//! Throttling of credential guesses: logins per user, client-credential grants per app, and
//! both per source address.
//!
//! Each key may fail [`MAX_FAILURES_PER_KEY`] times (a source [`MAX_FAILURES_PER_SOURCE`] times)
//! within [`WINDOW`]; past that it is refused with 429 and `Retry-After` for [`FIRST_LOCKOUT`],
//! doubling with each further failure up to [`MAX_LOCKOUT`], before any password is checked (so a
//! flood costs no argon2 time either). A success clears the key. Memory is bounded: expired
//! entries are dropped when the table grows past [`PRUNE_AT`].

use dashmap::DashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

pub const MAX_FAILURES_PER_KEY: u32 = 5;
pub const MAX_FAILURES_PER_SOURCE: u32 = 30;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
pub const FIRST_LOCKOUT: Duration = Duration::from_secs(30);
pub const MAX_LOCKOUT: Duration = Duration::from_secs(15 * 60);
const PRUNE_AT: usize = 100_000;

struct Entry {
    failures: u32,
    first: Instant,
    blocked_until: Option<Instant>,
}

#[derive(Default)]
pub struct Throttle {
    entries: DashMap<String, Entry>,
}

/// Who is guessing: the account's user (or the app) and the source address.
pub struct Subject {
    key: String,
    source: Option<String>,
}

impl Subject {
    pub fn user(account: &str, login: &str, source: Option<IpAddr>) -> Subject {
        Subject {
            key: format!("user:{account}:{}", login.to_lowercase()),
            source: source.map(|ip| format!("source:{ip}")),
        }
    }
    pub fn app(client_id: &str, source: Option<IpAddr>) -> Subject {
        Subject {
            key: format!("app:{client_id}"),
            source: source.map(|ip| format!("source:{ip}")),
        }
    }
}

fn lockout(failures: u32, limit: u32) -> Duration {
    let doublings = failures.saturating_sub(limit).min(16);
    (FIRST_LOCKOUT * 2u32.pow(doublings)).min(MAX_LOCKOUT)
}

impl Throttle {
    /// `Err(retry_after)` while the subject or its source is locked out.
    pub fn check(&self, s: &Subject) -> Result<(), Duration> {
        let now = Instant::now();
        for key in std::iter::once(&s.key).chain(s.source.as_ref()) {
            if let Some(e) = self.entries.get(key)
                && let Some(until) = e.blocked_until
                && until > now
            {
                return Err(until - now);
            }
        }
        Ok(())
    }

    /// Counts a failed guess against the subject and its source.
    pub fn failed(&self, s: &Subject) {
        let now = Instant::now();
        if self.entries.len() > PRUNE_AT {
            self.entries.retain(|_, e| {
                now.duration_since(e.first) < WINDOW || e.blocked_until.is_some_and(|u| u > now)
            });
        }
        let keys = std::iter::once((&s.key, MAX_FAILURES_PER_KEY))
            .chain(s.source.as_ref().map(|k| (k, MAX_FAILURES_PER_SOURCE)));
        for (key, limit) in keys {
            let mut e = self.entries.entry(key.clone()).or_insert(Entry {
                failures: 0,
                first: now,
                blocked_until: None,
            });
            if now.duration_since(e.first) >= WINDOW && e.blocked_until.is_none_or(|u| u <= now) {
                e.failures = 0;
                e.first = now;
            }
            e.failures += 1;
            if e.failures >= limit {
                e.blocked_until = Some(now + lockout(e.failures, limit));
            }
        }
    }

    /// A correct guess clears the subject (not its source).
    pub fn succeeded(&self, s: &Subject) {
        self.entries.remove(&s.key);
    }
}

/// The `Retry-After` seconds for a lockout.
pub fn retry_after_secs(d: Duration) -> u64 {
    d.as_secs_f64().ceil().max(1.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_locks_after_its_limit_and_a_success_clears_it() {
        let t = Throttle::default();
        let s = Subject::user("1000", "Admin", None);
        for _ in 0..MAX_FAILURES_PER_KEY - 1 {
            t.failed(&s);
            assert!(t.check(&s).is_ok());
        }
        t.failed(&s);
        let wait = t.check(&s).unwrap_err();
        assert!(wait > Duration::from_secs(25) && wait <= FIRST_LOCKOUT);
        assert!(
            t.check(&Subject::user("1000", "admin", None)).is_err(),
            "login names are case-insensitive"
        );
        t.succeeded(&s);
        assert!(t.check(&s).is_ok());
    }

    #[test]
    fn lockouts_double_up_to_the_cap_and_sources_count_across_users() {
        assert_eq!(lockout(5, 5), FIRST_LOCKOUT);
        assert_eq!(lockout(6, 5), FIRST_LOCKOUT * 2);
        assert_eq!(lockout(100, 5), MAX_LOCKOUT);
        let t = Throttle::default();
        let ip: IpAddr = "203.0.113.7".parse().unwrap();
        for i in 0..MAX_FAILURES_PER_SOURCE {
            t.failed(&Subject::user("1000", &format!("u{i}"), Some(ip)));
        }
        assert!(
            t.check(&Subject::user("1000", "someone-else", Some(ip)))
                .is_err()
        );
        assert!(
            t.check(&Subject::user("1000", "someone-else", None))
                .is_ok()
        );
    }
}
