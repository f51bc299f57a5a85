//! `fnhost allowlist list|add|remove` and `fnhost secrets list|set|delete` against a real server:
//! domains added show up in the list and are removed by name or by id; a secret is created, its
//! value replaced (functions read the new one) and deleted; bad input fails with a message.

use fnhost_store::Backend;

mod common;
use common::CliServer;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allowlist_add_list_remove() {
    let t = CliServer::start(Backend::Sqlite, |_| {}).await;
    let e = t.env.clone();
    tokio::task::spawn_blocking(move || {
        e.login();
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
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_set_update_list_delete() {
    let t = CliServer::start(Backend::Sqlite, |_| {}).await;
    let e = t.env.clone();
    tokio::task::spawn_blocking(move || {
        e.login();
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
        // The LivePerson app key LpClient signs with: only in the shape the toolbelt reads.
        let app_key = r#"{"consumerKey":"k","consumerSecret":"s","token":"t","tokenSecret":"ts"}"#;
        let out = e.ok(&["secrets", "set", "lp-faas-default-app-key", app_key]);
        assert!(out.contains("lp-faas-default-app-key"), "{out}");
        let (_, text) = e.fails(&["secrets", "set", "lp-faas-default-app-key", "not-json"]);
        assert!(text.contains("missing: consumerKey"), "{text}");
        let out = e.ok(&["secrets", "delete", "api_key"]);
        assert!(out.contains("deleted secret api_key"), "{out}");
        assert!(e.ok(&["invoke", "reader"]).contains("missing"));
        let (_, text) = e.fails(&["secrets", "delete", "api_key"]);
        assert!(text.contains("no secret `api_key`"), "{text}");
    })
    .await
    .unwrap();
    t.stop().await;
}
