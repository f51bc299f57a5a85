//! What callers with the least privilege can read: an OAuth app (or an Invocation-role user)
//! lists and finds functions as `getLambdas` needs, but never sees their code, environment
//! values or sample payloads; admins and developers still do.

mod common;
use common::*;
use fnhost_store::Backend;
use serde_json::json;

const CODE: &str = "function lambda(i, cb) { cb(null, process.env.API_KEY); }";
const ENV_SECRET: &str = "sk_live_do_not_leak_41f8";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apps_and_invokers_do_not_read_code_or_environment_values() {
    let t = TestServer::start(Backend::Sqlite).await;
    let r = t
        .post(
            "lambdas",
            json!({"name": "payments", "description": "d", "samplePayload": {"headers": [], "payload": {"card": "4111"}},
                   "implementation": {"code": CODE, "environmentVariables": [{"key": "API_KEY", "value": ENV_SECRET}]}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let uuid = r.body["uuid"].as_str().unwrap().to_owned();
    t.deploy_uuid(&uuid).await;

    // The admin (a developer too) sees everything.
    let full = t.get("lambdas").await;
    assert!(full.text.contains(ENV_SECRET) && full.text.contains("process.env.API_KEY"));

    // An invocation-role user.
    let u = t
        .post("users", json!({"username": "bot", "password": "a-long-password-1", "roles": ["FaaS-Invocation"]}))
        .await;
    assert!(u.status < 300, "{}", u.text);
    let res: serde_json::Value = t
        .http
        .post(t.url("login?v=1.3"))
        .json(&json!({"username": "bot", "password": "a-long-password-1"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let invoker = res["bearer"].as_str().unwrap_or_default().to_owned();
    let app = t.app_token().await;

    for (who, token) in [("app", app.as_str()), ("invocation user", invoker.as_str())] {
        assert!(!token.is_empty(), "{who}: no token ({res})");
        for path in [
            "lambdas".to_owned(),
            "lambdas/".to_owned(),
            "functions".to_owned(),
            "lambdas?name=payments".to_owned(),
            format!("lambdas/{uuid}"),
        ] {
            let r = t.call(reqwest::Method::GET, &path, Some(token), None).await;
            assert_eq!(r.status, 200, "{who} GET {path}: {}", r.text);
            assert!(
                !r.text.contains(ENV_SECRET),
                "{who} GET {path} leaks an env value: {}",
                r.text
            );
            assert!(
                !r.text.contains("process.env"),
                "{who} GET {path} leaks the code: {}",
                r.text
            );
            assert!(
                !r.text.contains("4111"),
                "{who} GET {path} leaks the sample payload"
            );
            // What getLambdas needs is still there.
            assert_eq!(r.body[0]["uuid"], uuid.as_str(), "{who} GET {path}");
            assert_eq!(r.body[0]["name"], "payments");
            assert_eq!(r.body[0]["state"], "Productive");
        }
        // And they can still invoke it.
        let r = t
            .invoke(&uuid, token, json!({"headers": [], "payload": {}}))
            .await;
        assert_eq!(r.status, 200, "{who} invoke: {}", r.text);
    }
}
