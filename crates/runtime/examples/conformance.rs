//! Runs a corpus of functions through the runtime for the Node differential tests
//! (`tests/conformance/run.js`): one process for the whole corpus.
//!
//! Reads JSON lines `{"name", "code", "input"}` (`input`: the input's JSON text) from stdin and answers one JSON line per function
//! on stdout, in order: `{"name", "result": "<the raw result JSON, as a caller receives it>"}` or
//! `{"name", "error": {"code", "name", "message"}}`, plus the function's `logs`.

use fnhost_runtime::{Engine, FunctionSpec};
use serde_json::{Value, json};
use std::io::{BufRead, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::with_defaults()?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let outcome = rt.block_on(run(&engine));
    drop(rt);
    drop(engine);
    outcome
}

async fn run(engine: &Engine) -> Result<(), Box<dyn std::error::Error>> {
    let stdout = std::io::stdout();
    for (i, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let case: Value = serde_json::from_str(&line)?;
        let name = case["name"].clone();
        let code = case["code"].as_str().ok_or("a case needs its code")?;
        let spec = FunctionSpec::new("1000", format!("00000000-0000-0000-0000-{i:012}"), code);
        // The input travels as a string: parsing it into a `Value` would reorder its keys.
        let input = case["input"]
            .as_str()
            .ok_or("a case needs its input JSON text")?;
        let answer = match engine.pool(spec).invoke(input.to_owned()).await {
            Ok(outcome) => {
                let logs: Vec<Value> = outcome
                    .logs
                    .iter()
                    .map(|l| json!({ "level": format!("{:?}", l.level), "message": l.message }))
                    .collect();
                match outcome.result {
                    Ok(result) => json!({ "name": name, "result": result, "logs": logs }),
                    Err(e) => json!({
                        "name": name,
                        "error": { "code": e.code.as_str(), "name": e.name, "message": e.message },
                        "logs": logs,
                    }),
                }
            }
            Err(e) => {
                json!({ "name": name, "error": { "code": "refused", "message": e.to_string() } })
            }
        };
        let mut out = stdout.lock();
        writeln!(out, "{answer}")?;
        out.flush()?;
    }
    Ok(())
}
