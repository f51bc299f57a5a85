//! Per-account limits an operator set (functions, deployed functions, monthly invocations, rate
//! limits), kept in memory beside the platform defaults so the invoke path never reads the store
//! for them. Refreshed from the store on every sync and at once on the node that changed them.

use fnhost_store::{AccountLimits, AccountRecord};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A rate limiter with the rate it enforces.
pub struct Limiter<L> {
    pub per_second: u32,
    pub limiter: L,
}

/// The overrides of every account that has some.
#[derive(Default)]
pub struct AccountLimitsTable {
    limits: dashmap::DashMap<String, AccountLimits>,
    /// Fast path: no account overrides any rate limit.
    any_rate_override: AtomicBool,
    account_rates: dashmap::DashMap<String, Arc<Limiter<Option<DefaultDirectRateLimiter>>>>,
    function_rates: dashmap::DashMap<String, Arc<Limiter<Option<DefaultKeyedRateLimiter<String>>>>>,
}

impl AccountLimitsTable {
    /// The account's overrides (all `None` when it has none).
    pub fn get(&self, account: &str) -> AccountLimits {
        self.limits.get(account).map(|l| *l).unwrap_or_default()
    }

    /// Puts `limits` in force for `account`. A rate limiter is rebuilt only when its rate changed.
    pub fn set(&self, account: &str, limits: AccountLimits) {
        let before = self.limits.insert(account.to_owned(), limits);
        let before = before.unwrap_or_default();
        if before.account_rate_limit != limits.account_rate_limit {
            match limits.account_rate_limit {
                Some(n) => {
                    self.account_rates.insert(
                        account.to_owned(),
                        Arc::new(Limiter {
                            per_second: n,
                            limiter: NonZeroU32::new(n)
                                .map(|n| RateLimiter::direct(Quota::per_second(n))),
                        }),
                    );
                }
                None => {
                    self.account_rates.remove(account);
                }
            }
        }
        if before.function_rate_limit != limits.function_rate_limit {
            match limits.function_rate_limit {
                Some(n) => {
                    self.function_rates.insert(
                        account.to_owned(),
                        Arc::new(Limiter {
                            per_second: n,
                            limiter: NonZeroU32::new(n)
                                .map(|n| RateLimiter::keyed(Quota::per_second(n))),
                        }),
                    );
                }
                None => {
                    self.function_rates.remove(account);
                }
            }
        }
        let any = !self.account_rates.is_empty() || !self.function_rates.is_empty();
        self.any_rate_override.store(any, Ordering::Relaxed);
    }

    /// Puts every stored account's limits in force.
    pub fn load(&self, accounts: &[AccountRecord]) {
        for a in accounts {
            if a.limits != self.get(&a.id) {
                self.set(&a.id, a.limits);
            }
        }
    }

    /// The account's own rate limiter, when it overrides the default.
    pub fn account_rate(
        &self,
        account: &str,
    ) -> Option<Arc<Limiter<Option<DefaultDirectRateLimiter>>>> {
        if !self.any_rate_override.load(Ordering::Relaxed) {
            return None;
        }
        self.account_rates.get(account).map(|l| l.clone())
    }

    /// The per-function rate limiter of the account's functions, when it overrides the default.
    pub fn function_rate(
        &self,
        account: &str,
    ) -> Option<Arc<Limiter<Option<DefaultKeyedRateLimiter<String>>>>> {
        if !self.any_rate_override.load(Ordering::Relaxed) {
            return None;
        }
        self.function_rates.get(account).map(|l| l.clone())
    }
}
