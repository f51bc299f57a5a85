//! The JS half of outbound HTTP: `fetch` and its companions (`Headers`, `Response`, `Request`,
//! `AbortController`, `FormData`, `Blob`), `Toolbelt.HTTPClient`'s options and `MTLSClient`'s
//! validation, against an egress that echoes what reached it (the request the host received),
//! so each test sees exactly what the JS side put on the wire. The real egress (policy, redirects,
//! TLS) is tested in `crates/server/tests/http_client_options.rs`.

mod common;
use async_trait::async_trait;
use base64::Engine as _;
use fnhost_model::HostErrorCode;
use fnhost_runtime::host::{
    Caller, HostError, HostServices, HttpEgress, HttpRequest, HttpResponse,
};
use fnhost_runtime::{Engine, EngineConfig, FunctionSpec};
use serde_json::{Value, json};
use std::sync::{Arc, OnceLock};

/// Answers with what it received: `/echo` the request as JSON, `/bytes` all 256 byte values,
/// `/slow` after 3 s, `/fail` a connection error, `/redirect` a 302.
struct EchoEgress;

#[async_trait]
impl HttpEgress for EchoEgress {
    async fn request(&self, _caller: &Caller, req: HttpRequest) -> Result<HttpResponse, HostError> {
        let path = url::Url::parse(&req.url).unwrap().path().to_owned();
        let mut res = HttpResponse::canned(200, "OK", &req.url, "", req.binary_response);
        match path.as_str() {
            "/fail" => {
                return Err(HostError::new(
                    HostErrorCode::ConnectionRefused,
                    "connection refused",
                ));
            }
            "/slow" => tokio::time::sleep(std::time::Duration::from_secs(3)).await,
            "/bytes" => res.set_body(&(0..=255u8).collect::<Vec<_>>(), req.binary_response),
            "/redirect" => {
                res.status_code = 302;
                res.headers.insert("location".into(), "/echo".into());
            }
            _ => {
                let body = req.body_bytes()?.unwrap_or_default();
                let echo = json!({
                    "method": req.method, "url": req.url, "headers": req.headers,
                    "body": base64::engine::general_purpose::STANDARD.encode(&body),
                    "binary": req.binary_response, "follow": req.follow_redirects,
                    "identity": req.client_identity.as_ref().map(|i| i.allow_self_signed),
                });
                res.headers
                    .insert("content-type".into(), "application/json".into());
                res.headers.insert("set-cookie".into(), "a=1\nb=2".into());
                res.set_body(echo.to_string().as_bytes(), req.binary_response);
            }
        }
        Ok(res)
    }
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut services = HostServices::in_memory();
        services.http = Arc::new(EchoEgress);
        Engine::new(EngineConfig::default(), services).unwrap()
    })
}

async fn eval(body: &str) -> Value {
    let code = format!(
        "async function lambda(input, callback) {{ const out = await (async () => {{ {body} }})(); callback(null, out); }}"
    );
    let mut spec = FunctionSpec::new("1000", "00000000-0000-0000-0000-000000000002", &code);
    spec.limits = common::small_limits();
    spec.limits.timeout_ms = 2_000;
    let outcome = engine()
        .pool(spec)
        .invoke(common::input(json!(null)))
        .await
        .unwrap();
    common::ok_json(&outcome)
}

#[tokio::test]
async fn headers_are_case_insensitive_and_sorted() {
    let v = eval(
        r#"const h = new Headers({ 'X-B': '2', 'content-TYPE': 'text/plain' });
        h.append('x-b', '3'); h.append('Set-Cookie', 'a=1'); h.append('set-cookie', 'b=2');
        h.set('X-A', ' 1 ');
        const seen = []; h.forEach((v, k) => seen.push(k + '=' + v));
        let bad; try { h.set('bad name', 'x'); } catch (e) { bad = e.name; }
        const copy = new Headers(h); copy.delete('X-B');
        return [h.get('x-b'), h.get('CONTENT-TYPE'), h.has('X-A'), h.get('missing'), seen, [...h.keys()].length,
                h.getSetCookie(), bad, copy.has('x-b'), h.has('x-b'), Array.from(new Headers([['k', 'v']]).entries())];"#,
    )
    .await;
    assert_eq!(
        v,
        json!([
            "2, 3",
            "text/plain",
            true,
            null,
            [
                "content-type=text/plain",
                "set-cookie=a=1",
                "set-cookie=b=2",
                "x-a=1",
                "x-b=2, 3"
            ],
            5,
            ["a=1", "b=2"],
            "TypeError",
            false,
            true,
            [["k", "v"]]
        ])
    );
}

#[tokio::test]
async fn responses_are_read_once_and_clone() {
    let v = eval(
        r#"const r = new Response('{"a":1}', { status: 201, headers: { 'x-y': 'z' } });
        const c = r.clone();
        const j = await r.json();
        let again; try { await r.text(); } catch (e) { again = [e.name, e.message]; }
        let cloneUsed; try { r.clone(); } catch (e) { cloneUsed = e.name; }
        const ab = await new Response(new Uint8Array([1, 2, 255])).arrayBuffer();
        let range; try { new Response('x', { status: 99 }); } catch (e) { range = e.name; }
        const json = Response.json({ k: [1] });
        return [j, r.bodyUsed, c.bodyUsed, await c.text(), again, cloneUsed, r.status, r.ok, r.headers.get('content-type'),
                Array.from(new Uint8Array(ab)), range, json.headers.get('content-type'), await json.json(),
                new Response(null, { status: 404 }).ok, await new Blob(['ab', new Uint8Array([99])]).text()];"#,
    )
    .await;
    assert_eq!(
        v,
        json!([{"a": 1}, true, false, "{\"a\":1}", ["TypeError", "Body is unusable: Body has already been read"],
            "TypeError", 201, true, "text/plain;charset=UTF-8", [1, 2, 255], "RangeError", "application/json",
            {"k": [1]}, false, "abc"])
    );
}

#[tokio::test]
async fn fetch_sends_bodies_headers_and_redirect_modes() {
    let v = eval(
        r#"const r = await fetch('https://h.example/echo', { method: 'post', headers: { 'X-Id': '7' }, body: JSON.stringify({ a: 1 }) });
        const e = await r.json();
        const bin = await (await fetch('https://h.example/echo', { method: 'PUT', body: new Uint8Array([0, 255, 10]) })).json();
        const form = await (await fetch('https://h.example/echo', { method: 'POST', body: new URLSearchParams({ q: 'a b' }) })).json();
        const bytes = new Uint8Array(await (await fetch('https://h.example/bytes')).arrayBuffer());
        const manual = await fetch('https://h.example/redirect', { redirect: 'manual' });
        const manualEcho = await (await fetch('https://h.example/echo', { redirect: 'manual' })).json();
        let error; try { await fetch('https://h.example/redirect', { redirect: 'error' }); } catch (x) { error = [x.name, x.message]; }
        let failed; try { await fetch('https://h.example/fail'); } catch (x) { failed = [x.name, x.message, x.cause.code]; }
        let relative; try { await fetch('/nope'); } catch (x) { relative = x.name; }
        return [e.method, e.headers['x-id'], e.headers['content-type'], Buffer.from(e.body, 'base64').toString(), e.binary, e.follow,
                r.status, r.ok, r.url, r.headers.getSetCookie(), bin.body, form.headers['content-type'], Buffer.from(form.body, 'base64').toString(),
                bytes.length, bytes[0], bytes[255], manual.status, manual.headers.get('location'), manualEcho.follow, error, failed, relative];"#,
    )
    .await;
    assert_eq!(
        v,
        json!([
            "POST",
            "7",
            "text/plain;charset=UTF-8",
            "{\"a\":1}",
            true,
            true,
            200,
            true,
            "https://h.example/echo",
            ["a=1", "b=2"],
            "AP8K",
            "application/x-www-form-urlencoded;charset=UTF-8",
            "q=a+b",
            256,
            0,
            255,
            302,
            "/echo",
            false,
            ["TypeError", "fetch failed"],
            ["TypeError", "fetch failed", "ECONNREFUSED"],
            "TypeError"
        ])
    );
}

#[tokio::test]
async fn aborting_ends_a_pending_fetch_at_once() {
    let v = eval(
        r#"const t0 = Date.now();
        const c = new AbortController();
        const events = []; c.signal.addEventListener('abort', () => events.push('abort'));
        setTimeout(() => c.abort(), 20);
        let aborted; try { await fetch('https://h.example/slow', { signal: c.signal }); } catch (e) { aborted = [e.name, e.code]; }
        let timedOut; try { await fetch('https://h.example/slow', { signal: AbortSignal.timeout(30) }); } catch (e) { timedOut = e.name; }
        let already; try { await fetch('https://h.example/echo', { signal: AbortSignal.abort('why') }); } catch (e) { already = e; }
        const c2 = new AbortController(); c2.abort(new Error('mine'));
        return [aborted, timedOut, already, c.signal.aborted, c.signal.reason.name, events, c2.signal.reason.message, Date.now() - t0 < 1500];"#,
    )
    .await;
    assert_eq!(
        v,
        json!([
            ["AbortError", 20],
            "TimeoutError",
            "why",
            true,
            "AbortError",
            ["abort"],
            "mine",
            true
        ])
    );
}

/// Splits a multipart body into (headers, content) parts by its boundary.
fn multipart_parts(body: &[u8], boundary: &str) -> Vec<(String, Vec<u8>)> {
    let delim = format!("--{boundary}");
    let text = body.to_vec();
    let mut parts = Vec::new();
    let mut pos = 0;
    let find = |from: usize, needle: &[u8]| {
        text[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    };
    let first = find(0, delim.as_bytes()).expect("opening boundary");
    pos = pos.max(first + delim.len());
    while text[pos..].starts_with(b"\r\n") {
        let head_end = find(pos, b"\r\n\r\n").expect("part headers");
        let head = String::from_utf8(text[pos + 2..head_end].to_vec()).unwrap();
        let next = find(head_end, format!("\r\n{delim}").as_bytes()).expect("next boundary");
        parts.push((head, text[head_end + 4..next].to_vec()));
        pos = next + 2 + delim.len();
    }
    assert!(text[pos..].starts_with(b"--\r\n"), "closing boundary");
    parts
}

#[tokio::test]
async fn form_data_is_encoded_as_multipart() {
    let v = eval(
        r#"const http = require('lp-faas-toolbelt').Toolbelt.HTTPClient();
        const a = await http({ uri: 'https://h.example/echo', method: 'POST', json: true, formData: {
            name: 'fn"host', file: { value: Buffer.from([0, 1, 2, 255]), options: { filename: 'a.bin', contentType: 'application/x-bin' } },
            list: ['1', '2'], doc: { value: 'hello', options: { filename: 'x.txt' } } } });
        const fd = new FormData(); fd.append('k', 'v'); fd.append('f', new Blob(['blob!'], { type: 'text/plain' }), 'b.txt');
        const b = await (await fetch('https://h.example/echo', { method: 'POST', body: fd })).json();
        return [a.headers['content-type'], a.body, b.headers['content-type'], b.body];"#,
    )
    .await;
    let b64 = |v: &Value| {
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap())
            .unwrap()
    };
    let boundary = |v: &Value| {
        v.as_str()
            .unwrap()
            .strip_prefix("multipart/form-data; boundary=")
            .expect("multipart content type")
            .to_owned()
    };
    let parts = multipart_parts(&b64(&v[1]), &boundary(&v[0]));
    let heads: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(
        heads,
        [
            "Content-Disposition: form-data; name=\"name\"",
            "Content-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\nContent-Type: application/x-bin",
            "Content-Disposition: form-data; name=\"list\"",
            "Content-Disposition: form-data; name=\"list\"",
            "Content-Disposition: form-data; name=\"doc\"; filename=\"x.txt\"\r\nContent-Type: text/plain",
        ]
    );
    assert_eq!(parts[0].1, b"fn\"host");
    assert_eq!(parts[1].1, [0, 1, 2, 255]);
    assert_eq!((&parts[2].1[..], &parts[3].1[..]), (&b"1"[..], &b"2"[..]));
    let parts = multipart_parts(&b64(&v[3]), &boundary(&v[2]));
    assert_eq!(parts[0].0, "Content-Disposition: form-data; name=\"k\"");
    assert_eq!(
        parts[1].0,
        "Content-Disposition: form-data; name=\"f\"; filename=\"b.txt\"\r\nContent-Type: text/plain"
    );
    assert_eq!(parts[1].1, b"blob!");
}

#[tokio::test]
async fn http_client_options_reach_the_host() {
    let v = eval(
        r#"const http = require('lp-faas-toolbelt').Toolbelt.HTTPClient();
        const basic = await http({ uri: 'https://h.example/echo', json: true, auth: { user: 'u', pass: 'p' } });
        const bearer = await http({ uri: 'https://h.example/echo', json: true, auth: { bearer: 'tok' } });
        const raw = await http({ uri: 'https://h.example/echo', method: 'POST', body: Buffer.from([1, 2, 3]), json: true });
        const bytes = await http({ uri: 'https://h.example/bytes', encoding: null });
        const hex = await http({ uri: 'https://h.example/bytes', encoding: 'hex' });
        const jsonBuf = await http({ uri: 'https://h.example/echo', encoding: null, json: true });
        let redirect; try { await http({ uri: 'https://h.example/redirect', followRedirect: false }); } catch (e) { redirect = [e.name, e.statusCode]; }
        const post = await http({ uri: 'https://h.example/echo', method: 'POST', json: true });
        const all = await http({ uri: 'https://h.example/echo', method: 'POST', json: true, followAllRedirects: true });
        const full = await http({ uri: 'https://h.example/echo', resolveWithFullResponse: true });
        let badAuth; try { await http({ uri: 'https://h.example/echo', auth: { pass: 'x' } }); } catch (e) { badAuth = e.message; }
        return [basic.headers.authorization, bearer.headers.authorization, raw.body, Buffer.isBuffer(bytes), bytes.length, bytes[255],
                hex.slice(0, 6), Buffer.isBuffer(jsonBuf), redirect, post.follow, all.follow, basic.follow, full.headers['set-cookie'], typeof full.body, badAuth];"#,
    )
    .await;
    assert_eq!(
        v,
        json!([
            "Basic dTpw",
            "Bearer tok",
            "AQID",
            true,
            256,
            255,
            "000102",
            true,
            ["StatusCodeError", 302],
            false,
            true,
            true,
            ["a=1", "b=2"],
            "string",
            "auth() received invalid user or password"
        ])
    );
}

#[tokio::test]
async fn mtls_client_validates_its_pem_and_sends_the_identity() {
    let v = eval(
        r#"const { Toolbelt } = require('lp-faas-toolbelt');
        const errors = [];
        for (const cfg of [null, { cert: 'nope', key: 'nope' }, { cert: '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----', key: 'x' }]) {
          try { Toolbelt.MTLSClient(cfg); } catch (e) { errors.push(e.message); }
        }
        const c = Toolbelt.MTLSClient({ cert: Buffer.from('-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----'),
          key: '-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----' });
        const r = await c.post('https://h.example/echo', { 'x-a': '1' }, { k: 1 }, { json: true, allowSelfSigned: true });
        const h = await c.head('https://h.example/echo');
        return [errors, r.statusCode, r.body.identity, r.body.method, Buffer.from(r.body.body, 'base64').toString(), r.body.headers['content-type'], 'body' in h];"#,
    )
    .await;
    assert_eq!(
        v,
        json!([
            [
                "MTLSClient: expected {cert, key, ca?}",
                "MTLSClient: `cert` is not a PEM certificate (-----BEGIN CERTIFICATE-----)",
                "MTLSClient: `key` is not a PEM private key (-----BEGIN PRIVATE KEY-----)"
            ],
            200,
            true,
            "POST",
            "{\"k\":1}",
            "application/json",
            false
        ])
    );
}

#[tokio::test]
async fn fetch_globals_are_lazy() {
    let v = eval(
        r#"const d = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
        return [typeof d.get, Object.keys(globalThis).includes('fetch'), typeof fetch, typeof Object.getOwnPropertyDescriptor(globalThis, 'fetch').value];"#,
    )
    .await;
    assert_eq!(v, json!(["function", false, "function", "function"]));
}
