//! Schedules (`lpf create:schedule`): cron runs of deployed functions, with an optional JSON
//! payload (`input.payload`); list, get, update (expression, payload, active flag), delete.

use super::JsonBody;
use super::Path;
use crate::activity::{self, ActivityKind};
use crate::auth::{Auth, Permission};
use crate::error::{ApiError, ApiResult};
use crate::scheduler::next_run;
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use fnhost_store::{ScheduleRecord, StoreError};
use serde::Deserialize;
use serde_json::{Value, json};
use std::str::FromStr;

/// The schedule routes of one account.
pub(super) fn router() -> Router<AppState> {
    let acc = super::ACCOUNT;
    Router::new()
        .route(
            &format!("{acc}/schedules"),
            get(list_schedules).post(create_schedule),
        )
        .route(
            &format!("{acc}/schedules/{{uuid}}"),
            get(get_schedule)
                .put(update_schedule)
                .delete(delete_schedule),
        )
}

/// The longest schedule payload, in characters of its JSON text.
const MAX_PAYLOAD_CHARS: usize = 8_000;

/// A payload as stored: compact JSON text, at most [`MAX_PAYLOAD_CHARS`] characters.
fn validate_payload(payload: &Value) -> ApiResult<String> {
    let text = payload.to_string();
    let chars = text.chars().count();
    if chars > MAX_PAYLOAD_CHARS {
        return Err(ApiError::bad_input(format!(
            "field `payload` is {chars} characters as JSON text (a string's quotes included); the limit is {MAX_PAYLOAD_CHARS}"
        )));
    }
    Ok(text)
}

fn missing_schedule(uuid: &str) -> ApiError {
    ApiError::new(
        fnhost_model::ErrorCode::NotFound,
        format!("no schedule {uuid} in this account"),
    )
}

fn store_err(e: StoreError) -> ApiError {
    ApiError::from_store(e, crate::error::Side::Management)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct NewSchedule {
    #[serde(rename = "lambdaUUID")]
    lambda_uuid: String,
    cron_expression: String,
    #[serde(default = "yes")]
    is_active: bool,
    /// Passed to the function as `input.payload`.
    #[serde(default)]
    payload: Option<Value>,
    // What `lpf create:schedule` sends beside the fields above (`timestamp`, an empty `uuid`),
    // and the rest of the schedule's own shape a client may echo back: accepted and ignored.
    // Any other field is refused by name.
    #[serde(default, rename = "timestamp")]
    _timestamp: Option<Value>,
    #[serde(default, rename = "uuid")]
    _uuid: Option<Value>,
    #[serde(default, rename = "functionName")]
    _function_name: Option<Value>,
    #[serde(default, rename = "createdBy")]
    _created_by: Option<Value>,
    #[serde(default, rename = "nextExecution")]
    _next_execution: Option<Value>,
    #[serde(default, rename = "lastExecution")]
    _last_execution: Option<Value>,
    #[serde(default, rename = "didLastExecutionFail")]
    _did_last_execution_fail: Option<Value>,
    #[serde(default, rename = "lastErrorCode")]
    _last_error_code: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ScheduleUpdate {
    #[serde(default)]
    cron_expression: Option<String>,
    /// A JSON value; `null` removes the payload.
    #[serde(default, deserialize_with = "present")]
    payload: Option<Option<Value>>,
    #[serde(default)]
    is_active: Option<bool>,
}

/// Tells a field given as `null` (`Some(None)`) from a field left out (`None`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<Value>>, D::Error> {
    Ok(Some(Option::<Value>::deserialize(d)?))
}

fn yes() -> bool {
    true
}

/// [`validate_cron`] on a blocking thread: proving that an expression never fires (`0 0 31 2 *`)
/// searches years ahead and must not hold an HTTP worker.
async fn check_cron(cron: &str) -> ApiResult<()> {
    let cron = cron.to_owned();
    tokio::task::spawn_blocking(move || validate_cron(&cron))
        .await
        .unwrap_or_else(|_| {
            Err(ApiError::bad_input(
                "field `cronExpression` could not be checked",
            ))
        })
}

fn validate_cron(cron: &str) -> ApiResult<()> {
    if cron.split_whitespace().count() != 5 {
        return Err(ApiError::bad_input(format!(
            "field `cronExpression` must have 5 fields (minute hour day-of-month month day-of-week), got `{cron}`"
        )));
    }
    croner::Cron::from_str(cron)
        .map_err(|e| ApiError::bad_input(format!("field `cronExpression` is not valid: {e}")))?;
    if next_run(cron, crate::now_ms()).is_none() {
        return Err(ApiError::bad_input(format!(
            "field `cronExpression` never fires (`{cron}` names no date that exists)"
        )));
    }
    Ok(())
}

fn schedule_json(s: &ScheduleRecord) -> Value {
    json!({
        "uuid": s.uuid, "lambdaUUID": s.lambda_uuid, "cronExpression": s.cron, "isActive": s.is_active,
        // A paused schedule has no next run.
        "createdBy": s.created_by, "nextExecution": s.next_run.filter(|_| s.is_active).map(super::iso),
        "lastExecution": s.last_run.map(super::iso), "didLastExecutionFail": s.last_failed,
        "lastErrorCode": s.last_error_code,
        "payload": s.payload.as_deref().and_then(|p| serde_json::from_str::<Value>(p).ok()),
    })
}

pub(crate) async fn create_schedule(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<NewSchedule>,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ScheduleWrite)?;
    check_cron(&req.cron_expression).await?;
    let payload = req.payload.as_ref().map(validate_payload).transpose()?;
    let l = st
        .store
        .get_lambda(&acc, &req.lambda_uuid)
        .await
        .map_err(store_err)?
        .ok_or_else(|| super::lambdas::missing(&req.lambda_uuid))?;
    if !l.state.is_invocable() {
        return Err(ApiError::conflict(format!(
            "only deployed functions can be scheduled; `{}` is {}",
            l.name,
            l.state.as_str()
        )));
    }
    let s = ScheduleRecord {
        uuid: uuid::Uuid::new_v4().to_string(),
        account_id: acc,
        lambda_uuid: req.lambda_uuid,
        cron: req.cron_expression.clone(),
        is_active: req.is_active,
        created_by: p.actor(),
        created_at: crate::now_ms(),
        next_run: next_run(&req.cron_expression, crate::now_ms()),
        last_run: None,
        last_failed: false,
        payload,
        last_error_code: None,
    };
    st.store
        .create_schedule(&s, st.config.max_schedules_per_account)
        .await
        .map_err(|e| match e {
            // The per-account count is a validation of the request, as the other limits are.
            StoreError::LimitReached(m) => {
                ApiError::bad_input(format!("schedules per account: {m}"))
            }
            other => store_err(other),
        })?;
    let details =
        json!({ "schedule": s.uuid, "cron": s.cron, "isActive": s.is_active, "function": l.name });
    activity::by(
        &st,
        &p,
        &s.account_id,
        ActivityKind::ScheduleCreated,
        Some(&s.lambda_uuid),
        details,
    )
    .await;
    Ok(super::json_response(
        StatusCode::CREATED,
        schedule_json(&s).to_string(),
    ))
}

pub(crate) async fn list_schedules(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ScheduleRead)?;
    let list = st.store.list_schedules(&acc).await.map_err(store_err)?;
    Ok(super::json_response(
        StatusCode::OK,
        Value::Array(list.iter().map(schedule_json).collect()).to_string(),
    ))
}

pub(crate) async fn get_schedule(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ScheduleRead)?;
    let s = st
        .store
        .get_schedule(&acc, &uuid)
        .await
        .map_err(store_err)?
        .ok_or_else(|| missing_schedule(&uuid))?;
    Ok(super::json_ok(&schedule_json(&s)))
}

pub(crate) async fn update_schedule(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<ScheduleUpdate>,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ScheduleWrite)?;
    if let Some(cron) = &req.cron_expression {
        check_cron(cron).await?;
    }
    let payload = match &req.payload {
        None => None,
        Some(None) => Some(None),
        Some(Some(v)) => Some(Some(validate_payload(v)?)),
    };
    let mut s = st
        .store
        .get_schedule(&acc, &uuid)
        .await
        .map_err(store_err)?
        .ok_or_else(|| missing_schedule(&uuid))?;
    if let Some(cron) = req.cron_expression {
        s.cron = cron;
    }
    if let Some(p) = payload {
        s.payload = p;
    }
    if let Some(active) = req.is_active {
        s.is_active = active;
    }
    // The next run follows from the (new) expression, from now on.
    s.next_run = next_run(&s.cron, crate::now_ms());
    if !st.store.update_schedule(&s).await.map_err(store_err)? {
        return Err(missing_schedule(&uuid));
    }
    let details = json!({ "schedule": s.uuid, "cron": s.cron, "isActive": s.is_active });
    activity::by(
        &st,
        &p,
        &acc,
        ActivityKind::ScheduleUpdated,
        Some(&s.lambda_uuid),
        details,
    )
    .await;
    Ok(super::json_ok(&schedule_json(&s)))
}

pub(crate) async fn delete_schedule(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ScheduleWrite)?;
    let lambda = st
        .store
        .get_schedule(&acc, &uuid)
        .await
        .map_err(store_err)?
        .map(|s| s.lambda_uuid);
    if !st
        .store
        .delete_schedule(&acc, &uuid)
        .await
        .map_err(store_err)?
    {
        return Err(missing_schedule(&uuid));
    }
    let details = json!({ "schedule": uuid });
    activity::by(
        &st,
        &p,
        &acc,
        ActivityKind::ScheduleDeleted,
        lambda.as_deref(),
        details,
    )
    .await;
    Ok(super::json_response(
        StatusCode::OK,
        json!({ "deleted": uuid }).to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cron_is_validated() {
        assert!(validate_cron("*/5 * * * *").is_ok());
        assert!(validate_cron("* * * * * *").is_err());
        assert!(validate_cron("61 * * * *").is_err());
        assert!(
            validate_cron("0 0 31 2 *").is_err(),
            "February 31st never comes"
        );
        assert_eq!(next_run("0 * * * *", 0).unwrap(), 3_600_000);
    }
}
