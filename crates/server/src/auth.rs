//! Tokens and permissions: JWT issue/verify (HS256, no I/O), the caller's [`Principal`], and the
//! FaaS-Admin / FaaS-Developer / FaaS-Invocation matrix of lpf-spec §7.3.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use fnhost_store::Role;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// What a token may do (lpf-spec §7.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    LambdaRead,
    /// A function's code, environment values and sample payload (not for apps and the
    /// Invocation role: environment values often hold credentials).
    LambdaSourceRead,
    LambdaWrite,
    Invoke,
    AllowlistRead,
    AllowlistWrite,
    SecretRead,
    SecretWrite,
    ScheduleRead,
    ScheduleWrite,
    LogsRead,
    ReportsRead,
    /// Users and OAuth apps (Admin only).
    AccessAdmin,
}

impl Permission {
    fn granted_to(self, role: Role) -> bool {
        use Permission::*;
        match role {
            Role::Admin => matches!(
                self,
                LambdaRead
                    | LambdaSourceRead
                    | AllowlistRead
                    | AllowlistWrite
                    | SecretRead
                    | SecretWrite
                    | ScheduleRead
                    | ScheduleWrite
                    | LogsRead
                    | ReportsRead
                    | AccessAdmin
            ),
            Role::Developer => matches!(
                self,
                LambdaRead
                    | LambdaSourceRead
                    | LambdaWrite
                    | Invoke
                    | AllowlistRead
                    | SecretRead
                    | ScheduleRead
                    | ScheduleWrite
                    | LogsRead
                    | ReportsRead
            ),
            Role::Invocation => matches!(
                self,
                LambdaRead | Invoke | ScheduleRead | LogsRead | ReportsRead
            ),
        }
    }

    fn describe(self) -> &'static str {
        use Permission::*;
        match self {
            LambdaWrite => "FaaS-Developer",
            Invoke => "FaaS-Developer or FaaS-Invocation",
            AllowlistWrite | SecretWrite | AccessAdmin => "FaaS-Admin",
            AllowlistRead | SecretRead | ScheduleWrite | LambdaSourceRead => {
                "FaaS-Admin or FaaS-Developer"
            }
            LambdaRead | ScheduleRead | LogsRead | ReportsRead => "any FaaS permission",
        }
    }
}

/// The OAuth scope that lets a client-credentials token invoke functions.
pub const INVOKE_SCOPE: &str = "faas.lambda.invoke";

/// JWT claims of both token kinds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    /// Account of a user token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acc: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Client id of an app token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The user's token generation when issued (user tokens; see `UserRecord::token_generation`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub generation: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// Who is calling.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    pub account_id: String,
    pub kind: PrincipalKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PrincipalKind {
    User {
        user_id: String,
        login_name: String,
        roles: Vec<Role>,
        /// The token generation the token was issued under.
        generation: i64,
    },
    App {
        client_id: String,
    },
}

impl Principal {
    pub fn is_user(&self) -> bool {
        matches!(self.kind, PrincipalKind::User { .. })
    }

    /// A name for audit fields (`createdBy`, …).
    pub fn actor(&self) -> String {
        match &self.kind {
            PrincipalKind::User { login_name, .. } => login_name.clone(),
            PrincipalKind::App { client_id } => format!("app:{client_id}"),
        }
    }

    pub fn can(&self, p: Permission) -> bool {
        match &self.kind {
            PrincipalKind::User { roles, .. } => roles.iter().any(|r| p.granted_to(*r)),
            PrincipalKind::App { .. } => matches!(p, Permission::Invoke | Permission::LambdaRead),
        }
    }

    /// Checks the account in the URL and the permission. Another account's URL is always a 403,
    /// whether or not the resource exists there.
    pub fn require(&self, account_id: &str, p: Permission) -> Result<(), ApiError> {
        if self.account_id != account_id {
            return Err(ApiError::forbidden(format!(
                "this token is not valid for account {account_id}"
            )));
        }
        if !self.can(p) {
            return Err(ApiError::forbidden(format!(
                "this action requires the {} permission",
                p.describe()
            )));
        }
        Ok(())
    }
}

/// Signing and verification keys (HS256, shared by all nodes through the store). After a
/// rotation the retired key still verifies tokens until every token it signed has expired.
#[derive(Clone)]
pub struct TokenKeys {
    set: std::sync::Arc<std::sync::RwLock<std::sync::Arc<KeySet>>>,
    validation: Validation,
    /// Tokens already verified, with their expiry (seconds): repeat callers skip the HMAC and the
    /// claims parsing. Bounded; cleared when full and when the keys change.
    /// Each entry remembers the key set it was verified with: a hit under another set (the keys
    /// changed meanwhile) counts as a miss.
    verified: std::sync::Arc<dashmap::DashMap<String, (Principal, i64, u64)>>,
}

/// The keys in force: the one that signs, and the ones retired by rotations whose tokens are
/// still accepted.
struct KeySet {
    encoding: EncodingKey,
    current: DecodingKey,
    /// Retired keys and until when (epoch seconds) their tokens are accepted.
    retired: Vec<(DecodingKey, i64)>,
    /// Identifies the stored key material this set was built from (see `replace`).
    version: String,
    /// Distinguishes key sets in the verified-token cache.
    generation: u64,
}

/// Generations of key sets, process-wide.
static KEY_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

const VERIFIED_CACHE_MAX: usize = 10_000;

pub const USER_ISSUER: &str = "fnhost";
pub const APP_ISSUER: &str = "Sentinel";

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_aud = false;
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        TokenKeys {
            set: std::sync::Arc::new(std::sync::RwLock::new(std::sync::Arc::new(KeySet {
                encoding: EncodingKey::from_secret(secret),
                current: DecodingKey::from_secret(secret),
                retired: Vec::new(),
                version: String::new(),
                generation: 0,
            }))),
            validation,
            verified: std::sync::Arc::new(dashmap::DashMap::new()),
        }
    }

    fn keys(&self) -> std::sync::Arc<KeySet> {
        self.set.read().expect("key set poisoned").clone()
    }

    /// The version of the stored key material in force (empty before the first `replace`).
    pub fn version(&self) -> String {
        self.keys().version.clone()
    }

    /// Puts new keys in force: `current` signs from now on; each `retired` key (with the epoch
    /// second until which it is accepted) still verifies. Verified tokens are checked again.
    pub fn replace(&self, current: &[u8], retired: &[(&[u8], i64)], version: String) {
        let set = KeySet {
            encoding: EncodingKey::from_secret(current),
            current: DecodingKey::from_secret(current),
            retired: retired
                .iter()
                .map(|(k, until)| (DecodingKey::from_secret(k), *until))
                .collect(),
            version,
            generation: KEY_GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        };
        *self.set.write().expect("key set poisoned") = std::sync::Arc::new(set);
        self.verified.clear();
    }

    pub fn sign(&self, claims: &Claims) -> String {
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            claims,
            &self.keys().encoding,
        )
        .expect("HS256 signing cannot fail")
    }

    /// Verifies a bearer token and turns it into a principal. Pure CPU work: no store access.
    pub fn verify(&self, token: &str) -> Result<Principal, ApiError> {
        let now = now_secs();
        let keys = self.keys();
        if let Some(hit) = self.verified.get(token)
            && hit.1 > now
            && hit.2 == keys.generation
        {
            return Ok(hit.0.clone());
        }
        let (principal, exp) = self.verify_uncached(&keys, token)?;
        if self.verified.len() >= VERIFIED_CACHE_MAX {
            self.verified.clear();
        }
        self.verified
            .insert(token.to_owned(), (principal.clone(), exp, keys.generation));
        Ok(principal)
    }

    /// Decodes with the current key, or with the retired key while it is still accepted.
    fn decode(&self, keys: &KeySet, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        match jsonwebtoken::decode::<Claims>(token, &keys.current, &self.validation) {
            Err(e) if matches!(e.kind(), jsonwebtoken::errors::ErrorKind::InvalidSignature) => {
                let now = now_secs();
                keys.retired
                    .iter()
                    .filter(|(_, until)| now < *until)
                    .find_map(|(key, _)| {
                        jsonwebtoken::decode::<Claims>(token, key, &self.validation).ok()
                    })
                    .map(|d| d.claims)
                    .ok_or(e)
            }
            other => other.map(|d| d.claims),
        }
    }

    fn verify_uncached(&self, keys: &KeySet, token: &str) -> Result<(Principal, i64), ApiError> {
        let c = self.decode(keys, token).map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                ApiError::unauthorized("the token has expired; log in or request a new token")
            }
            _ => ApiError::unauthorized("the bearer token is not valid"),
        })?;
        let exp = c.exp;
        let principal = match c.iss.as_str() {
            USER_ISSUER => Ok(Principal {
                account_id: c
                    .acc
                    .ok_or_else(|| ApiError::unauthorized("the bearer token has no account"))?,
                kind: PrincipalKind::User {
                    user_id: c.sub,
                    login_name: c.name.unwrap_or_default(),
                    roles: c.roles,
                    generation: c.generation,
                },
            }),
            APP_ISSUER => {
                if c.scope
                    .as_deref()
                    .is_none_or(|s| !s.split(' ').any(|s| s == INVOKE_SCOPE))
                {
                    return Err(ApiError::forbidden(format!(
                        "the token lacks the `{INVOKE_SCOPE}` scope"
                    )));
                }
                let account_id = c.aud.strip_prefix("le").unwrap_or(&c.aud).to_owned();
                Ok(Principal {
                    account_id,
                    kind: PrincipalKind::App {
                        client_id: c.azp.unwrap_or(c.sub),
                    },
                })
            }
            _ => Err(ApiError::unauthorized(
                "the bearer token was not issued by this platform",
            )),
        }?;
        Ok((principal, exp))
    }
}

/// Extractor: the verified caller of a request (`Authorization: Bearer …`).
pub struct Auth(pub Principal);

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        authenticate(&parts.headers, state).map(Auth)
    }
}

/// The verified caller of a request with these headers (`Authorization: Bearer …`).
pub fn authenticate(
    headers: &axum::http::HeaderMap,
    state: &AppState,
) -> Result<Principal, ApiError> {
    let header = headers
        .get(axum::http::header::AUTHORIZATION)
        .ok_or_else(|| {
            ApiError::unauthorized("missing Authorization header (expected `Bearer <token>`)")
        })?;
    let value = header
        .to_str()
        .map_err(|_| ApiError::unauthorized("malformed Authorization header"))?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .ok_or_else(|| {
            ApiError::unauthorized("the Authorization header must be `Bearer <token>`")
        })?;
    let principal = state.keys.verify(token.trim())?;
    match &principal.kind {
        PrincipalKind::App { client_id } if state.revoked_apps.contains(client_id) => {
            return Err(ApiError::unauthorized(
                "the OAuth app of this token was revoked",
            ));
        }
        PrincipalKind::User {
            user_id,
            generation,
            ..
        } if state
            .token_generations
            .get(user_id)
            .is_some_and(|g| *g > *generation) =>
        {
            return Err(ApiError::unauthorized(
                "this session has ended (the user was deleted, or their password or roles changed); log in again",
            ));
        }
        _ => {}
    }
    Ok(principal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(roles: Vec<Role>) -> Principal {
        Principal {
            account_id: "1".into(),
            kind: PrincipalKind::User {
                user_id: "u".into(),
                login_name: "n".into(),
                roles,
                generation: 0,
            },
        }
    }

    #[test]
    fn matrix_matches_the_spec() {
        let admin = user(vec![Role::Admin]);
        let dev = user(vec![Role::Developer]);
        let inv = user(vec![Role::Invocation]);
        assert!(
            admin.can(Permission::SecretWrite)
                && !dev.can(Permission::SecretWrite)
                && !inv.can(Permission::SecretWrite)
        );
        assert!(
            !admin.can(Permission::LambdaWrite)
                && dev.can(Permission::LambdaWrite)
                && !inv.can(Permission::LambdaWrite)
        );
        assert!(
            !admin.can(Permission::Invoke)
                && dev.can(Permission::Invoke)
                && inv.can(Permission::Invoke)
        );
        assert!(
            admin.can(Permission::AllowlistRead)
                && dev.can(Permission::AllowlistRead)
                && !inv.can(Permission::AllowlistRead)
        );
        assert!(
            inv.can(Permission::LambdaRead)
                && inv.can(Permission::LogsRead)
                && !inv.can(Permission::ScheduleWrite)
        );
        assert!(admin.require("2", Permission::LambdaRead).is_err());
    }

    #[test]
    fn tokens_verify_and_reject_tampering() {
        let keys = TokenKeys::new(b"k");
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let claims = Claims {
            iss: APP_ISSUER.into(),
            sub: "cid".into(),
            aud: "le42".into(),
            exp: now + 60,
            iat: now,
            acc: None,
            roles: vec![],
            sid: None,
            name: None,
            azp: Some("cid".into()),
            scope: Some(INVOKE_SCOPE.into()),
            generation: 0,
        };
        let t = keys.sign(&claims);
        let p = keys.verify(&t).unwrap();
        assert_eq!(p.account_id, "42");
        assert!(p.can(Permission::Invoke) && !p.can(Permission::LambdaWrite));
        assert!(TokenKeys::new(b"other").verify(&t).is_err());
        let expired = keys.sign(&Claims {
            exp: now - 60,
            ..claims
        });
        assert!(
            keys.verify(&expired)
                .unwrap_err()
                .message
                .contains("expired")
        );
    }
}
