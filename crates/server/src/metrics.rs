//! Prometheus metrics (`/metrics`, text exposition format via prometheus-client): invocations by
//! function and code, invocation latency histograms, HTTP answers by status, store latency,
//! instances and cold starts, the async queue, records written and dropped, the memory budget.
//!
//! **Architecture invariant:** the invoke path only increments counters it already holds or
//! looks up by label (a read lock); everything that has a current value (instances, queue depth,
//! memory) is read at scrape time. `/metrics` is never open by default: it needs the scrape token
//! (`--metrics-token`) or is served alone on `--metrics-listen`.

use crate::state::AppState;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct InvocationLabels {
    pub account: String,
    pub function: String,
    pub name: String,
    /// `ok`, or the seed code the invocation ended with.
    pub code: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct FunctionLabels {
    pub account: String,
    pub function: String,
    pub name: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabels {
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StoreLabels {
    /// What the store did, e.g. `record_batch`, `ready_check`.
    pub operation: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: &'static str,
}

type HistogramFamily<L> = Family<L, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 0.5 ms … 30 s: what functions take, from an echo to the time limit.
    Histogram::new([
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
    ])
}

fn store_histogram() -> Histogram {
    Histogram::new([
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
    ])
}

/// One function's handles into the node's metrics, so a successful invocation costs two atomic
/// updates and no label lookup.
pub struct FunctionMetrics {
    labels: FunctionLabels,
    ok: Counter,
    latency: Histogram,
}

/// The node's long-lived metrics.
pub struct Metrics {
    invocations: Family<InvocationLabels, Counter>,
    /// Asynchronous attempts this node ended with a retry, and invocations it made dead letters.
    async_retries: Family<FunctionLabels, Counter>,
    async_dead_letters: Family<FunctionLabels, Counter>,
    latency: HistogramFamily<FunctionLabels>,
    store: HistogramFamily<StoreLabels>,
    /// HTTP answers by status code (100–599), counted without a lock.
    http: Vec<AtomicU64>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            invocations: Family::default(),
            async_retries: Family::default(),
            async_dead_letters: Family::default(),
            latency: Family::new_with_constructor(latency_histogram),
            store: Family::new_with_constructor(store_histogram),
            http: (0..600).map(|_| AtomicU64::new(0)).collect(),
        }
    }
}

impl Metrics {
    /// The handles of one function's metrics.
    pub fn for_function(&self, account: &str, function: &str, name: &str) -> FunctionMetrics {
        let labels = FunctionLabels {
            account: account.to_owned(),
            function: function.to_owned(),
            name: name.to_owned(),
        };
        FunctionMetrics {
            ok: self.invocation_counter(&labels, "ok"),
            latency: self.latency.get_or_create(&labels).clone(),
            labels,
        }
    }

    fn invocation_counter(&self, f: &FunctionLabels, code: &str) -> Counter {
        self.invocations
            .get_or_create(&InvocationLabels {
                account: f.account.clone(),
                function: f.function.clone(),
                name: f.name.clone(),
                code: code.to_owned(),
            })
            .clone()
    }

    /// One finished invocation (any trigger): `None` when it succeeded, else its seed code.
    pub fn invocation(&self, f: &FunctionMetrics, failed: Option<&str>, took: Duration) {
        match failed {
            None => f.ok.inc(),
            Some(code) => {
                let short = code.strip_prefix("com.liveperson.faas.").unwrap_or(code);
                self.invocation_counter(&f.labels, short).inc()
            }
        };
        f.latency.observe(took.as_secs_f64());
    }

    /// An asynchronous attempt this node ended: `dead` when the invocation became a dead letter,
    /// else a retry is due.
    pub fn async_failure(&self, account: &str, function: &str, name: &str, dead: bool) {
        let labels = FunctionLabels {
            account: account.to_owned(),
            function: function.to_owned(),
            name: name.to_owned(),
        };
        let family = if dead {
            &self.async_dead_letters
        } else {
            &self.async_retries
        };
        family.get_or_create(&labels).inc();
    }

    /// One store operation and how long it took.
    pub fn store(&self, operation: &'static str, took: Duration) {
        self.store
            .get_or_create(&StoreLabels { operation })
            .observe(took.as_secs_f64());
    }

    /// One HTTP answer.
    pub fn http_status(&self, status: u16) {
        if let Some(c) = self.http.get(status as usize) {
            c.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The text exposition of every metric, with the current values read now.
    pub async fn render(&self, st: &AppState) -> String {
        let mut r = Registry::with_prefix("fnhost");
        r.register(
            "invocations",
            "Invocations by function and how they ended (`ok` or the seed error code)",
            self.invocations.clone(),
        );
        r.register(
            "invocation_duration_seconds",
            "Invocation latency by function (p50/p95/p99 via histogram_quantile)",
            self.latency.clone(),
        );
        r.register(
            "store_operation_duration_seconds",
            "Store latency by operation",
            self.store.clone(),
        );
        let http: Family<StatusLabels, Counter> = Family::default();
        for (status, n) in self.http.iter().enumerate() {
            let n = n.load(Ordering::Relaxed);
            if n > 0 {
                http.get_or_create(&StatusLabels {
                    status: status as u16,
                })
                .inc_by(n);
            }
        }
        r.register("http_responses", "HTTP answers by status code", http);

        let instances: Family<FunctionLabels, Gauge> = Family::default();
        let cold: Family<FunctionLabels, Counter> = Family::default();
        let discarded: Family<FunctionLabels, Counter> = Family::default();
        let deployed = st.registry.all();
        for d in &deployed {
            let s = d.pool.stats();
            let l = FunctionLabels {
                account: d.account_id.clone(),
                function: d.uuid.clone(),
                name: d.name.clone(),
            };
            instances.get_or_create(&l).set(s.instances as i64);
            cold.get_or_create(&l).inc_by(s.cold_starts as u64);
            discarded.get_or_create(&l).inc_by(s.discarded as u64);
        }
        r.register("instances", "Warm instances by function", instances);
        r.register(
            "cold_starts",
            "Cold starts by function since the function was installed",
            cold,
        );
        r.register(
            "discarded_instances",
            "Instances dropped (poisoned, over a limit) by function",
            discarded,
        );
        gauge(
            &mut r,
            "deployed_functions",
            "Functions deployed on this node",
            deployed.len() as i64,
        );
        gauge(
            &mut r,
            "cluster_nodes",
            "Live nodes sharing the rate limits",
            st.account_limits.nodes() as i64,
        );

        let records = [
            (
                "records_written",
                "Invocation and log records stored",
                st.records.written(),
            ),
            (
                "records_dropped",
                "Records dropped because the queue was full",
                st.records.dropped(),
            ),
            (
                "records_failed",
                "Records lost because the store refused them",
                st.records.failed(),
            ),
        ];
        for (name, help, v) in records {
            let c: Counter = Counter::default();
            c.inc_by(v);
            r.register(name, help, c);
        }
        let limited: Counter = Counter::default();
        limited.inc_by(st.rate_limited.load(Ordering::Relaxed));
        r.register(
            "rate_limited",
            "Requests answered 429 (rate, concurrency, memory, quota)",
            limited,
        );
        gauge(
            &mut r,
            "memory_budget_bytes",
            "Bytes all instances may hold together",
            st.engine.memory_budget().limit() as i64,
        );
        gauge(
            &mut r,
            "memory_used_bytes",
            "Bytes all instances hold now",
            st.engine.memory_budget().used() as i64,
        );
        gauge(
            &mut r,
            "long_calls",
            "Calls sharing the long-call gate now",
            st.engine.long_calls() as i64,
        );

        r.register(
            "async_retries",
            "Asynchronous attempts this node ended with a retry due, by function",
            self.async_retries.clone(),
        );
        r.register(
            "async_dead_letters_made",
            "Asynchronous invocations this node moved to the dead letters, by function",
            self.async_dead_letters.clone(),
        );
        match st.store.queue_stats(None).await {
            Ok(stats) => register_queue(&mut r, st, &stats),
            Err(e) => tracing::warn!(error = %e, "queue figures unavailable for /metrics"),
        }
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &r).is_err() {
            tracing::error!("could not encode the metrics");
        }
        out
    }
}

/// The queue as the store has it now: totals by state and the oldest waiting, and the same per
/// function (queue depth, running, dead letters, oldest waiting).
fn register_queue(r: &mut Registry, st: &AppState, stats: &[fnhost_store::QueueStats]) {
    let now = crate::now_ms();
    let age = |t: Option<i64>| t.map(|t| (now - t).max(0) / 1000).unwrap_or(0);
    let queue: Family<StateLabels, Gauge> = Family::default();
    let sum = |f: fn(&fnhost_store::QueueStats) -> i64| stats.iter().map(f).sum::<i64>();
    for (state, n) in [
        ("queued", sum(|q| q.queued)),
        ("running", sum(|q| q.running)),
        ("retrying", sum(|q| q.retrying)),
        ("dead", sum(|q| q.dead)),
    ] {
        queue.get_or_create(&StateLabels { state }).set(n);
    }
    r.register(
        "async_invocations",
        "Asynchronous invocations by state (all accounts)",
        queue,
    );
    gauge(
        r,
        "async_oldest_waiting_seconds",
        "Age of the oldest waiting asynchronous invocation",
        age(stats.iter().filter_map(|q| q.oldest_waiting_at).min()),
    );
    let depth: Family<FunctionLabels, Gauge> = Family::default();
    let running: Family<FunctionLabels, Gauge> = Family::default();
    let dead: Family<FunctionLabels, Gauge> = Family::default();
    let oldest: Family<FunctionLabels, Gauge> = Family::default();
    for q in stats {
        let labels = FunctionLabels {
            account: q.account_id.clone(),
            function: q.lambda_uuid.clone(),
            name: st
                .registry
                .get(&q.lambda_uuid)
                .map(|d| d.name.clone())
                .unwrap_or_default(),
        };
        depth.get_or_create(&labels).set(q.queued + q.retrying);
        running.get_or_create(&labels).set(q.running);
        dead.get_or_create(&labels).set(q.dead);
        oldest.get_or_create(&labels).set(age(q.oldest_waiting_at));
    }
    r.register(
        "async_queue_depth",
        "Asynchronous invocations waiting to run (queued or waiting for a retry), by function",
        depth,
    );
    r.register(
        "async_running",
        "Asynchronous invocations running, by function",
        running,
    );
    r.register("async_dead_letters", "Dead letters kept, by function", dead);
    r.register(
        "async_function_oldest_waiting_seconds",
        "Age of the oldest waiting asynchronous invocation, by function",
        oldest,
    );
}

fn gauge(r: &mut Registry, name: &str, help: &str, v: i64) {
    let g: Gauge = Gauge::default();
    g.set(v);
    r.register(name, help, g);
}
