//! Host services: what a function can reach outside its isolate, passed in by the embedder as traits.
//!
//! The runtime knows nothing of HTTP servers, databases or proxies. The toolbelt's `SecretClient`,
//! `HTTPClient`, `ContextServiceClient`, `OrchestratorClient` and `LpClient` (through the service
//! directory) call these traits; the server wires
//! real implementations, tests and the CLI's local mode use the in-memory ones in [`memory`].

use async_trait::async_trait;
use fnhost_model::HostErrorCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

pub mod memory;

/// Who is calling a host service: the account and function the invocation belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub account_id: String,
    pub lambda_uuid: String,
}

/// A failure of a host service, surfaced to JS as a rejected promise with `code` and `message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct HostError {
    /// A stable code, e.g. `com.liveperson.faas.secret.not-found`.
    pub code: HostErrorCode,
    pub message: String,
    /// An HTTP-like status when the service has one (e.g. 403 for a domain not on the allowlist).
    pub status: Option<u16>,
}

impl HostError {
    pub fn new(code: HostErrorCode, message: impl Into<String>) -> Self {
        HostError {
            code,
            message: message.into(),
            status: None,
        }
    }
}

/// The account's secret store (`Toolbelt.SecretClient()`).
#[async_trait]
pub trait SecretStore: Send + Sync {
    /// Reads a secret; `Ok(None)` when it does not exist.
    async fn read(&self, caller: &Caller, key: &str) -> Result<Option<String>, HostError>;
    /// Updates an existing secret; `Ok(false)` when it does not exist.
    async fn update(&self, caller: &Caller, key: &str, value: &str) -> Result<bool, HostError>;
}

/// An outbound HTTP request made by a function (`Toolbelt.HTTPClient()`, `Toolbelt.MTLSClient()`,
/// `fetch`).
///
/// The body travels either as text (`body`) or as bytes (`bodyBase64`), never both. The response
/// carries its body as text unless `binaryResponse` asks for the bytes (then `bodyBase64`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The request body as text (sent as its UTF-8 bytes).
    #[serde(default)]
    pub body: Option<String>,
    /// The request body's bytes, base64-encoded; exclusive with `body`.
    #[serde(default)]
    pub body_base64: Option<String>,
    /// Answer the body's bytes (`HttpResponse::body_base64`) instead of its text.
    #[serde(default)]
    pub binary_response: bool,
    /// Follow redirects (default true; each hop is checked by the egress policy). `false` answers
    /// a 3xx as it is.
    #[serde(default)]
    pub follow_redirects: Option<bool>,
    /// A client certificate for mutual TLS.
    #[serde(default)]
    pub client_identity: Option<ClientIdentity>,
    #[serde(default)]
    pub timeout_ms: Option<u64>,
}

impl HttpRequest {
    /// A request with no body, default options and no identity.
    pub fn new(method: impl Into<String>, url: impl Into<String>) -> Self {
        HttpRequest {
            method: method.into(),
            url: url.into(),
            headers: BTreeMap::new(),
            body: None,
            body_base64: None,
            binary_response: false,
            follow_redirects: None,
            client_identity: None,
            timeout_ms: None,
        }
    }

    /// The body's bytes: the text's UTF-8 bytes or the decoded base64. Both at once, or base64
    /// that does not decode, is `EgressBadRequest`.
    pub fn body_bytes(&self) -> Result<Option<Vec<u8>>, HostError> {
        use base64::Engine as _;
        match (&self.body, &self.body_base64) {
            (Some(_), Some(_)) => Err(HostError::new(
                HostErrorCode::EgressBadRequest,
                "a request has either `body` or `bodyBase64`, not both",
            )),
            (Some(text), None) => Ok(Some(text.clone().into_bytes())),
            (None, Some(b64)) => base64::engine::general_purpose::STANDARD
                .decode(b64)
                .map(Some)
                .map_err(|e| {
                    HostError::new(
                        HostErrorCode::EgressBadRequest,
                        format!("`bodyBase64` is not valid base64: {e}"),
                    )
                }),
            (None, None) => Ok(None),
        }
    }
}

/// The client side of mutual TLS: a PEM certificate chain and its private key (PKCS#8, PKCS#1
/// RSA or SEC1 EC), optionally a CA to trust for the server and permission to accept a server
/// certificate no trusted root signed. `Debug` never prints the key.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientIdentity {
    pub cert_pem: String,
    pub key_pem: String,
    #[serde(default)]
    pub ca_pem: Option<String>,
    #[serde(default)]
    pub allow_self_signed: bool,
}

impl std::fmt::Debug for ClientIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientIdentity")
            .field("cert_pem", &format_args!("{} bytes", self.cert_pem.len()))
            .field("key_pem", &"<redacted>")
            .field("ca_pem", &self.ca_pem.as_ref().map(|c| c.len()))
            .field("allow_self_signed", &self.allow_self_signed)
            .finish()
    }
}

/// The response handed back to the function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpResponse {
    pub status_code: u16,
    #[serde(default)]
    pub status_message: String,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The body as text (invalid UTF-8 replaced); empty when `body_base64` carries it.
    pub body: String,
    /// The body's bytes, base64-encoded, when the request asked for a binary response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_base64: Option<String>,
    /// The URL that answered: the request's, or the last hop's after redirects.
    #[serde(default)]
    pub url: String,
    /// Whether redirects were followed to get here.
    #[serde(default)]
    pub redirected: bool,
}

impl HttpResponse {
    /// An answer made by the platform itself (a refusal, a rate limit) for the URL `url`.
    pub fn canned(status: u16, message: &str, url: &str, body: &str, binary: bool) -> Self {
        let mut res = HttpResponse {
            status_code: status,
            status_message: message.to_owned(),
            headers: BTreeMap::new(),
            body: String::new(),
            body_base64: None,
            url: url.to_owned(),
            redirected: false,
        };
        res.set_body(body.as_bytes(), binary);
        res
    }

    /// Sets the body from its bytes: as base64 when `binary`, else as (lossy) UTF-8 text.
    pub fn set_body(&mut self, bytes: &[u8], binary: bool) {
        use base64::Engine as _;
        if binary {
            self.body = String::new();
            self.body_base64 = Some(base64::engine::general_purpose::STANDARD.encode(bytes));
        } else {
            self.body = String::from_utf8_lossy(bytes).into_owned();
            self.body_base64 = None;
        }
    }
}

/// Egress for functions: allowlists, rate limits and the actual HTTP client live behind this.
#[async_trait]
pub trait HttpEgress: Send + Sync {
    async fn request(&self, caller: &Caller, req: HttpRequest) -> Result<HttpResponse, HostError>;
}

/// One operation on the context session store (`Toolbelt.ContextServiceClient`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum ContextOp {
    #[serde(rename_all = "camelCase")]
    CreateNamespace {
        namespace: String,
        ttl_second: Option<u64>,
    },
    DeleteNamespace {
        namespace: String,
    },
    ListNamespaces,
    #[serde(rename_all = "camelCase")]
    SetProperties {
        namespace: String,
        session_id: String,
        properties: serde_json::Map<String, serde_json::Value>,
    },
    #[serde(rename_all = "camelCase")]
    GetProperties {
        namespace: String,
        session_id: String,
        names: Option<Vec<String>>,
    },
    #[serde(rename_all = "camelCase")]
    DeleteProperty {
        namespace: String,
        session_id: String,
        name: String,
    },
    #[serde(rename_all = "camelCase")]
    DeleteSession {
        namespace: String,
        session_id: String,
    },
    ListSessions {
        namespace: String,
    },
}

/// The context session store.
#[async_trait]
pub trait ContextStore: Send + Sync {
    async fn execute(
        &self,
        account_id: &str,
        op: ContextOp,
    ) -> Result<serde_json::Value, HostError>;
}

/// One function-to-function call made through `Toolbelt.OrchestratorClient()`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrchestratorCall {
    pub uuid: String,
    pub payload: serde_json::Value,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    pub timeout_ms: u64,
}

/// The answer of one orchestrated call: `{uuid, body, headers, statusCode, error?}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrchestratorResponse {
    pub uuid: String,
    pub body: serde_json::Value,
    pub headers: BTreeMap<String, String>,
    pub status_code: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<OrchestratorError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrchestratorError {
    pub code: String,
    pub message: String,
}

/// Invokes other functions of the same account.
#[async_trait]
pub trait Orchestrator: Send + Sync {
    async fn invoke(&self, caller: &Caller, call: OrchestratorCall) -> OrchestratorResponse;
}

/// One entry of the account's service directory: where a LivePerson service lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDomain {
    pub service: String,
    /// Host (and port) without a scheme, e.g. `va.msghist.liveperson.net`.
    #[serde(rename = "baseURI")]
    pub base_uri: String,
}

/// The account's service directory (LivePerson's CSDS), behind `Toolbelt.LpClient()` and the
/// components built on it.
#[async_trait]
pub trait ServiceDirectory: Send + Sync {
    /// Every service domain of the caller's account.
    async fn domains(&self, caller: &Caller) -> Result<Vec<ServiceDomain>, HostError>;
}

/// The bundle of host services one function instance can use.
#[derive(Clone)]
pub struct HostServices {
    pub secrets: Arc<dyn SecretStore>,
    pub http: Arc<dyn HttpEgress>,
    pub context: Arc<dyn ContextStore>,
    pub orchestrator: Arc<dyn Orchestrator>,
    pub directory: Arc<dyn ServiceDirectory>,
}

impl HostServices {
    /// In-memory services: empty secrets, no egress, an in-memory context store, no orchestration.
    pub fn in_memory() -> Self {
        HostServices {
            secrets: Arc::new(memory::MemorySecrets::default()),
            http: Arc::new(memory::NoEgress),
            context: Arc::new(memory::MemoryContextStore::default()),
            orchestrator: Arc::new(memory::NoOrchestrator),
            directory: Arc::new(memory::NoDirectory),
        }
    }

    /// Dispatches a toolbelt call `(service, op, args)` to the right trait. Returns the JSON the JS
    /// side expects: `{"ok": value}` or `{"err": {code, message, status}}`.
    pub(crate) async fn dispatch(
        &self,
        caller: &Caller,
        service: &str,
        op: &str,
        args: &str,
    ) -> String {
        let result = self.dispatch_inner(caller, service, op, args).await;
        let body = match result {
            Ok(v) => serde_json::json!({ "ok": v }),
            Err(e) => {
                serde_json::json!({ "err": { "code": e.code.as_str(), "message": e.message, "status": e.status } })
            }
        };
        body.to_string()
    }

    async fn dispatch_inner(
        &self,
        caller: &Caller,
        service: &str,
        op: &str,
        args: &str,
    ) -> Result<serde_json::Value, HostError> {
        let args: serde_json::Value = serde_json::from_str(args)
            .map_err(|e| HostError::new(HostErrorCode::BadArguments, e.to_string()))?;
        let str_arg = |name: &str| -> Result<String, HostError> {
            args.get(name)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
                .ok_or_else(|| {
                    HostError::new(
                        HostErrorCode::BadArguments,
                        format!("missing string argument `{name}`"),
                    )
                })
        };
        let bad = |e: serde_json::Error| HostError::new(HostErrorCode::BadArguments, e.to_string());
        match (service, op) {
            ("secrets", "read") => {
                let key = str_arg("key")?;
                match self.secrets.read(caller, &key).await? {
                    Some(v) => Ok(serde_json::Value::String(v)),
                    None => Err(HostError::new(
                        HostErrorCode::SecretNotFound,
                        format!("secret `{key}` was not found"),
                    )),
                }
            }
            ("secrets", "update") => {
                let key = str_arg("key")?;
                let value = str_arg("value")?;
                if value.chars().count() > 10_000 {
                    return Err(HostError::new(
                        HostErrorCode::SecretInvalidFormat,
                        "secret value exceeds 10000 characters",
                    ));
                }
                if self.secrets.update(caller, &key, &value).await? {
                    Ok(serde_json::Value::Null)
                } else {
                    Err(HostError::new(
                        HostErrorCode::SecretNotFound,
                        format!("secret `{key}` was not found"),
                    ))
                }
            }
            ("http", "request") => {
                let req: HttpRequest = serde_json::from_value(args).map_err(bad)?;
                let res = self.http.request(caller, req).await?;
                serde_json::to_value(res).map_err(bad)
            }
            ("context", _) => {
                let mut obj = args.as_object().cloned().unwrap_or_default();
                let account = obj
                    .remove("accountId")
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_else(|| caller.account_id.clone());
                if account != caller.account_id {
                    return Err(HostError::new(
                        HostErrorCode::ContextForbidden,
                        "a function can only use the context store of its own account",
                    ));
                }
                obj.insert("op".into(), serde_json::Value::String(op.to_owned()));
                let op: ContextOp =
                    serde_json::from_value(serde_json::Value::Object(obj)).map_err(bad)?;
                self.context.execute(&account, op).await
            }
            ("csds", "domains") => {
                let domains = self.directory.domains(caller).await?;
                serde_json::to_value(domains).map_err(bad)
            }
            ("orchestrator", "invoke") => {
                let call: OrchestratorCall = serde_json::from_value(args).map_err(bad)?;
                let res = self.orchestrator.invoke(caller, call).await;
                serde_json::to_value(res).map_err(bad)
            }
            _ => Err(HostError::new(
                HostErrorCode::UnknownService,
                format!("unknown host service {service}.{op}"),
            )),
        }
    }
}
