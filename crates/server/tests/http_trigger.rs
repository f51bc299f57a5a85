//! The HTTP trigger on both stores: GET with a query, POST with a binary body, custom status and
//! headers, a plain result as 200 JSON, public vs token, disabled, rate limit, and function
//! failures answering with seed codes (without logs for public callers).

mod common;
use common::*;
use fnhost_store::Backend;
use serde_json::{Value, json};

const HOOK: &str = r#"function lambda(input, cb) {
  const p = input.payload;
  if (p.path === '/fail') { console.error('secret detail'); return cb(new Error('refused')); }
  if (p.path === '/plain') return cb(null, { plain: true });
  if (p.path === '/text') return cb(null, { statusCode: 405, body: 'POST only' });
  if (p.path === '/echo-bytes') return cb(null, { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: p.body, isBase64Encoded: p.isBase64Encoded });
  cb(null, { statusCode: 201, headers: { 'x-method': p.method, 'content-type': 'application/json' },
             body: JSON.stringify({ path: p.path, rawPath: p.rawPath, query: p.query, body: p.body, ua: p.headers['user-agent'],
                                     cookie: p.headers['cookie'] || null, auth: p.headers['authorization'] || null,
                                     listed: input.headers.map(h => h.key) }) });
}"#;

async fn create(t: &TestServer, name: &str, trigger: Value) -> String {
    let r = t
        .post("lambdas", json!({"name": name, "description": "d", "httpTrigger": trigger, "implementation": {"code": HOOK}}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["httpTrigger"], trigger);
    let uuid = r.body["uuid"].as_str().unwrap().to_owned();
    t.deploy_uuid(&uuid).await;
    uuid
}

async fn requests_and_answers_map_both_ways(b: Backend) {
    let t = TestServer::start_with(b, |c| c.function_rate_limit = 20).await;
    create(&t, "hook", json!({"enabled": true, "public": true})).await;
    let base = format!("{}/fn/1000/hook", t.base);

    // A string body without a content type of the function's is text.
    let r = t.http.get(format!("{base}/text")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["content-type"], "text/plain; charset=utf-8");
    assert_eq!(r.text().await.unwrap(), "POST only");

    let r = t
        .http
        .get(format!("{base}/orders/7?x=1&x=2&y=z"))
        .header("user-agent", "tester")
        .header("cookie", "session_id=platform-secret; theme=dark")
        .header("authorization", "Bearer not-for-the-function")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers()["x-method"], "GET");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["path"], "/orders/7");
    assert_eq!(v["rawPath"], "/orders/7");
    let r = t
        .http
        .get(format!("{base}/a%2Fb/c%20d"))
        .send()
        .await
        .unwrap();
    let encoded: Value = r.json().await.unwrap();
    assert_eq!(
        (&encoded["path"], &encoded["rawPath"]),
        (&json!("/a/b/c d"), &json!("/a%2Fb/c%20d"))
    );
    assert_eq!(v["query"], json!({"x": ["1", "2"], "y": "z"}));
    assert_eq!(v["ua"], "tester");
    // The platform's credentials never reach the function.
    assert_eq!(v["cookie"], "theme=dark");
    assert_eq!(v["auth"], Value::Null);
    assert!(
        !v["listed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k == "authorization")
    );

    let bytes: Vec<u8> = vec![0xff, 0x00, 0x10, 0x80, 0x7f];
    let r = t
        .http
        .post(format!("{base}/echo-bytes"))
        .body(bytes.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.bytes().await.unwrap().to_vec(),
        bytes,
        "binary body round trip"
    );

    let r = t
        .http
        .post(format!("{base}/json"))
        .json(&json!({"a": 1}))
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["body"], r#"{"a":1}"#);

    let r = t.http.delete(format!("{base}/plain")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"plain": true}));

    // The function's failure: 901 with the seed code; a public caller sees no logs.
    let r = t.http.get(format!("{base}/fail")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 901);
    let text = r.text().await.unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["errorCode"], "com.liveperson.faas.handler.custom-failure");
    assert!(!text.contains("secret detail"), "{text}");

    // Unknown functions and bodies over the limit.
    let r = t
        .http
        .get(format!("{}/fn/1000/nope/x", t.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let big = vec![b'a'; 2 << 20];
    let r = t
        .http
        .post(format!("{base}/json"))
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

async fn tokens_switches_and_rate_limits(b: Backend) {
    let t = TestServer::start_with(b, |c| c.function_rate_limit = 3).await;
    create(
        &t,
        "private_hook",
        json!({"enabled": true, "public": false}),
    )
    .await;
    let off = create(&t, "no_hook", json!({"enabled": false, "public": true})).await;
    let url = format!("{}/fn/1000/private_hook/plain", t.base);
    let r = t.http.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["errorCode"], "com.liveperson.faas.es.unauthorized");
    let app = t.app_token().await;
    let r = t.http.get(&url).bearer_auth(&app).send().await.unwrap();
    assert_eq!(r.status(), 200);
    // Another account's token is refused.
    let r = t
        .http
        .get(format!("{}/fn/2000/private_hook/plain", t.base))
        .bearer_auth(&app)
        .send()
        .await
        .unwrap();
    assert!(r.status() == 404 || r.status() == 403, "{}", r.status());
    // A disabled trigger is not there.
    let r = t
        .http
        .get(format!("{}/fn/1000/no_hook/plain", t.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // Turning it on applies without a redeploy.
    let cur = t.get(&format!("lambdas/{off}")).await;
    let version = cur.body[0]["version"].clone();
    let token = t.admin_token.clone();
    let r = t
        .call(
            reqwest::Method::PUT,
            &format!("lambdas/{off}"),
            Some(&token),
            Some(json!({"version": version, "httpTrigger": {"enabled": true, "public": true}})),
        )
        .await;
    assert!(r.status < 300, "{}", r.text);
    let mut status = 0;
    for _ in 0..50 {
        status = t
            .http
            .get(format!("{}/fn/1000/no_hook/plain", t.base))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(status, 200);
    // The function's rate limit (3/s) applies to public calls too.
    let mut limited = None;
    for _ in 0..10 {
        let r = t
            .http
            .get(format!("{}/fn/1000/no_hook/plain", t.base))
            .send()
            .await
            .unwrap();
        if r.status() == 429 {
            limited = Some(r);
            break;
        }
    }
    let r = limited.expect("the rate limit applies");
    assert!(r.headers().contains_key("retry-after"));
    let body = r.json::<Value>().await.unwrap();
    assert_eq!(body["errorCode"], "com.liveperson.faas.es.ratelimited");
    // The anonymous caller is told the function's name, never its internal id.
    let message = body["errorMsg"].as_str().unwrap();
    assert!(message.contains("`no_hook`"), "{message}");
    assert!(
        !message.contains(&t.get("lambdas").await.body[0]["uuid"].as_str().unwrap()[..8]),
        "{message}"
    );
}

on_both_backends!(
    requests_and_answers_map_both_ways,
    tokens_switches_and_rate_limits
);
