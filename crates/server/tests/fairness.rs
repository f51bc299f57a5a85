//! No caller can stop the platform: functions that spin until their limit leave the other
//! functions, `/healthz` and the management API answering; one account's excess calls get 429
//! naming the limit; a user's test invocation reports the call's duration and CPU time.
//!
//! Bounds are generous (a shared, noisy machine); starved, the echo answers nothing at all.

mod common;
use common::*;
use serde_json::json;
use std::time::{Duration, Instant};

on_both_backends!(excess_calls_of_an_account_get_429_naming_the_limit);

const SPIN: &str = "function lambda(input, callback) { while (true) {} }";
const ECHO: &str = "function lambda(input, callback) { callback(null, input.payload); }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spinning_functions_do_not_stop_other_callers() {
    spinning_functions_leave_others_answered(false).await;
}

/// The same with JS run inline on the request threads (`--js-inline`): a spinning call leaves its
/// thread's other requests to a fresh thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spinning_functions_run_inline_do_not_stop_other_callers() {
    spinning_functions_leave_others_answered(true).await;
}

async fn spinning_functions_leave_others_answered(inline: bool) {
    let t = TestServer::start_with(fnhost_store::Backend::Sqlite, |c| {
        c.js_threads = Some(2);
        c.js_inline = inline;
        c.limits.timeout_ms = 5_000;
    })
    .await;
    let spin = t.deploy("spin", SPIN).await;
    let echo = t.deploy("echo", ECHO).await;
    let app = t.app_token().await;
    assert_eq!(
        t.invoke(&echo, &app, json!({"payload": 0})).await.status,
        200
    );

    // Twice as many spinning calls as JS threads, each running to its 5 s limit.
    let spinning: Vec<_> = (0..4)
        .map(|_| {
            let http = t.http.clone();
            let url = t.url(&format!("lambdas/{spin}/invoke?v=1"));
            let app = app.clone();
            tokio::spawn(async move {
                http.post(url)
                    .bearer_auth(app)
                    .json(&json!({"payload": null}))
                    .send()
                    .await
                    .unwrap()
                    .json::<serde_json::Value>()
                    .await
                    .unwrap()
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(200)).await;

    let started = Instant::now();
    let mut answered = 0;
    let mut slowest = Duration::ZERO;
    while started.elapsed() < Duration::from_secs(2) {
        let s = Instant::now();
        let r = t.invoke(&echo, &app, json!({"payload": answered})).await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.body, json!(answered));
        let h = t.call(reqwest::Method::GET, "/healthz", None, None).await;
        assert_eq!(h.status, 200);
        let l = t.get("lambdas").await;
        assert_eq!(l.status, 200);
        slowest = slowest.max(s.elapsed());
        answered += 1;
    }
    assert!(answered >= 20, "only {answered} rounds in 2 s");
    assert!(
        slowest < Duration::from_secs(1),
        "slowest round {slowest:?}"
    );

    for s in spinning {
        let body = s.await.unwrap();
        assert_eq!(
            body["errorCode"], "com.liveperson.faas.handler.executiontime-exceeded",
            "{body}"
        );
    }
}

async fn excess_calls_of_an_account_get_429_naming_the_limit(b: fnhost_store::Backend) {
    let t = TestServer::start_with(b, |c| {
        c.account_concurrency = Some(2);
        c.limits.timeout_ms = 3_000;
    })
    .await;
    let slow = t
        .deploy(
            "slow",
            "function lambda(input, callback) { setTimeout(() => callback(null, 'late'), 600); }",
        )
        .await;
    let echo = t.deploy("echo", ECHO).await;
    let app = t.app_token().await;
    let calls: Vec<_> = (0..2)
        .map(|_| {
            let http = t.http.clone();
            let url = t.url(&format!("lambdas/{slow}/invoke?v=1"));
            let app = app.clone();
            tokio::spawn(async move {
                let r = http
                    .post(url)
                    .bearer_auth(app)
                    .json(&json!({"payload": null}))
                    .send()
                    .await
                    .unwrap();
                r.status().as_u16()
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(250)).await;
    // A third call of the account, to another function, is refused at once.
    let r = t.invoke(&echo, &app, json!({"payload": 1})).await;
    assert_eq!(r.status, 429, "{}", r.text);
    assert_eq!(
        r.body["errorCode"], "com.liveperson.faas.es.ratelimited",
        "{}",
        r.text
    );
    assert!(
        r.body["errorMsg"]
            .as_str()
            .unwrap()
            .contains("2 concurrent invocations on this node (the per-account concurrency limit)"),
        "{}",
        r.text
    );
    assert_eq!(r.headers["retry-after"], "1");
    for c in calls {
        assert_eq!(c.await.unwrap(), 200);
    }
    // Operators see the memory budget and the long calls (totals only).
    let m = t.metrics_json().await;
    assert_eq!(m.status, 200, "{}", m.text);
    assert!(
        m.body["memory"]["budgetBytes"].as_u64().unwrap() > 0,
        "{}",
        m.text
    );
    assert!(
        m.body["memory"]["usedBytes"].as_u64().unwrap() > 0,
        "{}",
        m.text
    );
    assert!(m.body["longCalls"].is_u64(), "{}", m.text);
    // Places are given back: the account is served again.
    let r = t.invoke(&echo, &app, json!({"payload": 2})).await;
    assert_eq!(r.status, 200, "{}", r.text);

    // A user's test invocation reports the call's duration and CPU time.
    let r = t
        .invoke(&echo, &t.admin_token.clone(), json!({"payload": {"x": 1}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["result"], json!({"x": 1}));
    let stats = &r.body["stats"];
    assert!(stats["durationMs"].as_f64().unwrap() >= 0.0, "{}", r.text);
    assert!(stats["cpuTimeMs"].as_f64().unwrap() > 0.0, "{}", r.text);
    assert!(stats["coldStart"].is_boolean(), "{}", r.text);

    // A per-function CPU time limit: validated, stored, and enforced apart from the wall clock.
    let bad = t
        .post(
            "lambdas",
            json!({"name": "cpu_bad", "description": "d", "limits": {"cpuTimeMs": 5},
                   "implementation": {"code": SPIN}}),
        )
        .await;
    assert_eq!(bad.status, 400, "{}", bad.text);
    assert!(bad.text.contains("limits.cpuTimeMs"), "{}", bad.text);
    let created = t
        .post(
            "lambdas",
            json!({"name": "cpu_capped", "description": "d", "limits": {"cpuTimeMs": 50},
                   "implementation": {"code": SPIN}}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let capped = created.body["uuid"].as_str().unwrap().to_owned();
    t.deploy_uuid(&capped).await;
    let l = t.get(&format!("lambdas/{capped}")).await;
    assert_eq!(l.body[0]["limits"]["cpuTimeMs"], 50, "{}", l.text);
    let started = Instant::now();
    let r = t.invoke(&capped, &app, json!({"payload": null})).await;
    assert_eq!(r.status, 901, "{}", r.text);
    assert_eq!(
        r.body["errorCode"], "com.liveperson.faas.handler.executiontime-exceeded",
        "{}",
        r.text
    );
    assert!(r.text.contains("CPU time limit of 50 ms"), "{}", r.text);
    assert!(
        started.elapsed() < Duration::from_millis(2_500),
        "{:?}",
        started.elapsed()
    );
}
