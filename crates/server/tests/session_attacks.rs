//! Small abuse cases from the security review: a session cookie without its CSRF token does not
//! refresh the session; an app revoked before a restart is refused by the restarted node's first
//! request; a cron expression that never fires is refused instead of stored with no next run.

mod common;
use common::*;
use fnhost_store::Backend;
use serde_json::{Value, json};

async fn login(t: &TestServer) -> Value {
    t.http
        .post(t.url("login?v=1.3"))
        .json(&json!({"username": "admin", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn refresh(t: &TestServer, session: &str, body: Option<Value>) -> u16 {
    let mut req = t
        .http
        .post(t.url("refresh"))
        .header("cookie", format!("session_id={session}"));
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap().status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_needs_the_csrf_token() {
    let t = TestServer::start(Backend::Sqlite).await;
    let l = login(&t).await;
    let (sid, csrf) = (
        l["sessionId"].as_str().unwrap(),
        l["csrf"].as_str().unwrap(),
    );
    assert_eq!(refresh(&t, sid, Some(json!({"csrf": csrf}))).await, 200);
    assert_eq!(refresh(&t, sid, None).await, 401, "cookie alone");
    assert_eq!(
        refresh(&t, sid, Some(json!({}))).await,
        401,
        "no csrf field"
    );
    assert_eq!(
        refresh(&t, sid, Some(json!({"csrf": "guess"}))).await,
        401,
        "wrong csrf"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_app_revoked_before_a_restart_is_refused_at_once() {
    let db = fnhost_store::testing::TestDb::new(Backend::Sqlite).await;
    let url = db.url.clone();
    let dir = std::env::temp_dir().join(format!("fnhost-revoke-{}", uuid::Uuid::new_v4().simple()));
    let config = |c: &mut fnhost_server::ServerConfig| {
        c.data_dir = dir.clone();
        // No sync round can run before the first request.
        c.sync_interval_ms = 3_600_000;
    };
    let mut t = TestServer::start_on(db, config).await;
    let uuid = t
        .deploy("echo", "function lambda(i, cb) { cb(null, 1); }")
        .await;
    let app = t.app_token().await;
    assert_eq!(t.invoke(&uuid, &app, json!({})).await.status, 200);
    let apps = t.get("apps").await;
    let client_id = apps.body[0]["client_id"].as_str().unwrap().to_owned();
    // Revoke in the store only (as another node would), then restart this node.
    let st = &t.server.as_ref().unwrap().state;
    st.store.revoke_app("1000", &client_id).await.unwrap();
    t.server.take().unwrap().shutdown().await;
    let mut c = fnhost_server::ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url: Some(url),
        bootstrap_password: Some(PASSWORD.into()),
        ..Default::default()
    };
    config(&mut c);
    let server = fnhost_server::Server::start(c).await.unwrap();
    let res = t
        .http
        .post(format!(
            "http://{}/api/account/1000/lambdas/{uuid}/invoke?v=1",
            server.addr
        ))
        .bearer_auth(&app)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "the revoked app's token is refused");
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cron_that_never_fires_is_refused() {
    let t = TestServer::start(Backend::Sqlite).await;
    let uuid = t
        .deploy("cron", "function lambda(i, cb) { cb(null, 1); }")
        .await;
    let r = t
        .post(
            "schedules",
            json!({"lambdaUUID": uuid, "cronExpression": "0 0 31 2 *", "isActive": true}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.text.contains("never fires"), "{}", r.text);
    assert_eq!(
        t.get("schedules").await.body.as_array().map(Vec::len),
        Some(0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_guessing_is_throttled_per_user_and_per_app() {
    let t = TestServer::start(Backend::Sqlite).await;
    let r = t
        .post(
            "users",
            json!({"username": "other", "password": "other-password-1", "roles": ["Admin"]}),
        )
        .await;
    assert!(r.status < 300, "{}", r.text);
    let attempt = |user: &'static str, password: &'static str| {
        let (http, url) = (t.http.clone(), t.url("login?v=1.3"));
        async move {
            let res = http
                .post(url)
                .json(&json!({"username": user, "password": password}))
                .send()
                .await
                .unwrap();
            let retry = res.headers().get("retry-after").cloned();
            (res.status().as_u16(), retry)
        }
    };
    for _ in 0..fnhost_server::throttle::MAX_FAILURES_PER_KEY {
        assert_eq!(attempt("admin", "wrong").await.0, 401);
    }
    // Locked out now, even with the right password; the answer says when to come back.
    let (status, retry) = attempt("admin", PASSWORD).await;
    assert_eq!(status, 429);
    let secs: u64 = retry.unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=30).contains(&secs), "{secs}");
    // Another user from the same source is not locked out by admin's failures.
    assert_eq!(attempt("other", "other-password-1").await.0, 200);

    // Client credentials: the same for an app's secret.
    let app = t.post("apps", json!({"name": "guess"})).await;
    let id = app.body["client_id"].as_str().unwrap().to_owned();
    let grant = |secret: String| {
        let (http, url) = (
            t.http.clone(),
            t.url("/sentinel/api/account/1000/app/token?v=2.0"),
        );
        let form = format!("grant_type=client_credentials&client_id={id}&client_secret={secret}");
        async move {
            http.post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    for _ in 0..fnhost_server::throttle::MAX_FAILURES_PER_KEY {
        assert_eq!(grant("nope".into()).await, 401);
    }
    let right = app.body["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(grant(right).await, 429);
}
