//! `/metrics` in Prometheus text format: off by default, behind the scrape token, or alone on
//! `--metrics-listen`; it counts invocations by function and code, latency histograms, HTTP
//! statuses and store latency. The reports API answers latency percentiles from the rollups.

mod common;
use common::*;
use fnhost_store::Backend;
use serde_json::json;

/// The value of the first sample line that starts with `prefix` (name and labels).
fn sample(text: &str, prefix: &str) -> Option<f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

async fn prometheus_metrics_and_latency_percentiles(b: Backend) {
    let t = TestServer::start(b).await;
    let app = t.app_token().await;
    let ok = t
        .deploy("fast", "function lambda(i, cb) { cb(null, 1); }")
        .await;
    let slow = t
        .deploy(
            "slow",
            "function lambda(i, cb) { setTimeout(() => cb(null, 2), 120); }",
        )
        .await;
    let bad = t
        .deploy("bad", "function lambda(i, cb) { cb(new Error('no')); }")
        .await;
    for _ in 0..20 {
        assert_eq!(t.invoke(&ok, &app, json!({})).await.status, 200);
    }
    for _ in 0..3 {
        assert_eq!(t.invoke(&slow, &app, json!({})).await.status, 200);
    }
    assert_eq!(t.invoke(&bad, &app, json!({})).await.status, 901);

    // The token guards it.
    let none = t.call(reqwest::Method::GET, "/metrics", None, None).await;
    assert_eq!(none.status, 401, "{}", none.text);
    let admin = t.admin_token.clone();
    assert_eq!(
        t.call(reqwest::Method::GET, "/metrics", Some(&admin), None)
            .await
            .status,
        401,
        "an account token is not the scrape token"
    );
    let m = t
        .call(reqwest::Method::GET, "/metrics", Some(METRICS_TOKEN), None)
        .await;
    assert_eq!(m.status, 200);
    assert!(
        m.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = &m.text;
    let ok_line = format!(
        "fnhost_invocations_total{{account=\"1000\",function=\"{ok}\",name=\"fast\",code=\"ok\"}}"
    );
    assert_eq!(sample(text, &ok_line), Some(20.0), "{text}");
    let bad_line = format!(
        "fnhost_invocations_total{{account=\"1000\",function=\"{bad}\",name=\"bad\",code=\"handler.custom-failure\"}}"
    );
    assert_eq!(sample(text, &bad_line), Some(1.0), "{text}");
    let slow_count = format!(
        "fnhost_invocation_duration_seconds_count{{account=\"1000\",function=\"{slow}\",name=\"slow\"}}"
    );
    assert_eq!(sample(text, &slow_count), Some(3.0), "{text}");
    let slow_fast_bucket = format!(
        "fnhost_invocation_duration_seconds_bucket{{le=\"0.1\",account=\"1000\",function=\"{slow}\",name=\"slow\"}}"
    );
    assert_eq!(
        sample(text, &slow_fast_bucket),
        Some(0.0),
        "120 ms calls are above 0.1 s: {text}"
    );
    assert!(
        sample(text, "fnhost_http_responses_total{status=\"200\"}").unwrap() >= 23.0,
        "{text}"
    );
    assert!(sample(text, "fnhost_instances{").is_some(), "{text}");
    assert!(text.contains("fnhost_memory_budget_bytes"), "{text}");
    assert!(
        text.contains("fnhost_async_invocations{state=\"queued\"}"),
        "{text}"
    );

    // Records reach the store (store latency is measured), then the percentiles read them.
    let mut report = json!(null);
    for _ in 0..100 {
        report = t.get(&format!("reports/latency/{slow}")).await.body;
        if report["count"] == 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(report["count"], 3, "{report}");
    let p50 = report["p50Ms"].as_f64().unwrap();
    assert!((100.0..=200.0).contains(&p50), "120 ms calls: {report}");
    let fast = t.get(&format!("reports/latency/{ok}")).await.body;
    assert!(fast["p99Ms"].as_f64().unwrap() <= 50.0, "{fast}");
    let account = t.get("reports/latency").await.body;
    assert_eq!(account["count"], 24, "{account}");
    let bad_window = t
        .get("reports/latency?startTimestamp=10&endTimestamp=5")
        .await;
    assert_eq!(bad_window.status, 400);
    let m = t
        .call(reqwest::Method::GET, "/metrics", Some(METRICS_TOKEN), None)
        .await;
    assert!(
        m.text
            .contains("fnhost_store_operation_duration_seconds_count{operation=\"record_batch\"}"),
        "{}",
        m.text
    );
}

on_both_backends!(prometheus_metrics_and_latency_percentiles);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_off_by_default_or_on_their_own_address() {
    let off = TestServer::start_with(Backend::Sqlite, |c| c.metrics_token = None).await;
    let r = off.call(reqwest::Method::GET, "/metrics", None, None).await;
    assert_eq!(r.status, 404, "{}", r.text);
    assert!(r.text.contains("--metrics-token"), "{}", r.text);
    drop(off);

    let t = TestServer::start_with(Backend::Sqlite, |c| {
        c.metrics_token = None;
        c.metrics_listen = Some("127.0.0.1:0".parse().unwrap());
    })
    .await;
    let at = t
        .server
        .as_ref()
        .unwrap()
        .metrics_addr
        .expect("a metrics address");
    let main = t.call(reqwest::Method::GET, "/metrics", None, None).await;
    assert_eq!(main.status, 404);
    assert!(main.text.contains("metrics are served on"), "{}", main.text);
    let res = t
        .http
        .get(format!("http://{at}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("fnhost_deployed_functions")
    );
    let json: serde_json::Value = t
        .http
        .get(format!("http://{at}/metrics.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(json["memory"]["budgetBytes"].as_u64().unwrap() > 0);
    // Only the metrics live there.
    assert_eq!(
        t.http
            .get(format!("http://{at}/api/account/1000/lambdas"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}
