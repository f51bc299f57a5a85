//! Service discovery (`baseURI.json`), health, readiness, metrics and the OpenAPI document.

use super::Path;
use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

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
        "asyncQueue": async_queue_figures(&st).await,
        "memory": {
            "budgetBytes": st.engine.memory_budget().limit(),
            "usedBytes": st.engine.memory_budget().used(),
        },
        "longCalls": st.engine.long_calls(),
    });
    super::json_ok(&body)
}

/// The whole node's queue: invocations queued, running, waiting for a retry, dead letters, and
/// the age of the oldest one waiting. Totals only: `/metrics` needs no token, so it names no
/// account or function (each account sees its functions in `GET …/reports/asyncQueue`).
/// `null` when the store cannot say.
async fn async_queue_figures(st: &AppState) -> serde_json::Value {
    match st.store.queue_stats(None).await {
        Ok(stats) => {
            let now = crate::now_ms();
            let sum = |f: fn(&fnhost_store::QueueStats) -> i64| stats.iter().map(f).sum::<i64>();
            let oldest = stats.iter().filter_map(|q| q.oldest_waiting_at).min();
            serde_json::json!({
                "queued": sum(|q| q.queued),
                "running": sum(|q| q.running),
                "retrying": sum(|q| q.retrying),
                "dead": sum(|q| q.dead),
                "oldestWaitingAgeMs": oldest.map(|t| (now - t).max(0)),
            })
        }
        Err(e) => {
            tracing::warn!(error = %e, "queue figures unavailable");
            serde_json::Value::Null
        }
    }
}

/// The OpenAPI document of every route (`/openapi.json`): maintained beside the routes, checked
/// by a test that it parses and names every path's parameters, and exercised by the API fuzz run
/// (`tests/fuzz/run.sh`).
pub(crate) const OPENAPI_DOCUMENT: &str = include_str!("openapi.json");

pub(crate) async fn openapi() -> Response {
    super::json_response(StatusCode::OK, OPENAPI_DOCUMENT.to_owned())
}
