//! Rate limits and per-account limits, as this node enforces them.
//!
//! **Limits that hold across a cluster:** every node heartbeats into the store and counts the
//! live nodes (`cluster.rs`); each node then enforces its *share* of every configured rate, the
//! rate divided by the live nodes (rounded up). Behind a load balancer that spreads requests
//! evenly (nginx round robin, the usual setup) the cluster admits the configured rate; when a
//! node dies its peers' shares grow as soon as its heartbeat is missed. The invoke path only
//! reads memory: no store round trip, no shared counter.
//!
//! Per-account overrides an operator set (functions, deployed functions, monthly invocations,
//! rate limits) live here beside the platform defaults, refreshed from the store on every sync
//! and at once on the node that changed them.

use fnhost_store::{AccountLimits, AccountRecord};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, RwLock};

/// A rate limiter with the cluster-wide rate it enforces its share of (`None`: unlimited).
pub struct Limiter<L> {
    pub per_second: u32,
    pub limiter: Option<L>,
}

/// This node's share of `per_second` when `nodes` nodes serve (at least 1 when limited).
fn share(per_second: u32, nodes: u32) -> Option<NonZeroU32> {
    NonZeroU32::new(per_second).map(|n| {
        let nodes = nodes.max(1);
        NonZeroU32::new(n.get().div_ceil(nodes)).unwrap_or(NonZeroU32::MIN)
    })
}

fn keyed(per_second: u32, nodes: u32) -> Arc<Limiter<DefaultKeyedRateLimiter<String>>> {
    Arc::new(Limiter {
        per_second,
        limiter: share(per_second, nodes).map(|n| RateLimiter::keyed(Quota::per_second(n))),
    })
}

fn direct(per_second: u32, nodes: u32) -> Arc<Limiter<DefaultDirectRateLimiter>> {
    Arc::new(Limiter {
        per_second,
        limiter: share(per_second, nodes).map(|n| RateLimiter::direct(Quota::per_second(n))),
    })
}

type Keyed = Arc<Limiter<DefaultKeyedRateLimiter<String>>>;

/// The platform's default limiters and the overrides of every account that has some.
pub struct AccountLimitsTable {
    default_account_rate: u32,
    default_function_rate: u32,
    /// Live nodes sharing the rates (1 until the first heartbeat round).
    nodes: AtomicU32,
    defaults: RwLock<(Keyed, Keyed)>,
    limits: dashmap::DashMap<String, AccountLimits>,
    /// Fast path: no account overrides any rate limit.
    any_rate_override: AtomicBool,
    account_rates: dashmap::DashMap<String, Arc<Limiter<DefaultDirectRateLimiter>>>,
    function_rates: dashmap::DashMap<String, Keyed>,
}

impl AccountLimitsTable {
    /// The platform defaults: invocations per second per account and per function (0 = none).
    pub fn new(account_rate: u32, function_rate: u32) -> Self {
        AccountLimitsTable {
            default_account_rate: account_rate,
            default_function_rate: function_rate,
            nodes: AtomicU32::new(1),
            defaults: RwLock::new((keyed(account_rate, 1), keyed(function_rate, 1))),
            limits: Default::default(),
            any_rate_override: AtomicBool::new(false),
            account_rates: Default::default(),
            function_rates: Default::default(),
        }
    }

    /// Live nodes the rates are shared by.
    pub fn nodes(&self) -> u32 {
        self.nodes.load(Ordering::Relaxed)
    }

    /// Shares every rate among `nodes` nodes from now on (limiters are rebuilt only on change).
    pub fn set_nodes(&self, nodes: u32) {
        let nodes = nodes.max(1);
        if self.nodes.swap(nodes, Ordering::Relaxed) == nodes {
            return;
        }
        *self.defaults.write().unwrap_or_else(|e| e.into_inner()) = (
            keyed(self.default_account_rate, nodes),
            keyed(self.default_function_rate, nodes),
        );
        for mut e in self.account_rates.iter_mut() {
            *e = direct(e.per_second, nodes);
        }
        for mut e in self.function_rates.iter_mut() {
            *e = keyed(e.per_second, nodes);
        }
        tracing::info!(nodes, "rate limits shared among the live nodes");
    }

    /// The default per-account and per-function limiters.
    pub fn defaults(&self) -> (Keyed, Keyed) {
        self.defaults
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The default per-account limiter; `None` without touching a lock when the platform sets no
    /// account rate (the invoke path's common case with limits off).
    pub fn default_account(&self) -> Option<Keyed> {
        (self.default_account_rate != 0).then(|| {
            self.defaults
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .0
                .clone()
        })
    }

    /// The default per-function limiter; `None` when the platform sets no function rate.
    pub fn default_function(&self) -> Option<Keyed> {
        (self.default_function_rate != 0).then(|| {
            self.defaults
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .1
                .clone()
        })
    }

    /// The account's overrides (all `None` when it has none).
    pub fn get(&self, account: &str) -> AccountLimits {
        self.limits.get(account).map(|l| *l).unwrap_or_default()
    }

    /// Puts `limits` in force for `account`. A rate limiter is rebuilt only when its rate changed.
    pub fn set(&self, account: &str, limits: AccountLimits) {
        let before = self
            .limits
            .insert(account.to_owned(), limits)
            .unwrap_or_default();
        let nodes = self.nodes();
        if before.account_rate_limit != limits.account_rate_limit {
            match limits.account_rate_limit {
                Some(n) => {
                    self.account_rates
                        .insert(account.to_owned(), direct(n, nodes));
                }
                None => {
                    self.account_rates.remove(account);
                }
            }
        }
        if before.function_rate_limit != limits.function_rate_limit {
            match limits.function_rate_limit {
                Some(n) => {
                    self.function_rates
                        .insert(account.to_owned(), keyed(n, nodes));
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
    pub fn account_rate(&self, account: &str) -> Option<Arc<Limiter<DefaultDirectRateLimiter>>> {
        if !self.any_rate_override.load(Ordering::Relaxed) {
            return None;
        }
        self.account_rates.get(account).map(|l| l.clone())
    }

    /// The per-function rate limiter of the account's functions, when it overrides the default.
    pub fn function_rate(&self, account: &str) -> Option<Keyed> {
        if !self.any_rate_override.load(Ordering::Relaxed) {
            return None;
        }
        self.function_rates.get(account).map(|l| l.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_node_enforces_its_share() {
        assert_eq!(share(0, 3), None);
        assert_eq!(share(60, 3).map(NonZeroU32::get), Some(20));
        assert_eq!(share(10, 3).map(NonZeroU32::get), Some(4));
        assert_eq!(share(1, 5).map(NonZeroU32::get), Some(1));
        assert_eq!(share(100, 0).map(NonZeroU32::get), Some(100));
        let t = AccountLimitsTable::new(60, 0);
        t.set_nodes(3);
        let (acc, func) = t.defaults();
        assert_eq!(acc.per_second, 60, "messages name the cluster-wide rate");
        assert!(func.limiter.is_none());
        let l = acc.limiter.as_ref().unwrap();
        let admitted = (0..100)
            .filter(|_| l.check_key(&"a".to_owned()).is_ok())
            .count();
        assert_eq!(admitted, 20, "a burst of one node's share");
    }
}
