//! The HTTP trigger: `ANY /fn/{acc}/{name}/{*path}` runs a function that opted in
//! (`httpTrigger.enabled`) with the request as its payload, and turns its result into the
//! HTTP answer — for webhooks and small HTTP APIs.
//!
//! The function receives `input = {timestamp, headers, payload}` with
//! `payload = {method, path, query, headers, body, isBase64Encoded}` and may answer
//! `{statusCode, headers, body, isBase64Encoded}`; any other result is a 200 JSON answer.
//! A trigger that is not `public` needs a bearer token with the Invoke permission, as the
//! gateway does; a public one needs none, but the account's and the function's rate limits
//! apply to it as to every call from outside. Failures answer with the seed's codes.
//!
//! An adapter over the one invoke path ([`Trigger::Http`]); the hot path reads no database
//! (the function comes from the registry, found by name).

use super::Path;
use crate::auth::Permission;
use crate::error::{ApiError, ApiResult};
use crate::invoke::{self, Invocation, Trigger};
use crate::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use base64::Engine as _;
use fnhost_model::ErrorCode;
use serde_json::Value;

/// The HTTP trigger routes.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/fn/{acc}/{name}", any(trigger_root))
        .route("/fn/{acc}/{name}/", any(trigger_root))
        .route("/fn/{acc}/{name}/{*path}", any(trigger))
}

async fn trigger_root(
    State(st): State<AppState>,
    Path((acc, name)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    answer(&st, acc, name, String::new(), method, uri, headers, body).await
}

async fn trigger(
    State(st): State<AppState>,
    Path((acc, name, path)): Path<(String, String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    answer(&st, acc, name, path, method, uri, headers, body).await
}

#[allow(clippy::too_many_arguments)]
async fn answer(
    st: &AppState,
    acc: String,
    name: String,
    path: String,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match run(st, &acc, &name, path, method, &uri, &headers, body).await {
        Ok(res) => res,
        Err(e) => e.into_response(),
    }
}

fn no_trigger(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::EsMissingLambda,
        format!("no function `{name}` with an enabled HTTP trigger in this account"),
    )
}

#[allow(clippy::too_many_arguments)]
async fn run(
    st: &AppState,
    acc: &str,
    name: &str,
    path: String,
    method: Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    // Only the registry: every node installs deployed functions with its sync, so an unknown
    // name costs an anonymous caller's request no store read. Unknown, undeployed and
    // trigger-less functions answer the same 404 (nothing about which names exist).
    let d = st
        .registry
        .by_name(acc, name)
        .filter(|d| d.http_trigger.enabled)
        .ok_or_else(|| no_trigger(name))?;
    let public = d.http_trigger.public;
    if !public {
        crate::auth::authenticate(headers, st)?.require(acc, Permission::Invoke)?;
    }
    let trigger = Trigger::Http { public };
    // The caller knows the function by its name: the function's rate limit names it so (not by
    // its id, which `invoke::check_rate` uses for every other trigger).
    let by_id = format!("function {}", d.uuid);
    let d = invoke::admit(st, &trigger, acc, &d.uuid)
        .await
        .map_err(|f| match f {
            invoke::InvokeFailure::RateLimited {
                what,
                per_second,
                retry_after,
            } if what == by_id => invoke::InvokeFailure::RateLimited {
                what: format!("function `{name}`"),
                per_second,
                retry_after,
            },
            other => other,
        })?;
    let bytes = super::read_body(st, body).await?;
    let input = trigger_input(crate::now_ms(), &method, &path, uri, headers, &bytes);
    // A public caller does not choose the id its logs are stored under.
    let request_id = headers
        .get("x-request-id")
        .filter(|_| !public)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 100)
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let outcome = invoke::run(
        st,
        &d,
        Invocation {
            request_id,
            trigger,
            input,
        },
    )
    .await
    .map_err(|f| {
        let mut e = ApiError::from(f);
        // A public caller sees the code and message, never the function's logs.
        if public {
            e.logs = None;
        }
        e
    })?;
    let result = outcome
        .result
        .as_ref()
        .expect("run answers Ok only with a result");
    http_response(result)
}

/// The function's input: `{timestamp, headers: [{key, value}…], payload: {body, headers,
/// isBase64Encoded, method, path, query}}`, written straight into one JSON text (no value tree:
/// this runs per request). Object keys are in sorted order; a header or query name given twice
/// keeps the last value in `payload.headers` and every value, as an array, in `payload.query`.
fn trigger_input(
    timestamp: i64,
    method: &Method,
    path: &str,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> String {
    let passed = passed_headers(headers);
    let mut out = Vec::with_capacity(256 + body.len() * 2 + passed.len() * 64);
    let str = |out: &mut Vec<u8>, s: &str| {
        serde_json::to_writer(out, s).expect("writing to a Vec cannot fail")
    };
    out.extend_from_slice(format!(r#"{{"timestamp":{timestamp},"headers":["#).as_bytes());
    for (n, (k, v)) in passed.iter().enumerate() {
        out.extend_from_slice(if n == 0 { b"{\"key\":" } else { b",{\"key\":" });
        str(&mut out, k);
        out.extend_from_slice(b",\"value\":");
        str(&mut out, v);
        out.push(b'}');
    }
    out.extend_from_slice(br#"],"payload":{"body":"#);
    match std::str::from_utf8(body) {
        Ok(text) => {
            str(&mut out, text);
            out.extend_from_slice(br#","headers":"#);
        }
        Err(_) => {
            str(
                &mut out,
                &base64::engine::general_purpose::STANDARD.encode(body),
            );
            out.extend_from_slice(br#","headers":"#);
        }
    }
    let by_name: std::collections::BTreeMap<&str, &str> =
        passed.iter().map(|(k, v)| (*k, v.as_ref())).collect();
    write_object(&mut out, by_name.into_iter().map(|(k, v)| (k, [v])));
    let base64 = std::str::from_utf8(body).is_err();
    out.extend_from_slice(format!(r#","isBase64Encoded":{base64},"method":"#).as_bytes());
    str(&mut out, method.as_str());
    out.extend_from_slice(br#","path":"#);
    str(&mut out, &format!("/{path}"));
    out.extend_from_slice(br#","query":"#);
    let mut query: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (k, v) in super::query_pairs(uri) {
        query.entry(k).or_default().push(v);
    }
    write_object(
        &mut out,
        query.iter().map(|(k, v)| (k.as_str(), v.as_slice())),
    );
    // The path as it came, still percent-encoded: `path` is decoded, so an encoded `/` (%2F) can
    // only be told from a separator here.
    out.extend_from_slice(br#","rawPath":"#);
    str(&mut out, raw_path(uri.path()));
    out.extend_from_slice(b"}}");
    String::from_utf8(out).expect("JSON text is UTF-8")
}

/// The part of `/fn/{acc}/{name}/{*path}` after the function's name, as received (`/` if none).
fn raw_path(full: &str) -> &str {
    match full.match_indices('/').nth(3) {
        Some((at, _)) => &full[at..],
        None => "/",
    }
}

/// `{"k": v, …}` where each name has one value (a string) or several (an array of strings).
fn write_object<'a, V: AsRef<str> + 'a>(
    out: &mut Vec<u8>,
    entries: impl Iterator<Item = (&'a str, impl AsRef<[V]>)>,
) {
    out.push(b'{');
    for (n, (k, values)) in entries.enumerate() {
        if n > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut *out, k).expect("writing to a Vec cannot fail");
        out.push(b':');
        match values.as_ref() {
            [one] => serde_json::to_writer(&mut *out, one.as_ref()),
            many => serde_json::to_writer(
                &mut *out,
                &many.iter().map(AsRef::as_ref).collect::<Vec<&str>>(),
            ),
        }
        .expect("writing to a Vec cannot fail");
    }
    out.push(b'}');
}

/// The request headers a function sees: never the caller's credentials for this platform (the
/// `Authorization` header, the `session_id` cookie).
fn passed_headers(headers: &HeaderMap) -> Vec<(&str, std::borrow::Cow<'_, str>)> {
    headers
        .iter()
        .filter(|(k, _)| *k != axum::http::header::AUTHORIZATION)
        .filter_map(|(k, v)| {
            let v = v.to_str().ok()?;
            if *k == axum::http::header::COOKIE {
                let kept: Vec<&str> = v
                    .split(';')
                    .map(str::trim)
                    .filter(|c| !c.starts_with("session_id="))
                    .collect();
                return (!kept.is_empty()).then(|| ("cookie", kept.join("; ").into()));
            }
            Some((k.as_str(), v.into()))
        })
        .collect()
}

/// Headers a function may not set (the server owns the framing of the answer).
const RESERVED: &[&str] = &[
    "connection",
    "content-length",
    "transfer-encoding",
    "keep-alive",
    "upgrade",
];

fn bad_response(message: impl Into<String>) -> ApiError {
    ApiError::new(
        ErrorCode::HandlerRuntimeException,
        format!(
            "the function's HTTP answer is not valid: {}",
            message.into()
        ),
    )
}

/// The function's result as an HTTP answer.
fn http_response(result: &str) -> ApiResult<Response> {
    // Most results are plain values: answer them as they are without parsing.
    if !result.contains("\"statusCode\"") {
        return Ok(super::json_response(StatusCode::OK, result.to_owned()));
    }
    let v: Value = serde_json::from_str(result).unwrap_or(Value::Null);
    let Some(obj) = v.as_object().filter(|o| o.contains_key("statusCode")) else {
        return Ok(super::json_response(StatusCode::OK, result.to_owned()));
    };
    let status = obj["statusCode"]
        .as_u64()
        .and_then(|s| u16::try_from(s).ok())
        .and_then(|s| StatusCode::from_u16(s).ok())
        .filter(|s| (200..600).contains(&s.as_u16()))
        .ok_or_else(|| bad_response("`statusCode` must be a number from 200 to 599"))?;
    let base64 = obj.get("isBase64Encoded").and_then(Value::as_bool) == Some(true);
    let mut content_type = None;
    let body: Vec<u8> = match obj.get("body") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) if base64 => base64::engine::general_purpose::STANDARD
            .decode(s)
            .map_err(|_| bad_response("`body` is not valid base64 (isBase64Encoded is true)"))?,
        Some(Value::String(s)) => {
            content_type = Some("text/plain; charset=utf-8");
            s.clone().into_bytes()
        }
        Some(other) => {
            content_type = Some("application/json");
            other.to_string().into_bytes()
        }
    };
    let mut res = (status, body).into_response();
    if let Some(ct) = content_type {
        res.headers_mut().insert(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static(ct),
        );
    }
    if let Some(headers) = obj.get("headers") {
        let headers = headers
            .as_object()
            .ok_or_else(|| bad_response("`headers` must be an object of strings"))?;
        for (k, v) in headers {
            if RESERVED.contains(&k.to_ascii_lowercase().as_str()) {
                continue;
            }
            let value = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return Err(bad_response(format!("header `{k}` must be a string"))),
            };
            if k.eq_ignore_ascii_case("set-cookie") && value.trim_start().starts_with("session_id=")
            {
                return Err(bad_response(
                    "a function may not set the platform's `session_id` cookie",
                ));
            }
            let name = HeaderName::from_bytes(k.as_bytes())
                .map_err(|_| bad_response(format!("`{k}` is not a valid header name")))?;
            let value = HeaderValue::from_str(&value)
                .map_err(|_| bad_response(format!("header `{k}` has an invalid value")))?;
            // The function's header replaces a default (e.g. the body's content type).
            res.headers_mut().insert(name, value);
        }
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_becomes_the_input() {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_static("Bearer secret"));
        headers.insert("x-quote", HeaderValue::from_static(r#"a "b" \ c"#));
        headers.append("x-twice", HeaderValue::from_static("first"));
        headers.append("x-twice", HeaderValue::from_static("second"));
        headers.insert(
            "cookie",
            HeaderValue::from_static("session_id=abc; theme=dark"),
        );
        let uri: Uri = "/fn/1/f/x/y?a=1&b=%C5%BC&a=2&empty=".parse().unwrap();
        let input = trigger_input(42, &Method::PUT, "x/y", &uri, &headers, &[0xff, 0x00]);
        let v: Value = serde_json::from_str(&input).unwrap();
        assert_eq!(v["timestamp"], 42);
        let list = v["headers"].as_array().unwrap();
        assert!(list.iter().all(|h| h["key"] != "authorization"), "{input}");
        assert!(list.contains(&serde_json::json!({"key": "x-twice", "value": "first"})));
        assert!(list.contains(&serde_json::json!({"key": "cookie", "value": "theme=dark"})));
        let p = &v["payload"];
        assert_eq!(p["method"], "PUT");
        assert_eq!(p["path"], "/x/y");
        assert_eq!(
            p["query"],
            serde_json::json!({"a": ["1", "2"], "b": "ż", "empty": ""})
        );
        assert_eq!(p["headers"]["x-twice"], "second");
        assert_eq!(p["headers"]["x-quote"], r#"a "b" \ c"#);
        assert_eq!(p["headers"]["cookie"], "theme=dark");
        assert!(p["headers"].get("authorization").is_none());
        assert_eq!(
            (p["body"].as_str(), p["isBase64Encoded"].as_bool()),
            (Some("/wA="), Some(true))
        );
        let text = trigger_input(
            1,
            &Method::GET,
            "",
            &"/fn/1/f".parse().unwrap(),
            &HeaderMap::new(),
            b"hi",
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["headers"], serde_json::json!([]));
        assert_eq!(v["payload"]["path"], "/");
        assert_eq!(v["payload"]["query"], serde_json::json!({}));
        assert_eq!(
            (
                v["payload"]["body"].as_str(),
                v["payload"]["isBase64Encoded"].as_bool()
            ),
            (Some("hi"), Some(false))
        );
    }

    #[test]
    fn results_become_http_answers() {
        let r = http_response(r#"{"statusCode":201,"headers":{"X-A":"1"},"body":"made"}"#).unwrap();
        assert_eq!(r.status(), 201);
        assert_eq!(r.headers()["x-a"], "1");
        let r =
            http_response(r#"{"statusCode":200,"body":"aGk=","isBase64Encoded":true}"#).unwrap();
        assert_eq!(r.status(), 200);
        let r = http_response(r#"{"statusCode":200,"body":{"a":1}}"#).unwrap();
        assert_eq!(r.headers()["content-type"], "application/json");
        let r = http_response(r#"{"plain":true}"#).unwrap();
        assert_eq!(r.status(), 200);
        assert!(http_response(r#"{"statusCode":99}"#).is_err());
        assert!(http_response(r#"{"statusCode":200,"headers":{"bad name":"x"}}"#).is_err());
    }
}
