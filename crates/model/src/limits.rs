//! Resource limits of one function invocation, with the platform defaults.

use serde::{Deserialize, Serialize};

/// Limits applied to a function. Every field has the LivePerson Functions default (or, where the
/// platform documents none, the fnhost default noted on the field) and can be overridden per platform
/// and per function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Wall-clock time of one invocation, in milliseconds (30 s).
    pub timeout_ms: u64,
    /// Heap of one instance, in bytes (256 MiB), as counted by QuickJS.
    pub memory_bytes: usize,
    /// Source code size, in characters (100,000).
    pub code_chars: usize,
    /// Log entries per invocation (10).
    pub log_entries: usize,
    /// Characters of message plus extras per invocation (6,000).
    pub log_chars: usize,
    /// Serialised result size in bytes (fnhost default 1 MiB).
    pub result_bytes: usize,
    /// Concurrent invocations of one function on one node (fnhost default 64).
    pub concurrency: usize,
    /// JS stack size in bytes (fnhost default 512 KiB; always below the executor's thread stack).
    pub stack_bytes: usize,
    /// CPU time one invocation may use, in milliseconds, separate from the wall-clock limit
    /// (fnhost default 0: none, the wall-clock limit alone applies).
    pub cpu_time_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout_ms: 30_000,
            memory_bytes: 256 << 20,
            code_chars: 100_000,
            log_entries: 10,
            log_chars: 6_000,
            result_bytes: 1 << 20,
            concurrency: 64,
            stack_bytes: 512 << 10,
            cpu_time_ms: 0,
        }
    }
}

/// Per-function overrides of the platform limits (unset fields keep the platform value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FunctionLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_mb: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<usize>,
    /// CPU time one invocation may use, in milliseconds (at most the wall-clock limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_time_ms: Option<u64>,
    /// Asynchronous invocations: attempts after the first when one fails in a way that may pass
    /// next time (default [`DEFAULT_RETRIES`], at most [`MAX_RETRIES`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
    /// Asynchronous invocations: retry `handler.custom-failure` too (the function's own verdict;
    /// default false). Also accepted as `retry`.
    #[serde(default, alias = "retry", skip_serializing_if = "Option::is_none")]
    pub retry_custom_failures: Option<bool>,
    /// Asynchronous invocations: a function of the same account invoked (asynchronously) with
    /// the failure record of each invocation that became a dead letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<uuid::Uuid>,
}

/// Retries of a failed asynchronous invocation unless the function sets `limits.retries`.
pub const DEFAULT_RETRIES: u32 = 2;
/// The most retries a function may ask for.
pub const MAX_RETRIES: u32 = 10;

impl FunctionLimits {
    pub fn is_empty(&self) -> bool {
        *self == FunctionLimits::default()
    }

    /// The platform limits with these overrides applied.
    pub fn apply(&self, base: Limits) -> Limits {
        Limits {
            timeout_ms: self.timeout_ms.unwrap_or(base.timeout_ms),
            memory_bytes: self
                .memory_mb
                .map(|m| (m as usize) << 20)
                .unwrap_or(base.memory_bytes),
            concurrency: self.concurrency.unwrap_or(base.concurrency),
            cpu_time_ms: self.cpu_time_ms.unwrap_or(base.cpu_time_ms),
            ..base
        }
    }
}
