//! Node-compatible globals and modules, checked against values Node itself produces.

mod common;
use common::*;
use serde_json::json;

async fn eval(expr_body: &str) -> serde_json::Value {
    let code = format!(
        "async function lambda(input, callback) {{ const out = await (async () => {{ {expr_body} }})(); callback(null, out); }}"
    );
    ok_json(&run(&code, json!(null)).await)
}

#[tokio::test]
async fn crypto_digests_match_node() {
    let v = eval(r#"const c = require('crypto');
        return [c.createHash('md5').update('abc').digest('hex'),
                c.createHash('sha1').update('abc').digest('hex'),
                c.createHash('sha256').update('a').update('bc').digest('base64'),
                c.createHash('sha512').update(Buffer.from('abc')).digest('hex').slice(0, 16),
                c.createHmac('sha256', 'key').update('The quick brown fox jumps over the lazy dog').digest('hex'),
                c.randomBytes(16).length, /^[0-9a-f-]{36}$/.test(c.randomUUID()), typeof require('node:crypto').createHash];"#).await;
    assert_eq!(
        v,
        json!([
            "900150983cd24fb0d6963f7d28e17f72",
            "a9993e364706816aba3e25717850c26c9cd0d89d",
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
            "ddaf35a193617aba",
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
            16,
            true,
            "function"
        ])
    );
}

#[tokio::test]
async fn buffer_encodings_round_trip() {
    let v = eval(r#"const b = Buffer.from('héllo wörld');
        return [b.length, b.toString('hex'), b.toString('base64'), Buffer.from(b.toString('base64'), 'base64').toString(),
                Buffer.from('68656c6c6f', 'hex').toString('utf8'), Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString(),
                Buffer.isBuffer(b), JSON.stringify(Buffer.from([1, 2])), Buffer.alloc(3, 'ab').toString(), b.slice(0, 1).toString(),
                btoa('hello'), atob('aGVsbG8='), Buffer.from('_-8', 'base64url').toString('hex'), Buffer.byteLength('€')];"#).await;
    assert_eq!(
        v,
        json!([
            13,
            "68c3a96c6c6f2077c3b6726c64",
            "aMOpbGxvIHfDtnJsZA==",
            "héllo wörld",
            "hello",
            "ab",
            true,
            "{\"type\":\"Buffer\",\"data\":[1,2]}",
            "aba",
            "h",
            "aGVsbG8=",
            "hello",
            "ffef",
            3
        ])
    );
}

#[tokio::test]
async fn url_and_search_params() {
    let v = eval(r#"const u = new URL('https://user:pw@example.com:8443/a/b?x=1&y=two#frag');
        u.searchParams.append('z', 'a b');
        const p = new URLSearchParams({ q: 'fnhost rocks', n: 1 });
        let invalid; try { new URL('not a url'); } catch (e) { invalid = e.code; }
        return [u.hostname, u.port, u.pathname, u.search, u.hash, u.origin, u.searchParams.get('y'), p.toString(),
                new URL('../c', 'https://e.com/a/b/').href, invalid, require('url').parse('http://h.com/p?q=1').query];"#).await;
    assert_eq!(
        v,
        json!([
            "example.com",
            "8443",
            "/a/b",
            "?x=1&y=two&z=a+b",
            "#frag",
            "https://example.com:8443",
            "two",
            "q=fnhost+rocks&n=1",
            "https://e.com/a/c",
            "ERR_INVALID_URL",
            "q=1"
        ])
    );
}

#[tokio::test]
async fn text_codecs_clone_util_and_process() {
    let v = eval(r#"const enc = new TextEncoder().encode('€');
        const obj = { d: new Date(0), m: new Map([[1, 2]]), nested: { a: [1] } }; obj.self = obj;
        const c = structuredClone(obj);
        const util = require('util');
        return [Array.from(enc), new TextDecoder().decode(enc), c.self === c, c.m.get(1), c.d.getTime(), c !== obj,
                util.format('%s=%d %j', 'a', 42, { b: 1 }), util.inspect({ a: 1, b: 'x' }), process.env.GREETING, process.env.BRAND_ID,
                typeof process.exit, typeof queueMicrotask, typeof setImmediate, typeof require('events')];"#).await;
    assert_eq!(
        v,
        json!([
            [226, 130, 172],
            "€",
            true,
            2,
            0,
            true,
            "a=42 {\"b\":1}",
            "{ a: 1, b: 'x' }",
            "hi",
            "1000",
            "function",
            "function",
            "function",
            "function"
        ])
    );
}

#[tokio::test]
async fn timers_run_in_order_and_can_be_cleared() {
    let v = eval(r#"const seen = [];
        await new Promise((resolve) => {
            const t = setTimeout(() => seen.push('cleared'), 5); clearTimeout(t);
            setTimeout(() => seen.push('b'), 20);
            setTimeout(() => seen.push('a'), 5);
            let n = 0; const iv = setInterval(() => { seen.push('i' + n); if (++n === 2) clearInterval(iv); }, 1);
            setImmediate(() => seen.push('imm'));
            queueMicrotask(() => seen.push('micro'));
            setTimeout(resolve, 40);
        });
        return seen;"#).await;
    assert_eq!(v[0], json!("micro"));
    let seen: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(!seen.contains(&"cleared"));
    assert!(seen.iter().position(|s| *s == "a") < seen.iter().position(|s| *s == "b"));
    assert!(seen.contains(&"i0") && seen.contains(&"i1") && !seen.contains(&"i2"));
}

#[tokio::test]
async fn toolbelt_uses_host_services() {
    let v = eval(r#"const { Toolbelt, LpServices, ErrorStrategy, ConversationContentTypes } = require('lp-faas-toolbelt');
        const secrets = Toolbelt.SecretClient();
        let notFound; try { await secrets.readSecret('nope'); } catch (e) { notFound = [e.name, e.code]; }
        const http = Toolbelt.HTTPClient();
        const res = await http({ uri: 'https://blocked.example.com/', resolveWithFullResponse: true, simple: false });
        let simpleErr; try { await http('https://blocked.example.com/'); } catch (e) { simpleErr = [e.name, e.statusCode]; }
        const ctx = Toolbelt.ContextServiceClient({ apiKey: 'k', accountId: '1000' });
        await ctx.createNamespace('ns');
        await ctx.setPropertiesInNamespace('ns', { a: 1, b: 'two' }, 's1');
        const props = await ctx.getSelectedPropertiesInSession('ns', ['b'], 's1');
        let lp; try { await Toolbelt.LpClient()('msgHist', '/x', {}); } catch (e) { lp = e.code; }
        return [notFound, res.statusCode, simpleErr, props, await ctx.getListOfSessions('ns'), LpServices.MSG_HIST,
                ErrorStrategy.EXIT_ON_ERROR, ConversationContentTypes.MESSAGE_RECORDS, lp];"#).await;
    assert_eq!(
        v,
        json!([["SecretError", "com.liveperson.faas.secret.not-found"], 403, ["StatusCodeError", 403], {"b": "two"},
        ["s1"], "msgHist", "ExitOnError", "messageRecords", "com.liveperson.faas.csds.op-failed"])
    );
}
