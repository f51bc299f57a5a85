//! The activity stream of an account (`GET /activities`) and of one function
//! (`GET /lambdas/{uuid}/activities`), newest first, filtered by function, user, kind and time.

use super::Path;
use crate::activity::ActivityKind;
use crate::auth::{Auth, Permission};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use axum::routing::get;
use fnhost_store::{ActivityQuery, ActivityRecord};
use serde_json::{Value, json};

/// Activity routes of one account.
pub(super) fn router() -> Router<AppState> {
    let acc = super::ACCOUNT;
    Router::new()
        .route(&format!("{acc}/activities"), get(account_activities))
        .route(
            &format!("{acc}/lambdas/{{uuid}}/activities"),
            get(lambda_activities),
        )
}

/// Most activities one request returns, and the default.
const MAX_LIMIT: i64 = 1000;
const DEFAULT_LIMIT: i64 = 100;

fn activity_json(a: &ActivityRecord) -> Value {
    json!({
        "id": a.id,
        "at": super::iso(a.at),
        "timestamp": a.at,
        "actor": a.actor,
        "kind": a.kind,
        "lambdaUUID": a.lambda_uuid,
        "details": a.details,
    })
}

/// The query parameters every activity listing takes.
fn query_of(acc: &str, uri: &Uri, lambda: Option<String>) -> ApiResult<ActivityQuery> {
    let q = super::query_pairs(uri);
    let mut kinds = Vec::new();
    for (k, v) in &q {
        if k != "kind" {
            continue;
        }
        for kind in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if !ActivityKind::is_known_filter(kind) {
                let names: Vec<&str> = ActivityKind::ALL.iter().map(|k| k.as_str()).collect();
                return Err(ApiError::bad_input(format!(
                    "query parameter `kind`: `{kind}` is not an activity kind; use one of {} or a prefix such as `deployment.`",
                    names.join(", ")
                )));
            }
            kinds.push(kind.to_owned());
        }
    }
    let from = super::query_timestamp(&q, "from")?.unwrap_or(0);
    let to = super::query_timestamp(&q, "to")?.unwrap_or(i64::MAX / 2);
    if from > to {
        return Err(ApiError::bad_input(
            "query parameter `from` must not be after `to`",
        ));
    }
    let limit = super::query_i64(&q, "limit")?.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::bad_input(format!(
            "query parameter `limit` must be between 1 and {MAX_LIMIT} (got {limit})"
        )));
    }
    Ok(ActivityQuery {
        account_id: acc.to_owned(),
        lambda_uuid: lambda.or_else(|| super::query_one(&q, "lambda")),
        actor: super::query_one(&q, "user"),
        kinds,
        from,
        to,
        limit,
    })
}

async fn respond(st: &AppState, query: ActivityQuery) -> ApiResult<Response> {
    let list = st
        .store
        .list_activities(&query)
        .await
        .map_err(|e| ApiError::from_store(e, crate::error::Side::Management))?;
    let out: Vec<Value> = list.iter().map(activity_json).collect();
    Ok(super::json_ok(&out))
}

async fn account_activities(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    uri: Uri,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaRead)?;
    let query = query_of(&acc, &uri, None)?;
    respond(&st, query).await
}

async fn lambda_activities(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    uri: Uri,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaRead)?;
    // Activities outlive a deleted function, so a missing function is not an error here.
    let query = query_of(&acc, &uri, Some(uuid))?;
    respond(&st, query).await
}
