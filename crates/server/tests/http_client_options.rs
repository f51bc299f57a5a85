//! `Toolbelt.HTTPClient` options and `fetch` end to end: a function on a real fnhost server calls
//! a real local HTTP target through the real egress, and the target reports what arrived (auth
//! headers, multipart parts it parsed itself, body bytes). Redirects are still checked on every
//! hop, whichever API made the request.

mod common;
mod egress_support;
use egress_support::*;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_form_data_and_binary_bodies_reach_the_target() {
    let target = http_target().await;
    let s = Scenario::start(|_| {}).await;
    let base = format!("http://localhost:{}", target.port());
    let r = s
        .run(
            r#"const http = Toolbelt.HTTPClient();
            const basic = await http({ uri: p.base + '/echo', json: true, auth: { username: 'fn', password: 'pässword' } });
            const bearer = await http({ uri: p.base + '/echo', json: true, auth: { bearer: () => 'tok-123' } });
            const late = await http({ uri: p.base + '/challenge', auth: { user: 'a', pass: 'b', sendImmediately: false } });
            const all = Buffer.alloc(256); for (let i = 0; i < 256; i++) all[i] = i;
            const posted = await http({ uri: p.base + '/echo', method: 'POST', body: all, json: true });
            const back = await http({ uri: p.base + '/bytes', encoding: null });
            const form = await http({ uri: p.base + '/echo', method: 'POST', json: true, formData: {
              field: 'value', many: ['1', '2'],
              file: { value: all, options: { filename: 'all.bin', contentType: 'application/x-test' } },
              text: { value: 'hello', options: { filename: 'hello.txt' } } } });
            return { basic: basic.headers.authorization, bearer: bearer.headers.authorization, late,
                     posted: posted.sha256, back: back.toString('base64'), isBuffer: Buffer.isBuffer(back),
                     contentType: form.headers['content-type'].split(';')[0], parts: form.parts };"#,
            json!({ "base": base }),
        )
        .await;
    let ok = &r["ok"];
    assert!(ok.is_object(), "{r}");
    assert_eq!(
        ok["basic"],
        format!("Basic {}", base64_of("fn:pässword".as_bytes()))
    );
    assert_eq!(ok["bearer"], "Bearer tok-123");
    assert_eq!(ok["late"], format!("Basic {}", base64_of(b"a:b")));
    let all: Vec<u8> = (0..=255u8).collect();
    use sha2::Digest;
    assert_eq!(ok["posted"], hex(&sha2::Sha256::digest(&all)));
    assert_eq!(ok["back"], base64_of(&all));
    assert_eq!(ok["isBuffer"], true);
    assert_eq!(ok["contentType"], "multipart/form-data");
    assert_eq!(
        ok["parts"],
        json!([
            {"name": "field", "filename": null, "contentType": null, "data": base64_of(b"value")},
            {"name": "many", "filename": null, "contentType": null, "data": base64_of(b"1")},
            {"name": "many", "filename": null, "contentType": null, "data": base64_of(b"2")},
            {"name": "file", "filename": "all.bin", "contentType": "application/x-test", "data": base64_of(&all)},
            {"name": "text", "filename": "hello.txt", "contentType": "text/plain", "data": base64_of(b"hello")},
        ])
    );
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_can_be_kept_and_are_checked_on_every_hop() {
    let target = http_target().await;
    let s = Scenario::start(|_| {}).await;
    let port = target.port();
    let r = s
        .run(
            r#"const http = Toolbelt.HTTPClient();
            const to = (u) => p.base + '/redirect?to=' + encodeURIComponent(u);
            const kept = await http({ uri: to(p.base + '/echo'), followRedirect: false, simple: false, resolveWithFullResponse: true });
            let rejected; try { await http({ uri: to(p.base + '/echo'), followRedirect: false }); } catch (e) { rejected = [e.name, e.statusCode]; }
            const followed = await http({ uri: to(p.base + '/echo'), json: true, resolveWithFullResponse: true });
            const postKept = await http({ uri: to(p.base + '/echo'), method: 'POST', simple: false, resolveWithFullResponse: true });
            const postAll = await http({ uri: to(p.base + '/echo'), method: 'POST', json: true, followAllRedirects: true });
            const offList = await http({ uri: to(p.private + '/echo'), simple: false, resolveWithFullResponse: true });
            const fetched = await fetch(to(p.private + '/echo'));
            const manual = await fetch(to(p.private + '/echo'), { redirect: 'manual' });
            return { kept: [kept.statusCode, kept.headers.location], rejected, followed: [followed.statusCode, followed.body.method, followed.request.uri.href],
                     postKept: postKept.statusCode, postAll: postAll.method, offList: [offList.statusCode, offList.body],
                     fetched: [fetched.status, await fetched.text()], manual: [manual.status, manual.redirected, manual.headers.get('location')] };"#,
            json!({ "base": format!("http://localhost:{port}"), "private": format!("http://127.0.0.1:{port}") }),
        )
        .await;
    let ok = &r["ok"];
    let forbidden = "You do not have access to the page or resource you are trying to reach\n";
    assert_eq!(
        *ok,
        json!({
            "kept": [302, format!("http://localhost:{port}/echo")],
            "rejected": ["StatusCodeError", 302],
            "followed": [200, "GET", format!("http://localhost:{port}/echo")],
            "postKept": 302,
            "postAll": "GET",
            "offList": [403, forbidden],
            "fetched": [403, forbidden],
            "manual": [302, false, format!("http://127.0.0.1:{port}/echo")],
        }),
        "{r}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_speaks_whatwg() {
    let target = http_target().await;
    let s = Scenario::start(|_| {}).await;
    let port = target.port();
    let r = s
        .run(
            r#"const res = await fetch(p.base + '/echo', { method: 'POST', headers: { 'X-Trace': 'abc', 'content-type': 'application/json' }, body: JSON.stringify({ n: 1 }) });
            const copy = res.clone();
            const echoed = await res.json();
            let second; try { await res.text(); } catch (e) { second = e.name; }
            const text = await copy.text();
            const bin = await (await fetch(p.base + '/bytes')).arrayBuffer();
            const put = await (await fetch(new Request(p.base + '/echo', { method: 'PUT', body: new Uint8Array([7, 8, 9]) }))).json();
            const fd = new FormData(); fd.append('a', '1'); fd.append('f', new Blob([new Uint8Array([0, 255])], { type: 'image/png' }), 'x.png');
            const form = await (await fetch(p.base + '/echo', { method: 'POST', body: fd })).json();
            const redirected = await fetch(p.base + '/redirect?to=%2Fecho');
            let error; try { await fetch(p.base + '/redirect?to=%2Fecho', { redirect: 'error' }); } catch (e) { error = e.message; }
            const refused = await fetch('http://127.0.0.1:' + p.port + '/echo');
            let failed; try { await fetch('http://localhost:1/'); } catch (e) { failed = [e.name, e.message, !!e.cause]; }
            return { status: res.status, ok: res.ok, type: res.headers.get('Content-Type'), method: echoed.method, trace: echoed.headers['x-trace'],
                     sentType: echoed.headers['content-type'], body: Buffer.from(echoed.bodyBase64, 'base64').toString(), bodyUsed: [res.bodyUsed, copy.bodyUsed],
                     second, sameText: text.includes('"method":"POST"'), bin: bin.byteLength, last: new Uint8Array(bin)[255], put: put.bodyBase64,
                     form: form.parts, redirected: [redirected.status, redirected.redirected, redirected.url], error, refused: refused.status, failed };"#,
            json!({ "base": format!("http://localhost:{port}"), "port": port }),
        )
        .await;
    let ok = &r["ok"];
    assert_eq!(
        *ok,
        json!({
            "status": 200, "ok": true, "type": "application/json", "method": "POST", "trace": "abc",
            "sentType": "application/json", "body": "{\"n\":1}", "bodyUsed": [true, true], "second": "TypeError",
            "sameText": true, "bin": 256, "last": 255, "put": base64_of(&[7, 8, 9]),
            "form": [
                {"name": "a", "filename": null, "contentType": null, "data": base64_of(b"1")},
                {"name": "f", "filename": "x.png", "contentType": "image/png", "data": base64_of(&[0, 255])},
            ],
            "redirected": [200, true, format!("http://localhost:{port}/echo")],
            "error": "fetch failed", "refused": 403, "failed": ["TypeError", "fetch failed", true],
        }),
        "{r}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aborted_fetches_end_at_once() {
    let target = http_target().await;
    let s = Scenario::start(|_| {}).await;
    let started = std::time::Instant::now();
    let r = s
        .run(
            r#"const c = new AbortController();
            setTimeout(() => c.abort(), 50);
            let aborted; try { await fetch(p.base + '/slow', { signal: c.signal }); } catch (e) { aborted = [e.name, c.signal.aborted]; }
            let timedOut; try { await fetch(p.base + '/slow', { signal: AbortSignal.timeout(100) }); } catch (e) { timedOut = e.name; }
            return { aborted, timedOut };"#,
            json!({ "base": format!("http://localhost:{}", target.port()) }),
        )
        .await;
    assert_eq!(
        r["ok"],
        json!({"aborted": ["AbortError", true], "timedOut": "TimeoutError"}),
        "{r}"
    );
    // The target answers after 5 s; the function (and its instance) did not wait for it, and
    // the egress dropped both requests (the target saw its clients go).
    assert!(started.elapsed() < std::time::Duration::from_secs(4));
    for _ in 0..100 {
        if SLOW_ABANDONED.load(std::sync::atomic::Ordering::SeqCst) >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        SLOW_ABANDONED.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "both aborted requests were dropped"
    );
    let again = s.run("return 'still serving';", json!({})).await;
    assert_eq!(again["ok"], "still serving");
}

/// The hop check itself, with private addresses not allowed: an allowed name (here reached
/// without the public-only resolver, as an allowlisted public host would be) that redirects to a
/// private IP literal is refused at the hop, whether or not the literal is allowlisted; with
/// `follow_redirects` off the 3xx comes back as it is, and nothing is fetched from the literal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_hop_to_a_private_literal_is_refused() {
    use fnhost_server::egress::{EgressPolicy, Outbound, Refusal, send};
    let target = http_target().await;
    let port = target.port();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let policy = EgressPolicy {
        allowlist: vec!["localhost".into(), "127.0.0.1".into()],
        allow_private: false,
    };
    let outbound = |follow: bool| Outbound {
        method: reqwest::Method::POST,
        url: format!(
            "http://localhost:{port}/redirect?status=307&to=http%3A%2F%2F127.0.0.1%3A{port}%2Fecho"
        )
        .parse()
        .unwrap(),
        headers: Default::default(),
        body: Some(vec![0, 255]),
        timeout: None,
        max_body_bytes: 1 << 20,
        follow_redirects: follow,
        binary_response: true,
    };
    let refused = send(&client, &policy, outbound(true)).await.unwrap();
    assert_eq!(
        refused.unwrap_err(),
        Refusal::PrivateAddress("127.0.0.1".into())
    );
    let kept = send(&client, &policy, outbound(false))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            kept.status_code,
            kept.redirected,
            kept.headers["location"].as_str()
        ),
        (307, false, format!("http://127.0.0.1:{port}/echo").as_str())
    );
    assert_eq!(
        kept.body_base64.as_deref(),
        Some(base64_of(b"moved").as_str())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_follow_a_redirect_only_within_the_origin() {
    // Same host, another port: another origin, so `Authorization` and `Cookie` are dropped; a
    // redirect within the origin keeps them.
    let a = http_target().await;
    let b = http_target().await;
    let s = Scenario::start(|_| {}).await;
    let r = s
        .run(
            r#"const http = Toolbelt.HTTPClient();
            const h = { authorization: 'Bearer secret', cookie: 'sid=1', 'x-other': 'kept' };
            const away = await http({ uri: p.a + '/redirect?to=' + encodeURIComponent(p.b + '/echo'), headers: h, json: true });
            const home = await http({ uri: p.a + '/redirect?to=/echo', headers: h, json: true });
            return { away: [away.headers.authorization || null, away.headers.cookie || null, away.headers['x-other']],
                     home: [home.headers.authorization || null, home.headers.cookie || null] };"#,
            json!({ "a": format!("http://localhost:{}", a.port()), "b": format!("http://localhost:{}", b.port()) }),
        )
        .await;
    assert_eq!(r["ok"]["away"], json!([null, null, "kept"]), "{r}");
    assert_eq!(r["ok"]["home"], json!(["Bearer secret", "sid=1"]), "{r}");
}
