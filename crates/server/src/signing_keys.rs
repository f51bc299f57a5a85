//! The JWT signing key at rest: sealed in the store with the master key, created once per
//! installation, rotated by the operator (`fnhost rotate-jwt-key`) and re-read by every node.
//!
//! **Architecture Invariant:** the key is never stored in plain text. A copy of the database
//! alone cannot mint tokens.
//!
//! Rotation writes, in one transaction, a new current key and the previous one as *retired*
//! with the instant until which tokens it signed are still accepted: one token lifetime (the
//! longer of the session and app-token lifetimes), or none when the old key leaked. Each node
//! picks the change up with its deployment sync (within `sync_interval_ms`).

use crate::auth::TokenKeys;
use fnhost_store::Store;
use fnhost_store::crypto::SecretCipher;
use std::time::Duration;

/// The meta key of the current signing key, sealed.
const CURRENT: &str = "jwt_key_sealed";
/// The meta key of the retired keys and their deadlines: sealed `[{"key": …, "untilMs": …}]`.
const RETIRED: &str = "jwt_key_retired_sealed";
/// Where versions before sealing kept the key in plain text.
const PLAIN_LEGACY: &str = "jwt_secret";

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("store: {0}")]
    Store(#[from] fnhost_store::StoreError),
    #[error(
        "the JWT signing key in the store cannot be opened with this node's master key; start every node sharing the database with the same --master-key"
    )]
    Unsealable,
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Retired {
    key: String,
    until_ms: i64,
}

fn random_key() -> String {
    use rand::RngCore;
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The signing keys for a starting node: the stored ones, or a new key on an empty store. A key
/// left in plain text by an earlier version is sealed (tokens it signed stay valid) and its plain
/// copy deleted. Every node sharing the store gets the same key.
pub async fn open_or_create(
    store: &dyn Store,
    cipher: &SecretCipher,
) -> Result<TokenKeys, KeyError> {
    let legacy = store.meta_get(PLAIN_LEGACY).await?;
    let fresh = legacy.clone().unwrap_or_else(random_key);
    store
        .meta_get_or_init(CURRENT, &cipher.seal(&fresh))
        .await?;
    if legacy.is_some() {
        store.meta_delete(PLAIN_LEGACY).await?;
    }
    let keys = TokenKeys::new(b"");
    reload(store, cipher, &keys).await?;
    Ok(keys)
}

/// Puts the stored keys in force when they changed since the last call (two point reads).
pub async fn reload(
    store: &dyn Store,
    cipher: &SecretCipher,
    keys: &TokenKeys,
) -> Result<(), KeyError> {
    let current = store.meta_get(CURRENT).await?.ok_or(KeyError::Unsealable)?;
    let retired = store.meta_get(RETIRED).await?;
    let version = format!("{current}/{}", retired.as_deref().unwrap_or(""));
    if keys.version() == version {
        return Ok(());
    }
    let current_key = cipher.open(&current).ok_or(KeyError::Unsealable)?;
    let retired = open_retired(cipher, retired.as_deref())?;
    let retired: Vec<(&[u8], i64)> = retired
        .iter()
        .map(|r| (r.key.as_bytes(), r.until_ms.div_euclid(1000)))
        .collect();
    keys.replace(current_key.as_bytes(), &retired, version);
    Ok(())
}

/// The retired keys stored under [`RETIRED`] (none when absent).
fn open_retired(cipher: &SecretCipher, sealed: Option<&str>) -> Result<Vec<Retired>, KeyError> {
    let Some(sealed) = sealed else {
        return Ok(Vec::new());
    };
    let json = cipher.open(sealed).ok_or(KeyError::Unsealable)?;
    Ok(serde_json::from_str::<Vec<Retired>>(&json).unwrap_or_default())
}

/// Replaces the signing key. Tokens signed with the previous key stay valid for `grace`, and
/// keys retired earlier keep their own deadlines (rotating twice does not cut the first grace
/// short). A zero grace (a key that leaked) refuses every older key at once. Returns until when
/// (epoch ms) the previous key's tokens are accepted.
pub async fn rotate(
    store: &dyn Store,
    cipher: &SecretCipher,
    grace: Duration,
) -> Result<i64, KeyError> {
    let current = store.meta_get(CURRENT).await?.ok_or(KeyError::Unsealable)?;
    let previous = cipher.open(&current).ok_or(KeyError::Unsealable)?;
    let now = crate::now_ms();
    let until_ms = now + grace.as_millis() as i64;
    let mut retired: Vec<Retired> = if grace.is_zero() {
        Vec::new()
    } else {
        open_retired(cipher, store.meta_get(RETIRED).await?.as_deref())?
            .into_iter()
            .filter(|r| r.until_ms > now)
            .collect()
    };
    if !grace.is_zero() {
        retired.push(Retired {
            key: previous,
            until_ms,
        });
    }
    let retired = serde_json::to_string(&retired).expect("serialisable");
    store
        .meta_set_all(&[
            (RETIRED, &cipher.seal(&retired)),
            (CURRENT, &cipher.seal(&random_key())),
        ])
        .await?;
    Ok(until_ms)
}
