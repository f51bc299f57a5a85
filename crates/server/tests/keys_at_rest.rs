//! Keys at rest: the JWT signing key is stored sealed with the master key (a copy of the database
//! alone mints no tokens), a plain key left by an earlier version is sealed without invalidating
//! its tokens, a node with another master key refuses to start, and the SQLite data directory and
//! database are private to the owner.

mod common;
use common::*;
use fnhost_server::{Server, ServerConfig, StartError};
use fnhost_store::testing::TestDb;
use fnhost_store::{Backend, SqlStore, Store};

fn config(db: &TestDb, dir: &std::path::Path, master_key: Option<&str>) -> ServerConfig {
    ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.to_owned(),
        database_url: Some(db.url.clone()),
        bootstrap_password: Some(PASSWORD.into()),
        master_key: master_key.map(str::to_owned),
        ..ServerConfig::default()
    }
}

const KEY_A: &str = "1111111111111111111111111111111111111111111111111111111111111111";
const KEY_B: &str = "2222222222222222222222222222222222222222222222222222222222222222";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_jwt_key_is_sealed_and_needs_the_master_key() {
    let db = TestDb::new(Backend::Postgres).await;
    let dir = std::env::temp_dir().join(format!("fnhost-keys-{}", uuid::Uuid::new_v4().simple()));
    // An installation from before sealing: the key in plain text.
    let store = SqlStore::connect(&db.url).await.unwrap();
    let legacy = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    store.meta_get_or_init("jwt_secret", legacy).await.unwrap();
    let server = Server::start(config(&db, &dir, Some(KEY_A))).await.unwrap();
    assert_eq!(
        store.meta_get("jwt_secret").await.unwrap(),
        None,
        "plain copy gone"
    );
    let sealed = store.meta_get("jwt_key_sealed").await.unwrap().unwrap();
    assert!(
        !sealed.contains(legacy),
        "the stored key is not the plain key"
    );
    // A token signed with the legacy key before the upgrade is still accepted.
    let now = fnhost_model::now_ms() / 1000;
    let token =
        fnhost_server::auth::TokenKeys::new(legacy.as_bytes()).sign(&fnhost_server::auth::Claims {
            iss: fnhost_server::auth::USER_ISSUER.into(),
            sub: "legacy-user".into(),
            aud: "fnhost".into(),
            exp: now + 600,
            iat: now,
            acc: Some("1000".into()),
            roles: vec![fnhost_store::Role::Admin],
            sid: Some("legacy-session".into()),
            name: Some("admin".into()),
            azp: None,
            scope: None,
            generation: 0,
        });
    let res = reqwest::Client::new()
        .get(format!("http://{}/api/account/1000/lambdas", server.addr))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    server.shutdown().await;
    // Another master key cannot open it: the node refuses to start rather than mint new keys.
    match Server::start(config(&db, &dir, Some(KEY_B))).await {
        Err(StartError::JwtKey) => {}
        Err(e) => panic!("unexpected error: {e}"),
        Ok(_) => panic!("a node with another master key started"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sqlite_data_directory_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let t = TestServer::start(Backend::Sqlite).await;
    let dir = &t._dir.0;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(dir), 0o700, "data directory");
    assert_eq!(mode(&dir.join("master.key")), 0o600);
    let db = t.url_of_database_file();
    assert_eq!(mode(std::path::Path::new(&db)), 0o600, "{db}");
}
