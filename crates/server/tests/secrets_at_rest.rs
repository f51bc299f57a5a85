//! Nothing secret is stored as written: after a workflow that creates a user with a password,
//! an OAuth app, a secret value and a session, neither the SQLite files (database, WAL) nor any
//! PostgreSQL table contain a password, client secret, secret value, session id or the JWT
//! signing key in plain text.

mod common;
use common::*;
use fnhost_store::Backend;
use serde_json::{Value, json};

/// Every plaintext that must not be at rest, with what it is.
async fn workflow(t: &TestServer) -> Vec<(&'static str, String)> {
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let password = format!("user-password-{tag}");
    let r = t
        .post(
            "users",
            json!({"username": "scan", "password": password, "roles": ["FaaS-Developer"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let secret_value = format!("secret-value-{tag}");
    let r = t
        .post(
            "secrets",
            json!({"key": "api-token", "value": secret_value}),
        )
        .await;
    assert!(r.status < 300, "{}", r.text);
    let app = t.post("apps", json!({"name": "scan-app"})).await;
    assert_eq!(app.status, 201, "{}", app.text);
    let client_secret = app.body["client_secret"].as_str().unwrap().to_owned();
    // A function reads the secret (and the record writer stores its invocation).
    let uuid = t
        .deploy(
            "reader",
            "const { Toolbelt } = require('lp-faas-toolbelt'); async function lambda(i, cb) { const s = await Toolbelt.SecretClient().readSecret('api-token'); cb(null, s.value.length); }",
        )
        .await;
    let token = t.admin_token.clone();
    let r = t
        .invoke(&uuid, &token, json!({"headers": [], "payload": {}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let login: Value = t
        .http
        .post(t.url("login?v=1.3"))
        .json(&json!({"username": "scan", "password": password}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session_id = login["sessionId"].as_str().unwrap().to_owned();
    vec![
        ("a user's password", password),
        ("the admin's password", PASSWORD.to_owned()),
        ("a secret value", secret_value),
        ("an app's client secret", client_secret),
        ("a session id", session_id),
    ]
}

/// The JWT signing key, opened with the installation's master key.
async fn jwt_key(t: &TestServer) -> String {
    let master = std::fs::read_to_string(t._dir.0.join("master.key")).unwrap();
    let bytes: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&master.trim()[i * 2..i * 2 + 2], 16).unwrap())
        .collect();
    let cipher = fnhost_store::crypto::SecretCipher::new(&bytes.try_into().unwrap());
    let store = fnhost_store::SqlStore::connect(&t_db_url(t)).await.unwrap();
    let sealed = fnhost_store::Store::meta_get(&store, "jwt_key_sealed")
        .await
        .unwrap()
        .unwrap();
    cipher
        .open(&sealed)
        .expect("the master key opens the JWT key")
}

fn t_db_url(t: &TestServer) -> String {
    t.database_url()
}

/// Every byte the store holds: the SQLite files, or every PostgreSQL row as text.
async fn stored_bytes(t: &TestServer, backend: Backend) -> Vec<u8> {
    match backend {
        Backend::Sqlite => {
            let db = t.url_of_database_file();
            let mut all = Vec::new();
            for suffix in ["", "-wal", "-shm", "-journal"] {
                if let Ok(b) = std::fs::read(format!("{db}{suffix}")) {
                    all.extend(b);
                }
            }
            assert!(all.len() > 4096, "the database files were not found");
            all
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&t_db_url(t)).await.unwrap();
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
            )
            .fetch_all(&pool)
            .await
            .unwrap();
            assert!(tables.len() > 10, "tables: {tables:?}");
            let mut all = Vec::new();
            for table in tables {
                let rows: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT t::text FROM \"{table}\" t"))
                        .fetch_all(&pool)
                        .await
                        .unwrap();
                for r in rows {
                    all.extend(r.into_bytes());
                }
            }
            all
        }
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

async fn no_secret_is_stored_in_plain_text(backend: Backend) {
    let mut t = TestServer::start(backend).await;
    let mut plain = workflow(&t).await;
    plain.push(("the JWT signing key", jwt_key(&t).await));
    // Stop the server: every queued record is written, and SQLite checkpoints its WAL.
    t.server.take().unwrap().shutdown().await;
    let stored = stored_bytes(&t, backend).await;
    // The scan can see: the function's name and the secret's key are stored as written.
    assert!(contains(&stored, "reader") && contains(&stored, "api-token"));
    for (what, value) in &plain {
        assert!(!contains(&stored, value), "{what} is stored in plain text");
    }
}

on_both_backends!(no_secret_is_stored_in_plain_text);
