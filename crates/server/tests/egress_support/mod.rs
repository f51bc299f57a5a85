//! What the egress tests share: a real fnhost server with one deployed function that runs the
//! JS each test sends (so every scenario goes through the real invoke path and the real
//! egress), a local HTTP target that echoes what reached it (parsing multipart bodies itself),
//! and a test PKI (a CA, a server certificate, client certificates) for HTTPS targets.
#![allow(dead_code)]

use super::common::*;
use axum::body::Bytes;
use axum::extract::Query;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::routing::{any, get};
use base64::Engine as _;
use fnhost_store::Backend;
use serde_json::{Value, json};
use sha2::Digest;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;

/// Runs `p.code` as the body of an async function of `(p, Toolbelt)`; a thrown error comes back
/// as `{error: {name, message, statusCode, code, cause}}` so tests can look at failures.
const RUNNER: &str = "const { Toolbelt } = require('lp-faas-toolbelt');\n\
    const AsyncFunction = (async () => {}).constructor;\n\
    async function lambda(input, cb) {\n\
      const p = input.payload;\n\
      try { cb(null, { ok: await new AsyncFunction('p', 'Toolbelt', p.code)(p, Toolbelt) }); }\n\
      catch (e) { cb(null, { error: { name: e.name, message: String(e.message), statusCode: e.statusCode, code: e.code,\n\
        cause: e.cause ? String(e.cause.message || e.cause) : null } }); }\n\
    }";

pub struct Scenario {
    pub t: TestServer,
    pub uuid: String,
    pub app: String,
}

impl Scenario {
    /// A server that lets functions reach private addresses (the targets are local), with
    /// `localhost` on account 1000's allowlist and the runner deployed.
    pub async fn start(tweak: impl FnOnce(&mut fnhost_server::ServerConfig)) -> Scenario {
        let t = TestServer::start_with(Backend::Sqlite, |c| {
            c.egress_allow_private = true;
            c.limits.timeout_ms = 10_000;
            tweak(c);
        })
        .await;
        let st = &t.server.as_ref().unwrap().state;
        st.store
            .add_domain("1000", "localhost", fnhost_server::now_ms())
            .await
            .unwrap();
        let uuid = t.deploy("runner", RUNNER).await;
        let app = t.app_token().await;
        Scenario { t, uuid, app }
    }

    /// Runs `code` with `p` = `payload` plus `code`; answers what it returned (`ok`) or threw
    /// (`error`).
    pub async fn run(&self, code: &str, mut payload: Value) -> Value {
        payload["code"] = json!(code);
        let r = self
            .t
            .invoke(&self.uuid, &self.app, json!({ "payload": payload }))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.body
    }
}

/// One part of a multipart/form-data body, as the target parsed it.
fn multipart_parts(body: &[u8], boundary: &str) -> Result<Vec<Value>, String> {
    let delim = format!("--{boundary}").into_bytes();
    let find = |from: usize, needle: &[u8]| {
        body.get(from..)
            .and_then(|rest| rest.windows(needle.len()).position(|w| w == needle))
            .map(|p| p + from)
    };
    let mut pos = find(0, &delim).ok_or("no opening boundary")? + delim.len();
    let mut parts = Vec::new();
    loop {
        if body[pos..].starts_with(b"--") {
            return Ok(parts);
        }
        if !body[pos..].starts_with(b"\r\n") {
            return Err("a boundary is not followed by CRLF".into());
        }
        let head_end = find(pos, b"\r\n\r\n").ok_or("part headers do not end")?;
        let head = std::str::from_utf8(&body[pos + 2..head_end]).map_err(|e| e.to_string())?;
        let mut closing = b"\r\n".to_vec();
        closing.extend_from_slice(&delim);
        let end = find(head_end + 4, &closing).ok_or("part does not end")?;
        let (mut name, mut filename, mut content_type) = (None, None, None);
        for line in head.split("\r\n") {
            let (k, v) = line
                .split_once(':')
                .ok_or("a part header without a colon")?;
            match k.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    let mut params = v.split(';').map(str::trim);
                    if params.next() != Some("form-data") {
                        return Err(format!("disposition is not form-data: {v}"));
                    }
                    for p in params {
                        let (pk, pv) = p.split_once('=').ok_or("a parameter without =")?;
                        let pv = pv.trim_matches('"').to_owned();
                        match pk {
                            "name" => name = Some(pv),
                            "filename" => filename = Some(pv),
                            _ => {}
                        }
                    }
                }
                "content-type" => content_type = Some(v.trim().to_owned()),
                other => return Err(format!("unexpected part header {other}")),
            }
        }
        let data = &body[head_end + 4..end];
        parts.push(json!({
            "name": name.ok_or("a part without a name")?,
            "filename": filename, "contentType": content_type,
            "data": base64::engine::general_purpose::STANDARD.encode(data),
        }));
        pos = end + 2 + delim.len();
    }
}

/// What `/echo` answers: the request as it arrived.
async fn echo(method: Method, headers: HeaderMap, body: Bytes) -> axum::Json<Value> {
    let mut h = serde_json::Map::new();
    for (k, v) in &headers {
        h.insert(
            k.as_str().to_owned(),
            json!(String::from_utf8_lossy(v.as_bytes())),
        );
    }
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let parts = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .map(|b| match multipart_parts(&body, b) {
            Ok(p) => json!(p),
            Err(e) => json!({ "invalid": e }),
        });
    axum::Json(json!({
        "method": method.as_str(), "headers": h, "parts": parts,
        "bodyBase64": base64::engine::general_purpose::STANDARD.encode(&body),
        "sha256": hex(&sha2::Sha256::digest(&body)),
    }))
}

/// `/slow` requests whose client went away before the answer (the handler was dropped).
pub static SLOW_ABANDONED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

struct SlowGuard;
impl Drop for SlowGuard {
    fn drop(&mut self) {
        SLOW_ABANDONED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A local HTTP target: `/echo` (the request as JSON), `/bytes` (all 256 byte values),
/// `/redirect?to=URL[&status=N]`, `/slow` (answers after 5 s), `/challenge` (401 with a Basic
/// challenge unless credentials came).
pub async fn http_target() -> SocketAddr {
    let app = axum::Router::new()
        .route("/echo", any(echo))
        .route(
            "/bytes",
            get(|| async {
                (
                    [("content-type", "application/octet-stream")],
                    (0..=255u8).collect::<Vec<u8>>(),
                )
            }),
        )
        .route(
            "/redirect",
            any(|Query(q): Query<HashMap<String, String>>| async move {
                let status = q.get("status").and_then(|s| s.parse().ok()).unwrap_or(302);
                (
                    StatusCode::from_u16(status).unwrap(),
                    [("location", q.get("to").cloned().unwrap_or_default())],
                    "moved",
                )
            }),
        )
        .route(
            "/slow",
            get(|| async {
                let guard = SlowGuard;
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                std::mem::forget(guard);
                "late"
            }),
        )
        .route(
            "/challenge",
            get(|headers: HeaderMap| async move {
                match headers.get("authorization") {
                    Some(v) => (
                        StatusCode::OK,
                        [("www-authenticate", "")],
                        v.to_str().unwrap_or("").to_owned(),
                    ),
                    None => (
                        StatusCode::UNAUTHORIZED,
                        [("www-authenticate", "Basic realm=\"t\"")],
                        String::new(),
                    ),
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// A test PKI: a CA, a server certificate for `localhost` signed by it, a client certificate
/// signed by it, and a client certificate signed by another CA (the wrong one).
pub struct Pki {
    pub ca_pem: String,
    pub server_cert_pem: String,
    pub server_key_pem: String,
    pub client_cert_pem: String,
    pub client_key_pem: String,
    pub client_cert_der: Vec<u8>,
    pub other_cert_pem: String,
    pub other_key_pem: String,
    ca_der: Vec<u8>,
}

fn ca(name: &str) -> (rcgen::Certificate, rcgen::Issuer<'static, rcgen::KeyPair>) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyCertSign,
        rcgen::KeyUsagePurpose::CrlSign,
        rcgen::KeyUsagePurpose::DigitalSignature,
    ];
    let cert = params.self_signed(&key).unwrap();
    (cert, rcgen::Issuer::new(params, key))
}

fn leaf(
    names: &[&str],
    purpose: rcgen::ExtendedKeyUsagePurpose,
    issuer: &rcgen::Issuer<'static, rcgen::KeyPair>,
) -> (rcgen::Certificate, rcgen::KeyPair) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params =
        rcgen::CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .unwrap();
    params.distinguished_name.push(
        rcgen::DnType::CommonName,
        names.first().copied().unwrap_or("client"),
    );
    params.extended_key_usages = vec![purpose];
    (params.signed_by(&key, issuer).unwrap(), key)
}

impl Pki {
    pub fn generate() -> Pki {
        use rcgen::ExtendedKeyUsagePurpose::{ClientAuth, ServerAuth};
        let (ca_cert, issuer) = ca("fnhost test CA");
        let (server, server_key) = leaf(&["localhost"], ServerAuth, &issuer);
        let (client, client_key) = leaf(&["function-client"], ClientAuth, &issuer);
        let (_, other_issuer) = ca("another CA");
        let (other, other_key) = leaf(&["intruder"], ClientAuth, &other_issuer);
        Pki {
            ca_pem: ca_cert.pem(),
            ca_der: ca_cert.der().to_vec(),
            server_cert_pem: server.pem(),
            server_key_pem: server_key.serialize_pem(),
            client_cert_pem: client.pem(),
            client_key_pem: client_key.serialize_pem(),
            client_cert_der: client.der().to_vec(),
            other_cert_pem: other.pem(),
            other_key_pem: other_key.serialize_pem(),
        }
    }

    pub fn server_config(&self, require_client_cert: bool) -> rustls::ServerConfig {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let certs = rustls_pemfile::certs(&mut self.server_cert_pem.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        let key = rustls_pemfile::private_key(&mut self.server_key_pem.as_bytes())
            .unwrap()
            .unwrap();
        let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .unwrap();
        let builder = if require_client_cert {
            let mut roots = rustls::RootCertStore::empty();
            roots.add(self.ca_der.clone().into()).unwrap();
            let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
                Arc::new(roots),
                provider,
            )
            .build()
            .unwrap();
            builder.with_client_cert_verifier(verifier)
        } else {
            builder.with_no_client_auth()
        };
        builder.with_single_cert(certs, key).unwrap()
    }
}

/// What an HTTPS target saw: per connection, the SHA-256 of the client certificate (or none), or
/// the handshake's failure.
pub type Seen = Arc<Mutex<Vec<Result<Option<String>, String>>>>;

/// An HTTPS target on `localhost` with the PKI's server certificate; with `require_client_cert`
/// it refuses connections without a client certificate signed by the PKI's CA. It answers every
/// request with `{"clientCert": sha256-of-the-client-certificate | null}`.
pub async fn tls_target(pki: &Pki, require_client_cert: bool) -> (SocketAddr, Seen) {
    let acceptor =
        tokio_rustls::TlsAcceptor::from(Arc::new(pki.server_config(require_client_cert)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen: Seen = Arc::default();
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let log = log.clone();
            tokio::spawn(async move {
                let mut tls = match acceptor.accept(tcp).await {
                    Ok(s) => s,
                    Err(e) => {
                        log.lock().unwrap().push(Err(e.to_string()));
                        return;
                    }
                };
                let peer = tls
                    .get_ref()
                    .1
                    .peer_certificates()
                    .and_then(|c| c.first())
                    .map(|c| hex(&sha2::Sha256::digest(c.as_ref())));
                log.lock().unwrap().push(Ok(peer.clone()));
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let body = json!({ "clientCert": peer }).to_string();
                let res = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(res.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (addr, seen)
}
