//! The web console: a single-page app (`console/dist/`, built by `scripts/build-console.sh` and
//! committed) embedded in the binary with `include_str!` and served at `/` and `/console/…`.
//!
//! The console talks to the public API only (the same endpoints `lpf` and `fnhost` use), with the
//! bearer token in the `Authorization` header; it sets no cookies. Every answer carries a strict
//! Content-Security-Policy (scripts, styles and connections from this origin only; no inline code,
//! no `eval`), `X-Content-Type-Options: nosniff`, and an `ETag` with `Cache-Control: no-cache`, so
//! browsers revalidate and a rebuilt binary's assets are never served stale. The app routes in
//! the URL fragment (`/#/functions`), so no console path can shadow an API path: unknown paths,
//! `/console/…` included, fall through to the API's JSON 404. Bodies are gzipped once (best
//! compression) and sent compressed to browsers that accept it.

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

/// The policy of every console answer.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// One embedded file.
struct Asset {
    path: &'static str,
    content_type: &'static str,
    body: &'static str,
}

/// The console's files, by URL path.
const ASSETS: &[Asset] = &[
    Asset {
        path: "/",
        content_type: "text/html; charset=utf-8",
        body: include_str!("../console/dist/index.html"),
    },
    Asset {
        path: "/console/app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../console/dist/app.js"),
    },
    Asset {
        path: "/console/app.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../console/dist/app.css"),
    },
    Asset {
        path: "/console/icon.svg",
        content_type: "image/svg+xml",
        body: include_str!("../console/dist/icon.svg"),
    },
];

/// The ETag of each asset (a hash of its content), computed once.
fn etags() -> &'static [String] {
    static ETAGS: OnceLock<Vec<String>> = OnceLock::new();
    ETAGS.get_or_init(|| {
        ASSETS
            .iter()
            .map(|a| {
                // SipHash with fixed keys: the same content gives the same tag on every node.
                let mut h = std::hash::DefaultHasher::new();
                a.body.hash(&mut h);
                format!("\"{:016x}\"", h.finish())
            })
            .collect()
    })
}

/// Each asset gzipped (best compression), computed once: the console's first load is about a
/// third of its raw size for any browser (they all accept gzip).
fn gzipped() -> &'static [Vec<u8>] {
    static GZ: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    GZ.get_or_init(|| {
        ASSETS
            .iter()
            .map(|a| {
                use std::io::Write;
                let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                e.write_all(a.body.as_bytes())
                    .and_then(|()| e.finish())
                    .unwrap_or_default()
            })
            .collect()
    })
}

/// Whether the request accepts a gzip body (`Accept-Encoding: gzip`, not with `q=0`).
fn accepts_gzip(req: &HeaderMap) -> bool {
    req.get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut it = part.split(';');
            let coding = it.next().unwrap_or("").trim();
            let q0 = it.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    == Some(0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !q0
        })
}

/// The console routes; merged into the API router before its fallbacks.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    ASSETS.iter().enumerate().fold(Router::new(), |r, (i, a)| {
        r.route(a.path, get(move |h: HeaderMap| async move { serve(i, &h) }))
    })
}

fn serve(i: usize, req: &HeaderMap) -> Response {
    let asset = &ASSETS[i];
    let etag = &etags()[i];
    let fresh = req
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let gzip = accepts_gzip(req) && !gzipped()[i].is_empty();
    let mut res = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else if gzip {
        (StatusCode::OK, gzipped()[i].clone()).into_response()
    } else {
        (StatusCode::OK, asset.body).into_response()
    };
    let h = res.headers_mut();
    if gzip && !fresh {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_loads_only_its_own_assets() {
        let index = ASSETS[0].body;
        for a in &ASSETS[1..] {
            assert!(index.contains(a.path), "index.html links {}", a.path);
        }
        assert!(!index.contains("<script>") && !index.contains("style="));
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"));
    }

    #[test]
    fn a_matching_etag_answers_304() {
        let tag = etags()[1].clone();
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&tag).unwrap());
        assert_eq!(serve(1, &h).status(), StatusCode::NOT_MODIFIED);
        let ok = serve(1, &HeaderMap::new());
        assert_eq!(ok.status(), StatusCode::OK);
        assert_eq!(ok.headers()[header::ETAG], tag.as_str());
        assert_eq!(ok.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }

    #[test]
    fn gzip_when_the_browser_accepts_it() {
        use std::io::Read;
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, deflate, br"),
        );
        let res = serve(1, &h);
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
        let gz = &gzipped()[1];
        assert!(gz.len() * 2 < ASSETS[1].body.len(), "compressed well");
        let mut plain = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut plain)
            .unwrap();
        assert_eq!(plain, ASSETS[1].body);
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip;q=0, identity"),
        );
        assert!(
            !serve(1, &h)
                .headers()
                .contains_key(header::CONTENT_ENCODING)
        );
        assert!(
            !serve(1, &HeaderMap::new())
                .headers()
                .contains_key(header::CONTENT_ENCODING)
        );
    }
}
