//! Service discovery (`baseURI.json`), health, readiness, metrics and the OpenAPI document.

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use fnhost_model::ErrorCode;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem};
use utoipa::openapi::{InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, ResponseBuilder};

/// Health, metrics, the OpenAPI document and service discovery.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/openapi.json", get(openapi))
        .route(
            &format!("{}/service/baseURI.json", super::ACCOUNT),
            get(base_uris),
        )
}

/// The CSDS answer: every service the npm clients look up lives on this server.
pub(crate) async fn base_uris(State(st): State<AppState>, Path(acc): Path<String>) -> Response {
    let services = [
        "faasGW", "faasUI", "sentinel", "agentVep", "msgHist", "smt", "swift",
    ];
    let list: Vec<_> = services
        .iter()
        .map(|s| serde_json::json!({ "service": s, "account": acc, "baseURI": st.public_host }))
        .collect();
    super::json_response(
        StatusCode::OK,
        serde_json::json!({ "baseURIs": list }).to_string(),
    )
}

pub(crate) async fn healthz() -> Response {
    super::json_response(StatusCode::OK, r#"{"status":"ok"}"#.into())
}

pub(crate) async fn readyz(State(st): State<AppState>) -> Response {
    match st.store.ping().await {
        Ok(()) => super::json_response(StatusCode::OK, r#"{"status":"ready"}"#.into()),
        Err(e) => ApiError::from_store(e, crate::error::Side::Invocation).into_response(),
    }
}

/// Counters for operators, as JSON.
pub(crate) async fn metrics(State(st): State<AppState>) -> Response {
    let deployed = st.registry.all();
    let (mut instances, mut cold, mut discarded) = (0, 0, 0);
    for d in &deployed {
        let s = d.pool.stats();
        instances += s.instances;
        cold += s.cold_starts;
        discarded += s.discarded;
    }
    let body = serde_json::json!({
        "deployedFunctions": deployed.len(),
        "instances": instances,
        "coldStarts": cold,
        "discardedInstances": discarded,
        "rateLimited": st.rate_limited.load(std::sync::atomic::Ordering::Relaxed),
        "records": { "written": st.records.written(), "dropped": st.records.dropped(), "failed": st.records.failed() },
    });
    super::json_ok(&body)
}

/// `(method, path, summary)` of every endpoint, for the OpenAPI document.
const ENDPOINTS: &[(&str, &str, &str)] = &[
    ("get", "/healthz", "Liveness"),
    ("get", "/readyz", "Readiness (store reachable)"),
    ("get", "/metrics", "Operator counters"),
    (
        "get",
        "/api/account/{acc}/service/baseURI.json",
        "Service discovery (CSDS)",
    ),
    (
        "post",
        "/api/account/{acc}/login",
        "User login: {username,password} -> {bearer,csrf,sessionId,config}",
    ),
    (
        "post",
        "/api/account/{acc}/refresh",
        "Refresh a login session (cookie session_id, {csrf})",
    ),
    (
        "post",
        "/sentinel/api/account/{acc}/app/token",
        "OAuth2 client credentials token",
    ),
    ("get", "/api/account/{acc}/apps", "List OAuth apps (Admin)"),
    (
        "post",
        "/api/account/{acc}/apps",
        "Create an OAuth app {name} -> {client_id, client_secret} (Admin)",
    ),
    (
        "delete",
        "/api/account/{acc}/apps/{client_id}",
        "Revoke an OAuth app (Admin)",
    ),
    ("get", "/api/account/{acc}/users", "List users (Admin)"),
    (
        "post",
        "/api/account/{acc}/users",
        "Create a user {username,password,roles} (Admin)",
    ),
    (
        "get",
        "/api/account/{acc}/secrets",
        "List secret keys (Admin, Developer)",
    ),
    (
        "post",
        "/api/account/{acc}/secrets",
        "Create a secret {key,value} (Admin)",
    ),
    (
        "delete",
        "/api/account/{acc}/secrets/{key}",
        "Delete a secret (Admin)",
    ),
    (
        "get",
        "/api/account/{acc}/lambdas",
        "List functions (filters name, eventId, state)",
    ),
    (
        "post",
        "/api/account/{acc}/lambdas",
        "Create a function (Developer)",
    ),
    (
        "get",
        "/api/account/{acc}/lambdas/{uuid}",
        "One function, as a one-element array",
    ),
    (
        "put",
        "/api/account/{acc}/lambdas/{uuid}",
        "Update a function; 304 when unchanged (Developer)",
    ),
    (
        "delete",
        "/api/account/{acc}/lambdas/{uuid}",
        "Delete a Draft function (Developer)",
    ),
    (
        "post",
        "/api/account/{acc}/deployments/{uuid}",
        "Deploy (asynchronous, 202)",
    ),
    (
        "delete",
        "/api/account/{acc}/deployments/{uuid}",
        "Undeploy (202)",
    ),
    ("get", "/api/account/{acc}/runtimes", "Runtimes"),
    ("get", "/api/account/{acc}/events", "Event sources"),
    ("get", "/api/account/{acc}/schedules", "List schedules"),
    ("post", "/api/account/{acc}/schedules", "Create a schedule"),
    (
        "get",
        "/api/account/{acc}/proxy-settings",
        "List allowlisted domains",
    ),
    (
        "post",
        "/api/account/{acc}/proxy-settings",
        "Allowlist a domain (Admin)",
    ),
    (
        "get",
        "/api/account/{acc}/logs",
        "Query stored logs (JSON, grouped by request id)",
    ),
    (
        "get",
        "/api/account/{acc}/logs/export",
        "Stored logs as CSV (lpf logs)",
    ),
    (
        "get",
        "/api/account/{acc}/reports/limitCounts",
        "Account limits",
    ),
    (
        "get",
        "/api/account/{acc}/reports/lambdaCounts",
        "Function counts",
    ),
    (
        "get",
        "/api/account/{acc}/reports/invocationCounts",
        "Invocation counts",
    ),
    (
        "get",
        "/api/account/{acc}/reports/invocations/{uuid}",
        "Invocation histogram of one function",
    ),
    (
        "post",
        "/api/account/{acc}/lambdas/{uuid}/invoke",
        "Invoke a function",
    ),
    (
        "post",
        "/api/account/{acc}/events/{event}/invoke",
        "Invoke every function listening to an event",
    ),
    (
        "get",
        "/api/account/{acc}/events/{event}/isImplemented",
        "Whether an event has a listener",
    ),
];

pub(crate) fn openapi_document() -> OpenApi {
    let mut paths = PathsBuilder::new();
    for (method, path, summary) in ENDPOINTS {
        let m = match *method {
            "get" => HttpMethod::Get,
            "post" => HttpMethod::Post,
            "put" => HttpMethod::Put,
            _ => HttpMethod::Delete,
        };
        let op = OperationBuilder::new()
            .summary(Some(*summary))
            .response("200", ResponseBuilder::new().description("Success"))
            .response(
                "default",
                ResponseBuilder::new().description("Error: {errorCode, errorMsg, errorLogs?}"),
            )
            .build();
        paths = paths.path(*path, PathItem::new(m, op));
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("fnhost")
                .version(env!("CARGO_PKG_VERSION"))
                .build(),
        )
        .paths(paths.build())
        .build()
}

pub(crate) async fn openapi() -> Response {
    match openapi_document().to_json() {
        Ok(s) => super::json_response(StatusCode::OK, s),
        Err(e) => ApiError::new(ErrorCode::EsGeneral, e.to_string()).into_response(),
    }
}
