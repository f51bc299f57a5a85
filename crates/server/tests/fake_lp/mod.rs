//! A fake LivePerson Conversational Cloud for the toolbelt tests, served by the test itself:
//! the service directory (CSDS, plain HTTP: the operator's `--csds-url`) and, over HTTPS with a
//! certificate from a test CA, Messaging Interactions (conversation search), the engagement
//! attributes API (SDEs), Swift file storage (auth and file upload) and a Salesforce REST query.
//! OAuth 1.0a signatures are verified exactly as LivePerson's gateway would (HMAC-SHA1 over the
//! base string); what arrives is recorded for the test to check. The HTTPS certificate comes from
//! the egress tests' PKI (`egress_support::Pki`).

#![allow(dead_code)]

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

pub const ACCOUNT: &str = "1000";
pub const CONSUMER_KEY: &str = "ck-123";
pub const CONSUMER_SECRET: &str = "cs-456";
pub const TOKEN: &str = "tk-789";
pub const TOKEN_SECRET: &str = "ts-012";
pub const CONVERSATION: &str = "c0ffee00-0000-4000-8000-000000000001";
pub const SWIFT_USER: &str = "swift-user";
pub const SWIFT_KEY: &str = "swift-pass";
pub const SWIFT_TOKEN: &str = "swift-token-1";
pub const SF_TOKEN: &str = "sf-token";
pub const SF_USER: &str = "sf-user@example.com";
pub const SF_PASSWORD: &str = "sf-password";
pub const FILES: [&str; 2] = [
    "/v1/AUTH_async-images/1000/receipt.png",
    "/v1/AUTH_async-images/1000/id-card.jpg",
];

/// The secret value `lp-faas-default-app-key` holds for this cloud.
pub fn app_key_secret() -> String {
    json!({"consumerKey": CONSUMER_KEY, "consumerSecret": CONSUMER_SECRET, "token": TOKEN, "tokenSecret": TOKEN_SECRET}).to_string()
}

/// What the cloud received.
#[derive(Default)]
pub struct Seen {
    /// Requests that needed OAuth: `(method path, verified)`.
    pub oauth: Vec<(String, bool)>,
    /// SDE updates: `(visitor, session, body)`.
    pub sdes: Vec<(String, String, Value)>,
    /// Files written to Swift: path → (content type, bytes).
    pub files: BTreeMap<String, (String, Vec<u8>)>,
    /// Salesforce queries.
    pub soql: Vec<String>,
}

#[derive(Clone)]
struct Cloud {
    seen: Arc<Mutex<Seen>>,
    /// `localhost:<tls port>`, what CSDS answers for every service.
    domain: Arc<Mutex<String>>,
}

pub struct FakeCloud {
    pub seen: Arc<Mutex<Seen>>,
    /// `http://127.0.0.1:<port>`: the CSDS base URL.
    pub csds_url: String,
    /// `https://localhost:<port>`: the services.
    pub https_url: String,
    /// The test CA's certificate (PEM), to be trusted with `--egress-ca-file`.
    pub ca_pem: String,
}

impl FakeCloud {
    pub async fn start() -> FakeCloud {
        let seen = Arc::new(Mutex::new(Seen::default()));
        let cloud = Cloud {
            seen: seen.clone(),
            domain: Arc::new(Mutex::new(String::new())),
        };
        let app = Router::new()
            .route("/api/account/{acc}/service/baseURI.json", get(csds))
            .route(
                "/messaging_history/api/account/{acc}/conversations/conversation/search",
                post(conversation_search),
            )
            .route(
                "/api/account/{acc}/monitoring/visitors/{visitor}/visits/current/events",
                put(add_sdes),
            )
            .route("/auth/v1.0", get(swift_auth))
            .route("/v1/{*path}", put(swift_put))
            .route("/services/data/{version}/query", get(sf_query))
            .route("/services/Soap/u/{version}", post(sf_soap_login))
            .route(
                "/status",
                get(|| async { axum::Json(json!({"ok": true, "from": "fake cloud"})) }),
            )
            .with_state(cloud.clone());

        let pki = crate::egress_support::Pki::generate();
        let (ca_pem, tls) = (pki.ca_pem.clone(), pki.server_config(false));
        let tls_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let tls_port = tls_listener.local_addr().unwrap().port();
        *cloud.domain.lock().unwrap() = format!("localhost:{tls_port}");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls));
        let tls_app = app.clone();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = tls_listener.accept().await {
                let acceptor = acceptor.clone();
                let app = tls_app.clone();
                tokio::spawn(async move {
                    let Ok(stream) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let service = hyper_util::service::TowerToHyperService::new(app);
                    let _ = hyper_util::server::conn::auto::Builder::new(
                        hyper_util::rt::TokioExecutor::new(),
                    )
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
                });
            }
        });
        let plain = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let plain_addr: SocketAddr = plain.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(plain, app).await;
        });
        FakeCloud {
            seen,
            csds_url: format!("http://{plain_addr}"),
            https_url: format!("https://localhost:{tls_port}"),
            ca_pem,
        }
    }
}

async fn csds(State(c): State<Cloud>, Path(acc): Path<String>) -> Response {
    let domain = c.domain.lock().unwrap().clone();
    let list: Vec<Value> = [
        "msgHist",
        "smt",
        "swift",
        "agentVep",
        "accountConfigReadOnly",
    ]
    .iter()
    .map(|s| json!({"service": s, "account": acc, "baseURI": domain}))
    .collect();
    axum::Json(json!({ "baseURIs": list })).into_response()
}

/// RFC 3986 percent-encoding as OAuth 1.0a wants it (unreserved characters kept).
fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn dec(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Checks the `Authorization: OAuth ...` header of a request to `https://localhost:<port><uri>`.
fn oauth_ok(c: &Cloud, method: &Method, uri: &Uri, headers: &HeaderMap) -> bool {
    let Some(auth) = headers.get("authorization").and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Some(rest) = auth.strip_prefix("OAuth ") else {
        return false;
    };
    let mut params: Vec<(String, String)> = Vec::new();
    let mut signature = String::new();
    for part in rest.split(',') {
        let Some((k, v)) = part.trim().split_once('=') else {
            return false;
        };
        let v = dec(v.trim_matches('"'));
        if k == "oauth_signature" {
            signature = v;
        } else {
            params.push((k.to_owned(), v));
        }
    }
    let has = |k: &str, v: &str| params.iter().any(|(a, b)| a == k && b == v);
    if !has("oauth_consumer_key", CONSUMER_KEY)
        || !has("oauth_token", TOKEN)
        || !has("oauth_signature_method", "HMAC-SHA1")
    {
        return false;
    }
    if let Some(q) = uri.query() {
        for (k, v) in url::form_urlencoded::parse(q.as_bytes()) {
            params.push((k.into_owned(), v.into_owned()));
        }
    }
    let mut encoded: Vec<(String, String)> = params.iter().map(|(k, v)| (enc(k), enc(v))).collect();
    encoded.sort();
    let normalized = encoded
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let base_url = format!("https://{}{}", c.domain.lock().unwrap(), uri.path());
    let base = format!(
        "{}&{}&{}",
        method.as_str(),
        enc(&base_url),
        enc(&normalized)
    );
    let key = format!("{}&{}", enc(CONSUMER_SECRET), enc(TOKEN_SECRET));
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(base.as_bytes());
    use base64::Engine as _;
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    expected == signature
}

fn record_oauth(c: &Cloud, method: &Method, uri: &Uri, headers: &HeaderMap) -> bool {
    let ok = oauth_ok(c, method, uri, headers);
    c.seen
        .lock()
        .unwrap()
        .oauth
        .push((format!("{method} {}", uri.path()), ok));
    ok
}

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        axum::Json(json!({"error": "invalid OAuth signature"})),
    )
        .into_response()
}

/// The conversation the cloud knows: text, a rich-content card and two shared files.
pub fn conversation() -> Value {
    let text = |t: &str, at: i64, by: &str| json!({"type": "TEXT_PLAIN", "messageData": {"msg": {"text": t}}, "timeL": at, "sentBy": by, "messageId": format!("ms::{at}")});
    let file = |p: &str, caption: &str, at: i64| json!({"type": "HOSTED_FILE", "messageData": {"file": {"caption": caption, "relativePath": p, "fileType": "PNG"}}, "timeL": at, "sentBy": "Consumer"});
    json!({
        "_metadata": {"count": 1},
        "conversationHistoryRecords": [{
            "info": {"conversationId": CONVERSATION, "brandId": ACCOUNT, "status": "CLOSE", "closeReason": "CONSUMER"},
            "messageRecords": [
                text("Hi, I want to cancel my subscription", 1_700_000_001_000, "Consumer"),
                text("Sure. May I ask why?", 1_700_000_002_000, "Agent"),
                file(FILES[0], "my receipt for the refund", 1_700_000_003_000),
                text("It is too expensive; I want a refund", 1_700_000_004_000, "Consumer"),
                file(FILES[1], "id card", 1_700_000_005_000),
            ],
            "sdes": {"events": [
                {"sdeType": "CUSTOMER_INFO", "serverTimeStamp": "1700000002000", "customerInfo": {"customerInfo": {"customerId": "cust-1"}}},
                {"sdeType": "PERSONAL_INFO", "serverTimeStamp": "1700000001000", "personalInfo": {"personalInfo": {"name": "Ada"}}},
            ]},
        }],
    })
}

async fn conversation_search(
    State(c): State<Cloud>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(acc): Path<String>,
    body: Bytes,
) -> Response {
    if !record_oauth(&c, &method, &uri, &headers) {
        return unauthorized();
    }
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if acc == ACCOUNT && body["conversationId"] == CONVERSATION {
        axum::Json(conversation()).into_response()
    } else {
        axum::Json(json!({"_metadata": {"count": 0}, "conversationHistoryRecords": []}))
            .into_response()
    }
}

async fn add_sdes(
    State(c): State<Cloud>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path((_acc, visitor)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    if !record_oauth(&c, &method, &uri, &headers) {
        return unauthorized();
    }
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let sid = q.get("sid").cloned().unwrap_or_default();
    c.seen.lock().unwrap().sdes.push((visitor, sid, body));
    axum::Json(json!({})).into_response()
}

async fn swift_auth(headers: HeaderMap) -> Response {
    let h = |k: &str| headers.get(k).and_then(|v| v.to_str().ok()).unwrap_or("");
    if h("x-auth-user") == SWIFT_USER && h("x-auth-key") == SWIFT_KEY {
        ([("x-auth-token", SWIFT_TOKEN)], "").into_response()
    } else {
        (StatusCode::UNAUTHORIZED, "bad credentials").into_response()
    }
}

async fn swift_put(State(c): State<Cloud>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let h = |k: &str| {
        headers
            .get(k)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    if h("x-auth-token") != SWIFT_TOKEN {
        return (StatusCode::UNAUTHORIZED, "no token").into_response();
    }
    c.seen
        .lock()
        .unwrap()
        .files
        .insert(uri.path().to_owned(), (h("content-type"), body.to_vec()));
    StatusCode::CREATED.into_response()
}

async fn sf_query(
    State(c): State<Cloud>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if auth != format!("Bearer {SF_TOKEN}") {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}])),
        )
            .into_response();
    }
    let soql = q.get("q").cloned().unwrap_or_default();
    c.seen.lock().unwrap().soql.push(soql);
    axum::Json(json!({
        "totalSize": 2,
        "done": true,
        "records": [
            {"attributes": {"type": "Account", "url": "/services/data/v50.0/sobjects/Account/001A"}, "Id": "001A", "Name": "Acme"},
            {"attributes": {"type": "Account", "url": "/services/data/v50.0/sobjects/Account/001B"}, "Id": "001B", "Name": "Globex"},
        ],
    }))
    .into_response()
}

/// Salesforce's SOAP `login` (what jsforce's `Connection.login(username, password)` calls).
async fn sf_soap_login(
    State(c): State<Cloud>,
    Path(version): Path<String>,
    body: Bytes,
) -> Response {
    let body = String::from_utf8_lossy(&body);
    let field = |name: &str| {
        let open = format!("<{name}>");
        body.split_once(&open)
            .and_then(|(_, rest)| rest.split_once(&format!("</{name}>")))
            .map(|(v, _)| v.to_owned())
            .unwrap_or_default()
    };
    let xml = |inner: String| {
        (
            [("content-type", "text/xml; charset=utf-8")],
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" \
                 xmlns=\"urn:partner.soap.sforce.com\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>{inner}</soapenv:Body></soapenv:Envelope>"
            ),
        )
    };
    if field("username") != SF_USER || field("password") != SF_PASSWORD {
        let fault = "<soapenv:Fault><faultcode>INVALID_LOGIN</faultcode><faultstring>INVALID_LOGIN: Invalid username, password, security token; or user locked out.</faultstring></soapenv:Fault>";
        return (StatusCode::INTERNAL_SERVER_ERROR, xml(fault.to_owned())).into_response();
    }
    let host = c.domain.lock().unwrap().clone();
    xml(format!(
        "<loginResponse><result><metadataServerUrl>https://{host}/services/Soap/m/{version}/00D000000000001</metadataServerUrl>\
         <passwordExpired>false</passwordExpired><sandbox>false</sandbox>\
         <serverUrl>https://{host}/services/Soap/u/{version}/00D000000000001</serverUrl><sessionId>{SF_TOKEN}</sessionId>\
         <userId>005000000000001</userId><userInfo><organizationId>00D000000000001</organizationId>\
         <userId>005000000000001</userId><userName>{SF_USER}</userName></userInfo></result></loginResponse>"
    ))
    .into_response()
}
