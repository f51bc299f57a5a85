//! Function management, in the shapes `lpf` 1.31.13 reads and writes (wire-protocol §3.3, §3.4):
//! list/get (arrays!), create, update (304 when unchanged), delete, deploy/undeploy (202, async),
//! runtimes and events.

use super::JsonBody;
use super::Path;
use super::lambda_input::{
    LambdaBody, dependencies, requested_limits, validate_description, validate_env, validate_event,
    validate_limits, validate_name,
};
use super::lambda_views::{Detail, lambda_json};
use crate::activity::{self, ActivityKind};
use crate::auth::{Auth, Permission};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use fnhost_model::{ErrorCode, FunctionLimits, LambdaState};
use fnhost_runtime::{FunctionSpec, LoadError};
use fnhost_store::{LambdaRecord, StoreError};
use serde_json::{Value, json};

/// Functions, deployments, runtimes and events of one account.
pub(super) fn router() -> Router<AppState> {
    let acc = super::ACCOUNT;
    Router::new()
        .route(&format!("{acc}/lambdas"), get(list).post(create))
        .route(&format!("{acc}/lambdas/"), get(list))
        .route(&format!("{acc}/functions"), get(list))
        .route(
            &format!("{acc}/lambdas/{{uuid}}"),
            get(get_one).put(update).delete(remove),
        )
        .route(
            &format!("{acc}/deployments/{{uuid}}"),
            post(deploy).delete(undeploy),
        )
}

fn store_err(e: StoreError) -> ApiError {
    ApiError::from_store(e, crate::error::Side::Management)
}

pub(crate) fn missing(uuid: &str) -> ApiError {
    ApiError::new(
        ErrorCode::EsMissingLambda,
        format!("function {uuid} does not exist"),
    )
}

/// Store errors of an operation on one function: a missing row names the function.
fn lambda_err(uuid: &str) -> impl Fn(StoreError) -> ApiError + '_ {
    move |e| match e {
        StoreError::NotFound => missing(uuid),
        other => store_err(other),
    }
}

pub(crate) async fn list(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    uri: Uri,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaRead)?;
    let detail = Detail::for_principal(&p);
    let q = super::query_pairs(&uri);
    let name = super::query_one(&q, "name").or_else(|| super::query_one(&q, "functionName"));
    let event = super::query_one(&q, "eventId");
    let states: Vec<LambdaState> = q
        .iter()
        .filter(|(k, v)| k == "state" && !v.is_empty())
        .filter_map(|(_, v)| LambdaState::parse(v))
        .collect();
    let all = st.store.list_lambdas(&acc).await.map_err(store_err)?;
    let list: Vec<Value> = all
        .iter()
        .filter(|l| name.as_ref().is_none_or(|n| &l.name == n))
        .filter(|l| {
            event
                .as_ref()
                .is_none_or(|e| l.event_id.as_ref() == Some(e))
        })
        .filter(|l| states.is_empty() || states.contains(&l.state))
        .map(|l| lambda_json(&st, l, detail))
        .collect();
    Ok(super::json_ok(&list))
}

async fn load(st: &AppState, acc: &str, uuid: &str) -> ApiResult<LambdaRecord> {
    st.store
        .get_lambda(acc, uuid)
        .await
        .map_err(store_err)?
        .ok_or_else(|| missing(uuid))
}

pub(crate) async fn get_one(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaRead)?;
    let l = load(&st, &acc, &uuid).await?;
    // lpf destructures `const [foundLambda] = …`: a one-element array, not an object.
    Ok(super::json_response(
        StatusCode::OK,
        Value::Array(vec![lambda_json(&st, &l, Detail::for_principal(&p))]).to_string(),
    ))
}

/// Runs the deploy-time check: the code must load and define `lambda`.
async fn check_code(st: &AppState, acc: &str, uuid: &str, code: &str) -> ApiResult<()> {
    let mut spec = FunctionSpec::new(acc, uuid, code);
    spec.limits = st.config.limits;
    st.engine.validate(&spec).await.map_err(contract_error)
}

fn contract_error(e: LoadError) -> ApiError {
    ApiError::new(
        ErrorCode::FmContractError,
        format!("the code is not a valid lambda: {e}"),
    )
}

pub(crate) async fn create(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<LambdaBody>,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaWrite)?;
    let name = req.name.unwrap_or_default();
    validate_name(&name)?;
    let description = req.description.unwrap_or_default();
    validate_description(&description)?;
    let event_id = validate_event(&req.event_id)?;
    let imp = req.implementation.unwrap_or_default();
    let code = imp
        .code
        .ok_or_else(|| ApiError::bad_input("field `implementation.code` is required"))?;
    let env = validate_env(&imp.environment_variables.unwrap_or_default())?;
    let deps = dependencies(imp.dependencies)?;
    let uuid = uuid::Uuid::new_v4().to_string();
    let limits = match requested_limits(req.limits, req.retry, FunctionLimits::default())? {
        Some(l) => validate_limits(&st, &acc, &uuid, l).await?,
        None => FunctionLimits::default(),
    };
    check_code(&st, &acc, &uuid, &code).await?;
    let now = crate::now_ms();
    let rec = LambdaRecord {
        uuid,
        account_id: acc.clone(),
        name,
        description,
        event_id,
        state: LambdaState::Draft,
        version: 1,
        code,
        env,
        dependencies: deps,
        sample_payload: Some(
            req.sample_payload
                .unwrap_or_else(|| json!({"headers": [], "payload": {}})),
        ),
        skills: req.skills.unwrap_or_default(),
        limits,
        http_trigger: req.http_trigger.unwrap_or_default(),
        created_at: now,
        created_by: p.actor(),
        updated_at: now,
        updated_by: p.actor(),
        deployed: None,
        last_deployment: None,
    };
    st.store
        .create_lambda(&rec, st.max_functions(&acc))
        .await
        .map_err(store_err)?;
    let details = json!({ "name": rec.name, "version": rec.version });
    activity::by(
        &st,
        &p,
        &acc,
        ActivityKind::LambdaCreated,
        Some(&rec.uuid),
        details,
    )
    .await;
    Ok(super::json_response(
        StatusCode::CREATED,
        lambda_json(&st, &rec, Detail::Full).to_string(),
    ))
}

pub(crate) async fn update(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<LambdaBody>,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaWrite)?;
    let current = load(&st, &acc, &uuid).await?;
    if let Some(name) = &req.name
        && *name != current.name
    {
        return Err(ApiError::bad_input(format!(
            "field `name` is immutable (`{}` cannot become `{name}`)",
            current.name
        )));
    }
    if req.event_id.is_some() && validate_event(&req.event_id)? != current.event_id {
        return Err(ApiError::bad_input(
            "field `eventId` is immutable after creation",
        ));
    }
    let mut next = current.clone();
    if let Some(d) = req.description {
        validate_description(&d)?;
        next.description = d;
    }
    if let Some(imp) = req.implementation {
        if let Some(code) = imp.code {
            next.code = code;
        }
        if let Some(env) = imp.environment_variables {
            next.env = validate_env(&env)?;
        }
        if imp.dependencies.is_some() {
            next.dependencies = dependencies(imp.dependencies)?;
        }
    }
    if let Some(sp) = req.sample_payload {
        next.sample_payload = Some(sp);
    }
    if let Some(skills) = req.skills {
        next.skills = skills;
    }
    if let Some(limits) = requested_limits(req.limits, req.retry, next.limits)? {
        next.limits = validate_limits(&st, &acc, &uuid, limits).await?;
    }
    if let Some(trigger) = req.http_trigger {
        next.http_trigger = trigger;
    }
    let unchanged = next.http_trigger == current.http_trigger
        && next.description == current.description
        && next.code == current.code
        && next.env == current.env
        && next.dependencies == current.dependencies
        && next.sample_payload == current.sample_payload
        && next.skills == current.skills
        && next.limits == current.limits;
    if unchanged {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    if let Some(v) = req.version
        && v != current.version
    {
        return Err(ApiError::conflict(format!(
            "the function changed since you read it (version {v}, now {}); pull and retry",
            current.version
        )));
    }
    if next.code != current.code {
        check_code(&st, &acc, &uuid, &next.code).await?;
    }
    next.updated_at = crate::now_ms();
    next.updated_by = p.actor();
    st.store
        .update_lambda(&next, current.version)
        .await
        .map_err(store_err)?;
    let stored = load(&st, &acc, &uuid).await?;
    let changed: Vec<&str> = [
        ("code", next.code != current.code),
        ("environmentVariables", next.env != current.env),
        ("description", next.description != current.description),
        (
            "settings",
            next.limits != current.limits || next.http_trigger != current.http_trigger,
        ),
    ]
    .into_iter()
    .filter_map(|(name, yes)| yes.then_some(name))
    .collect();
    let details = json!({ "name": stored.name, "version": stored.version,
        "previousVersion": current.version, "changes": changed });
    activity::by(
        &st,
        &p,
        &acc,
        ActivityKind::LambdaUpdated,
        Some(&uuid),
        details,
    )
    .await;
    Ok(super::json_response(
        StatusCode::ACCEPTED,
        lambda_json(&st, &stored, Detail::Full).to_string(),
    ))
}

pub(crate) async fn remove(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaWrite)?;
    let name = load(&st, &acc, &uuid).await?.name;
    st.store
        .delete_lambda(&acc, &uuid)
        .await
        .map_err(lambda_err(&uuid))?;
    let details = json!({ "name": name });
    activity::by(
        &st,
        &p,
        &acc,
        ActivityKind::LambdaDeleted,
        Some(&uuid),
        details,
    )
    .await;
    Ok(super::json_response(
        StatusCode::OK,
        json!({ "message": "Successfully deleted lambda" }).to_string(),
    ))
}

pub(crate) async fn deploy(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaWrite)?;
    check_deployed_limit(&st, &acc, &uuid).await?;
    crate::deployments::deploy(&st, &acc, &uuid, &p.actor())
        .await
        .map_err(lambda_err(&uuid))?;
    // No `uuid` in this body: lpf would read a truthy uuid as "skipped".
    Ok(super::json_response(
        StatusCode::ACCEPTED,
        json!({ "message": "Successfully started deployment" }).to_string(),
    ))
}

/// Refuses to deploy one more function than the account may have deployed.
pub(crate) async fn check_deployed_limit(st: &AppState, acc: &str, uuid: &str) -> ApiResult<()> {
    let all = st.store.list_lambdas(acc).await.map_err(store_err)?;
    let deployed = all
        .iter()
        .filter(|l| l.deployed.is_some() && l.uuid != uuid)
        .count() as i64;
    let max = st.max_deployed(acc);
    if deployed >= max {
        return Err(ApiError::conflict(format!(
            "the account already has {deployed} deployed functions; the limit is {max}"
        )));
    }
    Ok(())
}

pub(crate) async fn undeploy(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaWrite)?;
    crate::deployments::undeploy(&st, &acc, &uuid, &p.actor())
        .await
        .map_err(lambda_err(&uuid))?;
    Ok(super::json_response(
        StatusCode::ACCEPTED,
        json!({ "message": "Successfully started undeployment" }).to_string(),
    ))
}
