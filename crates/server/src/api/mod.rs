//! The HTTP API: routes, and the helpers every handler shares (bounded body reading with a read
//! timeout, JSON parsing that names the offending field, repeated query keys, timestamps).

mod activities;
mod admin;
mod allowlist;
mod catalog;
mod discovery;
mod gateway;
mod history;
mod http_trigger;
mod invocations;
mod lambda_input;
mod lambda_views;
mod lambdas;
mod logs;
pub mod metrics;
mod operator;
mod report_settings;
mod reports;
mod schedules;
mod session;
pub mod templates;
mod users;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use fnhost_model::ErrorCode;
use http_body_util::BodyExt;

pub(crate) use discovery::OPENAPI_DOCUMENT;

/// The prefix of every account-scoped route.
const ACCOUNT: &str = "/api/account/{acc}";

/// Every route of the server: each resource module owns its routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(discovery::router())
        .merge(metrics::router())
        .merge(session::router())
        .merge(admin::router())
        .merge(users::router())
        .merge(operator::router())
        .merge(lambdas::router())
        .merge(catalog::router())
        .merge(templates::router())
        .merge(history::router())
        .merge(activities::router())
        .merge(schedules::router())
        .merge(allowlist::router())
        .merge(logs::router())
        .merge(reports::router())
        .merge(report_settings::router())
        .merge(gateway::router())
        .merge(invocations::router())
        .merge(http_trigger::router())
        .merge(crate::console::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(Edge::of(&state), edge))
        .with_state(state)
}

/// What the one middleware around every route needs: the metrics to count answers in, and the
/// `Keep-Alive: timeout=N` value — how many whole seconds an idle HTTP/1.1 connection stays open
/// (the server closes it when no request head arrives within the read timeout). Clients such as
/// Node's undici then stop reusing the connection before the server closes it, instead of racing
/// the close.
#[derive(Clone)]
struct Edge {
    metrics: std::sync::Arc<crate::metrics::Metrics>,
    keep_alive: axum::http::HeaderValue,
}

impl Edge {
    fn of(st: &AppState) -> Self {
        let secs = (st.config.read_timeout_ms / 1000).max(1);
        Edge {
            metrics: st.metrics.clone(),
            keep_alive: axum::http::HeaderValue::from_str(&format!("timeout={secs}"))
                .expect("a number is a valid header value"),
        }
    }
}

/// The one middleware around every route (one layer, so a request pays for one boxed future
/// here, not one per concern): the guard on request heads, the keep-alive hint on HTTP/1.1
/// answers, and every answer counted by status code for `/metrics` (one atomic increment).
async fn edge(
    axum::extract::State(edge): axum::extract::State<Edge>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let res = match oversized_head(&req) {
        Some(refused) => refused,
        None => {
            // HTTP/2 forbids connection-specific headers; HTTP/1.0 has no keep-alive by default.
            let http11 = req.version() == axum::http::Version::HTTP_11;
            let mut res = next.run(req).await;
            if http11 {
                res.headers_mut().insert(
                    axum::http::header::HeaderName::from_static("keep-alive"),
                    edge.keep_alive,
                );
            }
            res
        }
    };
    edge.metrics.http_status(res.status().as_u16());
    res
}

/// The guard on request heads: a URI over 8 KiB is a 414, more than 100 headers or 64 KiB of
/// them a 431, each with the platform's JSON body (hyper's own limits, further out, are handled
/// in `connection::Watched`).
fn oversized_head(req: &axum::extract::Request) -> Option<Response> {
    use crate::connection::{
        HEADERS_TOO_LARGE, MAX_HEADER_BYTES, MAX_HEADERS, MAX_URI_BYTES, URI_TOO_LONG,
    };
    let uri_len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if uri_len > MAX_URI_BYTES {
        let mut e = ApiError::bad_input(URI_TOO_LONG);
        e.status = Some(StatusCode::URI_TOO_LONG.as_u16());
        return Some(e.into_response());
    }
    let headers = req.headers();
    let bytes: usize = headers
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    if headers.len() > MAX_HEADERS || bytes > MAX_HEADER_BYTES {
        let mut e = ApiError::bad_input(HEADERS_TOO_LARGE);
        e.status = Some(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE.as_u16());
        return Some(e.into_response());
    }
    None
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!("no endpoint {method} {}", uri.path()),
    )
}

/// A known path with the wrong method: the platform's JSON body; axum adds the `Allow` header.
async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        format!(
            "{method} is not allowed on {}; the Allow header lists the methods that are",
            uri.path()
        ),
    )
}

/// Reads a request body, bounded by `max_body_bytes` and `read_timeout_ms`.
pub(crate) async fn read_body(state: &AppState, body: Body) -> ApiResult<Bytes> {
    let max = state.config.max_body_bytes;
    let limited = http_body_util::Limited::new(body, max);
    match tokio::time::timeout(state.config.read_timeout(), limited.collect()).await {
        Err(_) => Err(ApiError::new(
            ErrorCode::RequestTimeout,
            format!(
                "the request body was not received completely within {} ms",
                state.config.read_timeout_ms
            ),
        )),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Err(ApiError::bad_input(
            format!("the request body is larger than the limit of {max} bytes"),
        )),
        Ok(Err(e)) => Err(ApiError::bad_input(format!(
            "the request body could not be read: {e}"
        ))),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
    }
}

/// Extractor: the path parameters, like axum's `Path`, but a parameter that is not valid
/// (percent-encoded bytes that are not UTF-8, a number that does not parse) answers the
/// platform's JSON 400 naming the problem, never axum's plain-text rejection.
pub(crate) struct Path<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for Path<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(e) => Err(ApiError::bad_input(format!(
                "the URL path is not valid: {}",
                e.body_text()
            ))),
        }
    }
}

/// Extractor: a JSON request body read with the size limit and read timeout, parsed with the
/// offending field named in errors.
pub(crate) struct JsonBody<T>(pub T);

impl<T: serde::de::DeserializeOwned> axum::extract::FromRequest<AppState> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, st: &AppState) -> Result<Self, ApiError> {
        let bytes = read_body(st, req.into_body()).await?;
        parse_json::<T>(&bytes, "the request body").map(JsonBody)
    }
}

/// Parses JSON, naming the offending field in the error (`headers[0].key: invalid type …`).
pub(crate) fn parse_json<'a, T: serde::Deserialize<'a>>(
    bytes: &'a [u8],
    what: &str,
) -> ApiResult<T> {
    // Fast path first; only a failure pays for tracking the field path.
    if let Ok(v) = serde_json::from_slice(bytes) {
        return Ok(v);
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." || path.is_empty() {
            ApiError::bad_input(format!("{what} is not valid: {inner}"))
        } else {
            ApiError::bad_input(format!("{what} field `{path}` is not valid: {inner}"))
        }
    })
}

/// The query string as ordered pairs (keys may repeat, as `state=…&state=…` does).
pub(crate) fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    uri.query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}

pub(crate) fn query_one(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, v)| k == key && !v.is_empty())
        .map(|(_, v)| v.clone())
}

pub(crate) fn query_i64(pairs: &[(String, String)], key: &str) -> ApiResult<Option<i64>> {
    match query_one(pairs, key) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            ApiError::bad_input(format!(
                "query parameter `{key}` must be an integer (got `{v}`)"
            ))
        }),
    }
}

/// The latest timestamp a query accepts: 9999-12-31T23:59:59.999Z.
const MAX_TIMESTAMP_MS: i64 = 253_402_300_799_999;

/// An epoch-milliseconds query parameter between 1970 and the year 9999.
pub(crate) fn query_timestamp(pairs: &[(String, String)], key: &str) -> ApiResult<Option<i64>> {
    match query_i64(pairs, key)? {
        Some(ms) if !(0..=MAX_TIMESTAMP_MS).contains(&ms) => Err(ApiError::bad_input(format!(
            "query parameter `{key}` must be epoch milliseconds between 0 and {MAX_TIMESTAMP_MS} (got {ms})"
        ))),
        other => Ok(other),
    }
}

/// Epoch milliseconds as an ISO 8601 UTC timestamp.
pub(crate) fn iso(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// 200 with a JSON body.
pub(crate) fn json_ok<T: serde::Serialize + ?Sized>(value: &T) -> Response {
    json_response(
        StatusCode::OK,
        serde_json::to_string(value).unwrap_or_else(|_| "null".into()),
    )
}

pub(crate) fn json_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}
