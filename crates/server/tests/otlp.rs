//! OpenTelemetry export: with `--otlp-endpoint` every invocation becomes one span (account,
//! function, trigger, code) sent over OTLP/HTTP to a collector — here a real HTTP server started
//! by the test that keeps what it receives; the last spans are flushed at shutdown.

mod common;
use axum::routing::post;
use common::*;
use fnhost_store::Backend;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

/// Every span the collector received, flattened.
fn spans(bodies: &[Value]) -> Vec<Value> {
    let mut out = Vec::new();
    for b in bodies {
        for rs in b["resourceSpans"].as_array().into_iter().flatten() {
            for ss in rs["scopeSpans"].as_array().into_iter().flatten() {
                out.extend(ss["spans"].as_array().into_iter().flatten().cloned());
            }
        }
    }
    out
}

fn attr<'a>(span: &'a Value, key: &str) -> Option<&'a str> {
    span["attributes"]
        .as_array()?
        .iter()
        .find(|a| a["key"] == key)
        .and_then(|a| a["value"]["stringValue"].as_str())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_invocation_is_one_span_at_the_collector() {
    let received: Arc<Mutex<Vec<Value>>> = Arc::default();
    let sink = received.clone();
    let app = axum::Router::new().route(
        "/v1/traces",
        post(move |body: axum::body::Bytes| {
            let sink = sink.clone();
            async move {
                if let Ok(v) = serde_json::from_slice::<Value>(&body) {
                    sink.lock().unwrap().push(v);
                }
                "{}"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let collector = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let mut t =
        TestServer::start_with(Backend::Sqlite, |c| c.otlp_endpoint = Some(collector)).await;
    let app_token = t.app_token().await;
    let ok = t
        .deploy("traced", "function lambda(i, cb) { cb(null, 1); }")
        .await;
    let bad = t
        .deploy("failing", "function lambda(i, cb) { cb(new Error('no')); }")
        .await;
    for _ in 0..3 {
        assert_eq!(t.invoke(&ok, &app_token, json!({})).await.status, 200);
    }
    assert_eq!(t.invoke(&bad, &app_token, json!({})).await.status, 901);
    // Shutdown flushes what the batch exporter still holds.
    t.server.take().unwrap().shutdown().await;

    let spans = spans(&received.lock().unwrap());
    let of = |uuid: &str| {
        spans
            .iter()
            .filter(|s| attr(s, "faas.function") == Some(uuid))
            .cloned()
            .collect::<Vec<_>>()
    };
    let good = of(&ok);
    assert_eq!(good.len(), 3, "one span per invocation: {spans:?}");
    let s = &good[0];
    assert_eq!(s["name"], "invoke");
    assert_eq!(attr(s, "faas.account"), Some("1000"));
    assert_eq!(attr(s, "faas.name"), Some("traced"));
    assert_eq!(attr(s, "faas.trigger"), Some("gateway"));
    assert_eq!(attr(s, "faas.code"), Some("ok"));
    let failed = of(&bad);
    assert_eq!(failed.len(), 1, "{spans:?}");
    assert_eq!(
        attr(&failed[0], "faas.code"),
        Some("com.liveperson.faas.handler.custom-failure")
    );
    assert_eq!(
        failed[0]["status"]["code"], 2,
        "an error status: {}",
        failed[0]
    );
}
