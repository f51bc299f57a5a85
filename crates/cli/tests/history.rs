//! `fnhost history`, `diff`, `rollback`, `activity`, `users …` and `admin accounts …` against a
//! real server: the way a team sees and undoes what happened, and an operator adds an account.

use fnhost_store::Backend;

mod common;
use common::{CliServer, write};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_diff_rollback_activity_and_accounts() {
    let t = CliServer::start(Backend::Sqlite, |c| {
        c.operator_token = Some("op-token".into());
    })
    .await;
    let e = t.env.clone();
    tokio::task::spawn_blocking(move || {
        e.login();
        e.ok(&["init", "greet"]);
        let index = e.proj.join("functions/greet/index.js");
        let v1 = "function lambda(input, callback) {\n  callback(null, 'one');\n}\n";
        write(&index, v1);
        e.ok(&["push", "greet"]);
        e.ok(&["deploy", "greet"]);
        write(&index, &v1.replace("'one'", "'two'"));
        e.ok(&["push", "greet"]);
        e.ok(&["deploy", "greet"]);
        assert!(e.ok(&["invoke", "greet"]).contains("two"));

        let out = e.ok(&["history", "greet"]);
        assert!(
            out.contains("v1") && out.contains("v2") && out.contains("deployed"),
            "{out}"
        );
        assert!(
            out.contains("Deploy Finish") && out.contains("admin"),
            "{out}"
        );
        let out = e.ok(&["diff", "greet", "1", "2"]);
        assert!(
            out.contains("-  callback(null, 'one');") && out.contains("+  callback(null, 'two');"),
            "{out}"
        );
        let out = e.ok(&["diff", "greet", "2", "2"]);
        assert!(out.contains("identical"), "{out}");
        let (_, text) = e.fails(&["diff", "greet", "1", "9"]);
        assert!(text.contains("no version 9"), "{text}");

        let out = e.ok(&["rollback", "greet"]);
        assert!(out.contains("rolled back to v1"), "{out}");
        assert!(
            e.ok(&["invoke", "greet"]).contains("one"),
            "rollback is live"
        );
        e.ok(&["rollback", "greet", "2"]);
        assert!(e.ok(&["invoke", "greet"]).contains("two"));

        let out = e.ok(&["activity", "--function", "greet", "--kind", "deployment."]);
        assert!(
            out.contains("deployment.rolledback") && out.contains("deployment.succeeded"),
            "{out}"
        );
        assert!(!out.contains("lambda.updated"), "filtered by kind: {out}");
        let json: serde_json::Value =
            serde_json::from_str(&e.ok(&["activity", "--since", "1h", "-o", "json"])).unwrap();
        assert!(json.as_array().unwrap().len() >= 8, "{json}");

        // Latency percentiles per function (test invocations are not recorded: no samples yet).
        let out = e.ok(&["get", "latency"]);
        assert!(out.contains("P95") && out.contains("greet"), "{out}");

        // Users: create, role, reset, delete.
        e.ok(&[
            "users",
            "create",
            "dev",
            "--password",
            "dev-password",
            "--role",
            "FaaS-Developer",
        ]);
        let out = e.ok(&["users", "role", "dev", "--role", "FaaS-Invocation"]);
        assert!(out.contains("FaaS-Invocation"), "{out}");
        e.ok(&[
            "users",
            "reset-password",
            "dev",
            "--password",
            "another-password",
        ]);
        let out = e.ok(&["users", "list"]);
        assert!(
            out.contains("dev") && out.contains("FaaS-Invocation"),
            "{out}"
        );
        e.ok(&["users", "delete", "dev"]);
        assert!(!e.ok(&["users", "list"]).contains("dev "));
        let (_, text) = e.fails(&["users", "delete", "admin"]);
        assert!(text.contains("last FaaS-Admin"), "{text}");

        // The operator adds an account; its admin logs in with the printed password.
        let (_, text) = e.fails(&["admin", "accounts", "list", "--operator-token", "wrong"]);
        assert!(text.contains("not valid"), "{text}");
        let out = e.ok(&[
            "admin",
            "accounts",
            "create",
            "2000",
            "--operator-token",
            "op-token",
            "--max-functions",
            "3",
        ]);
        let password = out
            .lines()
            .find_map(|l| l.strip_prefix("admin password: "))
            .and_then(|l| l.split_whitespace().next())
            .unwrap_or_else(|| panic!("no password printed: {out}"))
            .to_owned();
        assert!(out.contains("functions 3"), "{out}");
        let out = e.ok(&["admin", "accounts", "list", "--operator-token", "op-token"]);
        assert!(out.contains("1000") && out.contains("2000"), "{out}");
        e.ok(&[
            "login", "--server", &e.server, "-a", "2000", "-u", "admin", "-p", &password,
        ]);
        let out = e.ok(&[
            "admin",
            "accounts",
            "limits",
            "2000",
            "--operator-token",
            "op-token",
            "--max-deployed",
            "1",
        ]);
        assert!(
            out.contains("deployed 1") && out.contains("functions 50"),
            "unset limits return to the default: {out}"
        );
    })
    .await
    .unwrap();
    t.stop().await;
}
