//! Outbound HTTP for `fnhost invoke --local`: real requests, but only to the hosts in
//! `functions/settings.json`'s `whitelist` — on every hop, redirects included, through the same
//! policy module as the server (`fnhost_server::egress`); anything else gets the platform's 403
//! answer. Private addresses are allowed: the developer's own services are a local invoke's
//! usual target.

use async_trait::async_trait;
use fnhost_model::HostErrorCode;
use fnhost_runtime::host::{Caller, HostError, HttpEgress, HttpRequest, HttpResponse};
use fnhost_server::egress::{self, EgressPolicy, Outbound};
use std::collections::BTreeMap;

/// The largest response body a local invoke accepts, as on the server.
const MAX_RESPONSE_BYTES: usize = 5 << 20;

pub struct LocalEgress {
    pub allowlist: Vec<String>,
    pub client: reqwest::Client,
}

impl LocalEgress {
    pub fn new(allowlist: Vec<String>) -> Self {
        LocalEgress {
            allowlist,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("reqwest client builds"),
        }
    }
}

fn forbidden(refusal: &egress::Refusal) -> HttpResponse {
    HttpResponse {
        status_code: 403,
        status_message: "Forbidden".into(),
        headers: BTreeMap::new(),
        body: format!(
            "You do not have access to the page or resource you are trying to reach\n({refusal}; add the host to the whitelist in functions/settings.json)\n"
        ),
    }
}

#[async_trait]
impl HttpEgress for LocalEgress {
    async fn request(&self, _caller: &Caller, req: HttpRequest) -> Result<HttpResponse, HostError> {
        let policy = EgressPolicy {
            allowlist: self.allowlist.clone(),
            allow_private: true,
        };
        let url = match reqwest::Url::parse(&req.url) {
            Ok(u) => u,
            Err(_) => return Ok(forbidden(&egress::Refusal::Scheme)),
        };
        let method = reqwest::Method::from_bytes(req.method.as_bytes()).map_err(|_| {
            HostError::new(
                HostErrorCode::EgressBadRequest,
                format!("invalid method `{}`", req.method),
            )
        })?;
        let outbound = Outbound {
            method,
            url,
            headers: req.headers,
            body: req.body,
            timeout: req.timeout_ms.map(std::time::Duration::from_millis),
            max_body_bytes: MAX_RESPONSE_BYTES,
        };
        Ok(egress::send(&self.client, &policy, outbound)
            .await?
            .unwrap_or_else(|r| forbidden(&r)))
    }
}
