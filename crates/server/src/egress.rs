//! The outbound policy for functions' HTTP (`Toolbelt.HTTPClient`), checked on **every hop**.
//!
//! One module for the server (`host::AllowlistEgress`) and `fnhost invoke --local`: a URL may be
//! fetched when its scheme is http(s), its host is on the account's allowlist and — unless private
//! networks are allowed — an IP-literal host is a public address (names are resolved by a resolver
//! that drops non-public addresses, see `host.rs`). Redirects are not followed by the HTTP client:
//! [`send`] follows them itself, at most [`MAX_REDIRECTS`], and checks each `Location` with the same
//! policy before connecting, so an allowlisted host cannot bounce a function to `127.0.0.1`, to a
//! host off the allowlist or to an IP literal in any spelling (`0x7f000001`, `2130706433`, `[::1]`
//! are normalised by the URL parser before the check).
//!
//! **Architecture Invariant:** no function's request reaches a URL that [`EgressPolicy::check`]
//! did not accept.

use fnhost_model::HostErrorCode;
use fnhost_runtime::host::{HostError, HttpResponse};
use std::collections::BTreeMap;
use std::time::Duration;

/// The largest response body a function may receive (server and local invoke alike).
pub const MAX_RESPONSE_BYTES: usize = 5 << 20;
/// The longest one outbound request may take.
pub const MAX_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Redirects followed before the function gets the last 3xx answer as it is.
pub const MAX_REDIRECTS: usize = 10;

/// Why a URL may not be fetched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("only http and https URLs can be fetched")]
    Scheme,
    #[error("`{0}` is not on the account's allowlist")]
    NotAllowlisted(String),
    #[error("`{0}` is not a public address")]
    PrivateAddress(String),
}

/// What a function may reach.
#[derive(Debug, Clone)]
pub struct EgressPolicy {
    /// Exact host names or one leading `*.` wildcard, lower case.
    pub allowlist: Vec<String>,
    /// Let IP literals in loopback/private ranges through (`--egress-allow-private`).
    pub allow_private: bool,
}

/// True when `host` matches an allowlist entry: an exact name or one leading `*.` wildcard.
pub fn domain_allowed(allowlist: &[String], host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    allowlist.iter().any(|d| match d.strip_prefix("*.") {
        Some(suffix) => host.ends_with(&format!(".{suffix}")),
        None => *d == host,
    })
}

/// True for addresses on the public internet: not loopback, private, link-local, unspecified,
/// shared (CGNAT) or multicast, in IPv4 or IPv6 (including IPv4-mapped IPv6).
pub fn is_public(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || o[0] == 0
                || (o[0] == 100 && (64..=127).contains(&o[1])))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let seg = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (seg[0] & 0xfe00) == 0xfc00
                || (seg[0] & 0xffc0) == 0xfe80)
        }
    }
}

impl EgressPolicy {
    /// Whether `url` may be fetched (one hop).
    pub fn check(&self, url: &url::Url) -> Result<(), Refusal> {
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(Refusal::Scheme);
        }
        let ip = match url.host() {
            None => return Err(Refusal::NotAllowlisted(String::new())),
            Some(url::Host::Ipv4(v4)) => Some(std::net::IpAddr::V4(v4)),
            Some(url::Host::Ipv6(v6)) => Some(std::net::IpAddr::V6(v6)),
            Some(url::Host::Domain(_)) => None,
        };
        let host = url.host_str().unwrap_or_default();
        if !domain_allowed(
            &self.allowlist,
            host.trim_start_matches('[').trim_end_matches(']'),
        ) {
            return Err(Refusal::NotAllowlisted(host.to_owned()));
        }
        if let Some(ip) = ip
            && !self.allow_private
            && !is_public(ip)
        {
            return Err(Refusal::PrivateAddress(host.to_owned()));
        }
        Ok(())
    }
}

/// One outbound request as the function asked for it.
pub struct Outbound {
    pub method: reqwest::Method,
    pub url: url::Url,
    pub headers: BTreeMap<String, String>,
    pub body: Option<Vec<u8>>,
    pub timeout: Option<Duration>,
    pub max_body_bytes: usize,
    /// Follow redirects (each hop checked); `false` answers the first 3xx as it is.
    pub follow_redirects: bool,
    /// Answer the body as base64 bytes rather than text.
    pub binary_response: bool,
}

impl Outbound {
    /// The outbound form of a function's request: method and URL parsed, the body as bytes.
    /// `Err` is a malformed request (`EgressBadRequest`); the URL is not checked here.
    pub fn from_request(
        req: &fnhost_runtime::host::HttpRequest,
        url: url::Url,
        max_timeout: Duration,
        max_body_bytes: usize,
    ) -> Result<Outbound, HostError> {
        let method = reqwest::Method::from_bytes(req.method.as_bytes()).map_err(|_| {
            HostError::new(
                HostErrorCode::EgressBadRequest,
                format!("invalid HTTP method `{}`", req.method),
            )
        })?;
        Ok(Outbound {
            method,
            url,
            headers: req.headers.clone(),
            body: req.body_bytes()?,
            timeout: req
                .timeout_ms
                .map(|ms| Duration::from_millis(ms).min(max_timeout)),
            max_body_bytes,
            follow_redirects: req.follow_redirects.unwrap_or(true),
            binary_response: req.binary_response,
        })
    }
}

/// Headers that must not follow a redirect to another origin.
const CREDENTIAL_HEADERS: [&str; 3] = ["authorization", "cookie", "proxy-authorization"];

/// The next hop of a redirect answer, or `None` when `status`/`location` is not one to follow.
fn next_hop(
    current: &url::Url,
    method: &reqwest::Method,
    status: reqwest::StatusCode,
    location: Option<&str>,
) -> Option<(reqwest::Method, url::Url, bool)> {
    let keep_body = match status.as_u16() {
        307 | 308 => true,
        301..=303 => false,
        _ => return None,
    };
    let next = current.join(location?).ok()?;
    let method = if keep_body || *method == reqwest::Method::HEAD {
        method.clone()
    } else {
        reqwest::Method::GET
    };
    Some((method, next, keep_body))
}

/// Sends `req` with `client` (which must not follow redirects itself), following redirects that
/// pass the policy. `Err(Refusal)` when the first URL or any hop is refused.
pub async fn send(
    client: &reqwest::Client,
    policy: &EgressPolicy,
    mut req: Outbound,
) -> Result<Result<HttpResponse, Refusal>, HostError> {
    if let Err(r) = policy.check(&req.url) {
        return Ok(Err(r));
    }
    let mut hops = 0;
    let max_hops = if req.follow_redirects {
        MAX_REDIRECTS
    } else {
        0
    };
    loop {
        let mut b = client.request(req.method.clone(), req.url.clone());
        for (k, v) in &req.headers {
            b = b.header(k, v);
        }
        if let Some(t) = req.timeout {
            b = b.timeout(t);
        }
        if let Some(body) = &req.body {
            b = b.body(body.clone());
        }
        let mut res = b
            .send()
            .await
            .map_err(|e| HostError::new(HostErrorCode::ConnectionRefused, error_chain(&e)))?;
        let status = res.status();
        let location = res
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if hops < max_hops
            && let Some((method, next, keep_body)) =
                next_hop(&req.url, &req.method, status, location.as_deref())
        {
            if let Err(r) = policy.check(&next) {
                return Ok(Err(r));
            }
            // Another origin (scheme, host or port) gets no credentials, as browsers do.
            if next.origin() != req.url.origin() {
                req.headers
                    .retain(|k, _| !CREDENTIAL_HEADERS.contains(&k.to_ascii_lowercase().as_str()));
            }
            if !keep_body {
                req.body = None;
            }
            req.method = method;
            req.url = next;
            hops += 1;
            continue;
        }
        let headers = response_headers(res.headers());
        let mut body = Vec::new();
        while let Some(chunk) = res
            .chunk()
            .await
            .map_err(|e| HostError::new(HostErrorCode::ConnectionReset, e.to_string()))?
        {
            if body.len() + chunk.len() > req.max_body_bytes {
                return Err(HostError::new(
                    HostErrorCode::EgressTooLarge,
                    format!("the response exceeds {} bytes", req.max_body_bytes),
                ));
            }
            body.extend_from_slice(&chunk);
        }
        let mut answer = HttpResponse {
            status_code: status.as_u16(),
            status_message: status.canonical_reason().unwrap_or_default().to_owned(),
            headers,
            body: String::new(),
            body_base64: None,
            url: req.url.to_string(),
            redirected: hops > 0,
        };
        answer.set_body(&body, req.binary_response);
        return Ok(Ok(answer));
    }
}

/// A response's headers as the function sees them: lower-case names, repeated headers joined
/// with `, ` (`set-cookie` with `\n`, as a comma may appear inside one cookie), values that are
/// not visible ASCII skipped.
fn response_headers(map: &reqwest::header::HeaderMap) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in map {
        let Ok(v) = v.to_str() else { continue };
        let sep = if k == reqwest::header::SET_COOKIE {
            "\n"
        } else {
            ", "
        };
        out.entry(k.as_str().to_owned())
            .and_modify(|acc| {
                acc.push_str(sep);
                acc.push_str(v);
            })
            .or_insert_with(|| v.to_owned());
    }
    out
}

/// An error with its causes, `outer: inner: innermost`.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cur = c.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> EgressPolicy {
        EgressPolicy {
            allowlist: vec![
                "*.example.com".into(),
                "api.other.org".into(),
                "127.0.0.1".into(),
            ],
            allow_private: false,
        }
    }

    #[test]
    fn every_spelling_of_a_private_address_is_refused() {
        for url in [
            "http://127.0.0.1/",
            "http://0x7f000001/",
            "http://2130706433/",
            "http://0177.0.0.1/",
            "http://127.1/",
        ] {
            let u = url::Url::parse(url).unwrap();
            assert_eq!(
                policy().check(&u),
                Err(Refusal::PrivateAddress("127.0.0.1".into())),
                "{url}"
            );
        }
        let open = EgressPolicy {
            allow_private: true,
            ..policy()
        };
        assert!(
            open.check(&url::Url::parse("http://0x7f000001/").unwrap())
                .is_ok()
        );
    }

    #[test]
    fn hosts_off_the_allowlist_and_other_schemes_are_refused() {
        let p = policy();
        let check = |u: &str| p.check(&url::Url::parse(u).unwrap());
        assert!(check("https://a.example.com/x").is_ok());
        assert!(check("https://API.other.org/").is_ok());
        assert!(matches!(
            check("https://example.com/"),
            Err(Refusal::NotAllowlisted(_))
        ));
        assert!(matches!(
            check("http://[::1]/"),
            Err(Refusal::NotAllowlisted(_))
        ));
        assert!(matches!(check("file:///etc/passwd"), Err(Refusal::Scheme)));
        assert!(matches!(
            check("ftp://a.example.com/"),
            Err(Refusal::Scheme)
        ));
    }

    #[test]
    fn redirects_change_method_as_browsers_do() {
        let u = url::Url::parse("https://a.example.com/p/q").unwrap();
        let post = reqwest::Method::POST;
        let (m, next, keep) = next_hop(&u, &post, reqwest::StatusCode::FOUND, Some("/r")).unwrap();
        assert_eq!(
            (m, next.as_str(), keep),
            (reqwest::Method::GET, "https://a.example.com/r", false)
        );
        let (m, _, keep) = next_hop(
            &u,
            &post,
            reqwest::StatusCode::PERMANENT_REDIRECT,
            Some("x"),
        )
        .unwrap();
        assert_eq!((m, keep), (post, true));
        assert!(
            next_hop(
                &u,
                &reqwest::Method::GET,
                reqwest::StatusCode::OK,
                Some("/r")
            )
            .is_none()
        );
        assert!(next_hop(&u, &reqwest::Method::GET, reqwest::StatusCode::FOUND, None).is_none());
    }

    #[test]
    fn private_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fc00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "1.1.1.1", "2606:4700::1111"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn wildcards_match_subdomains_only() {
        let list = vec!["*.example.com".to_owned(), "api.other.org".to_owned()];
        assert!(domain_allowed(&list, "a.example.com"));
        assert!(domain_allowed(&list, "A.B.Example.com"));
        assert!(!domain_allowed(&list, "example.com"));
        assert!(!domain_allowed(&list, "evil-example.com"));
        assert!(domain_allowed(&list, "api.other.org"));
        assert!(!domain_allowed(&list, "x.api.other.org"));
    }
}
