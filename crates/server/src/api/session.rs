//! Login and tokens: the user login and refresh the `lpf` CLI performs, and the OAuth2 client
//! credentials flow the `liveperson-functions-client` performs against "sentinel"; and the
//! cookie-free renewal and sign-out the web console uses (`sessionId` and `csrf` in the body).

use super::JsonBody;
use super::Path;
use crate::auth::{APP_ISSUER, Claims, INVOKE_SCOPE, USER_ISSUER};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::throttle::Subject;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine as _;
use fnhost_store::SessionRecord;
use serde::Deserialize;

/// User login and refresh, and the OAuth token endpoint for apps.
pub(super) fn router() -> Router<AppState> {
    let acc = super::ACCOUNT;
    Router::new()
        .route(&format!("{acc}/login"), post(login))
        .route(&format!("{acc}/refresh"), post(refresh))
        .route(&format!("{acc}/session/renew"), post(renew))
        .route(&format!("{acc}/logout"), post(logout))
        .route("/sentinel/api/account/{acc}/app/token", post(app_token))
}

#[derive(Deserialize)]
pub(crate) struct LoginBody {
    username: String,
    password: String,
}

fn new_token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// 429 with `Retry-After` for a locked-out subject or source.
fn locked_out(wait: std::time::Duration) -> ApiError {
    let mut e = ApiError::new(
        fnhost_model::ErrorCode::RateLimited,
        "too many failed attempts; wait before trying again",
    );
    e.retry_after = Some(crate::throttle::retry_after_secs(wait));
    e
}

fn source(peer: Option<axum::Extension<crate::serve::Peer>>) -> Option<std::net::IpAddr> {
    peer.map(|axum::Extension(p)| p.0)
}

/// Records a failed login in the account's activity stream (existing accounts only, so
/// strangers cannot fill the store; the lockout bounds how many one source can add).
async fn login_failed(
    st: &AppState,
    acc: &str,
    username: &str,
    reason: &str,
    ip: Option<std::net::IpAddr>,
) {
    if !st.store.account_exists(acc).await.unwrap_or(false) {
        return;
    }
    let tried: String = username.chars().take(100).collect();
    crate::activity::record(
        st,
        crate::activity::Activity {
            account_id: acc,
            actor: &tried,
            kind: crate::activity::ActivityKind::LoginFailed,
            lambda_uuid: None,
            details: serde_json::json!({ "reason": reason, "source": ip.map(|ip| ip.to_string()) }),
        },
    )
    .await;
}

pub(crate) async fn login(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    peer: Option<axum::Extension<crate::serve::Peer>>,
    JsonBody(req): JsonBody<LoginBody>,
) -> ApiResult<Response> {
    let ip = source(peer);
    let subject = Subject::user(&acc, &req.username, ip);
    st.throttle.check(&subject).map_err(locked_out)?;
    let user = st
        .store
        .find_user(&acc, &req.username)
        .await
        .map_err(|e| ApiError::from_store(e, crate::error::Side::Management))?;
    // Same answer (and the same argon2 cost) for an unknown user and a wrong password: no
    // account enumeration.
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let user = match user {
        Some(u) if crate::passwords::verify(req.password.clone(), stored).await => u,
        None => {
            crate::passwords::verify(req.password.clone(), None).await;
            st.throttle.failed(&subject);
            login_failed(&st, &acc, &req.username, "unknown user", ip).await;
            return Err(ApiError::unauthorized("wrong username or password"));
        }
        _ => {
            st.throttle.failed(&subject);
            login_failed(&st, &acc, &req.username, "wrong password", ip).await;
            return Err(ApiError::unauthorized("wrong username or password"));
        }
    };
    st.throttle.succeeded(&subject);
    let now = crate::now_ms();
    let ttl = st.config.session_ttl_secs as i64;
    // The client keeps the session id; the store keeps only its digest.
    let session_id = new_token();
    let session = SessionRecord {
        id: fnhost_store::crypto::token_digest(&session_id),
        account_id: acc.clone(),
        user_id: user.id.clone(),
        csrf: new_token(),
        expires_at: now + ttl * 1000,
    };
    st.store
        .create_session(&session)
        .await
        .map_err(|e| ApiError::from_store(e, crate::error::Side::Management))?;
    let claims = user_claims(&acc, &user, &session.id, now, ttl);
    let body = serde_json::json!({
        "bearer": st.keys.sign(&claims),
        "csrf": session.csrf,
        "sessionId": session_id,
        "config": { "userId": user.id, "loginName": user.login_name },
    });
    Ok(super::json_ok(&body))
}

/// The claims of a user's bearer token for session `sid` (its digest), valid for `ttl` seconds.
fn user_claims(
    acc: &str,
    user: &fnhost_store::UserRecord,
    sid: &str,
    now: i64,
    ttl: i64,
) -> Claims {
    Claims {
        iss: USER_ISSUER.into(),
        sub: user.id.clone(),
        aud: USER_ISSUER.into(),
        exp: now / 1000 + ttl,
        iat: now / 1000,
        acc: Some(acc.to_owned()),
        roles: user.roles.clone(),
        sid: Some(sid.to_owned()),
        name: Some(user.login_name.clone()),
        azp: None,
        scope: None,
        generation: user.token_generation,
    }
}

/// The session of a login, named in a request body instead of a cookie (the web console keeps
/// no cookies).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SessionBody {
    session_id: String,
    csrf: String,
}

/// The stored session (and its digest) when `req` names a live session of account `acc` with
/// its CSRF token; 401 otherwise.
async fn live_session(
    st: &AppState,
    acc: &str,
    req: &SessionBody,
) -> ApiResult<(String, SessionRecord)> {
    let invalid = || ApiError::unauthorized("the session is not valid; log in again");
    let sid = fnhost_store::crypto::token_digest(&req.session_id);
    let session = st
        .store
        .find_session(&sid)
        .await
        .map_err(|e| ApiError::from_store(e, crate::error::Side::Management))?
        .ok_or_else(invalid)?;
    if session.account_id != acc || session.expires_at < crate::now_ms() || session.csrf != req.csrf
    {
        return Err(invalid());
    }
    Ok((sid, session))
}

/// `POST /session/renew {sessionId, csrf}`: extends a live session and answers a new bearer
/// token for it, with the user's current roles (the console renews before its token expires).
pub(crate) async fn renew(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    JsonBody(req): JsonBody<SessionBody>,
) -> ApiResult<Response> {
    let (sid, session) = live_session(&st, &acc, &req).await?;
    let user = st
        .store
        .get_user(&acc, &session.user_id)
        .await
        .map_err(|e| ApiError::from_store(e, crate::error::Side::Management))?
        .ok_or_else(|| ApiError::unauthorized("the session's user no longer exists"))?;
    let now = crate::now_ms();
    let ttl = st.config.session_ttl_secs as i64;
    st.store
        .touch_session(&sid, now + ttl * 1000)
        .await
        .map_err(|e| ApiError::from_store(e, crate::error::Side::Management))?;
    let claims = user_claims(&acc, &user, &sid, now, ttl);
    let body = serde_json::json!({
        "bearer": st.keys.sign(&claims),
        "csrf": session.csrf,
        "expiresAt": now + ttl * 1000,
    });
    Ok(super::json_ok(&body))
}

/// `POST /logout {sessionId, csrf}`: ends the session, so it can be neither refreshed nor
/// renewed. Bearer tokens already issued stay valid until they expire (they are checked without
/// the store); the console forgets its token at once.
pub(crate) async fn logout(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    JsonBody(req): JsonBody<SessionBody>,
) -> ApiResult<Response> {
    let (sid, _) = live_session(&st, &acc, &req).await?;
    st.store
        .touch_session(&sid, 0)
        .await
        .map_err(|e| ApiError::from_store(e, crate::error::Side::Management))?;
    Ok(super::json_response(
        StatusCode::OK,
        r#"{"message":"signed out"}"#.into(),
    ))
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == name).then(|| v.to_owned())
        })
}

#[derive(Deserialize, Default)]
struct RefreshBody {
    #[serde(default)]
    csrf: Option<String>,
}

/// 2xx while the session is valid; 401 otherwise (the CLI then logs in again).
pub(crate) async fn refresh(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let bytes = super::read_body(&st, body).await?;
    let req: RefreshBody = if bytes.is_empty() {
        RefreshBody::default()
    } else {
        super::parse_json(&bytes, "the refresh body")?
    };
    let invalid = || ApiError::unauthorized("the session is not valid; log in again");
    let sid = cookie(&headers, "session_id").ok_or_else(invalid)?;
    let sid = fnhost_store::crypto::token_digest(&sid);
    let session = st
        .store
        .find_session(&sid)
        .await
        .map_err(|e| ApiError::from_store(e, crate::error::Side::Management))?
        .ok_or_else(invalid)?;
    let now = crate::now_ms();
    if session.account_id != acc
        || session.expires_at < now
        // The CSRF token is required: a cookie alone (which a browser attaches to any
        // cross-site request) must not keep a session alive.
        || req.csrf.as_deref() != Some(session.csrf.as_str())
    {
        return Err(invalid());
    }
    st.store
        .touch_session(&sid, now + st.config.session_ttl_secs as i64 * 1000)
        .await
        .map_err(|e| ApiError::from_store(e, crate::error::Side::Management))?;
    Ok(super::json_response(
        StatusCode::OK,
        serde_json::json!({ "csrf": session.csrf }).to_string(),
    ))
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        serde_json::json!({ "error": error, "error_description": description }).to_string(),
    )
        .into_response()
}

/// `POST /sentinel/api/account/{acc}/app/token` with a form body (client credentials).
pub(crate) async fn app_token(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    peer: Option<axum::Extension<crate::serve::Peer>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let bytes = match super::read_body(&st, body).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let form: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
    let field = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    if field("grant_type").as_deref() != Some("client_credentials") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type must be client_credentials",
        );
    }
    // Credentials in the body, or HTTP Basic.
    let basic = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.split_once(':').map(|(a, b)| (a.to_owned(), b.to_owned())));
    let (client_id, secret) = match (field("client_id"), field("client_secret"), basic) {
        (Some(id), Some(secret), _) => (id, secret),
        (_, _, Some(pair)) => pair,
        _ => {
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "client_id and client_secret are required",
            );
        }
    };
    let subject = Subject::app(&client_id, source(peer));
    if let Err(wait) = st.throttle.check(&subject) {
        return locked_out(wait).into_response();
    }
    let app = match st.store.find_app(&client_id).await {
        Ok(a) => a,
        Err(e) => return ApiError::from_store(e, crate::error::Side::Management).into_response(),
    };
    let stored = app
        .as_ref()
        .filter(|a| a.account_id == acc && !a.revoked)
        .map(|a| a.secret_hash.clone());
    let matched = crate::passwords::verify(secret.clone(), stored.clone()).await;
    let app = match app {
        Some(a) if stored.is_some() && matched => {
            st.throttle.succeeded(&subject);
            a
        }
        _ => {
            st.throttle.failed(&subject);
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "unknown client or wrong secret",
            );
        }
    };
    let now = crate::now_ms() / 1000;
    let ttl = st.config.app_token_ttl_secs as i64;
    let claims = Claims {
        iss: APP_ISSUER.into(),
        sub: app.client_id.clone(),
        aud: format!("le{acc}"),
        exp: now + ttl,
        iat: now,
        acc: None,
        roles: vec![],
        sid: None,
        name: None,
        azp: Some(app.client_id),
        scope: Some(INVOKE_SCOPE.into()),
        generation: 0,
    };
    let body = serde_json::json!({ "access_token": st.keys.sign(&claims), "token_type": "Bearer", "expires_in": ttl, "scope": INVOKE_SCOPE });
    super::json_ok(&body)
}
