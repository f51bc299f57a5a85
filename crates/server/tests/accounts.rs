//! Accounts and users on both stores: the operator API (off without its credential, never open
//! to account tokens) creates accounts with their first admin and own limits; admins delete
//! users, change roles and reset passwords, users change their own; every such change ends the
//! user's sessions at once, also on a second node; the last admin stays.

mod common;
use common::*;
use fnhost_store::Backend;
use serde_json::{Value, json};
use std::time::Duration;

const OPERATOR: &str = "operator-secret-token";

async fn login(t: &TestServer, acc: &str, user: &str, password: &str) -> (u16, Option<String>) {
    let res = t
        .http
        .post(t.url(&format!("/api/account/{acc}/login")))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    (status, body["bearer"].as_str().map(str::to_owned))
}

async fn as_operator(
    t: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Reply {
    t.call(method, path, Some(token), body).await
}

async fn operator_creates_accounts_with_their_own_limits(b: Backend) {
    let off = TestServer::start(b).await;
    let r = as_operator(
        &off,
        reqwest::Method::GET,
        "/api/operator/accounts",
        OPERATOR,
        None,
    )
    .await;
    assert_eq!(r.status, 404, "off without --operator-token: {}", r.text);
    assert!(r.text.contains("operator-token"), "{}", r.text);
    drop(off);

    let t = TestServer::start_with(b, |c| c.operator_token = Some(OPERATOR.into())).await;
    let get = reqwest::Method::GET;
    let post = reqwest::Method::POST;
    assert_eq!(
        as_operator(&t, get.clone(), "/api/operator/accounts", "wrong", None)
            .await
            .status,
        401
    );
    let admin = t.admin_token.clone();
    assert_eq!(
        as_operator(&t, get.clone(), "/api/operator/accounts", &admin, None)
            .await
            .status,
        401,
        "an account admin is not the operator"
    );
    assert_eq!(
        t.call(get.clone(), "/api/operator/accounts", None, None)
            .await
            .status,
        401
    );

    let body = json!({"accountId": "2000", "limits": {"maxFunctions": 1, "accountRateLimit": 3}});
    let c = as_operator(
        &t,
        post.clone(),
        "/api/operator/accounts",
        OPERATOR,
        Some(body.clone()),
    )
    .await;
    assert_eq!(c.status, 201, "{}", c.text);
    assert_eq!(c.body["adminUser"], "admin");
    let password = c.body["adminPassword"].as_str().unwrap().to_owned();
    assert_eq!(c.body["effectiveLimits"]["maxFunctions"], 1);
    assert_eq!(
        c.body["effectiveLimits"]["maxDeployed"], 1,
        "deployed functions follow the functions limit where not overridden"
    );
    let dup = as_operator(
        &t,
        post.clone(),
        "/api/operator/accounts",
        OPERATOR,
        Some(body),
    )
    .await;
    assert_eq!(dup.status, 409, "{}", dup.text);
    let bad = as_operator(
        &t,
        post.clone(),
        "/api/operator/accounts",
        OPERATOR,
        Some(json!({"accountId": "a b"})),
    )
    .await;
    assert_eq!(bad.status, 400);
    assert!(bad.text.contains("accountId"), "{}", bad.text);
    let bad = as_operator(
        &t,
        post.clone(),
        "/api/operator/accounts",
        OPERATOR,
        Some(json!({"accountId": "3000", "limits": {"maxFunctions": -1}})),
    )
    .await;
    assert_eq!(bad.status, 400);
    assert!(bad.text.contains("maxFunctions"), "{}", bad.text);
    let list = as_operator(&t, get.clone(), "/api/operator/accounts", OPERATOR, None).await;
    let ids: Vec<&str> = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["accountId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec!["1000", "2000"],
        "3000 was refused and not created"
    );

    // The new account's admin logs in; its function limit is its own.
    let (status, token) = login(&t, "2000", "admin", &password).await;
    assert_eq!(status, 200);
    let token = token.unwrap();
    let code = "function lambda(i, cb) { cb(null, 1); }";
    let mk =
        |name: &str| json!({"name": name, "description": "d", "implementation": {"code": code}});
    let first = t
        .call(
            post.clone(),
            "/api/account/2000/lambdas",
            Some(&token),
            Some(mk("one")),
        )
        .await;
    assert_eq!(first.status, 201, "{}", first.text);
    let second = t
        .call(
            post.clone(),
            "/api/account/2000/lambdas",
            Some(&token),
            Some(mk("two")),
        )
        .await;
    assert_eq!(second.status, 409, "{}", second.text);
    assert!(second.text.contains("limit is 1"), "{}", second.text);
    let counts = t
        .call(
            get.clone(),
            "/api/account/2000/reports/limitCounts",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(counts.body["limitTotalLambdas"], 1, "{}", counts.text);
    assert_eq!(
        counts.body["invocationsThisMonth"]["total"], 0,
        "{}",
        counts.text
    );
    // Account 1000's token cannot reach 2000.
    assert_eq!(
        t.call(get.clone(), "/api/account/2000/lambdas", Some(&admin), None)
            .await
            .status,
        403
    );

    // Limits change at once.
    let l = as_operator(
        &t,
        reqwest::Method::PUT,
        "/api/operator/accounts/2000/limits",
        OPERATOR,
        Some(json!({"maxFunctions": 2})),
    )
    .await;
    assert_eq!(l.status, 200, "{}", l.text);
    let again = t
        .call(
            post.clone(),
            "/api/account/2000/lambdas",
            Some(&token),
            Some(mk("two")),
        )
        .await;
    assert_eq!(again.status, 201, "{}", again.text);
    let missing = as_operator(
        &t,
        reqwest::Method::PUT,
        "/api/operator/accounts/9/limits",
        OPERATOR,
        Some(json!({})),
    )
    .await;
    assert_eq!(missing.status, 404);
}

async fn user_changes_end_sessions(b: Backend) {
    let t = TestServer::start(b).await;
    let u = t
        .post(
            "users",
            json!({"username": "dev", "password": "dev-password-1", "roles": ["FaaS-Developer"]}),
        )
        .await;
    assert_eq!(u.status, 201, "{}", u.text);
    let (_, dev) = login(&t, "1000", "dev", "dev-password-1").await;
    let dev = dev.unwrap();
    let get = reqwest::Method::GET;
    assert_eq!(
        t.call(get.clone(), "lambdas", Some(&dev), None)
            .await
            .status,
        200
    );

    // Role change: the old token ends; a new login carries the new role.
    let r = t
        .call(
            reqwest::Method::PUT,
            "users/dev",
            Some(&t.admin_token.clone()),
            Some(json!({"roles": ["FaaS-Invocation"]})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["roles"], json!(["FaaS-Invocation"]));
    let old = t.call(get.clone(), "lambdas", Some(&dev), None).await;
    assert_eq!(old.status, 401, "{}", old.text);
    assert!(old.text.contains("log in again"), "{}", old.text);
    let (_, dev) = login(&t, "1000", "dev", "dev-password-1").await;
    let dev = dev.unwrap();
    let write = t.call(reqwest::Method::POST, "lambdas", Some(&dev), Some(json!({"name": "x", "description": "", "implementation": {"code": "function lambda(i,c){c(null,1)}"}}))).await;
    assert_eq!(
        write.status, 403,
        "an Invocation user cannot write: {}",
        write.text
    );

    // Admin reset: old token and old password end.
    let r = t
        .post("users/dev/password", json!({"password": "short"}))
        .await;
    assert_eq!(r.status, 400);
    assert!(
        r.text.contains("password") && r.text.contains('8'),
        "{}",
        r.text
    );
    let r = t
        .post(
            "users/dev/password",
            json!({"password": "reset-password-2"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        t.call(get.clone(), "lambdas", Some(&dev), None)
            .await
            .status,
        401
    );
    assert_eq!(login(&t, "1000", "dev", "dev-password-1").await.0, 401);
    let (_, dev) = login(&t, "1000", "dev", "reset-password-2").await;
    let dev = dev.unwrap();

    // Own change: the current password is checked.
    let wrong = t
        .call(
            reqwest::Method::POST,
            "password",
            Some(&dev),
            Some(json!({"currentPassword": "nope", "newPassword": "mine-password-3"})),
        )
        .await;
    assert_eq!(wrong.status, 400, "{}", wrong.text);
    assert!(wrong.text.contains("currentPassword"), "{}", wrong.text);
    let ok = t
        .call(
            reqwest::Method::POST,
            "password",
            Some(&dev),
            Some(json!({"currentPassword": "reset-password-2", "newPassword": "mine-password-3"})),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert_eq!(
        t.call(get.clone(), "lambdas", Some(&dev), None)
            .await
            .status,
        401
    );
    let (status, dev) = login(&t, "1000", "dev", "mine-password-3").await;
    assert_eq!(status, 200);
    let dev = dev.unwrap();

    // Delete: the token ends, the login fails; the last admin stays.
    assert_eq!(t.delete("users/dev").await.status, 200);
    assert_eq!(
        t.call(get.clone(), "lambdas", Some(&dev), None)
            .await
            .status,
        401
    );
    assert_eq!(login(&t, "1000", "dev", "mine-password-3").await.0, 401);
    assert_eq!(t.delete("users/dev").await.status, 404);
    let last = t.delete("users/admin").await;
    assert_eq!(last.status, 409, "{}", last.text);
    assert!(last.text.contains("last FaaS-Admin"), "{}", last.text);
    let demote = t
        .call(
            reqwest::Method::PUT,
            "users/admin",
            Some(&t.admin_token.clone()),
            Some(json!({"roles": ["FaaS-Developer"]})),
        )
        .await;
    assert_eq!(demote.status, 409, "{}", demote.text);
    assert_eq!(t.get("lambdas").await.status, 200, "the admin is unchanged");
    let acts = t.get("activities?kind=user.").await;
    let kinds: Vec<&str> = acts
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    for k in [
        "user.created",
        "user.role_changed",
        "user.password_reset",
        "user.password_changed",
        "user.deleted",
    ] {
        assert!(kinds.contains(&k), "{k} missing in {kinds:?}");
    }
}

on_both_backends!(
    operator_creates_accounts_with_their_own_limits,
    user_changes_end_sessions
);

/// A user deleted through one node loses their session on the other within its sync interval.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_user_is_refused_by_every_node() {
    let a = TestServer::start(Backend::Postgres).await;
    let (b, _b_dir) = a.second_node(|_| {}).await;
    let b_url = format!("http://{}/api/account/1000/lambdas", b.addr);
    assert_eq!(
        a.post(
            "users",
            json!({"username": "dev", "password": "dev-password-1", "roles": ["FaaS-Developer"]})
        )
        .await
        .status,
        201
    );
    let (_, dev) = login(&a, "1000", "dev", "dev-password-1").await;
    let dev = dev.unwrap();
    let on_b = || async {
        a.http
            .get(&b_url)
            .bearer_auth(&dev)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(on_b().await, 200);
    assert_eq!(a.delete("users/dev").await.status, 200);
    let mut refused = false;
    for _ in 0..50 {
        if on_b().await == 401 {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        refused,
        "node B still accepts the deleted user's token after 5 s"
    );
    b.shutdown().await;
}

/// With enforcement on, the monthly quota answers 429 naming it once used up; reported in
/// `limitCounts` either way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_monthly_quota_is_enforced_when_asked() {
    let t = TestServer::start_with(Backend::Sqlite, |c| {
        c.enforce_invocation_quota = true;
        c.invocations_per_month = 3;
    })
    .await;
    let app = t.app_token().await;
    let uuid = t
        .deploy("counted", "function lambda(i, cb) { cb(null, 1); }")
        .await;
    for _ in 0..3 {
        assert_eq!(t.invoke(&uuid, &app, json!({})).await.status, 200);
    }
    let over = t.invoke(&uuid, &app, json!({})).await;
    assert_eq!(over.status, 429, "{}", over.text);
    assert_eq!(over.body["errorCode"], "com.liveperson.faas.es.ratelimited");
    assert!(
        over.text.contains("quota of 3 invocations this month"),
        "{}",
        over.text
    );
    assert!(over.headers.contains_key("retry-after"));
    let counts = t.get("reports/limitCounts").await;
    assert_eq!(counts.body["invocationLimitPerMonth"], 3);
    assert_eq!(counts.body["invocationLimitEnforced"], true);
}
