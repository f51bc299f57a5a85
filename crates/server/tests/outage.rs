//! PostgreSQL refusing connections, as during a failover or a restart: the database stops
//! accepting connections (`allow_connections = false`) and its backends are terminated. The
//! management API answers `fm.unavailable` (502/504), never `fm.general`, and recovers by itself
//! once the database accepts connections again.

mod common;
use common::*;
use fnhost_store::Backend;
use std::time::{Duration, Instant};

fn psql(sql: &str) {
    let base = std::env::var("FNHOST_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let out = std::process::Command::new("psql")
        .args([&format!("{base}/postgres"), "-qtAc", sql])
        .output()
        .expect("psql runs");
    assert!(
        out.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_refusing_connections_is_unavailable_then_recovers() {
    let t = TestServer::start(Backend::Postgres).await;
    let db = t.url_of_database();
    assert_eq!(t.get("lambdas").await.status, 200);
    psql(&format!("ALTER DATABASE {db} ALLOW_CONNECTIONS false"));
    psql(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}'"
    ));
    // Every management call now fails as unavailable: terminated connections, then refused ones.
    for _ in 0..3 {
        let r = t.get("lambdas").await;
        assert!(
            r.status == 502 || r.status == 504,
            "expected 502/504, got {}: {}",
            r.status,
            r.text
        );
        assert_eq!(
            r.body["errorCode"], "com.liveperson.faas.fm.unavailable",
            "{}",
            r.text
        );
    }
    let r = t
        .post(
            "lambdas",
            serde_json::json!({"name": "during_outage", "description": "d",
        "implementation": {"code": "function lambda(i, cb) { cb(null, 1); }"}}),
        )
        .await;
    assert!(r.status == 502 || r.status == 504, "{}", r.text);
    psql(&format!("ALTER DATABASE {db} ALLOW_CONNECTIONS true"));
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let r = t.get("lambdas").await;
        if r.status == 200 {
            assert_eq!(
                r.body.as_array().map(Vec::len),
                Some(0),
                "the refused create left nothing"
            );
            break;
        }
        assert!(Instant::now() < deadline, "no recovery: {}", r.text);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
