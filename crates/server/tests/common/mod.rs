//! A real fnhost server on an ephemeral port, on SQLite or PostgreSQL, plus a small HTTP helper.
#![allow(dead_code)]

use fnhost_server::{Server, ServerConfig};
use fnhost_store::Backend;
use fnhost_store::testing::TestDb;
use serde_json::{Value, json};

pub const PASSWORD: &str = "admin-password";
/// The scrape token of every test server (`/metrics`, `/metrics.json`).
pub const METRICS_TOKEN: &str = "metrics-token";

pub struct TestServer {
    pub server: Option<Server>,
    pub base: String,
    pub http: reqwest::Client,
    pub admin_token: String,
    _db: TestDb,
    pub _dir: TempDir,
}

pub struct TempDir(pub std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl TestServer {
    pub async fn start(backend: Backend) -> TestServer {
        Self::start_with(backend, |_| {}).await
    }

    pub async fn start_with(backend: Backend, tweak: impl FnOnce(&mut ServerConfig)) -> TestServer {
        let db = TestDb::new(backend).await;
        Self::start_on(db, tweak).await
    }

    pub async fn start_on(db: TestDb, tweak: impl FnOnce(&mut ServerConfig)) -> TestServer {
        let dir =
            std::env::temp_dir().join(format!("fnhost-e2e-{}", uuid::Uuid::new_v4().simple()));
        let mut config = ServerConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            data_dir: dir.clone(),
            database_url: Some(db.url.clone()),
            bootstrap_password: Some(PASSWORD.into()),
            sync_interval_ms: 200,
            metrics_token: Some(METRICS_TOKEN.into()),
            ..ServerConfig::default()
        };
        config.limits.timeout_ms = 1_000;
        tweak(&mut config);
        let server = Server::start(config).await.expect("server starts");
        let base = format!("http://{}", server.addr);
        let http = reqwest::Client::new();
        let login: Value = http
            .post(format!("{base}/api/account/1000/login?v=1.3"))
            .json(&json!({"username": "admin", "password": PASSWORD}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let admin_token = login["bearer"].as_str().expect("login works").to_owned();
        TestServer {
            server: Some(server),
            base,
            http,
            admin_token,
            _db: db,
            _dir: TempDir(dir),
        }
    }

    /// Another node on this server's store and master key (`sync_interval_ms` 200), with the
    /// directory it keeps its data in (removed when dropped).
    pub async fn second_node(&self, tweak: impl FnOnce(&mut ServerConfig)) -> (Server, TempDir) {
        let dir =
            std::env::temp_dir().join(format!("fnhost-node-b-{}", uuid::Uuid::new_v4().simple()));
        let mut config = ServerConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            data_dir: dir.clone(),
            database_url: Some(self.database_url()),
            sync_interval_ms: 200,
            master_key: Some(std::fs::read_to_string(self._dir.0.join("master.key")).unwrap()),
            ..ServerConfig::default()
        };
        tweak(&mut config);
        (Server::start(config).await.unwrap(), TempDir(dir))
    }

    /// The store URL of this server.
    pub fn database_url(&self) -> String {
        self._db.url.clone()
    }

    /// The SQLite database file of this server.
    pub fn url_of_database_file(&self) -> String {
        let path = self._db.url.trim_start_matches("sqlite://");
        path.split('?').next().unwrap_or(path).to_owned()
    }

    /// The PostgreSQL database name of this server (the last segment of its URL).
    pub fn url_of_database(&self) -> String {
        self._db
            .url
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn url(&self, path: &str) -> String {
        if path.starts_with('/') {
            format!("{}{path}", self.base)
        } else {
            format!("{}/api/account/1000/{path}", self.base)
        }
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut req = self.http.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request sent");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap();
        Reply {
            status,
            headers,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            text,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(
            reqwest::Method::GET,
            path,
            Some(&self.admin_token.clone()),
            None,
        )
        .await
    }
    pub async fn delete(&self, path: &str) -> Reply {
        self.call(
            reqwest::Method::DELETE,
            path,
            Some(&self.admin_token.clone()),
            None,
        )
        .await
    }
    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(
            reqwest::Method::POST,
            path,
            Some(&self.admin_token.clone()),
            Some(body),
        )
        .await
    }

    /// Creates and deploys a function, waiting until it is Productive. Returns its uuid.
    pub async fn deploy(&self, name: &str, code: &str) -> String {
        let r = self.post("lambdas", json!({"name": name, "description": "d", "implementation": {"code": code, "environmentVariables": [{"key": "GREETING", "value": "hi"}]}})).await;
        assert_eq!(r.status, 201, "create {name}: {}", r.text);
        let uuid = r.body["uuid"].as_str().unwrap().to_owned();
        self.deploy_uuid(&uuid).await;
        uuid
    }

    pub async fn deploy_uuid(&self, uuid: &str) {
        let r = self
            .call(
                reqwest::Method::POST,
                &format!("deployments/{uuid}"),
                Some(&self.admin_token.clone()),
                None,
            )
            .await;
        assert_eq!(r.status, 202, "deploy: {}", r.text);
        self.wait_productive(uuid).await;
    }

    /// Waits until the function's last deployment finished and it is Productive.
    pub async fn wait_productive(&self, uuid: &str) {
        for _ in 0..200 {
            let l = self.get(&format!("lambdas/{uuid}")).await;
            if l.body[0]["state"] == "Productive"
                && l.body[0]["lastDeployment"]["deployedAt"].is_string()
            {
                return;
            }
            assert_ne!(l.body[0]["state"], "Build Error", "{}", l.text);
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("deployment of {uuid} did not finish");
    }

    /// An OAuth app token (client credentials) for account 1000.
    pub async fn app_token(&self) -> String {
        let app = self.post("apps", json!({"name": "tests"})).await;
        assert_eq!(app.status, 201, "{}", app.text);
        let form = format!(
            "grant_type=client_credentials&scope=&client_id={}&client_secret={}",
            app.body["client_id"].as_str().unwrap(),
            app.body["client_secret"].as_str().unwrap()
        );
        let res = self
            .http
            .post(self.url("/sentinel/api/account/1000/app/token?v=2.0"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.unwrap();
        v["access_token"].as_str().unwrap().to_owned()
    }

    /// The node's totals (`/metrics.json`, with the scrape token).
    /// Polls an asynchronous invocation until it reaches `state` (or fails the test after ~15 s).
    pub async fn wait_for_invocation(&self, id: &str, state: &str) -> Value {
        let mut last = Value::Null;
        for _ in 0..300 {
            let r = self.get(&format!("invocations/{id}")).await;
            assert_eq!(r.status, 200, "{}", r.text);
            if r.body["state"] == state {
                return r.body;
            }
            last = r.body;
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("invocation {id} never reached {state}: {last}");
    }

    /// One function's row of `GET …/reports/asyncQueue`.
    pub async fn queue_report_of(&self, uuid: &str) -> Value {
        let report = self.get("reports/asyncQueue").await;
        assert_eq!(report.status, 200, "{}", report.text);
        report
            .body
            .as_array()
            .and_then(|rows| rows.iter().find(|q| q["functionUuid"] == uuid))
            .cloned()
            .unwrap_or_else(|| panic!("no row for {uuid}: {}", report.text))
    }

    pub async fn metrics_json(&self) -> Reply {
        self.call(
            reqwest::Method::GET,
            "/metrics.json",
            Some(METRICS_TOKEN),
            None,
        )
        .await
    }

    pub async fn invoke(&self, uuid: &str, token: &str, body: Value) -> Reply {
        self.call(
            reqwest::Method::POST,
            &format!("lambdas/{uuid}/invoke?v=1&skillId=&externalSystem=test"),
            Some(token),
            Some(body),
        )
        .await
    }
}

/// Generates one test per backend for each scenario function `async fn name(backend: Backend)`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name(fnhost_store::Backend::Sqlite).await; } )* }
        mod postgres { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name(fnhost_store::Backend::Postgres).await; } )* }
    };
}
