//! Helpers shared by the runtime's integration tests.
#![allow(dead_code)]

use fnhost_model::Limits;
use fnhost_runtime::{Engine, FunctionPool, FunctionSpec, Outcome};
use std::sync::{Arc, OnceLock};

pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::with_defaults().expect("engine starts"))
}

pub fn small_limits() -> Limits {
    Limits {
        timeout_ms: 400,
        memory_bytes: 32 << 20,
        ..Limits::default()
    }
}

pub fn pool(code: &str) -> Arc<FunctionPool> {
    pool_with(code, small_limits())
}

pub fn pool_with(code: &str, limits: Limits) -> Arc<FunctionPool> {
    let mut spec = FunctionSpec::new("1000", "00000000-0000-0000-0000-000000000001", code);
    spec.limits = limits;
    spec.env.insert("GREETING".into(), "hi".into());
    engine().pool(spec)
}

pub fn input(payload: serde_json::Value) -> String {
    serde_json::json!({ "timestamp": 0, "headers": [{"key": "X-Test", "value": "1"}], "payload": payload }).to_string()
}

pub async fn run(code: &str, payload: serde_json::Value) -> Outcome {
    pool(code)
        .invoke(input(payload))
        .await
        .expect("invocation starts")
}

pub fn ok_json(o: &Outcome) -> serde_json::Value {
    match &o.result {
        Ok(s) => serde_json::from_str(s).expect("result is JSON"),
        Err(e) => panic!(
            "expected success, got {:?}: {} (logs {:?})",
            e.code, e.message, o.logs
        ),
    }
}
