//! JWT key rotation: after `rotate-jwt-key` a running node signs with the new key within its
//! sync interval, still accepts tokens of the old key for one token lifetime, and refuses them
//! at once after a rotation that revokes old tokens (a leaked key).

mod common;
use common::*;
use fnhost_store::Backend;
use serde_json::Value;
use std::time::Duration;

async fn login(t: &TestServer) -> String {
    let v: Value = t
        .http
        .post(t.url("login?v=1.3"))
        .json(&serde_json::json!({"username": "admin", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["bearer"].as_str().unwrap().to_owned()
}

async fn status_with(t: &TestServer, token: &str) -> u16 {
    t.call(reqwest::Method::GET, "lambdas", Some(token), None)
        .await
        .status
}

/// Waits until the node put a rotated key in force, then logs in.
async fn login_after_sync(t: &TestServer, version_before: &str) -> String {
    let keys = &t.server.as_ref().unwrap().state.keys;
    for _ in 0..100 {
        if keys.version() != version_before {
            return login(t).await;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the node never switched keys");
}

fn version(t: &TestServer) -> String {
    t.server.as_ref().unwrap().state.keys.version()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotation_keeps_old_tokens_for_one_lifetime_unless_revoked() {
    let mut config = None;
    let t = TestServer::start_with(Backend::Sqlite, |c| {
        c.sync_interval_ms = 100;
        config = Some(c.clone());
    })
    .await;
    let config = config.unwrap();
    let old = t.admin_token.clone();
    assert_eq!(status_with(&t, &old).await, 200);

    let before = version(&t);
    let until = fnhost_server::state::rotate_jwt_key(&config, false)
        .await
        .unwrap();
    let lifetime = config.session_ttl_secs.max(config.app_token_ttl_secs) as i64 * 1000;
    assert!((until - fnhost_server::now_ms() - lifetime).abs() < 60_000);
    let new = login_after_sync(&t, &before).await;
    assert_eq!(status_with(&t, &new).await, 200, "new key");
    assert_eq!(
        status_with(&t, &old).await,
        200,
        "old key within its lifetime"
    );
    // A token signed with neither key is refused.
    let forged = fnhost_server::auth::TokenKeys::new(b"guess").sign(&fnhost_server::auth::Claims {
        iss: fnhost_server::auth::USER_ISSUER.into(),
        sub: "x".into(),
        aud: "fnhost".into(),
        exp: fnhost_server::now_ms() / 1000 + 600,
        iat: fnhost_server::now_ms() / 1000,
        acc: Some("1000".into()),
        roles: vec![fnhost_store::Role::Admin],
        sid: None,
        name: Some("admin".into()),
        azp: None,
        scope: None,
        generation: 0,
    });
    assert_eq!(status_with(&t, &forged).await, 401);

    // A second rotation within the first one's grace keeps both older keys' tokens valid.
    let before = version(&t);
    fnhost_server::state::rotate_jwt_key(&config, false)
        .await
        .unwrap();
    let newer = login_after_sync(&t, &before).await;
    for (what, token) in [
        ("newest", &newer),
        ("previous", &new),
        ("two rotations ago", &old),
    ] {
        assert_eq!(status_with(&t, token).await, 200, "{what}");
    }

    // The key leaked: rotate again and revoke everything signed before.
    let before = version(&t);
    fnhost_server::state::rotate_jwt_key(&config, true)
        .await
        .unwrap();
    let newest = login_after_sync(&t, &before).await;
    assert_eq!(status_with(&t, &newest).await, 200);
    assert_eq!(status_with(&t, &new).await, 401, "revoked at once");
    assert_eq!(status_with(&t, &old).await, 401, "three rotations ago");
    assert_eq!(status_with(&t, &newer).await, 401, "revoked at once");
}
