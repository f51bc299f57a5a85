//! Runtime benchmarks: cold start, warm echo, 1 KB JSON round trip, timeout overshoot.
//! Run: `cargo bench -p fnhost-runtime --bench runtime`

use criterion::{Criterion, criterion_group, criterion_main};
use fnhost_model::Limits;
use fnhost_runtime::{Engine, EngineConfig, FunctionSpec, HostServices};
use std::time::{Duration, Instant};

const ECHO: &str = "function lambda(input, callback) { callback(null, input.payload); }";

/// A ~2 KB function: the shape of a typical LivePerson function (helpers, constants, callback).
fn two_kb_function() -> String {
    let mut s = String::from("const { Toolbelt } = { Toolbelt: null };\nconst CONFIG = {\n");
    for i in 0..40 {
        s.push_str(&format!(
            "  key{i}: 'value number {i} for the configuration table',\n"
        ));
    }
    s.push_str("};\nfunction pick(p) { return CONFIG['key' + (p % 40)]; }\nfunction lambda(input, callback) { callback(null, { v: pick(3), p: input.payload }); }\n");
    s
}

fn payload_1k() -> serde_json::Value {
    let items: Vec<_> = (0..12).map(|i| serde_json::json!({"id": i, "name": format!("item-{i}"), "tags": ["a", "b"], "price": 12.5 + i as f64, "ok": i % 2 == 0})).collect();
    serde_json::json!({"conversationId": "c0ffee-1234", "items": items})
}

fn input(payload: &serde_json::Value) -> String {
    serde_json::json!({"timestamp": 0, "headers": [], "payload": payload}).to_string()
}

fn spec(code: &str) -> FunctionSpec {
    FunctionSpec::new("1000", "bench", code)
}

fn benches(c: &mut Criterion) {
    // One executor thread: "per core" numbers.
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
    let small = input(&serde_json::json!({"hello": "world"}));
    let big = input(&payload_1k());
    eprintln!("1 KB payload: {} bytes of input JSON", big.len());

    let cold_code = two_kb_function();
    c.bench_function("cold_start_2kb_function", |b| {
        b.iter(|| {
            let pool = engine.pool(spec(&cold_code));
            rt.block_on(pool.invoke(small.clone())).unwrap()
        })
    });

    let pool = engine.pool(spec(ECHO));
    rt.block_on(pool.invoke(small.clone())).unwrap();
    c.bench_function("warm_echo_small", |b| {
        b.iter(|| rt.block_on(pool.invoke(small.clone())).unwrap())
    });
    c.bench_function("warm_echo_1kb_json", |b| {
        b.iter(|| rt.block_on(pool.invoke(big.clone())).unwrap())
    });

    // The engine's own cost per call: a loop on the executor, no thread handoff per call.
    for (name, inp) in [
        ("executor_warm_echo_small", small.clone()),
        ("executor_warm_echo_1kb_json", big.clone()),
    ] {
        let pool = pool.clone();
        let engine = engine.clone();
        c.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let pool = pool.clone();
                let inp = inp.clone();
                rt.block_on(engine.spawn(async move {
                    let t = Instant::now();
                    for _ in 0..iters {
                        pool.invoke_inline(inp.clone()).await.unwrap();
                    }
                    t.elapsed()
                }))
                .unwrap()
            })
        });
    }

    c.bench_function("timeout_overshoot_busy_loop_50ms", |b| {
        let limits = Limits {
            timeout_ms: 50,
            ..Limits::default()
        };
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let mut s = spec("function lambda(i, cb) { while (true) {} }");
                s.limits = limits;
                let pool = engine.pool(s);
                let t = Instant::now();
                let o = rt.block_on(pool.invoke(small.clone())).unwrap();
                assert!(o.result.is_err());
                total += t.elapsed().saturating_sub(Duration::from_millis(50));
            }
            total
        })
    });
}

criterion_group! {
    name = runtime;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(runtime);
