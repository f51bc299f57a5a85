//! The cost of `require` for the vendored npm packages: the first `require('lodash')` /
//! `require('luxon')` (and jsforce's 1.4 MB bundle) in a fresh instance (bytecode already compiled
//! by an earlier instance, as in a running server) and a repeated one.
//! Run: `cargo bench -p fnhost-runtime --bench require`
//!
//! Besides criterion's cold-start rows (fresh instance + first result, with and without the
//! require), it prints the require itself timed inside the function (`performance.now()` around
//! the call), the median of 200 fresh instances.

use criterion::{Criterion, criterion_group, criterion_main};
use fnhost_runtime::{Engine, EngineConfig, FunctionSpec, HostServices};
use std::time::Duration;

fn timed(module: &str) -> String {
    format!(
        "function lambda(input, callback) {{
           const t0 = performance.now(); require('{module}'); const t1 = performance.now();
           require('{module}'); const t2 = performance.now();
           callback(null, [t1 - t0, t2 - t1]);
         }}"
    )
}

fn benches(c: &mut Criterion) {
    let engine = Engine::new(
        EngineConfig {
            threads: 1,
            ..EngineConfig::default()
        },
        HostServices::in_memory(),
    )
    .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let input = r#"{"timestamp":0,"headers":[],"payload":null}"#.to_owned();
    let run = |code: &str| {
        let pool = engine.pool(FunctionSpec::new("1000", "bench", code));
        let o = rt.block_on(pool.invoke(input.clone())).unwrap();
        o.result.expect("the function succeeds")
    };

    for module in ["lodash", "luxon", "uuid", "oauth-1.0a", "jsforce"] {
        let t = std::time::Instant::now();
        run(&timed(module)); // compiles the bytecode once per process
        eprintln!(
            "require('{module}'): compile and first instance {:.1} ms",
            t.elapsed().as_secs_f64() * 1e3
        );
        let mut first = Vec::new();
        let mut again = Vec::new();
        for _ in 0..200 {
            let v: Vec<f64> = serde_json::from_str(&run(&timed(module))).unwrap();
            first.push(v[0]);
            again.push(v[1]);
        }
        first.sort_by(f64::total_cmp);
        again.sort_by(f64::total_cmp);
        eprintln!(
            "require('{module}') in a fresh instance: first p50 {:.3} ms, p90 {:.3} ms; again p50 {:.4} ms",
            first[100], first[180], again[100]
        );
    }

    let plain = "function lambda(input, callback) { callback(null, 1); }";
    c.bench_function("fresh_instance_no_require", |b| b.iter(|| run(plain)));
    for module in ["lodash", "luxon"] {
        let code = format!(
            "function lambda(input, callback) {{ require('{module}'); callback(null, 1); }}"
        );
        c.bench_function(&format!("fresh_instance_first_require_{module}"), |b| {
            b.iter(|| run(&code))
        });
    }
}

criterion_group! {
    name = require;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(require);
