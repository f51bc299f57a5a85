//! Reports over 10 M stored invocation records: `cargo bench -p fnhost-store --bench reports`.
//!
//! Stores 10,000,000 records (50 functions, spread over 30 days) through the record writer's own
//! path (`record_invocations`: records, rollups and logs in one transaction), then measures the two
//! report queries the API serves: the account's 30-day totals (`reports/invocationCounts`) and one
//! function's hourly histogram over 7 days (`reports/invocations/{uuid}`, `lpf metrics`).
//! SQLite always; PostgreSQL too when `FNHOST_BENCH_PG=1` (slower to fill). Set
//! `FNHOST_BENCH_RECORDS` to change the count.

use criterion::{Criterion, criterion_group, criterion_main};
use fnhost_store::testing::TestDb;
use fnhost_store::{Backend, InvocationOutcome, InvocationRecord, SqlStore, Store};
use std::time::Instant;

const DAY_MS: i64 = 86_400_000;
const FUNCTIONS: i64 = 50;
const BATCH: i64 = 20_000;

async fn fill(store: &SqlStore, records: i64, now: i64) {
    let start = now - 30 * DAY_MS;
    let step = (30 * DAY_MS) / records;
    let t = Instant::now();
    let mut batch = Vec::with_capacity(BATCH as usize);
    for i in 0..records {
        batch.push(InvocationRecord {
            account_id: "1000".into(),
            lambda_uuid: format!("fn-{:02}", i % FUNCTIONS),
            request_id: format!("r{i}"),
            started_at: start + i * step,
            duration_ms: 3,
            outcome: match i % 20 {
                0 => InvocationOutcome::CodingFailure,
                1 => InvocationOutcome::Timeout,
                _ => InvocationOutcome::Succeeded,
            },
            error_code: None,
            cold_start: i % 1000 == 0,
            init_us: 0,
            cpu_us: 0,
        });
        if batch.len() as i64 == BATCH {
            store.record_invocations(&batch, &[]).await.unwrap();
            batch.clear();
        }
    }
    store.record_invocations(&batch, &[]).await.unwrap();
    eprintln!(
        "stored {records} records in {:.1} s",
        t.elapsed().as_secs_f64()
    );
}

fn reports(c: &mut Criterion) {
    let records: i64 = std::env::var("FNHOST_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut backends = vec![Backend::Sqlite];
    if std::env::var("FNHOST_BENCH_PG").is_ok() {
        backends.push(Backend::Postgres);
    }
    for backend in backends {
        let db = rt.block_on(TestDb::new(backend));
        let store = rt.block_on(SqlStore::connect(&db.url)).unwrap();
        let now = 1_790_000_000_000;
        rt.block_on(fill(&store, records, now));
        let mut g = c.benchmark_group(format!("reports/{backend:?}/{records}"));
        g.sample_size(20);
        g.bench_function("account_30_days_total", |b| {
            b.to_async(&rt).iter(|| async {
                let c = store
                    .outcome_counts("1000", None, now - 30 * DAY_MS, now, 30 * DAY_MS)
                    .await
                    .unwrap();
                assert_eq!(c[0].total(), records);
            })
        });
        g.bench_function("function_7_days_hourly", |b| {
            b.to_async(&rt).iter(|| async {
                store
                    .outcome_counts("1000", Some("fn-07"), now - 7 * DAY_MS, now, 3_600_000)
                    .await
                    .unwrap()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, reports);
criterion_main!(benches);
