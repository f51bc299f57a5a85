//! Mutual TLS and the operator's CA through the real egress: a test PKI made with rcgen at run
//! time, a rustls HTTPS target that requires a client certificate signed by the test CA, and
//! functions that reach it with `Toolbelt.MTLSClient` (right, wrong and missing certificates,
//! `ca` and `allowSelfSigned`) or with plain `HTTPClient` under `--egress-ca-file`.

mod common;
mod egress_support;
use egress_support::*;
use serde_json::{Value, json};
use sha2::Digest;

/// The MTLSClient calls every scenario makes: `p.calls` is a list of {cert, key, ca?, options}.
const MTLS_CALLS: &str = r#"const out = [];
    for (const c of p.calls) {
      try {
        const client = Toolbelt.MTLSClient({ cert: c.cert, key: c.key, ca: c.ca });
        const r = await client.get(p.url, { accept: 'application/json' }, undefined, Object.assign({ json: true }, c.options));
        out.push({ status: r.statusCode, body: r.body });
      } catch (e) { out.push({ error: e.message }); }
    }
    return out;"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mtls_client_presents_its_certificate() {
    let pki = Pki::generate();
    let (addr, seen) = tls_target(&pki, true).await;
    let s = Scenario::start(|_| {}).await;
    let right = json!({ "cert": pki.client_cert_pem, "key": pki.client_key_pem });
    let with_ca =
        json!({ "cert": pki.client_cert_pem, "key": pki.client_key_pem, "ca": pki.ca_pem });
    let wrong = json!({ "cert": pki.other_cert_pem, "key": pki.other_key_pem, "ca": pki.ca_pem });
    let mismatched =
        json!({ "cert": pki.client_cert_pem, "key": pki.other_key_pem, "ca": pki.ca_pem });
    let self_signed = json!({ "cert": pki.client_cert_pem, "key": pki.client_key_pem, "options": { "allowSelfSigned": true } });
    let r = s
        .run(
            MTLS_CALLS,
            json!({
                "url": format!("https://localhost:{}/", addr.port()),
                "calls": [with_ca, self_signed, right, wrong, mismatched],
            }),
        )
        .await;
    let out = r["ok"].as_array().unwrap_or_else(|| panic!("{r}"));
    let expected_cert = hex(&sha2::Sha256::digest(&pki.client_cert_der));
    // With the CA (or allowSelfSigned) the server sees the function's client certificate.
    for i in [0, 1] {
        assert_eq!(
            out[i],
            json!({"status": 200, "body": {"clientCert": expected_cert}}),
            "call {i}: {r}"
        );
    }
    // Without the CA the server's certificate is not trusted (no --egress-ca-file here).
    let err = |v: &Value| v["error"].as_str().unwrap_or_default().to_owned();
    assert!(err(&out[2]).contains("MTLSClient: GET"), "{r}");
    assert!(
        err(&out[2]).to_ascii_lowercase().contains("certificate"),
        "{r}"
    );
    // A certificate from another CA is refused by the server (below, it never saw it accepted).
    // In TLS 1.3 the client finishes its handshake before the server judges its certificate, so
    // the refusal reaches it as the server's alert or, when the request went out first, as the
    // connection closed under it.
    let refused = err(&out[3]);
    assert!(refused.contains("MTLSClient: GET"), "{r}");
    assert!(
        refused.contains("UnknownCA") || refused.contains("connection was not ready"),
        "{r}"
    );
    // A key that does not match the certificate is a clear error before any connection.
    assert!(
        err(&out[4]).contains("do not form a usable identity"),
        "{r}"
    );
    let seen = seen.lock().unwrap().clone();
    let accepted: Vec<_> = seen.iter().filter_map(|s| s.clone().ok()).collect();
    assert_eq!(
        accepted,
        vec![Some(expected_cert.clone()), Some(expected_cert)],
        "{seen:?}"
    );
    assert!(
        seen.iter().any(|s| s.is_err()),
        "the wrong certificate was refused: {seen:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mtls_client_refuses_malformed_pem_and_off_list_hosts() {
    let pki = Pki::generate();
    let (addr, _) = tls_target(&pki, true).await;
    let s = Scenario::start(|_| {}).await;
    let r = s
        .run(
            r#"const errors = [];
            for (const cfg of [{ cert: 'not pem', key: p.key }, { cert: p.cert, key: 'not pem' }, { cert: p.cert, key: p.key, ca: 'nope' }]) {
              try { Toolbelt.MTLSClient(cfg); errors.push('constructed'); } catch (e) { errors.push(e.message); }
            }
            const client = Toolbelt.MTLSClient({ cert: Buffer.from(p.cert), key: Buffer.from(p.key), ca: p.ca });
            const refused = await client.get(p.private);
            const head = await client.head(p.url);
            return { errors, refused: [refused.statusCode, refused.body], head: [head.statusCode, 'body' in head] };"#,
            json!({
                "cert": pki.client_cert_pem, "key": pki.client_key_pem, "ca": pki.ca_pem,
                "url": format!("https://localhost:{}/", addr.port()),
                "private": format!("https://127.0.0.1:{}/", addr.port()),
            }),
        )
        .await;
    assert_eq!(
        r["ok"],
        json!({
            "errors": [
                "MTLSClient: `cert` is not a PEM certificate (-----BEGIN CERTIFICATE-----)",
                "MTLSClient: `key` is not a PEM private key (-----BEGIN PRIVATE KEY-----)",
                "MTLSClient: `ca` is not a PEM certificate (-----BEGIN CERTIFICATE-----)",
            ],
            "refused": [403, "You do not have access to the page or resource you are trying to reach\n"],
            "head": [200, false],
        }),
        "{r}"
    );
}

/// A plain HTTPClient call to an HTTPS target signed by the test CA.
const PLAIN_HTTPS: &str = r#"const http = Toolbelt.HTTPClient();
    return await http({ uri: p.url, json: true });"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn egress_ca_file_is_trusted_by_every_client() {
    let pki = Pki::generate();
    let (addr, _) = tls_target(&pki, false).await;
    let url = json!({ "url": format!("https://localhost:{}/", addr.port()) });

    // Without the flag the test CA is unknown: a TLS error.
    let s = Scenario::start(|_| {}).await;
    let r = s.run(PLAIN_HTTPS, url.clone()).await;
    assert_eq!(r["error"]["name"], "RequestError", "{r}");
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("certificate"),
        "{r}"
    );

    // With it, the same call succeeds.
    let dir = std::env::temp_dir().join(format!("fnhost-ca-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, &pki.ca_pem).unwrap();
    let trusted = Scenario::start(|c| c.egress_ca_file = Some(ca_file.clone())).await;
    let r = trusted.run(PLAIN_HTTPS, url).await;
    assert_eq!(r["ok"], json!({"clientCert": null}), "{r}");

    // And a file without a certificate stops the server from starting, naming the file.
    let bad = dir.join("bad.pem");
    std::fs::write(&bad, "not a certificate").unwrap();
    let db = fnhost_store::testing::TestDb::new(fnhost_store::Backend::Sqlite).await;
    let config = fnhost_server::ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.join("data"),
        database_url: Some(db.url.clone()),
        bootstrap_password: Some("pw-pw-pw-pw".into()),
        egress_ca_file: Some(bad.clone()),
        ..fnhost_server::ServerConfig::default()
    };
    let err = match fnhost_server::Server::start(config).await {
        Ok(_) => panic!("a CA file without certificates must be refused"),
        Err(e) => e.to_string(),
    };
    assert!(
        err.contains("bad.pem") && err.contains("no PEM certificate"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
