//! Schedules (`lpf create:schedule`): cron runs of deployed functions.

use super::JsonBody;
use crate::auth::{Auth, Permission};
use crate::error::{ApiError, ApiResult};
use crate::scheduler::next_run;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use fnhost_store::{ScheduleRecord, StoreError};
use serde::Deserialize;
use serde_json::{Value, json};
use std::str::FromStr;

/// The schedule routes of one account.
pub(super) fn router() -> Router<AppState> {
    Router::new().route(
        &format!("{}/schedules", super::ACCOUNT),
        get(list_schedules).post(create_schedule),
    )
}

fn store_err(e: StoreError) -> ApiError {
    ApiError::from_store(e, crate::error::Side::Management)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NewSchedule {
    #[serde(rename = "lambdaUUID")]
    lambda_uuid: String,
    cron_expression: String,
    #[serde(default = "yes")]
    is_active: bool,
}

fn yes() -> bool {
    true
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
        "createdBy": s.created_by, "nextExecution": s.next_run.map(super::iso),
        "lastExecution": s.last_run.map(super::iso), "didLastExecutionFail": s.last_failed,
    })
}

pub(crate) async fn create_schedule(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<NewSchedule>,
) -> ApiResult<Response> {
    p.require(&acc, Permission::ScheduleWrite)?;
    validate_cron(&req.cron_expression)?;
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
    };
    st.store
        .create_schedule(&s, st.config.max_schedules_per_account)
        .await
        .map_err(store_err)?;
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
