//! The invocation gateway: invoke by UUID, invoke by event (fan-out), `isImplemented`.
//!
//! An adapter over the one invoke path (`crate::invoke`): it checks the token's permission,
//! validates the body into the function's input and renders the outcome. The hot path touches no
//! database: the token is verified in memory and the function comes from the registry.

use super::Path;
use crate::auth::{Auth, Permission};
use crate::error::ApiResult;
use crate::invoke::{self, Invocation, Trigger};
use crate::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::value::RawValue;

/// Invocation by UUID and by event, and `isImplemented`.
pub(super) fn router() -> Router<AppState> {
    let acc = super::ACCOUNT;
    Router::new()
        .route(&format!("{acc}/lambdas/{{uuid}}/invoke"), post(invoke))
        .route(
            &format!("{acc}/events/{{event}}/invoke"),
            post(invoke_event),
        )
        .route(
            &format!("{acc}/events/{{event}}/isImplemented"),
            get(is_implemented),
        )
}

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

fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 100)
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

pub(crate) async fn invoke(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
    req: axum::extract::Request,
) -> ApiResult<Response> {
    p.require(&acc, Permission::Invoke)?;
    // A user's call is a test invocation (UI/CLI): answered with its logs, never recorded.
    let trigger = if p.is_user() {
        Trigger::Test
    } else {
        Trigger::Gateway
    };
    let d = invoke::admit(&st, &trigger, &acc, &uuid).await?;
    let request_id = request_id(req.headers());
    let asynchronous = is_async(req.uri())?;
    let bytes = super::read_body(&st, req.into_body()).await?;
    let input = build_input(&bytes)?;
    if asynchronous {
        let ids =
            crate::async_invocations::accept(&st, &acc, &[d], None, &request_id, &input).await?;
        return Ok(accepted(&acc, &ids));
    }
    let outcome = invoke::run(
        &st,
        &d,
        Invocation {
            request_id,
            trigger: trigger.clone(),
            input,
        },
    )
    .await?;
    let result = outcome
        .result
        .as_ref()
        .expect("run answers Ok only with a result");
    if trigger == Trigger::Test {
        let logs = serde_json::to_string(&outcome.logs).expect("logs serialise");
        let stats = serde_json::json!({
            "durationMs": outcome.duration.as_secs_f64() * 1000.0,
            "cpuTimeMs": outcome.cpu_time.as_secs_f64() * 1000.0,
            "coldStart": outcome.cold_start,
            "initMs": outcome.init_time.as_secs_f64() * 1000.0,
        });
        return Ok(super::json_response(
            StatusCode::OK,
            format!(r#"{{"result":{result},"logs":{logs},"stats":{stats}}}"#),
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
    let request_id = request_id(&headers);
    let trigger = Trigger::Event {
        event_id: event.clone(),
    };
    let listeners = st.registry.listeners(&acc, &event, skill.as_deref());
    if is_async(&uri)? {
        for d in &listeners {
            invoke::check_rate(&st, &trigger, &acc, &d.uuid)?;
        }
        let ids = crate::async_invocations::accept(
            &st,
            &acc,
            &listeners,
            Some(&event),
            &request_id,
            &input,
        )
        .await?;
        return Ok(accepted(&acc, &ids));
    }
    let mut results = Vec::with_capacity(listeners.len());
    for d in listeners {
        invoke::check_rate(&st, &trigger, &acc, &d.uuid)?;
        // A failing function aborts the chain for this event.
        let outcome = invoke::run(
            &st,
            &d,
            Invocation {
                request_id: request_id.clone(),
                trigger: trigger.clone(),
                input: input.clone(),
            },
        )
        .await?;
        let json = outcome
            .result
            .as_ref()
            .expect("run answers Ok only with a result");
        results.push(format!(
            r#"{{"uuid":"{}","timestamp":{},"result":{json}}}"#,
            d.uuid,
            crate::now_ms()
        ));
    }
    Ok(super::json_response(
        StatusCode::OK,
        format!("[{}]", results.join(",")),
    ))
}

/// Whether the call asks for asynchronous invocation (`async=true`; `false` or no parameter is
/// a synchronous call). Any other value, an empty one or two that disagree is refused.
fn is_async(uri: &Uri) -> ApiResult<bool> {
    let mut verdict = None;
    for (k, v) in super::query_pairs(uri) {
        if k != "async" {
            continue;
        }
        let this = match v.to_ascii_lowercase().as_str() {
            "true" | "1" => true,
            "false" | "0" => false,
            _ => {
                return Err(crate::error::ApiError::bad_input(format!(
                    "query parameter `async` must be true or false (got `{v}`)"
                )));
            }
        };
        if verdict.is_some_and(|before| before != this) {
            return Err(crate::error::ApiError::bad_input(
                "query parameter `async` is given twice with different values",
            ));
        }
        verdict = Some(this);
    }
    Ok(verdict.unwrap_or(false))
}

/// The 202 answer: the id of each queued invocation and where to follow it.
fn accepted(acc: &str, ids: &[String]) -> Response {
    let body = match ids {
        [one] => serde_json::json!({ "invocationId": one }),
        many => serde_json::json!({ "invocationId": many.first(), "invocationIds": many }),
    };
    let mut res = super::json_response(StatusCode::ACCEPTED, body.to_string());
    if let Some(first) = ids.first()
        && let Ok(v) =
            axum::http::HeaderValue::from_str(&format!("/api/account/{acc}/invocations/{first}"))
    {
        res.headers_mut().insert(axum::http::header::LOCATION, v);
    }
    res
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
