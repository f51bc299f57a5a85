//! The HTTP clients function egress sends with: one shared client, and one per client identity
//! (mutual TLS), all built with the same settings.
//!
//! Every client follows no redirect itself ([`crate::egress::send`] does, checking each hop), uses
//! the resolver that drops non-public addresses unless private networks are allowed, and trusts
//! the operator's extra roots (`--egress-ca-file`) beside the built-in web roots. A request with a
//! [`ClientIdentity`] gets a client built with that certificate and key (and the identity's own
//! CA, and `danger_accept_invalid_certs` only when it allows self-signed servers); such clients
//! are kept in a small map keyed by the SHA-256 of the identity, the least recently used dropped
//! first. A cryptographic digest, so no function can craft an identity that shares another's
//! client (and with it the other's certificate).

use crate::egress::is_public;
use fnhost_model::HostErrorCode;
use fnhost_runtime::host::{ClientIdentity, HostError};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Mutual-TLS clients kept at once.
pub const MAX_IDENTITY_CLIENTS: usize = 32;

/// Why the egress clients could not be built (at start: the operator's CA file).
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("cannot read the egress CA file {path}: {source}")]
    CaFileRead {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the egress CA file {path} holds no PEM certificate")]
    CaFileEmpty { path: PathBuf },
    #[error("the egress CA file {path} is not valid PEM: {reason}")]
    CaFileInvalid { path: PathBuf, reason: String },
    #[error("the HTTP client cannot be built: {0}")]
    Build(#[from] reqwest::Error),
}

/// How every egress client is built.
#[derive(Clone, Default)]
pub struct ClientSettings {
    /// Resolve names to public addresses only (the server, unless `--egress-allow-private`).
    pub public_only: bool,
    /// Extra trusted roots (`--egress-ca-file`).
    pub extra_roots: Vec<reqwest::Certificate>,
    /// The longest any request may take.
    pub timeout: Option<Duration>,
}

impl ClientSettings {
    /// Adds the certificates of a PEM file to the trusted roots.
    pub fn trust_ca_file(&mut self, path: &Path) -> Result<(), ClientError> {
        let pem = std::fs::read(path).map_err(|source| ClientError::CaFileRead {
            path: path.to_owned(),
            source,
        })?;
        let count = pem_certificates(&pem).map_err(|reason| ClientError::CaFileInvalid {
            path: path.to_owned(),
            reason,
        })?;
        if count == 0 {
            return Err(ClientError::CaFileEmpty {
                path: path.to_owned(),
            });
        }
        let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
            ClientError::CaFileInvalid {
                path: path.to_owned(),
                reason: e.to_string(),
            }
        })?;
        self.extra_roots.extend(certs);
        Ok(())
    }

    fn builder(&self) -> reqwest::ClientBuilder {
        let mut b = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
        if let Some(t) = self.timeout {
            b = b.timeout(t);
        }
        if self.public_only {
            b = b.dns_resolver(Arc::new(PublicOnlyResolver));
        }
        for root in &self.extra_roots {
            b = b.add_root_certificate(root.clone());
        }
        b
    }
}

/// The shared client and the cached mutual-TLS ones.
pub struct EgressClients {
    settings: ClientSettings,
    shared: reqwest::Client,
    identities: Mutex<IdentityCache>,
}

#[derive(Default)]
struct IdentityCache {
    clients: HashMap<[u8; 32], (u64, reqwest::Client)>,
    clock: u64,
}

impl EgressClients {
    pub fn new(settings: ClientSettings) -> Result<Self, ClientError> {
        Ok(EgressClients {
            shared: settings.builder().build()?,
            settings,
            identities: Mutex::new(IdentityCache::default()),
        })
    }

    /// The client for a request: the shared one, or the one built with `identity`.
    pub fn client(&self, identity: Option<&ClientIdentity>) -> Result<reqwest::Client, HostError> {
        let Some(identity) = identity else {
            return Ok(self.shared.clone());
        };
        let key = identity_digest(identity);
        {
            let mut cache = self.identities.lock().expect("identity cache poisoned");
            cache.clock += 1;
            let now = cache.clock;
            if let Some((used, client)) = cache.clients.get_mut(&key) {
                *used = now;
                return Ok(client.clone());
            }
        }
        let client = self.build_identity_client(identity)?;
        let mut cache = self.identities.lock().expect("identity cache poisoned");
        if cache.clients.len() >= MAX_IDENTITY_CLIENTS
            && let Some(oldest) = cache
                .clients
                .iter()
                .min_by_key(|(_, (used, _))| *used)
                .map(|(k, _)| *k)
        {
            cache.clients.remove(&oldest);
        }
        let now = cache.clock;
        cache.clients.insert(key, (now, client.clone()));
        Ok(client)
    }

    /// Mutual-TLS clients currently kept.
    pub fn cached_identities(&self) -> usize {
        self.identities
            .lock()
            .expect("identity cache poisoned")
            .clients
            .len()
    }

    fn build_identity_client(
        &self,
        identity: &ClientIdentity,
    ) -> Result<reqwest::Client, HostError> {
        let bad = |what: &str, why: String| {
            HostError::new(HostErrorCode::EgressBadRequest, format!("{what}: {why}"))
        };
        match pem_certificates(identity.cert_pem.as_bytes()) {
            Ok(0) => {
                return Err(bad(
                    "client certificate",
                    "no PEM certificate (-----BEGIN CERTIFICATE-----) found".into(),
                ));
            }
            Err(e) => return Err(bad("client certificate", e)),
            Ok(_) => {}
        }
        match pem_private_key(identity.key_pem.as_bytes()) {
            Ok(false) => {
                return Err(bad(
                    "client key",
                    "no PEM private key (PKCS#8, RSA or EC) found".into(),
                ));
            }
            Err(e) => return Err(bad("client key", e)),
            Ok(true) => {}
        }
        let mut pem = identity.key_pem.clone().into_bytes();
        pem.push(b'\n');
        pem.extend_from_slice(identity.cert_pem.as_bytes());
        let id = reqwest::Identity::from_pem(&pem)
            .map_err(|e| bad("client identity", crate::egress::error_chain(&e)))?;
        let mut b = self.settings.builder().identity(id);
        if let Some(ca) = &identity.ca_pem {
            match pem_certificates(ca.as_bytes()) {
                Ok(0) => return Err(bad("ca", "no PEM certificate found".into())),
                Err(e) => return Err(bad("ca", e)),
                Ok(_) => {}
            }
            let certs = reqwest::Certificate::from_pem_bundle(ca.as_bytes())
                .map_err(|e| bad("ca", crate::egress::error_chain(&e)))?;
            for c in certs {
                b = b.add_root_certificate(c);
            }
        }
        if identity.allow_self_signed {
            b = b.danger_accept_invalid_certs(true);
        }
        b.build().map_err(|e| {
            bad(
                "the client certificate and key do not form a usable identity",
                crate::egress::error_chain(&e),
            )
        })
    }
}

/// The SHA-256 of everything that makes an identity's client.
fn identity_digest(identity: &ClientIdentity) -> [u8; 32] {
    let mut h = Sha256::new();
    for part in [
        identity.cert_pem.as_bytes(),
        identity.key_pem.as_bytes(),
        identity.ca_pem.as_deref().unwrap_or("").as_bytes(),
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    h.update([
        identity.ca_pem.is_some() as u8,
        identity.allow_self_signed as u8,
    ]);
    h.finalize().into()
}

/// How many certificates a PEM text holds; `Err` when a PEM section is malformed.
fn pem_certificates(pem: &[u8]) -> Result<usize, String> {
    let mut reader = pem;
    let mut n = 0;
    for cert in rustls_pemfile::certs(&mut reader) {
        cert.map_err(|e| format!("malformed PEM: {e}"))?;
        n += 1;
    }
    Ok(n)
}

/// Whether a PEM text holds a private key; `Err` when it is malformed.
fn pem_private_key(pem: &[u8]) -> Result<bool, String> {
    let mut reader = pem;
    rustls_pemfile::private_key(&mut reader)
        .map(|k| k.is_some())
        .map_err(|e| format!("malformed PEM: {e}"))
}

/// DNS for function egress that drops non-public addresses, so an allowlisted name cannot be
/// pointed at the platform's own network (DNS rebinding included: the check is on the addresses
/// actually connected to).
struct PublicOnlyResolver;

impl reqwest::dns::Resolve for PublicOnlyResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<std::net::SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| is_public(a.ip()))
                .collect();
            if addrs.is_empty() {
                return Err(format!("{host} does not resolve to a public address").into());
            }
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(cert: &str, key: &str) -> ClientIdentity {
        ClientIdentity {
            cert_pem: cert.into(),
            key_pem: key.into(),
            ca_pem: None,
            allow_self_signed: false,
        }
    }

    #[test]
    fn malformed_identities_are_refused_with_a_clear_message() {
        let clients = EgressClients::new(ClientSettings::default()).unwrap();
        let e = clients
            .client(Some(&identity("not a pem", "nor this")))
            .unwrap_err();
        assert_eq!(e.code, HostErrorCode::EgressBadRequest);
        assert!(e.message.starts_with("client certificate: no PEM"), "{e}");
        let cert = "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
        let e = clients.client(Some(&identity(cert, "x"))).unwrap_err();
        assert!(e.message.starts_with("client certificate"), "{e}");
    }

    #[test]
    fn digests_separate_fields() {
        let a = identity("ab", "c");
        let b = identity("a", "bc");
        assert_ne!(identity_digest(&a), identity_digest(&b));
        let mut c = a.clone();
        c.allow_self_signed = true;
        assert_ne!(identity_digest(&a), identity_digest(&c));
    }
}
