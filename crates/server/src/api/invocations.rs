//! Asynchronous invocations and dead letters: follow one invocation by id, list them, and
//! redrive or delete dead letters.

use super::Path;
use crate::auth::{Auth, Permission};
use crate::error::{ApiError, ApiResult, Side};
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::routing::{delete, get, post};
use fnhost_store::{AsyncFilter, AsyncInvocation, AsyncState, StoreError};
use serde_json::{Value, json};

/// The invocation and dead-letter routes of one account.
pub(super) fn router() -> Router<AppState> {
    let acc = super::ACCOUNT;
    Router::new()
        .route(&format!("{acc}/invocations"), get(list))
        .route(&format!("{acc}/invocations/{{id}}"), get(get_one))
        .route(&format!("{acc}/deadletters"), get(list_dead))
        .route(&format!("{acc}/deadletters/redrive"), post(redrive_all))
        .route(&format!("{acc}/deadletters/{{id}}"), delete(delete_dead))
        .route(
            &format!("{acc}/deadletters/{{id}}/redrive"),
            post(redrive_one),
        )
        .route(&format!("{acc}/reports/asyncQueue"), get(queue_report))
}

/// Per function of the account: queued, running, retrying, dead, and the oldest waiting age.
pub(crate) async fn queue_report(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ReportsRead)?;
    let now = crate::now_ms();
    let stats = st.store.queue_stats(Some(&acc)).await.map_err(store_err)?;
    let list: Vec<Value> = stats
        .iter()
        .filter(|q| q.account_id == acc)
        .map(|q| {
            json!({
                "functionUuid": q.lambda_uuid,
                "queued": q.queued,
                "running": q.running,
                "retrying": q.retrying,
                "dead": q.dead,
                // Waiting to run: queued now or waiting for a retry.
                "depth": q.queued + q.retrying,
                "retries": q.retries,
                "oldestWaitingAgeMs": q.oldest_waiting_at.map(|t| (now - t).max(0)),
            })
        })
        .collect();
    Ok(super::json_ok(&list))
}

fn store_err(e: StoreError) -> ApiError {
    ApiError::from_store(e, Side::Management)
}

fn missing(id: &str) -> ApiError {
    ApiError::new(
        fnhost_model::ErrorCode::NotFound,
        format!("no asynchronous invocation {id} in this account"),
    )
}

/// An invocation as the API shows it.
fn invocation_json(i: &AsyncInvocation) -> Value {
    let last = i.errors.last();
    json!({
        "invocationId": i.id,
        "functionUuid": i.lambda_uuid,
        "eventId": i.event_id,
        "requestId": i.request_id,
        "state": i.state.as_str(),
        "attempts": i.attempts,
        "maxAttempts": i.max_attempts,
        "result": i.result.as_deref().and_then(|r| serde_json::from_str::<Value>(r).ok()),
        "errorCode": last.map(|e| e.error_code.as_str()),
        "errorMsg": last.map(|e| e.error_msg.as_str()),
        "errors": i.errors,
        "createdAt": super::iso(i.created_at),
        "updatedAt": super::iso(i.updated_at),
        "finishedAt": i.finished_at.map(super::iso),
        "nextAttemptAt": matches!(i.state, AsyncState::Queued | AsyncState::Failed).then(|| super::iso(i.next_run_at)),
    })
}

/// A dead letter also carries the input it failed with.
fn dead_letter_json(i: &AsyncInvocation) -> Value {
    let mut v = invocation_json(i);
    v["input"] = serde_json::from_str(&i.input).unwrap_or(Value::Null);
    v
}

/// The query parameters the lists take (`lambdaUUID` is the platform's other spelling of the
/// function's id). Any other is refused by name rather than ignored.
const FILTERS: &[&str] = &["state", "limit", "functionUuid", "lambdaUUID"];

fn filter(uri: &Uri, state: Option<AsyncState>) -> ApiResult<AsyncFilter> {
    let q = super::query_pairs(uri);
    if let Some((k, _)) = q.iter().find(|(k, _)| !FILTERS.contains(&k.as_str())) {
        return Err(ApiError::bad_input(format!(
            "unknown query parameter `{k}` (the filters are state, limit and functionUuid)"
        )));
    }
    let state = match (state, super::query_one(&q, "state")) {
        (Some(s), _) => Some(s),
        (None, None) => None,
        (None, Some(s)) => Some(AsyncState::parse(&s).ok_or_else(|| {
            ApiError::bad_input(format!(
                "query parameter `state` must be queued, running, succeeded, failed or dead (got `{s}`)"
            ))
        })?),
    };
    let limit = match super::query_i64(&q, "limit")? {
        None => 100,
        Some(n) if (1..=1000).contains(&n) => n,
        Some(n) => {
            return Err(ApiError::bad_input(format!(
                "query parameter `limit` must be between 1 and 1000 (got {n})"
            )));
        }
    };
    Ok(AsyncFilter {
        state,
        lambda_uuid: super::query_one(&q, "functionUuid")
            .or_else(|| super::query_one(&q, "lambdaUUID")),
        limit,
    })
}

pub(crate) async fn get_one(
    State(st): State<AppState>,
    Path((acc, id)): Path<(String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaRead)?;
    let i = st
        .store
        .get_async(&acc, &id)
        .await
        .map_err(store_err)?
        .ok_or_else(|| missing(&id))?;
    Ok(super::json_ok(&invocation_json(&i)))
}

pub(crate) async fn list(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    uri: Uri,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaRead)?;
    let f = filter(&uri, None)?;
    let all = st.store.list_async(&acc, &f).await.map_err(store_err)?;
    let list: Vec<Value> = all.iter().map(invocation_json).collect();
    Ok(super::json_ok(&list))
}

pub(crate) async fn list_dead(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    uri: Uri,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaRead)?;
    let f = filter(&uri, Some(AsyncState::Dead))?;
    let all = st.store.list_async(&acc, &f).await.map_err(store_err)?;
    let list: Vec<Value> = all.iter().map(dead_letter_json).collect();
    Ok(super::json_ok(&list))
}

fn redriven(st: &AppState, n: u64) -> Response {
    st.async_worker_wake();
    super::json_response(StatusCode::OK, json!({ "redriven": n }).to_string())
}

pub(crate) async fn redrive_one(
    State(st): State<AppState>,
    Path((acc, id)): Path<(String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::Invoke)?;
    let n = st
        .store
        .redrive(&acc, Some(&id), crate::now_ms())
        .await
        .map_err(store_err)?;
    if n == 0 {
        return Err(missing_dead(&id));
    }
    Ok(redriven(&st, n))
}

pub(crate) async fn redrive_all(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::Invoke)?;
    let n = st
        .store
        .redrive(&acc, None, crate::now_ms())
        .await
        .map_err(store_err)?;
    Ok(redriven(&st, n))
}

fn missing_dead(id: &str) -> ApiError {
    ApiError::new(
        fnhost_model::ErrorCode::NotFound,
        format!("no dead letter {id} in this account"),
    )
}

pub(crate) async fn delete_dead(
    State(st): State<AppState>,
    Path((acc, id)): Path<(String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::Invoke)?;
    if !st.store.delete_dead(&acc, &id).await.map_err(store_err)? {
        return Err(missing_dead(&id));
    }
    Ok(super::json_response(
        StatusCode::OK,
        json!({ "deleted": id }).to_string(),
    ))
}
