//! Deployment history on both stores: every change makes a version, versions diff, restore puts
//! an old version into the draft without deploying, rollback restores and deploys in one call,
//! only the configured number of deployments is kept, and every change appears in the activity
//! stream (secret names, never values).

mod common;
use common::*;
use fnhost_store::Backend;
use serde_json::{Value, json};

fn code(greeting: &str) -> String {
    format!("function lambda(input, callback) {{ callback(null, '{greeting}'); }}")
}

async fn put_code(t: &TestServer, uuid: &str, code: &str, env: Value) -> Reply {
    t.call(
        reqwest::Method::PUT,
        &format!("lambdas/{uuid}"),
        Some(&t.admin_token.clone()),
        Some(json!({"implementation": {"code": code, "environmentVariables": env}})),
    )
    .await
}

async fn invoke_text(t: &TestServer, uuid: &str, token: &str) -> Value {
    let r = t.invoke(uuid, token, json!({"payload": {}})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

async fn versions_diff_restore_and_rollback(b: Backend) {
    let t = TestServer::start_with(b, |c| c.deployment_history = 3).await;
    let app = t.app_token().await;
    let uuid = t.deploy("hist", &code("one")).await; // version 1 deployed
    assert_eq!(invoke_text(&t, &uuid, &app).await, "one");

    let env = json!([{"key": "GREETING", "value": "hi"}]);
    assert_eq!(
        put_code(&t, &uuid, &code("two"), env.clone()).await.status,
        202
    );
    t.deploy_uuid(&uuid).await; // version 2 deployed
    assert_eq!(invoke_text(&t, &uuid, &app).await, "two");

    let env3 = json!([{"key": "GREETING", "value": "hello"}, {"key": "NEW", "value": "x"}]);
    assert_eq!(put_code(&t, &uuid, &code("three"), env3).await.status, 202); // version 3, draft

    // Versions, newest first, with what changed and which one is deployed.
    let v = t.get(&format!("lambdas/{uuid}/versions")).await;
    assert_eq!(v.status, 200, "{}", v.text);
    let list = v.body.as_array().unwrap();
    assert_eq!(list.len(), 3, "{}", v.text);
    assert_eq!(list[0]["version"], 3);
    assert_eq!(list[0]["current"], true);
    assert_eq!(list[0]["changes"], json!(["code", "environmentVariables"]));
    assert_eq!(list[1]["version"], 2);
    assert_eq!(list[1]["deployed"], true);
    assert_eq!(list[1]["changes"], json!(["code"]));
    assert_eq!(list[2]["changes"], json!(["created"]));
    assert_eq!(list[2]["createdBy"], "admin");

    // One version's code and environment.
    let one = t.get(&format!("lambdas/{uuid}/versions/1")).await;
    assert_eq!(one.status, 200, "{}", one.text);
    assert_eq!(one.body["code"], code("one"));
    assert_eq!(one.body["environmentVariables"][0]["key"], "GREETING");
    assert_eq!(
        t.get(&format!("lambdas/{uuid}/versions/99")).await.status,
        404
    );
    let bad = t.get(&format!("lambdas/{uuid}/versions/zero")).await;
    assert_eq!(bad.status, 400);
    assert!(bad.text.contains("version"), "{}", bad.text);

    // Diff: deployed (2) against the draft (3) by default; a unified diff of code and env.
    let d = t.get(&format!("lambdas/{uuid}/diff")).await;
    assert_eq!(d.status, 200, "{}", d.text);
    assert_eq!(
        (d.body["from"].clone(), d.body["to"].clone()),
        (json!(2), json!(3))
    );
    let text = d.body["diff"].as_str().unwrap();
    assert!(
        text.contains("--- v2/index.js") && text.contains("+++ v3/index.js"),
        "{text}"
    );
    assert!(
        text.contains("-function lambda(input, callback) { callback(null, 'two'); }"),
        "{text}"
    );
    assert!(
        text.contains("+function lambda(input, callback) { callback(null, 'three'); }"),
        "{text}"
    );
    assert!(
        text.contains("-GREETING=hi")
            && text.contains("+GREETING=hello")
            && text.contains("+NEW=x"),
        "{text}"
    );
    let same = t.get(&format!("lambdas/{uuid}/diff?from=2&to=2")).await;
    assert_eq!(same.body["identical"], true);
    let plain = t
        .get(&format!("lambdas/{uuid}/diff?from=1&to=2&format=text"))
        .await;
    assert!(plain.text.starts_with("--- v1/index.js"), "{}", plain.text);
    assert_eq!(
        t.get(&format!("lambdas/{uuid}/diff?from=1&to=42"))
            .await
            .status,
        404
    );

    // Restore version 1 into the draft: a new version, nothing deployed.
    let r = t
        .post(&format!("lambdas/{uuid}/versions/1/restore"), json!({}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["version"], 4);
    assert_eq!(r.body["implementation"]["code"], code("one"));
    assert_eq!(r.body["state"], "Modified");
    assert_eq!(
        invoke_text(&t, &uuid, &app).await,
        "two",
        "restore does not deploy"
    );
    let v = t.get(&format!("lambdas/{uuid}/versions")).await;
    assert_eq!(v.body[0]["note"], "restored from version 1");

    // Rollback without a version: back to the last good deployment before the current one (1).
    let rb = t.post(&format!("lambdas/{uuid}/rollback"), json!({})).await;
    assert_eq!(rb.status, 200, "{}", rb.text);
    assert_eq!(rb.body["restoredVersion"], 1);
    assert_eq!(rb.body["lambda"]["state"], "Productive");
    assert_eq!(
        invoke_text(&t, &uuid, &app).await,
        "one",
        "rollback is live at once"
    );
    // Rollback to a named version.
    let rb = t
        .post(&format!("lambdas/{uuid}/rollback"), json!({"version": 2}))
        .await;
    assert_eq!(rb.status, 200, "{}", rb.text);
    assert_eq!(invoke_text(&t, &uuid, &app).await, "two");
    let missing = t
        .post(&format!("lambdas/{uuid}/rollback"), json!({"version": 77}))
        .await;
    assert_eq!(missing.status, 404, "{}", missing.text);
    let wrong = t
        .post(&format!("lambdas/{uuid}/rollback"), json!({"version": "x"}))
        .await;
    assert_eq!(wrong.status, 400, "{}", wrong.text);
    assert!(wrong.text.contains("version"), "{}", wrong.text);

    // Only the last 3 deployments are kept (configured), newest first.
    let deps = t.get(&format!("lambdas/{uuid}/deployments")).await;
    assert_eq!(deps.status, 200, "{}", deps.text);
    let deps = deps.body.as_array().unwrap().clone();
    assert_eq!(deps.len(), 3, "{deps:?}");
    assert!(
        deps.iter().all(|d| d["deploymentState"] == "Deploy Finish"),
        "{deps:?}"
    );
    assert_eq!(deps[0]["createdBy"], "admin");

    // The activity stream tells the story, newest first; filters work.
    let acts = t.get(&format!("lambdas/{uuid}/activities?limit=100")).await;
    assert_eq!(acts.status, 200, "{}", acts.text);
    let kinds: Vec<&str> = acts
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    for k in [
        "lambda.created",
        "lambda.updated",
        "lambda.restored",
        "deployment.started",
        "deployment.succeeded",
        "deployment.rolledback",
    ] {
        assert!(kinds.contains(&k), "{k} missing in {kinds:?}");
    }
    assert_eq!(kinds.last(), Some(&"lambda.created"));
    let only = t.get("activities?kind=deployment.rolledback").await;
    assert_eq!(only.body.as_array().unwrap().len(), 2, "{}", only.text);
    let prefix = t
        .get(&format!("activities?kind=deployment.&lambda={uuid}"))
        .await;
    assert!(
        prefix
            .body
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["kind"].as_str().unwrap().starts_with("deployment."))
    );
    let bad = t.get("activities?kind=nonsense").await;
    assert_eq!(bad.status, 400);
    assert!(bad.text.contains("kind"), "{}", bad.text);
    assert_eq!(t.get("activities?limit=0").await.status, 400);
}

async fn activities_cover_account_changes_without_secret_values(b: Backend) {
    let t = TestServer::start(b).await;
    assert_eq!(
        t.post(
            "secrets",
            json!({"key": "api_key", "value": "s3cr3t-value"})
        )
        .await
        .status,
        201
    );
    assert_eq!(t.delete("secrets/api_key").await.status, 200);
    assert_eq!(
        t.post("proxy-settings", json!({"domain": "example.com"}))
            .await
            .status
            / 100,
        2
    );
    let app = t.post("apps", json!({"name": "ci"})).await;
    assert_eq!(
        t.delete(&format!("apps/{}", app.body["client_id"].as_str().unwrap()))
            .await
            .status,
        200
    );
    let u = t
        .post(
            "users",
            json!({"username": "dev", "password": "password-1", "roles": ["FaaS-Developer"]}),
        )
        .await;
    assert_eq!(u.status, 201, "{}", u.text);
    let bad = t
        .http
        .post(t.url("login"))
        .json(&json!({"username": "admin", "password": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 401);

    let acts = t.get("activities").await;
    assert_eq!(acts.status, 200, "{}", acts.text);
    assert!(
        !acts.text.contains("s3cr3t-value"),
        "a secret value leaked: {}",
        acts.text
    );
    let kinds: Vec<String> = acts
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap().to_owned())
        .collect();
    for k in [
        "secret.created",
        "secret.deleted",
        "allowlist.added",
        "app.created",
        "app.revoked",
        "user.created",
        "login.failed",
    ] {
        assert!(kinds.iter().any(|x| x == k), "{k} missing in {kinds:?}");
    }
    let failed = t.get("activities?kind=login.failed").await;
    assert_eq!(failed.body[0]["actor"], "admin");
    assert_eq!(failed.body[0]["details"]["reason"], "wrong password");
    let by_user = t.get("activities?user=admin&kind=secret.").await;
    assert_eq!(
        by_user.body.as_array().unwrap().len(),
        2,
        "{}",
        by_user.text
    );
    assert_eq!(by_user.body[0]["details"]["key"], "api_key");
    // A time range that ends before everything is empty.
    assert_eq!(t.get("activities?to=1").await.body, json!([]));
}

on_both_backends!(
    versions_diff_restore_and_rollback,
    activities_cover_account_changes_without_secret_values
);
