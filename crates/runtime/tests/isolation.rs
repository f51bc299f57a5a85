//! Isolation between calls and tenants: CPU fairness, the memory budget, host-made buffers, and
//! calls of one function that must never see each other (logs, timers, leftovers, hooks).
//!
//! Every bound here is generous (the machine is shared and noisy); each test fails outright on the
//! behaviour it guards against (a starved tenant answers nothing; a hang runs to the limit).

mod common;

use common::{input, ok_json};
use fnhost_model::{ErrorCode, Limits};
use fnhost_runtime::{Engine, EngineConfig, FunctionPool, FunctionSpec, HostServices, InvokeError};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn engine(config: EngineConfig) -> Engine {
    Engine::new(config, HostServices::in_memory()).expect("engine starts")
}

fn two_threads() -> EngineConfig {
    EngineConfig {
        threads: 2,
        long_call_cores: 1,
        ..EngineConfig::default()
    }
}

fn pool(engine: &Engine, account: &str, code: &str, limits: Limits) -> Arc<FunctionPool> {
    let mut spec = FunctionSpec::new(account, uuid::Uuid::new_v4().to_string(), code);
    spec.limits = limits;
    engine.pool(spec)
}

fn limits(timeout_ms: u64) -> Limits {
    Limits {
        timeout_ms,
        memory_bytes: 32 << 20,
        ..Limits::default()
    }
}

const SPIN: &str = "function lambda(i, cb) { while (true) {} }";
const ECHO: &str = "function lambda(i, cb) { cb(null, i.payload); }";

/// While account B spins on every executor thread (and more), account A keeps being answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spinning_calls_of_one_account_do_not_starve_another() {
    let engine = engine(two_threads());
    let hog = pool(&engine, "tenant-b", SPIN, limits(4_000));
    let echo = pool(&engine, "tenant-a", ECHO, limits(4_000));
    ok_json(&echo.invoke(input(json!(0))).await.unwrap());

    // Twice as many spinning calls as executor threads.
    let hogs: Vec<_> = (0..4)
        .map(|_| {
            let hog = hog.clone();
            tokio::spawn(async move { hog.invoke(input(json!(null))).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;

    let started = Instant::now();
    let mut answered = 0;
    let mut slowest = Duration::ZERO;
    while started.elapsed() < Duration::from_millis(1_500) {
        let t = Instant::now();
        let o = echo.invoke(input(json!(answered))).await.unwrap();
        assert_eq!(ok_json(&o), json!(answered));
        slowest = slowest.max(t.elapsed());
        answered += 1;
    }
    // Starved, A answers nothing until B's calls reach their 4 s limit.
    assert!(answered >= 50, "only {answered} answers in 1.5 s");
    assert!(slowest < Duration::from_millis(500), "slowest {slowest:?}");

    for h in hogs {
        let o = h.await.unwrap().unwrap();
        assert_eq!(
            o.error_code(),
            Some(ErrorCode::HandlerExecutionTimeExceeded)
        );
    }
}

/// A call that spins still ends at its deadline while it waits for its turn among long calls.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_calls_waiting_for_their_turn_still_end_at_their_deadline() {
    let engine = engine(two_threads());
    let hog = pool(&engine, "tenant-b", SPIN, limits(600));
    let started = Instant::now();
    let calls: Vec<_> = (0..6)
        .map(|_| {
            let hog = hog.clone();
            tokio::spawn(async move { hog.invoke(input(json!(null))).await })
        })
        .collect();
    for c in calls {
        let o = c.await.unwrap().unwrap();
        assert_eq!(
            o.error_code(),
            Some(ErrorCode::HandlerExecutionTimeExceeded)
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
}

/// CPU-bound work that is not endless still finishes (long calls are slowed, never stopped).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_cpu_bound_calls_still_finish() {
    let engine = engine(two_threads());
    let work = pool(
        &engine,
        "tenant-c",
        "function lambda(i, cb) { const end = Date.now() + 150; let n = 0; while (Date.now() < end) n++; cb(null, n > 0); }",
        limits(5_000),
    );
    let calls: Vec<_> = (0..3)
        .map(|_| {
            let work = work.clone();
            tokio::spawn(async move { work.invoke(input(json!(null))).await })
        })
        .collect();
    for c in calls {
        assert_eq!(ok_json(&c.await.unwrap().unwrap()), json!(true));
    }
}

/// One account's excess calls are refused at once, naming the limit, instead of queueing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_over_its_concurrency_gets_refused() {
    let engine = engine(EngineConfig {
        account_concurrency: 3,
        ..two_threads()
    });
    let slow = pool(
        &engine,
        "tenant-b",
        "function lambda(i, cb) { setTimeout(() => cb(null, 1), 300); }",
        limits(2_000),
    );
    let other = pool(&engine, "tenant-b", ECHO, limits(2_000));
    let calls: Vec<_> = (0..3)
        .map(|_| {
            let slow = slow.clone();
            tokio::spawn(async move { slow.invoke(input(json!(null))).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    // Another function of the same account counts against the same limit.
    let refused = other.invoke(input(json!(1))).await;
    match refused {
        Err(e @ InvokeError::AccountLimit { limit: 3 }) => {
            assert!(e.to_string().contains("per-account limit"), "{e}")
        }
        other => panic!("expected the account limit, got {other:?}"),
    }
    // Another account is not affected.
    let a = pool(&engine, "tenant-a", ECHO, limits(2_000));
    ok_json(&a.invoke(input(json!(1))).await.unwrap());
    for c in calls {
        ok_json(&c.await.unwrap().unwrap());
    }
    assert_eq!(engine.account_in_flight("tenant-b"), 0);
    ok_json(&other.invoke(input(json!(1))).await.unwrap());
}

/// Buffers made by host functions (TextEncoder, base64, digests) count against the heap limit.
#[tokio::test]
async fn host_made_buffers_count_against_the_memory_limit() {
    let engine = engine(EngineConfig::default());
    let hoard = pool(
        &engine,
        "tenant-m",
        r#"function lambda(i, cb) {
            const keep = [];
            const text = 'x'.repeat(1 << 20);
            for (let n = 0; n < 1024; n++) keep.push(new TextEncoder().encode(text));
            cb(null, keep.length);
        }"#,
        Limits {
            timeout_ms: 10_000,
            memory_bytes: 16 << 20,
            ..Limits::default()
        },
    );
    let before = engine.memory_budget().used();
    let o = hoard.invoke(input(json!(null))).await.unwrap();
    let err = o.result.as_ref().expect_err("1 GiB does not fit in 16 MiB");
    assert_eq!(err.code, ErrorCode::HandlerRuntimeException);
    assert!(
        err.message.contains("out of memory (limit 16 MiB)"),
        "{}",
        err.message
    );
    // The instance was discarded and its memory given back.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(engine.memory_budget().used() <= before + (4 << 20));
}

/// All instances together stay within the process's memory budget; others are still answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_memory_budget_bounds_all_instances_together() {
    let engine = engine(EngineConfig {
        memory_budget_bytes: 96 << 20,
        ..two_threads()
    });
    let fill = pool(
        &engine,
        "tenant-m",
        r#"async function lambda(i, cb) {
            // About 30 MiB each, held across a pause so that the calls overlap.
            const keep = [];
            for (let n = 0; n < 30; n++) keep.push(new Uint8Array(1 << 20).fill(n));
            await new Promise(r => setTimeout(r, 300));
            cb(null, keep.length);
        }"#,
        Limits {
            timeout_ms: 10_000,
            memory_bytes: 48 << 20,
            ..Limits::default()
        },
    );
    let calls: Vec<_> = (0..6)
        .map(|_| {
            let fill = fill.clone();
            tokio::spawn(async move { fill.invoke(input(json!(null))).await })
        })
        .collect();
    let mut budget_named = 0;
    let mut fitted = 0;
    for c in calls {
        match c.await.unwrap() {
            Ok(o) => match o.result {
                Ok(_) => fitted += 1,
                Err(err) => {
                    assert_eq!(err.code, ErrorCode::HandlerRuntimeException);
                    assert!(
                        err.message
                            .contains("memory budget of all functions on this node, 96 MiB"),
                        "{}",
                        err.message
                    );
                    budget_named += 1;
                }
            },
            Err(InvokeError::Load(e)) => {
                assert!(
                    e.to_string()
                        .contains("memory budget of all functions on this node (96 MiB)"),
                    "{e}"
                );
                budget_named += 1;
            }
            Err(e) => panic!("unexpected {e:?}"),
        }
        assert!(engine.memory_budget().used() <= 96 << 20);
    }
    // Six calls of 30 MiB cannot all fit in 96 MiB at once: some were stopped by the budget.
    assert!(budget_named > 0, "{fitted} fitted");
    assert!(fitted > 0);
    let echo = pool(&engine, "tenant-a", ECHO, limits(2_000));
    ok_json(&echo.invoke(input(json!(1))).await.unwrap());
}

/// Calls whose callback fires from a timer are never lost while other calls of the same function
/// come and go (a lost wake-up ran them to the full limit).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timer_callbacks_are_never_lost_among_busy_calls() {
    let engine = engine(two_threads());
    let f = pool(
        &engine,
        "tenant-t",
        "function lambda(i, cb) { if (i.payload === 'wait') setTimeout(() => cb(null, 'waited'), 300); else cb(null, 'fast'); }",
        limits(5_000),
    );
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let fast: Vec<_> = (0..10)
        .map(|_| {
            let f = f.clone();
            let stop = stop.clone();
            tokio::spawn(async move {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let o = f.invoke(input(json!("fast"))).await.unwrap();
                    assert_eq!(ok_json(&o), json!("fast"));
                }
            })
        })
        .collect();
    let started = Instant::now();
    let waits: Vec<_> = (0..36)
        .map(|_| {
            let f = f.clone();
            tokio::spawn(async move { f.invoke(input(json!("wait"))).await })
        })
        .collect();
    for w in waits {
        assert_eq!(ok_json(&w.await.unwrap().unwrap()), json!("waited"));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for t in fast {
        t.await.unwrap();
    }
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "took {:?}",
        started.elapsed()
    );
}

/// A timer set by one call never fires into another call: its logs never reach another caller.
#[tokio::test]
async fn timers_and_logs_stay_with_the_call_that_made_them() {
    let engine = engine(EngineConfig::default());
    let f = pool(
        &engine,
        "tenant-t",
        r#"function lambda(i, cb) {
            if (i.payload === 'a') {
                setTimeout(() => console.log('from a'), 50);
                setInterval(() => console.log('tick from a'), 10);
                cb(null, 'a');
            } else {
                console.log('b starts');
                setTimeout(() => { console.log('b ends'); cb(null, 'b'); }, 200);
            }
        }"#,
        limits(2_000),
    );
    for _ in 0..3 {
        let a = f.invoke(input(json!("a"))).await.unwrap();
        assert_eq!(ok_json(&a), json!("a"));
        let b = f.invoke(input(json!("b"))).await.unwrap();
        assert_eq!(ok_json(&b), json!("b"));
        let messages: Vec<_> = b.logs.iter().map(|l| l.message.clone()).collect();
        assert_eq!(messages, vec!["b starts", "b ends"]);
    }
    // Instances were reused (the next call may come while one settles): nothing was left running.
    assert_eq!(f.stats().discarded, 0);
    assert!(f.stats().instances <= 2);
}

/// Work a call leaves running after its answer (a microtask loop) never eats the next call's time.
#[tokio::test]
async fn leftover_work_never_runs_on_the_next_call() {
    let engine = engine(EngineConfig::default());
    let f = pool(
        &engine,
        "tenant-l",
        r#"function lambda(i, cb) {
            if (i.payload === 'leave') {
                cb(null, 'left');
                (function loop() { Promise.resolve().then(loop); })();
                return;
            }
            cb(null, 'clean');
        }"#,
        limits(800),
    );
    assert_eq!(
        ok_json(&f.invoke(input(json!("leave"))).await.unwrap()),
        json!("left")
    );
    let t = Instant::now();
    let o = f.invoke(input(json!("next"))).await.unwrap();
    assert_eq!(ok_json(&o), json!("clean"));
    assert!(o.duration < Duration::from_millis(300), "{:?}", o.duration);
    assert!(
        t.elapsed() < Duration::from_millis(700),
        "{:?}",
        t.elapsed()
    );
}

/// Async work after the answer is allowed to finish, and the instance is then reused.
#[tokio::test]
async fn work_after_the_answer_settles_and_the_instance_is_reused() {
    let engine = engine(EngineConfig::default());
    let f = pool(
        &engine,
        "tenant-l",
        r#"let n = 0; async function lambda(i, cb) {
            cb(null, n);
            await new Promise(r => setTimeout(r, 20));
            n++;
        }"#,
        limits(2_000),
    );
    assert_eq!(
        ok_json(&f.invoke(input(json!(null))).await.unwrap()),
        json!(0)
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        ok_json(&f.invoke(input(json!(null))).await.unwrap()),
        json!(1)
    );
    assert_eq!(f.stats().instances, 1);
}

/// The platform's hooks are not reachable from user code.
#[tokio::test]
async fn internal_hooks_are_unreachable() {
    let engine = engine(EngineConfig::default());
    let f = pool(
        &engine,
        "tenant-h",
        r#"function lambda(i, cb) {
            const names = Object.getOwnPropertyNames(globalThis).filter(n => n.startsWith('__fnhost'));
            cb(null, { names, invoke: typeof __fnhost_invoke, load: typeof __fnhost_load });
        }"#,
        limits(2_000),
    );
    assert_eq!(
        ok_json(&f.invoke(input(json!(null))).await.unwrap()),
        json!({"names": [], "invoke": "undefined", "load": "undefined"})
    );
}

/// CPU time is measured per call; a CPU time limit stops a busy call but not one that waits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cpu_time_is_measured_and_its_limit_is_separate_from_the_wall_clock() {
    let engine = engine(two_threads());
    let busy = pool(
        &engine,
        "tenant-cpu",
        "function lambda(i, cb) { const end = Date.now() + 80; let n = 0; while (Date.now() < end) n++; cb(null, n > 0); }",
        limits(5_000),
    );
    let o = busy.invoke(input(json!(null))).await.unwrap();
    assert_eq!(ok_json(&o), json!(true));
    // 80 ms of wall time busy; on a loaded machine the thread gets only part of a core.
    assert!(o.cpu_time >= Duration::from_millis(10), "{:?}", o.cpu_time);
    assert!(o.cpu_time <= o.duration + Duration::from_millis(5));

    let capped = Limits {
        cpu_time_ms: 50,
        ..limits(5_000)
    };
    let spin = pool(&engine, "tenant-cpu", SPIN, capped);
    let t = Instant::now();
    let o = spin.invoke(input(json!(null))).await.unwrap();
    let err = o.result.as_ref().expect_err("the CPU limit stops it");
    assert_eq!(err.code, ErrorCode::HandlerExecutionTimeExceeded);
    assert!(
        err.message.contains("CPU time limit of 50 ms"),
        "{}",
        err.message
    );
    assert!(
        t.elapsed() < Duration::from_millis(2_000),
        "{:?}",
        t.elapsed()
    );

    let waits = pool(
        &engine,
        "tenant-cpu",
        "function lambda(i, cb) { setTimeout(() => cb(null, 'slept'), 300); }",
        capped,
    );
    let o = waits.invoke(input(json!(null))).await.unwrap();
    assert_eq!(ok_json(&o), json!("slept"));
    assert!(o.cpu_time < Duration::from_millis(50), "{:?}", o.cpu_time);
}

/// A timer set by top-level code (a cache refresh, say) does not keep the instance busy: it
/// belongs to the first call, and the instance is reused.
#[tokio::test]
async fn timers_set_while_loading_do_not_keep_instances_busy() {
    let engine = engine(EngineConfig::default());
    let f = pool(
        &engine,
        "tenant-t",
        r#"let refreshed = 0;
        setInterval(() => { refreshed++; }, 5);
        function lambda(i, cb) { cb(null, 'ok'); }"#,
        limits(2_000),
    );
    for _ in 0..3 {
        assert_eq!(
            ok_json(&f.invoke(input(json!(null))).await.unwrap()),
            json!("ok")
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(f.stats().discarded, 0);
    assert_eq!(f.stats().instances, 1);
}

/// A limit that stops JS inside a timer or a promise job ends the call at once (the stopped job
/// never reports back), not at the wall-clock limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cpu_limit_reached_inside_a_timer_ends_the_call_at_once() {
    let engine = engine(two_threads());
    let f = pool(
        &engine,
        "tenant-cpu",
        "function lambda(i, cb) { setTimeout(() => { while (true) {} }, 0); }",
        Limits {
            cpu_time_ms: 50,
            ..limits(20_000)
        },
    );
    let t = Instant::now();
    let o = f.invoke(input(json!(null))).await.unwrap();
    let err = o.result.as_ref().expect_err("stopped");
    assert_eq!(err.code, ErrorCode::HandlerExecutionTimeExceeded);
    assert!(
        err.message.contains("CPU time limit of 50 ms"),
        "{}",
        err.message
    );
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
}

/// An error thrown by a timer set after an await fails the call that set it.
#[tokio::test]
async fn errors_in_timers_set_after_an_await_fail_their_call() {
    let engine = engine(EngineConfig::default());
    let f = pool(
        &engine,
        "tenant-t",
        r#"async function lambda(i, cb) {
            await Promise.resolve();
            await new Promise(r => setTimeout(r, 5));
            setTimeout(() => { throw new TypeError('late ' + i.payload); }, 5);
        }"#,
        limits(3_000),
    );
    for n in 0..3 {
        let t = Instant::now();
        let o = f.invoke(input(json!(n))).await.unwrap();
        let err = o.result.as_ref().expect_err("the timer throws");
        assert_eq!(
            err.code,
            ErrorCode::HandlerRuntimeException,
            "{}",
            err.message
        );
        assert!(
            err.message.contains(&format!("late {n}")),
            "{}",
            err.message
        );
        assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
    }
}

/// A call run inline whose caller goes away mid-call drops its instance, and the pool's counts
/// stay right.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inline_call_whose_caller_goes_away_leaves_the_counts_right() {
    let engine = engine(two_threads());
    let f = pool(
        &engine,
        "tenant-i",
        "function lambda(i, cb) { setTimeout(() => cb(null, 1), 500); }",
        limits(2_000),
    );
    let gone =
        tokio::time::timeout(Duration::from_millis(100), f.invoke_inline(input(json!(1)))).await;
    assert!(gone.is_err(), "the caller gave up first");
    let stats = f.stats();
    assert_eq!(
        (stats.instances, stats.discarded, stats.active_invocations),
        (0, 1, 0)
    );
    assert_eq!(engine.account_in_flight("tenant-i"), 0);
    assert_eq!(
        ok_json(&f.invoke_inline(input(json!(2))).await.unwrap()),
        json!(1)
    );
    assert_eq!(f.stats().instances, 1);
}
