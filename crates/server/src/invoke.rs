//! The one invoke path: **find → limits → run → record → outcome**, for every trigger.
//!
//! The gateway (by UUID, by event), the scheduler and the orchestrator (function-to-function) are
//! adapters: they build an [`Invocation`], call [`admit`] and [`run`] (or [`invoke`] for both),
//! and render the result their own way. Nothing else runs a function, writes its record or
//! translates its failure.
//!
//! **Architecture Invariant:** the hot path never waits on the store. [`admit`] reads the
//! registry; only a miss reads the store (to install a function another node deployed, or to tell
//! `notdeployed` from `missinglambda`). Records go to the bounded queue.
//!
//! **API Boundary:** [`InvokeFailure`] is the only error of this module; [`InvokeFailure::code`]
//! is its one mapping to the seed's [`ErrorCode`] (the HTTP status follows from the code).

use crate::records::Record;
use crate::registry::Deployed;
use crate::state::AppState;
use fnhost_model::{ErrorCode, LambdaState};
use fnhost_runtime::{InvokeError, LoadError, Outcome};
use fnhost_store::StoreError;
use std::sync::Arc;
use std::time::Duration;

/// What started an invocation. The engine never sees it; it decides limits and recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// `POST …/lambdas/{uuid}/invoke` by an app (a real invocation).
    Gateway,
    /// The same call by a user: a test invocation (answered with logs, never recorded).
    Test,
    /// `POST …/events/{event}/invoke`: one listener of the event.
    Event { event_id: String },
    /// A cron occurrence of the schedule.
    Schedule { schedule_uuid: String },
    /// `Toolbelt.LambdaOrchestrator` inside another function of the account.
    Orchestrator { caller_uuid: String },
    /// `ANY /fn/{acc}/{name}/…`: the function's HTTP trigger (public: without a token).
    Http { public: bool },
    /// An attempt of an asynchronous invocation (accepted earlier with a 202; rate limits were
    /// checked then).
    Async { invocation_id: String },
}

impl Trigger {
    /// The trigger's name in traces.
    pub fn kind(&self) -> &'static str {
        match self {
            Trigger::Gateway => "gateway",
            Trigger::Test => "test",
            Trigger::Event { .. } => "event",
            Trigger::Schedule { .. } => "schedule",
            Trigger::Orchestrator { .. } => "orchestrator",
            Trigger::Http { .. } => "http",
            Trigger::Async { .. } => "async",
        }
    }

    /// Real invocations are recorded (reports, logs); test invocations are not.
    fn is_recorded(&self) -> bool {
        *self != Trigger::Test
    }
    /// Calls from outside the platform count against the account's and the function's rate
    /// limits; schedules and orchestrated calls are the platform's own.
    fn is_rate_limited(&self) -> bool {
        matches!(
            self,
            Trigger::Gateway | Trigger::Test | Trigger::Event { .. } | Trigger::Http { .. }
        )
    }
}

/// One invocation of one function.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub request_id: String,
    pub trigger: Trigger,
    /// `{"timestamp":…,"headers":[…],"payload":…}` as the function receives it.
    pub input: String,
}

impl Invocation {
    /// Renders the function's input from its parts: a timestamp (epoch ms, as JSON number text),
    /// `[{key, value}]` headers and the payload as JSON text.
    pub fn input_json(timestamp: &str, headers: &[(String, String)], payload: &str) -> String {
        let headers: Vec<serde_json::Value> = headers
            .iter()
            .map(|(k, v)| serde_json::json!({"key": k, "value": v}))
            .collect();
        let headers = serde_json::to_string(&headers).expect("headers serialise");
        format!(r#"{{"timestamp":{timestamp},"headers":{headers},"payload":{payload}}}"#)
    }
}

/// Why an invocation did not produce a result.
#[derive(Debug, thiserror::Error)]
pub enum InvokeFailure {
    #[error("function {uuid} does not exist")]
    MissingFunction { uuid: String },
    #[error("function {uuid} ({name}) is not deployed (state {state})")]
    NotDeployed {
        uuid: String,
        name: String,
        state: String,
    },
    #[error("{what} exceeded its rate limit of {per_second} invocations per second")]
    RateLimited {
        what: String,
        per_second: u32,
        retry_after: Duration,
    },
    #[error(
        "account {account} has {limit} asynchronous invocations waiting (the queue depth limit); retry later"
    )]
    QueueFull { account: String, limit: i64 },
    #[error(
        "account {account} has used its quota of {limit} invocations this month; it renews on the 1st (UTC)"
    )]
    QuotaExceeded { account: String, limit: i64 },
    #[error("function {uuid} already runs {limit} concurrent invocations (its concurrency limit)")]
    ConcurrencyLimit { uuid: String, limit: usize },
    #[error(
        "account {account} already runs {limit} concurrent invocations on this node (the per-account concurrency limit)"
    )]
    AccountBusy { account: String, limit: usize },
    #[error(
        "no memory left for another function instance: all functions on this node together hold the memory budget ({limit_mb} MiB); retry later"
    )]
    MemoryBudget { limit_mb: usize },
    #[error("the function could not be loaded: {0}")]
    Load(String),
    #[error("the server is shutting down; retry")]
    ShuttingDown,
    #[error("no answer within {0} ms")]
    TimedOut(u64),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The function ran and failed; the outcome holds its error and logs.
    #[error("{}", .0.result.as_ref().err().map(|e| e.message.as_str()).unwrap_or_default())]
    Function(Box<Outcome>),
}

impl InvokeFailure {
    /// The seed code this failure answers with.
    pub fn code(&self) -> ErrorCode {
        match self {
            InvokeFailure::MissingFunction { .. } => ErrorCode::EsMissingLambda,
            InvokeFailure::NotDeployed { .. } => ErrorCode::EsNotDeployed,
            InvokeFailure::RateLimited { .. }
            | InvokeFailure::ConcurrencyLimit { .. }
            | InvokeFailure::AccountBusy { .. }
            | InvokeFailure::MemoryBudget { .. }
            | InvokeFailure::QuotaExceeded { .. }
            | InvokeFailure::QueueFull { .. } => ErrorCode::RateLimited,
            InvokeFailure::Load(_) => ErrorCode::HandlerRuntimeException,
            InvokeFailure::ShuttingDown => ErrorCode::EsUnavailable,
            InvokeFailure::TimedOut(_) => ErrorCode::HandlerExecutionTimeExceeded,
            InvokeFailure::Store(StoreError::Unavailable(_) | StoreError::Timeout(_)) => {
                ErrorCode::EsUnavailable
            }
            InvokeFailure::Store(StoreError::NotFound) => ErrorCode::EsMissingLambda,
            InvokeFailure::Store(_) => ErrorCode::EsGeneral,
            InvokeFailure::Function(o) => o
                .result
                .as_ref()
                .err()
                .map(|e| e.code)
                .unwrap_or(ErrorCode::EsGeneral),
        }
    }

    /// Seconds a client should wait before retrying, for limit failures.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            InvokeFailure::RateLimited { retry_after, .. } => {
                Some(retry_after.as_secs_f64().ceil().max(1.0) as u64)
            }
            InvokeFailure::ConcurrencyLimit { .. }
            | InvokeFailure::AccountBusy { .. }
            | InvokeFailure::MemoryBudget { .. }
            | InvokeFailure::QueueFull { .. } => Some(1),
            InvokeFailure::QuotaExceeded { .. } => Some(3600),
            _ => None,
        }
    }
}

fn check_limiter(
    limiter: Option<&governor::DefaultKeyedRateLimiter<String>>,
    key: &str,
    what: impl FnOnce() -> String,
    per_second: u32,
) -> Result<(), InvokeFailure> {
    if let Some(l) = limiter
        && let Err(not_until) = l.check_key(&key.to_owned())
    {
        let retry_after = not_until.wait_time_from(governor::clock::Clock::now(
            &governor::clock::DefaultClock::default(),
        ));
        return Err(InvokeFailure::RateLimited {
            what: what(),
            per_second,
            retry_after,
        });
    }
    Ok(())
}

/// The account's rate limit alone (for work an external caller causes before a function is known).
pub fn check_account_rate(st: &AppState, account: &str) -> Result<(), InvokeFailure> {
    if let Some(own) = st.account_limits.account_rate(account) {
        return match &own.limiter {
            Some(l) => l.check().map_err(|not_until| InvokeFailure::RateLimited {
                what: format!("account {account}"),
                per_second: own.per_second,
                retry_after: not_until.wait_time_from(governor::clock::Clock::now(
                    &governor::clock::DefaultClock::default(),
                )),
            }),
            None => Ok(()),
        };
    }
    let Some(default) = st.account_limits.default_account() else {
        return Ok(());
    };
    check_limiter(
        default.limiter.as_ref(),
        account,
        || format!("account {account}"),
        default.per_second,
    )
}

/// The rate limits of the account and of the function, for triggers that have them.
pub fn check_rate(
    st: &AppState,
    trigger: &Trigger,
    account: &str,
    uuid: &str,
) -> Result<(), InvokeFailure> {
    if !trigger.is_rate_limited() {
        return Ok(());
    }
    let r = check_account_rate(st, account).and_then(|()| {
        match st.account_limits.function_rate(account) {
            Some(own) => check_limiter(
                own.limiter.as_ref(),
                uuid,
                || format!("function {uuid}"),
                own.per_second,
            ),
            None => match st.account_limits.default_function() {
                Some(default) => check_limiter(
                    default.limiter.as_ref(),
                    uuid,
                    || format!("function {uuid}"),
                    default.per_second,
                ),
                None => Ok(()),
            },
        }
    });
    if r.is_err() {
        st.rate_limited
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    r
}

/// Limits, then the deployed function of `account` (installing one that another node deployed).
/// Limits come first: calls for unknown functions (a store read each) count against them too.
pub async fn admit(
    st: &AppState,
    trigger: &Trigger,
    account: &str,
    uuid: &str,
) -> Result<Arc<Deployed>, InvokeFailure> {
    check_rate(st, trigger, account, uuid)?;
    if st.config.enforce_invocation_quota {
        st.quota
            .admit(st, account)
            .map_err(|limit| InvokeFailure::QuotaExceeded {
                account: account.into(),
                limit,
            })?;
    }
    if let Some(d) = st.registry.get(uuid) {
        if d.account_id == account {
            return Ok(d);
        }
        return Err(InvokeFailure::MissingFunction { uuid: uuid.into() });
    }
    let read_at = crate::now_ms();
    match st.store.get_lambda(account, uuid).await? {
        Some(l) if l.deployed.is_some() && l.state != LambdaState::MarkedUndeployed => {
            let name = l.name.clone();
            if !st
                .registry
                .install_read_at(l.deployed_function().expect("checked above"), read_at)
            {
                // Undeployed on this node while it was being read.
                return Err(InvokeFailure::NotDeployed {
                    uuid: uuid.into(),
                    name,
                    state: LambdaState::MarkedUndeployed.as_str().into(),
                });
            }
            st.registry
                .get(uuid)
                .ok_or_else(|| InvokeFailure::Load("the function could not be installed".into()))
        }
        Some(l) => Err(InvokeFailure::NotDeployed {
            uuid: uuid.into(),
            name: l.name,
            state: l.state.as_str().into(),
        }),
        None => Err(InvokeFailure::MissingFunction { uuid: uuid.into() }),
    }
}

/// Runs an admitted function, records the invocation (unless it is a test) and maps the outcome:
/// `Ok` only when the function produced a result.
pub async fn run(
    st: &AppState,
    d: &Deployed,
    invocation: Invocation,
) -> Result<Outcome, InvokeFailure> {
    let started = crate::now_ms();
    let clock = std::time::Instant::now();
    let wall = st.traces.as_ref().map(|_| std::time::SystemTime::now());
    let (trigger_kind, request_id) = (invocation.trigger.kind(), invocation.request_id.clone());
    let outcome = if st.config.js_inline {
        d.pool.invoke_inline(invocation.input).await
    } else {
        d.pool.invoke(invocation.input).await
    };
    if invocation.trigger.is_recorded() && st.records.enabled() {
        st.records.submit(Record::of_invocation(
            &d.account_id,
            &d.uuid,
            &invocation.request_id,
            started,
            &outcome,
        ));
    }
    let metrics = d
        .metrics
        .get_or_init(|| st.metrics.for_function(&d.account_id, &d.uuid, &d.name));
    let trace = |code: Option<&str>| {
        if let (Some(t), Some(started)) = (&st.traces, wall) {
            t.invocation(crate::otlp::InvocationSpan {
                account: &d.account_id,
                function: &d.uuid,
                name: &d.name,
                request_id: &request_id,
                trigger: trigger_kind,
                error_code: code,
                started,
            });
        }
    };
    let failure = match outcome {
        Ok(o) if o.result.is_ok() => {
            st.metrics.invocation(metrics, None, clock.elapsed());
            trace(None);
            return Ok(o);
        }
        Ok(o) => InvokeFailure::Function(Box::new(o)),
        Err(InvokeError::ConcurrencyLimit { limit }) => InvokeFailure::ConcurrencyLimit {
            uuid: d.uuid.clone(),
            limit,
        },
        Err(InvokeError::AccountLimit { limit }) => InvokeFailure::AccountBusy {
            account: d.account_id.clone(),
            limit,
        },
        Err(InvokeError::Load(LoadError::MemoryBudget { limit_mb })) => {
            InvokeFailure::MemoryBudget { limit_mb }
        }
        Err(InvokeError::Load(e)) => InvokeFailure::Load(e.to_string()),
        Err(InvokeError::ShuttingDown) => InvokeFailure::ShuttingDown,
    };
    let code = failure.code().as_str();
    st.metrics.invocation(metrics, Some(code), clock.elapsed());
    trace(Some(code));
    // The limits the runtime answers (concurrency, the account's cap, the memory budget).
    if failure.retry_after().is_some() {
        st.rate_limited
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    Err(failure)
}

/// [`admit`] then [`run`].
pub async fn invoke(
    st: &AppState,
    account: &str,
    uuid: &str,
    invocation: Invocation,
) -> Result<Outcome, InvokeFailure> {
    let d = admit(st, &invocation.trigger, account, uuid).await?;
    run(st, &d, invocation).await
}
