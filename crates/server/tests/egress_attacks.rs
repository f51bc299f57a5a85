//! Attacks on function egress: an allowlisted host that redirects a function elsewhere — to a
//! host off the allowlist, to a loopback IP literal in another spelling, to the platform's own
//! `/metrics` — gets the platform's 403, never the body behind the redirect. Redirects that stay
//! within the policy are still followed.

mod common;
use common::*;
use fnhost_store::Backend;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A local HTTP server answering every request with `head` (status line and headers) and `body`.
async fn local_http(head: String, body: &'static str) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            let head = head.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let _ = s.read(&mut buf).await;
                let res = format!(
                    "{head}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = s.write_all(res.as_bytes()).await;
            });
        }
    });
    addr
}

async fn redirector(location: String) -> std::net::SocketAddr {
    local_http(format!("HTTP/1.1 302 Found\r\nlocation: {location}"), "").await
}

/// The same request with the `fetch` global (it shares the egress path).
const WHATWG_FETCH: &str = "async function lambda(i, cb) { const r = await fetch(i.payload.url); const t = await r.text(); let body; try { body = JSON.parse(t); } catch (e) { body = t; } cb(null, { status: r.status, body }); }";

const FETCH: &str = "const { Toolbelt } = require('lp-faas-toolbelt'); const http = Toolbelt.HTTPClient();\n\
     async function lambda(i, cb) { const r = await http({ uri: i.payload.url, json: true, resolveWithFullResponse: true, simple: false }); cb(null, { status: r.statusCode, body: r.body }); }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_checked_on_every_hop() {
    let secret = local_http("HTTP/1.1 200 OK".into(), r#"{"secret":true}"#).await;
    // Private networks allowed (the test's hosts are local), so only the allowlist decides:
    // `localhost` is on it, `127.0.0.1` is not.
    let t = TestServer::start_with(Backend::Sqlite, |c| c.egress_allow_private = true).await;
    let st = &t.server.as_ref().unwrap().state;
    st.store
        .add_domain("1000", "localhost", fnhost_server::now_ms())
        .await
        .unwrap();
    let uuid = t.deploy("fetch", FETCH).await;
    let whatwg = t.deploy("whatwg", WHATWG_FETCH).await;
    let app = t.app_token().await;
    let own = t.server.as_ref().unwrap().addr;
    for target in [
        format!("http://127.0.0.1:{}/", secret.port()),
        format!("http://0x7f000001:{}/", secret.port()),
        format!("http://2130706433:{}/", secret.port()),
        format!("http://127.0.0.1:{}/metrics", own.port()),
        format!("http://[::1]:{}/", secret.port()),
        "file:///etc/passwd".to_owned(),
    ] {
        let hop = redirector(target.clone()).await;
        let r = t
            .invoke(
                &uuid,
                &app,
                json!({"payload": {"url": format!("http://localhost:{}/start", hop.port())}}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.body["status"], 403, "redirect to {target}: {}", r.text);
        assert!(!r.text.contains("secret"), "{}", r.text);
        assert!(!r.text.contains("invocations"), "{}", r.text);
        let r = t
            .invoke(
                &whatwg,
                &app,
                json!({"payload": {"url": format!("http://localhost:{}/start", hop.port())}}),
            )
            .await;
        assert_eq!(
            r.body["status"], 403,
            "fetch, redirect to {target}: {}",
            r.text
        );
        assert!(!r.text.contains("secret"), "{}", r.text);
    }
    // A chain that stays on the allowlist is followed to its end.
    let hop2 = redirector(format!("http://localhost:{}/", secret.port())).await;
    let hop1 = redirector(format!("http://localhost:{}/next", hop2.port())).await;
    let r = t
        .invoke(
            &uuid,
            &app,
            json!({"payload": {"url": format!("http://localhost:{}/", hop1.port())}}),
        )
        .await;
    assert_eq!(
        r.body,
        json!({"status": 200, "body": {"secret": true}}),
        "{}",
        r.text
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_ip_literals_are_refused_in_every_spelling() {
    let secret = local_http("HTTP/1.1 200 OK".into(), r#"{"secret":true}"#).await;
    // Default policy; even an allowlisted literal is refused when it is not public.
    let t = TestServer::start(Backend::Sqlite).await;
    let st = &t.server.as_ref().unwrap().state;
    st.store
        .add_domain("1000", "127.0.0.1", fnhost_server::now_ms())
        .await
        .unwrap();
    let uuid = t.deploy("fetch", FETCH).await;
    let app = t.app_token().await;
    for host in [
        "127.0.0.1",
        "0x7f000001",
        "2130706433",
        "0177.0.0.1",
        "127.1",
    ] {
        let r = t
            .invoke(
                &uuid,
                &app,
                json!({"payload": {"url": format!("http://{host}:{}/", secret.port())}}),
            )
            .await;
        assert_eq!(r.body["status"], 403, "{host}: {}", r.text);
    }
}
