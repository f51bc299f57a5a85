//! Schedules on both stores: a schedule's payload reaches the function as `input.payload`; the
//! last run's outcome is listed; update (expression, payload, active flag) and delete; bad input
//! names the field and the limit, and changes nothing.

mod common;
use common::*;
use fnhost_store::{Backend, Schedules};
use serde_json::{Value, json};
use std::time::Duration;

/// Makes a schedule due now (the test cannot wait for the next whole minute).
async fn make_due(t: &TestServer, uuid: &str) {
    let store = fnhost_store::SqlStore::connect(&t.database_url())
        .await
        .unwrap();
    let mut s = store.get_schedule("1000", uuid).await.unwrap().unwrap();
    s.next_run = Some(fnhost_server::now_ms() - 1);
    assert!(store.update_schedule(&s).await.unwrap());
}

async fn logs_of(t: &TestServer, lambda: &str, since: i64) -> Vec<Value> {
    let r = t
        .get(&format!("logs?lambdaUUID={lambda}&startTimestamp={since}"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let mut out = Vec::new();
    // Grouped by request id: [{requestId, logs: [...]}] or a flat list; collect every message.
    fn walk(v: &Value, out: &mut Vec<Value>) {
        match v {
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(o) if o.contains_key("message") => out.push(v.clone()),
            Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(&r.body, &mut out);
    out
}

async fn payload_reaches_the_function_and_schedules_can_change(b: Backend) {
    let t = TestServer::start_with(b, |c| c.schedule_poll_ms = 100).await;
    let since = fnhost_server::now_ms() - 1000;
    let uuid = t
        .deploy("reporter", "function lambda(i, cb) { console.info('payload ' + JSON.stringify(i.payload)); if (i.payload.fail) cb(new Error('asked to fail')); else cb(null, 'ok'); }")
        .await;
    let r = t
        .post("schedules", json!({"lambdaUUID": uuid, "cronExpression": "*/5 * * * *", "isActive": true, "payload": {"report": "daily", "n": 3}}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["uuid"].as_str().unwrap().to_owned();
    assert_eq!(r.body["payload"], json!({"report": "daily", "n": 3}));
    make_due(&t, &id).await;
    let mut seen = Vec::new();
    for _ in 0..100 {
        seen = logs_of(&t, &uuid, since).await;
        if !seen.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        seen.iter().any(|l| {
            let m = l["message"].as_str().unwrap_or("");
            m.starts_with("payload ")
                && serde_json::from_str::<Value>(&m[8..]).ok()
                    == Some(json!({"report": "daily", "n": 3}))
        }),
        "{seen:?}"
    );
    let got = t.get(&format!("schedules/{id}")).await;
    assert_eq!(got.status, 200, "{}", got.text);
    assert!(got.body["lastExecution"].is_string());
    assert_eq!(got.body["didLastExecutionFail"], false);

    // Update the payload (the function now fails): the last result shows the failure.
    let r = t
        .call(
            reqwest::Method::PUT,
            &format!("schedules/{id}"),
            Some(&t.admin_token.clone()),
            Some(json!({"payload": {"fail": true}})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["cronExpression"], "*/5 * * * *");
    make_due(&t, &id).await;
    let mut failed = Value::Null;
    for _ in 0..100 {
        failed = t.get(&format!("schedules/{id}")).await.body;
        if failed["didLastExecutionFail"] == true {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        failed["lastErrorCode"], "com.liveperson.faas.handler.custom-failure",
        "{failed}"
    );

    // Change the expression and deactivate; the list shows it.
    let token = t.admin_token.clone();
    let r = t
        .call(
            reqwest::Method::PUT,
            &format!("schedules/{id}"),
            Some(&token),
            Some(json!({"cronExpression": "0 3 * * *", "isActive": false, "payload": null})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let list = t.get("schedules").await;
    let s = &list.body[0];
    assert_eq!(
        (
            s["cronExpression"].as_str(),
            s["isActive"].as_bool(),
            &s["payload"]
        ),
        (Some("0 3 * * *"), Some(false), &Value::Null)
    );
    // A paused schedule has no next run; resumed, it has.
    assert_eq!(s["nextExecution"], Value::Null, "{s}");
    let r = t
        .call(
            reqwest::Method::PUT,
            &format!("schedules/{id}"),
            Some(&token),
            Some(json!({"isActive": true})),
        )
        .await;
    assert!(
        r.body["nextExecution"]
            .as_str()
            .is_some_and(|n| n.contains("T03:00:00")),
        "{}",
        r.text
    );

    // Bad input names the field and changes nothing.
    for (body, field) in [
        (json!({"cronExpression": "* * *"}), "cronExpression"),
        (json!({"payload": {"big": "x".repeat(8_001)}}), "payload"),
        (json!({"cron": "* * * * *"}), "cron"),
    ] {
        let r = t
            .call(
                reqwest::Method::PUT,
                &format!("schedules/{id}"),
                Some(&token),
                Some(body),
            )
            .await;
        assert_eq!(r.status, 400, "{}", r.text);
        assert!(
            r.body["errorMsg"].as_str().unwrap().contains(field),
            "{}",
            r.text
        );
    }
    let r = t
        .post("schedules", json!({"lambdaUUID": uuid, "cronExpression": "* * * * *", "payload": {"big": "x".repeat(8_001)}}))
        .await;
    assert_eq!(r.status, 400);
    assert!(
        r.body["errorMsg"].as_str().unwrap().contains("8000"),
        "{}",
        r.text
    );
    assert_eq!(
        t.get("schedules").await.body[0]["cronExpression"],
        "0 3 * * *"
    );

    // Delete: gone; a second delete is a 404.
    let r = t.delete(&format!("schedules/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(t.delete(&format!("schedules/{id}")).await.status, 404);
    assert_eq!(t.get("schedules").await.body, json!([]));
}

/// Create takes what `lpf create:schedule` sends, refuses any other field by name, and refuses
/// an eleventh schedule of the account as a validation error naming the limit.
async fn create_validates_fields_and_the_account_limit(b: Backend) {
    let t = TestServer::start(b).await;
    let code = "function lambda(i, cb) { cb(null, 1); }";
    let first = t.deploy("f0", code).await;
    let r = t
        .post(
            "schedules",
            json!({"lambdaUUID": first, "cronExpression": "0 0 1 1 *", "bogus": 1}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.text.contains("bogus"), "{}", r.text);
    assert_eq!(t.get("schedules").await.body, json!([]), "nothing stored");
    // lpf's own body: {timestamp, lambdaUUID, cronExpression, isActive, uuid: ""}.
    let r = t
        .post("schedules", json!({"timestamp": 0, "lambdaUUID": first, "cronExpression": "*/5 * * * *", "isActive": true, "uuid": ""}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(r.body["nextExecution"].is_string(), "{}", r.text);
    for n in 1..10 {
        let uuid = t.deploy(&format!("f{n}"), code).await;
        let r = t
            .post(
                "schedules",
                json!({"lambdaUUID": uuid, "cronExpression": "0 0 1 1 *"}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let eleventh = t.deploy("f10", code).await;
    let r = t
        .post(
            "schedules",
            json!({"lambdaUUID": eleventh, "cronExpression": "0 0 1 1 *"}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(r.body["errorCode"], "com.liveperson.faas.es.badinput");
    assert!(r.text.contains("the limit is 10"), "{}", r.text);
    assert_eq!(
        t.get("schedules").await.body.as_array().map(Vec::len),
        Some(10)
    );
}

on_both_backends!(
    payload_reaches_the_function_and_schedules_can_change,
    create_validates_fields_and_the_account_limit,
);
