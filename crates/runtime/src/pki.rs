//! Public-key signatures and scrypt for `crypto` (`createSign`/`createVerify`, `sign`/`verify`,
//! `createPrivateKey`/`createPublicKey`, `scrypt(Sync)`, and `webcrypto.subtle`'s RSA and ECDSA),
//! done by RustCrypto: `rsa` (PKCS#1 v1.5 with SHA-1/256/384/512), `p256` (ECDSA on P-256, DER or
//! IEEE P1363 signatures) and `scrypt`. The JS half is `js/modules/crypto.js`; keys cross as their
//! PEM text or DER bytes and are parsed on every call, so nothing outlives a call on the Rust side.
//!
//! Errors carry Node's (OpenSSL 3's) message and `code`: a key that cannot be decoded is
//! `ERR_OSSL_UNSUPPORTED`, a decodable key of an algorithm we do not sign with (Ed25519, other
//! curves) is `ERR_CRYPTO_UNSUPPORTED_OPERATION`.

use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use p256::pkcs8::der::pem::LineEnding;
use p256::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rquickjs::function::Func;
use rquickjs::{ArrayBuffer, Ctx, Object, Result, TypedArray};
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha2::Digest;

/// A parsed key.
#[derive(Debug)]
pub(crate) enum Key {
    RsaPrivate(Box<RsaPrivateKey>),
    RsaPublic(RsaPublicKey),
    EcPrivate(p256::SecretKey),
    EcPublic(p256::PublicKey),
}

/// Why a signature, key or scrypt call was refused, with Node's message and `code`.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum PkiError {
    #[error("error:1E08010C:DECODER routines::unsupported")]
    Decoder,
    #[error("Unsupported crypto operation")]
    Operation,
    #[error("Invalid digest")]
    Digest,
    #[error("{0}")]
    Failed(String),
    #[error(
        "Invalid scrypt params: error:030000AC:digital envelope routines::memory limit exceeded"
    )]
    ScryptParams,
}

impl PkiError {
    fn code(&self) -> &'static str {
        match self {
            PkiError::Decoder => "ERR_OSSL_UNSUPPORTED",
            PkiError::Operation => "ERR_CRYPTO_UNSUPPORTED_OPERATION",
            PkiError::Digest => "ERR_CRYPTO_INVALID_DIGEST",
            PkiError::Failed(_) => "ERR_CRYPTO_OPERATION_FAILED",
            PkiError::ScryptParams => "ERR_CRYPTO_INVALID_SCRYPT_PARAMS",
        }
    }
    /// The JS constructor Node uses.
    fn constructor(&self) -> &'static str {
        match self {
            PkiError::Digest => "TypeError",
            PkiError::ScryptParams => "RangeError",
            _ => "Error",
        }
    }
}

type Res<T> = std::result::Result<T, PkiError>;

const RSA_OID: &str = "1.2.840.113549.1.1.1";
const EC_OID: &str = "1.2.840.10045.2.1";

/// Parses a key. `format` is `pem` (any of PKCS#8 `PRIVATE KEY`, PKCS#1 `RSA PRIVATE KEY` /
/// `RSA PUBLIC KEY`, SEC1 `EC PRIVATE KEY`, SPKI `PUBLIC KEY`), or the DER of `pkcs8`, `spki`,
/// `pkcs1` (private), `pkcs1-public` or `sec1` (the shim builds these from JWKs).
pub(crate) fn parse_key(format: &str, data: &[u8]) -> Res<Key> {
    let (label, der): (String, Vec<u8>) = if format == "pem" {
        let text = std::str::from_utf8(data).map_err(|_| PkiError::Decoder)?;
        let (label, der) = decode_pem(text)?;
        (label, der)
    } else {
        (String::new(), data.to_vec())
    };
    let kind = match (format, label.as_str()) {
        ("pem", "PRIVATE KEY") | ("pkcs8", _) => "pkcs8",
        ("pem", "PUBLIC KEY") | ("spki", _) => "spki",
        ("pem", "RSA PRIVATE KEY") | ("pkcs1", _) => "pkcs1",
        ("pem", "RSA PUBLIC KEY") | ("pkcs1-public", _) => "pkcs1-public",
        ("pem", "EC PRIVATE KEY") | ("sec1", _) => "sec1",
        _ => return Err(PkiError::Decoder),
    };
    match kind {
        "pkcs8" => {
            let info = p256::pkcs8::PrivateKeyInfo::try_from(der.as_slice())
                .map_err(|_| PkiError::Decoder)?;
            match info.algorithm.oid.to_string().as_str() {
                RSA_OID => RsaPrivateKey::from_pkcs8_der(&der)
                    .map(|k| Key::RsaPrivate(Box::new(k)))
                    .map_err(|_| PkiError::Decoder),
                EC_OID => p256::SecretKey::from_pkcs8_der(&der)
                    .map(Key::EcPrivate)
                    .map_err(|_| PkiError::Operation),
                _ => Err(PkiError::Operation),
            }
        }
        "spki" => {
            let info = p256::pkcs8::spki::SubjectPublicKeyInfoRef::try_from(der.as_slice())
                .map_err(|_| PkiError::Decoder)?;
            match info.algorithm.oid.to_string().as_str() {
                RSA_OID => RsaPublicKey::from_public_key_der(&der)
                    .map(Key::RsaPublic)
                    .map_err(|_| PkiError::Decoder),
                EC_OID => p256::PublicKey::from_public_key_der(&der)
                    .map(Key::EcPublic)
                    .map_err(|_| PkiError::Operation),
                _ => Err(PkiError::Operation),
            }
        }
        "pkcs1" => RsaPrivateKey::from_pkcs1_der(&der)
            .map(|k| Key::RsaPrivate(Box::new(k)))
            .map_err(|_| PkiError::Decoder),
        "pkcs1-public" => RsaPublicKey::from_pkcs1_der(&der)
            .map(Key::RsaPublic)
            .map_err(|_| PkiError::Decoder),
        _ => p256::SecretKey::from_sec1_der(&der)
            .map(Key::EcPrivate)
            .map_err(|_| PkiError::Decoder),
    }
}

/// The first PEM block of `text` (OpenSSL skips text before it and accepts CRLF line ends).
fn decode_pem(text: &str) -> Res<(String, Vec<u8>)> {
    let start = text.find("-----BEGIN ").ok_or(PkiError::Decoder)?;
    let rest = &text[start..];
    let label_end = rest[11..].find("-----").ok_or(PkiError::Decoder)? + 11;
    let label = &rest[11..label_end];
    let footer = format!("-----END {label}-----");
    let end = rest.find(&footer).ok_or(PkiError::Decoder)?;
    let body: String = rest[label_end + 5..end]
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    use base64::Engine;
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|_| PkiError::Decoder)?;
    Ok((label.to_owned(), der))
}

fn digest(hash: &str, data: &[u8]) -> Res<(Vec<u8>, Pkcs1v15Sign)> {
    Ok(match hash {
        "sha1" => (
            sha1::Sha1::digest(data).to_vec(),
            Pkcs1v15Sign::new::<sha1::Sha1>(),
        ),
        "sha256" => (
            sha2::Sha256::digest(data).to_vec(),
            Pkcs1v15Sign::new::<sha2::Sha256>(),
        ),
        "sha384" => (
            sha2::Sha384::digest(data).to_vec(),
            Pkcs1v15Sign::new::<sha2::Sha384>(),
        ),
        "sha512" => (
            sha2::Sha512::digest(data).to_vec(),
            Pkcs1v15Sign::new::<sha2::Sha512>(),
        ),
        _ => return Err(PkiError::Digest),
    })
}

/// Signs `data`: RSASSA-PKCS1-v1_5 for RSA keys, ECDSA for P-256 keys (DER, or `r ‖ s` when
/// `p1363`). A public key cannot sign: OpenSSL's decoder refuses it as a private key.
pub(crate) fn sign(hash: &str, key: &Key, data: &[u8], p1363: bool) -> Res<Vec<u8>> {
    let (hashed, scheme) = digest(hash, data)?;
    match key {
        Key::RsaPrivate(k) => k
            .sign_with_rng(&mut rsa::rand_core::OsRng, scheme, &hashed)
            .map_err(|e| PkiError::Failed(e.to_string())),
        Key::EcPrivate(k) => {
            let signer = p256::ecdsa::SigningKey::from(k);
            let sig: p256::ecdsa::Signature = signer
                .sign_prehash(&hashed)
                .map_err(|e| PkiError::Failed(e.to_string()))?;
            Ok(if p1363 {
                sig.to_bytes().to_vec()
            } else {
                sig.to_der().as_bytes().to_vec()
            })
        }
        Key::RsaPublic(_) | Key::EcPublic(_) => Err(PkiError::Decoder),
    }
}

/// Verifies `sig` over `data`; a private key verifies with its public half. A malformed
/// signature is `false`, as in Node.
pub(crate) fn verify(hash: &str, key: &Key, data: &[u8], sig: &[u8], p1363: bool) -> Res<bool> {
    let (hashed, scheme) = digest(hash, data)?;
    Ok(match key {
        Key::RsaPrivate(k) => k.to_public_key().verify(scheme, &hashed, sig).is_ok(),
        Key::RsaPublic(k) => k.verify(scheme, &hashed, sig).is_ok(),
        Key::EcPrivate(_) | Key::EcPublic(_) => {
            let public = match key {
                Key::EcPrivate(k) => k.public_key(),
                Key::EcPublic(k) => *k,
                _ => unreachable!("matched above"),
            };
            let parsed = if p1363 {
                p256::ecdsa::Signature::from_slice(sig)
            } else {
                p256::ecdsa::Signature::from_der(sig)
            };
            match parsed {
                Ok(s) => p256::ecdsa::VerifyingKey::from(public)
                    .verify_prehash(&hashed, &s)
                    .is_ok(),
                Err(_) => false,
            }
        }
    })
}

/// What `KeyObject` shows: `type asymmetricKeyType detail` (detail: modulus bits, or the curve).
pub(crate) fn describe(key: &Key) -> String {
    use rsa::traits::PublicKeyParts;
    match key {
        Key::RsaPrivate(k) => format!("private rsa {}", k.n().bits()),
        Key::RsaPublic(k) => format!("public rsa {}", k.n().bits()),
        Key::EcPrivate(_) => "private ec prime256v1".to_owned(),
        Key::EcPublic(_) => "public ec prime256v1".to_owned(),
    }
}

/// Exports a key: `spki` (the public half of any key) or `pkcs8` (private keys), as `pem` text
/// (LF line ends, as Node writes) or `der` bytes.
pub(crate) fn export(key: &Key, kind: &str, format: &str) -> Res<Vec<u8>> {
    let fail = |e: &dyn std::fmt::Display| PkiError::Failed(e.to_string());
    let pem = format == "pem";
    match kind {
        "spki" => {
            let public = match key {
                Key::RsaPrivate(k) => Key::RsaPublic(k.to_public_key()),
                Key::EcPrivate(k) => Key::EcPublic(k.public_key()),
                Key::RsaPublic(k) => Key::RsaPublic(k.clone()),
                Key::EcPublic(k) => Key::EcPublic(*k),
            };
            match (&public, pem) {
                (Key::RsaPublic(k), true) => k
                    .to_public_key_pem(LineEnding::LF)
                    .map(String::into_bytes)
                    .map_err(|e| fail(&e)),
                (Key::RsaPublic(k), false) => k
                    .to_public_key_der()
                    .map(|d| d.into_vec())
                    .map_err(|e| fail(&e)),
                (Key::EcPublic(k), true) => k
                    .to_public_key_pem(LineEnding::LF)
                    .map(String::into_bytes)
                    .map_err(|e| fail(&e)),
                (Key::EcPublic(k), false) => k
                    .to_public_key_der()
                    .map(|d| d.into_vec())
                    .map_err(|e| fail(&e)),
                _ => unreachable!("a public key"),
            }
        }
        "pkcs8" => {
            let doc = match key {
                Key::RsaPrivate(k) => k.to_pkcs8_der().map_err(|e| fail(&e))?,
                Key::EcPrivate(k) => k.to_pkcs8_der().map_err(|e| fail(&e))?,
                _ => return Err(PkiError::Operation),
            };
            if pem {
                doc.to_pem("PRIVATE KEY", LineEnding::LF)
                    .map(|s| s.as_bytes().to_vec())
                    .map_err(|e| fail(&e))
            } else {
                Ok(doc.as_bytes().to_vec())
            }
        }
        _ => Err(PkiError::Operation),
    }
}

/// The most memory one scrypt call may use (Node's default `maxmem` is 32 MiB; a larger `maxmem`
/// is honoured up to this, as the buffer lives outside the engine's heap limit).
pub(crate) const MAX_SCRYPT_MEMORY: u64 = 256 << 20;
/// The most work (N·r·p) one scrypt call may ask for: it runs on the executor thread and cannot
/// be interrupted (Node's defaults are 16384·8·1; this is 64 times that, a few seconds).
pub(crate) const MAX_SCRYPT_WORK: u64 = 16384 * 8 * 64;

/// scrypt (RFC 7914) with OpenSSL's checks: N a power of two above 1, and
/// `128·r·(N + 2) + 128·r·p` bytes within `maxmem`; the key at most `MAX_PBKDF2_KEY_BYTES`.
pub(crate) fn scrypt(
    password: &[u8],
    salt: &[u8],
    n: u64,
    r: u32,
    p: u32,
    maxmem: u64,
    len: usize,
) -> Res<Vec<u8>> {
    if n < 2 || !n.is_power_of_two() || r == 0 || p == 0 {
        return Err(PkiError::ScryptParams);
    }
    let r64 = u64::from(r);
    let p64 = u64::from(p);
    let mem = 128u64
        .saturating_mul(r64)
        .saturating_mul(n.saturating_add(2))
        .saturating_add(128u64.saturating_mul(r64).saturating_mul(p64));
    if len > crate::native::MAX_PBKDF2_KEY_BYTES
        || mem > maxmem.min(MAX_SCRYPT_MEMORY)
        || n.saturating_mul(r64).saturating_mul(p64) > MAX_SCRYPT_WORK
    {
        return Err(PkiError::ScryptParams);
    }
    if len == 0 {
        return Ok(Vec::new());
    }
    let log_n = n.trailing_zeros() as u8;
    // `Params`' own length (10..=64) is only the PHC-string default; `scrypt()` derives any length.
    let params =
        scrypt::Params::new(log_n, r, p, len.clamp(10, 64)).map_err(|_| PkiError::ScryptParams)?;
    let mut out = vec![0u8; len];
    scrypt::scrypt(password, salt, &params, &mut out).map_err(|_| PkiError::ScryptParams)?;
    Ok(out)
}

/// Throws `e` as Node does: an `Error`, `TypeError` or `RangeError` carrying Node's `code`.
fn throw(ctx: &Ctx<'_>, e: &PkiError) -> rquickjs::Error {
    let make = || -> Result<rquickjs::Error> {
        let ctor: rquickjs::Function = ctx.globals().get(e.constructor())?;
        let ex: Object = ctor.call((e.to_string(),))?;
        ex.set("code", e.code())?;
        Ok(ctx.throw(ex.into_value()))
    };
    // Building the error can only fail when the engine is out of memory; that error is thrown.
    make().unwrap_or_else(|err| err)
}

/// Adds `host.pkiSign`, `host.pkiVerify`, `host.pkiDescribe`, `host.pkiExport` and `host.scrypt`.
pub(crate) fn install<'js>(host: &Object<'js>) -> Result<()> {
    use crate::globals::bytes_of;
    host.set(
        "pkiSign",
        Func::from(
            |ctx: Ctx<'js>,
             hash: String,
             format: String,
             key: TypedArray<'js, u8>,
             data: TypedArray<'js, u8>,
             p1363: bool|
             -> Result<ArrayBuffer<'js>> {
                match parse_key(&format, &bytes_of(&key))
                    .and_then(|k| sign(&hash, &k, &bytes_of(&data), p1363))
                {
                    Ok(out) => ArrayBuffer::new_copy(ctx, &out),
                    Err(e) => Err(throw(&ctx, &e)),
                }
            },
        ),
    )?;
    host.set(
        "pkiVerify",
        Func::from(
            |ctx: Ctx<'js>,
             hash: String,
             format: String,
             key: TypedArray<'js, u8>,
             data: TypedArray<'js, u8>,
             sig: TypedArray<'js, u8>,
             p1363: bool|
             -> Result<bool> {
                parse_key(&format, &bytes_of(&key))
                    .and_then(|k| verify(&hash, &k, &bytes_of(&data), &bytes_of(&sig), p1363))
                    .map_err(|e| throw(&ctx, &e))
            },
        ),
    )?;
    host.set(
        "pkiDescribe",
        Func::from(
            |ctx: Ctx<'js>, format: String, key: TypedArray<'js, u8>| -> Result<String> {
                parse_key(&format, &bytes_of(&key))
                    .map(|k| describe(&k))
                    .map_err(|e| throw(&ctx, &e))
            },
        ),
    )?;
    host.set(
        "pkiExport",
        Func::from(
            |ctx: Ctx<'js>,
             format: String,
             key: TypedArray<'js, u8>,
             kind: String,
             out: String|
             -> Result<ArrayBuffer<'js>> {
                match parse_key(&format, &bytes_of(&key)).and_then(|k| export(&k, &kind, &out)) {
                    Ok(out) => ArrayBuffer::new_copy(ctx, &out),
                    Err(e) => Err(throw(&ctx, &e)),
                }
            },
        ),
    )?;
    host.set(
        "scrypt",
        Func::from(
            |ctx: Ctx<'js>,
             password: TypedArray<'js, u8>,
             salt: TypedArray<'js, u8>,
             params: Vec<f64>|
             -> Result<ArrayBuffer<'js>> {
                // [N, r, p, maxmem, keylen]: the shim checks them as Node does; these casts
                // saturate, and `scrypt` refuses what is out of bounds.
                let at = |i: usize| params.get(i).copied().unwrap_or(0.0);
                match scrypt(
                    &bytes_of(&password),
                    &bytes_of(&salt),
                    at(0) as u64,
                    at(1) as u32,
                    at(2) as u32,
                    at(3) as u64,
                    at(4) as usize,
                ) {
                    Ok(out) => ArrayBuffer::new_copy(ctx, &out),
                    Err(e) => Err(throw(&ctx, &e)),
                }
            },
        ),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1024-bit test key (openssl genrsa -traditional) and OpenSSL's SHA-256 signature of "hello".
    const RSA_PKCS1: &str = "-----BEGIN RSA PRIVATE KEY-----\nMIICXgIBAAKBgQC/Q38jvWgUdQyCkYqeoAjkgVp8q5YuxuXVmQJeUweQUfenbgtZ\naXbe5UtRoU7hIYVfedBN2kR3Tqi7yZ2NRIozSXPgZWmrBqqGxD4ihZejjbtULYal\n/L8dIvWcgxkXWzuj8bBuGmurCZJsEsrHNIV5ZDBMpi7o5Q/MiujnOWtcOwIDAQAB\nAoGBAJkKkTkv3ZBA+Hmhq6GxvGvbdWQ8iDd1v4JipJqFJZA9hkTasQoicZN5NgNj\nZ5KNGAOFnUAuXop4zls0wHTBWzK5GyapX7NMIeXrH0CkJ38vVT66/Spb8vbcuxDf\n0+fVlT3pqMjyfjEIUlCcJIOviF0tXSdplsLf1QneiGSN6sOBAkEA/gzGaoLTDh4q\nQzA9qZU2WZILPV/tlvY1Bbglg5FeRXbInaJagdVRBQ/ntSEoag4C+2/XVK88kysh\nmFVjY4oNKQJBAMC7V6nfUosN2tvedr/FzFhrw7kk29B0azhzkQh9QhRqleU5w/LY\nff5mqrl+MWFkJZQDLbL8n+hUjLPEH1F9ZsMCQQC24+ODkiL2quip7fS2POEfom/N\nA147q4uIToVTLje7skPCl7qodTUae9THJNO/Zc7nzCAsqurk18wbqn0ej6fhAkAg\ng3pWfgY+zyeM0ArYb1X51LRAF6e9kuZDr7tX40myiAihkw0rerpGoKtMf6108KAm\nSCL9fwC7AQh7iyp9ZNphAkEA7laK+9E93SSUZ59ZsvWsJcLEpxr2NSQln0TTDfM3\nI4s/87K++fTrOTkjpopZFEJFyqkmoIcbVE+QniozmfNSAQ==\n-----END RSA PRIVATE KEY-----\n";
    const RSA_SIG_HELLO: &str = "5b8e63c238ba5c89f1576f6f1203780dfb30e6ec24b69d080cb5f8f97b6b40caf440bb24e1274f58bd5fe468a273250171f8673ac227d2f1a1bfe2e707268de6e845e330a2a392b8cc6fc478da35cddbd94c61b1d6a226f7860c568931d091f669f1d8ff25b679a109c483668242ef0fde6566c860fceaee95842a14ba33edc0";

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn rsa_pkcs1v15_matches_openssl() {
        let key = parse_key("pem", RSA_PKCS1.as_bytes()).unwrap();
        assert_eq!(describe(&key), "private rsa 1024");
        let sig = sign("sha256", &key, b"hello", false).unwrap();
        assert_eq!(hex(&sig), RSA_SIG_HELLO);
        let spki = export(&key, "spki", "pem").unwrap();
        let public = parse_key("pem", &spki).unwrap();
        assert!(verify("sha256", &public, b"hello", &sig, false).unwrap());
        assert!(!verify("sha256", &public, b"hellO", &sig, false).unwrap());
        assert_eq!(sign("sha256", &public, b"x", false), Err(PkiError::Decoder));
        assert_eq!(sign("md4", &key, b"x", false), Err(PkiError::Digest));
    }

    #[test]
    fn ecdsa_round_trips_in_both_encodings() {
        let secret = p256::SecretKey::random(&mut rsa::rand_core::OsRng);
        let pem = secret.to_pkcs8_pem(LineEnding::LF).unwrap();
        let key = parse_key("pem", pem.as_bytes()).unwrap();
        let public = parse_key("spki", &export(&key, "spki", "der").unwrap()).unwrap();
        let der = sign("sha256", &key, b"msg", false).unwrap();
        assert_eq!(der[0], 0x30);
        assert!(verify("sha256", &public, b"msg", &der, false).unwrap());
        let p1363 = sign("sha512", &key, b"msg", true).unwrap();
        assert_eq!(p1363.len(), 64);
        assert!(verify("sha512", &public, b"msg", &p1363, true).unwrap());
        assert!(!verify("sha256", &public, b"msg", &p1363, true).unwrap());
        assert!(!verify("sha512", &public, b"msg", &p1363, false).unwrap());
    }

    #[test]
    fn undecodable_keys_are_openssls_decoder_error() {
        assert_eq!(
            parse_key("pem", b"not a key").unwrap_err(),
            PkiError::Decoder
        );
        let bad = b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert_eq!(parse_key("pem", bad).unwrap_err(), PkiError::Decoder);
        assert_eq!(
            parse_key("spki", b"\x30\x00").unwrap_err(),
            PkiError::Decoder
        );
    }

    #[test]
    fn scrypt_rfc7914_vectors_and_limits() {
        assert_eq!(
            hex(&scrypt(b"", b"", 16, 1, 1, 32 << 20, 64).unwrap()),
            "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"
        );
        assert_eq!(
            hex(&scrypt(b"password", b"NaCl", 1024, 8, 16, 32 << 20, 64).unwrap()),
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"
        );
        // OpenSSL's memory rule: 128·r·(N + 2) + 128·r·p bytes.
        let need = 128 * 8 * 1026 + 1024;
        assert!(scrypt(b"a", b"b", 1024, 8, 1, need, 8).is_ok());
        assert_eq!(
            scrypt(b"a", b"b", 1024, 8, 1, need - 1, 8),
            Err(PkiError::ScryptParams)
        );
        assert_eq!(
            scrypt(b"a", b"b", 3, 8, 1, need, 8),
            Err(PkiError::ScryptParams)
        );
        assert_eq!(
            scrypt(b"a", b"b", 16, 1, 1, need, 0).unwrap(),
            Vec::<u8>::new()
        );
        assert_eq!(scrypt(b"a", b"b", 16, 1, 1, need, 100).unwrap().len(), 100);
    }
}
