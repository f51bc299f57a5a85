//! The web console's server side: its assets at `/` with a strict CSP and ETags, without
//! shadowing the API; and the API operations added for it (cookie-free session renewal and
//! sign-out, removing an allowlist entry, the account-wide invocation histogram, replacing a
//! secret's value, the newest log lines).

mod common;
use common::*;
use fnhost_store::Backend;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_is_served_with_a_strict_policy_and_leaves_the_api_alone() {
    let t = TestServer::start(Backend::Sqlite).await;
    let page = t.call(reqwest::Method::GET, "/", None, None).await;
    assert_eq!(page.status, 200);
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'self'") && !csp.contains("unsafe"),
        "{csp}"
    );
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert!(page.text.contains("/console/app.js"));
    let etag = page.headers["etag"].to_str().unwrap().to_owned();
    let again = t
        .http
        .get(t.url("/"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    for path in ["/console/app.js", "/console/app.css"] {
        let r = t.call(reqwest::Method::GET, path, None, None).await;
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.headers["etag"].to_str().is_ok() && r.headers.contains_key("content-security-policy")
        );
    }
    // Unknown paths, inside the console's prefix or the API's, answer the API's JSON 404.
    for path in ["/console/nope.js", "/api/account/1000/nothing"] {
        let r = t.call(reqwest::Method::GET, path, None, None).await;
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(r.body["errorCode"], "com.liveperson.faas.es.notfound");
    }
    assert_eq!(t.get("/healthz").await.status, 200);
    assert_eq!(t.get("/openapi.json").await.status, 200);
}

async fn login(t: &TestServer) -> Value {
    let r = t
        .call(
            reqwest::Method::POST,
            "login?v=1.3",
            None,
            Some(json!({"username": "admin", "password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status, 200);
    r.body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_is_renewed_without_cookies_until_it_is_signed_out() {
    let t = TestServer::start(Backend::Sqlite).await;
    let l = login(&t).await;
    let body = json!({"sessionId": l["sessionId"], "csrf": l["csrf"]});
    let renewed = t
        .call(
            reqwest::Method::POST,
            "session/renew",
            None,
            Some(body.clone()),
        )
        .await;
    assert_eq!(renewed.status, 200, "{}", renewed.text);
    let bearer = renewed.body["bearer"].as_str().unwrap();
    assert!(renewed.body["expiresAt"].as_i64().unwrap() > fnhost_server::now_ms());
    let fns = t
        .call(reqwest::Method::GET, "lambdas", Some(bearer), None)
        .await;
    assert_eq!(fns.status, 200, "the renewed token works");

    let wrong = json!({"sessionId": l["sessionId"], "csrf": "guess"});
    let r = t
        .call(
            reqwest::Method::POST,
            "session/renew",
            None,
            Some(wrong.clone()),
        )
        .await;
    assert_eq!(r.status, 401, "a wrong CSRF token");
    let r = t
        .call(reqwest::Method::POST, "logout", None, Some(wrong))
        .await;
    assert_eq!(r.status, 401, "no sign-out with a wrong CSRF token");

    let out = t
        .call(reqwest::Method::POST, "logout", None, Some(body.clone()))
        .await;
    assert_eq!(out.status, 200, "{}", out.text);
    let r = t
        .call(
            reqwest::Method::POST,
            "session/renew",
            None,
            Some(body.clone()),
        )
        .await;
    assert_eq!(r.status, 401, "no renewal after sign-out");
    let refresh = t
        .http
        .post(t.url("refresh"))
        .header(
            "cookie",
            format!("session_id={}", l["sessionId"].as_str().unwrap()),
        )
        .json(&json!({"csrf": l["csrf"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(refresh.status(), 401, "no refresh after sign-out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_allowlist_entry_is_removed_by_id() {
    let t = TestServer::start(Backend::Sqlite).await;
    let a = t
        .post("proxy-settings", json!({"domain": "a.example.com"}))
        .await;
    let b = t
        .post("proxy-settings", json!({"domain": "b.example.com"}))
        .await;
    assert_eq!((a.status, b.status), (201, 201));
    let id = a.body["id"].as_i64().unwrap();
    let r = t.delete(&format!("proxy-settings/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["deleted"], id);
    let list = t.get("proxy-settings").await;
    let domains: Vec<&str> = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["domain"].as_str().unwrap())
        .collect();
    assert_eq!(domains, ["b.example.com"]);
    assert_eq!(t.delete(&format!("proxy-settings/{id}")).await.status, 404);
    assert_eq!(t.delete("proxy-settings/x").await.status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_account_histogram_counts_every_function() {
    let t = TestServer::start(Backend::Sqlite).await;
    let ok = t
        .deploy("fine", "function lambda(i, cb) { cb(null, 1); }")
        .await;
    let bad = t
        .deploy("failing", "function lambda(i, cb) { cb(new Error('no')); }")
        .await;
    let app = t.app_token().await;
    let start = fnhost_server::now_ms() - 60_000;
    assert_eq!(t.invoke(&ok, &app, json!({})).await.status, 200);
    assert_eq!(t.invoke(&ok, &app, json!({})).await.status, 200);
    assert_eq!(t.invoke(&bad, &app, json!({})).await.status, 901);
    let sum = |v: &Value, k: &str| -> i64 {
        v["invocationStatistics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b[k].as_i64().unwrap())
            .sum()
    };
    for _ in 0..100 {
        let end = fnhost_server::now_ms() + 1000;
        let r = t
            .get(&format!(
                "reports/invocations?startTimestamp={start}&endTimestamp={end}&bucketSize=60"
            ))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        if sum(&r.body, "SUCCEEDED") == 2 && sum(&r.body, "CODING_FAILURE") == 1 {
            let one = t
                .get(&format!("reports/invocations/{ok}?startTimestamp={start}&endTimestamp={end}&bucketSize=60"))
                .await;
            assert_eq!(
                (
                    sum(&one.body, "SUCCEEDED"),
                    sum(&one.body, "CODING_FAILURE")
                ),
                (2, 0)
            );
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the account histogram never counted the three invocations");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_is_replaced_in_place_and_never_shown() {
    let t = TestServer::start(Backend::Sqlite).await;
    let admin = t.admin_token.clone();
    let put = |key: &'static str, body: Value| {
        let admin = admin.clone();
        let t = &t;
        async move {
            t.call(
                reqwest::Method::PUT,
                &format!("secrets/{key}"),
                Some(&admin),
                Some(body),
            )
            .await
        }
    };
    assert_eq!(put("api_key", json!({"value": "x"})).await.status, 404);
    let made = t
        .post("secrets", json!({"key": "api_key", "value": "one"}))
        .await;
    assert_eq!(made.status, 201, "{}", made.text);
    assert_eq!(
        t.post("secrets", json!({"key": "api_key", "value": "two"}))
            .await
            .status,
        409
    );
    let r = put("api_key", json!({"value": "two"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body, json!({"key": "api_key", "value": "********"}));
    assert!(!r.text.contains("two"));
    assert_eq!(put("api_key", json!({})).await.status, 400);
    let reader = t
        .deploy(
            "reader",
            "const { Toolbelt } = require('lp-faas-toolbelt');\nasync function lambda(i, cb) { cb(null, (await Toolbelt.SecretClient().readSecret('api_key')).value); }",
        )
        .await;
    let app = t.app_token().await;
    let got = t.invoke(&reader, &app, json!({})).await;
    assert_eq!(got.body, json!("two"), "{}", got.text);
    let acts = t.get("activities?kind=secret.").await;
    assert!(acts.text.contains("secret.updated"), "{}", acts.text);
    assert!(
        !acts.text.contains("\"two\""),
        "no value in the activity stream"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_take_newest_true_or_false() {
    let t = TestServer::start(Backend::Sqlite).await;
    let start = fnhost_server::now_ms() - 60_000;
    for (v, status) in [("true", 200), ("false", 200), ("yes", 400)] {
        let r = t
            .get(&format!("logs?startTimestamp={start}&newest={v}"))
            .await;
        assert_eq!(r.status, status, "newest={v}: {}", r.text);
    }
}
