//! Management write latency under invocation load: `cargo bench -p fnhost-server --bench write_latency`.
//!
//! Starts a real server in process (SQLite file; PostgreSQL too when `FNHOST_BENCH_PG=1`), deploys
//! an echo function and measures create / update / deploy / add-secret / add-domain latencies from
//! one client, first idle, then while 8 clients invoke the echo function as fast as they can with an
//! app token (so every invocation is recorded). The target (issue: store under concurrency) is
//! p99 ≤ 50 ms for management writes under load. Prints a Markdown table.

use fnhost_server::{Server, ServerConfig};
use fnhost_store::Backend;
use fnhost_store::testing::TestDb;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const ROUNDS: usize = 60;
const INVOKERS: usize = 8;

struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, format!("{}/api/account/1000/{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// One round of writes; returns (operation, milliseconds) samples.
async fn writes(c: &Client, tag: &str) -> Vec<(&'static str, f64)> {
    let mut out = Vec::new();
    for i in 0..ROUNDS {
        let code = "function lambda(i, cb) { cb(null, 1); }";
        let t = Instant::now();
        let (s, body) = c
            .send(
                reqwest::Method::POST,
                "lambdas",
                Some(json!({"name": format!("w_{tag}_{i}"), "description": "d", "implementation": {"code": code}})),
            )
            .await;
        assert_eq!(s, 201, "{body}");
        out.push(("create", t.elapsed().as_secs_f64() * 1e3));
        let uuid = body["uuid"].as_str().unwrap().to_owned();
        let t = Instant::now();
        let (s, body) = c
            .send(
                reqwest::Method::PUT,
                &format!("lambdas/{uuid}"),
                Some(json!({"uuid": uuid, "version": 1, "name": format!("w_{tag}_{i}"), "description": "d2", "implementation": {"code": code}})),
            )
            .await;
        assert!(s < 300 || s == 304, "{s} {body}");
        out.push(("update", t.elapsed().as_secs_f64() * 1e3));
        let t = Instant::now();
        let (s, body) = c
            .send(reqwest::Method::POST, &format!("deployments/{uuid}"), None)
            .await;
        assert_eq!(s, 202, "{body}");
        out.push(("deploy (202)", t.elapsed().as_secs_f64() * 1e3));
        let t = Instant::now();
        let (s, body) = c
            .send(
                reqwest::Method::POST,
                "secrets",
                Some(json!({"key": format!("k_{tag}_{i}"), "value": "v"})),
            )
            .await;
        assert!(s < 300, "{s} {body}");
        out.push(("add secret", t.elapsed().as_secs_f64() * 1e3));
        let t = Instant::now();
        let (s, body) = c
            .send(
                reqwest::Method::POST,
                "proxy-settings",
                Some(json!({"domain": format!("d{i}.{tag}.example.com")})),
            )
            .await;
        assert!(s < 300, "{s} {body}");
        out.push(("add domain", t.elapsed().as_secs_f64() * 1e3));
    }
    out
}

fn table(backend: Backend, phase: &str, samples: &[(&'static str, f64)]) {
    for op in [
        "create",
        "update",
        "deploy (202)",
        "add secret",
        "add domain",
    ] {
        let mut v: Vec<f64> = samples
            .iter()
            .filter(|(o, _)| *o == op)
            .map(|(_, ms)| *ms)
            .collect();
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "| {backend:?} | {phase} | {op} | {} | {:.1} | {:.1} | {:.1} |",
            v.len(),
            pct(&v, 0.5),
            pct(&v, 0.99),
            v.last().unwrap()
        );
    }
}

async fn run(backend: Backend) {
    let db = TestDb::new(backend).await;
    let dir = std::env::temp_dir().join(format!("fnhost-bench-{}", uuid::Uuid::new_v4().simple()));
    let mut config = ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.clone(),
        database_url: Some(db.url.clone()),
        bootstrap_password: Some("bench-password".into()),
        max_functions_per_account: 10_000,
        ..ServerConfig::default()
    };
    config.limits.timeout_ms = 5_000;
    let server = Server::start(config).await.unwrap();
    let base = format!("http://{}", server.addr);
    let http = reqwest::Client::new();
    let login: Value = http
        .post(format!("{base}/api/account/1000/login?v=1.3"))
        .json(&json!({"username": "admin", "password": "bench-password"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let admin = Client {
        http: http.clone(),
        base: base.clone(),
        token: login["bearer"].as_str().unwrap().to_owned(),
    };
    let (_, f) = admin
        .send(
            reqwest::Method::POST,
            "lambdas",
            Some(json!({"name": "echo", "description": "d", "implementation": {"code": "function lambda(i, cb) { cb(null, i.payload); }"}})),
        )
        .await;
    let echo = f["uuid"].as_str().unwrap().to_owned();
    admin
        .send(reqwest::Method::POST, &format!("deployments/{echo}"), None)
        .await;
    let (_, app) = admin
        .send(reqwest::Method::POST, "apps", Some(json!({"name": "load"})))
        .await;
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        app["client_id"].as_str().unwrap(),
        app["client_secret"].as_str().unwrap()
    );
    let tok: Value = http
        .post(format!("{base}/sentinel/api/account/1000/app/token?v=2.0"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let app_token = tok["access_token"].as_str().unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(500)).await;

    let idle = writes(&admin, "idle").await;
    table(backend, "idle", &idle);

    let stop = Arc::new(AtomicBool::new(false));
    let invoked = Arc::new(AtomicU64::new(0));
    let mut load = Vec::new();
    for _ in 0..INVOKERS {
        let (http, url, token, stop, invoked) = (
            http.clone(),
            format!("{base}/api/account/1000/lambdas/{echo}/invoke?v=1"),
            app_token.clone(),
            stop.clone(),
            invoked.clone(),
        );
        load.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let r = http
                    .post(&url)
                    .bearer_auth(&token)
                    .body(r#"{"payload":{"hello":"world"}}"#)
                    .header("content-type", "application/json")
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 200);
                invoked.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let t = Instant::now();
    let before = invoked.load(Ordering::Relaxed);
    let loaded = writes(&admin, "load").await;
    let rate = (invoked.load(Ordering::Relaxed) - before) as f64 / t.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    for l in load {
        l.await.unwrap();
    }
    table(
        backend,
        &format!("under load ({rate:.0} invocations/s)"),
        &loaded,
    );
    let written = server.shutdown().await;
    println!("<!-- {backend:?}: {written} invocation records written -->");
    let _ = std::fs::remove_dir_all(dir);
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("| backend | phase | write | n | p50 ms | p99 ms | max ms |");
    println!("|---|---|---|---|---|---|---|");
    rt.block_on(run(Backend::Sqlite));
    if std::env::var("FNHOST_BENCH_PG").is_ok() {
        rt.block_on(run(Backend::Postgres));
    }
}
