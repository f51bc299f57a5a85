//! A small HTTP client for the fnhost API: base URL, account, bearer token, and errors decoded
//! from the platform's `{errorCode, errorMsg, errorLogs}` bodies.

use reqwest::{Method, StatusCode};
use serde_json::Value;

/// A failure the CLI reports and turns into a non-zero exit code.
#[derive(Debug)]
pub enum CliError {
    /// The server answered with a platform error.
    Platform {
        status: u16,
        code: String,
        message: String,
        logs: Vec<Value>,
    },
    /// The server could not be reached.
    Network(String),
    /// Anything the user must fix locally (missing login, bad project file, …).
    Usage(String),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Platform {
                status,
                code,
                message,
                ..
            } => write!(f, "{message} ({code}, HTTP {status})"),
            CliError::Network(m) | CliError::Usage(m) => f.write_str(m),
        }
    }
}

pub struct Api {
    http: reqwest::Client,
    pub server: String,
    pub account: String,
    token: Option<String>,
}

pub struct Reply {
    pub status: StatusCode,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

impl Api {
    pub fn new(server: &str, account: &str, token: Option<String>) -> Api {
        Api {
            http: reqwest::Client::builder().build().expect("reqwest client"),
            server: server.trim_end_matches('/').to_owned(),
            account: account.to_owned(),
            token,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/api/account/{}{}", self.server, self.account, path)
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Reply, CliError> {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            self.url(path)
        };
        let mut req = self.http.request(method, &url).header(
            "user-agent",
            concat!("fnhost-cli/", env!("CARGO_PKG_VERSION")),
        );
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let res = req
            .send()
            .await
            .map_err(|e| CliError::Network(format!("cannot reach {}: {e}", self.server)))?;
        let status = res.status();
        let body = res
            .text()
            .await
            .map_err(|e| CliError::Network(e.to_string()))?;
        if status.is_success() || status == StatusCode::NOT_MODIFIED {
            return Ok(Reply { status, body });
        }
        let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        Err(CliError::Platform {
            status: status.as_u16(),
            code: v["errorCode"].as_str().unwrap_or("").to_owned(),
            message: v["errorMsg"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| format!("HTTP {status}: {body}")),
            logs: v["errorLogs"].as_array().cloned().unwrap_or_default(),
        })
    }

    pub async fn get(&self, path: &str) -> Result<Reply, CliError> {
        self.send(Method::GET, path, None).await
    }
    pub async fn post(&self, path: &str, body: Option<&Value>) -> Result<Reply, CliError> {
        self.send(Method::POST, path, body).await
    }
    pub async fn put(&self, path: &str, body: &Value) -> Result<Reply, CliError> {
        self.send(Method::PUT, path, Some(body)).await
    }
    pub async fn delete(&self, path: &str) -> Result<Reply, CliError> {
        self.send(Method::DELETE, path, None).await
    }

    /// All functions of the account.
    pub async fn lambdas(&self) -> Result<Vec<Value>, CliError> {
        Ok(self
            .get("/lambdas")
            .await?
            .json()
            .as_array()
            .cloned()
            .unwrap_or_default())
    }

    /// One function by name.
    pub async fn lambda_by_name(&self, name: &str) -> Result<Option<Value>, CliError> {
        Ok(self
            .lambdas()
            .await?
            .into_iter()
            .find(|l| l["name"] == name))
    }
}
