//! The invocation gateway: invoke by UUID, invoke by event (fan-out), `isImplemented`.
//!
//! The hot path touches no database: the token is verified in memory, the function comes from the
//! registry, and logs/records go to the bounded record queue. Only a registry miss reads the store
//! (to tell `notdeployed` from `missinglambda`).

use crate::auth::{Auth, Permission, Principal};
use crate::error::{ApiError, ApiResult};
use crate::records::Record;
use crate::registry::Deployed;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use fnhost_model::ErrorCode;
use fnhost_runtime::{InvokeError, Outcome};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::sync::Arc;

#[derive(Deserialize)]
struct InvokeBody<'a> {
    #[serde(default)]
    timestamp: Option<serde_json::Number>,
    #[serde(default)]
    headers: Option<Vec<HeaderPair>>,
    #[serde(default, borrow)]
    payload: Option<&'a RawValue>,
}

#[derive(Deserialize, serde::Serialize)]
struct HeaderPair {
    key: String,
    value: String,
}

/// Validates the invocation body and renders the function's `input` JSON.
fn build_input(bytes: &[u8]) -> ApiResult<String> {
    let body: InvokeBody = if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        InvokeBody {
            timestamp: None,
            headers: None,
            payload: None,
        }
    } else {
        super::parse_json(bytes, "the invocation body")?
    };
    let ts = body
        .timestamp
        .map(|n| n.to_string())
        .unwrap_or_else(|| crate::now_ms().to_string());
    let headers =
        serde_json::to_string(&body.headers.unwrap_or_default()).expect("headers serialise");
    let payload = body.payload.map(RawValue::get).unwrap_or("{}");
    Ok(format!(
        r#"{{"timestamp":{ts},"headers":{headers},"payload":{payload}}}"#
    ))
}

fn rate_limited(what: String, per_second: u32, wait: std::time::Duration) -> ApiError {
    let mut e = ApiError::new(
        ErrorCode::RateLimited,
        format!("{what} exceeded its rate limit of {per_second} invocations per second"),
    );
    e.retry_after = Some(wait.as_secs_f64().ceil().max(1.0) as u64);
    e
}

fn check_rate(st: &AppState, account: &str, uuid: &str) -> ApiResult<()> {
    let r = check_rate_inner(st, account, uuid);
    if r.is_err() {
        st.rate_limited
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    r
}

fn check_rate_inner(st: &AppState, account: &str, uuid: &str) -> ApiResult<()> {
    if let Some(l) = &st.account_limiter
        && let Err(not_until) = l.check_key(&account.to_owned())
    {
        let wait = not_until.wait_time_from(governor::clock::Clock::now(
            &governor::clock::DefaultClock::default(),
        ));
        return Err(rate_limited(
            format!("account {account}"),
            st.config.account_rate_limit,
            wait,
        ));
    }
    if let Some(l) = &st.function_limiter
        && let Err(not_until) = l.check_key(&uuid.to_owned())
    {
        let wait = not_until.wait_time_from(governor::clock::Clock::now(
            &governor::clock::DefaultClock::default(),
        ));
        return Err(rate_limited(
            format!("function {uuid}"),
            st.config.function_rate_limit,
            wait,
        ));
    }
    Ok(())
}

/// Finds a deployed function of `account`; on a miss, asks the store whether it exists at all.
async fn find(st: &AppState, account: &str, uuid: &str) -> ApiResult<Arc<Deployed>> {
    if let Some(d) = st.registry.get(uuid) {
        if d.account_id == account {
            return Ok(d);
        }
        return Err(ApiError::new(
            ErrorCode::EsMissingLambda,
            format!("function {uuid} does not exist"),
        ));
    }
    match st
        .store
        .get_lambda(account, uuid)
        .await
        .map_err(|e| ApiError::from_store(e, false))?
    {
        // Deployed by another node since this node's last sync: install it now.
        Some(l)
            if l.deployed.is_some() && l.state != fnhost_model::LambdaState::MarkedUndeployed =>
        {
            let f = l.deployed_function().expect("checked above");
            st.registry.install(f);
            st.registry.get(uuid).ok_or_else(|| {
                ApiError::new(ErrorCode::EsGeneral, "the function could not be installed")
            })
        }
        Some(l) => Err(ApiError::new(
            ErrorCode::EsNotDeployed,
            format!(
                "function {uuid} ({}) is not deployed (state {})",
                l.name,
                l.state.as_str()
            ),
        )),
        None => Err(ApiError::new(
            ErrorCode::EsMissingLambda,
            format!("function {uuid} does not exist"),
        )),
    }
}

fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 100)
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

/// Runs one function and records it (unless it is a test invocation by a user).
async fn run(
    st: &AppState,
    p: &Principal,
    d: &Deployed,
    input: String,
    req_id: &str,
) -> ApiResult<Outcome> {
    let started = crate::now_ms();
    let outcome = d.pool.invoke(input).await;
    if !p.is_user() && st.records.enabled() {
        st.records.submit(Record::of_invocation(
            &d.account_id,
            &d.uuid,
            req_id,
            started,
            &outcome,
        ));
    }
    outcome.map_err(|e| match e {
        InvokeError::ConcurrencyLimit { limit } => {
            st.rate_limited.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let mut err = ApiError::new(ErrorCode::RateLimited, format!("function {} already runs {limit} concurrent invocations (its concurrency limit)", d.uuid));
            err.retry_after = Some(1);
            err
        }
        InvokeError::Load(e) => ApiError::new(ErrorCode::HandlerRuntimeException, format!("the function could not be loaded: {e}")),
        InvokeError::ShuttingDown => ApiError::new(ErrorCode::EsUnavailable, "the server is shutting down; retry"),
    })
}

fn failure(o: Outcome) -> ApiError {
    let e = o.result.expect_err("called for failures");
    ApiError::new(e.code, e.message).with_logs(o.logs)
}

pub(crate) async fn invoke(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
    req: axum::extract::Request,
) -> ApiResult<Response> {
    p.require(&acc, Permission::Invoke)?;
    // Limits first: invocations of unknown functions (a store read each) count against them too.
    check_rate(&st, &acc, &uuid)?;
    let d = find(&st, &acc, &uuid).await?;
    let req_id = request_id(req.headers());
    let bytes = super::read_body(&st, req.into_body()).await?;
    let input = build_input(&bytes)?;
    let outcome = run(&st, &p, &d, input, &req_id).await?;
    if outcome.result.is_err() {
        return Err(failure(outcome));
    }
    let result = outcome.result.as_ref().expect("checked");
    if p.is_user() {
        // Test invocation (UI/CLI): result plus the logs, nothing persisted.
        let logs = serde_json::to_string(&outcome.logs).expect("logs serialise");
        return Ok(super::json_response(
            StatusCode::OK,
            format!(r#"{{"result":{result},"logs":{logs}}}"#),
        ));
    }
    Ok(super::json_response(StatusCode::OK, result.clone()))
}

pub(crate) async fn invoke_event(
    State(st): State<AppState>,
    Path((acc, event)): Path<(String, String)>,
    Auth(p): Auth,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    p.require(&acc, Permission::Invoke)?;
    let q = super::query_pairs(&uri);
    let skill = super::query_one(&q, "skillId");
    let bytes = super::read_body(&st, body).await?;
    let input = build_input(&bytes)?;
    let req_id = request_id(&headers);
    let listeners = st.registry.listeners(&acc, &event, skill.as_deref());
    let mut results = Vec::with_capacity(listeners.len());
    for d in listeners {
        check_rate(&st, &acc, &d.uuid)?;
        let outcome = run(&st, &p, &d, input.clone(), &req_id).await?;
        match &outcome.result {
            Ok(json) => results.push(format!(
                r#"{{"uuid":"{}","timestamp":{},"result":{json}}}"#,
                d.uuid,
                crate::now_ms()
            )),
            // A failing function aborts the chain for this event.
            Err(_) => return Err(failure(outcome)),
        }
    }
    Ok(super::json_response(
        StatusCode::OK,
        format!("[{}]", results.join(",")),
    ))
}

pub(crate) async fn is_implemented(
    State(st): State<AppState>,
    Path((acc, event)): Path<(String, String)>,
    Auth(p): Auth,
    uri: Uri,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaRead)?;
    let q = super::query_pairs(&uri);
    let skill = super::query_one(&q, "skillId");
    let implemented = !st
        .registry
        .listeners(&acc, &event, skill.as_deref())
        .is_empty();
    Ok(super::json_response(
        StatusCode::OK,
        format!(r#"{{"implemented":{implemented}}}"#),
    ))
}

#[cfg(test)]
mod tests {
    use super::build_input;

    #[test]
    fn input_is_validated_and_normalised() {
        let s = build_input(
            br#"{"timestamp":5,"headers":[{"key":"a","value":"b"}],"payload":{"x":[1,2]}}"#,
        )
        .unwrap();
        assert_eq!(
            s,
            r#"{"timestamp":5,"headers":[{"key":"a","value":"b"}],"payload":{"x":[1,2]}}"#
        );
        let s = build_input(b"").unwrap();
        assert!(s.ends_with(r#""headers":[],"payload":{}}"#));
        let e = build_input(br#"{"headers":[{"key":1}]}"#).unwrap_err();
        assert!(e.message.contains("headers[0].key"), "{}", e.message);
        let e = build_input(br#"{"payload":}"#).unwrap_err();
        assert!(e.message.contains("not valid"), "{}", e.message);
        assert!(
            build_input(br#"{"payload":1,"extra":true}"#).is_ok(),
            "unknown fields are ignored"
        );
    }
}
