//! Domain types shared by every fnhost crate, and the error taxonomy.
//!
//! Nothing here does I/O. The runtime, the store, the server and the CLI all speak these types, so the
//! wire spelling of a state, a log level or an error code lives in exactly one place.

mod clock;
mod error_code;
mod function;
mod host_error;
mod limits;
mod logs;

pub use clock::now_ms;
pub use error_code::{ErrorCode, LAMBDA_EXECUTION_FAILED};
pub use function::{DeploymentState, HttpTrigger, KeyValue, LambdaState};
pub use host_error::HostErrorCode;
pub use limits::{DEFAULT_RETRIES, FunctionLimits, Limits, MAX_RETRIES};
pub use logs::{LogEntry, LogLevel};
