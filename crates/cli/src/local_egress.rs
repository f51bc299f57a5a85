//! Outbound HTTP for `fnhost invoke --local`: real requests, but only to the hosts in
//! `functions/settings.json`'s `whitelist`; anything else gets the platform's 403 answer.

use async_trait::async_trait;
use fnhost_model::HostErrorCode;
use fnhost_runtime::host::{Caller, HostError, HttpEgress, HttpRequest, HttpResponse};
use std::collections::BTreeMap;

pub struct LocalEgress {
    pub allowlist: Vec<String>,
    pub client: reqwest::Client,
}

#[async_trait]
impl HttpEgress for LocalEgress {
    async fn request(&self, _caller: &Caller, req: HttpRequest) -> Result<HttpResponse, HostError> {
        let host = reqwest::Url::parse(&req.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        if !fnhost_server::host::domain_allowed(&self.allowlist, &host) {
            return Ok(HttpResponse {
                status_code: 403,
                status_message: "Forbidden".into(),
                headers: BTreeMap::new(),
                body: format!(
                    "You do not have access to the page or resource you are trying to reach\n(add `{host}` to the whitelist in functions/settings.json)\n"
                ),
            });
        }
        let method = reqwest::Method::from_bytes(req.method.as_bytes()).map_err(|_| {
            HostError::new(
                HostErrorCode::EgressBadRequest,
                format!("invalid method `{}`", req.method),
            )
        })?;
        let mut b = self.client.request(method, &req.url);
        for (k, v) in &req.headers {
            b = b.header(k, v);
        }
        if let Some(body) = req.body {
            b = b.body(body);
        }
        let res = b
            .send()
            .await
            .map_err(|e| HostError::new(HostErrorCode::ConnectionRefused, e.to_string()))?;
        let status = res.status();
        let headers = res
            .headers()
            .iter()
            .filter_map(|(k, v)| {
                v.to_str()
                    .ok()
                    .map(|v| (k.as_str().to_owned(), v.to_owned()))
            })
            .collect();
        let body = res
            .text()
            .await
            .map_err(|e| HostError::new(HostErrorCode::ConnectionReset, e.to_string()))?;
        Ok(HttpResponse {
            status_code: status.as_u16(),
            status_message: status.canonical_reason().unwrap_or_default().to_owned(),
            headers,
            body,
        })
    }
}
