//! Password and client-secret hashing off the async threads.
//!
//! argon2 costs tens of milliseconds of CPU by design. Run on an HTTP worker it would stall every
//! request sharing that worker (a login flood would stall `/healthz`), so every hash and verify
//! runs under `spawn_blocking`, at most [`MAX_PARALLEL`] at a time; callers beyond that wait
//! their turn without holding a thread. Unknown users are verified against a dummy hash, so a
//! miss costs as much as a wrong password and timing does not reveal which users exist.

use std::sync::LazyLock;
use tokio::sync::Semaphore;

/// argon2 computations running at once (one per core on the reference machine).
const MAX_PARALLEL: usize = 2;

static PERMITS: Semaphore = Semaphore::const_new(MAX_PARALLEL);

/// A hash of a random password, verified when the user or app does not exist.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| fnhost_store::crypto::hash_password(&uuid::Uuid::new_v4().to_string()));

async fn off_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let _permit = PERMITS
        .acquire()
        .await
        .expect("the semaphore is never closed");
    tokio::task::spawn_blocking(f)
        .await
        .expect("argon2 does not panic")
}

/// Hashes a password or client secret (argon2id).
pub async fn hash(secret: String) -> String {
    off_thread(move || fnhost_store::crypto::hash_password(&secret)).await
}

/// Checks `secret` against `stored` (or against a dummy when there is nothing stored), taking the
/// same time either way.
pub async fn verify(secret: String, stored: Option<String>) -> bool {
    off_thread(move || match stored {
        Some(h) => fnhost_store::crypto::verify_password(&secret, &h),
        None => {
            let _ = fnhost_store::crypto::verify_password(&secret, &DUMMY_HASH);
            false
        }
    })
    .await
}
