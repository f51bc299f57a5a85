//! What `Intl` costs: the brief's targets (`new Intl.DateTimeFormat(...)` + `format` ≤ 20 µs;
//! luxon `DateTime.now().setZone('America/New_York').toISO()` ≤ 30 µs warm; a function that
//! uses no Intl starts as fast as before), plus the first use of Intl in a fresh instance.
//! Run: `cargo bench -p fnhost-runtime --bench intl`; Node's numbers for the same operations:
//! `node bench/intl_node.js`.
//!
//! Warm numbers are timed inside the function (`performance.now()` around 2,000 iterations on a
//! warm instance, so the invocation itself is not counted), the median of 20 calls; criterion's
//! rows are whole invocations of fresh instances (cold start).

use criterion::{Criterion, criterion_group, criterion_main};
use fnhost_runtime::{Engine, EngineConfig, FunctionSpec, HostServices};
use std::time::Duration;

/// Operations timed per iteration in a warm instance, by name.
const WARM: &[(&str, &str)] = &[
    (
        "new Intl.DateTimeFormat(en-US, {timeZone: America/New_York, 6 fields}) + format",
        "new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(t + i)",
    ),
    (
        "a kept Intl.DateTimeFormat's format",
        "kept.format(t + i * 60000)",
    ),
    (
        "luxon DateTime.now().setZone('America/New_York').toISO()",
        "DateTime.now().setZone('America/New_York').toISO()",
    ),
    (
        "date.toLocaleString('de-DE', {timeZone: 'Europe/Berlin'})",
        "new Date(t + i).toLocaleString('de-DE', { timeZone: 'Europe/Berlin' })",
    ),
    (
        "(1234.5).toLocaleString('en-US')",
        "(1234.5 + i).toLocaleString('en-US')",
    ),
    (
        "new Intl.NumberFormat(de, currency EUR) + format",
        "new Intl.NumberFormat('de', { style: 'currency', currency: 'EUR' }).format(i)",
    ),
    ("'a'.localeCompare('b')", "'a'.localeCompare('b')"),
];

fn warm_code(op: &str) -> String {
    format!(
        "const {{ DateTime }} = require('luxon');
         const kept = new Intl.DateTimeFormat('en-US', {{ timeZone: 'America/New_York', dateStyle: 'medium', timeStyle: 'short' }});
         function lambda(input, callback) {{
           const t = 1720116309250; let sink;
           const t0 = performance.now();
           for (let i = 0; i < 2000; i++) sink = {op};
           callback(null, (performance.now() - t0) * 1000 / 2000);
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

    for (name, op) in WARM {
        let pool = engine.pool(FunctionSpec::new("1000", "bench-intl", warm_code(op)));
        let mut us: Vec<f64> = (0..21)
            .map(|_| {
                let o = rt.block_on(pool.invoke(input.clone())).unwrap();
                o.result.expect("the function succeeds").parse().unwrap()
            })
            .skip(1) // the first call builds the formatters
            .collect();
        us.sort_by(f64::total_cmp);
        eprintln!("warm: {name}: p50 {:.2} µs per operation", us[10]);
    }

    let run = |code: &str| {
        let pool = engine.pool(FunctionSpec::new("1000", "bench-intl", code));
        let o = rt.block_on(pool.invoke(input.clone())).unwrap();
        o.result.expect("the function succeeds")
    };
    let plain = "function lambda(input, callback) { callback(null, 1); }";
    let first = "function lambda(input, callback) { callback(null, new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', dateStyle: 'long' }).format(0)); }";
    run(first); // compiles the shim's bytecode once per process, as in a running server
    c.bench_function("fresh_instance_no_intl", |b| b.iter(|| run(plain)));
    c.bench_function("fresh_instance_first_intl_format", |b| {
        b.iter(|| run(first))
    });
}

criterion_group! {
    name = intl;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(intl);
