//! Account administration (FaaS-Admin): OAuth apps and secrets (users: `users.rs`).

use super::JsonBody;
use super::Path;
use crate::activity::{self, ActivityKind};
use crate::auth::{Auth, Permission};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get};
use fnhost_store::AppRecord;
use serde::Deserialize;

/// OAuth apps and secrets of one account.
pub(super) fn router() -> Router<AppState> {
    let acc = super::ACCOUNT;
    Router::new()
        .route(&format!("{acc}/apps"), get(list_apps).post(create_app))
        .route(&format!("{acc}/apps/{{client_id}}"), delete(revoke_app))
        .route(
            &format!("{acc}/secrets"),
            get(list_secrets).post(create_secret),
        )
        .route(
            &format!("{acc}/secrets/{{key}}"),
            delete(delete_secret).put(update_secret),
        )
}

fn store_err(e: fnhost_store::StoreError) -> ApiError {
    ApiError::from_store(e, crate::error::Side::Management)
}

#[derive(Deserialize)]
pub(crate) struct NewApp {
    name: String,
}

pub(crate) async fn create_app(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<NewApp>,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AccessAdmin)?;
    if req.name.trim().is_empty() || req.name.len() > 100 {
        return Err(ApiError::bad_input(
            "field `name` must be 1 to 100 characters",
        ));
    }
    let client_id = uuid::Uuid::new_v4().to_string();
    let secret = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let app = AppRecord {
        client_id: client_id.clone(),
        account_id: acc,
        name: req.name.clone(),
        secret_hash: crate::passwords::hash(secret.clone()).await,
        created_at: crate::now_ms(),
        revoked: false,
    };
    st.store.create_app(&app).await.map_err(store_err)?;
    let details = serde_json::json!({ "clientId": client_id, "name": req.name });
    activity::by(
        &st,
        &p,
        &app.account_id,
        ActivityKind::AppCreated,
        None,
        details,
    )
    .await;
    let body = serde_json::json!({ "client_id": client_id, "client_secret": secret, "name": req.name,
        "note": "the client secret is shown only once" });
    Ok(super::json_response(StatusCode::CREATED, body.to_string()))
}

pub(crate) async fn list_apps(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AccessAdmin)?;
    let apps = st.store.list_apps(&acc).await.map_err(store_err)?;
    let list: Vec<_> = apps
        .iter()
        .map(|a| serde_json::json!({ "client_id": a.client_id, "name": a.name, "createdAt": super::iso(a.created_at), "revoked": a.revoked }))
        .collect();
    Ok(super::json_ok(&list))
}

pub(crate) async fn revoke_app(
    State(st): State<AppState>,
    Path((acc, client_id)): Path<(String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AccessAdmin)?;
    if !st
        .store
        .revoke_app(&acc, &client_id)
        .await
        .map_err(store_err)?
    {
        return Err(ApiError::new(
            fnhost_model::ErrorCode::NotFound,
            format!("no app {client_id} in account {acc}"),
        ));
    }
    st.revoked_apps.insert(client_id.clone());
    let details = serde_json::json!({ "clientId": client_id });
    activity::by(&st, &p, &acc, ActivityKind::AppRevoked, None, details).await;
    Ok(super::json_response(StatusCode::OK, serde_json::json!({ "message": "revoked: its tokens are refused from now on (by other nodes within their sync interval)" }).to_string()))
}

#[derive(Deserialize)]
pub(crate) struct NewSecret {
    key: String,
    value: serde_json::Value,
}

/// The system secrets LivePerson provisions with an account's app key. On fnhost the account's
/// admin stores them (the LivePerson app key a migrated function's `LpClient` signs with), and
/// only in the shape the toolbelt reads.
const APP_KEY_SECRETS: &[&str] = &["lp-faas-default-app-key", "lp-faas-orchestrator-app-key"];
const APP_KEY_FIELDS: [&str; 4] = ["consumerKey", "consumerSecret", "token", "tokenSecret"];

/// `Err` when `key` is an app key secret and `value` is not JSON with the four OAuth 1.0a strings.
fn check_app_key(key: &str, value: &serde_json::Value) -> ApiResult<()> {
    if !APP_KEY_SECRETS.contains(&key) {
        return Ok(());
    }
    let parsed = match value {
        serde_json::Value::String(s) => serde_json::from_str(s).unwrap_or(serde_json::Value::Null),
        other => other.clone(),
    };
    let missing: Vec<&str> = APP_KEY_FIELDS
        .iter()
        .copied()
        .filter(|f| parsed[*f].as_str().is_none_or(str::is_empty))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(ApiError::bad_input(format!(
        "field `value`: the system secret `{key}` holds a LivePerson app key: JSON with the strings {} (missing: {})",
        APP_KEY_FIELDS.join(", "),
        missing.join(", ")
    )))
}

pub(crate) async fn create_secret(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<NewSecret>,
) -> ApiResult<Response> {
    p.require(&acc, Permission::SecretWrite)?;
    let key_ok = !req.key.is_empty()
        && req.key.len() <= 100
        && req
            .key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !key_ok {
        return Err(ApiError::bad_input(
            "field `key` must be 1 to 100 characters of A-Z, a-z, 0-9, _ and -",
        ));
    }
    check_app_key(&req.key, &req.value)?;
    let sealed = seal_value(&st, req.value)?;
    st.store
        .put_secret(&acc, &req.key, &sealed, crate::now_ms())
        .await
        .map_err(store_err)?;
    // The name only: a secret's value never enters the activity stream.
    let details = serde_json::json!({ "key": req.key });
    activity::by(&st, &p, &acc, ActivityKind::SecretCreated, None, details).await;
    Ok(super::json_response(
        StatusCode::CREATED,
        serde_json::json!({ "key": req.key, "value": "********" }).to_string(),
    ))
}

#[derive(Deserialize)]
pub(crate) struct SecretValue {
    value: serde_json::Value,
}

/// The sealed value of a secret's `value` field (a string as is, anything else as JSON).
fn seal_value(st: &AppState, value: serde_json::Value) -> ApiResult<String> {
    let value = match value {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    if value.chars().count() > 10_000 {
        return Err(ApiError::bad_input(
            "field `value` exceeds the limit of 10000 characters",
        ));
    }
    Ok(st.cipher.seal(&value))
}

/// Replaces the value of an existing secret (`PUT /secrets/{key}`, the console's and
/// `fnhost secrets set`'s update); 404 when there is none.
pub(crate) async fn update_secret(
    State(st): State<AppState>,
    Path((acc, key)): Path<(String, String)>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<SecretValue>,
) -> ApiResult<Response> {
    p.require(&acc, Permission::SecretWrite)?;
    check_app_key(&key, &req.value)?;
    let sealed = seal_value(&st, req.value)?;
    if !st
        .store
        .update_secret(&acc, &key, &sealed, crate::now_ms())
        .await
        .map_err(store_err)?
    {
        return Err(ApiError::new(
            fnhost_model::ErrorCode::NotFound,
            format!("no secret `{key}`"),
        ));
    }
    // The name only: a secret's value never enters the activity stream.
    let details = serde_json::json!({ "key": key });
    activity::by(&st, &p, &acc, ActivityKind::SecretUpdated, None, details).await;
    Ok(super::json_ok(
        &serde_json::json!({ "key": key, "value": "********" }),
    ))
}

pub(crate) async fn list_secrets(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::SecretRead)?;
    let keys = st.store.list_secret_keys(&acc).await.map_err(store_err)?;
    let list: Vec<_> = keys
        .into_iter()
        .map(|k| serde_json::json!({ "key": k, "value": "********" }))
        .collect();
    Ok(super::json_ok(&list))
}

pub(crate) async fn delete_secret(
    State(st): State<AppState>,
    Path((acc, key)): Path<(String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::SecretWrite)?;
    if !st
        .store
        .delete_secret(&acc, &key)
        .await
        .map_err(store_err)?
    {
        return Err(ApiError::new(
            fnhost_model::ErrorCode::NotFound,
            format!("no secret `{key}`"),
        ));
    }
    let details = serde_json::json!({ "key": key });
    activity::by(&st, &p, &acc, ActivityKind::SecretDeleted, None, details).await;
    Ok(super::json_response(
        StatusCode::OK,
        r#"{"message":"deleted"}"#.into(),
    ))
}
