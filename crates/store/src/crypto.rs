//! Password hashing (argon2id), bearer-secret digests (SHA-256) and secret sealing (AES-256-GCM
//! with a random 96-bit nonce).

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine as _;
use rand::RngCore;

/// Hashes a password or client secret with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing with default params cannot fail")
        .to_string()
}

/// Checks a password against a PHC hash produced by [`hash_password`].
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// The digest under which a random bearer secret (a session id) is stored and looked up:
/// SHA-256, hex. Enough for 128+ bits of randomness (unlike passwords, which need argon2); a copy
/// of the database then holds no usable session.
pub fn token_digest(token: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Encrypts and decrypts secret values at rest with a 256-bit master key.
#[derive(Clone)]
pub struct SecretCipher {
    cipher: Aes256Gcm,
}

impl SecretCipher {
    /// `key` must be 32 bytes.
    pub fn new(key: &[u8; 32]) -> Self {
        SecretCipher {
            cipher: Aes256Gcm::new(key.into()),
        }
    }

    /// Generates a random master key.
    pub fn generate_key() -> [u8; 32] {
        let mut k = [0u8; 32];
        rand::rng().fill_bytes(&mut k);
        k
    }

    /// Returns `base64(nonce || ciphertext)`.
    pub fn seal(&self, plaintext: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let ct = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), plaintext.as_bytes())
            .expect("AES-GCM encryption does not fail for in-memory buffers");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        base64::engine::general_purpose::STANDARD.encode(out)
    }

    /// Reverses [`SecretCipher::seal`]; `None` when the value was tampered with or the key is wrong.
    pub fn open(&self, sealed: &str) -> Option<String> {
        let raw = base64::engine::general_purpose::STANDARD
            .decode(sealed)
            .ok()?;
        if raw.len() < 12 {
            return None;
        }
        let (nonce, ct) = raw.split_at(12);
        let pt = self.cipher.decrypt(Nonce::from_slice(nonce), ct).ok()?;
        String::from_utf8(pt).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_when_equal() {
        let h = hash_password("s3cret");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("s3cret", &h));
        assert!(!verify_password("S3cret", &h));
        assert!(!verify_password("s3cret", "garbage"));
    }

    #[test]
    fn sealed_secrets_round_trip_and_detect_tampering() {
        let c = SecretCipher::new(&SecretCipher::generate_key());
        let sealed = c.seal("value");
        assert_ne!(sealed, c.seal("value"), "nonces differ");
        assert_eq!(c.open(&sealed).as_deref(), Some("value"));
        let mut bytes = base64::engine::general_purpose::STANDARD
            .decode(&sealed)
            .unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        assert_eq!(
            c.open(&base64::engine::general_purpose::STANDARD.encode(bytes)),
            None
        );
        let other = SecretCipher::new(&SecretCipher::generate_key());
        assert_eq!(other.open(&sealed), None);
    }
}
