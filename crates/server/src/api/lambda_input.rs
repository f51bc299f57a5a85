//! A function's definition as `POST`/`PUT …/lambdas` receive it (`lpf push` and the console),
//! and the checks each field passes before anything is stored: name, description, event,
//! environment, dependencies, limits and the retry setting.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use fnhost_model::{FunctionLimits, KeyValue};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(super) struct Implementation {
    #[serde(default)]
    pub(super) code: Option<String>,
    #[serde(default)]
    pub(super) dependencies: Option<Vec<Value>>,
    #[serde(default)]
    pub(super) environment_variables: Option<Vec<KeyValue>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LambdaBody {
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) event_id: Option<String>,
    #[serde(default)]
    pub(super) implementation: Option<Implementation>,
    #[serde(default)]
    pub(super) sample_payload: Option<Value>,
    #[serde(default)]
    pub(super) skills: Option<Vec<String>>,
    #[serde(default)]
    pub(super) version: Option<i64>,
    /// Per-function overrides of the platform limits: `{timeoutMs, memoryMb, concurrency}`, and
    /// the retry policy of asynchronous invocations: `{retries, retryCustomFailures}`.
    #[serde(default)]
    pub(super) limits: Option<FunctionLimits>,
    /// `{enabled, public}`: serve the function at `ANY /fn/{account}/{name}/{*path}`.
    #[serde(default)]
    pub(super) http_trigger: Option<fnhost_model::HttpTrigger>,
    /// The function's `retry` setting: `true` retries asynchronous invocations that end in
    /// `handler.custom-failure` too; the same setting as `limits.retryCustomFailures` (also
    /// accepted as `limits.retry`).
    #[serde(default)]
    pub(super) retry: Option<bool>,
}

/// The limits a request asks for: its `limits` (or, with `None`, `current`) with a top-level
/// `retry` applied; `None` when it sets neither. `limits` and `retry` must agree.
pub(super) fn requested_limits(
    limits: Option<FunctionLimits>,
    retry: Option<bool>,
    current: FunctionLimits,
) -> ApiResult<Option<FunctionLimits>> {
    let Some(retry) = retry else {
        return Ok(limits);
    };
    let mut l = limits.unwrap_or(current);
    if limits.is_some_and(|l| l.retry_custom_failures.is_some_and(|r| r != retry)) {
        return Err(ApiError::bad_input(
            "field `retry` and field `limits.retryCustomFailures` disagree",
        ));
    }
    l.retry_custom_failures = Some(retry);
    Ok(Some(l))
}

const RESERVED_ENV: &[&str] = &["BRAND_ID", "LAMBDA_UUID", "NODE_OPTIONS", "PATH", "HOME"];

pub(super) fn validate_name(name: &str) -> ApiResult<()> {
    let ok = !name.is_empty()
        && name.len() <= 50
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad_input(format!(
            "field `name` must be 1 to 50 characters of A-Z, a-z, 0-9 and _ (got `{name}`)"
        )))
    }
}

pub(super) fn validate_description(d: &str) -> ApiResult<()> {
    if d.chars().count() > 100 {
        return Err(ApiError::bad_input(format!(
            "field `description` is {} characters; the limit is 100",
            d.chars().count()
        )));
    }
    if d.chars().any(char::is_control) {
        return Err(ApiError::bad_input(
            "field `description` must not contain control characters",
        ));
    }
    Ok(())
}

pub(super) fn validate_env(env: &[KeyValue]) -> ApiResult<Vec<KeyValue>> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, kv) in env.iter().enumerate() {
        if kv.key.is_empty() && kv.value.is_empty() {
            continue; // lpf's template entry {"key":"","value":""}
        }
        let valid = kv.key.len() <= 200
            && kv
                .key
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && kv
                .key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(ApiError::bad_input(format!(
                "field `implementation.environmentVariables[{i}].key` must be 1 to 200 characters of A-Z, a-z, 0-9 and _, not starting with a digit (got `{}`)",
                kv.key
            )));
        }
        if RESERVED_ENV.contains(&kv.key.as_str()) || kv.key.starts_with("FNHOST_") {
            return Err(ApiError::bad_input(format!(
                "field `implementation.environmentVariables[{i}].key`: Variable name is reserved and thereby blocked for use (`{}`)",
                kv.key
            )));
        }
        if kv.value.chars().count() > 200 {
            return Err(ApiError::bad_input(format!(
                "field `implementation.environmentVariables[{i}].value` is longer than the limit of 200 characters"
            )));
        }
        if !seen.insert(kv.key.clone()) {
            return Err(ApiError::bad_input(format!(
                "field `implementation.environmentVariables[{i}].key`: `{}` appears twice",
                kv.key
            )));
        }
        out.push(kv.clone());
    }
    Ok(out)
}

/// Per-function limits may lower the platform limits, never raise them; `onFailure` names another
/// function of the account (`this` is the function being saved).
pub(super) async fn validate_limits(
    st: &AppState,
    acc: &str,
    this: &str,
    l: FunctionLimits,
) -> ApiResult<FunctionLimits> {
    let max = st.config.limits;
    if let Some(t) = l.timeout_ms
        && !(100..=max.timeout_ms).contains(&t)
    {
        return Err(ApiError::bad_input(format!(
            "field `limits.timeoutMs` must be between 100 and {} (the platform limit); got {t}",
            max.timeout_ms
        )));
    }
    let max_mb = (max.memory_bytes >> 20) as u64;
    if let Some(m) = l.memory_mb
        && !(8..=max_mb).contains(&m)
    {
        return Err(ApiError::bad_input(format!(
            "field `limits.memoryMb` must be between 8 and {max_mb} (the platform limit); got {m}"
        )));
    }
    if let Some(c) = l.concurrency
        && !(1..=max.concurrency).contains(&c)
    {
        return Err(ApiError::bad_input(format!(
            "field `limits.concurrency` must be between 1 and {} (the platform limit); got {c}",
            max.concurrency
        )));
    }
    let wall = l.timeout_ms.unwrap_or(max.timeout_ms);
    if let Some(c) = l.cpu_time_ms
        && !(10..=wall).contains(&c)
    {
        return Err(ApiError::bad_input(format!(
            "field `limits.cpuTimeMs` must be between 10 and {wall} (the function's execution time limit); got {c}"
        )));
    }
    if let Some(r) = l.retries
        && r > fnhost_model::MAX_RETRIES
    {
        return Err(ApiError::bad_input(format!(
            "field `limits.retries` must be between 0 and {}; got {r}",
            fnhost_model::MAX_RETRIES
        )));
    }
    if let Some(target) = l.on_failure {
        let target = target.to_string();
        if target == this {
            return Err(ApiError::bad_input(
                "field `limits.onFailure` must name another function (a function cannot be its own failure destination)",
            ));
        }
        if st
            .store
            .get_lambda(acc, &target)
            .await
            .map_err(store_err)?
            .is_none()
        {
            return Err(ApiError::bad_input(format!(
                "field `limits.onFailure`: the account has no function `{target}`"
            )));
        }
    }
    Ok(l)
}

pub(super) fn validate_event(event: &Option<String>) -> ApiResult<Option<String>> {
    match event.as_deref() {
        None | Some("") | Some("No Event") | Some("null") => Ok(None),
        Some(e) if super::catalog::EVENTS.iter().any(|(id, _)| *id == e) => Ok(Some(e.to_owned())),
        Some(e) => Err(ApiError::bad_input(format!(
            "field `eventId`: unknown event `{e}` (see GET /events)"
        ))),
    }
}

pub(super) fn dependencies(deps: Option<Vec<Value>>) -> ApiResult<Vec<KeyValue>> {
    deps.unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            serde_json::from_value::<KeyValue>(v).map_err(|e| {
                ApiError::bad_input(format!(
                    "field `implementation.dependencies[{i}]` is not valid: {e}"
                ))
            })
        })
        .collect()
}

fn store_err(e: fnhost_store::StoreError) -> ApiError {
    ApiError::from_store(e, crate::error::Side::Management)
}
