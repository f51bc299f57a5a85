//! What an invocation produces: a result or a classified failure, plus logs and timing.

use fnhost_model::{ErrorCode, LogEntry};
use std::time::Duration;

/// A function failure, already classified into a seed code.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionError {
    /// One of the `handler.*` codes.
    pub code: ErrorCode,
    /// Human-readable message: the error's message for custom failures, `Name: message` for
    /// exceptions, the limit for timeouts.
    pub message: String,
    /// The JS error name (`Error`, `TypeError`, `NonError`, …) when there was a JS value.
    pub name: Option<String>,
    /// The JS stack trace, when there was one.
    pub stack: Option<String>,
}

impl FunctionError {
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        FunctionError {
            code,
            message: message.into(),
            name: None,
            stack: None,
        }
    }
}

/// The outcome of one invocation.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `Ok(json text of the callback result)` or the classified failure.
    ///
    /// When the log limit was reached the result is `Err` with `handler.log-limit-reached`, and the
    /// value the function produced (if any) is kept in [`Outcome::result_despite_failure`].
    pub result: Result<String, FunctionError>,
    /// The callback result produced by a function that nevertheless failed (log limit reached).
    pub result_despite_failure: Option<String>,
    /// Captured logs (all levels, Debug included), capped by the log limits; when the limit is hit
    /// the last entry is an Error entry that says how much was dropped.
    pub logs: Vec<LogEntry>,
    /// Wall time from the start of the invocation to its outcome (excluding a cold start).
    pub duration: Duration,
    /// True when this invocation had to create a new instance.
    pub cold_start: bool,
    /// Time spent creating the instance (zero when warm).
    pub init_time: Duration,
    /// CPU time the call's JS used (the executor thread's CPU clock while it ran).
    pub cpu_time: Duration,
}

impl Outcome {
    pub fn error_code(&self) -> Option<ErrorCode> {
        self.result.as_ref().err().map(|e| e.code)
    }
}

/// Why code could not be loaded (deploy-time check and instance creation).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    #[error("code is {chars} characters long; the limit is {limit} characters")]
    TooLarge { chars: usize, limit: usize },
    #[error("SyntaxError: {message} (line {line}, column {column})")]
    Syntax {
        message: String,
        line: u32,
        column: u32,
    },
    #[error(
        "the code does not define a function named `lambda` (or assign a function to module.exports)"
    )]
    MissingLambda,
    #[error("the code threw while loading: {0}")]
    TopLevelException(String),
    #[error("loading the code took longer than {0} ms")]
    Timeout(u64),
    #[error("the JS engine could not be started: {0}")]
    Engine(String),
    #[error(
        "no memory left for a new instance: the memory budget of all functions on this node ({limit_mb} MiB) is used up"
    )]
    MemoryBudget { limit_mb: usize },
}

/// Why an invocation could not even start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InvokeError {
    #[error(
        "the function already runs {limit} concurrent invocations on this node (its concurrency limit)"
    )]
    ConcurrencyLimit { limit: usize },
    #[error(
        "the account already runs {limit} concurrent invocations on this node (the per-account limit)"
    )]
    AccountLimit { limit: usize },
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("the JS executor is shutting down")]
    ShuttingDown,
}
