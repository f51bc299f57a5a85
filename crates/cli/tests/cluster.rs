//! Limits that hold across a cluster: three `fnhost serve` nodes on one PostgreSQL behind nginx
//! (round robin, as Debian ships it; started by the test) admit the account's configured rate
//! within 10%; when one node is killed (`kill -9`) mid-run every request still gets the
//! function's result, a 429, or a clean connection error, and the two survivors take over its
//! share.
//!
//! Needs nginx (`apt-get install nginx-light`; test.sh installs it when missing).

use fnhost_store::Backend;
use fnhost_store::testing::TestDb;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const RATE: u32 = 60;
const MASTER_KEY: &str = "5c0f4c1f3a7e4bb1a2d6e9f08c7b3a1d5c0f4c1f3a7e4bb1a2d6e9f08c7b3a1d";
const PASSWORD: &str = "cluster-password";
const METRICS: &str = "cluster-metrics";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Proc(Child);
impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn node(db: &str, dir: &Path, port: u16) -> Proc {
    Proc(
        Command::new(env!("CARGO_BIN_EXE_fnhost"))
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("FNHOST_LISTEN", format!("127.0.0.1:{port}"))
            .env("FNHOST_DATA_DIR", dir)
            .env("FNHOST_DATABASE_URL", db)
            .env("FNHOST_MASTER_KEY", MASTER_KEY)
            .env("FNHOST_BOOTSTRAP_PASSWORD", PASSWORD)
            .env("FNHOST_ACCOUNT_RATE_LIMIT", RATE.to_string())
            .env("FNHOST_METRICS_TOKEN", METRICS)
            .env("FNHOST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("fnhost starts"),
    )
}

/// nginx as one process (`master_process off`), so stopping the child stops all of it (a killed
/// master would leave its workers behind).
fn nginx(dir: &Path, port: u16, upstreams: &[u16]) -> Proc {
    let servers: String = upstreams
        .iter()
        .map(|p| format!("server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n"))
        .collect();
    let d = dir.display();
    let conf = format!(
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n access_log off;\n client_body_temp_path {d}/body;\n proxy_temp_path {d}/proxy;\n\
         fastcgi_temp_path {d}/fastcgi;\n uwsgi_temp_path {d}/uwsgi;\n scgi_temp_path {d}/scgi;\n\
         upstream fnhost {{\n{servers} keepalive 32;\n}}\n\
         server {{\n listen 127.0.0.1:{port};\n location / {{\n  proxy_pass http://fnhost;\n\
           proxy_http_version 1.1;\n  proxy_set_header Connection \"\";\n  proxy_buffering off;\n\
           proxy_next_upstream error timeout non_idempotent;\n  proxy_connect_timeout 1s;\n }}\n}}\n}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let bin = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect(
            "nginx is needed for the cluster test (apt-get install nginx-light, or run ./test.sh)",
        );
    Proc(
        Command::new(bin)
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts"),
    )
}

async fn wait_healthy(http: &reqwest::Client, base: &str) {
    for _ in 0..300 {
        if let Ok(r) = http.get(format!("{base}/healthz")).send().await
            && r.status() == 200
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{base} did not become healthy");
}

async fn cluster_nodes(http: &reqwest::Client, base: &str) -> u64 {
    let r = http
        .get(format!("{base}/metrics.json"))
        .bearer_auth(METRICS)
        .send()
        .await;
    match r {
        Ok(r) => r
            .json::<Value>()
            .await
            .map(|v| v["clusterNodes"].as_u64().unwrap_or(0))
            .unwrap_or(0),
        Err(_) => 0,
    }
}

/// What one invocation got.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Answer {
    Result,
    Limited,
    ConnectionError,
    Other(u16),
}

/// Fires `per_second` invocations for `secs` seconds; answers (sent at, what came back).
async fn load(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    per_second: u32,
    secs: u64,
) -> Vec<(Duration, Answer)> {
    let start = Instant::now();
    let mut tick = tokio::time::interval(Duration::from_secs(1) / per_second);
    let mut tasks = Vec::new();
    while start.elapsed() < Duration::from_secs(secs) {
        tick.tick().await;
        let (http, url, token) = (http.clone(), url.to_owned(), token.to_owned());
        let at = start.elapsed();
        tasks.push(tokio::spawn(async move {
            let r = http
                .post(&url)
                .bearer_auth(&token)
                .json(&json!({"payload": {}}))
                .send()
                .await;
            let answer = match r {
                Ok(r) if r.status() == 200 => {
                    let v: Value = r.json().await.unwrap_or(Value::Null);
                    if v == json!("pong") {
                        Answer::Result
                    } else {
                        Answer::Other(200)
                    }
                }
                Ok(r) if r.status() == 429 => Answer::Limited,
                Ok(r) => Answer::Other(r.status().as_u16()),
                Err(_) => Answer::ConnectionError,
            };
            (at, answer)
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

fn admitted(answers: &[(Duration, Answer)], from: f64, to: f64) -> usize {
    answers
        .iter()
        .filter(|(at, a)| *a == Answer::Result && at.as_secs_f64() >= from && at.as_secs_f64() < to)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_behind_nginx_hold_the_account_rate() {
    let db = TestDb::new(Backend::Postgres).await;
    let root: PathBuf =
        std::env::temp_dir().join(format!("fnhost-cluster-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&root).unwrap();
    let http = reqwest::Client::new();
    let ports: Vec<u16> = (0..3).map(|_| free_port()).collect();
    let mut nodes = Vec::new();
    for (i, p) in ports.iter().enumerate() {
        nodes.push(Some(node(&db.url, &root.join(format!("node{i}")), *p)));
        // The first node bootstraps the account; the others find it.
        wait_healthy(&http, &format!("http://127.0.0.1:{p}")).await;
    }
    let lb_port = free_port();
    let _lb = nginx(&root, lb_port, &ports);
    let lb = format!("http://127.0.0.1:{lb_port}");
    wait_healthy(&http, &lb).await;
    for _ in 0..100 {
        let mut all = true;
        for p in &ports {
            all &= cluster_nodes(&http, &format!("http://127.0.0.1:{p}")).await == 3;
        }
        if all {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // A function and an app token, through the load balancer.
    let login: Value = http
        .post(format!("{lb}/api/account/1000/login"))
        .json(&json!({"username": "admin", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let admin = login["bearer"].as_str().expect("login").to_owned();
    let api = format!("{lb}/api/account/1000");
    let created: Value = http.post(format!("{api}/lambdas")).bearer_auth(&admin)
        .json(&json!({"name": "ping", "description": "", "implementation": {"code": "function lambda(i, cb) { cb(null, 'pong'); }"}}))
        .send().await.unwrap().json().await.unwrap();
    let uuid = created["uuid"].as_str().unwrap().to_owned();
    assert_eq!(
        http.post(format!("{api}/deployments/{uuid}"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap()
            .status(),
        202
    );
    let app: Value = http
        .post(format!("{api}/apps"))
        .bearer_auth(&admin)
        .json(&json!({"name": "load"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        app["client_id"].as_str().unwrap(),
        app["client_secret"].as_str().unwrap()
    );
    let token: Value = http
        .post(format!("{lb}/sentinel/api/account/1000/app/token?v=2.0"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["access_token"].as_str().unwrap().to_owned();
    let invoke = format!("{api}/lambdas/{uuid}/invoke?v=1&externalSystem=cluster-test");
    // Every node serves the function before the clock starts.
    for _ in 0..100 {
        let mut ok = 0;
        for p in &ports {
            let r = http
                .post(format!(
                    "http://127.0.0.1:{p}/api/account/1000/lambdas/{uuid}/invoke?v=1"
                ))
                .bearer_auth(&token)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            ok += (r.status() == 200) as usize;
        }
        if ok == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await; // the buckets refill

    // Steady: 150 requests/s for 6 s against 60/s. After the first second (the buckets' burst),
    // the cluster admits 60/s within 10%.
    let steady = load(&http, &invoke, &token, 150, 6).await;
    let odd: Vec<_> = steady
        .iter()
        .filter(|(_, a)| !matches!(a, Answer::Result | Answer::Limited))
        .collect();
    assert!(
        odd.is_empty(),
        "only results and 429s while all nodes live: {odd:?}"
    );
    let got = admitted(&steady, 1.0, 6.0) as f64;
    let want = RATE as f64 * 5.0;
    eprintln!("steady, 3 nodes: admitted {got} in 5 s (configured {want})");
    assert!(
        (got - want).abs() <= want * 0.10,
        "admitted {got} in 5 s, want {want} ± 10%"
    );

    // One node is killed 1 s into the next run: no answer other than a result, a 429 or a
    // clean connection error; after its heartbeat is missed (2 s) the two others admit the
    // whole rate between them.
    let killer = {
        let mut victim = nodes[2].take().unwrap();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let _ = victim.0.kill(); // SIGKILL
            let _ = victim.0.wait();
        })
    };
    let after = load(&http, &invoke, &token, 150, 8).await;
    killer.await.unwrap();
    let odd: Vec<_> = after
        .iter()
        .filter(|(_, a)| matches!(a, Answer::Other(_)))
        .collect();
    assert!(
        odd.is_empty(),
        "answers other than a result, 429 or a connection error: {odd:?}"
    );
    let got = admitted(&after, 4.0, 8.0) as f64;
    let want = RATE as f64 * 4.0;
    eprintln!("after the kill, 2 nodes: admitted {got} in 4 s (configured {want})");
    assert!(
        (got - want).abs() <= want * 0.10,
        "after the kill: admitted {got} in 4 s, want {want} ± 10%"
    );
    for p in &ports[..2] {
        assert_eq!(
            cluster_nodes(&http, &format!("http://127.0.0.1:{p}")).await,
            2
        );
    }
    drop(nodes);
    let _ = std::fs::remove_dir_all(&root);
}
