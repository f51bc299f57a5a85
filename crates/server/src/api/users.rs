//! Users of an account: list and create (FaaS-Admin), delete, change roles, reset a password
//! (FaaS-Admin), and change one's own password (any user). Deleting a user or changing their
//! password or roles ends their sessions at once on this node and on every other node at its
//! next sync; the last admin of an account can be neither deleted nor demoted.

use super::JsonBody;
use super::Path;
use crate::activity::{self, ActivityKind};
use crate::auth::{Auth, Permission, Principal, PrincipalKind};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use fnhost_model::ErrorCode;
use fnhost_store::{Role, StoreError, UserRecord};
use serde::Deserialize;
use serde_json::json;

/// User routes of one account.
pub(super) fn router() -> Router<AppState> {
    let acc = super::ACCOUNT;
    Router::new()
        .route(&format!("{acc}/users"), get(list_users).post(create_user))
        .route(
            &format!("{acc}/users/{{user}}"),
            get(get_user).put(update_user).delete(delete_user),
        )
        .route(
            &format!("{acc}/users/{{user}}/password"),
            post(reset_password),
        )
        .route(&format!("{acc}/password"), post(change_own_password))
}

fn store_err(e: StoreError) -> ApiError {
    ApiError::from_store(e, crate::error::Side::Management)
}

fn no_user(acc: &str, user: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!("no user `{user}` in account {acc}"),
    )
}

/// The shortest password accepted.
const MIN_PASSWORD: usize = 8;
/// The longest password accepted (argon2 hashes any length; this bounds the work).
const MAX_PASSWORD: usize = 1024;

fn check_password(field: &str, password: &str) -> ApiResult<()> {
    let n = password.chars().count();
    if !(MIN_PASSWORD..=MAX_PASSWORD).contains(&n) {
        return Err(ApiError::bad_input(format!(
            "field `{field}` must have {MIN_PASSWORD} to {MAX_PASSWORD} characters (got {n})"
        )));
    }
    Ok(())
}

fn parse_roles(raw: &[String]) -> ApiResult<Vec<Role>> {
    let mut roles = Vec::new();
    for r in raw {
        let role = Role::parse(r).ok_or_else(|| {
            ApiError::bad_input(format!(
                "field `roles` contains `{r}`; use FaaS-Admin, FaaS-Developer or FaaS-Invocation"
            ))
        })?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    if roles.is_empty() {
        return Err(ApiError::bad_input(
            "field `roles` must name at least one of FaaS-Admin, FaaS-Developer, FaaS-Invocation",
        ));
    }
    Ok(roles)
}

fn user_json(u: &UserRecord) -> serde_json::Value {
    json!({ "userId": u.id, "loginName": u.login_name, "roles": u.roles, "createdAt": super::iso(u.created_at) })
}

async fn find(st: &AppState, acc: &str, user: &str) -> ApiResult<UserRecord> {
    st.store
        .get_user(acc, user)
        .await
        .map_err(store_err)?
        .ok_or_else(|| no_user(acc, user))
}

/// Refuses a change that would leave the account without an admin.
async fn keep_an_admin(st: &AppState, acc: &str, target: &UserRecord, what: &str) -> ApiResult<()> {
    if !target.roles.contains(&Role::Admin) {
        return Ok(());
    }
    let users = st.store.list_users(acc).await.map_err(store_err)?;
    let admins = users
        .iter()
        .filter(|u| u.roles.contains(&Role::Admin))
        .count();
    if admins <= 1 {
        return Err(ApiError::conflict(format!(
            "cannot {what} `{}`: it is the last FaaS-Admin of account {acc}",
            target.login_name
        )));
    }
    Ok(())
}

/// Ends the user's tokens on this node at once (other nodes follow at their next sync).
async fn end_sessions_here(st: &AppState, acc: &str, user_id: &str) {
    if let Ok(Some(u)) = st.store.get_user(acc, user_id).await {
        st.raise_token_generation(user_id, u.token_generation);
    } else {
        st.raise_token_generation(user_id, i64::MAX);
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewUser {
    username: String,
    password: String,
    #[serde(default)]
    roles: Vec<String>,
}

pub(crate) async fn create_user(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<NewUser>,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AccessAdmin)?;
    if req.username.is_empty()
        || req.username.len() > 100
        || req.username.chars().any(char::is_whitespace)
    {
        return Err(ApiError::bad_input(
            "field `username` must be 1 to 100 characters without whitespace",
        ));
    }
    check_password("password", &req.password)?;
    let roles = parse_roles(&req.roles)?;
    let user = UserRecord {
        id: uuid::Uuid::new_v4().to_string(),
        account_id: acc,
        login_name: req.username,
        password_hash: crate::passwords::hash(req.password.clone()).await,
        roles,
        created_at: crate::now_ms(),
        token_generation: 0,
    };
    st.store.create_user(&user).await.map_err(store_err)?;
    let details = json!({ "user": user.login_name, "roles": user.roles });
    activity::by(
        &st,
        &p,
        &user.account_id,
        ActivityKind::UserCreated,
        None,
        details,
    )
    .await;
    Ok(super::json_response(
        StatusCode::CREATED,
        user_json(&user).to_string(),
    ))
}

pub(crate) async fn list_users(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AccessAdmin)?;
    let users = st.store.list_users(&acc).await.map_err(store_err)?;
    Ok(super::json_response(
        StatusCode::OK,
        serde_json::Value::Array(users.iter().map(user_json).collect()).to_string(),
    ))
}

async fn get_user(
    State(st): State<AppState>,
    Path((acc, user)): Path<(String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AccessAdmin)?;
    Ok(super::json_ok(&user_json(&find(&st, &acc, &user).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserUpdate {
    roles: Vec<String>,
}

async fn update_user(
    State(st): State<AppState>,
    Path((acc, user)): Path<(String, String)>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<UserUpdate>,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AccessAdmin)?;
    let roles = parse_roles(&req.roles)?;
    let target = find(&st, &acc, &user).await?;
    if !roles.contains(&Role::Admin) {
        keep_an_admin(&st, &acc, &target, "remove FaaS-Admin from").await?;
    }
    if !st
        .store
        .set_user_roles(&acc, &target.id, &roles)
        .await
        .map_err(store_err)?
    {
        return Err(no_user(&acc, &user));
    }
    end_sessions_here(&st, &acc, &target.id).await;
    let details = json!({ "user": target.login_name, "from": target.roles, "to": roles });
    activity::by(&st, &p, &acc, ActivityKind::UserRoleChanged, None, details).await;
    Ok(super::json_ok(&user_json(
        &find(&st, &acc, &target.id).await?,
    )))
}

async fn delete_user(
    State(st): State<AppState>,
    Path((acc, user)): Path<(String, String)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AccessAdmin)?;
    let target = find(&st, &acc, &user).await?;
    keep_an_admin(&st, &acc, &target, "delete").await?;
    if !st
        .store
        .delete_user(&acc, &target.id, crate::now_ms())
        .await
        .map_err(store_err)?
    {
        return Err(no_user(&acc, &user));
    }
    st.raise_token_generation(&target.id, i64::MAX);
    let details = json!({ "user": target.login_name });
    activity::by(&st, &p, &acc, ActivityKind::UserDeleted, None, details).await;
    Ok(super::json_ok(
        &json!({ "message": format!("deleted user `{}`; their sessions have ended", target.login_name) }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PasswordReset {
    password: String,
}

async fn reset_password(
    State(st): State<AppState>,
    Path((acc, user)): Path<(String, String)>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<PasswordReset>,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AccessAdmin)?;
    check_password("password", &req.password)?;
    let target = find(&st, &acc, &user).await?;
    let hash = crate::passwords::hash(req.password.clone()).await;
    if !st
        .store
        .set_user_password(&acc, &target.id, &hash)
        .await
        .map_err(store_err)?
    {
        return Err(no_user(&acc, &user));
    }
    end_sessions_here(&st, &acc, &target.id).await;
    let details = json!({ "user": target.login_name });
    activity::by(
        &st,
        &p,
        &acc,
        ActivityKind::UserPasswordReset,
        None,
        details,
    )
    .await;
    Ok(super::json_ok(
        &json!({ "message": format!("password of `{}` reset; their sessions have ended", target.login_name) }),
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PasswordChange {
    current_password: String,
    new_password: String,
}

fn own_user_id(p: &Principal) -> ApiResult<&str> {
    match &p.kind {
        PrincipalKind::User { user_id, .. } => Ok(user_id),
        PrincipalKind::App { .. } => Err(ApiError::forbidden(
            "an app has no password; only a signed-in user can change their password",
        )),
    }
}

async fn change_own_password(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<PasswordChange>,
) -> ApiResult<Response> {
    if p.account_id != acc {
        return Err(ApiError::forbidden(format!(
            "this token is not valid for account {acc}"
        )));
    }
    let user_id = own_user_id(&p)?.to_owned();
    check_password("newPassword", &req.new_password)?;
    let me = find(&st, &acc, &user_id).await?;
    if !crate::passwords::verify(req.current_password.clone(), Some(me.password_hash.clone())).await
    {
        return Err(ApiError::bad_input(
            "field `currentPassword` is not the current password",
        ));
    }
    let hash = crate::passwords::hash(req.new_password.clone()).await;
    if !st
        .store
        .set_user_password(&acc, &user_id, &hash)
        .await
        .map_err(store_err)?
    {
        return Err(no_user(&acc, &user_id));
    }
    end_sessions_here(&st, &acc, &user_id).await;
    let details = json!({ "user": me.login_name });
    activity::by(
        &st,
        &p,
        &acc,
        ActivityKind::UserPasswordChanged,
        None,
        details,
    )
    .await;
    Ok(super::json_ok(
        &json!({ "message": "password changed; every session of this user has ended, log in again" }),
    ))
}
