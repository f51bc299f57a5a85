//! In-memory host services, used by tests, benchmarks and `fnhost invoke --local`.

use super::{
    Caller, ContextOp, ContextStore, HostError, HttpEgress, HttpRequest, HttpResponse,
    Orchestrator, OrchestratorCall, OrchestratorError, OrchestratorResponse, SecretStore,
    ServiceDirectory, ServiceDomain,
};
use async_trait::async_trait;
use fnhost_model::HostErrorCode;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// Secrets kept in a map, keyed by `(account, key)`.
#[derive(Default)]
pub struct MemorySecrets {
    values: Mutex<HashMap<(String, String), String>>,
}

impl MemorySecrets {
    /// Creates a store holding `secrets` for `account`.
    pub fn with(account: &str, secrets: impl IntoIterator<Item = (String, String)>) -> Self {
        let s = MemorySecrets::default();
        {
            let mut map = s.values.lock().expect("secret map poisoned");
            for (k, v) in secrets {
                map.insert((account.to_owned(), k), v);
            }
        }
        s
    }
}

#[async_trait]
impl SecretStore for MemorySecrets {
    async fn read(&self, caller: &Caller, key: &str) -> Result<Option<String>, HostError> {
        let map = self.values.lock().expect("secret map poisoned");
        Ok(map
            .get(&(caller.account_id.clone(), key.to_owned()))
            .cloned())
    }

    async fn update(&self, caller: &Caller, key: &str, value: &str) -> Result<bool, HostError> {
        let mut map = self.values.lock().expect("secret map poisoned");
        match map.get_mut(&(caller.account_id.clone(), key.to_owned())) {
            Some(slot) => {
                *slot = value.to_owned();
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

/// Egress that refuses every request with the platform's 403 answer.
pub struct NoEgress;

#[async_trait]
impl HttpEgress for NoEgress {
    async fn request(&self, _caller: &Caller, req: HttpRequest) -> Result<HttpResponse, HostError> {
        Ok(HttpResponse::canned(
            403,
            "Forbidden",
            &req.url,
            "You do not have access to the page or resource you are trying to reach\n",
            req.binary_response,
        ))
    }
}

/// An orchestrator that knows no functions.
pub struct NoOrchestrator;

#[async_trait]
impl Orchestrator for NoOrchestrator {
    async fn invoke(&self, _caller: &Caller, call: OrchestratorCall) -> OrchestratorResponse {
        OrchestratorResponse {
            uuid: call.uuid,
            body: Value::Null,
            headers: BTreeMap::new(),
            status_code: 404,
            error: Some(OrchestratorError {
                code: fnhost_model::ErrorCode::EsMissingLambda.as_str().into(),
                message: "orchestration is not available in this environment".into(),
            }),
        }
    }
}

type Sessions = HashMap<String, Map<String, Value>>;

struct Namespace {
    created_at: i64,
    ttl_second: Option<u64>,
    sessions: Sessions,
}

/// A context session store kept in memory (per account, namespace and session).
#[derive(Default)]
pub struct MemoryContextStore {
    namespaces: Mutex<HashMap<(String, String), Namespace>>,
}

use fnhost_model::now_ms;

#[async_trait]
impl ContextStore for MemoryContextStore {
    async fn execute(&self, account: &str, op: ContextOp) -> Result<Value, HostError> {
        let mut all = self.namespaces.lock().expect("context map poisoned");
        let missing = |ns: &str| {
            HostError::new(
                HostErrorCode::ContextNamespaceNotFound,
                format!("namespace `{ns}` does not exist"),
            )
        };
        let key = |ns: &str| (account.to_owned(), ns.to_owned());
        match op {
            ContextOp::CreateNamespace { namespace, ttl_second } => {
                if namespace.trim().is_empty() {
                    return Err(HostError::new(HostErrorCode::ContextInvalidNamespace, "namespace must not be empty"));
                }
                let ns = all.entry(key(&namespace)).or_insert_with(|| Namespace { created_at: now_ms(), ttl_second, sessions: HashMap::new() });
                Ok(json!({ "name": namespace, "createdAt": ns.created_at, "ttlSecond": ns.ttl_second }))
            }
            ContextOp::DeleteNamespace { namespace } => {
                all.remove(&key(&namespace));
                Ok(Value::Null)
            }
            ContextOp::ListNamespaces => Ok(Value::Array(
                all.iter()
                    .filter(|((acc, _), _)| acc == account)
                    .map(|((_, name), ns)| json!({ "name": name, "createdAt": ns.created_at, "ttlSecond": ns.ttl_second }))
                    .collect(),
            )),
            ContextOp::SetProperties { namespace, session_id, properties } => {
                let ns = all.get_mut(&key(&namespace)).ok_or_else(|| missing(&namespace))?;
                let session = ns.sessions.entry(session_id).or_default();
                session.extend(properties);
                Ok(Value::Object(session.clone()))
            }
            ContextOp::GetProperties { namespace, session_id, names } => {
                let ns = all.get(&key(&namespace)).ok_or_else(|| missing(&namespace))?;
                let session = ns.sessions.get(&session_id).cloned().unwrap_or_default();
                Ok(Value::Object(match names {
                    None => session,
                    Some(names) => session.into_iter().filter(|(k, _)| names.contains(k)).collect(),
                }))
            }
            ContextOp::DeleteProperty { namespace, session_id, name } => {
                if let Some(s) = all.get_mut(&key(&namespace)).and_then(|ns| ns.sessions.get_mut(&session_id)) {
                    s.remove(&name);
                }
                Ok(Value::Null)
            }
            ContextOp::DeleteSession { namespace, session_id } => {
                if let Some(ns) = all.get_mut(&key(&namespace)) {
                    ns.sessions.remove(&session_id);
                }
                Ok(Value::Null)
            }
            ContextOp::ListSessions { namespace } => {
                let ns = all.get(&key(&namespace)).ok_or_else(|| missing(&namespace))?;
                Ok(Value::Array(ns.sessions.keys().cloned().map(Value::String).collect()))
            }
        }
    }
}

/// A service directory that knows no services: `LpClient` fails with `csds.op-failed`.
pub struct NoDirectory;

#[async_trait]
impl ServiceDirectory for NoDirectory {
    async fn domains(&self, _caller: &Caller) -> Result<Vec<ServiceDomain>, HostError> {
        Err(HostError::new(
            HostErrorCode::CsdsFailure,
            "no service directory (CSDS) is configured for this runtime",
        ))
    }
}

/// A fixed service directory (tests, benchmarks).
pub struct StaticDirectory(pub Vec<ServiceDomain>);

#[async_trait]
impl ServiceDirectory for StaticDirectory {
    async fn domains(&self, _caller: &Caller) -> Result<Vec<ServiceDomain>, HostError> {
        Ok(self.0.clone())
    }
}
