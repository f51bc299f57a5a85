//! Runs a function file on a warm instance and prints what it answered: for timing pieces of a
//! library from inside a function (`performance.now()` around a loop), next to the same file on
//! Node. The first call warms the instance (compiles, loads what it requires); the second answers.
//! Run: `cargo run --release -p fnhost-runtime --example run_file -- path/to/function.js`.

use fnhost_runtime::{Engine, EngineConfig, FunctionSpec, HostServices};

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: run_file <function.js>");
    let code = std::fs::read_to_string(&path).expect("the function file is readable");
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
    let mut spec = FunctionSpec::new("1000", "run-file", code);
    // A library pasted in to reach its internals may be past the code-size limit.
    spec.limits.code_chars = usize::MAX;
    let pool = engine.pool(spec);
    let input = r#"{"timestamp":0,"headers":[],"payload":null}"#.to_owned();
    rt.block_on(pool.invoke(input.clone()))
        .expect("a warm instance");
    let outcome = rt.block_on(pool.invoke(input)).expect("an answer");
    match outcome.result {
        Ok(result) => match serde_json::from_str::<String>(&result) {
            Ok(text) => println!("{text}"),
            Err(_) => println!("{result}"),
        },
        Err(error) => eprintln!("the function failed: {error:?}"),
    }
}
