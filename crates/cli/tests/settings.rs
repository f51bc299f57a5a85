//! `fnhost allowlist list|add|remove` and `fnhost secrets list|set|delete` against a real server:
//! domains added show up in the list and are removed by name or by id; a secret is created, its
//! value replaced (functions read the new one) and deleted; bad input fails with a message.

use fnhost_server::{Server, ServerConfig};
use fnhost_store::Backend;
use fnhost_store::testing::TestDb;

mod common;
use common::Env;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allowlist_add_list_remove() {
    let db = TestDb::new(Backend::Sqlite).await;
    let dir = std::env::temp_dir().join(format!("fnhost-cli-a-{}", uuid::Uuid::new_v4().simple()));
    let config = ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.join("data"),
        database_url: Some(db.url.clone()),
        bootstrap_password: Some("cli-password".into()),
        ..ServerConfig::default()
    };
    let server = Server::start(config).await.unwrap();
    let e = Env {
        server: format!("http://{}", server.addr),
        home: dir.join("home"),
        proj: dir.join("proj"),
    };
    std::fs::create_dir_all(&e.proj).unwrap();
    tokio::task::spawn_blocking(move || {
        let srv = e.server.clone();
        e.ok(&[
            "login",
            "--server",
            &srv,
            "-a",
            "1000",
            "-u",
            "admin",
            "-p",
            "cli-password",
        ]);
        let out = e.ok(&["allowlist", "list"]);
        assert!(out.contains("No domains"), "{out}");

        let out = e.ok(&["allowlist", "add", "API.example.com", "*.example.org"]);
        assert!(
            out.contains("allowed api.example.com") && out.contains("allowed *.example.org"),
            "{out}"
        );
        let (code, text) = e.fails(&["allowlist", "add", "not a domain"]);
        assert_eq!(code, 1, "{text}");
        assert!(text.contains("is not a valid domain"), "{text}");

        let listed: serde_json::Value =
            serde_json::from_str(&e.ok(&["allowlist", "list", "-o", "json"])).unwrap();
        let domains: Vec<&str> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["domain"].as_str().unwrap())
            .collect();
        assert_eq!(domains, ["api.example.com", "*.example.org"]);
        let org_id = listed[1]["id"].as_i64().unwrap().to_string();
        let out = e.ok(&["allowlist", "list"]);
        assert!(
            out.contains("api.example.com") && out.contains(&org_id),
            "{out}"
        );

        let out = e.ok(&["allowlist", "remove", "api.example.com"]);
        assert!(out.contains("removed api.example.com"), "{out}");
        let out = e.ok(&["allowlist", "remove", &org_id]);
        assert!(out.contains("removed *.example.org"), "{out}");
        let (code, text) = e.fails(&["allowlist", "remove", "api.example.com"]);
        assert_eq!(code, 2, "{text}");
        assert!(text.contains("is not on the allowlist"), "{text}");
        let out = e.ok(&["allowlist", "list", "-o", "json"]);
        assert_eq!(out.trim(), "[]", "{out}");

        // The activity stream records both changes, as the console's do.
        let out = e.ok(&["activity"]);
        assert!(out.contains("api.example.com"), "{out}");
    })
    .await
    .unwrap();
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_set_update_list_delete() {
    let db = TestDb::new(Backend::Sqlite).await;
    let dir = std::env::temp_dir().join(format!("fnhost-cli-s-{}", uuid::Uuid::new_v4().simple()));
    let config = ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.join("data"),
        database_url: Some(db.url.clone()),
        bootstrap_password: Some("cli-password".into()),
        ..ServerConfig::default()
    };
    let server = Server::start(config).await.unwrap();
    let e = Env {
        server: format!("http://{}", server.addr),
        home: dir.join("home"),
        proj: dir.join("proj"),
    };
    std::fs::create_dir_all(&e.proj).unwrap();
    tokio::task::spawn_blocking(move || {
        let srv = e.server.clone();
        e.ok(&[
            "login", "--server", &srv, "-a", "1000", "-u", "admin", "-p", "cli-password",
        ]);
        // A function that answers the secret's value, to see what functions read.
        e.ok(&["init", "reader"]);
        let code = "const { Toolbelt } = require('lp-faas-toolbelt');\nasync function lambda(input, callback) {\n  try { callback(null, (await Toolbelt.SecretClient().readSecret('api_key')).value); } catch (e) { callback(null, 'missing'); }\n}\n";
        common::write(&e.proj.join("functions/reader/index.js"), code);
        e.ok(&["push", "reader"]);
        e.ok(&["deploy", "reader"]);

        assert!(e.ok(&["secrets", "list"]).contains("No secrets"));
        let out = e.ok(&["secrets", "set", "api_key", "first-value"]);
        assert!(out.contains("created secret api_key"), "{out}");
        assert!(e.ok(&["invoke", "reader"]).contains("first-value"));
        let out = e.ok(&["secrets", "set", "api_key", "second-value"]);
        assert!(out.contains("updated secret api_key"), "{out}");
        assert!(e.ok(&["invoke", "reader"]).contains("second-value"));
        let out = e.ok(&["secrets", "list"]);
        assert!(
            out.contains("api_key") && !out.contains("second-value"),
            "keys only: {out}"
        );
        let (_, text) = e.fails(&["secrets", "set", "bad key", "x"]);
        assert!(text.contains("field `key`"), "{text}");
        let out = e.ok(&["secrets", "delete", "api_key"]);
        assert!(out.contains("deleted secret api_key"), "{out}");
        assert!(e.ok(&["invoke", "reader"]).contains("missing"));
        let (_, text) = e.fails(&["secrets", "delete", "api_key"]);
        assert!(text.contains("no secret `api_key`"), "{text}");
    })
    .await
    .unwrap();
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}
