//! Asynchronous invocations on both stores: 202 with an id and a Location, then the result by
//! id; the same validation as synchronous calls; retries with backoff; dead letters and their
//! redrive once the function is fixed; the account's queue depth limit (429); fan-out by event;
//! two nodes sharing one PostgreSQL queue without running an invocation twice.

mod common;
use common::*;
use fnhost_store::Backend;
use serde_json::{Value, json};
use std::time::Duration;

async fn invoke_async(t: &TestServer, path: &str, token: &str, body: Value) -> Reply {
    t.call(
        reqwest::Method::POST,
        &format!("{path}?v=1&async=true"),
        Some(token),
        Some(body),
    )
    .await
}

async fn accepted_then_retrievable_by_id(b: Backend) {
    let t = TestServer::start(b).await;
    let uuid = t
        .deploy("echo", "function lambda(i, cb) { console.info('seen', i.payload.n); cb(null, {n: i.payload.n}); }")
        .await;
    let app = t.app_token().await;
    let r = invoke_async(
        &t,
        &format!("lambdas/{uuid}/invoke"),
        &app,
        json!({"headers": [], "payload": {"n": 7}}),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text);
    let id = r.body["invocationId"].as_str().unwrap().to_owned();
    assert_eq!(
        r.headers["location"].to_str().unwrap(),
        format!("/api/account/1000/invocations/{id}")
    );
    let done = t.wait_for_invocation(&id, "succeeded").await;
    assert_eq!(done["result"], json!({"n": 7}));
    assert_eq!(
        (done["attempts"].as_i64(), done["functionUuid"].as_str()),
        (Some(1), Some(uuid.as_str()))
    );
    assert!(done["finishedAt"].is_string());
    // The same validation as a synchronous call.
    let bad = invoke_async(
        &t,
        &format!("lambdas/{uuid}/invoke"),
        &app,
        json!({"headers": "x"}),
    )
    .await;
    assert_eq!(
        (bad.status, bad.body["errorCode"].as_str()),
        (400, Some("com.liveperson.faas.es.badinput"))
    );
    let missing = invoke_async(
        &t,
        "lambdas/00000000-0000-0000-0000-00000000dead/invoke",
        &app,
        json!({}),
    )
    .await;
    assert_eq!(
        (missing.status, missing.body["errorCode"].as_str()),
        (404, Some("com.liveperson.faas.es.missinglambda"))
    );
    let r = t
        .call(
            reqwest::Method::POST,
            &format!("lambdas/{uuid}/invoke?v=1&async=maybe"),
            Some(&app),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    let r = invoke_async(
        &t,
        &format!("lambdas/{uuid}/invoke"),
        "not-a-token",
        json!({}),
    )
    .await;
    assert_eq!(r.status, 401);
    // Another account sees nothing.
    let r = t.get(&format!("/api/account/2000/invocations/{id}")).await;
    assert_eq!(r.status, 403);
    let r = t
        .get("invocations/00000000-0000-0000-0000-000000000000")
        .await;
    assert_eq!(r.status, 404);
    // Listed, and its logs stored like a synchronous call's.
    let list = t.get("invocations?state=succeeded").await;
    assert!(
        list.body
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["invocationId"] == id.as_str())
    );
    // Its logs are stored as a synchronous call's, under `async:{id}:{attempt}`.
    let since = fnhost_server::now_ms() - 60_000;
    let mut groups = Value::Null;
    for _ in 0..50 {
        groups = t
            .get(&format!("logs?lambdaUUID={uuid}&startTimestamp={since}"))
            .await
            .body;
        if groups.as_array().is_some_and(|g| !g.is_empty()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(groups[0]["requestId"], format!("async:{id}:1"), "{groups}");
    assert!(
        groups[0]["logs"][0]["message"]
            .as_str()
            .unwrap()
            .contains("seen")
    );
}

async fn failures_are_retried_then_dead_lettered_and_redriven(b: Backend) {
    let t = TestServer::start_with(b, |c| c.async_retry_base_ms = 200).await;
    let r = t
        .post("lambdas", json!({"name": "flaky", "description": "d", "limits": {"retries": 2},
            "implementation": {"code": "function lambda(i, cb) { console.error('attempt failing'); throw new Error('broken'); }"}}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let uuid = r.body["uuid"].as_str().unwrap().to_owned();
    t.deploy_uuid(&uuid).await;
    let app = t.app_token().await;
    let r = invoke_async(
        &t,
        &format!("lambdas/{uuid}/invoke"),
        &app,
        json!({"payload": {"order": 1}}),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text);
    let id = r.body["invocationId"].as_str().unwrap().to_owned();
    let dead = t.wait_for_invocation(&id, "dead").await;
    let errors = dead["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3, "1 attempt + 2 retries: {dead}");
    assert!(
        errors
            .iter()
            .all(|e| e["errorCode"] == "com.liveperson.faas.handler.runtime-exception")
    );
    assert!(
        errors[0]["logs"][0]["message"]
            .as_str()
            .unwrap()
            .contains("attempt failing")
    );
    // Exponential backoff with jitter: ~200 ms, then ~400 ms (each within ±50 %).
    let at: Vec<i64> = errors.iter().map(|e| e["at"].as_i64().unwrap()).collect();
    assert!(at[1] - at[0] >= 100, "first retry too soon: {at:?}");
    assert!(at[2] - at[1] >= 200, "second retry too soon: {at:?}");
    // The dead-letter list holds the input.
    let letters = t.get("deadletters").await;
    let letter = letters
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["invocationId"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(letter["input"]["payload"], json!({"order": 1}));
    // Reports and /metrics count it.
    let mine = t.queue_report_of(&uuid).await;
    assert_eq!(mine["dead"], 1, "{mine}");
    let metrics = t.metrics_json().await;
    // Totals only, no account or function named.
    assert_eq!(metrics.body["asyncQueue"]["dead"], 1, "{}", metrics.text);
    assert!(!metrics.text.contains(&uuid), "{}", metrics.text);

    // A custom failure is the function's verdict: not retried.
    let verdict = t
        .deploy(
            "verdict",
            "function lambda(i, cb) { cb(new Error('no such order')); }",
        )
        .await;
    let r = invoke_async(&t, &format!("lambdas/{verdict}/invoke"), &app, json!({})).await;
    let v = t
        .wait_for_invocation(r.body["invocationId"].as_str().unwrap(), "dead")
        .await;
    assert_eq!(v["attempts"], 1);
    assert_eq!(v["errorCode"], "com.liveperson.faas.handler.custom-failure");

    // Fix the function, redeploy, redrive: it succeeds.
    let current = t.get(&format!("lambdas/{uuid}")).await;
    let version = current.body[0]["version"].clone();
    let r = t
        .call(reqwest::Method::PUT, &format!("lambdas/{uuid}"), Some(&t.admin_token.clone()),
            Some(json!({"name": "flaky", "description": "d", "version": version, "limits": {"retries": 2},
                "implementation": {"code": "function lambda(i, cb) { cb(null, 'fixed ' + i.payload.order); }"}})))
        .await;
    assert!(r.status < 300, "{}", r.text);
    t.deploy_uuid(&uuid).await;
    let dev = t.admin_token.clone();
    let r = t
        .call(
            reqwest::Method::POST,
            &format!("deadletters/{id}/redrive"),
            Some(&dev),
            None,
        )
        .await;
    assert_eq!(
        (r.status, r.body["redriven"].as_i64()),
        (200, Some(1)),
        "{}",
        r.text
    );
    let done = t.wait_for_invocation(&id, "succeeded").await;
    assert_eq!(done["result"], "fixed 1");
    // Attempts are numbered on across the redrive: three failed, the fourth succeeded.
    assert_eq!(done["attempts"], 4, "{done}");
    // Redriving what is not a dead letter is a 404; deleting a dead letter removes it.
    let r = t
        .call(
            reqwest::Method::POST,
            &format!("deadletters/{id}/redrive"),
            Some(&dev),
            None,
        )
        .await;
    assert_eq!(r.status, 404);
    let other = t.get("deadletters").await.body[0]["invocationId"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = t
        .call(
            reqwest::Method::DELETE,
            &format!("deadletters/{other}"),
            Some(&dev),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(t.get("deadletters").await.body, json!([]));
}

async fn queue_depth_is_bounded(b: Backend) {
    let t = TestServer::start_with(b, |c| {
        c.async_queue_depth = 3;
        c.limits.timeout_ms = 5_000;
    })
    .await;
    let slow = t
        .deploy(
            "slow",
            "function lambda(i, cb) { setTimeout(() => cb(null, 'late'), 1500); }",
        )
        .await;
    let app = t.app_token().await;
    for _ in 0..3 {
        let r = invoke_async(&t, &format!("lambdas/{slow}/invoke"), &app, json!({})).await;
        assert_eq!(r.status, 202, "{}", r.text);
    }
    let r = invoke_async(&t, &format!("lambdas/{slow}/invoke"), &app, json!({})).await;
    assert_eq!(r.status, 429, "{}", r.text);
    assert_eq!(r.body["errorCode"], "com.liveperson.faas.es.ratelimited");
    assert!(r.headers.contains_key("retry-after"));
    assert!(r.body["errorMsg"].as_str().unwrap().contains("limit"));
}

async fn events_fan_out_to_every_listener(b: Backend) {
    let t = TestServer::start(b).await;
    let mut uuids = Vec::new();
    for name in ["first", "second"] {
        let r = t
            .post("lambdas", json!({"name": name, "description": "d", "eventId": "bot_connectors_custom_integration",
                "implementation": {"code": format!("function lambda(i, cb) {{ cb(null, '{name}'); }}")}}))
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        let uuid = r.body["uuid"].as_str().unwrap().to_owned();
        t.deploy_uuid(&uuid).await;
        uuids.push(uuid);
    }
    let app = t.app_token().await;
    let r = invoke_async(
        &t,
        "events/bot_connectors_custom_integration/invoke",
        &app,
        json!({"payload": {}}),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text);
    let ids = r.body["invocationIds"].as_array().unwrap().clone();
    assert_eq!(ids.len(), 2);
    let mut results = Vec::new();
    for id in ids {
        let done = t
            .wait_for_invocation(id.as_str().unwrap(), "succeeded")
            .await;
        results.push(done["result"].as_str().unwrap().to_owned());
    }
    results.sort();
    assert_eq!(results, ["first", "second"]);
}

/// A function's `limits.onFailure` receives the failure record of each dead letter.
async fn dead_letters_go_to_the_on_failure_function(b: Backend) {
    let t = TestServer::start_with(b, |c| c.async_retry_base_ms = 50).await;
    let collector = t
        .deploy(
            "collector",
            "function lambda(i, cb) { cb(null, { failed: i.payload.invocationId, attempts: i.payload.errors.length, order: i.payload.input.payload.order }); }",
        )
        .await;
    let r = t
        .post("lambdas", json!({"name": "doomed", "description": "d", "limits": {"retries": 1, "onFailure": collector},
            "implementation": {"code": "function lambda(i, cb) { throw new Error('always'); }"}}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["limits"]["onFailure"], collector.as_str());
    let doomed = r.body["uuid"].as_str().unwrap().to_owned();
    t.deploy_uuid(&doomed).await;
    let app = t.app_token().await;
    let r = invoke_async(
        &t,
        &format!("lambdas/{doomed}/invoke"),
        &app,
        json!({"payload": {"order": 9}}),
    )
    .await;
    let id = r.body["invocationId"].as_str().unwrap().to_owned();
    t.wait_for_invocation(&id, "dead").await;
    let mut record = Value::Null;
    for _ in 0..100 {
        let list = t
            .get(&format!(
                "invocations?functionUuid={collector}&state=succeeded"
            ))
            .await;
        if let Some(first) = list.body.as_array().and_then(|a| a.first()) {
            record = first["result"].clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(record, json!({"failed": id, "attempts": 2, "order": 9}));
}

on_both_backends!(
    dead_letters_go_to_the_on_failure_function,
    accepted_then_retrievable_by_id,
    failures_are_retried_then_dead_lettered_and_redriven,
    queue_depth_is_bounded,
    events_fan_out_to_every_listener,
);

/// Two nodes on one PostgreSQL take work from one queue; no invocation runs twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_share_one_queue() {
    let a = TestServer::start(Backend::Postgres).await;
    let (b, _b_dir) = a.second_node(|_| {}).await;
    let uuid = a
        .deploy(
            "shared",
            "function lambda(i, cb) { setTimeout(() => cb(null, i.payload.n), 20); }",
        )
        .await;
    let app = a.app_token().await;
    let mut ids = Vec::new();
    for n in 0..60 {
        let r = invoke_async(
            &a,
            &format!("lambdas/{uuid}/invoke"),
            &app,
            json!({"payload": {"n": n}}),
        )
        .await;
        assert_eq!(r.status, 202, "{}", r.text);
        ids.push(r.body["invocationId"].as_str().unwrap().to_owned());
    }
    for (n, id) in ids.iter().enumerate() {
        let done = a.wait_for_invocation(id, "succeeded").await;
        assert_eq!(done["result"], n);
        assert_eq!(done["attempts"], 1, "ran once: {done}");
    }
    // One invocation record per invocation, from both nodes together: nothing ran twice.
    b.shutdown().await;
    let mut total = 0;
    for _ in 0..50 {
        let counts = a
            .get(&format!("reports/invocations/{uuid}?bucketSize=3600"))
            .await;
        total = counts.body["invocationStatistics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["SUCCEEDED"].as_i64().unwrap())
            .sum::<i64>();
        if total >= 60 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(total, 60);
}
