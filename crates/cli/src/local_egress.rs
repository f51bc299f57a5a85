//! Outbound HTTP for `fnhost invoke --local`: real requests, but only to the hosts in
//! `functions/settings.json`'s `whitelist` — on every hop, redirects included, through the same
//! policy module as the server (`fnhost_server::egress`); anything else gets the platform's 403
//! answer. Private addresses are allowed: the developer's own services are a local invoke's
//! usual target. Binary bodies and mutual TLS work as on the server (`egress_clients`).

use async_trait::async_trait;
use fnhost_runtime::host::{Caller, HostError, HttpEgress, HttpRequest, HttpResponse};
use fnhost_server::egress::{self, EgressPolicy, MAX_RESPONSE_BYTES, MAX_TIMEOUT, Outbound};
use fnhost_server::egress_clients::{ClientSettings, EgressClients};

pub struct LocalEgress {
    pub allowlist: Vec<String>,
    clients: EgressClients,
}

impl LocalEgress {
    pub fn new(allowlist: Vec<String>) -> Self {
        LocalEgress {
            allowlist,
            clients: EgressClients::new(ClientSettings {
                public_only: false,
                extra_roots: Vec::new(),
                timeout: Some(MAX_TIMEOUT),
            })
            .expect("reqwest client builds"),
        }
    }
}

fn forbidden(req: &HttpRequest, refusal: &egress::Refusal) -> HttpResponse {
    HttpResponse::canned(
        403,
        "Forbidden",
        &req.url,
        &format!(
            "You do not have access to the page or resource you are trying to reach\n({refusal}; add the host to the whitelist in functions/settings.json)\n"
        ),
        req.binary_response,
    )
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
            Err(_) => return Ok(forbidden(&req, &egress::Refusal::Scheme)),
        };
        let outbound = Outbound::from_request(&req, url, MAX_TIMEOUT, MAX_RESPONSE_BYTES)?;
        let client = self.clients.client(req.client_identity.as_ref())?;
        Ok(egress::send(&client, &policy, outbound)
            .await?
            .unwrap_or_else(|r| forbidden(&req, &r)))
    }
}
