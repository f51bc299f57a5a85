//! The store under concurrency, end to end over HTTP, on SQLite and on PostgreSQL.
//!
//! Proves that many clients writing through every management endpoint at once, while functions
//! are invoked at full rate (so invocation records and context-store writes compete for the same
//! database), never get a 5xx; that every 409 is a real conflict whose message says which; that
//! no acknowledged write is lost and nothing removed comes back (the exact sets of functions and
//! schedules, optimistic versions that count every accepted update exactly once); and that each
//! contended name, key or schedule is granted to exactly one client.

mod common;
use common::*;
use fnhost_store::Backend;
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

on_both_backends!(
    parallel_creates_all_succeed,
    every_write_endpoint_under_invocation_load,
);

const ECHO: &str = "function lambda(i, cb) { cb(null, i.payload); }";
const CTX: &str = "const { Toolbelt } = require('lp-faas-toolbelt');\n\
    async function lambda(i, cb) { const c = Toolbelt.ContextServiceClient({ apiKey: 'k', accountId: process.env.BRAND_ID });\n\
    await c.createNamespace('load', { ttl: 3600 });\n\
    cb(null, await c.setPropertiesInNamespace('load', { last: i.payload.n }, i.payload.session)); }";

/// What a 409 may say: each is a real conflict. Anything else is a bug.
const CONFLICTS: &[&str] = &[
    "already exists",              // function name, secret key, user name
    "changed since you read it",   // stale version, seen by the handler
    "changed by someone else",     // stale version, seen by the store
    "during an active deployment", // deploy, undeploy or update while a deployment runs
    "is not deployed",
    "only undeployed functions (state Draft) can be deleted",
    "already has a schedule",
    "already on the allowlist",
    "only deployed functions can be scheduled", // a schedule racing an undeploy or a delete
];

/// Everything the clients saw, and what must (or must not) be listed at the end.
#[derive(Default)]
struct Log {
    /// Endpoint -> (requests, 409s, total milliseconds).
    counts: BTreeMap<String, (u64, u64, u128)>,
    problems: Vec<String>,
    functions: HashSet<String>,
    deleted: HashSet<String>,
    /// Functions that must have a schedule; every other function must have none.
    scheduled: HashSet<String>,
    secrets: HashSet<String>,
    deleted_secrets: HashSet<String>,
    domains: HashSet<String>,
    apps: HashSet<String>,
    users: HashSet<String>,
    /// Contended name -> how many clients were told they created it.
    wins: HashMap<String, u32>,
    shared_updates: i64,
}

/// An admin HTTP client that tasks share, recording every answer.
struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
    log: Mutex<Log>,
}

impl Client {
    fn new(t: &TestServer) -> Arc<Client> {
        let (http, base, token) = (t.http.clone(), t.base.clone(), t.admin_token.clone());
        let log = Mutex::default();
        Arc::new(Client {
            http,
            base,
            token,
            log,
        })
    }

    fn log(&self) -> std::sync::MutexGuard<'_, Log> {
        self.log.lock().unwrap()
    }

    fn problem(&self, p: String) {
        self.log().problems.push(p);
    }

    /// Sends a request (no body if `body` is null); any 5xx, transport error or unexplained 409 is
    /// recorded as a problem.
    async fn req(&self, m: Method, path: &str, body: Value) -> Reply {
        let url = format!("{}/api/account/1000/{path}", self.base);
        let mut req = self.http.request(m.clone(), url).bearer_auth(&self.token);
        if !body.is_null() {
            req = req.json(&body);
        }
        let sent_at = Instant::now();
        let (status, text) = match req.send().await {
            Ok(res) => (res.status().as_u16(), res.text().await.unwrap_or_default()),
            Err(e) => (0, format!("transport error: {e}")),
        };
        let ms = sent_at.elapsed().as_millis();
        let parsed: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let msg = parsed["errorMsg"].as_str().unwrap_or("");
        let endpoint = match path.split_once('/') {
            Some((collection, _)) => format!("{m} {collection}/{{id}}"),
            None => format!("{m} {path}"),
        };
        let mut log = self.log();
        let c = log.counts.entry(endpoint).or_default();
        *c = (c.0 + 1, c.1 + (status == 409) as u64, c.2 + ms);
        let odd_conflict = status == 409 && !CONFLICTS.iter().any(|s| msg.contains(s));
        if status == 0 || status >= 500 || odd_conflict {
            let p = format!("{m} {path} {body}\n  -> {status} {text}");
            log.problems.push(p);
        }
        let headers = Default::default();
        Reply {
            status,
            headers,
            body: parsed,
            text,
        }
    }
    async fn get(&self, path: &str) -> Reply {
        self.req(Method::GET, path, Value::Null).await
    }
    async fn post(&self, path: &str, body: Value) -> Reply {
        self.req(Method::POST, path, body).await
    }
    async fn put(&self, path: &str, body: Value) -> Reply {
        self.req(Method::PUT, path, body).await
    }
    async fn del(&self, path: &str) -> Reply {
        self.req(Method::DELETE, path, Value::Null).await
    }

    /// Whether the status is one of `ok`; records a problem if not (5xx were recorded already).
    fn expect(&self, r: &Reply, ok: &[u16], what: &str) -> bool {
        let fine = ok.contains(&r.status);
        if !fine && r.status != 0 && r.status < 500 {
            self.problem(format!(
                "{what}: expected {ok:?}, got {} {}",
                r.status, r.text
            ));
        }
        fine
    }

    /// Counts one answer to a create that several clients race for; true if this one won.
    fn contended(&self, key: String, r: &Reply) -> bool {
        let won = self.expect(r, &[201, 409], &key) && r.status == 201;
        *self.log().wins.entry(key).or_default() += won as u32;
        won
    }

    /// Polls until the function is in `state` with its last deployment or undeployment done.
    async fn wait(&self, uuid: &str, state: &str) -> bool {
        for _ in 0..400 {
            let r = self.get(&format!("lambdas/{uuid}")).await;
            let l = &r.body[0];
            let done = state == "Draft" || l["lastDeployment"]["deployedAt"].is_string();
            if l["state"] == state && done {
                return true;
            }
            if l["state"] == "Build Error" || r.status != 200 {
                self.problem(format!("waiting for {uuid}: {}", r.text));
                return false;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        self.problem(format!("{uuid} never became {state}"));
        false
    }

    /// The `field` of every item of a list endpoint.
    async fn list(&self, path: &str, field: &str) -> HashSet<String> {
        let r = self.get(path).await;
        assert_eq!(r.status, 200, "GET {path}: {}", r.text);
        let items = r.body.as_array().expect("a list is an array");
        let all: Vec<_> = items.iter().map(|x| field_of(x, field)).collect();
        let unique: HashSet<_> = all.iter().cloned().collect();
        assert_eq!(
            unique.len(),
            all.len(),
            "GET {path} lists each {field} once"
        );
        unique
    }
}

fn field_of(v: &Value, field: &str) -> String {
    v[field].as_str().unwrap().to_owned()
}

fn fn_body(name: &str, variant: usize, version: Option<i64>) -> Value {
    let code = format!("{ECHO} // {variant}");
    let env = [json!({"key": "VARIANT", "value": variant.to_string()})];
    let implementation = json!({"code": code, "environmentVariables": env});
    json!({"name": name, "description": "concurrency", "version": version, "implementation": implementation})
}

/// Asserts that every acknowledged `kept` item is listed.
fn none_lost(kept: &HashSet<String>, listed: &HashSet<String>, what: &str) {
    let lost: Vec<_> = kept.difference(listed).collect();
    assert!(lost.is_empty(), "acknowledged {what} missing: {lost:?}");
}

async fn parallel_creates_all_succeed(b: Backend) {
    let t = TestServer::start_with(b, |c| c.max_functions_per_account = 400).await;
    let c = Client::new(&t);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..8 {
        let c = c.clone();
        tasks.spawn(async move {
            for n in 0..25 {
                let name = format!("p{i}_{n}");
                let r = c.post("lambdas", fn_body(&name, 0, None)).await;
                if c.expect(&r, &[201], &name) {
                    c.log().functions.insert(field_of(&r.body, "uuid"));
                }
            }
        });
    }
    let all = tokio::time::timeout(Duration::from_secs(60), tasks.join_all());
    all.await.expect("200 creates finish within 60 s");
    eprintln!("{b:?}: 200 creates by 8 clients in {:?}", started.elapsed());
    let log = std::mem::take(&mut *c.log());
    assert!(log.problems.is_empty(), "{}", log.problems.join("\n"));
    assert_eq!(
        log.functions.len(),
        200,
        "201 each time, each with a uuid of its own"
    );
    assert_eq!(c.list("lambdas", "uuid").await, log.functions);
}

/// One client's loop: its own objects through their whole lifecycle, plus deliberate collisions
/// with its partner (clients 2j and 2j+1 race for the same names) and with everyone (`shared`).
async fn client(c: Arc<Client>, i: usize, shared: String, until: Instant) {
    let j = i / 2;
    let sched =
        |uuid: &str| json!({"lambdaUUID": uuid, "cronExpression": "*/5 * * * *", "isActive": true});
    for k in 0..30 {
        if Instant::now() >= until {
            break;
        }
        // Create, update, update again at the same (now stale) version, race for a name.
        let name = format!("c{i}_{k}");
        let r = c.post("lambdas", fn_body(&name, 0, None)).await;
        if !c.expect(&r, &[201], "create") {
            continue;
        }
        let uuid = field_of(&r.body, "uuid");
        c.log().functions.insert(uuid.clone());
        let (one, dep) = (format!("lambdas/{uuid}"), format!("deployments/{uuid}"));
        let r = c.put(&one, fn_body(&name, 1, Some(1))).await;
        c.expect(&r, &[202], "update");
        let r = c.put(&one, fn_body(&name, 2, Some(1))).await;
        c.expect(&r, &[409], "update with a stale version");
        let dup = format!("dup_{j}_{k}");
        let r = c.post("lambdas", fn_body(&dup, 0, None)).await;
        if c.contended(format!("function {dup}"), &r) {
            c.log().functions.insert(field_of(&r.body, "uuid"));
        }

        // Everyone updates (at the version they read), deploys and schedules the same function.
        let path = format!("lambdas/{shared}");
        let v = c.get(&path).await.body[0]["version"].as_i64();
        let r = c.put(&path, fn_body("shared", 100 * i + k, v)).await;
        if c.expect(&r, &[202, 409], "shared update") && r.status == 202 {
            c.log().shared_updates += 1;
        }
        if k % 3 == 0 {
            let r = c.post(&format!("deployments/{shared}"), Value::Null).await;
            c.expect(&r, &[202, 409], "shared deploy");
        }
        if k == 0 {
            let r = c.post("schedules", sched(&shared)).await;
            if c.contended("schedule of shared".into(), &r) {
                c.log().scheduled.insert(shared.clone());
            }
        }

        // Deploy (twice: the second may meet the first), schedule, maybe undeploy and delete.
        let r = c.post(&dep, Value::Null).await;
        c.expect(&r, &[202], "deploy");
        let r = c.post(&dep, Value::Null).await;
        c.expect(&r, &[202, 409], "deploy again");
        if c.wait(&uuid, "Productive").await {
            c.expect(&c.del(&one).await, &[409], "delete while deployed");
            let r = c.post("schedules", sched(&uuid)).await;
            if c.expect(&r, &[201], "schedule") {
                c.log().scheduled.insert(uuid.clone());
            }
            let r = c.post("schedules", sched(&uuid)).await;
            c.expect(&r, &[409], "second schedule");
            if k % 2 == 1 {
                if c.expect(&c.del(&dep).await, &[202], "undeploy") {
                    c.log().scheduled.remove(&uuid); // undeploying deletes the schedule
                }
                c.expect(&c.del(&dep).await, &[202, 409], "undeploy again");
                if c.wait(&uuid, "Draft").await
                    && k % 4 == 1
                    && c.expect(&c.del(&one).await, &[200], "delete")
                {
                    let mut log = c.log();
                    log.functions.remove(&uuid);
                    log.deleted.insert(uuid.clone());
                }
            }
        }

        // Secrets (every other one deleted again) and domains, each also raced for.
        let key = format!("s{i}_{k}");
        let r = c.post("secrets", json!({"key": key, "value": "v"})).await;
        if c.expect(&r, &[201], "secret") && k % 2 == 0 {
            let r = c.del(&format!("secrets/{key}")).await;
            if c.expect(&r, &[200], "delete secret") {
                c.log().deleted_secrets.insert(key);
            }
        } else if r.status == 201 {
            c.log().secrets.insert(key);
        }
        let key = format!("sdup_{j}_{k}");
        let r = c.post("secrets", json!({"key": key, "value": i})).await;
        if c.contended(format!("secret {key}"), &r) {
            c.log().secrets.insert(key);
        }
        let domain = format!("d{i}-{k}.example.com");
        let r = c.post("proxy-settings", json!({"domain": domain})).await;
        if c.expect(&r, &[201], "domain") {
            c.log().domains.insert(domain);
        }
        let domain = format!("dd{j}-{k}.example.com");
        let r = c.post("proxy-settings", json!({"domain": domain})).await;
        if c.contended(format!("domain {domain}"), &r) {
            c.log().domains.insert(domain);
        }

        // Apps and users hash a secret each (Argon2, slow in debug builds): only a few of them.
        if k == 1 && i < 4 {
            let r = c.post("apps", json!({"name": format!("a{i}")})).await;
            if c.expect(&r, &[201], "app") {
                c.log().apps.insert(field_of(&r.body, "client_id"));
            }
            let user = format!("u{j}");
            let roles = ["FaaS-Developer"];
            let body = json!({"username": user, "password": "password-123", "roles": roles});
            if c.contended(format!("user {user}"), &c.post("users", body).await) {
                c.log().users.insert(user);
            }
        }
    }
}

/// Invokes the echo and the context-writing function in turn until told to stop; returns how
/// many invocations were made and the answers that were not the expected 200.
async fn invoker(
    c: Arc<Client>,
    app: String,
    fns: [String; 2],
    task: usize,
    stop: Arc<AtomicBool>,
) -> (u64, Vec<String>) {
    let (mut n, mut bad) = (0u64, Vec::new());
    while !stop.load(Ordering::Relaxed) && n < 50_000 {
        n += 1;
        let payload = json!({"session": format!("t{task}"), "n": n});
        let uuid = &fns[(n % 2) as usize];
        let url = format!("{}/api/account/1000/lambdas/{uuid}/invoke?v=1", c.base);
        let req = c.http.post(url).bearer_auth(&app);
        let (status, text) = match req.json(&json!({"payload": payload})).send().await {
            Ok(r) => (r.status().as_u16(), r.text().await.unwrap_or_default()),
            Err(e) => (0, format!("transport error: {e}")),
        };
        let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        // The echo returns its payload; the context writer returns the session it just wrote.
        let right = if n % 2 == 0 {
            body == payload
        } else {
            body["last"] == n
        };
        if status != 200 || !right {
            bad.push(format!("invoke #{n} of {uuid}: {status} {text}"));
        }
    }
    (n, bad)
}

async fn every_write_endpoint_under_invocation_load(b: Backend) {
    let t = TestServer::start_with(b, |c| {
        c.max_functions_per_account = 10_000;
        c.max_schedules_per_account = 10_000;
        // This suite checks the store; a slow answer on a busy 2-core machine is not an error.
        c.limits.timeout_ms = 10_000;
    })
    .await;
    let started = Instant::now();
    let mix = tokio::time::timeout(Duration::from_secs(60), mix(&t, b));
    mix.await.expect("the whole mix finishes within 60 s");
    eprintln!("{b:?}: the mix took {:?}", started.elapsed());
}

async fn mix(t: &TestServer, b: Backend) {
    let echo = t.deploy("echo", ECHO).await;
    let ctx = t.deploy("ctx", CTX).await;
    let shared = t.deploy("shared", ECHO).await;
    let app = t.app_token().await;
    let first = t
        .invoke(&ctx, &app, json!({"payload": {"session": "s", "n": 0}}))
        .await;
    assert_eq!(first.body, json!({"last": 0}), "{}", first.text);
    let c = Client::new(t);

    let stop = Arc::new(AtomicBool::new(false));
    let fns = [echo.clone(), ctx.clone()];
    let mut load = Vec::new();
    for n in 0..4 {
        let task = invoker(c.clone(), app.clone(), fns.clone(), n, stop.clone());
        load.push(tokio::spawn(task));
    }
    let until = Instant::now() + Duration::from_secs(8);
    let mut clients = Vec::new();
    for i in 0..16 {
        clients.push(tokio::spawn(client(c.clone(), i, shared.clone(), until)));
    }
    for h in clients {
        h.await.expect("client task");
    }
    stop.store(true, Ordering::Relaxed);
    let (mut invocations, mut bad) = (0, Vec::new());
    for h in load {
        let (n, b) = h.await.expect("invoker task");
        invocations += n;
        bad.extend(b);
    }

    let log = std::mem::take(&mut *c.log());
    eprintln!("{b:?}: requests (409s) per endpoint:");
    for (ep, (n, conflicts, ms)) in &log.counts {
        eprintln!(
            "  {ep:<26} {n:>5} ({conflicts:>3}) avg {} ms",
            ms / *n as u128
        );
    }
    let total: u64 = log.counts.values().map(|c| c.0).sum();
    let conflicts: u64 = log.counts.values().map(|c| c.1).sum();
    eprintln!("  total {total} ({conflicts}); invocations {invocations}");
    let problems = log.problems.join("\n");
    assert!(
        log.problems.is_empty(),
        "{} problems:\n{problems}",
        log.problems.len()
    );
    let first_bad = bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n");
    assert!(
        bad.is_empty(),
        "{} bad invocations:\n{first_bad}",
        bad.len()
    );
    assert!(invocations >= 4, "the load ran");
    for (key, wins) in &log.wins {
        assert_eq!(*wins, 1, "{key} was created by {wins} clients");
    }

    // Nothing acknowledged is lost; nothing removed comes back.
    let mut expected = log.functions.clone();
    expected.extend([echo, ctx, shared.clone()]);
    let listed = c.list("lambdas", "uuid").await;
    assert_eq!(
        listed, expected,
        "functions: exactly those created and not deleted"
    );
    let version = c.get(&format!("lambdas/{shared}")).await.body[0]["version"].as_i64();
    assert_eq!(
        version,
        Some(1 + log.shared_updates),
        "accepted updates each counted once"
    );
    let scheduled = c.list("schedules", "lambdaUUID").await;
    assert_eq!(
        scheduled, log.scheduled,
        "schedules: those of functions still deployed"
    );
    let secrets = c.list("secrets", "key").await;
    none_lost(&log.secrets, &secrets, "secrets");
    assert!(
        log.deleted_secrets.is_disjoint(&secrets),
        "deleted secrets came back"
    );
    none_lost(
        &log.domains,
        &c.list("proxy-settings", "domain").await,
        "domains",
    );
    none_lost(&log.apps, &c.list("apps", "client_id").await, "apps");
    none_lost(&log.users, &c.list("users", "loginName").await, "users");
    eprintln!(
        "{b:?}: {} functions kept, {} deleted; {} schedules; {} secrets kept, {} deleted; \
         {} domains; shared updated {} times; {} contended creates, each won once",
        listed.len(),
        log.deleted.len(),
        scheduled.len(),
        log.secrets.len(),
        log.deleted_secrets.len(),
        log.domains.len(),
        log.shared_updates,
        log.wins.len()
    );
}
