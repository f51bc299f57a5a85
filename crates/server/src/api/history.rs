//! A function's history: its versions (every code or environment change makes one), its kept
//! deployments, a unified diff between two versions, **restore** (an old version becomes the
//! draft again, nothing deployed, as LivePerson does) and **rollback** (restore and deploy in one
//! call, answered once the deployment finished; other nodes pick it up at their next sync).

use super::Path;
use super::lambda_views::{Detail, deployment_json, lambda_json};
use crate::activity::{Activity, ActivityKind};
use crate::auth::{Auth, Permission};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use fnhost_model::{DeploymentState, ErrorCode, KeyValue};
use fnhost_store::{LambdaRecord, StoreError, VersionRecord};
use serde::Deserialize;
use serde_json::{Value, json};

/// History routes of one account's functions.
pub(super) fn router() -> Router<AppState> {
    let base = format!("{}/lambdas/{{uuid}}", super::ACCOUNT);
    Router::new()
        .route(&format!("{base}/versions"), get(list_versions))
        .route(&format!("{base}/versions/{{version}}"), get(get_version))
        .route(
            &format!("{base}/versions/{{version}}/restore"),
            post(restore),
        )
        .route(&format!("{base}/diff"), get(diff))
        .route(&format!("{base}/deployments"), get(list_deployments))
        .route(&format!("{base}/rollback"), post(rollback))
}

fn history_err(uuid: &str) -> impl Fn(StoreError) -> ApiError + '_ {
    move |e| match e {
        StoreError::NotFound => super::lambdas::missing(uuid),
        other => ApiError::from_store(other, crate::error::Side::Management),
    }
}

/// The function `uuid` of account `acc`, or the management API's 404 for it.
async fn load_lambda(st: &AppState, acc: &str, uuid: &str) -> ApiResult<LambdaRecord> {
    st.store
        .get_lambda(acc, uuid)
        .await
        .map_err(history_err(uuid))?
        .ok_or_else(|| super::lambdas::missing(uuid))
}

fn no_version(uuid: &str, v: i64) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!("function {uuid} has no version {v} (never made, or no longer kept)"),
    )
}

fn parse_version(raw: &str) -> ApiResult<i64> {
    raw.parse::<i64>().ok().filter(|v| *v >= 1).ok_or_else(|| {
        ApiError::bad_input(format!(
            "path parameter `version` must be a positive integer (got `{raw}`)"
        ))
    })
}

/// What changed from `prev` to `v` (the first version is `created`).
fn changes(v: &VersionRecord, prev: Option<&VersionRecord>) -> Vec<&'static str> {
    let Some(prev) = prev else {
        return vec!["created"];
    };
    let mut out = Vec::new();
    if v.code != prev.code {
        out.push("code");
    }
    if v.env != prev.env {
        out.push("environmentVariables");
    }
    if out.is_empty() {
        out.push("settings");
    }
    out
}

async fn list_versions(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaRead)?;
    let lambda = load_lambda(&st, &acc, &uuid).await?;
    let versions = st
        .store
        .list_versions(&acc, &uuid)
        .await
        .map_err(history_err(&uuid))?;
    let deployed = lambda.deployed.as_ref().map(|d| d.version);
    let list: Vec<Value> = versions
        .iter()
        .enumerate()
        .map(|(i, v)| {
            // Newest first: the previous version is the next element (when still kept).
            let prev = versions.get(i + 1).filter(|p| p.version == v.version - 1);
            let first = v.version == 1;
            json!({
                "version": v.version,
                "createdAt": super::iso(v.created_at),
                "createdBy": v.created_by,
                "note": v.note,
                "changes": if first || prev.is_some() { json!(changes(v, prev)) } else { Value::Null },
                "current": v.version == lambda.version,
                "deployed": Some(v.version) == deployed,
            })
        })
        .collect();
    Ok(super::json_ok(&list))
}

async fn version_of(st: &AppState, acc: &str, uuid: &str, v: i64) -> ApiResult<VersionRecord> {
    match st
        .store
        .get_version(acc, uuid, v)
        .await
        .map_err(history_err(uuid))?
    {
        Some(rec) => Ok(rec),
        None => {
            // Tell a missing function apart from a missing version.
            load_lambda(st, acc, uuid).await?;
            Err(no_version(uuid, v))
        }
    }
}

async fn get_version(
    State(st): State<AppState>,
    Path((acc, uuid, version)): Path<(String, String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaSourceRead)?;
    let v = version_of(&st, &acc, &uuid, parse_version(&version)?).await?;
    Ok(super::json_ok(&json!({
        "version": v.version,
        "createdAt": super::iso(v.created_at),
        "createdBy": v.created_by,
        "note": v.note,
        "code": v.code,
        "environmentVariables": v.env,
    })))
}

/// The environment as sorted `KEY=value` lines, so it diffs like a file.
fn env_text(env: &[KeyValue]) -> String {
    let mut lines: Vec<String> = env
        .iter()
        .map(|kv| format!("{}={}\n", kv.key, kv.value))
        .collect();
    lines.sort();
    lines.concat()
}

/// A unified diff of code and environment between two versions (empty when identical).
pub(crate) fn unified_diff(from: &VersionRecord, to: &VersionRecord) -> String {
    let mut out = String::new();
    for (name, a, b) in [
        ("index.js", from.code.clone(), to.code.clone()),
        ("environment", env_text(&from.env), env_text(&to.env)),
    ] {
        if a == b {
            continue;
        }
        let diff = similar::TextDiff::from_lines(&a, &b);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(
                    &format!("v{}/{name}", from.version),
                    &format!("v{}/{name}", to.version),
                )
                .missing_newline_hint(true)
                .to_string(),
        );
    }
    out
}

async fn diff(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    uri: Uri,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaSourceRead)?;
    let q = super::query_pairs(&uri);
    let lambda = load_lambda(&st, &acc, &uuid).await?;
    let param =
        |key: &str| -> ApiResult<Option<i64>> {
            match super::query_one(&q, key) {
            None => Ok(None),
            Some(raw) => raw.parse::<i64>().ok().filter(|v| *v >= 1).map(Some).ok_or_else(|| {
                ApiError::bad_input(format!(
                    "query parameter `{key}` must be a positive version number (got `{raw}`)"
                ))
            }),
        }
        };
    // Default: what is deployed (or the version before the draft) against the draft.
    let to = param("to")?.unwrap_or(lambda.version);
    let from = match param("from")? {
        Some(v) => v,
        None => lambda
            .deployed
            .as_ref()
            .map(|d| d.version)
            .unwrap_or((to - 1).max(1)),
    };
    let a = version_of(&st, &acc, &uuid, from).await?;
    let b = version_of(&st, &acc, &uuid, to).await?;
    let text = unified_diff(&a, &b);
    if super::query_one(&q, "format").as_deref() == Some("text") {
        return Ok((
            StatusCode::OK,
            [(
                axum::http::header::CONTENT_TYPE,
                "text/x-diff; charset=utf-8",
            )],
            text,
        )
            .into_response());
    }
    Ok(super::json_ok(&json!({
        "from": from,
        "to": to,
        "identical": text.is_empty(),
        "diff": text,
    })))
}

async fn list_deployments(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaRead)?;
    let lambda = load_lambda(&st, &acc, &uuid).await?;
    let list = st
        .store
        .list_deployments(&acc, &uuid)
        .await
        .map_err(history_err(&uuid))?;
    let out: Vec<Value> = list.iter().map(|d| deployment_json(&lambda, d)).collect();
    Ok(super::json_ok(&out))
}

async fn restore(
    State(st): State<AppState>,
    Path((acc, uuid, version)): Path<(String, String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaWrite)?;
    let v = parse_version(&version)?;
    version_of(&st, &acc, &uuid, v).await?;
    let restored = st
        .store
        .restore_version(&acc, &uuid, v, &p.actor(), crate::now_ms())
        .await
        .map_err(|e| match e {
            StoreError::NotFound => no_version(&uuid, v),
            other => history_err(&uuid)(other),
        })?;
    crate::activity::record(
        &st,
        Activity {
            account_id: &acc,
            actor: &p.actor(),
            kind: ActivityKind::VersionRestored,
            lambda_uuid: Some(&uuid),
            details: json!({ "name": restored.name, "restoredVersion": v, "version": restored.version }),
        },
    )
    .await;
    Ok(super::json_ok(&lambda_json(&st, &restored, Detail::Full)))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RollbackBody {
    #[serde(default)]
    version: Option<i64>,
}

/// The version a rollback returns to by default: the newest successful deployment of a version
/// other than the one deployed now.
fn previous_good(
    deployments: &[fnhost_store::DeploymentRecord],
    deployed: Option<i64>,
) -> Option<i64> {
    deployments
        .iter()
        .filter(|d| d.state == DeploymentState::DeployFinish)
        .map(|d| d.lambda_version)
        .find(|v| Some(*v) != deployed)
}

async fn rollback(
    State(st): State<AppState>,
    Path((acc, uuid)): Path<(String, String)>,
    Auth(p): Auth,
    body: Bytes,
) -> ApiResult<Response> {
    p.require(&acc, Permission::LambdaWrite)?;
    let req: RollbackBody = if body.iter().all(u8::is_ascii_whitespace) {
        RollbackBody::default()
    } else {
        super::parse_json(&body, "the request body")?
    };
    let lambda = load_lambda(&st, &acc, &uuid).await?;
    let deployed = lambda.deployed.as_ref().map(|d| d.version);
    let target = match req.version {
        Some(v) if v < 1 => {
            return Err(ApiError::bad_input(format!(
                "field `version` must be a positive integer (got {v})"
            )));
        }
        Some(v) => v,
        None => {
            let deployments = st
                .store
                .list_deployments(&acc, &uuid)
                .await
                .map_err(history_err(&uuid))?;
            previous_good(&deployments, deployed).ok_or_else(|| {
                ApiError::conflict(format!(
                    "`{}` has no earlier successful deployment to roll back to; name a version",
                    lambda.name
                ))
            })?
        }
    };
    version_of(&st, &acc, &uuid, target).await?;
    let actor = p.actor();
    let restored = st
        .store
        .restore_version(&acc, &uuid, target, &actor, crate::now_ms())
        .await
        .map_err(|e| match e {
            StoreError::NotFound => no_version(&uuid, target),
            other => history_err(&uuid)(other),
        })?;
    let outcome = crate::deployments::deploy_and_wait(&st, &acc, &uuid, &actor)
        .await
        .map_err(history_err(&uuid))?;
    crate::activity::record(
        &st,
        Activity {
            account_id: &acc,
            actor: &actor,
            kind: ActivityKind::RolledBack,
            lambda_uuid: Some(&uuid),
            details: json!({
                "name": lambda.name, "fromVersion": deployed, "restoredVersion": target,
                "version": restored.version, "succeeded": outcome.is_ok(),
            }),
        },
    )
    .await;
    let now = load_lambda(&st, &acc, &uuid).await?;
    if let Err(info) = outcome {
        return Err(ApiError::new(
            ErrorCode::FmContractError,
            format!(
                "version {target} was restored into the draft (now version {}) but its deployment failed: {}",
                restored.version, info.error_msg
            ),
        ));
    }
    Ok(super::json_ok(&json!({
        "restoredVersion": target,
        "version": restored.version,
        "lambda": lambda_json(&st, &now, Detail::Full),
    })))
}
