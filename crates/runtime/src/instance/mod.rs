//! One function instance: a QuickJS runtime and context with the prelude and the user's code loaded.
//!
//! An instance owns its heap, memory limit, stack limit and interrupt deadline, and serves one call
//! at a time: everything its JS does belongs to that call. Before it serves another call the work
//! the last one left behind (promises, host I/O) is run to its end within that call's deadline
//! ([`Instance::settle`]); timers the call set never fire after it has its answer. After a
//! timeout, an interrupt, an out-of-memory error or work that would not settle it is *poisoned*:
//! the pool drops it instead of reusing it, so nothing of one call ever reaches another.

mod shared;

pub(crate) use shared::InstanceShared;
use shared::{Pending, metered};

use crate::budget::{BudgetAllocator, MemoryBudget};
use crate::fairness::Fairness;
use crate::globals;
use crate::host::{Caller, HostServices};
use crate::logbuf::LogBuffer;
use crate::outcome::{FunctionError, LoadError, Outcome};
use crate::spec::FunctionSpec;
use fnhost_model::ErrorCode;
use rquickjs::context::EvalOptions;
use rquickjs::{
    AsyncContext, AsyncRuntime, CatchResultExt, CaughtError, Ctx, Function, JsLifetime, Object,
    Value,
};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// Prefix that turns the user's source into a CommonJS-style wrapper. Kept on the same line as the
/// first line of user code so that reported line numbers match the user's file.
const WRAP_PREFIX: &str = "(function (module, exports, require) {";
const WRAP_SUFFIX: &str = "\n;return typeof lambda === 'function' ? lambda : undefined;\n})";

/// How the JS wrapper finished an invocation (see `finish()` in `js/prelude.js`).
const DONE_OK: i32 = 0;
const DONE_CALLBACK_ERROR: i32 = 1;

/// The prelude's private hooks, kept as the context's user data (never on `globalThis`).
struct Hooks<'js> {
    invoke: Function<'js>,
    unhandled: Function<'js>,
}

// SAFETY: `Hooks` holds only JS values of lifetime 'js.
unsafe impl<'js> JsLifetime<'js> for Hooks<'js> {
    type Changed<'to> = Hooks<'to>;
}

/// A loaded function instance.
pub struct Instance {
    // Field order matters: the context must be dropped before its runtime.
    ctx: AsyncContext,
    rt: AsyncRuntime,
    shared: Arc<InstanceShared>,
    budget: Arc<MemoryBudget>,
    init_time: Duration,
}

/// Whether an error is the engine's own out-of-memory error (QuickJS throws exactly
/// `InternalError: out of memory`), not a function's error that merely mentions memory.
fn is_engine_oom(name: &str, message: &str) -> bool {
    name == "InternalError" && message == "out of memory"
}

fn exception_details(err: &CaughtError<'_>) -> (String, String, Option<String>) {
    match err {
        CaughtError::Exception(e) => {
            let name = e
                .get::<_, Option<String>>("name")
                .ok()
                .flatten()
                .unwrap_or_else(|| "Error".into());
            (name, e.message().unwrap_or_default(), e.stack())
        }
        CaughtError::Value(v) => ("NonError".into(), format!("{v:?}"), None),
        CaughtError::Error(e) => ("Error".into(), e.to_string(), None),
    }
}

/// Line and column of a syntax error, from quickjs-ng's `lineNumber`/`columnNumber` or its stack.
fn syntax_position(err: &CaughtError<'_>) -> (u32, u32) {
    if let CaughtError::Exception(e) = err {
        let line = e.get::<_, Option<u32>>("lineNumber").ok().flatten();
        let col = e.get::<_, Option<u32>>("columnNumber").ok().flatten();
        if let (Some(l), Some(c)) = (line, col) {
            return (l, c);
        }
        if let Some(pos) = e
            .stack()
            .as_deref()
            .and_then(|s| s.split("index.js:").nth(1).map(str::to_owned))
        {
            let mut it = pos
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty());
            let l = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let c = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            return (l, c);
        }
    }
    (0, 0)
}

impl Instance {
    /// Creates an instance: runtime, limits, prelude, then the user's code (top-level code runs with
    /// a load deadline). Fails with a [`LoadError`] that names the problem precisely.
    pub(crate) async fn create(
        spec: &FunctionSpec,
        services: &HostServices,
        fairness: &Arc<Fairness>,
        budget: &Arc<MemoryBudget>,
    ) -> Result<Instance, LoadError> {
        let started = Instant::now();
        let chars = spec.code.chars().count();
        if chars > spec.limits.code_chars {
            return Err(LoadError::TooLarge {
                chars,
                limit: spec.limits.code_chars,
            });
        }
        let engine_err = |e: rquickjs::Error| LoadError::Engine(e.to_string());
        let shared = Arc::new(InstanceShared::new(fairness.clone()));
        let allocator = BudgetAllocator::new(
            budget.clone(),
            shared.budget_exhausted.clone(),
            shared.heap.clone(),
        );
        let rt = AsyncRuntime::new_with_alloc(allocator).map_err(|e| {
            if shared.budget_exhausted.load(Ordering::Relaxed) {
                LoadError::MemoryBudget {
                    limit_mb: budget.limit() >> 20,
                }
            } else {
                engine_err(e)
            }
        })?;
        rt.set_memory_limit(spec.limits.memory_bytes).await;
        rt.set_max_stack_size(spec.limits.stack_bytes).await;
        let sh = shared.clone();
        rt.set_interrupt_handler(Some(Box::new(move || sh.interrupt())))
            .await;
        let sh = shared.clone();
        rt.set_host_promise_rejection_tracker(Some(Box::new(
            move |ctx: Ctx<'_>, promise: Value<'_>, reason: Value<'_>, handled: bool| {
                // A job stopped by the interrupt rejects its promise too; that is a timeout, not an error.
                if sh.interrupted.load(Ordering::Relaxed) {
                    return;
                }
                // Both edges go to the prelude: a rejection counts as unhandled only if no handler
                // is attached before the microtasks drain (as in Node), so `handled` retracts it.
                let hook = ctx.userdata::<Hooks>().map(|h| h.unhandled.clone());
                if let Some(f) = hook {
                    let _ = f.call::<_, ()>((reason, promise, handled));
                }
            },
        )))
        .await;
        let ctx = AsyncContext::full(&rt).await.map_err(engine_err)?;

        let load_ms = spec.limits.timeout_ms.min(5_000);
        shared.set_deadline(Instant::now() + Duration::from_millis(load_ms));
        let caller = Caller {
            account_id: spec.account_id.clone(),
            lambda_uuid: spec.lambda_uuid.clone(),
        };
        let env_json = serde_json::to_string(&spec.env).unwrap_or_else(|_| "{}".into());
        let sh = shared.clone();
        let services = services.clone();
        let code = spec.code.clone();
        let account = spec.account_id.clone();
        let loading = ctx.with(move |ctx| {
            let host =
                globals::host_object(&ctx, sh.clone(), services, caller).map_err(engine_err)?;
            let hooks: Object = globals::run_prelude(&ctx, host, &env_json, &account)
                .catch(&ctx)
                .map_err(|e| LoadError::Engine(exception_details(&e).1))?;
            let load: Function = hooks.get("load").map_err(engine_err)?;
            let unhandled: Function = hooks.get("unhandled").map_err(engine_err)?;
            let mut opts = EvalOptions::default();
            opts.global = true;
            opts.strict = false;
            opts.filename = Some("index.js".into());
            let source = format!("{WRAP_PREFIX}{code}{WRAP_SUFFIX}");
            let wrapper: Function = match ctx.eval_with_options(source, opts).catch(&ctx) {
                Ok(f) => f,
                Err(e) => {
                    let (name, message, _) = exception_details(&e);
                    if name == "SyntaxError" {
                        let (line, mut column) = syntax_position(&e);
                        if line == 1 {
                            column = column.saturating_sub(WRAP_PREFIX.len() as u32);
                        }
                        return Err(LoadError::Syntax {
                            message,
                            line,
                            column,
                        });
                    }
                    return Err(classify_load_failure(&sh, name, message, load_ms));
                }
            };
            let invoke = match load.call::<_, Option<Function>>((wrapper,)).catch(&ctx) {
                Ok(Some(f)) => f,
                Ok(None) => return Err(LoadError::MissingLambda),
                Err(e) => {
                    let (name, message, _) = exception_details(&e);
                    return Err(classify_load_failure(&sh, name, message, load_ms));
                }
            };
            ctx.store_userdata(Hooks { invoke, unhandled })
                .map_err(|e| LoadError::Engine(e.to_string()))?;
            Ok(())
        });
        let loaded: Result<(), LoadError> = metered(&shared, loading).await;
        shared.clear_deadline();
        if shared.budget_exhausted.load(Ordering::Relaxed) {
            return Err(LoadError::MemoryBudget {
                limit_mb: budget.limit() >> 20,
            });
        }
        loaded?;
        Ok(Instance {
            ctx,
            rt,
            shared,
            budget: budget.clone(),
            init_time: started.elapsed(),
        })
    }

    pub(crate) fn init_time(&self) -> Duration {
        self.init_time
    }

    pub(crate) fn is_poisoned(&self) -> bool {
        self.shared.poisoned.load(Ordering::Relaxed)
    }

    /// Runs one invocation to its outcome. `input_json` is the `{timestamp, headers, payload}` text.
    /// The call ends at `deadline` (set when the call was admitted, so time spent waiting for an
    /// instance counts).
    pub(crate) async fn invoke(
        &self,
        input_json: String,
        spec: &FunctionSpec,
        deadline: Instant,
    ) -> Outcome {
        let limits = &spec.limits;
        let started = Instant::now();
        let id = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
        // A budget failure an earlier call caught and survived is not this call's.
        self.shared.budget_exhausted.store(false, Ordering::Relaxed);
        self.shared.heap.restart();
        let (tx, rx) = oneshot::channel();
        self.shared
            .pending
            .lock()
            .expect("pending map poisoned")
            .insert(
                id,
                Pending {
                    tx: Some(tx),
                    logs: LogBuffer::new(limits.log_entries, limits.log_chars),
                },
            );
        self.shared.set_deadline(deadline);
        self.shared
            .run
            .lock()
            .expect("run state poisoned")
            .start_call(Duration::from_millis(limits.cpu_time_ms));

        let shared = self.shared.clone();
        let running = self.ctx.async_with(async move |ctx| {
            let hook = ctx.userdata::<Hooks>().map(|h| h.invoke.clone());
            let Some(invoke) = hook else {
                return RawResult::Thrown(
                    "InternalError".into(),
                    "the function is not loaded".into(),
                    None,
                );
            };
            // Built in Rust when it can be; otherwise the prelude parses the text.
            let called = match crate::json_input::parse_object(&ctx, &input_json) {
                Some(input) => invoke.call::<_, ()>((input, id as f64)),
                None => invoke.call::<_, ()>((input_json, id as f64)),
            };
            if let Err(e) = called.catch(&ctx) {
                if shared.interrupted.load(Ordering::Relaxed) {
                    return RawResult::Interrupted;
                }
                let (name, message, stack) = exception_details(&e);
                return RawResult::Thrown(name, message, stack);
            }
            tokio::select! {
                biased;
                answer = rx => match answer {
                    Ok((kind, payload)) => RawResult::Done(kind, payload),
                    Err(_) => RawResult::Thrown(
                        "InternalError".into(),
                        "invocation was abandoned".into(),
                        None,
                    ),
                },
                _ = shared.stopped.notified() => RawResult::Interrupted,
                _ = tokio::time::sleep_until(deadline.into()) => {
                    if shared.interrupted.load(Ordering::Relaxed) {
                        RawResult::Interrupted
                    } else {
                        RawResult::TimedOut
                    }
                }
            }
        });
        let raw: RawResult = metered(&self.shared, running).await;

        self.shared.clear_deadline();
        let cpu_time = self
            .shared
            .run
            .lock()
            .expect("run state poisoned")
            .cpu_used();
        // Once the interrupt fired, whatever JS reported afterwards is a consequence of it.
        let raw = if self.shared.interrupted.load(Ordering::Relaxed)
            && !matches!(raw, RawResult::Done(DONE_OK, _))
        {
            RawResult::Interrupted
        } else {
            raw
        };
        // A failure while the heap is (nearly) full is an out-of-memory, whatever JS managed to report
        // (QuickJS throws `null` when it runs out of memory while building the error).
        let raw = match raw {
            RawResult::Done(kind, _)
                if kind != DONE_OK && self.out_of_memory(limits.memory_bytes).await =>
            {
                RawResult::Thrown("InternalError".into(), "out of memory".into(), None)
            }
            RawResult::Thrown(..) if self.out_of_memory(limits.memory_bytes).await => {
                RawResult::Thrown("InternalError".into(), "out of memory".into(), None)
            }
            other => other,
        };
        let pending = self
            .shared
            .pending
            .lock()
            .expect("pending map poisoned")
            .remove(&id);
        let (logs, log_overflow) = pending.map(|p| p.logs.finish()).unwrap_or_default();
        let mut result = self.classify(raw, limits);
        if self.shared.budget_exhausted.load(Ordering::Relaxed) {
            // An allocation failed under this call: whatever the JS made of it, start afresh.
            self.shared.poisoned.store(true, Ordering::Relaxed);
        }
        let mut result_despite_failure = None;
        if let (Some(overflow), Ok(value)) = (log_overflow, &result) {
            result_despite_failure = Some(value.clone());
            result = Err(FunctionError::new(
                ErrorCode::HandlerLogLimitReached,
                overflow,
            ));
        }
        Outcome {
            result,
            result_despite_failure,
            logs,
            duration: started.elapsed(),
            cold_start: false,
            init_time: Duration::ZERO,
            cpu_time,
        }
    }

    /// Whether the heap is (nearly) at the instance's limit, or an allocation hit the budget.
    async fn out_of_memory(&self, limit: usize) -> bool {
        if self.shared.budget_exhausted.load(Ordering::Relaxed) {
            return true;
        }
        // The peak, not the use now: the collector may already have freed what filled the heap.
        let usage = self.rt.memory_usage().await;
        let peak = self.shared.heap.peak().max(usage.malloc_size as usize);
        peak as u64 >= (limit as u64) / 10 * 9
    }

    /// What an out-of-memory error says: the instance's limit or the process-wide budget.
    fn oom_message(&self, name: &str, memory: usize) -> String {
        if self.shared.budget_exhausted.load(Ordering::Relaxed) {
            format!(
                "{name}: out of memory (the memory budget of all functions on this node, {} MiB, is used up)",
                self.budget.limit() >> 20
            )
        } else {
            format!("{name}: out of memory (limit {} MiB)", memory >> 20)
        }
    }

    /// Whether the last call left nothing running (no job, no host future, not poisoned).
    pub(crate) async fn is_quiet(&self) -> bool {
        !self.is_poisoned() && !self.rt.is_job_pending().await
    }

    /// Runs what the last call left behind (promises, host I/O in flight) to its end, within that
    /// call's `deadline`. `true` when the instance is quiet and may serve another call; otherwise
    /// it must be dropped.
    pub(crate) async fn settle(&self, deadline: Instant) -> bool {
        if self.is_poisoned() {
            return false;
        }
        self.shared.set_deadline(deadline);
        let drained = metered(
            &self.shared,
            tokio::time::timeout_at(deadline.into(), self.rt.idle()),
        )
        .await
        .is_ok();
        self.shared.clear_deadline();
        if !drained {
            self.shared.poisoned.store(true, Ordering::Relaxed);
        }
        drained && !self.is_poisoned()
    }

    fn classify(
        &self,
        raw: RawResult,
        limits: &fnhost_model::Limits,
    ) -> Result<String, FunctionError> {
        let (timeout_ms, memory, max_result) =
            (limits.timeout_ms, limits.memory_bytes, limits.result_bytes);
        let poison = || self.shared.poisoned.store(true, Ordering::Relaxed);
        match raw {
            RawResult::Done(DONE_OK, json) => {
                if json.len() > max_result {
                    Err(FunctionError::new(
                        ErrorCode::HandlerRuntimeException,
                        format!(
                            "the result is {} bytes; the limit is {max_result} bytes",
                            json.len()
                        ),
                    ))
                } else {
                    Ok(json)
                }
            }
            RawResult::Done(kind, info) => {
                let info: ErrorInfo = serde_json::from_str(&info).unwrap_or_else(|_| ErrorInfo {
                    error: false,
                    name: "Error".into(),
                    message: info,
                    stack: String::new(),
                });
                let code = if kind == DONE_CALLBACK_ERROR {
                    ErrorCode::HandlerCustomFailure
                } else {
                    ErrorCode::HandlerRuntimeException
                };
                let mut message = if code == ErrorCode::HandlerCustomFailure || !info.error {
                    info.message.clone()
                } else {
                    format!("{}: {}", info.name, info.message)
                };
                if is_engine_oom(&info.name, &info.message) {
                    poison();
                    message = self.oom_message(&info.name, memory);
                }
                Err(FunctionError {
                    code,
                    message,
                    name: Some(info.name),
                    stack: (!info.stack.is_empty()).then_some(info.stack),
                })
            }
            RawResult::Thrown(name, message, stack) => {
                let message = if is_engine_oom(&name, &message) {
                    poison();
                    self.oom_message(&name, memory)
                } else {
                    format!("{name}: {message}")
                };
                Err(FunctionError {
                    code: ErrorCode::HandlerRuntimeException,
                    message,
                    name: Some(name),
                    stack,
                })
            }
            RawResult::Interrupted if self.shared.cpu_exceeded.load(Ordering::Relaxed) => {
                poison();
                Err(FunctionError::new(
                    ErrorCode::HandlerExecutionTimeExceeded,
                    format!(
                        "the function used more than its CPU time limit of {} ms and was stopped; look for long loops or heavy computation",
                        limits.cpu_time_ms
                    ),
                ))
            }
            RawResult::Interrupted => {
                poison();
                Err(FunctionError::new(
                    ErrorCode::HandlerExecutionTimeExceeded,
                    format!(
                        "the function kept running past its execution time limit and was stopped (exceeded {timeout_ms} ms); look for blocking code such as long loops or catastrophic regular expressions"
                    ),
                ))
            }
            RawResult::TimedOut => {
                poison();
                Err(FunctionError::new(
                    ErrorCode::HandlerExecutionTimeExceeded,
                    format!(
                        "the function did not call the callback in time (exceeded {timeout_ms} ms); check that every path calls callback() and that external calls are not too slow"
                    ),
                ))
            }
        }
    }
}

fn classify_load_failure(
    sh: &InstanceShared,
    name: String,
    message: String,
    load_ms: u64,
) -> LoadError {
    if sh.interrupted.load(Ordering::Relaxed) {
        LoadError::Timeout(load_ms)
    } else {
        LoadError::TopLevelException(format!("{name}: {message}"))
    }
}

#[derive(serde::Deserialize)]
struct ErrorInfo {
    error: bool,
    name: String,
    message: String,
    #[serde(default)]
    stack: String,
}

enum RawResult {
    Done(i32, String),
    Thrown(String, String, Option<String>),
    Interrupted,
    TimedOut,
}
