//! `ApiError`: every failure the HTTP API answers with, rendered as `{errorCode, errorMsg, errorLogs?}`.
//!
//! The status comes from the error taxonomy in `fnhost-model`; nothing here invents codes.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fnhost_model::{ErrorCode, LogEntry};
use fnhost_store::StoreError;

/// Which half of the platform a store failure happened in: it picks `es.*` or `fm.*` codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The gateway: invoking functions (`com.liveperson.faas.es.*`).
    Invocation,
    /// Management, auth and reports (`com.liveperson.faas.fm.*`).
    Management,
}

impl From<crate::invoke::InvokeFailure> for ApiError {
    fn from(f: crate::invoke::InvokeFailure) -> Self {
        use crate::invoke::InvokeFailure;
        let retry_after = f.retry_after();
        let mut err = match f {
            InvokeFailure::Store(e) => ApiError::from_store(e, Side::Invocation),
            InvokeFailure::Function(o) => {
                let o = *o;
                let e = o.result.expect_err("a function failure holds an error");
                ApiError::new(e.code, e.message).with_logs(o.logs)
            }
            other => ApiError::new(other.code(), other.to_string()),
        };
        err.retry_after = retry_after;
        err
    }
}

/// An API failure.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub logs: Option<Vec<LogEntry>>,
    pub status: Option<u16>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            logs: None,
            status: None,
            retry_after: None,
        }
    }
    pub fn bad_input(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::EsBadInput, message)
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::Unauthorized, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::Forbidden, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::FmConflict, message)
    }
    pub fn with_logs(mut self, logs: Vec<LogEntry>) -> Self {
        self.logs = Some(logs);
        self
    }

    /// Maps a store failure on the invocation side (`es.*`) or the management side (`fm.*`).
    pub fn from_store(e: StoreError, side: Side) -> Self {
        let (unavailable, general) = match side {
            Side::Management => (ErrorCode::FmUnavailable, ErrorCode::FmGeneral),
            Side::Invocation => (ErrorCode::EsUnavailable, ErrorCode::EsGeneral),
        };
        match e {
            StoreError::Unavailable(detail) => {
                tracing::warn!(%detail, "store unavailable");
                ApiError::new(
                    unavailable,
                    "the function store could not be reached; retry later",
                )
            }
            StoreError::Timeout(detail) => {
                tracing::warn!(%detail, "store timed out");
                let mut err = ApiError::new(
                    unavailable,
                    "the function store did not answer in time; retry later",
                );
                err.status = Some(unavailable.http_status_for_timeout());
                err
            }
            StoreError::Conflict(m) | StoreError::LimitReached(m) => ApiError::conflict(m),
            StoreError::Stale => ApiError::conflict(StoreError::Stale.to_string()),
            StoreError::NotFound => {
                ApiError::new(ErrorCode::EsMissingLambda, "the function does not exist")
            }
            StoreError::Other(detail) => {
                tracing::error!(%detail, "store error");
                ApiError::new(general, "an unexpected error occurred; it has been logged")
            }
        }
    }

    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status.unwrap_or_else(|| self.code.http_status()))
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body =
            serde_json::json!({ "errorCode": self.code.as_str(), "errorMsg": self.message });
        if let Some(logs) = &self.logs {
            body["errorLogs"] = serde_json::to_value(logs).unwrap_or_default();
        }
        let mut res = (
            self.status(),
            [(header::CONTENT_TYPE, "application/json")],
            body.to_string(),
        )
            .into_response();
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_failures_map_to_general_and_unavailable_without_leaking() {
        for (management, general, unavailable) in [
            (
                Side::Invocation,
                ErrorCode::EsGeneral,
                ErrorCode::EsUnavailable,
            ),
            (
                Side::Management,
                ErrorCode::FmGeneral,
                ErrorCode::FmUnavailable,
            ),
        ] {
            let e = ApiError::from_store(
                StoreError::Other("relation \"lambdas\" at 10.0.0.5:5432".into()),
                management,
            );
            assert_eq!(
                (e.code, e.status()),
                (general, StatusCode::INTERNAL_SERVER_ERROR)
            );
            assert!(
                !e.message.contains("10.0.0.5") && !e.message.contains("lambdas"),
                "{}",
                e.message
            );
            let e = ApiError::from_store(
                StoreError::Unavailable("connection refused".into()),
                management,
            );
            assert_eq!((e.code, e.status()), (unavailable, StatusCode::BAD_GATEWAY));
            let e = ApiError::from_store(StoreError::Timeout("pool timed out".into()), management);
            assert_eq!(
                (e.code, e.status()),
                (unavailable, StatusCode::GATEWAY_TIMEOUT)
            );
            assert!(!e.message.contains("pool"));
        }
    }

    #[test]
    fn every_error_renders_a_json_body() {
        for code in ErrorCode::ALL {
            let res = ApiError::new(code, "m").into_response();
            assert_eq!(res.status().as_u16(), code.http_status());
            assert_eq!(res.headers()[header::CONTENT_TYPE], "application/json");
        }
    }
}
