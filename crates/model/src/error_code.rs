//! The error taxonomy: every `com.liveperson.faas.*` seed code, its HTTP status and its meaning.
//!
//! This is the one place in fnhost that spells a seed code. The runtime classifies outcomes into
//! [`ErrorCode`]s, the server turns them into `{errorCode, errorMsg}` bodies with [`ErrorCode::http_status`],
//! and `docs/ERRORS.md` documents where each is produced.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The HTTP status LivePerson Functions uses for "error during lambda execution".
pub const LAMBDA_EXECUTION_FAILED: u16 = 901;

/// A platform error code from the seed contract (`seed-error-codes.md`), plus the management-only
/// `contract-error` code that `lpf push` recognises for invalid function code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorCode {
    /// `com.liveperson.faas.es.general`: gateway error with no specific reason (500).
    EsGeneral,
    /// `com.liveperson.faas.es.unavailable`: a remote system (the store) could not be reached (502/504).
    EsUnavailable,
    /// `com.liveperson.faas.es.badinput`: the payload was malformed, of the wrong type or too large (400).
    EsBadInput,
    /// `com.liveperson.faas.es.notdeployed`: the function exists but is not deployed (404).
    EsNotDeployed,
    /// `com.liveperson.faas.es.missinglambda`: the function does not exist (404).
    EsMissingLambda,
    /// `com.liveperson.faas.handler.custom-failure`: the function called `callback(error)` (901).
    HandlerCustomFailure,
    /// `com.liveperson.faas.handler.runtime-exception`: the function threw or crashed (901).
    HandlerRuntimeException,
    /// `com.liveperson.faas.handler.executiontime-exceeded`: the function ran past its time limit (901).
    HandlerExecutionTimeExceeded,
    /// `com.liveperson.faas.handler.log-limit-reached`: the function logged too much (901).
    HandlerLogLimitReached,
    /// `com.liveperson.faas.fm.general`: management (function manager) error with no specific reason (500).
    FmGeneral,
    /// `com.liveperson.faas.fm.unavailable`: the management side could not reach the store (502/504).
    FmUnavailable,
    /// `com.liveperson.faas.fm.contract-error`: pushed code is not a valid lambda (400). `lpf` matches
    /// on the substring `contract-error`.
    FmContractError,
    /// fnhost extension for 409: the change conflicts with the function's state (active deployment,
    /// stale version, a limit such as functions per account).
    FmConflict,
    /// fnhost extension for 401: missing, malformed or expired credentials.
    Unauthorized,
    /// fnhost extension for 403: valid credentials without the permission (or for another account).
    Forbidden,
    /// fnhost extension for 404 on a path that is not an API endpoint.
    NotFound,
    /// fnhost extension for 405: the path exists but not with this method (`Allow` lists the methods).
    MethodNotAllowed,
    /// fnhost extension for 408: the client did not send the complete request within the read limit.
    RequestTimeout,
    /// fnhost extension for 429: per-account or per-function rate limit exceeded (`Retry-After` set).
    RateLimited,
}

impl ErrorCode {
    /// Every code, in documentation order.
    pub const ALL: [ErrorCode; 19] = [
        ErrorCode::EsGeneral,
        ErrorCode::EsUnavailable,
        ErrorCode::EsBadInput,
        ErrorCode::EsNotDeployed,
        ErrorCode::EsMissingLambda,
        ErrorCode::HandlerCustomFailure,
        ErrorCode::HandlerRuntimeException,
        ErrorCode::HandlerExecutionTimeExceeded,
        ErrorCode::HandlerLogLimitReached,
        ErrorCode::FmGeneral,
        ErrorCode::FmUnavailable,
        ErrorCode::FmContractError,
        ErrorCode::FmConflict,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::RequestTimeout,
        ErrorCode::RateLimited,
    ];

    /// The eleven codes of the seed contract (`seed-error-codes.md`).
    pub const SEED: [ErrorCode; 11] = [
        ErrorCode::EsGeneral,
        ErrorCode::EsUnavailable,
        ErrorCode::EsBadInput,
        ErrorCode::EsNotDeployed,
        ErrorCode::EsMissingLambda,
        ErrorCode::HandlerCustomFailure,
        ErrorCode::HandlerRuntimeException,
        ErrorCode::HandlerExecutionTimeExceeded,
        ErrorCode::HandlerLogLimitReached,
        ErrorCode::FmGeneral,
        ErrorCode::FmUnavailable,
    ];

    /// The wire spelling, e.g. `com.liveperson.faas.handler.custom-failure`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::EsGeneral => "com.liveperson.faas.es.general",
            ErrorCode::EsUnavailable => "com.liveperson.faas.es.unavailable",
            ErrorCode::EsBadInput => "com.liveperson.faas.es.badinput",
            ErrorCode::EsNotDeployed => "com.liveperson.faas.es.notdeployed",
            ErrorCode::EsMissingLambda => "com.liveperson.faas.es.missinglambda",
            ErrorCode::HandlerCustomFailure => "com.liveperson.faas.handler.custom-failure",
            ErrorCode::HandlerRuntimeException => "com.liveperson.faas.handler.runtime-exception",
            ErrorCode::HandlerExecutionTimeExceeded => {
                "com.liveperson.faas.handler.executiontime-exceeded"
            }
            ErrorCode::HandlerLogLimitReached => "com.liveperson.faas.handler.log-limit-reached",
            ErrorCode::FmGeneral => "com.liveperson.faas.fm.general",
            ErrorCode::FmUnavailable => "com.liveperson.faas.fm.unavailable",
            ErrorCode::FmContractError => "com.liveperson.faas.fm.contract-error",
            ErrorCode::FmConflict => "com.liveperson.faas.fm.conflict",
            ErrorCode::Unauthorized => "com.liveperson.faas.es.unauthorized",
            ErrorCode::Forbidden => "com.liveperson.faas.es.forbidden",
            ErrorCode::NotFound => "com.liveperson.faas.es.notfound",
            ErrorCode::MethodNotAllowed => "com.liveperson.faas.es.methodnotallowed",
            ErrorCode::RequestTimeout => "com.liveperson.faas.es.requesttimeout",
            ErrorCode::RateLimited => "com.liveperson.faas.es.ratelimited",
        }
    }

    /// The HTTP status the platform answers with for this code. `unavailable` codes default to 502;
    /// the server uses 504 instead when the store timed out (see [`ErrorCode::http_status_for_timeout`]).
    pub const fn http_status(self) -> u16 {
        match self {
            ErrorCode::EsGeneral | ErrorCode::FmGeneral => 500,
            ErrorCode::EsUnavailable | ErrorCode::FmUnavailable => 502,
            ErrorCode::EsBadInput | ErrorCode::FmContractError => 400,
            ErrorCode::EsNotDeployed | ErrorCode::EsMissingLambda | ErrorCode::NotFound => 404,
            ErrorCode::FmConflict => 409,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::RequestTimeout => 408,
            ErrorCode::RateLimited => 429,
            ErrorCode::HandlerCustomFailure
            | ErrorCode::HandlerRuntimeException
            | ErrorCode::HandlerExecutionTimeExceeded
            | ErrorCode::HandlerLogLimitReached => LAMBDA_EXECUTION_FAILED,
        }
    }

    /// The status for an `unavailable` code when the remote system timed out rather than refused.
    pub const fn http_status_for_timeout(self) -> u16 {
        match self {
            ErrorCode::EsUnavailable | ErrorCode::FmUnavailable => 504,
            other => other.http_status(),
        }
    }

    /// True for the `handler.*` codes: failures caused by the user's function code.
    pub const fn is_handler(self) -> bool {
        self.http_status() == LAMBDA_EXECUTION_FAILED
    }

    /// A one-line explanation, the seed's description in our words.
    pub const fn meaning(self) -> &'static str {
        match self {
            ErrorCode::EsGeneral | ErrorCode::FmGeneral => "general error with no specific reason",
            ErrorCode::EsUnavailable | ErrorCode::FmUnavailable => {
                "a remote system could not be reached"
            }
            ErrorCode::EsBadInput => "the payload was in the wrong format or a value was missing",
            ErrorCode::EsNotDeployed => "the invoked function is not deployed",
            ErrorCode::EsMissingLambda => "the invoked function does not exist",
            ErrorCode::HandlerCustomFailure => "the function called the callback with an error",
            ErrorCode::HandlerRuntimeException => "the function threw or crashed",
            ErrorCode::HandlerExecutionTimeExceeded => "the function exceeded its execution time",
            ErrorCode::HandlerLogLimitReached => "the function exceeded its log limits",
            ErrorCode::FmContractError => "the function code is not a valid lambda",
            ErrorCode::FmConflict => "the change conflicts with the function's current state",
            ErrorCode::Unauthorized => "missing or invalid credentials",
            ErrorCode::Forbidden => "the credentials lack the permission",
            ErrorCode::NotFound => {
                "nothing exists at this address (no such endpoint, or no such id in the account)"
            }
            ErrorCode::MethodNotAllowed => "the endpoint does not accept this method",
            ErrorCode::RequestTimeout => "the request was not received completely in time",
            ErrorCode::RateLimited => "the rate limit was exceeded",
        }
    }

    /// Parses the wire spelling back into a code (tolerates the V2 client's trailing TAB).
    pub fn parse(s: &str) -> Option<ErrorCode> {
        let s = s.trim_end();
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_has_a_status() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
            assert!(code.as_str().starts_with("com.liveperson.faas."));
            assert!(
                [400, 401, 403, 404, 405, 408, 409, 429, 500, 502, 901]
                    .contains(&code.http_status())
            );
        }
    }

    #[test]
    fn seed_codes_use_only_the_seed_statuses() {
        assert_eq!(ErrorCode::SEED.len(), 11);
        for code in ErrorCode::SEED {
            assert!(
                [400, 404, 500, 502, 901].contains(&code.http_status()),
                "{code}"
            );
            assert!(!code.meaning().is_empty());
        }
    }

    #[test]
    fn handler_codes_are_901_and_only_they() {
        for code in ErrorCode::ALL {
            assert_eq!(
                code.is_handler(),
                code.as_str().starts_with("com.liveperson.faas.handler.")
            );
        }
        assert_eq!(ErrorCode::EsUnavailable.http_status_for_timeout(), 504);
        assert_eq!(
            ErrorCode::parse("com.liveperson.faas.handler.executiontime-exceeded\t"),
            Some(ErrorCode::HandlerExecutionTimeExceeded)
        );
    }
}
