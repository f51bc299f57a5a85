//! The account's egress allowlist (`lpf add:domain`, the UI's Domain Allowlist): list, add, and
//! remove by id (the console's Settings page).

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
use fnhost_store::StoreError;
use serde::Deserialize;
use serde_json::{Value, json};

/// The allowlist routes of one account.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(
            &format!("{}/proxy-settings", super::ACCOUNT),
            get(list_domains).post(add_domain),
        )
        .route(
            &format!("{}/proxy-settings/{{id}}", super::ACCOUNT),
            delete(remove_domain),
        )
}

fn store_err(e: StoreError) -> ApiError {
    ApiError::from_store(e, crate::error::Side::Management)
}

#[derive(Deserialize)]
pub(crate) struct NewDomain {
    domain: String,
}

/// An FQDN or one leading `*.` wildcard; labels per RFC 1035 (letters, digits, hyphens).
pub fn valid_domain(d: &str) -> bool {
    let host = d.strip_prefix("*.").unwrap_or(d);
    !host.is_empty()
        && host.len() <= 253
        && host.contains('.')
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

pub(crate) async fn add_domain(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<NewDomain>,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AllowlistWrite)?;
    let domain = req.domain.trim().to_ascii_lowercase();
    if !valid_domain(&domain) {
        return Err(ApiError::bad_input(format!(
            "field `domain`: `{}` is not a valid domain (an FQDN, optionally with one leading `*.`)",
            req.domain
        )));
    }
    let d = st
        .store
        .add_domain(&acc, &domain, crate::now_ms())
        .await
        .map_err(store_err)?;
    let details = json!({ "domain": d.domain });
    activity::by(&st, &p, &acc, ActivityKind::DomainAdded, None, details).await;
    Ok(super::json_response(
        StatusCode::CREATED,
        json!({ "id": d.id, "domain": d.domain, "name": d.domain }).to_string(),
    ))
}

pub(crate) async fn list_domains(
    State(st): State<AppState>,
    Path(acc): Path<String>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AllowlistRead)?;
    let list = st.store.list_domains(&acc).await.map_err(store_err)?;
    let body: Vec<Value> = list
        .iter()
        .map(|d| json!({ "id": d.id, "domain": d.domain, "name": d.domain }))
        .collect();
    Ok(super::json_ok(&body))
}

/// Removes one entry; functions stop reaching the domain within the egress policy's cache
/// period (5 s).
pub(crate) async fn remove_domain(
    State(st): State<AppState>,
    Path((acc, id)): Path<(String, i64)>,
    Auth(p): Auth,
) -> ApiResult<Response> {
    p.require(&acc, Permission::AllowlistWrite)?;
    let domains = st.store.list_domains(&acc).await.map_err(store_err)?;
    let name = domains.into_iter().find(|d| d.id == id).map(|d| d.domain);
    if !st.store.remove_domain(&acc, id).await.map_err(store_err)? {
        return Err(ApiError::new(
            fnhost_model::ErrorCode::NotFound,
            format!("no allowlist entry {id} in account {acc}"),
        ));
    }
    let details = json!({ "id": id, "domain": name });
    activity::by(&st, &p, &acc, ActivityKind::DomainRemoved, None, details).await;
    Ok(super::json_response(
        StatusCode::OK,
        json!({ "deleted": id }).to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_validated() {
        assert!(valid_domain("*.example.com") && valid_domain("api.example.org"));
        assert!(
            !valid_domain("*.*.example.com")
                && !valid_domain("example")
                && !valid_domain("-a.com")
                && !valid_domain("a b.com")
        );
    }
}
