//! Every function template (lpf-spec §1.6, `GET /templates`) created, deployed and invoked with
//! its event's sample input on a real server, against a fake LivePerson cloud served by the test
//! (`fake_lp`): the Conversational Cloud templates read the conversation through `LpClient`
//! (service directory + OAuth 1.0a), replace files on Swift, query Salesforce through jsforce.
//! Private egress is allowed only here, for the local fake cloud.

mod common;
mod egress_support;
mod fake_lp;
use common::*;
use fake_lp::FakeCloud;
use fnhost_server::api::templates::{TEMPLATES, sample_payload};
use fnhost_store::Backend;
use serde_json::{Value, json};

fn temp_dir(name: &str) -> TempDir {
    let d = std::env::temp_dir().join(format!("fnhost-{name}-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&d).unwrap();
    TempDir(d)
}

async fn start(cloud: &FakeCloud, dir: &std::path::Path) -> TestServer {
    let ca = dir.join("fake-cloud-ca.pem");
    std::fs::write(&ca, &cloud.ca_pem).unwrap();
    let csds = cloud.csds_url.clone();
    let t = TestServer::start_with(Backend::Sqlite, move |c| {
        c.egress_allow_private = true;
        c.csds_url = csds;
        c.egress_ca_file = Some(ca);
    })
    .await;
    let st = &t.server.as_ref().unwrap().state;
    st.store
        .add_domain("1000", "localhost", fnhost_server::now_ms())
        .await
        .unwrap();
    for (key, value) in [
        ("lp-faas-default-app-key", fake_lp::app_key_secret()),
        (
            "swift-credentials",
            json!({"username": fake_lp::SWIFT_USER, "password": fake_lp::SWIFT_KEY}).to_string(),
        ),
        (
            "salesforce-connection",
            json!({"instanceUrl": cloud.https_url, "accessToken": fake_lp::SF_TOKEN}).to_string(),
        ),
        ("my-secret", "41".to_owned()),
    ] {
        let r = t.post("secrets", json!({"key": key, "value": value})).await;
        assert_eq!(r.status, 201, "secret {key}: {}", r.text);
    }
    t
}

/// Environment variables a template reads, pointed at the fake cloud.
fn env_for(id: &str, cloud: &FakeCloud) -> Vec<Value> {
    let kv = |k: &str, v: &str| json!({"key": k, "value": v});
    match id {
        "http" => vec![kv("TARGET_URL", &format!("{}/status", cloud.https_url))],
        "keyword-scanner" => vec![kv("KEYWORDS", "cancel, refund")],
        "conversation-idle" => vec![kv("IDLE_SKILL_ID", "42")],
        "chat-post-survey" => vec![kv("LEAD_EMAIL", "lead@example.com")],
        _ => vec![],
    }
}

/// What each template must answer with its sample input.
fn check(id: &str, result: &Value, cloud: &FakeCloud) {
    let text0 = || result[0]["text"].as_str().unwrap_or_default().to_owned();
    match id {
        "greeting" => assert_eq!(result, &json!("Hello World")),
        "http" => assert_eq!(
            result,
            &json!({"status": 200, "body": {"ok": true, "from": "fake cloud"}})
        ),
        "logging" => assert_eq!(result, &json!({"logged": true})),
        "salesforce" => {
            assert_eq!(
                result,
                &json!({"totalSize": 2, "records": [{"id": "001A", "name": "Acme"}, {"id": "001B", "name": "Globex"}]})
            );
            let seen = cloud.seen.lock().unwrap();
            assert_eq!(
                seen.soql,
                vec!["SELECT Id, Name FROM Account LIMIT 5".to_owned()]
            );
        }
        "secret-storage" => assert_eq!(result, &json!({"before": 41, "after": 42})),
        "conversation-end" => assert_eq!(result, &json!([])),
        "keyword-scanner" => {
            assert_eq!(result["conversationId"], fake_lp::CONVERSATION);
            let tags: Vec<(&str, &str)> = result["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| (h["tag"].as_str().unwrap(), h["message"].as_str().unwrap()))
                .collect();
            assert_eq!(
                tags,
                vec![
                    ("keywordRef:cancel", "Hi, I want to cancel my subscription"),
                    ("keywordRef:refund", "my receipt for the refund"),
                    ("keywordRef:refund", "It is too expensive; I want a refund"),
                ]
            );
        }
        "replace-files" => {
            assert_eq!(result["replaced"], json!(fake_lp::FILES));
            let seen = cloud.seen.lock().unwrap();
            for path in fake_lp::FILES {
                let (ctype, bytes) = seen.files.get(path).expect("file replaced on Swift");
                assert_eq!(ctype, "image/png");
                assert_eq!(
                    &bytes[..8],
                    b"\x89PNG\r\n\x1a\n",
                    "binary body sent byte for byte"
                );
                assert_eq!(bytes.len(), 67);
            }
        }
        "conversation-idle" => {
            assert_eq!(result[1], json!({"type": "transfer", "skillId": "42"}));
            assert_eq!(result[0]["type"], "systemMessage");
        }
        "conversation-routing" => assert!(text0().contains("skill 10 → 20"), "{result}"),
        "line-in-off-hours" | "consumer-step-up" | "participants-change" => {
            assert_eq!(result.as_array().unwrap().len(), 1, "{result}");
            assert_eq!(result[0]["type"], "systemMessage");
        }
        "new-conversation" => assert_eq!(text0(), "Welcome! An agent will be with you shortly."),
        "ttr" => assert_eq!(text0(), "Your conversation is now marked urgent."),
        "survey-started" | "survey-ended" => assert_eq!(result, &json!("ok")),
        "chat-post-survey" => {
            assert_eq!(result[0]["targetEmail"], "lead@example.com");
            assert_eq!(result[0]["subject"], "Low rating (2/5) for Alex in Billing");
        }
        "conversational-command" => assert_eq!(
            result,
            &json!(format!(
                "Conversation {}: received 2 argument(s): refund 42",
                fake_lp::CONVERSATION
            ))
        ),
        "third-party-bots" => {
            assert_eq!(
                result,
                &json!({"messages": ["You said: hello bot"], "context": {"turns": 1}})
            )
        }
        other => panic!("template {other} has no expectation in this test"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_template_runs_against_the_fake_cloud() {
    let cloud = FakeCloud::start().await;
    let dir = temp_dir("templates");
    let t = start(&cloud, &dir.0).await;
    let app = t.app_token().await;

    // The API lists every template, each with code and a sample payload; filtered by event.
    let listed = t.get("templates").await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    assert_eq!(listed.body.as_array().unwrap().len(), TEMPLATES.len());
    let end = t
        .get("templates?eventId=controllerbot_messaging_conversation_end")
        .await;
    let names: Vec<&str> = end
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Messaging Conversation End",
            "Keyword Scanner",
            "Replace Files for Conversation"
        ]
    );
    let none = t.get("templates?eventId=No%20Event").await;
    assert_eq!(none.body.as_array().unwrap().len(), 5);

    for tpl in TEMPLATES {
        let name = format!("tpl_{}", tpl.id.replace('-', "_"));
        let r = t
            .post(
                "lambdas",
                json!({"name": name, "description": tpl.name, "eventId": tpl.event_id,
                       "implementation": {"code": tpl.code, "environmentVariables": env_for(tpl.id, &cloud)}}),
            )
            .await;
        assert_eq!(r.status, 201, "create {}: {}", tpl.id, r.text);
        let uuid = r.body["uuid"].as_str().unwrap().to_owned();
        t.deploy_uuid(&uuid).await;
        let input = json!({"timestamp": 1_700_000_000_000i64, "headers": [], "payload": sample_payload(tpl.event_id)});
        let res = t.invoke(&uuid, &app, input).await;
        assert_eq!(res.status, 200, "template {} failed: {}", tpl.id, res.text);
        check(tpl.id, &res.body, &cloud);
    }
    let seen = cloud.seen.lock().unwrap();
    assert!(!seen.oauth.is_empty());
    assert!(
        seen.oauth.iter().all(|(_, ok)| *ok),
        "every LpClient request carries a valid OAuth 1.0a signature: {:?}",
        seen.oauth
    );
}

const LP_COMPONENTS: &str = r#"
const { Toolbelt, LpServices, SDETypes } = require('lp-faas-toolbelt');
async function lambda(input, callback) {
  const out = {};
  const attempt = async (name, f) => { try { out[name] = await f(); } catch (e) { out[name] = { error: e.message, code: e.code || null }; } };
  const sde = Toolbelt.SDEUtil();
  const conv = Toolbelt.ConversationUtil();
  const lp = Toolbelt.LpClient();
  await attempt('addSDEs', () => sde.addSDEs([{ type: SDETypes.CUSTOMER_INFO, info: { customerId: 'c-9' } }], 'visitor-1', 'session-1').then(() => 'done'));
  await attempt('fromConversation', async () => sde.getSDEsFromConv(await conv.getConversationById(input.payload.conversationId)).sdes.events.map((e) => e.sdeType));
  await attempt('unknownConversation', () => conv.getConversationById('nope'));
  await attempt('noConversationId', () => conv.getConversationById());
  await attempt('unknownService', () => lp('noSuchService', '/x', {}));
  await attempt('missingSecret', () => lp(LpServices.MSG_HIST, '/messaging_history/x', { appKeySecretName: 'no-such-secret' }));
  await attempt('badSecret', () => lp(LpServices.MSG_HIST, '/messaging_history/x', { appKeySecretName: 'my-secret' }));
  await attempt('wrongCredentials', () => lp(LpServices.MSG_HIST, `/messaging_history/api/account/${process.env.BRAND_ID}/conversations/conversation/search?v=2`,
    { appKeySecretName: 'wrong-app-key', method: 'POST', body: { conversationId: 'x' }, json: true }).catch((e) => { throw Object.assign(new Error('status ' + e.statusCode), { code: null }); }));
  callback(null, out);
}
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lp_components_sign_requests_and_fail_clearly() {
    let cloud = FakeCloud::start().await;
    let dir = temp_dir("lp-components");
    let t = start(&cloud, &dir.0).await;
    let wrong = json!({"consumerKey": fake_lp::CONSUMER_KEY, "consumerSecret": "not-the-secret", "token": fake_lp::TOKEN, "tokenSecret": fake_lp::TOKEN_SECRET});
    let r = t
        .post(
            "secrets",
            json!({"key": "wrong-app-key", "value": wrong.to_string()}),
        )
        .await;
    assert_eq!(r.status, 201);
    // The system app key secrets take only the shape the toolbelt reads; nothing is stored else.
    let r = t
        .post(
            "secrets",
            json!({"key": "lp-faas-orchestrator-app-key", "value": "{\"consumerKey\": \"k\"}"}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(
        r.text
            .contains("missing: consumerSecret, token, tokenSecret"),
        "{}",
        r.text
    );
    let keys = t.get("secrets").await;
    assert!(
        !keys.text.contains("lp-faas-orchestrator-app-key"),
        "{}",
        keys.text
    );
    let app = t.app_token().await;
    let uuid = t.deploy("lp_components", LP_COMPONENTS).await;
    let res = t
        .invoke(&uuid, &app, json!({"timestamp": 0, "headers": [], "payload": {"conversationId": fake_lp::CONVERSATION}}))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let out = &res.body;
    assert_eq!(out["addSDEs"], "done", "{out}");
    assert_eq!(
        out["fromConversation"],
        json!(["PERSONAL_INFO", "CUSTOMER_INFO"])
    );
    assert_eq!(
        out["unknownConversation"]["error"],
        "Error while fetching conversation \"nope\": Conversation \"nope\" not found."
    );
    assert_eq!(
        out["noConversationId"]["error"],
        "Please provide a conversation ID."
    );
    assert_eq!(
        out["unknownService"]["code"],
        "com.liveperson.faas.csds.domain.not-found"
    );
    assert_eq!(
        out["unknownService"]["error"],
        "Service \"noSuchService\" could not be found."
    );
    assert!(
        out["missingSecret"]["error"]
            .as_str()
            .unwrap()
            .starts_with("Could not fetch App Key credentials from secret storage:"),
        "{out}"
    );
    assert!(
        out["badSecret"]["error"]
            .as_str()
            .unwrap()
            .contains("consumerKey, consumerSecret, token, tokenSecret"),
        "{out}"
    );
    assert_eq!(out["wrongCredentials"]["error"], "status 401");

    let seen = cloud.seen.lock().unwrap();
    assert_eq!(seen.sdes.len(), 1);
    assert_eq!(seen.sdes[0].0, "visitor-1");
    assert_eq!(seen.sdes[0].1, "session-1");
    assert_eq!(
        seen.sdes[0].2,
        json!([{"type": "ctmrinfo", "info": {"customerId": "c-9"}}])
    );
    // Signed correctly everywhere except with the wrong consumer secret.
    let verdicts: Vec<bool> = seen.oauth.iter().map(|(_, ok)| *ok).collect();
    assert_eq!(verdicts, [true, true, true, false], "{:?}", seen.oauth);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_directory_is_the_configured_one() {
    // No directory reachable: LpClient fails with the toolbelt's CSDS code, naming the URL.
    let t = TestServer::start_with(Backend::Sqlite, |c| {
        c.csds_url = "http://127.0.0.1:9".into();
    })
    .await;
    let code = "const { Toolbelt } = require('lp-faas-toolbelt');\n\
        async function lambda(i, cb) { try { await Toolbelt.LpClient()('msgHist', '/x', {}); cb(null, 'no error'); } catch (e) { cb(null, { code: e.code, message: e.message }); } }";
    let uuid = t.deploy("no_csds", code).await;
    let app = t.app_token().await;
    let res = t.invoke(&uuid, &app, json!({"payload": {}})).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["code"], "com.liveperson.faas.csds.op-failed");
    assert!(
        res.body["message"]
            .as_str()
            .unwrap()
            .contains("http://127.0.0.1:9"),
        "{}",
        res.text
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn salesforce_login_with_username_and_password() {
    // jsforce's SOAP login (XML through fetch, parsed by its bundled xml2js), then a query with
    // the session it got; a wrong password is Salesforce's INVALID_LOGIN fault.
    let cloud = FakeCloud::start().await;
    let dir = temp_dir("sf-login");
    let t = start(&cloud, &dir.0).await;
    let code = format!(
        "const {{ Toolbelt }} = require('lp-faas-toolbelt');\n\
         async function lambda(input, callback) {{\n\
           const conn = Toolbelt.SFClient().connectToSalesforce({{ loginUrl: '{url}' }});\n\
           let wrong; try {{ await conn.login('{user}', 'nope'); }} catch (e) {{ wrong = e.message; }}\n\
           const info = await conn.login('{user}', '{pass}');\n\
           const res = await conn.query('SELECT Id FROM Account');\n\
           callback(null, {{ wrong, org: info.organizationId, instanceUrl: conn.instanceUrl, total: res.totalSize }});\n\
         }}",
        url = cloud.https_url,
        user = fake_lp::SF_USER,
        pass = fake_lp::SF_PASSWORD
    );
    let uuid = t.deploy("sf_login", &code).await;
    let app = t.app_token().await;
    let res = t.invoke(&uuid, &app, json!({"payload": {}})).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["org"], "00D000000000001", "{}", res.text);
    assert_eq!(res.body["instanceUrl"], json!(cloud.https_url));
    assert_eq!(res.body["total"], 2);
    assert!(
        res.body["wrong"]
            .as_str()
            .unwrap_or_default()
            .contains("INVALID_LOGIN"),
        "{}",
        res.text
    );
    assert_eq!(
        cloud.seen.lock().unwrap().soql,
        vec!["SELECT Id FROM Account".to_owned()]
    );
}
