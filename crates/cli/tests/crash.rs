//! `fnhost serve` as a real process that is stopped the hard ways, on SQLite and PostgreSQL:
//! - SIGTERM after a burst of invocations: every invocation answered 200 has its record after the
//!   restart (the shutdown drains requests, then flushes the record queue).
//! - `kill -9` (an injected abort) at each step of a deploy and an undeploy: after a restart the
//!   function reaches a consistent state on its own and can be deployed again.

use fnhost_store::Backend;
use fnhost_store::testing::TestDb;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "crash-password";

struct Node {
    child: Child,
    base: String,
    http: reqwest::Client,
    token: String,
}

/// Starts `fnhost serve` on an ephemeral port; `fault` is an injected crash point.
async fn start(data_dir: &Path, db_url: &str, fault: Option<&str>) -> Node {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fnhost"));
    cmd.arg("serve")
        .env("FNHOST_LISTEN", "127.0.0.1:0")
        .env("FNHOST_DATA_DIR", data_dir)
        .env("FNHOST_DATABASE_URL", db_url)
        .env("FNHOST_BOOTSTRAP_PASSWORD", PASSWORD)
        .env("FNHOST_INVOKE_TIMEOUT_MS", "2000")
        .env("FNHOST_LOG", "warn")
        .env_remove("FNHOST_FAULT_INJECTION")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if let Some(f) = fault {
        cmd.env("FNHOST_FAULT_INJECTION", f);
    }
    let mut child = cmd.spawn().expect("fnhost starts");
    let stdout = child.stdout.take().unwrap();
    // Read stdout to its end on a thread of its own (the server must never meet a closed pipe),
    // handing over the address it announces.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("listening on ").nth(1) {
                let _ = tx.send(
                    rest.split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                );
            }
        }
    });
    let base = tokio::task::spawn_blocking(move || {
        rx.recv_timeout(Duration::from_secs(60))
            .expect("fnhost announces its address")
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let login: Value = http
        .post(format!("{base}/api/account/1000/login?v=1.3"))
        .json(&json!({"username": "admin", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["bearer"].as_str().expect("login works").to_owned();
    Node {
        child,
        base,
        http,
        token,
    }
}

impl Node {
    fn url(&self, path: &str) -> String {
        format!("{}/api/account/1000/{path}", self.base)
    }
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request sent");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }
    /// Sends a request that the process may die during; the answer (if any) is ignored.
    async fn fire(&self, method: reqwest::Method, path: &str) {
        let req = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token);
        let _ = tokio::time::timeout(Duration::from_secs(10), req.send()).await;
    }
    async fn state(&self, uuid: &str) -> String {
        let (_, l) = self
            .call(reqwest::Method::GET, &format!("lambdas/{uuid}"), None)
            .await;
        l[0]["state"].as_str().unwrap_or_default().to_owned()
    }
    /// Waits (bounded) until the function is in `state`.
    async fn wait_state(&self, uuid: &str, state: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let now = self.state(uuid).await;
            if now == state {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{uuid} stayed {now}, expected {state}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    async fn create(&self, name: &str) -> String {
        let (status, body) = self
            .call(
                reqwest::Method::POST,
                "lambdas",
                Some(
                    json!({"name": name, "description": "d", "implementation": {"code":
                    "function lambda(input, callback) { callback(null, input.payload); }"}}),
                ),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        body["uuid"].as_str().unwrap().to_owned()
    }
    async fn deploy(&self, uuid: &str) -> u16 {
        self.call(reqwest::Method::POST, &format!("deployments/{uuid}"), None)
            .await
            .0
    }
    /// Sends SIGTERM and waits for the exit.
    fn terminate(mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let exit = self.child.wait().unwrap();
        assert!(exit.success(), "a SIGTERM exit is clean: {exit:?}");
    }
    /// Waits for the process to die by itself (an injected fault).
    fn wait_dead(mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(exit) = self.child.try_wait().unwrap() {
                assert!(!exit.success(), "the injected fault aborts");
                return;
            }
            assert!(Instant::now() < deadline, "the injected fault did not fire");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn temp_dir() -> PathBuf {
    std::env::temp_dir().join(format!("fnhost-crash-{}", uuid::Uuid::new_v4().simple()))
}

async fn app_token(n: &Node) -> String {
    let (status, app) = n
        .call(reqwest::Method::POST, "apps", Some(json!({"name": "load"})))
        .await;
    assert_eq!(status, 201);
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        app["client_id"].as_str().unwrap(),
        app["client_secret"].as_str().unwrap()
    );
    let v: Value = n
        .http
        .post(format!(
            "{}/sentinel/api/account/1000/app/token?v=2.0",
            n.base
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["access_token"].as_str().unwrap().to_owned()
}

async fn sigterm_keeps_every_answered_record(backend: Backend) {
    let db = TestDb::new(backend).await;
    let dir = temp_dir();
    let n = start(&dir, &db.url, None).await;
    let uuid = n.create("echo").await;
    assert_eq!(n.deploy(&uuid).await, 202);
    n.wait_state(&uuid, "Productive").await;
    let token = app_token(&n).await;
    let started = now_ms();
    // 1,500 invocations from 16 clients; count what was answered 200.
    let mut tasks = Vec::new();
    for c in 0..16 {
        let (http, url, token) = (
            n.http.clone(),
            n.url(&format!("lambdas/{uuid}/invoke?v=1")),
            token.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut refused) = (0, Vec::new());
            for i in (c..1500).step_by(16) {
                let res = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({"timestamp": 0, "headers": [], "payload": {"i": i}}))
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == 200 => ok += 1,
                    Ok(r) => {
                        let status = r.status();
                        let body: Value = r.json().await.unwrap_or_default();
                        refused.push(format!("{status}: {body}"));
                    }
                    Err(e) => panic!("invocation {i} got no answer: {e}"),
                }
            }
            (ok, refused)
        }));
    }
    let (mut answered, mut refused) = (0, Vec::new());
    for t in tasks {
        let (ok, r) = t.await.unwrap();
        answered += ok;
        refused.extend(r);
    }
    // On a loaded CI machine (debug build, other servers beside it, a 2 s invoke limit) a call
    // may be refused with a seed code; that is allowed here, a lost answer or record is not.
    assert!(
        answered >= 1450 && refused.iter().all(|r| r.contains("errorCode")),
        "invocations before the SIGTERM: {answered} answered 200, refused: {refused:?}"
    );
    if !refused.is_empty() {
        eprintln!("refused under load (allowed): {refused:?}");
    }
    n.terminate();
    let n = start(&dir, &db.url, None).await;
    let (status, counts) = n
        .call(
            reqwest::Method::GET,
            &format!(
                "reports/invocationCounts?startTimestamp={}",
                started - 60_000
            ),
            None,
        )
        .await;
    assert_eq!(status, 200, "{counts}");
    assert_eq!(
        counts["successfulInvocations"], answered,
        "every invocation answered 200 before SIGTERM has its record: {counts}"
    );
    drop(n);
    let _ = std::fs::remove_dir_all(dir);
}

async fn kill_at_each_deploy_step_recovers(backend: Backend) {
    let db = TestDb::new(backend).await;
    let dir = temp_dir();
    for (i, point) in ["deploy-begun", "deploy-validated", "deploy-finished"]
        .iter()
        .enumerate()
    {
        let n = start(&dir, &db.url, Some(point)).await;
        let uuid = n.create(&format!("crash_{i}")).await;
        // The process dies during the deploy; the answer may never come.
        n.fire(reqwest::Method::POST, &format!("deployments/{uuid}"))
            .await;
        n.wait_dead();
        let n = start(&dir, &db.url, None).await;
        n.wait_state(&uuid, "Productive").await;
        assert_eq!(n.deploy(&uuid).await, 202, "{point}: deployable again");
        n.wait_state(&uuid, "Productive").await;
        n.terminate();
    }
    // Undeploy: killed after the function was marked.
    let n = start(&dir, &db.url, None).await;
    let uuid = n.create("crash_undeploy").await;
    assert_eq!(n.deploy(&uuid).await, 202);
    n.wait_state(&uuid, "Productive").await;
    n.terminate();
    let n = start(&dir, &db.url, Some("undeploy-marked")).await;
    n.fire(reqwest::Method::DELETE, &format!("deployments/{uuid}"))
        .await;
    n.wait_dead();
    let n = start(&dir, &db.url, None).await;
    n.wait_state(&uuid, "Draft").await;
    assert_eq!(
        n.deploy(&uuid).await,
        202,
        "undeploy-marked: deployable again"
    );
    n.wait_state(&uuid, "Productive").await;
    drop(n);
    let _ = std::fs::remove_dir_all(dir);
}

/// 1,000 asynchronous invocations accepted (202), then `kill -9` while they are queued and
/// running: after a restart every accepted one reaches a final state (at-least-once).
async fn kill_with_async_invocations_queued_loses_none(backend: Backend) {
    let db = TestDb::new(backend).await;
    let dir = temp_dir();
    let n = start(&dir, &db.url, None).await;
    let (status, created) = n
        .call(
            reqwest::Method::POST,
            "lambdas",
            Some(json!({"name": "queued", "description": "d", "implementation": {"code": "function lambda(i, cb) { setTimeout(() => cb(null, i.payload.i), 300); }"}})),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let uuid = created["uuid"].as_str().unwrap().to_owned();
    assert_eq!(n.deploy(&uuid).await, 202);
    n.wait_state(&uuid, "Productive").await;
    let token = app_token(&n).await;
    let mut tasks = Vec::new();
    for c in 0..16 {
        let (http, url, token) = (
            n.http.clone(),
            n.url(&format!("lambdas/{uuid}/invoke?v=1&async=true")),
            token.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for i in (c..1000).step_by(16) {
                let res = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({"headers": [], "payload": {"i": i}}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 202);
                let v: Value = res.json().await.unwrap();
                ids.push(v["invocationId"].as_str().unwrap().to_owned());
            }
            ids
        }));
    }
    let mut accepted = Vec::new();
    for t in tasks {
        accepted.extend(t.await.unwrap());
    }
    assert_eq!(accepted.len(), 1000);
    // Most are still queued or running (each takes 300 ms; a node runs 64 at once).
    let (_, list) = n
        .call(
            reqwest::Method::GET,
            "invocations?state=succeeded&limit=1000",
            None,
        )
        .await;
    assert!(
        list.as_array().unwrap().len() < 900,
        "too few left to prove anything"
    );
    drop(n); // SIGKILL at once: some queued, some running
    let n = start(&dir, &db.url, None).await;
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (status, list) = n
            .call(
                reqwest::Method::GET,
                "invocations?state=succeeded&limit=1000",
                None,
            )
            .await;
        assert_eq!(status, 200, "{list}");
        let done: std::collections::HashSet<String> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["invocationId"].as_str().unwrap().to_owned())
            .collect();
        let missing = accepted.iter().filter(|id| !done.contains(*id)).count();
        if missing == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{missing} accepted invocations never finished after the restart"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(n);
    let _ = std::fs::remove_dir_all(dir);
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

mod sqlite {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sigterm_keeps_every_answered_record() {
        super::sigterm_keeps_every_answered_record(super::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn kill_at_each_deploy_step_recovers() {
        super::kill_at_each_deploy_step_recovers(super::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn kill_with_async_invocations_queued_loses_none() {
        super::kill_with_async_invocations_queued_loses_none(super::Backend::Sqlite).await;
    }
}

mod postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sigterm_keeps_every_answered_record() {
        super::sigterm_keeps_every_answered_record(super::Backend::Postgres).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn kill_at_each_deploy_step_recovers() {
        super::kill_at_each_deploy_step_recovers(super::Backend::Postgres).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn kill_with_async_invocations_queued_loses_none() {
        super::kill_with_async_invocations_queued_loses_none(super::Backend::Postgres).await;
    }
}
