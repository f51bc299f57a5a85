//! The finer points of asynchronous invocation, on both stores: an event's listeners are queued
//! all together or not at all; the `async` parameter is read strictly; the function's `retry`
//! setting; `onFailure` must name an existing function; the lists refuse unknown filters; the
//! queue's figures per function (depth, retries, dead letters) in the report and `/metrics`.

mod common;
use common::*;
use fnhost_store::Backend;
use serde_json::json;

async fn post_async(t: &TestServer, path: &str, query: &str, token: &str) -> Reply {
    t.call(
        reqwest::Method::POST,
        &format!("{path}?v=1&{query}"),
        Some(token),
        Some(json!({"payload": {}})),
    )
    .await
}

/// Creates and deploys a listener of `event`.
async fn listener(t: &TestServer, name: &str, event: &str, code: &str) -> String {
    let r = t
        .post(
            "lambdas",
            json!({"name": name, "description": "d", "eventId": event,
            "implementation": {"code": code}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let uuid = r.body["uuid"].as_str().unwrap().to_owned();
    t.deploy_uuid(&uuid).await;
    uuid
}

/// With room for one more invocation only, an event with two listeners is refused whole: no
/// listener is queued alone.
async fn event_listeners_are_queued_together_or_not_at_all(b: Backend) {
    let t = TestServer::start_with(b, |c| {
        c.async_queue_depth = 3;
        c.limits.timeout_ms = 5_000;
    })
    .await;
    let event = "conversational_command";
    let slow = "function lambda(i, cb) { setTimeout(() => cb(null, 1), 1500); }";
    let a = listener(&t, "eva", event, slow).await;
    let bb = listener(&t, "evb", event, slow).await;
    let app = t.app_token().await;
    let path = format!("events/{event}/invoke");
    let first = post_async(&t, &path, "async=true", &app).await;
    assert_eq!(first.status, 202, "{}", first.text);
    assert_eq!(first.body["invocationIds"].as_array().unwrap().len(), 2);
    // Two of three places taken: one is left, the event needs two.
    let second = post_async(&t, &path, "async=true", &app).await;
    assert_eq!(second.status, 429, "{}", second.text);
    assert!(second.headers.contains_key("retry-after"));
    let queued = t.get("invocations?limit=1000").await;
    let per_function = |uuid: &str| {
        queued
            .body
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["functionUuid"] == uuid)
            .count()
    };
    assert_eq!(
        (per_function(&a), per_function(&bb)),
        (1, 1),
        "{}",
        queued.text
    );
}

async fn the_async_parameter_is_read_strictly(b: Backend) {
    let t = TestServer::start(b).await;
    let uuid = t
        .deploy("echo", "function lambda(i, cb) { cb(null, 1); }")
        .await;
    let app = t.app_token().await;
    let path = format!("lambdas/{uuid}/invoke");
    for (query, status) in [
        ("async=true", 202),
        ("async=TRUE", 202),
        ("async=1", 202),
        ("async=false", 200),
        ("async=0", 200),
        ("", 200),
        ("async=", 400),
        ("async=maybe", 400),
        ("async=true&async=false", 400),
        ("async=true&async=true", 202),
    ] {
        let r = post_async(&t, &path, query, &app).await;
        assert_eq!(r.status, status, "{query}: {}", r.text);
        if status == 400 {
            assert_eq!(r.body["errorCode"], "com.liveperson.faas.es.badinput");
            assert!(r.text.contains("`async`"), "{}", r.text);
        }
    }
    // An event nobody listens to: accepted, nothing queued.
    let r = post_async(
        &t,
        "events/conversational_command/invoke",
        "async=true",
        &app,
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text);
    assert_eq!(r.body["invocationIds"], json!([]));
}

/// `retry: true` (top level, or `limits.retry`) retries the function's own failures.
async fn the_retry_setting_retries_custom_failures(b: Backend) {
    let t = TestServer::start_with(b, |c| c.async_retry_base_ms = 50).await;
    let code = "function lambda(i, cb) { cb(new Error('not yet')); }";
    let app = t.app_token().await;
    let mut attempts = Vec::new();
    for (name, body) in [
        ("plain", json!({"limits": {"retries": 2}})),
        ("toplevel", json!({"retry": true, "limits": {"retries": 2}})),
        ("inlimits", json!({"limits": {"retries": 2, "retry": true}})),
    ] {
        let mut req = json!({"name": name, "description": "d", "implementation": {"code": code}});
        for (k, v) in body.as_object().unwrap() {
            req[k] = v.clone();
        }
        let r = t.post("lambdas", req).await;
        assert_eq!(r.status, 201, "{}", r.text);
        let uuid = r.body["uuid"].as_str().unwrap().to_owned();
        t.deploy_uuid(&uuid).await;
        let r = post_async(&t, &format!("lambdas/{uuid}/invoke"), "async=true", &app).await;
        let dead = t
            .wait_for_invocation(r.body["invocationId"].as_str().unwrap(), "dead")
            .await;
        attempts.push(dead["errors"].as_array().unwrap().len());
    }
    assert_eq!(attempts, [1, 3, 3]);
    // The two spellings must agree.
    let r = t
        .post(
            "lambdas",
            json!({"name": "clash", "description": "d", "retry": true,
            "limits": {"retryCustomFailures": false}, "implementation": {"code": code}}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.text.contains("`retry`"), "{}", r.text);
}

async fn on_failure_must_name_another_existing_function(b: Backend) {
    let t = TestServer::start(b).await;
    let code = "function lambda(i, cb) { cb(null, 1); }";
    let missing = "00000000-0000-4000-8000-000000000000";
    let r = t
        .post(
            "lambdas",
            json!({"name": "a", "description": "d", "limits": {"onFailure": missing},
            "implementation": {"code": code}}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(
        r.text.contains("limits.onFailure") && r.text.contains(missing),
        "{}",
        r.text
    );
    let list = t.get("lambdas").await;
    assert_eq!(list.body, json!([]), "nothing stored");
    let target = t.deploy("collector", code).await;
    let r = t
        .post(
            "lambdas",
            json!({"name": "b", "description": "d", "limits": {"onFailure": target},
            "implementation": {"code": code}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let own = r.body["uuid"].as_str().unwrap().to_owned();
    let r = t
        .call(
            reqwest::Method::PUT,
            &format!("lambdas/{own}"),
            Some(&t.admin_token.clone()),
            Some(json!({"limits": {"onFailure": own}})),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.text.contains("limits.onFailure"), "{}", r.text);
}

/// The queue's figures per function: the report's depth, retries and dead letters, and the
/// same in `/metrics` by function.
async fn queue_figures_per_function(b: Backend) {
    let t = TestServer::start_with(b, |c| c.async_retry_base_ms = 50).await;
    let r = t
        .post(
            "lambdas",
            json!({"name": "flaky", "description": "d", "limits": {"retries": 2},
            "implementation": {"code": "function lambda(i, cb) { throw new Error('broken'); }"}}),
        )
        .await;
    let uuid = r.body["uuid"].as_str().unwrap().to_owned();
    t.deploy_uuid(&uuid).await;
    let app = t.app_token().await;
    let r = post_async(&t, &format!("lambdas/{uuid}/invoke"), "async=true", &app).await;
    t.wait_for_invocation(r.body["invocationId"].as_str().unwrap(), "dead")
        .await;
    let mine = t.queue_report_of(&uuid).await;
    assert_eq!(
        (&mine["dead"], &mine["retries"], &mine["depth"]),
        (&json!(1), &json!(2), &json!(0)),
        "{mine}"
    );
    let text = t
        .call(reqwest::Method::GET, "/metrics", Some(METRICS_TOKEN), None)
        .await
        .text;
    let labels = format!("account=\"1000\",function=\"{uuid}\",name=\"flaky\"");
    for line in [
        format!("fnhost_async_retries_total{{{labels}}} 2"),
        format!("fnhost_async_dead_letters_made_total{{{labels}}} 1"),
        format!("fnhost_async_dead_letters{{{labels}}} 1"),
        format!("fnhost_async_queue_depth{{{labels}}} 0"),
    ] {
        assert!(text.lines().any(|l| l == line), "no `{line}` in:\n{text}");
    }
    // The lists refuse a filter they do not know, and take lambdaUUID for functionUuid.
    let r = t.get("invocations?function=flaky").await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.text.contains("`function`"), "{}", r.text);
    let r = t.get(&format!("deadletters?lambdaUUID={uuid}")).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(1), "{}", r.text);
    let r = t
        .get(&format!("deadletters?lambdaUUID={}", uuid::Uuid::new_v4()))
        .await;
    assert_eq!(r.body, json!([]), "{}", r.text);
}

on_both_backends!(
    event_listeners_are_queued_together_or_not_at_all,
    the_async_parameter_is_read_strictly,
    the_retry_setting_retries_custom_failures,
    on_failure_must_name_another_existing_function,
    queue_figures_per_function,
);
