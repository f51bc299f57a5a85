//! Connection-level abuse: silent TCP connections, an HTTP/2 connection that stops after its
//! preface, more connections than the cap, and request heads over the limits. Each answer is
//! bounded in time, and every refusal that has an HTTP answer carries the platform's JSON body.

mod common;
use common::*;
use fnhost_store::Backend;
use serde_json::Value;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const IDLE_MS: u64 = 600;

/// Reads until the server closes the connection; returns what it sent and how long it took.
async fn read_until_closed(tcp: &mut TcpStream, bound: Duration) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut all = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(bound.saturating_sub(started.elapsed()), tcp.read(&mut buf))
            .await
        {
            Err(_) => panic!(
                "the server kept the connection open for {bound:?} (read {} bytes)",
                all.len()
            ),
            Ok(Ok(0)) | Ok(Err(_)) => return (all, started.elapsed()),
            Ok(Ok(n)) => all.extend_from_slice(&buf[..n]),
        }
    }
}

async fn start() -> TestServer {
    TestServer::start_with(Backend::Sqlite, |c| {
        c.read_timeout_ms = IDLE_MS;
        c.max_connections = 40;
        c.limits.timeout_ms = 3_000;
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_and_idle_connections_are_closed() {
    let t = start().await;
    let addr = t.server.as_ref().unwrap().addr;

    // A TCP connection that never sends a byte.
    let mut silent = TcpStream::connect(addr).await.unwrap();
    let (sent, took) = read_until_closed(&mut silent, Duration::from_secs(5)).await;
    assert!(sent.is_empty());
    assert!(
        took >= Duration::from_millis(IDLE_MS / 2),
        "closed too early: {took:?}"
    );

    // A keep-alive connection after one request.
    let mut idle = TcpStream::connect(addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let (sent, _) = read_until_closed(&mut idle, Duration::from_secs(5)).await;
    assert!(String::from_utf8_lossy(&sent).starts_with("HTTP/1.1 200"));

    // HTTP/2 (prior knowledge): the preface and an empty SETTINGS frame, then nothing.
    let mut h2 = TcpStream::connect(addr).await.unwrap();
    h2.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00")
        .await
        .unwrap();
    let (sent, _) = read_until_closed(&mut h2, Duration::from_secs(5)).await;
    // The server's SETTINGS limit concurrent streams (id 0x3) to 100.
    assert_eq!(sent[3], 0x4, "first frame is SETTINGS");
    let len = u32::from_be_bytes([0, sent[0], sent[1], sent[2]]) as usize;
    let streams = sent[9..9 + len]
        .chunks(6)
        .find(|p| p[..2] == [0, 3])
        .map(|p| u32::from_be_bytes([p[2], p[3], p[4], p[5]]));
    assert_eq!(streams, Some(100));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_invocation_outlives_the_idle_timeout() {
    let t = start().await;
    let uuid = t
        .deploy(
            "slow",
            "function lambda(i, cb) { setTimeout(() => cb(null, 'late'), 1500); }",
        )
        .await;
    let token = t.admin_token.clone();
    let r = t
        .invoke(
            &uuid,
            &token,
            serde_json::json!({"headers": [], "payload": {}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.text.contains("late"), "{}", r.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_cap_are_closed_at_once() {
    let t = TestServer::start_with(Backend::Sqlite, |c| {
        c.read_timeout_ms = 8_000;
        c.max_connections = 20;
    })
    .await;
    let addr = t.server.as_ref().unwrap().addr;
    // The test's HTTP client keeps one connection (from the login): 19 more reach the cap.
    let mut held = Vec::new();
    for _ in 0..19 {
        let mut c = TcpStream::connect(addr).await.unwrap();
        // A request answered proves the connection holds a slot.
        c.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
            .await
            .unwrap();
        let mut buf = [0u8; 512];
        let n = c.read(&mut buf).await.unwrap();
        assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
        held.push(c);
    }
    for _ in 0..5 {
        let mut extra = TcpStream::connect(addr).await.unwrap();
        let _ = extra
            .write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
            .await;
        let (sent, took) = read_until_closed(&mut extra, Duration::from_secs(3)).await;
        assert!(sent.is_empty(), "served beyond the cap");
        assert!(took < Duration::from_secs(2), "refused late: {took:?}");
    }
    drop(held);
    // Slots come back once connections end.
    let mut ok = false;
    for _ in 0..50 {
        if let Ok(r) = t.http.get(t.url("/healthz")).send().await {
            ok = r.status() == 200;
            if ok {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        ok,
        "the server did not recover after the held connections closed"
    );
}

/// Sends a raw HTTP/1.1 request head and returns (status, JSON body).
async fn raw(addr: std::net::SocketAddr, head: String) -> (u16, Value) {
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    // The server may answer and close before the whole head is written.
    let _ = tcp.write_all(head.as_bytes()).await;
    let (sent, _) = read_until_closed(&mut tcp, Duration::from_secs(5)).await;
    let text = String::from_utf8_lossy(&sent).to_string();
    let status: u16 = text
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer: {text:?}"));
    let body = text.split("\r\n\r\n").nth(1).unwrap_or_default();
    let json = serde_json::from_str(body)
        .unwrap_or_else(|_| panic!("{status} without a JSON body: {text:?}"));
    (status, json)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_heads_answer_414_and_431_with_json() {
    let t = start().await;
    let addr = t.server.as_ref().unwrap().addr;
    let bad = "com.liveperson.faas.es.badinput";
    for len in [9_000, 70_000, 300_000] {
        let (status, body) = raw(
            addr,
            format!(
                "GET /healthz?{} HTTP/1.1\r\nhost: x\r\n\r\n",
                "a".repeat(len)
            ),
        )
        .await;
        assert_eq!(status, 414, "URI of {len} bytes: {body}");
        assert_eq!(body["errorCode"], bad);
    }
    let many: String = (0..150).map(|i| format!("x-h{i}: v\r\n")).collect();
    for (what, headers) in [
        ("150 headers", many),
        (
            "a 100 KB header",
            format!("x-big: {}\r\n", "b".repeat(100_000)),
        ),
        (
            "a 1 MB header",
            format!("x-big: {}\r\n", "b".repeat(1_000_000)),
        ),
    ] {
        let (status, body) = raw(
            addr,
            format!("GET /healthz HTTP/1.1\r\nhost: x\r\n{headers}\r\n"),
        )
        .await;
        assert_eq!(status, 431, "{what}: {body}");
        assert_eq!(body["errorCode"], bad, "{what}");
    }
    let (status, body) = raw(addr, "GARBAGE\r\n\r\n".into()).await;
    assert_eq!(status, 400);
    assert_eq!(body["errorCode"], bad);
    // Ordinary requests still work.
    let r = t.http.get(t.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
}
