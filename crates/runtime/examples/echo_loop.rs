//! The 1 KB JSON echo of `benches/runtime.rs` (`executor_warm_echo_1kb_json`) as a plain loop on
//! the executor, printing µs per call (wall, and the calls' own thread CPU time): for A/B runs of two builds alternated in one session
//! (criterion's own analysis threads share this 2-core machine's CPUs with the measurement).
//! Run: `cargo run --release -p fnhost-runtime --example echo_loop -- 5000`.

use fnhost_runtime::{Engine, EngineConfig, FunctionSpec, HostServices};
use std::time::Instant;

fn main() {
    let calls: u64 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5000);
    let engine = Engine::new(
        EngineConfig {
            threads: 1,
            ..EngineConfig::default()
        },
        HostServices::in_memory(),
    )
    .expect("the engine starts");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let items: Vec<_> = (0..12)
        .map(|i| serde_json::json!({"id": i, "name": format!("item-{i}"), "tags": ["a", "b"], "price": 12.5 + i as f64, "ok": i % 2 == 0}))
        .collect();
    let input = serde_json::json!({"timestamp": 0, "headers": [], "payload": {"conversationId": "c0ffee-1234", "items": items}})
        .to_string();
    let pool = engine.pool(FunctionSpec::new(
        "1000",
        "echo",
        "function lambda(input, callback) { callback(null, input.payload); }",
    ));
    let input_bytes = input.len();
    rt.block_on(pool.invoke(input.clone()))
        .expect("a warm instance");
    let us = rt
        .block_on(engine.spawn(async move {
            let (t, mut cpu) = (Instant::now(), std::time::Duration::ZERO);
            for _ in 0..calls {
                cpu += pool
                    .invoke_inline(input.clone())
                    .await
                    .expect("an answer")
                    .cpu_time;
            }
            let per_call = |d: std::time::Duration| d.as_secs_f64() * 1e6 / calls as f64;
            (per_call(t.elapsed()), per_call(cpu))
        }))
        .expect("the loop runs");
    // The thread CPU time leaves out what a shared host stole from this machine's vCPU.
    println!(
        "{:.2} µs per call, of which {:.2} µs the call's own thread CPU time ({input_bytes} B of input)",
        us.0, us.1
    );
}
