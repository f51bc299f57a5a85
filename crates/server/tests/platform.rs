//! Management lifecycle, stored logs and records, slow clients, store outages, graceful shutdown.

mod common;
use common::*;
use fnhost_store::Backend;
use reqwest::Method;
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

on_both_backends!(
    lifecycle_matches_what_lpf_expects,
    real_invocations_store_logs_and_records,
    slow_request_body_gets_408,
    deploy_to_first_invoke_is_fast,
    functions_per_account_limit,
);

async fn lifecycle_matches_what_lpf_expects(b: Backend) {
    let t = TestServer::start(b).await;
    let code = "function lambda(i, cb) { cb(null, 1); }";
    let r = t.post("lambdas", json!({"timestamp": 0, "uuid": "", "version": -1, "name": "fn1", "description": "first", "state": "Draft",
        "runtime": {"uuid": "x", "name": "Node.js 14"}, "implementation": {"code": code, "dependencies": [], "environmentVariables": []}})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let uuid = r.body["uuid"].as_str().unwrap().to_owned();
    let list = t.get("lambdas?userId=u&v=1&name=fn1").await;
    assert!(list.body.is_array());
    let l = list.body[0].clone();
    assert_eq!(
        (l["state"].as_str(), l["version"].as_i64()),
        (Some("Draft"), Some(1))
    );
    assert_eq!(l["implementation"]["environmentVariables"], json!([]));
    assert_eq!(l["lastDeployment"], json!({}));
    let one = t.get(&format!("lambdas/{uuid}")).await;
    assert_eq!(
        one.body.as_array().unwrap().len(),
        1,
        "GET one is a one-element array"
    );
    // Unchanged push -> 304; changed -> 2xx and a new version.
    let mut put = l.clone();
    put["timestamp"] = json!(0);
    let r = t
        .call(
            Method::PUT,
            &format!("lambdas/{uuid}"),
            Some(&t.admin_token.clone()),
            Some(put.clone()),
        )
        .await;
    assert_eq!(r.status, 304);
    put["implementation"]["code"] = json!("function lambda(i, cb) { cb(null, 2); }");
    let r = t
        .call(
            Method::PUT,
            &format!("lambdas/{uuid}"),
            Some(&t.admin_token.clone()),
            Some(put.clone()),
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.text);
    assert_eq!(r.body["version"], 2);
    // Name is immutable; invalid code is a contract-error and changes nothing.
    let mut renamed = put.clone();
    renamed["name"] = json!("other");
    renamed["version"] = json!(2);
    assert_eq!(
        t.call(
            Method::PUT,
            &format!("lambdas/{uuid}"),
            Some(&t.admin_token.clone()),
            Some(renamed)
        )
        .await
        .status,
        400
    );
    let mut broken = put.clone();
    broken["version"] = json!(2);
    broken["implementation"]["code"] = json!("function nope() {}");
    let r = t
        .call(
            Method::PUT,
            &format!("lambdas/{uuid}"),
            Some(&t.admin_token.clone()),
            Some(broken),
        )
        .await;
    assert_eq!(r.body["errorCode"], "com.liveperson.faas.fm.contract-error");
    assert_eq!(
        t.get(&format!("lambdas/{uuid}")).await.body[0]["version"],
        2
    );
    // Deploy: 202 without a uuid in the body, then Productive with deployedAt.
    let r = t
        .call(
            Method::POST,
            &format!("deployments/{uuid}"),
            Some(&t.admin_token.clone()),
            None,
        )
        .await;
    assert_eq!(r.status, 202);
    assert!(r.body.get("uuid").is_none());
    t.wait_productive(&uuid).await;
    let l = t.get(&format!("lambdas/{uuid}")).await.body[0].clone();
    assert!(l["lastDeployment"]["deployedAt"].is_string());
    assert_eq!(l["lastDeployment"]["deploymentState"], "Deploy Finish");
    // Deployed functions cannot be deleted; undeploy returns to Draft; then delete works.
    assert_eq!(t.delete(&format!("lambdas/{uuid}")).await.status, 409);
    assert_eq!(t.delete(&format!("deployments/{uuid}")).await.status, 202);
    let mut state = String::new();
    for _ in 0..100 {
        state = t.get(&format!("lambdas/{uuid}")).await.body[0]["state"]
            .as_str()
            .unwrap()
            .to_owned();
        if state == "Draft" {
            break;
        }
        assert_eq!(
            state, "Marked Undeployed",
            "the only state between Productive and Draft"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(state, "Draft");
    assert_eq!(t.delete(&format!("lambdas/{uuid}")).await.status, 200);
    assert_eq!(t.get("lambdas").await.body, json!([]));
    // Runtimes and events are arrays; service discovery lists the four services.
    assert!(t.get("runtimes").await.body[0]["name"].is_string());
    assert!(t.get("events").await.body.as_array().unwrap().len() >= 10);
    let csds = t
        .call(Method::GET, "service/baseURI.json?version=1.0", None, None)
        .await;
    let services: Vec<_> = csds.body["baseURIs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service"].as_str().unwrap().to_owned())
        .collect();
    for s in ["faasGW", "faasUI", "sentinel", "agentVep"] {
        assert!(services.contains(&s.to_owned()));
    }
    let api = t.get("/openapi.json").await;
    assert_eq!(api.status, 200);
    assert!(api.body["paths"]["/api/account/{acc}/lambdas/{uuid}"]["put"].is_object());
    assert!(api.body["paths"]["/api/account/{acc}/lambdas/{uuid}/invoke"]["post"].is_object());
    assert_eq!(t.get("/healthz").await.status, 200);
    assert_eq!(t.get("/readyz").await.status, 200);
}

async fn real_invocations_store_logs_and_records(b: Backend) {
    let t = TestServer::start(b).await;
    let uuid = t.deploy("logger", "function lambda(i, cb) { console.debug('hidden'); console.info('hello; \"world\"', {n: 1}); console.error('bad'); cb(null, 'ok'); }").await;
    let app = t.app_token().await;
    let start = fnhost_server::now_ms() - 1000;
    for _ in 0..3 {
        assert_eq!(t.invoke(&uuid, &app, json!({})).await.status, 200);
    }
    // A test invocation by a user stores nothing.
    let admin = t.admin_token.clone();
    assert_eq!(t.invoke(&uuid, &admin, json!({})).await.status, 200);
    let mut csv = String::new();
    for _ in 0..50 {
        let r = t
            .get(&format!(
                "logs/export?userId=u&v=1&lambdaUUID={uuid}&startTimestamp={start}"
            ))
            .await;
        csv = r.text;
        if csv.lines().count() == 7 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "lambdaUUID;requestID;timestamp;level;message;extras"
    );
    assert_eq!(
        lines.len(),
        7,
        "3 invocations x (Info + Error), no Debug, no test invoke:\n{csv}"
    );
    assert!(
        lines[1].contains(";Info;\"hello; \"\"world\"\"\";\"[{\"\"n\"\":1}]\""),
        "{}",
        lines[1]
    );
    let r = t
        .get(&format!(
            "logs/export?lambdaUUID={uuid}&startTimestamp={start}&filterLevels=Error"
        ))
        .await;
    assert_eq!(r.text.lines().count(), 4);
    let r = t
        .get(&format!(
            "logs/export?lambdaUUID={uuid}&startTimestamp={}",
            start - 8 * 86_400_000
        ))
        .await;
    assert!(r.status == 400 && r.body["errorMsg"].as_str().unwrap().contains("7 days"));
    let counts = t.get("reports/invocationCounts").await;
    assert_eq!(counts.body["successfulInvocations"], 3);
    let h = t.get(&format!("reports/invocations/{uuid}?startTimestamp={start}&endTimestamp={}&bucketSize=300&invocationStates=SUCCEEDED", fnhost_server::now_ms())).await;
    let total: i64 = h.body["invocationStatistics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["SUCCEEDED"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 3);
    let m = t.metrics_json().await;
    assert_eq!(m.body["records"]["dropped"], 0);
}

async fn slow_request_body_gets_408(b: Backend) {
    let t = TestServer::start_with(b, |c| c.read_timeout_ms = 300).await;
    let uuid = t
        .deploy("echo", "function lambda(i, cb) { cb(null, 1); }")
        .await;
    let addr = t.server.as_ref().unwrap().addr;
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/account/1000/lambdas/{uuid}/invoke HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{{\"payload\":",
        t.admin_token
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
        .await
        .expect("server answers")
        .unwrap();
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("com.liveperson.faas.es.requesttimeout"));
}

async fn deploy_to_first_invoke_is_fast(b: Backend) {
    let t = TestServer::start(b).await;
    let app = t.app_token().await;
    let r = t.post("lambdas", json!({"name": "quick", "implementation": {"code": "function lambda(i, cb) { cb(null, 'ready'); }"}})).await;
    let uuid = r.body["uuid"].as_str().unwrap().to_owned();
    let started = std::time::Instant::now();
    t.call(
        Method::POST,
        &format!("deployments/{uuid}"),
        Some(&t.admin_token.clone()),
        None,
    )
    .await;
    loop {
        let r = t.invoke(&uuid, &app, json!({})).await;
        if r.status == 200 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "{}", r.text);
    }
    // Recorded for information; the target (<= 50 ms) is measured by the benchmark, not asserted here.
    eprintln!("deploy -> first successful invoke: {:?}", started.elapsed());
}

async fn functions_per_account_limit(b: Backend) {
    let t = TestServer::start_with(b, |c| c.max_functions_per_account = 2).await;
    for n in ["a", "b"] {
        assert_eq!(t.post("lambdas", json!({"name": n, "implementation": {"code": "function lambda(i, cb) { cb(null, 1); }"}})).await.status, 201);
    }
    let r = t.post("lambdas", json!({"name": "c", "implementation": {"code": "function lambda(i, cb) { cb(null, 1); }"}})).await;
    assert_eq!(r.status, 409);
    assert!(
        r.body["errorMsg"].as_str().unwrap().contains("limit is 2"),
        "{}",
        r.text
    );
}

/// A TCP forwarder we can cut, standing between the server and PostgreSQL.
struct CuttableProxy {
    addr: std::net::SocketAddr,
    stop: tokio::sync::watch::Sender<bool>,
}

impl CuttableProxy {
    async fn start(target: &str) -> CuttableProxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, rx) = tokio::sync::watch::channel(false);
        let target = target.to_owned();
        tokio::spawn(async move {
            loop {
                let mut rx2 = rx.clone();
                tokio::select! {
                    Ok((mut inbound, _)) = listener.accept() => {
                        let target = target.clone();
                        let mut rx3 = rx.clone();
                        tokio::spawn(async move {
                            if let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await {
                                tokio::select! {
                                    _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                                    _ = rx3.changed() => {}
                                }
                            }
                        });
                    }
                    _ = rx2.changed() => break,
                }
            }
        });
        CuttableProxy { addr, stop }
    }
    fn cut(&self) {
        let _ = self.stop.send(true);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn store_outage_answers_unavailable_and_deployed_functions_keep_serving() {
    let db = fnhost_store::testing::TestDb::new(Backend::Postgres).await;
    let proxy = CuttableProxy::start("127.0.0.1:5432").await;
    let name = db.url.rsplit('/').next().unwrap().to_owned();
    let proxied = format!("postgres://postgres@{}/{name}", proxy.addr);
    let t = TestServer::start_on(db, |c| c.database_url = Some(proxied)).await;
    let uuid = t
        .deploy("echo", "function lambda(i, cb) { cb(null, 'still here'); }")
        .await;
    let app = t.app_token().await;
    proxy.cut();
    tokio::time::sleep(Duration::from_millis(100)).await;
    // The hot path never touches the store: deployed functions keep answering.
    let r = t.invoke(&uuid, &app, json!({})).await;
    assert_eq!((r.status, r.body.as_str()), (200, Some("still here")));
    // A registry miss needs the store: es.unavailable, 502 or 504.
    let r = t
        .invoke("00000000-0000-0000-0000-000000000000", &app, json!({}))
        .await;
    assert!(
        r.status == 502 || r.status == 504,
        "{} {}",
        r.status,
        r.text
    );
    assert_eq!(r.body["errorCode"], "com.liveperson.faas.es.unavailable");
    // Management needs the store: fm.unavailable.
    let r = t.get("lambdas").await;
    assert!(
        r.status == 502 || r.status == 504,
        "{} {}",
        r.status,
        r.text
    );
    assert_eq!(r.body["errorCode"], "com.liveperson.faas.fm.unavailable");
    assert!(
        !r.text.contains("5432") && !r.text.contains("postgres"),
        "no internals leak: {}",
        r.text
    );
    let r = t.get("/readyz").await;
    assert!(r.status >= 500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_drains_in_flight_invocations() {
    let mut t = TestServer::start(Backend::Sqlite).await;
    let uuid = t
        .deploy(
            "slow",
            "function lambda(i, cb) { setTimeout(() => cb(null, 'finished'), 500); }",
        )
        .await;
    let app = t.app_token().await;
    let url = t.url(&format!("lambdas/{uuid}/invoke"));
    let http = t.http.clone();
    let in_flight = tokio::spawn(async move {
        http.post(url)
            .bearer_auth(app)
            .json(&json!({}))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let server = t.server.take().unwrap();
    let addr = server.addr;
    server.shutdown().await;
    assert_eq!(in_flight.await.unwrap(), "\"finished\"");
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "no longer accepting"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedules_run_once_per_occurrence_and_are_deleted_on_undeploy() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let t = TestServer::start_with(backend, |c| c.schedule_poll_ms = 3_600_000).await;
        let uuid = t.deploy("tick", "function lambda(i, cb) { console.info('tick', i.headers[0].key); cb(null, 'tock'); }").await;
        let r = t.post("schedules", json!({"timestamp": 0, "lambdaUUID": uuid, "cronExpression": "*/5 * * * *", "isActive": true, "uuid": ""})).await;
        assert_eq!(r.status, 201, "{}", r.text);
        assert!(r.body["nextExecution"].is_string());
        let bad = t
            .post(
                "schedules",
                json!({"lambdaUUID": uuid, "cronExpression": "every minute"}),
            )
            .await;
        assert_eq!(bad.status, 400);
        let st = &t.server.as_ref().unwrap().state;
        let s = st.store.list_schedules("1000").await.unwrap().remove(0);
        let now = fnhost_server::now_ms();
        // Make it due now, then run the scheduler twice: the occurrence runs once.
        assert!(
            st.store
                .claim_schedule(&s.uuid, s.next_run.unwrap(), Some(now - 1), now)
                .await
                .unwrap()
        );
        assert_eq!(fnhost_server::scheduler::run_due(st).await.unwrap(), 1);
        assert_eq!(fnhost_server::scheduler::run_due(st).await.unwrap(), 0);
        let listed = t.get("schedules").await;
        assert!(listed.body[0]["lastExecution"].is_string());
        assert_eq!(listed.body[0]["didLastExecutionFail"], false);
        let mut found = false;
        for _ in 0..50 {
            let csv = t
                .get(&format!(
                    "logs/export?lambdaUUID={uuid}&startTimestamp={}",
                    now - 1000
                ))
                .await
                .text;
            if csv.contains(";Info;tick;") && csv.contains("X-Fnhost-Schedule") {
                found = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(found, "the scheduled run stored its logs");
        assert_eq!(t.delete(&format!("deployments/{uuid}")).await.status, 202);
        assert_eq!(
            t.get("schedules").await.body,
            json!([]),
            "undeploy deletes the schedule"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_share_postgres_tokens_and_deployments() {
    let db = fnhost_store::testing::TestDb::new(Backend::Postgres).await;
    let url = db.url.clone();
    let a = TestServer::start_on(db, |c| c.sync_interval_ms = 60_000).await;
    let dir = std::env::temp_dir().join(format!("fnhost-node-b-{}", uuid::Uuid::new_v4().simple()));
    let mut config = fnhost_server::ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.clone(),
        database_url: Some(url),
        sync_interval_ms: 60_000,
        ..fnhost_server::ServerConfig::default()
    };
    config.master_key = Some(std::fs::read_to_string(a._dir.0.join("master.key")).unwrap());
    let b = fnhost_server::Server::start(config).await.unwrap();
    let b_base = format!("http://{}", b.addr);
    let app = a.app_token().await;
    let uuid = a
        .deploy(
            "shared",
            "function lambda(i, cb) { cb(null, 'from any node'); }",
        )
        .await;
    // Node B has not synced (60 s interval): it installs the function on its first miss.
    let r = a
        .http
        .post(format!("{b_base}/api/account/1000/lambdas/{uuid}/invoke"))
        .bearer_auth(&app)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        200,
        "a token issued by node A is valid on node B"
    );
    assert_eq!(r.text().await.unwrap(), "\"from any node\"");
    b.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_https_with_the_given_certificate() {
    let dir = std::env::temp_dir().join(format!("fnhost-tls-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let cert =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    std::fs::write(dir.join("cert.pem"), cert.cert.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), cert.signing_key.serialize_pem()).unwrap();
    let db = fnhost_store::testing::TestDb::new(Backend::Sqlite).await;
    let config = fnhost_server::ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.join("data"),
        database_url: Some(db.url.clone()),
        tls_cert: Some(dir.join("cert.pem")),
        tls_key: Some(dir.join("key.pem")),
        ..fnhost_server::ServerConfig::default()
    };
    let server = fnhost_server::Server::start(config).await.unwrap();
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).unwrap())
        .build()
        .unwrap();
    let r = client
        .get(format!("https://localhost:{}/healthz", server.addr.port()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Plain HTTP to the TLS port gets no answer.
    assert!(
        reqwest::get(format!("http://127.0.0.1:{}/healthz", server.addr.port()))
            .await
            .is_err()
    );
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_function_limits_lower_the_platform_limits() {
    let t = TestServer::start(Backend::Sqlite).await;
    let r = t.post("lambdas", json!({"name": "quick", "limits": {"timeoutMs": 200}, "implementation": {"code": "function lambda(i, cb) { }"}})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["limits"], json!({"timeoutMs": 200}));
    let uuid = r.body["uuid"].as_str().unwrap().to_owned();
    t.deploy_uuid(&uuid).await;
    let app = t.app_token().await;
    let started = std::time::Instant::now();
    let r = t.invoke(&uuid, &app, json!({})).await;
    assert_eq!(
        r.body["errorCode"],
        "com.liveperson.faas.handler.executiontime-exceeded"
    );
    assert!(
        r.body["errorMsg"]
            .as_str()
            .unwrap()
            .contains("exceeded 200 ms"),
        "{}",
        r.text
    );
    assert!(started.elapsed() < Duration::from_millis(900));
    // Above the platform limit (1000 ms in these tests) or unknown keys: 400 naming the field.
    let r = t.post("lambdas", json!({"name": "slowish", "limits": {"timeoutMs": 5000}, "implementation": {"code": "function lambda(i, cb) { cb(null, 1); }"}})).await;
    assert_eq!(r.status, 400);
    assert!(
        r.body["errorMsg"]
            .as_str()
            .unwrap()
            .contains("limits.timeoutMs"),
        "{}",
        r.text
    );
    let r = t.post("lambdas", json!({"name": "weird", "limits": {"cpu": 2}, "implementation": {"code": "function lambda(i, cb) { cb(null, 1); }"}})).await;
    assert_eq!(r.status, 400, "{}", r.text);
}

/// A one-shot local HTTP server answering `body` to every request.
async fn local_http(body: &'static str) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let _ = s.read(&mut buf).await;
                let res = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = s.write_all(res.as_bytes()).await;
            });
        }
    });
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn function_egress_needs_the_allowlist_and_a_public_address() {
    let upstream = local_http(r#"{"upstream":true}"#).await;
    let code = "const { Toolbelt } = require('lp-faas-toolbelt'); const http = Toolbelt.HTTPClient();\n\
         async function lambda(i, cb) { const r = await http({ uri: i.payload.url, json: true, resolveWithFullResponse: true, simple: false }); cb(null, { status: r.statusCode, body: r.body }); }";
    let listed = json!({"payload": {"url": format!("http://localhost:{}/x", upstream.port())}});
    let unlisted = json!({"payload": {"url": format!("http://127.0.0.1:{}/x", upstream.port())}});

    // Default: even an allowlisted name is refused when it resolves to a private address.
    let t = TestServer::start(Backend::Sqlite).await;
    let st = &t.server.as_ref().unwrap().state;
    st.store
        .add_domain("1000", "localhost", fnhost_server::now_ms())
        .await
        .unwrap();
    let uuid = t.deploy("egress", code).await;
    let app = t.app_token().await;
    assert_eq!(
        t.invoke(&uuid, &app, unlisted.clone()).await.body["status"],
        403,
        "not on the allowlist"
    );
    let r = t.invoke(&uuid, &app, listed.clone()).await;
    assert_eq!(
        r.body["errorCode"], "com.liveperson.faas.handler.runtime-exception",
        "{}",
        r.text
    );
    assert!(r.text.contains("public address"), "{}", r.text);

    // With private egress allowed, the allowlisted name goes through; others still do not.
    let t2 = TestServer::start_with(Backend::Sqlite, |c| c.egress_allow_private = true).await;
    let st2 = &t2.server.as_ref().unwrap().state;
    st2.store
        .add_domain("1000", "localhost", fnhost_server::now_ms())
        .await
        .unwrap();
    let uuid2 = t2.deploy("egress", code).await;
    let app2 = t2.app_token().await;
    let r = t2.invoke(&uuid2, &app2, listed).await;
    assert_eq!(
        r.body,
        json!({"status": 200, "body": {"upstream": true}}),
        "{}",
        r.text
    );
    assert_eq!(t2.invoke(&uuid2, &app2, unlisted).await.body["status"], 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn context_store_is_shared_through_the_database() {
    let t = TestServer::start(Backend::Postgres).await;
    let writer = "const { Toolbelt } = require('lp-faas-toolbelt');\n\
        async function lambda(i, cb) { const c = Toolbelt.ContextServiceClient({ apiKey: 'k', accountId: process.env.BRAND_ID });\n\
        await c.createNamespace('carts', { ttl: 3600 }); await c.setPropertiesInNamespace('carts', { items: i.payload.items }, i.payload.session);\n\
        cb(null, await c.getListOfSessions('carts')); }";
    let reader = "const { Toolbelt } = require('lp-faas-toolbelt');\n\
        async function lambda(i, cb) { const c = Toolbelt.ContextServiceClient({ apiKey: 'k', accountId: process.env.BRAND_ID });\n\
        let missing; try { await c.getAllPropertiesInSession('nope', 'x'); } catch (e) { missing = e.code; }\n\
        cb(null, { items: await c.getPropertyInSession('carts', 'items', i.payload.session), missing }); }";
    let w = t.deploy("writer", writer).await;
    let r = t.deploy("reader", reader).await;
    let app = t.app_token().await;
    let out = t
        .invoke(
            &w,
            &app,
            json!({"payload": {"items": [1, 2], "session": "s-1"}}),
        )
        .await;
    assert_eq!(out.body, json!(["s-1"]), "{}", out.text);
    let out = t
        .invoke(&r, &app, json!({"payload": {"session": "s-1"}}))
        .await;
    assert_eq!(
        out.body,
        json!({"items": [1, 2], "missing": "com.fnhost.context.namespace-not-found"}),
        "{}",
        out.text
    );
}
