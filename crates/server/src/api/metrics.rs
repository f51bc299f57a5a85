//! `/metrics` (Prometheus text format) and `/metrics.json` (the node's totals as one document).
//!
//! **Secure by default:** neither is open unless the operator asks. With `--metrics-token` they
//! answer on the main listener to `Authorization: Bearer <token>`; with `--metrics-listen` they
//! are served without a token on that address alone (a port the operator keeps private), and the
//! main listener refuses them. Without either, both answer 404 saying how to turn them on.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use fnhost_model::ErrorCode;

/// The metrics routes on the main listener (guarded by the scrape token).
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/metrics", get(guarded_text))
        .route("/metrics.json", get(guarded_json))
}

/// The metrics routes alone, unguarded, for the `--metrics-listen` address.
pub fn scrape_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(text))
        .route("/metrics.json", get(json))
        .with_state(state)
}

/// Lets a scrape through only with the configured token.
fn guard(st: &AppState, headers: &HeaderMap) -> ApiResult<()> {
    let Some(expected) = st.config.metrics_token.as_deref().filter(|t| !t.is_empty()) else {
        let how = match st.config.metrics_listen {
            Some(addr) => format!("metrics are served on {addr}, not here"),
            None => "metrics are off; start `fnhost serve` with --metrics-token (scrape with \
                     `Authorization: Bearer <token>`) or --metrics-listen ADDR"
                .into(),
        };
        return Err(ApiError::new(ErrorCode::NotFound, how));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(|| {
            ApiError::unauthorized("metrics need `Authorization: Bearer <metrics token>`")
        })?;
    let digest = fnhost_store::crypto::token_digest;
    if digest(given) != digest(expected) {
        return Err(ApiError::unauthorized("the metrics token is not valid"));
    }
    Ok(())
}

async fn guarded_text(State(st): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    guard(&st, &headers)?;
    Ok(text(State(st)).await)
}

async fn guarded_json(State(st): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    guard(&st, &headers)?;
    Ok(json(State(st)).await)
}

async fn text(State(st): State<AppState>) -> Response {
    let body = st.metrics.render(&st).await;
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

async fn json(State(st): State<AppState>) -> Response {
    metrics_json_document(&st).await
}

/// The node's totals as one JSON document (`/metrics.json`).
async fn metrics_json_document(st: &AppState) -> Response {
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
        "asyncQueue": async_queue_figures(st).await,
        "clusterNodes": st.account_limits.nodes(),
        "memory": {
            "budgetBytes": st.engine.memory_budget().limit(),
            "usedBytes": st.engine.memory_budget().used(),
        },
        "longCalls": st.engine.long_calls(),
    });
    super::json_ok(&body)
}

/// The whole node's queue: invocations queued, running, waiting for a retry, dead letters, and
/// the age of the oldest one waiting. Totals only, no account or function named (each account
/// sees its functions in `GET …/reports/asyncQueue`).
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
