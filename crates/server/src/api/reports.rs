//! Reports: the account's limits and counts (`lpf get account`) and a function's invocation
//! histogram (`lpf metrics`), and the same histogram for the whole account (the console's Home
//! chart), all read from the store's rollups.

use super::Path;
use crate::auth::{Auth, Permission};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use fnhost_store::StoreError;
use serde_json::{Value, json};

const DAY_MS: i64 = 86_400_000;

/// The report routes of one account.
pub(super) fn router() -> Router<AppState> {
    let acc = super::ACCOUNT;
    Router::new()
        .route(&format!("{acc}/reports/limitCounts"), get(limit_counts))
        .route(&format!("{acc}/reports/latency"), get(account_latency))
        .route(
            &format!("{acc}/reports/latency/{{uuid}}"),
            get(function_latency),
        )
        .route(&format!("{acc}/reports/lambdaCounts"), get(lambda_counts))
        .route(
            &format!("{acc}/reports/invocationCounts"),
            get(invocation_counts),
        )
        .route(
            &format!("{acc}/reports/invocations"),
            get(account_histogram),
        )
        .route(
            &format!("{acc}/reports/invocations/{{uuid}}"),
            get(invocation_histogram),
        )
}

fn store_err(e: StoreError) -> ApiError {
    ApiError::from_store(e, crate::error::Side::Management)
}

pub(crate) async fn limit_counts(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ReportsRead)?;
    let now = crate::now_ms();
    let from = crate::quota::month_start(now);
    let counts = st
        .store
        .outcome_counts(&acc, None, from, now, (now - from).max(1))
        .await
        .map_err(store_err)?;
    let sum = |f: fn(&fnhost_store::OutcomeCounts) -> i64| counts.iter().map(f).sum::<i64>();
    let body = json!({
        "limitTotalLambdas": st.max_functions(&acc),
        "limitDeployedLambdas": st.max_deployed(&acc),
        "invocationLimitPerMonth": st.invocations_per_month(&acc),
        "invocationLimitEnforced": st.config.enforce_invocation_quota,
        "invocationsThisMonth": {
            "total": sum(|c| c.total()),
            "succeeded": sum(|c| c.succeeded),
            "failed": sum(|c| c.coding_failure + c.platform_failure),
            "timeout": sum(|c| c.timeout),
            "since": super::iso(from),
        },
    });
    Ok(super::json_ok(&body))
}

pub(crate) async fn lambda_counts(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ReportsRead)?;
    let all = st.store.list_lambdas(&acc).await.map_err(store_err)?;
    let deployed = all.iter().filter(|l| l.deployed.is_some()).count();
    Ok(super::json_response(
        StatusCode::OK,
        json!({ "accountId": acc, "total": all.len(), "deployed": deployed }).to_string(),
    ))
}

pub(crate) async fn invocation_counts(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    uri: Uri,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ReportsRead)?;
    let q = super::query_pairs(&uri);
    let to = super::query_timestamp(&q, "endTimestamp")?.unwrap_or_else(crate::now_ms);
    let from = super::query_timestamp(&q, "startTimestamp")?.unwrap_or(to - 30 * DAY_MS);
    if to < from {
        return Err(ApiError::bad_input(
            "`endTimestamp` must not be before `startTimestamp`",
        ));
    }
    let window = (to - from).max(1);
    let counts = st
        .store
        .outcome_counts(&acc, None, from, to, window)
        .await
        .map_err(store_err)?;
    let (ok, all) = counts
        .iter()
        .fold((0, 0), |(ok, all), c| (ok + c.succeeded, all + c.total()));
    let body = json!({ "accountId": acc, "successfulInvocations": ok, "unsuccessfulInvocations": all - ok });
    Ok(super::json_ok(&body))
}

/// Histogram for `lpf metrics`: buckets of `bucketSize` seconds with a count per outcome class.
pub(crate) async fn invocation_histogram(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
    uri: Uri,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ReportsRead)?;
    histogram(&st, &acc, Some(&uuid), &uri).await
}

/// The same histogram over every function of the account (the console's Home page).
pub(crate) async fn account_histogram(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    uri: Uri,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ReportsRead)?;
    histogram(&st, &acc, None, &uri).await
}

async fn histogram(st: &AppState, acc: &str, uuid: Option<&str>, uri: &Uri) -> ApiResult<Response> {
    let q = super::query_pairs(uri);
    let to = super::query_timestamp(&q, "endTimestamp")?.unwrap_or_else(crate::now_ms);
    let from = super::query_timestamp(&q, "startTimestamp")?.unwrap_or(to - DAY_MS);
    let bucket_s = super::query_i64(&q, "bucketSize")?.unwrap_or(3600);
    if !(60..=86_400).contains(&bucket_s) {
        return Err(ApiError::bad_input(
            "query parameter `bucketSize` must be between 60 and 86400 seconds",
        ));
    }
    if to < from || to - from > 31 * DAY_MS {
        return Err(ApiError::bad_input(
            "the time window must be positive and at most 31 days",
        ));
    }
    let bucket = bucket_s * 1000;
    let counts = st
        .store
        .outcome_counts(acc, uuid, from, to, bucket)
        .await
        .map_err(store_err)?;
    let out: Vec<Value> = counts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let start = from + i as i64 * bucket;
            json!({ "from": start, "to": (start + bucket).min(to), "SUCCEEDED": c.succeeded, "UNKOWN": 0, "CODING_FAILURE": c.coding_failure, "PLATFORM_FAILURE": c.platform_failure, "TIMEOUT": c.timeout })
        })
        .collect();
    Ok(super::json_response(
        StatusCode::OK,
        json!({ "invocationStatistics": out }).to_string(),
    ))
}

/// Latency percentiles of a function (or the account) over a window (default: the last 24 h),
/// from the rollups' histograms: every node's invocations, exact to the minute.
async fn latency(st: &AppState, acc: &str, uuid: Option<&str>, uri: &Uri) -> ApiResult<Response> {
    let q = super::query_pairs(uri);
    let to = super::query_timestamp(&q, "endTimestamp")?.unwrap_or_else(crate::now_ms);
    let from = super::query_timestamp(&q, "startTimestamp")?.unwrap_or(to - DAY_MS);
    if to < from || to - from > 31 * DAY_MS {
        return Err(ApiError::bad_input(
            "the time window must be positive and at most 31 days",
        ));
    }
    let h = st
        .store
        .latency_histogram(acc, uuid, from, to)
        .await
        .map_err(store_err)?;
    let pct = |p: f64| h.percentile(p).map(|v| (v * 100.0).round() / 100.0);
    let buckets: Vec<Value> = h
        .counts
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let le = fnhost_store::latency::LATENCY_BOUNDS_MS.get(i).copied();
            json!({ "leMs": le, "count": n })
        })
        .collect();
    Ok(super::json_ok(&json!({
        "accountId": acc,
        "lambdaUUID": uuid,
        "from": from,
        "to": to,
        "count": h.total(),
        "p50Ms": pct(0.50),
        "p95Ms": pct(0.95),
        "p99Ms": pct(0.99),
        "buckets": buckets,
    })))
}

pub(crate) async fn account_latency(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    uri: Uri,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ReportsRead)?;
    latency(&st, &acc, None, &uri).await
}

pub(crate) async fn function_latency(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
    uri: Uri,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ReportsRead)?;
    latency(&st, &acc, Some(&uuid), &uri).await
}
