//! The server's host services for functions: secrets from the store (sealed at rest), egress through
//! an allowlist and a per-function rate limit, an in-memory context store, and orchestration
//! through the registry.

use crate::egress::{self, EgressPolicy, MAX_RESPONSE_BYTES, MAX_TIMEOUT, Outbound};
use crate::egress_clients::{ClientError, ClientSettings, EgressClients};
use async_trait::async_trait;
use fnhost_model::HostErrorCode;
use fnhost_runtime::host::{
    Caller, ContextOp, ContextStore, HostError, HostServices, HttpEgress, HttpRequest,
    HttpResponse, Orchestrator, OrchestratorCall, OrchestratorError, OrchestratorResponse,
    SecretStore,
};
use fnhost_store::Store;
use fnhost_store::crypto::SecretCipher;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::{BTreeMap, HashMap};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Secrets of the caller's account, decrypted on read and encrypted on write.
pub struct StoreSecrets {
    pub store: Arc<dyn Store>,
    pub cipher: SecretCipher,
}

fn host_unavailable(e: impl std::fmt::Display) -> HostError {
    HostError::new(
        HostErrorCode::SecretOpFailed,
        format!("the secret store is unavailable: {e}"),
    )
}

#[async_trait]
impl SecretStore for StoreSecrets {
    async fn read(&self, caller: &Caller, key: &str) -> Result<Option<String>, HostError> {
        match self
            .store
            .get_secret(&caller.account_id, key)
            .await
            .map_err(host_unavailable)?
        {
            Some(sealed) => self
                .cipher
                .open(&sealed)
                .map(Some)
                .ok_or_else(|| host_unavailable("the secret could not be decrypted")),
            None => Ok(None),
        }
    }
    async fn update(&self, caller: &Caller, key: &str, value: &str) -> Result<bool, HostError> {
        let now = crate::now_ms();
        self.store
            .update_secret(&caller.account_id, key, &self.cipher.seal(value), now)
            .await
            .map_err(host_unavailable)
    }
}

/// Outbound HTTP for functions: only to allowlisted domains, 20 requests/s per function, bodies
/// capped at 5 MiB, mutual TLS with the function's own client certificate.
pub struct AllowlistEgress {
    pub store: Arc<dyn Store>,
    allow_private: bool,
    clients: EgressClients,
    cache: Mutex<HashMap<String, (Instant, Vec<String>)>>,
    limiter: DefaultKeyedRateLimiter<String>,
}

const FORBIDDEN_BODY: &str =
    "You do not have access to the page or resource you are trying to reach\n";

/// How the server's egress is set up (`--egress-allow-private`, `--egress-ca-file`).
#[derive(Debug, Clone, Default)]
pub struct EgressSettings {
    /// Let functions reach loopback and private networks.
    pub allow_private: bool,
    /// Extra root certificates every egress client trusts.
    pub ca_file: Option<std::path::PathBuf>,
}

impl AllowlistEgress {
    pub fn new(store: Arc<dyn Store>, settings: &EgressSettings) -> Result<Self, ClientError> {
        // Redirects are followed by `egress::send`, which checks every hop against the policy.
        let mut client_settings = ClientSettings {
            public_only: !settings.allow_private,
            extra_roots: Vec::new(),
            timeout: Some(MAX_TIMEOUT),
        };
        if let Some(path) = &settings.ca_file {
            client_settings.trust_ca_file(path)?;
        }
        Ok(AllowlistEgress {
            store,
            allow_private: settings.allow_private,
            clients: EgressClients::new(client_settings)?,
            cache: Mutex::new(HashMap::new()),
            limiter: RateLimiter::keyed(Quota::per_second(NonZeroU32::new(20).expect("20 > 0"))),
        })
    }

    async fn allowlist(&self, account: &str) -> Result<Vec<String>, HostError> {
        if let Some((at, list)) = self.cache.lock().expect("cache poisoned").get(account)
            && at.elapsed() < Duration::from_secs(5)
        {
            return Ok(list.clone());
        }
        let list: Vec<String> = self
            .store
            .list_domains(account)
            .await
            .map_err(|e| HostError::new(HostErrorCode::EgressUnavailable, e.to_string()))?
            .into_iter()
            .map(|d| d.domain.to_ascii_lowercase())
            .collect();
        self.cache
            .lock()
            .expect("cache poisoned")
            .insert(account.to_owned(), (Instant::now(), list.clone()));
        Ok(list)
    }
}

#[async_trait]
impl HttpEgress for AllowlistEgress {
    async fn request(&self, caller: &Caller, req: HttpRequest) -> Result<HttpResponse, HostError> {
        let forbidden =
            || HttpResponse::canned(403, "", &req.url, FORBIDDEN_BODY, req.binary_response);
        let Ok(url) = url::Url::parse(&req.url) else {
            return Ok(forbidden());
        };
        let policy = EgressPolicy {
            allowlist: self.allowlist(&caller.account_id).await?,
            allow_private: self.allow_private,
        };
        if policy.check(&url).is_err() {
            return Ok(forbidden());
        }
        if self.limiter.check_key(&caller.lambda_uuid).is_err() {
            return Ok(HttpResponse::canned(
                429,
                "",
                &req.url,
                "Too Many Requests: a function may make at most 20 outbound requests per second\n",
                req.binary_response,
            ));
        }
        let mut outbound = Outbound::from_request(&req, url, MAX_TIMEOUT, MAX_RESPONSE_BYTES)?;
        let client = self.clients.client(req.client_identity.as_ref())?;
        outbound
            .headers
            .insert("LP-URL".into(), caller.account_id.clone());
        outbound.headers.insert(
            "User-Agent".into(),
            format!("LP-Lambda-{}", caller.lambda_uuid),
        );
        Ok(egress::send(&client, &policy, outbound)
            .await?
            .unwrap_or_else(|refusal| {
                tracing::info!(lambda = %caller.lambda_uuid, %refusal, "egress refused");
                forbidden()
            }))
    }
}

/// The context session store on the platform's store, shared by every node.
pub struct StoreContext {
    pub store: Arc<dyn Store>,
}

fn context_error(e: fnhost_store::StoreError, namespace: &str) -> HostError {
    match e {
        fnhost_store::StoreError::NotFound => HostError::new(
            HostErrorCode::ContextNamespaceNotFound,
            format!("namespace `{namespace}` does not exist"),
        ),
        other => HostError::new(
            HostErrorCode::ContextUnavailable,
            format!("the context store is unavailable: {other}"),
        ),
    }
}

#[async_trait]
impl ContextStore for StoreContext {
    async fn execute(&self, account: &str, op: ContextOp) -> Result<serde_json::Value, HostError> {
        use serde_json::{Value, json};
        let now = crate::now_ms();
        let ns_json = |n: &fnhost_store::ContextNamespace| json!({ "name": n.name, "createdAt": n.created_at, "ttlSecond": n.ttl_second });
        match op {
            ContextOp::CreateNamespace {
                namespace,
                ttl_second,
            } => {
                if namespace.trim().is_empty()
                    || namespace.len() > 100
                    || namespace.starts_with("__")
                {
                    return Err(HostError::new(
                        HostErrorCode::ContextInvalidNamespace,
                        "namespace must be 1 to 100 characters and not start with `__`",
                    ));
                }
                let n = self
                    .store
                    .context_create_namespace(
                        account,
                        &namespace,
                        ttl_second.map(|t| t as i64),
                        now,
                    )
                    .await
                    .map_err(|e| context_error(e, &namespace))?;
                Ok(ns_json(&n))
            }
            ContextOp::DeleteNamespace { namespace } => {
                self.store
                    .context_delete_namespace(account, &namespace)
                    .await
                    .map_err(|e| context_error(e, &namespace))?;
                Ok(Value::Null)
            }
            ContextOp::ListNamespaces => {
                let list = self
                    .store
                    .context_namespaces(account)
                    .await
                    .map_err(|e| context_error(e, ""))?;
                Ok(Value::Array(list.iter().map(ns_json).collect()))
            }
            ContextOp::SetProperties {
                namespace,
                session_id,
                properties,
            } => {
                if Value::Object(properties.clone()).to_string().len() > 100_000 {
                    return Err(HostError::new(
                        HostErrorCode::ContextTooLarge,
                        "properties exceed 100000 characters",
                    ));
                }
                let merged = self
                    .store
                    .context_merge(account, &namespace, &session_id, &properties, now)
                    .await
                    .map_err(|e| context_error(e, &namespace))?;
                Ok(Value::Object(merged))
            }
            ContextOp::GetProperties {
                namespace,
                session_id,
                names,
            } => {
                let all = self
                    .store
                    .context_get(account, &namespace, &session_id, now)
                    .await
                    .map_err(|e| context_error(e, &namespace))?;
                Ok(Value::Object(match names {
                    None => all,
                    Some(names) => all.into_iter().filter(|(k, _)| names.contains(k)).collect(),
                }))
            }
            ContextOp::DeleteProperty {
                namespace,
                session_id,
                name,
            } => {
                self.store
                    .context_delete_property(account, &namespace, &session_id, &name, now)
                    .await
                    .map_err(|e| context_error(e, &namespace))?;
                Ok(Value::Null)
            }
            ContextOp::DeleteSession {
                namespace,
                session_id,
            } => {
                self.store
                    .context_delete_session(account, &namespace, &session_id)
                    .await
                    .map_err(|e| context_error(e, &namespace))?;
                Ok(Value::Null)
            }
            ContextOp::ListSessions { namespace } => {
                let list = self
                    .store
                    .context_sessions(account, &namespace, now)
                    .await
                    .map_err(|e| context_error(e, &namespace))?;
                Ok(Value::Array(list.into_iter().map(Value::String).collect()))
            }
        }
    }
}

/// Function-to-function calls inside one account, through the one invoke path (found in the
/// registry, recorded as real invocations with the `Orchestrator` trigger).
#[derive(Default)]
pub struct InvokeOrchestrator {
    /// The server state, set once it exists (the host services are built before it).
    pub state: OnceLock<crate::state::WeakState>,
}

#[async_trait]
impl Orchestrator for InvokeOrchestrator {
    async fn invoke(&self, caller: &Caller, call: OrchestratorCall) -> OrchestratorResponse {
        use crate::invoke::{Invocation, InvokeFailure, Trigger};
        let fail =
            |status: u16, code: fnhost_model::ErrorCode, message: String| OrchestratorResponse {
                uuid: call.uuid.clone(),
                body: serde_json::Value::Null,
                headers: BTreeMap::new(),
                status_code: status,
                error: Some(OrchestratorError {
                    code: code.as_str().into(),
                    message,
                }),
            };
        let Some(st) = self.state.get().and_then(|w| w.upgrade()) else {
            return fail(
                502,
                fnhost_model::ErrorCode::EsUnavailable,
                "the orchestrator is not ready".into(),
            );
        };
        let headers: Vec<(String, String)> = call
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let invocation = Invocation {
            request_id: uuid::Uuid::new_v4().to_string(),
            trigger: Trigger::Orchestrator {
                caller_uuid: caller.lambda_uuid.clone(),
            },
            input: Invocation::input_json(
                &crate::now_ms().to_string(),
                &headers,
                &call.payload.to_string(),
            ),
        };
        let run = crate::invoke::invoke(&st, &caller.account_id, &call.uuid, invocation);
        let timeout = call.timeout_ms.max(1);
        let result = match tokio::time::timeout(Duration::from_millis(timeout), run).await {
            Err(_) => Err(InvokeFailure::TimedOut(timeout)),
            Ok(r) => r,
        };
        match result {
            Ok(outcome) => OrchestratorResponse {
                uuid: call.uuid.clone(),
                body: outcome
                    .result
                    .as_deref()
                    .ok()
                    .and_then(|json| serde_json::from_str(json).ok())
                    .unwrap_or(serde_json::Value::Null),
                headers: BTreeMap::new(),
                status_code: 200,
                error: None,
            },
            Err(f) => {
                let status = match f {
                    InvokeFailure::TimedOut(_) => 504,
                    _ => f.code().http_status(),
                };
                fail(status, f.code(), f.to_string())
            }
        }
    }
}

/// Builds the host services; the orchestrator learns the server state once it exists. `Err` when
/// the egress CA file cannot be used.
pub fn services(
    store: Arc<dyn Store>,
    cipher: SecretCipher,
    egress: &EgressSettings,
    csds_url: &str,
) -> Result<(HostServices, Arc<InvokeOrchestrator>), ClientError> {
    let orchestrator = Arc::new(InvokeOrchestrator::default());
    let services = HostServices {
        secrets: Arc::new(StoreSecrets {
            store: store.clone(),
            cipher,
        }),
        http: Arc::new(AllowlistEgress::new(store.clone(), egress)?),
        context: Arc::new(StoreContext {
            store: store.clone(),
        }),
        orchestrator: orchestrator.clone(),
        directory: Arc::new(crate::csds::CsdsDirectory::new(csds_url)),
    };
    Ok((services, orchestrator))
}
