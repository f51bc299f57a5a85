//! The account's service directory for `Toolbelt.LpClient()`: LivePerson's CSDS
//! (`GET {csds}/api/account/{account}/service/baseURI.json?version=1.0`), at the base URL the
//! operator configures (`--csds-url`, default LivePerson's public CSDS), cached per account for
//! ten minutes as the toolbelt caches it.
//!
//! The directory is platform configuration, like the store: its URL is the operator's, so the
//! account's allowlist does not apply to it. The requests a function then makes to the domains it
//! returns are ordinary egress (allowlist, private-address rule, every redirect hop).

use async_trait::async_trait;
use fnhost_model::HostErrorCode;
use fnhost_runtime::host::{Caller, HostError, ServiceDirectory, ServiceDomain};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// LivePerson's public CSDS.
pub const DEFAULT_CSDS_URL: &str = "https://api.liveperson.net";

/// How long an account's domains are reused before they are read again.
const TTL: Duration = Duration::from_secs(600);

/// Answers above this size are not a service directory.
const MAX_ANSWER_BYTES: usize = 1 << 20;

/// When an account's domains were read, and what they were.
type Cached = (Instant, Arc<Vec<ServiceDomain>>);

/// The CSDS client with its per-account cache.
pub struct CsdsDirectory {
    base: String,
    client: reqwest::Client,
    cache: Mutex<HashMap<String, Cached>>,
}

#[derive(serde::Deserialize)]
struct Answer {
    #[serde(rename = "baseURIs", default)]
    base_uris: Vec<ServiceDomain>,
}

impl CsdsDirectory {
    /// A directory reading `base` (scheme, host and optional port; a trailing `/` is ignored).
    pub fn new(base: &str) -> Self {
        CsdsDirectory {
            base: base.trim_end_matches('/').to_owned(),
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .expect("reqwest client builds"),
            cache: Mutex::new(HashMap::new()),
        }
    }

    fn failure(&self, why: impl std::fmt::Display) -> HostError {
        HostError::new(
            HostErrorCode::CsdsFailure,
            format!(
                "the service directory at {} could not be read: {why}",
                self.base
            ),
        )
    }

    async fn fetch(&self, account: &str) -> Result<Vec<ServiceDomain>, HostError> {
        let mut url = reqwest::Url::parse(&self.base).map_err(|e| self.failure(e))?;
        url.path_segments_mut()
            .map_err(|_| self.failure("the URL cannot have a path"))?
            .pop_if_empty()
            .extend(["api", "account", account, "service", "baseURI.json"]);
        url.set_query(Some("version=1.0"));
        let res = self
            .client
            .get(url)
            .header("accept", "application/json")
            .send()
            .await
            .map_err(|e| self.failure(e))?;
        if !res.status().is_success() {
            return Err(self.failure(format_args!("it answered {}", res.status())));
        }
        let bytes = res.bytes().await.map_err(|e| self.failure(e))?;
        if bytes.len() > MAX_ANSWER_BYTES {
            return Err(self.failure("the answer is too large"));
        }
        let answer: Answer = serde_json::from_slice(&bytes).map_err(|e| self.failure(e))?;
        Ok(answer.base_uris)
    }
}

#[async_trait]
impl ServiceDirectory for CsdsDirectory {
    async fn domains(&self, caller: &Caller) -> Result<Vec<ServiceDomain>, HostError> {
        let account = caller.account_id.as_str();
        if let Some((at, domains)) = self.cache.lock().expect("csds cache poisoned").get(account)
            && at.elapsed() < TTL
        {
            return Ok(domains.as_ref().clone());
        }
        let domains = self.fetch(account).await?;
        // An empty answer is not cached: the account may be provisioned a moment later.
        if !domains.is_empty() {
            self.cache.lock().expect("csds cache poisoned").insert(
                account.to_owned(),
                (Instant::now(), Arc::new(domains.clone())),
            );
        }
        Ok(domains)
    }
}
