//! The invocation gateway end to end, on SQLite and PostgreSQL: every seed code and HTTP status
//! where it applies.

mod common;
use common::*;
use fnhost_store::Backend;
use reqwest::Method;
use serde_json::json;

on_both_backends!(
    invoke_returns_the_raw_result_to_apps_and_result_with_logs_to_users,
    handler_failures_are_901_with_their_codes_and_logs,
    missing_and_undeployed_functions_are_404,
    bad_input_is_400_naming_the_field_and_the_limit,
    auth_failures_are_401_and_403_without_leaks,
    wrong_method_is_405_with_allow_and_unknown_path_is_404,
    rate_limits_answer_429_with_retry_after,
    events_fan_out_and_is_implemented,
    env_vars_and_brand_id_reach_the_function,
);

const ECHO: &str = "function lambda(input, callback) { console.info('seen', input.payload); callback(null, { echo: input.payload, h: input.headers }); }";

async fn invoke_returns_the_raw_result_to_apps_and_result_with_logs_to_users(b: Backend) {
    let t = TestServer::start(b).await;
    let uuid = t.deploy("echo", ECHO).await;
    let app = t.app_token().await;
    let r = t
        .invoke(
            &uuid,
            &app,
            json!({"timestamp": 1, "headers": [{"key": "k", "value": "v"}], "payload": {"a": 1}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.body,
        json!({"echo": {"a": 1}, "h": [{"key": "k", "value": "v"}]})
    );
    let admin = t.admin_token.clone();
    let r = t.invoke(&uuid, &admin, json!({"payload": "x"})).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["result"]["echo"], "x");
    assert_eq!(r.body["logs"][0]["level"], "Info");
    assert_eq!(r.body["logs"][0]["extras"], json!(["x"]));
}

async fn handler_failures_are_901_with_their_codes_and_logs(b: Backend) {
    let t = TestServer::start(b).await;
    let app = t.app_token().await;
    let cases = [
        (
            "custom",
            "function lambda(i, cb) { console.warn('about to fail'); cb(new Error('whoops')); }",
            "com.liveperson.faas.handler.custom-failure",
            "whoops",
        ),
        (
            "runtime",
            "function lambda(i, cb) { undefined.x; }",
            "com.liveperson.faas.handler.runtime-exception",
            "TypeError",
        ),
        (
            "slow",
            "function lambda(i, cb) { }",
            "com.liveperson.faas.handler.executiontime-exceeded",
            "exceeded 1000 ms",
        ),
        (
            "busy",
            "function lambda(i, cb) { while (true) {} }",
            "com.liveperson.faas.handler.executiontime-exceeded",
            "exceeded 1000 ms",
        ),
        (
            "chatty",
            "function lambda(i, cb) { for (let n = 0; n < 20; n++) console.info('n', n); cb(null, 1); }",
            "com.liveperson.faas.handler.log-limit-reached",
            "log limit",
        ),
    ];
    for (name, code, expected, needle) in cases {
        let uuid = t.deploy(name, code).await;
        let r = t.invoke(&uuid, &app, json!({"payload": {}})).await;
        assert_eq!(r.status, 901, "{name}: {}", r.text);
        assert_eq!(r.body["errorCode"], expected, "{name}");
        assert!(
            r.body["errorMsg"].as_str().unwrap().contains(needle),
            "{name}: {}",
            r.body["errorMsg"]
        );
        assert!(r.body["errorLogs"].is_array(), "{name}");
    }
    // The first case's log made it into errorLogs.
    let uuid = t.get("lambdas?name=custom").await.body[0]["uuid"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = t.invoke(&uuid, &app, json!({})).await;
    assert_eq!(r.body["errorLogs"][0]["message"], "about to fail");
    // A healthy function is unaffected by all of the above.
    let ok = t.deploy("healthy", ECHO).await;
    assert_eq!(t.invoke(&ok, &app, json!({"payload": 1})).await.status, 200);
}

async fn missing_and_undeployed_functions_are_404(b: Backend) {
    let t = TestServer::start(b).await;
    let app = t.app_token().await;
    let r = t
        .invoke("00000000-0000-0000-0000-000000000000", &app, json!({}))
        .await;
    assert_eq!(
        (r.status, r.body["errorCode"].as_str()),
        (404, Some("com.liveperson.faas.es.missinglambda"))
    );
    let created = t
        .post(
            "lambdas",
            json!({"name": "draft", "implementation": {"code": ECHO}}),
        )
        .await;
    let uuid = created.body["uuid"].as_str().unwrap().to_owned();
    let r = t.invoke(&uuid, &app, json!({})).await;
    assert_eq!(
        (r.status, r.body["errorCode"].as_str()),
        (404, Some("com.liveperson.faas.es.notdeployed"))
    );
    t.deploy_uuid(&uuid).await;
    assert_eq!(t.invoke(&uuid, &app, json!({})).await.status, 200);
    let r = t
        .call(
            Method::DELETE,
            &format!("deployments/{uuid}"),
            Some(&t.admin_token.clone()),
            None,
        )
        .await;
    assert_eq!(r.status, 202);
    let r = t.invoke(&uuid, &app, json!({})).await;
    assert_eq!(r.body["errorCode"], "com.liveperson.faas.es.notdeployed");
}

async fn bad_input_is_400_naming_the_field_and_the_limit(b: Backend) {
    let t = TestServer::start_with(b, |c| c.max_body_bytes = 2_000).await;
    let uuid = t.deploy("echo", ECHO).await;
    let app = t.app_token().await;
    let raw = |body: &'static str| {
        let req = t
            .http
            .post(t.url(&format!("lambdas/{uuid}/invoke")))
            .bearer_auth(&app)
            .header("content-type", "application/json")
            .body(body);
        async move {
            let res = req.send().await.unwrap();
            (
                res.status().as_u16(),
                res.json::<serde_json::Value>().await.unwrap(),
            )
        }
    };
    let (s, v) = raw("{not json").await;
    assert_eq!(
        (s, v["errorCode"].as_str()),
        (400, Some("com.liveperson.faas.es.badinput"))
    );
    let (s, v) = raw(r#"{"headers": "nope"}"#).await;
    assert_eq!(s, 400);
    assert!(v["errorMsg"].as_str().unwrap().contains("`headers`"), "{v}");
    let (s, v) = raw(r#"{"headers": [{"key": 1, "value": "x"}]}"#).await;
    assert_eq!(s, 400);
    assert!(
        v["errorMsg"].as_str().unwrap().contains("headers[0].key"),
        "{v}"
    );
    let big = json!({"payload": "x".repeat(3_000)});
    let r = t.invoke(&uuid, &app, big).await;
    assert_eq!(r.status, 400);
    assert!(
        r.body["errorMsg"].as_str().unwrap().contains("2000 bytes"),
        "{}",
        r.text
    );
    // Management validation names the field and the limit, and stores nothing.
    let r = t
        .post(
            "lambdas",
            json!({"name": "bad name!", "implementation": {"code": ECHO}}),
        )
        .await;
    assert!(r.status == 400 && r.body["errorMsg"].as_str().unwrap().contains("`name`"));
    let r = t
        .post(
            "lambdas",
            json!({"name": "d", "description": "x".repeat(101), "implementation": {"code": ECHO}}),
        )
        .await;
    assert!(
        r.status == 400
            && r.body["errorMsg"]
                .as_str()
                .unwrap()
                .contains("limit is 100")
    );
    let r = t.post("lambdas", json!({"name": "syntax", "implementation": {"code": "function lambda(i, cb) {\n  cb(null, ;\n}"}})).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["errorCode"], "com.liveperson.faas.fm.contract-error");
    assert!(
        r.body["errorMsg"].as_str().unwrap().contains("line 2"),
        "{}",
        r.text
    );
    let r = t.post("lambdas", json!({"name": "env", "implementation": {"code": ECHO, "environmentVariables": [{"key": "BRAND_ID", "value": "x"}]}})).await;
    assert!(r.status == 400 && r.body["errorMsg"].as_str().unwrap().contains("reserved"));
    assert_eq!(
        t.get("lambdas").await.body.as_array().unwrap().len(),
        1,
        "failed creates left nothing behind"
    );
}

async fn auth_failures_are_401_and_403_without_leaks(b: Backend) {
    let t = TestServer::start(b).await;
    let uuid = t.deploy("echo", ECHO).await;
    let r = t
        .call(
            Method::POST,
            &format!("lambdas/{uuid}/invoke"),
            None,
            Some(json!({})),
        )
        .await;
    assert_eq!(
        (r.status, r.body["errorCode"].as_str()),
        (401, Some("com.liveperson.faas.es.unauthorized"))
    );
    let r = t
        .call(
            Method::POST,
            &format!("lambdas/{uuid}/invoke"),
            Some("not-a-jwt"),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, 401);
    let r = t
        .call(
            Method::POST,
            "/api/account/1000/login?v=1.3",
            None,
            Some(json!({"username": "admin", "password": "wrong"})),
        )
        .await;
    assert_eq!(r.status, 401);
    // Another account's URL: 403 whether or not the function exists there.
    let admin = t.admin_token.clone();
    for path in [
        format!("/api/account/2000/lambdas/{uuid}/invoke"),
        "/api/account/2000/lambdas/00000000-0000-0000-0000-000000000000/invoke".to_owned(),
    ] {
        let r = t
            .call(Method::POST, &path, Some(&admin), Some(json!({})))
            .await;
        assert_eq!(
            (r.status, r.body["errorCode"].as_str()),
            (403, Some("com.liveperson.faas.es.forbidden")),
            "{path}"
        );
    }
    // An invocation-only user can invoke but not push; an app cannot manage.
    let r = t
        .post(
            "users",
            json!({"username": "bot", "password": "bot-password", "roles": ["FaaS-Invocation"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let bot: serde_json::Value = t
        .http
        .post(t.url("login?v=1.3"))
        .json(&json!({"username": "bot", "password": "bot-password"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bot = bot["bearer"].as_str().unwrap().to_owned();
    assert_eq!(t.invoke(&uuid, &bot, json!({})).await.status, 200);
    let r = t
        .call(
            Method::POST,
            "lambdas",
            Some(&bot),
            Some(json!({"name": "x", "implementation": {"code": ECHO}})),
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(
        r.body["errorMsg"]
            .as_str()
            .unwrap()
            .contains("FaaS-Developer")
    );
    let app = t.app_token().await;
    assert_eq!(
        t.call(
            Method::DELETE,
            &format!("deployments/{uuid}"),
            Some(&app),
            None
        )
        .await
        .status,
        403
    );
    // A revoked app's tokens are refused at once.
    let apps = t.get("apps").await;
    let client_id = apps.body[0]["client_id"].as_str().unwrap().to_owned();
    assert_eq!(t.invoke(&uuid, &app, json!({})).await.status, 200);
    assert_eq!(
        t.call(
            Method::DELETE,
            &format!("apps/{client_id}"),
            Some(&admin),
            None
        )
        .await
        .status,
        200
    );
    assert_eq!(t.invoke(&uuid, &app, json!({})).await.status, 401);
    // Bad client credentials.
    let res = t
        .http
        .post(t.url("/sentinel/api/account/1000/app/token?v=2.0"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials&client_id=x&client_secret=y")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

async fn wrong_method_is_405_with_allow_and_unknown_path_is_404(b: Backend) {
    let t = TestServer::start(b).await;
    let r = t
        .call(Method::PATCH, "lambdas", Some(&t.admin_token.clone()), None)
        .await;
    assert_eq!(
        (r.status, r.body["errorCode"].as_str()),
        (405, Some("com.liveperson.faas.es.methodnotallowed"))
    );
    let allow = r.headers.get("allow").unwrap().to_str().unwrap().to_owned();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    let r = t.get("/nope").await;
    assert_eq!(r.status, 404);
    assert!(!r.text.is_empty());
}

async fn rate_limits_answer_429_with_retry_after(b: Backend) {
    let t = TestServer::start_with(b, |c| c.account_rate_limit = 3).await;
    let uuid = t.deploy("echo", ECHO).await;
    let app = t.app_token().await;
    let mut limited = None;
    for _ in 0..10 {
        let r = t.invoke(&uuid, &app, json!({})).await;
        if r.status == 429 {
            limited = Some(r);
            break;
        }
    }
    let r = limited.expect("the 4th invocation within a second is limited");
    assert_eq!(r.body["errorCode"], "com.liveperson.faas.es.ratelimited");
    assert!(
        r.body["errorMsg"]
            .as_str()
            .unwrap()
            .contains("3 invocations per second")
    );
    assert!(
        r.headers
            .get("retry-after")
            .unwrap()
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );

    // Per function: one busy function does not use up another's budget.
    let t = TestServer::start_with(b, |c| c.function_rate_limit = 2).await;
    let busy = t.deploy("busy", ECHO).await;
    let calm = t.deploy("calm", ECHO).await;
    let app = t.app_token().await;
    let mut statuses = Vec::new();
    let mut denied = None;
    for _ in 0..6 {
        let r = t.invoke(&busy, &app, json!({})).await;
        statuses.push(r.status);
        if r.status == 429 {
            denied = Some(r);
        }
    }
    let denied = denied.unwrap_or_else(|| panic!("no 429 in {statuses:?}"));
    assert!(
        denied.body["errorMsg"]
            .as_str()
            .unwrap()
            .contains(&format!("function {busy}")),
        "{}",
        denied.text
    );
    let r = t.invoke(&calm, &app, json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

async fn events_fan_out_and_is_implemented(b: Backend) {
    let t = TestServer::start(b).await;
    let app = t.app_token().await;
    let ev = "bot_connectors_custom_integration";
    let r = t
        .call(
            Method::GET,
            &format!("events/{ev}/isImplemented?v=1&skillId=&externalSystem=x"),
            Some(&app),
            None,
        )
        .await;
    assert_eq!(r.body, json!({"implemented": false}));
    for (name, code) in [
        (
            "a_first",
            "function lambda(i, cb) { cb(null, 'A' + i.payload); }",
        ),
        (
            "b_second",
            "function lambda(i, cb) { cb(null, 'B' + i.payload); }",
        ),
    ] {
        let r = t
            .post(
                "lambdas",
                json!({"name": name, "eventId": ev, "implementation": {"code": code}}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        t.deploy_uuid(r.body["uuid"].as_str().unwrap()).await;
    }
    let r = t
        .call(
            Method::GET,
            &format!("events/{ev}/isImplemented?v=1"),
            Some(&app),
            None,
        )
        .await;
    assert_eq!(r.body, json!({"implemented": true}));
    let r = t
        .call(
            Method::POST,
            &format!("events/{ev}/invoke?v=1&skillId=&externalSystem=x"),
            Some(&app),
            Some(json!({"payload": 1})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let results: Vec<_> = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["result"].clone())
        .collect();
    assert_eq!(results, vec![json!("A1"), json!("B1")]);
    assert!(r.body[0]["uuid"].is_string() && r.body[0]["timestamp"].is_i64());
    // A failing listener stops the chain with its error.
    let r = t.post("lambdas", json!({"name": "a_broken", "eventId": ev, "implementation": {"code": "function lambda(i, cb) { cb(new Error('nope')); }"}})).await;
    t.deploy_uuid(r.body["uuid"].as_str().unwrap()).await;
    let r = t
        .call(
            Method::POST,
            &format!("events/{ev}/invoke"),
            Some(&app),
            Some(json!({"payload": 1})),
        )
        .await;
    assert_eq!(
        (r.status, r.body["errorCode"].as_str()),
        (901, Some("com.liveperson.faas.handler.custom-failure"))
    );
}

async fn env_vars_and_brand_id_reach_the_function(b: Backend) {
    let t = TestServer::start(b).await;
    let uuid = t
        .deploy(
            "env",
            "function lambda(i, cb) { cb(null, [process.env.GREETING, process.env.BRAND_ID]); }",
        )
        .await;
    let app = t.app_token().await;
    assert_eq!(
        t.invoke(&uuid, &app, json!({})).await.body,
        json!(["hi", "1000"])
    );
}
