//! Plain records the store reads and writes.

use fnhost_model::{DeploymentState, FunctionLimits, KeyValue, LambdaState, LogLevel};
use serde::{Deserialize, Serialize};

/// A permission role (lpf-spec §7.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    #[serde(rename = "FaaS-Admin")]
    Admin,
    #[serde(rename = "FaaS-Developer")]
    Developer,
    #[serde(rename = "FaaS-Invocation")]
    Invocation,
}

impl Role {
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "FaaS-Admin",
            Role::Developer => "FaaS-Developer",
            Role::Invocation => "FaaS-Invocation",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        match s.to_ascii_lowercase().trim_start_matches("faas-") {
            "admin" => Some(Role::Admin),
            "developer" => Some(Role::Developer),
            "invocation" => Some(Role::Invocation),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    pub id: String,
    pub account_id: String,
    pub login_name: String,
    pub password_hash: String,
    pub roles: Vec<Role>,
    pub created_at: i64,
    /// Tokens carry the generation they were issued under; deleting the user or changing their
    /// password or roles raises it, which ends every older token on every node.
    pub token_generation: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    pub id: String,
    pub account_id: String,
    pub user_id: String,
    pub csrf: String,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppRecord {
    pub client_id: String,
    pub account_id: String,
    pub name: String,
    pub secret_hash: String,
    pub created_at: i64,
    pub revoked: bool,
}

/// The deployed snapshot of a function.
#[derive(Debug, Clone, PartialEq)]
pub struct DeployedSnapshot {
    pub version: i64,
    pub code: String,
    pub env: Vec<KeyValue>,
    /// When this version was deployed or last changed (ms), as `DeployedFunction::changed_at`.
    pub changed_at: i64,
    pub limits: FunctionLimits,
}

/// A function as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct LambdaRecord {
    pub uuid: String,
    pub account_id: String,
    pub name: String,
    pub description: String,
    pub event_id: Option<String>,
    pub state: LambdaState,
    pub version: i64,
    pub code: String,
    pub env: Vec<KeyValue>,
    pub dependencies: Vec<KeyValue>,
    pub sample_payload: Option<serde_json::Value>,
    pub skills: Vec<String>,
    /// Per-function limit overrides.
    pub limits: FunctionLimits,
    /// Not versioned: applies at once (see [`fnhost_model::HttpTrigger`]).
    pub http_trigger: fnhost_model::HttpTrigger,
    pub created_at: i64,
    pub created_by: String,
    pub updated_at: i64,
    pub updated_by: String,
    pub deployed: Option<DeployedSnapshot>,
    pub last_deployment: Option<DeploymentRecord>,
}

/// Why a deployment failed, as `lastDeployment.deploymentError` shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentErrorInfo {
    pub error_code: String,
    pub error_msg: String,
    #[serde(default)]
    pub error_logs: Vec<serde_json::Value>,
}

/// Who runs a deployment, and until when it counts as alive without renewal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// The node (one id per server process).
    pub owner: String,
    /// Epoch ms after which any node may take the deployment over.
    pub until: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentRecord {
    pub uuid: String,
    pub lambda_uuid: String,
    pub account_id: String,
    pub lambda_version: i64,
    pub state: DeploymentState,
    pub error: Option<DeploymentErrorInfo>,
    pub created_at: i64,
    pub updated_at: i64,
    pub deployed_at: Option<i64>,
    pub created_by: String,
    /// The code, env and limits snapshotted when the deployment began.
    pub code: String,
    pub env: Vec<KeyValue>,
    pub limits: FunctionLimits,
}

impl LambdaRecord {
    /// The deployed version as the gateway caches it, when there is one.
    pub fn deployed_function(&self) -> Option<DeployedFunction> {
        self.deployed.as_ref().map(|d| DeployedFunction {
            uuid: self.uuid.clone(),
            account_id: self.account_id.clone(),
            name: self.name.clone(),
            event_id: self.event_id.clone(),
            skills: self.skills.clone(),
            version: d.version,
            code: d.code.clone(),
            env: d.env.clone(),
            changed_at: d.changed_at,
            limits: d.limits,
            http_trigger: self.http_trigger,
        })
    }
}

/// What the gateway caches for an invocable function.
#[derive(Debug, Clone, PartialEq)]
pub struct DeployedFunction {
    pub uuid: String,
    pub account_id: String,
    pub name: String,
    pub event_id: Option<String>,
    pub skills: Vec<String>,
    pub version: i64,
    pub code: String,
    pub env: Vec<KeyValue>,
    pub changed_at: i64,
    pub limits: FunctionLimits,
    pub http_trigger: fnhost_model::HttpTrigger,
}

/// A stored log line of a real invocation.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredLog {
    pub account_id: String,
    pub lambda_uuid: String,
    pub request_id: String,
    pub timestamp: i64,
    pub level: LogLevel,
    pub message: String,
    pub extras: Vec<serde_json::Value>,
}

/// Outcome class of an invocation, as `lpf metrics` groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvocationOutcome {
    #[serde(rename = "SUCCEEDED")]
    Succeeded,
    #[serde(rename = "CODING_FAILURE")]
    CodingFailure,
    #[serde(rename = "PLATFORM_FAILURE")]
    PlatformFailure,
    #[serde(rename = "TIMEOUT")]
    Timeout,
}

impl InvocationOutcome {
    pub const fn as_str(self) -> &'static str {
        match self {
            InvocationOutcome::Succeeded => "SUCCEEDED",
            InvocationOutcome::CodingFailure => "CODING_FAILURE",
            InvocationOutcome::PlatformFailure => "PLATFORM_FAILURE",
            InvocationOutcome::Timeout => "TIMEOUT",
        }
    }
    pub fn parse(s: &str) -> InvocationOutcome {
        match s {
            "SUCCEEDED" => InvocationOutcome::Succeeded,
            "CODING_FAILURE" => InvocationOutcome::CodingFailure,
            "TIMEOUT" => InvocationOutcome::Timeout,
            _ => InvocationOutcome::PlatformFailure,
        }
    }
}

/// How many invocations ended each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutcomeCounts {
    pub succeeded: i64,
    pub coding_failure: i64,
    pub platform_failure: i64,
    pub timeout: i64,
}

impl OutcomeCounts {
    pub fn add(&mut self, outcome: InvocationOutcome, n: i64) {
        match outcome {
            InvocationOutcome::Succeeded => self.succeeded += n,
            InvocationOutcome::CodingFailure => self.coding_failure += n,
            InvocationOutcome::PlatformFailure => self.platform_failure += n,
            InvocationOutcome::Timeout => self.timeout += n,
        }
    }
    pub fn total(&self) -> i64 {
        self.succeeded + self.coding_failure + self.platform_failure + self.timeout
    }
}

/// One invocation: who, when, how long, how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct InvocationRecord {
    pub account_id: String,
    pub lambda_uuid: String,
    pub request_id: String,
    pub started_at: i64,
    pub duration_ms: i64,
    pub outcome: InvocationOutcome,
    /// The seed code when it failed (kept in `outcome` text as `CLASS:code`).
    pub error_code: Option<String>,
    pub cold_start: bool,
    pub init_us: i64,
    /// CPU time the call's JS used, in microseconds (0 in records stored before it was measured).
    pub cpu_us: i64,
}

/// A log query: one account, optionally one function, levels, and a time window.
#[derive(Debug, Clone, PartialEq)]
pub struct LogQuery {
    pub account_id: String,
    pub lambda_uuid: Option<String>,
    pub levels: Vec<LogLevel>,
    pub from: i64,
    pub to: i64,
    pub limit: i64,
    /// When more lines match than `limit`: keep the newest (true) or the oldest (false). The
    /// answer is in time order either way.
    pub newest: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleRecord {
    pub uuid: String,
    pub account_id: String,
    pub lambda_uuid: String,
    pub cron: String,
    pub is_active: bool,
    pub created_by: String,
    pub created_at: i64,
    /// Next due time (epoch ms); `None` when the expression has no future occurrence.
    pub next_run: Option<i64>,
    pub last_run: Option<i64>,
    pub last_failed: bool,
    /// JSON text passed to the function as `input.payload` (`{}` when absent).
    pub payload: Option<String>,
    /// The error code of the last run, when it failed.
    pub last_error_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DomainRecord {
    pub id: i64,
    pub account_id: String,
    pub domain: String,
    pub created_at: i64,
}

/// A namespace of the context session store.
#[derive(Debug, Clone, PartialEq)]
pub struct ContextNamespace {
    pub name: String,
    pub created_at: i64,
    pub ttl_second: Option<i64>,
}

/// One stored version of a function's code and environment (every change makes one).
#[derive(Debug, Clone, PartialEq)]
pub struct VersionRecord {
    pub lambda_uuid: String,
    pub version: i64,
    pub code: String,
    pub env: Vec<KeyValue>,
    pub created_at: i64,
    pub created_by: String,
    /// Why this version exists when it is not a plain edit, e.g. `restored from version 3`.
    pub note: Option<String>,
}

/// How much history the store keeps per function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryRetention {
    /// The most recent deployments kept (LivePerson keeps 5).
    pub deployments: i64,
    /// The most recent versions kept, beside every version a kept deployment or the deployed
    /// function still refers to.
    pub versions: i64,
}

impl Default for HistoryRetention {
    fn default() -> Self {
        HistoryRetention {
            deployments: 5,
            versions: 50,
        }
    }
}

/// One entry of the activity stream: who did what, when.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityRecord {
    pub id: String,
    pub account_id: String,
    pub at: i64,
    /// The user or app that acted (`user:<login>`, `app:<client id>`), or the login name tried
    /// for a failed login.
    pub actor: String,
    /// What happened, e.g. `lambda.updated`, `deployment.succeeded`, `login.failed`.
    pub kind: String,
    /// The function concerned, if any.
    pub lambda_uuid: Option<String>,
    /// Details (names and versions, never secret values), a JSON object.
    pub details: serde_json::Value,
}

/// Which activities to read, newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActivityQuery {
    pub account_id: String,
    pub lambda_uuid: Option<String>,
    pub actor: Option<String>,
    /// Kinds to include (exact names, or a prefix ending in `.`); empty = all.
    pub kinds: Vec<String>,
    pub from: i64,
    pub to: i64,
    pub limit: i64,
}

/// Limits of one account that override the platform defaults (`None` = the default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_functions: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_deployed: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invocations_per_month: Option<i64>,
    /// Invocations per second of the whole account (0 = unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_rate_limit: Option<u32>,
    /// Invocations per second of each function (0 = unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_rate_limit: Option<u32>,
}

/// An account as the operator sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountRecord {
    pub id: String,
    pub created_at: i64,
    pub limits: AccountLimits,
}

/// How often an account's email report goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportFrequency {
    None,
    Daily,
    Weekly,
}

impl ReportFrequency {
    pub const fn as_str(self) -> &'static str {
        match self {
            ReportFrequency::None => "None",
            ReportFrequency::Daily => "Daily",
            ReportFrequency::Weekly => "Weekly",
        }
    }
    pub fn parse(s: &str) -> Option<ReportFrequency> {
        match s.to_ascii_lowercase().as_str() {
            "none" => Some(ReportFrequency::None),
            "daily" => Some(ReportFrequency::Daily),
            "weekly" => Some(ReportFrequency::Weekly),
            _ => None,
        }
    }
}

/// An account's email report setting.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSettings {
    pub account_id: String,
    pub frequency: ReportFrequency,
    pub recipients: Vec<String>,
    /// No report goes out before this (ms): the next full hour after the report was enabled.
    pub not_before: i64,
    /// Start (ms) of the last period a report was sent for.
    pub last_period_start: Option<i64>,
    /// The figures of the last report sent (JSON), for the next one's deltas.
    pub last_summary: Option<serde_json::Value>,
    pub updated_at: i64,
}
