//! Service discovery (`baseURI.json`), health, readiness and the OpenAPI document.

use super::Path;
use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// Health, the OpenAPI document and service discovery.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
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

/// The OpenAPI document of every route (`/openapi.json`): maintained beside the routes, checked
/// by a test that it parses and names every path's parameters, and exercised by the API fuzz run
/// (`tests/fuzz/run.sh`).
pub(crate) const OPENAPI_DOCUMENT: &str = include_str!("openapi.json");

pub(crate) async fn openapi() -> Response {
    super::json_response(StatusCode::OK, OPENAPI_DOCUMENT.to_owned())
}
