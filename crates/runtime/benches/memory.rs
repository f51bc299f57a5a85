//! Idle memory per warm instance: creates 1,000 pools of one warm instance each and reports the
//! RSS growth per instance. Run: `cargo bench -p fnhost-runtime --bench memory`

use fnhost_runtime::{Engine, EngineConfig, FunctionSpec, HostServices};

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
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
    let input = r#"{"timestamp":0,"headers":[],"payload":{"hello":"world"}}"#.to_owned();
    let code = "let count = 0; function lambda(input, callback) { count++; callback(null, { hello: input.payload.hello, count }); }";
    // Warm up allocator arenas and bytecode caches with one instance.
    let warm = engine.pool(FunctionSpec::new("1", "warm", code));
    rt.block_on(warm.invoke(input.clone())).unwrap();
    let before = rss_kib();
    let n = 1000;
    let mut pools = Vec::with_capacity(n);
    for i in 0..n {
        let p = engine.pool(FunctionSpec::new("1", format!("f{i}"), code));
        let o = rt.block_on(p.invoke(input.clone())).unwrap();
        assert!(o.result.is_ok());
        pools.push(p);
    }
    let after = rss_kib();
    let per = (after - before) as f64 / n as f64;
    println!(
        "idle warm instances: {n}; RSS before {before} KiB, after {after} KiB; {per:.1} KiB per instance"
    );
    drop(pools);
}
