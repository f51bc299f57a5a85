//! The invoke path without the network: `cargo bench -p fnhost-server --bench gateway_path`.
//!
//! Starts a real server (SQLite file, records stored), deploys the gateway bench's echo function
//! and gets an app token over HTTP; then sends invocations straight into the API's router
//! (`tower::ServiceExt::oneshot`), from 64 tasks at once, for a few seconds. What it measures is
//! the application layer alone — routing, middleware, the token check, limits, the hand-off to
//! the JS executor and back, the function, the record — without hyper, sockets or the kernel's
//! loopback, which make `bench/gateway_bench.py`'s numbers swing on a shared machine.
//!
//! Prints invocations per second and the process's CPU time per invocation (user + system, from
//! `getrusage`), for the hop to the executor and for `--js-inline`. Arguments: `--seconds N`
//! (default 3), `--rounds N` (default 3, alternating the two modes), `--only hop|inline`.

use axum::body::Body;
use fnhost_server::{Server, ServerConfig};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// The allocator the `fnhost` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TASKS: usize = 64;
const ECHO: &str = "function lambda(input, callback) { callback(null, { echo: input.payload }); }";
const BODY: &str = r#"{"payload":{"hello":"world","n":42,"list":[1,2,3]}}"#;

/// Process CPU time (user + system) so far.
fn cpu_time() -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `usage` is a valid out-pointer for RUSAGE_SELF.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

struct Target {
    server: Server,
    dir: std::path::PathBuf,
    path: String,
    auth: String,
    /// The API's router, built once (as the server does).
    router: axum::Router,
}

async fn start(inline: bool) -> Target {
    let dir = std::env::temp_dir().join(format!(
        "fnhost-gateway-path-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let mut config = ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.clone(),
        bootstrap_password: Some("bench-password".into()),
        ..ServerConfig::default()
    };
    config.js_inline = inline;
    config.account_rate_limit = 0;
    let server = Server::start(config).await.unwrap();
    let base = format!("http://{}/api/account/1000", server.addr);
    let http = reqwest::Client::new();
    let send = |req: reqwest::RequestBuilder| async move {
        req.send().await.unwrap().json::<Value>().await.unwrap()
    };
    let login = send(
        http.post(format!("{base}/login?v=1.3"))
            .json(&json!({"username": "admin", "password": "bench-password"})),
    )
    .await;
    let admin = login["bearer"].as_str().unwrap().to_owned();
    let f = send(
        http.post(format!("{base}/lambdas"))
            .bearer_auth(&admin)
            .json(&json!({"name": "echo", "implementation": {"code": ECHO}})),
    )
    .await;
    let uuid = f["uuid"].as_str().unwrap().to_owned();
    http.post(format!("{base}/deployments/{uuid}"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let app = send(
        http.post(format!("{base}/apps"))
            .bearer_auth(&admin)
            .json(&json!({"name": "bench"})),
    )
    .await;
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        app["client_id"].as_str().unwrap(),
        app["client_secret"].as_str().unwrap()
    );
    let token = send(
        http.post(format!(
            "http://{}/sentinel/api/account/1000/app/token?v=2.0",
            server.addr
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form),
    )
    .await;
    let target = Target {
        router: fnhost_server::api::router(server.state.clone()),
        path: format!("/api/account/1000/lambdas/{uuid}/invoke?v=1"),
        auth: format!("Bearer {}", token["access_token"].as_str().unwrap()),
        server,
        dir,
    };
    // Deployed and warm before the clock starts.
    let deadline = Instant::now() + Duration::from_secs(30);
    while call(&target).await != 200 {
        assert!(
            Instant::now() < deadline,
            "the echo function never answered"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    target
}

/// One invocation through the router; answers the status.
async fn call(t: &Target) -> u16 {
    let req = axum::http::Request::post(&t.path)
        .header("authorization", &t.auth)
        .header("content-type", "application/json")
        .body(Body::from(BODY))
        .unwrap();
    let res = t.router.clone().oneshot(req).await.unwrap();
    let status = res.status().as_u16();
    res.into_body().collect().await.unwrap();
    status
}

/// Invocations per second and CPU µs per invocation over `seconds`.
async fn measure(t: &Arc<Target>, seconds: u64) -> (f64, f64) {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let (cpu, clock) = (cpu_time(), Instant::now());
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let (t, stop, done) = (t.clone(), stop.clone(), done.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    assert_eq!(call(&t).await, 200);
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.unwrap();
    }
    let n = done.load(Ordering::Relaxed) as f64;
    let (cpu, clock) = (cpu_time() - cpu, clock.elapsed());
    (n / clock.as_secs_f64(), cpu.as_secs_f64() * 1e6 / n)
}

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let (seconds, rounds) = (arg("--seconds", 3), arg("--rounds", 3));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .thread_stack_size(8 << 20)
        .max_blocking_threads(4096)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let only = std::env::args().skip_while(|a| a != "--only").nth(1);
        let modes: Vec<(&str, bool)> = [("hop to the executor", false), ("--js-inline", true)]
            .into_iter()
            .filter(|(label, _)| only.as_deref().is_none_or(|o| label.contains(o)))
            .collect();
        let mut targets = Vec::new();
        for &(_, inline) in &modes {
            let t = Arc::new(start(inline).await);
            measure(&t, 1).await; // warm-up
            targets.push(t);
        }
        let mut results = vec![Vec::new(); modes.len()];
        for _ in 0..rounds {
            for (i, t) in targets.iter().enumerate() {
                results[i].push(measure(t, seconds).await);
            }
        }
        println!("| mode | invocations/s (rounds) | CPU µs per invocation (rounds) |");
        println!("|---|---|---|");
        for ((label, _), r) in modes.iter().zip(&results) {
            let rate: Vec<String> = r.iter().map(|(n, _)| format!("{n:.0}")).collect();
            let cpu: Vec<String> = r.iter().map(|(_, c)| format!("{c:.1}")).collect();
            println!("| {label} | {} | {} |", rate.join(", "), cpu.join(", "));
        }
        for t in targets {
            let t = Arc::into_inner(t).expect("no task holds the target");
            t.server.shutdown().await;
            let _ = std::fs::remove_dir_all(&t.dir);
        }
    });
}
