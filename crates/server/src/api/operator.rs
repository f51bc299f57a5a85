//! The operator's API (`/api/operator/…`): accounts of the installation, each with its first
//! admin user and its own limits over the platform defaults. Reached only with the operator
//! credential given to `fnhost serve --operator-token` (sent as `Authorization: Bearer …`);
//! without one the API is off. Never reachable with an account's user or app token.

use super::JsonBody;
use super::Path;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, put};
use fnhost_model::ErrorCode;
use fnhost_store::{AccountLimits, AccountRecord, Role, StoreError, UserRecord};
use serde::Deserialize;
use serde_json::{Value, json};

/// The operator routes.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/operator/accounts", get(list).post(create))
        .route("/api/operator/accounts/{acc}", get(get_one))
        .route("/api/operator/accounts/{acc}/limits", put(set_limits))
}

fn store_err(e: StoreError) -> ApiError {
    ApiError::from_store(e, crate::error::Side::Management)
}

/// Checks the operator credential (digests compared, so the comparison leaks nothing useful).
fn operator(st: &AppState, headers: &HeaderMap) -> ApiResult<()> {
    let Some(expected) = st
        .config
        .operator_token
        .as_deref()
        .filter(|t| !t.is_empty())
    else {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            "the operator API is off; start `fnhost serve` with --operator-token (or FNHOST_OPERATOR_TOKEN)",
        ));
    };
    let given = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(|| {
            ApiError::unauthorized(
                "the operator API needs `Authorization: Bearer <operator token>`",
            )
        })?;
    let digest = fnhost_store::crypto::token_digest;
    if digest(given) != digest(expected) {
        return Err(ApiError::unauthorized("the operator token is not valid"));
    }
    Ok(())
}

fn effective(st: &AppState, id: &str) -> Value {
    json!({
        "maxFunctions": st.max_functions(id),
        "maxDeployed": st.max_deployed(id),
        "invocationsPerMonth": st.invocations_per_month(id),
        "accountRateLimit": st.account_limits.get(id).account_rate_limit.unwrap_or(st.config.account_rate_limit),
        "functionRateLimit": st.account_limits.get(id).function_rate_limit.unwrap_or(st.config.function_rate_limit),
    })
}

fn account_json(st: &AppState, a: &AccountRecord) -> Value {
    json!({
        "accountId": a.id,
        "createdAt": super::iso(a.created_at),
        "limits": a.limits,
        "effectiveLimits": effective(st, &a.id),
    })
}

fn check_limits(l: &AccountLimits) -> ApiResult<()> {
    for (field, v) in [
        ("maxFunctions", l.max_functions),
        ("maxDeployed", l.max_deployed),
        ("invocationsPerMonth", l.invocations_per_month),
    ] {
        if let Some(v) = v
            && !(0..=1_000_000_000_000).contains(&v)
        {
            return Err(ApiError::bad_input(format!(
                "field `limits.{field}` must be between 0 and 10^12 (got {v})"
            )));
        }
    }
    Ok(())
}

async fn list(State(st): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    operator(&st, &headers)?;
    let accounts = st.store.list_accounts().await.map_err(store_err)?;
    let out: Vec<Value> = accounts.iter().map(|a| account_json(&st, a)).collect();
    Ok(super::json_ok(&out))
}

async fn get_one(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    operator(&st, &headers)?;
    let a = st
        .store
        .get_account(&acc)
        .await
        .map_err(store_err)?
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("no account `{acc}`")))?;
    Ok(super::json_ok(&account_json(&st, &a)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewAccount {
    account_id: String,
    #[serde(default)]
    admin_user: Option<String>,
    #[serde(default)]
    admin_password: Option<String>,
    #[serde(default)]
    limits: AccountLimits,
}

async fn create(
    State(st): State<AppState>,
    headers: HeaderMap,
    JsonBody(req): JsonBody<NewAccount>,
) -> ApiResult<Response> {
    operator(&st, &headers)?;
    let id_ok = !req.account_id.is_empty()
        && req.account_id.len() <= 64
        && req
            .account_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !id_ok {
        return Err(ApiError::bad_input(
            "field `accountId` must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -",
        ));
    }
    let login = req.admin_user.unwrap_or_else(|| "admin".into());
    if login.is_empty() || login.len() > 100 || login.chars().any(char::is_whitespace) {
        return Err(ApiError::bad_input(
            "field `adminUser` must be 1 to 100 characters without whitespace",
        ));
    }
    let generated = req.admin_password.is_none();
    let password = req
        .admin_password
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    let n = password.chars().count();
    if !(8..=1024).contains(&n) {
        return Err(ApiError::bad_input(format!(
            "field `adminPassword` must have 8 to 1024 characters (got {n})"
        )));
    }
    check_limits(&req.limits)?;
    let now = crate::now_ms();
    let account = AccountRecord {
        id: req.account_id.clone(),
        created_at: now,
        limits: req.limits,
    };
    let admin = UserRecord {
        id: uuid::Uuid::new_v4().to_string(),
        account_id: req.account_id.clone(),
        login_name: login.clone(),
        password_hash: crate::passwords::hash(password.clone()).await,
        roles: vec![Role::Admin, Role::Developer, Role::Invocation],
        created_at: now,
        token_generation: 0,
    };
    st.store
        .create_account_with_admin(&account, &admin)
        .await
        .map_err(store_err)?;
    st.account_limits.set(&account.id, account.limits);
    let mut body = account_json(&st, &account);
    body["adminUser"] = json!(login);
    if generated {
        body["adminPassword"] = json!(password);
        body["note"] = json!("the generated admin password is shown only once");
    }
    Ok(super::json_response(StatusCode::CREATED, body.to_string()))
}

async fn set_limits(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    headers: HeaderMap,
    JsonBody(limits): JsonBody<AccountLimits>,
) -> ApiResult<Response> {
    operator(&st, &headers)?;
    check_limits(&limits)?;
    if !st
        .store
        .set_account_limits(&acc, &limits)
        .await
        .map_err(store_err)?
    {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no account `{acc}`"),
        ));
    }
    st.account_limits.set(&acc, limits);
    let a = st
        .store
        .get_account(&acc)
        .await
        .map_err(store_err)?
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("no account `{acc}`")))?;
    Ok(super::json_ok(&account_json(&st, &a)))
}
