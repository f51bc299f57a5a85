//! The `fnhost` CLI through the whole loop — login, init, push, deploy, invoke (remote and local),
//! logs, get, apps, users, undeploy — against a real server, on SQLite and PostgreSQL.

use fnhost_server::{Server, ServerConfig};
use fnhost_store::Backend;
use fnhost_store::testing::TestDb;
use std::process::Command;

mod common;
use common::{Env, write};

async fn workflow(backend: Backend) {
    let db = TestDb::new(backend).await;
    let dir = std::env::temp_dir().join(format!("fnhost-cli-{}", uuid::Uuid::new_v4().simple()));
    let mut config = ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.join("data"),
        database_url: Some(db.url.clone()),
        bootstrap_password: Some("cli-password".into()),
        ..ServerConfig::default()
    };
    config.limits.timeout_ms = 1_000;
    let server = Server::start(config).await.unwrap();
    let env = Env {
        server: format!("http://{}", server.addr),
        home: dir.join("home"),
        proj: dir.join("proj"),
    };
    std::fs::create_dir_all(&env.proj).unwrap();
    let e = &env;
    let srv = e.server.clone();
    let work = tokio::task::spawn_blocking({
        let e = Env {
            server: e.server.clone(),
            home: e.home.clone(),
            proj: e.proj.clone(),
        };
        move || {
            // Not logged in yet: a clear usage error.
            let (code, text) =
                e.fails(&["get", "functions", "--server", &srv, "--account", "1000"]);
            assert_eq!(code, 2);
            assert!(text.contains("fnhost login"), "{text}");
            let (code, _) = e.fails(&[
                "login", "--server", &srv, "-a", "1000", "-u", "admin", "-p", "wrong",
            ]);
            assert_eq!(code, 1);
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
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(e.home.join("credentials.json"))
                    .unwrap()
                    .permissions()
                    .mode();
                assert_eq!(mode & 0o777, 0o600);
            }
            e.ok(&["init", "hello"]);
            assert!(
                e.proj.join("functions/hello/index.js").exists()
                    && e.proj.join("functions/settings.json").exists()
            );
            write(
                &e.proj.join("functions/hello/index.js"),
                "function lambda(input, callback) {\n  console.info('greeting', input.payload);\n  callback(null, { hello: input.payload.name || 'world', env: process.env.MODE });\n}\n",
            );
            let cfg = r#"{"name":"hello","event":null,"description":"says hello","input":{"headers":[],"payload":{"name":"fnhost"}},"environmentVariables":[{"key":"MODE","value":"test"}]}"#;
            write(&e.proj.join("functions/hello/config.json"), cfg);
            assert!(e.ok(&["push", "hello"]).contains("hello: created"));
            assert!(e.ok(&["push", "hello"]).contains("hello: unchanged"));
            let out = e.ok(&["deploy", "hello"]);
            assert!(out.contains("hello deployed"), "{out}");
            let out = e.ok(&["invoke", "hello"]);
            assert!(
                out.contains("\"hello\": \"fnhost\"")
                    && out.contains("\"env\": \"test\"")
                    && out.contains("[Info] greeting"),
                "{out}"
            );
            let json: serde_json::Value = serde_json::from_str(&e.ok(&[
                "invoke",
                "hello",
                "--payload",
                r#"{"name":"json"}"#,
                "-o",
                "json",
            ]))
            .unwrap();
            assert_eq!(json["result"]["hello"], "json");
            // Local mode: no server involved, same result.
            let out = e.ok(&["invoke", "hello", "--local"]);
            assert!(out.contains("\"hello\": \"fnhost\""), "{out}");
            // Asynchronous: the id at once, then the result by id.
            let id = e.ok(&["invoke", "hello", "--async"]).trim().to_owned();
            assert_eq!(id.len(), 36, "{id}");
            let mut state = serde_json::Value::Null;
            for _ in 0..100 {
                state = serde_json::from_str(&e.ok(&["invocations", "get", &id, "-o", "json"]))
                    .unwrap();
                if state["state"] == "succeeded" {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            assert_eq!(state["result"]["hello"], "fnhost", "{state}");
            let out = e.ok(&["invocations", "list", "--function", "hello"]);
            assert!(out.contains(&id) && out.contains("succeeded"), "{out}");
            assert!(e.ok(&["deadletters", "list"]).contains("No dead letters."));
            // Schedules with a payload: create, list, update, delete.
            let s: serde_json::Value = serde_json::from_str(&e.ok(&[
                "schedules",
                "create",
                "hello",
                "*/5 * * * *",
                "--payload",
                r#"{"name":"cron"}"#,
                "-o",
                "json",
            ]))
            .unwrap();
            let sid = s["uuid"].as_str().unwrap().to_owned();
            assert_eq!(s["payload"]["name"], "cron");
            let out = e.ok(&["schedules", "list"]);
            assert!(
                out.contains(&sid) && out.contains("*/5 * * * *") && out.contains("never ran"),
                "{out}"
            );
            let out = e.ok(&[
                "schedules",
                "update",
                &sid,
                "--cron",
                "0 4 * * *",
                "--pause",
            ]);
            assert!(out.contains("0 4 * * *") && out.contains("paused"), "{out}");
            let (code, text) = e.fails(&["schedules", "update", &sid, "--cron", "nope"]);
            assert!(code != 0 && text.contains("cronExpression"), "{text}");
            e.ok(&["schedules", "delete", &sid]);
            assert!(e.ok(&["schedules", "list"]).contains("No schedules."));
            // A failing function: non-zero exit, the code explained, the limit named.
            write(
                &e.proj.join("functions/hello/index.js"),
                "function lambda(input, callback) { }\n",
            );
            e.ok(&["push", "hello"]);
            e.ok(&["deploy", "hello"]);
            let (code, text) = e.fails(&["invoke", "hello"]);
            assert_eq!(code, 1);
            assert!(
                text.contains("executiontime-exceeded")
                    && text.contains("1000 ms")
                    && text.contains("missing callback"),
                "{text}"
            );
            // Invalid code is refused at push with line and column.
            write(
                &e.proj.join("functions/hello/index.js"),
                "function lambda(input, callback) {\n  callback(null, ;\n}\n",
            );
            let (_, text) = e.fails(&["push", "hello"]);
            assert!(
                text.contains("contract-error") && text.contains("line 2"),
                "{text}"
            );
            // Apps and users.
            let app: serde_json::Value =
                serde_json::from_str(&e.ok(&["apps", "create", "external", "-o", "json"])).unwrap();
            assert!(app["client_secret"].as_str().unwrap().len() >= 32);
            e.ok(&[
                "users",
                "create",
                "dev",
                "--password",
                "dev-password",
                "--role",
                "FaaS-Developer",
            ]);
            let out = e.ok(&["get", "functions"]);
            assert!(out.contains("hello") && out.contains("Productive"), "{out}");
            let out = e.ok(&["get", "account"]);
            assert!(out.contains("1 of 50"), "{out}");
            e.ok(&["get", "events"]);
            e.ok(&["logs", "hello", "--start", "1h"]);
            let out = e.ok(&["undeploy", "hello"]);
            assert!(out.contains("undeployed"), "{out}");
            // Pull brings the server version back.
            std::fs::remove_dir_all(e.proj.join("functions/hello")).unwrap();
            e.ok(&["pull", "hello"]);
            assert!(
                std::fs::read_to_string(e.proj.join("functions/hello/index.js"))
                    .unwrap()
                    .contains("function lambda")
            );
            e.ok(&["logout"]);
        }
    });
    work.await.unwrap();
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workflow_on_sqlite() {
    workflow(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workflow_on_postgres() {
    workflow(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_invoke_uses_settings_secrets_and_whitelist() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            let mut buf = vec![0u8; 4096];
            let _ = s.read(&mut buf).await;
            let body = r#"{"pong":true}"#;
            let _ = s
                .write_all(
                    format!(
                        "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    )
                    .as_bytes(),
                )
                .await;
        }
    });
    let dir = std::env::temp_dir().join(format!("fnhost-local-{}", uuid::Uuid::new_v4().simple()));
    let f = dir.join("functions/probe");
    std::fs::create_dir_all(&f).unwrap();
    std::fs::write(
        dir.join("functions/settings.json"),
        r#"{"secrets":[{"key":"token","value":"s3cret"}],"whitelist":["localhost"]}"#,
    )
    .unwrap();
    std::fs::write(f.join("config.json"), r#"{"name":"probe","event":null,"description":"","input":{"headers":[],"payload":{}},"environmentVariables":[{"key":"MODE","value":"local"}]}"#).unwrap();
    let code = format!(
        "const {{ Toolbelt }} = require('lp-faas-toolbelt'); const http = Toolbelt.HTTPClient(); const secrets = Toolbelt.SecretClient();\n\
         async function lambda(i, cb) {{\n\
           const ok = await http({{ uri: 'http://localhost:{port}/ping', json: true }});\n\
           const denied = await http({{ uri: 'http://127.0.0.1:{port}/ping', simple: false, resolveWithFullResponse: true }});\n\
           cb(null, {{ ok, denied: denied.statusCode, secret: (await secrets.readSecret('token')).value, mode: process.env.MODE }});\n\
         }}"
    );
    std::fs::write(f.join("index.js"), code).unwrap();
    let out = tokio::task::spawn_blocking(move || {
        let out = Command::new(env!("CARGO_BIN_EXE_fnhost"))
            .args(["invoke", "probe", "--local", "-o", "json"])
            .current_dir(&dir)
            .env("FNHOST_HOME", dir.join("home"))
            .output()
            .unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        out
    })
    .await
    .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v["result"],
        serde_json::json!({"ok": {"pong": true}, "denied": 403, "secret": "s3cret", "mode": "local"})
    );
}
