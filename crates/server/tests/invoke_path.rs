//! The one invoke path seen from its triggers: a function-to-function call goes through it (found,
//! run, recorded like any real invocation, failures answered with seed codes), and a call from an
//! app and the orchestrated call it makes are both counted in the reports.

mod common;
use common::*;
use serde_json::json;
use std::time::{Duration, Instant};

on_both_backends!(orchestrated_calls_run_through_the_invoke_path_and_are_recorded);

const ECHO: &str = "function lambda(input, callback) { callback(null, { got: input.payload, h: input.headers }); }";

fn caller(target: &str) -> String {
    format!(
        "const {{ Toolbelt, ErrorStrategy }} = require('lp-faas-toolbelt');
         async function lambda(input, callback) {{
           const client = Toolbelt.OrchestratorClient();
           const [ok, missing] = await client.invoke(
             [{{ uuid: '{target}', payload: {{ n: input.payload.n }}, headers: {{ 'x-k': 'v' }}, retries: 0 }},
              {{ uuid: '00000000-0000-0000-0000-000000000000', payload: {{}}, retries: 0 }}],
             5000, {{ errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR }});
           callback(null, {{ ok, missing }});
         }}"
    )
}

async fn orchestrated_calls_run_through_the_invoke_path_and_are_recorded(b: fnhost_store::Backend) {
    let t = TestServer::start(b).await;
    let target = t.deploy("target", ECHO).await;
    let source = t.deploy("source", &caller(&target)).await;
    let app = t.app_token().await;
    let started = fnhost_model::now_ms();
    let r = t.invoke(&source, &app, json!({"payload": {"n": 7}})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["ok"]["statusCode"], 200, "{}", r.text);
    assert_eq!(r.body["ok"]["body"]["got"], json!({"n": 7}));
    assert_eq!(
        r.body["ok"]["body"]["h"],
        json!([{"key": "x-k", "value": "v"}])
    );
    assert_eq!(r.body["missing"]["statusCode"], 404, "{}", r.text);
    assert_eq!(
        r.body["missing"]["error"]["code"],
        "com.liveperson.faas.es.missinglambda"
    );
    // Both the app's call and the orchestrated call are real invocations: both are recorded.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let h = t
            .get(&format!(
                "reports/invocations/{target}?startTimestamp={}&endTimestamp={}&bucketSize=60",
                started - 60_000,
                fnhost_model::now_ms() + 60_000
            ))
            .await;
        assert_eq!(h.status, 200, "{}", h.text);
        let total: u64 = h.body["invocationStatistics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["SUCCEEDED"].as_u64().unwrap())
            .sum();
        let counts = t
            .get(&format!(
                "reports/invocationCounts?startTimestamp={}",
                started - 60_000
            ))
            .await;
        if total == 1 && counts.body["successfulInvocations"] == 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "records missing: target {total}, account {}",
            counts.text
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
