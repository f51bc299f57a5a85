//! Every outcome code and the function contract, end to end through a real QuickJS instance.

mod common;
use common::*;
use fnhost_model::{ErrorCode, Limits, LogLevel};
use fnhost_runtime::{FunctionSpec, LoadError};
use serde_json::json;

#[tokio::test]
async fn callback_result_is_returned_as_json() {
    let o = run("function lambda(input, cb) { cb(null, { hello: input.payload.name, h: input.headers[0].key }); }", json!({"name": "world"})).await;
    assert_eq!(ok_json(&o), json!({"hello": "world", "h": "X-Test"}));
    assert!(o.cold_start);
}

#[tokio::test]
async fn async_lambda_and_module_exports_forms_work() {
    let o = run(
        "async function lambda(input, cb) { await null; cb(null, 1 + 1); }",
        json!(null),
    )
    .await;
    assert_eq!(ok_json(&o), json!(2));
    let o = run(
        "module.exports = (input, cb) => cb(null, 'arrow');",
        json!(null),
    )
    .await;
    assert_eq!(ok_json(&o), json!("arrow"));
    let o = run(
        "function lambda(i, cb) { cb(null, 'named'); } module.exports = lambda;",
        json!(null),
    )
    .await;
    assert_eq!(ok_json(&o), json!("named"));
}

#[tokio::test]
async fn callback_error_is_a_custom_failure() {
    let o = run(
        "function lambda(i, cb) { cb(new Error('whoops')); }",
        json!(null),
    )
    .await;
    let e = o.result.unwrap_err();
    assert_eq!(e.code, ErrorCode::HandlerCustomFailure);
    assert_eq!(e.message, "whoops");
    assert_eq!(e.name.as_deref(), Some("Error"));
    assert!(e.stack.unwrap().contains("index.js"));
}

#[tokio::test]
async fn non_error_callback_argument_is_a_custom_failure_with_a_warning() {
    let o = run(
        "function lambda(i, cb) { cb('plain string'); }",
        json!(null),
    )
    .await;
    let e = o.result.as_ref().unwrap_err();
    assert_eq!(e.code, ErrorCode::HandlerCustomFailure);
    assert_eq!(e.message, "plain string");
    assert!(
        o.logs
            .iter()
            .any(|l| l.level == LogLevel::Warn
                && l.message.contains("Please provide an error object"))
    );
}

#[tokio::test]
async fn throws_and_rejections_are_runtime_exceptions() {
    let o = run("function lambda(i, cb) { undefined.foo; }", json!(null)).await;
    let e = o.result.unwrap_err();
    assert_eq!(e.code, ErrorCode::HandlerRuntimeException);
    assert!(e.message.starts_with("TypeError: "), "{}", e.message);

    let o = run(
        "async function lambda(i, cb) { await null; throw new RangeError('late'); }",
        json!(null),
    )
    .await;
    let e = o.result.unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (ErrorCode::HandlerRuntimeException, "RangeError: late")
    );

    let o = run("function lambda(i, cb) { require('fs'); }", json!(null)).await;
    let m = o.result.unwrap_err().message;
    assert!(
        m.starts_with("Error: Cannot find module 'fs': 'fs' is not available in fnhost (functions have no file system"),
        "{m}"
    );
    let o = run(
        "function lambda(i, cb) { try { require('left-pad'); } catch (e) { cb(null, [e.code, e.message]); } }",
        json!(null),
    )
    .await;
    let v = ok_json(&o);
    assert_eq!(v[0], "MODULE_NOT_FOUND");
    let m = v[1].as_str().unwrap();
    assert!(m.starts_with("Cannot find module 'left-pad'. Functions may require the Node built-ins assert, buffer, crypto"), "{m}");
    assert!(
        m.contains("lodash@4.17.21, luxon@1.28.1, oauth-1.0a@2.2.6, uuid@8.3.2"),
        "{m}"
    );
}

#[tokio::test]
async fn first_callback_wins_and_later_calls_leave_a_warning() {
    let o = run(
        "function lambda(i, cb) { cb(null, 1); cb(null, 2); cb(new Error('x')); }",
        json!(null),
    )
    .await;
    assert_eq!(ok_json(&o), json!(1));
    assert_eq!(
        o.logs.iter().filter(|l| l.level == LogLevel::Warn).count(),
        2
    );
}

#[tokio::test]
async fn missing_callback_is_executiontime_exceeded_naming_the_limit() {
    let o = run("function lambda(i, cb) { }", json!(null)).await;
    let e = o.result.unwrap_err();
    assert_eq!(e.code, ErrorCode::HandlerExecutionTimeExceeded);
    assert!(e.message.contains("exceeded 400 ms"), "{}", e.message);
}

#[tokio::test]
async fn console_levels_and_extras_are_captured() {
    let code = r#"function lambda(i, cb) {
        const cyc = { a: 1 }; cyc.self = cyc;
        console.debug('d'); console.info('i', { n: 1 }, [2]); console.log('l'); console.warn('w', 10n); console.error('e', cyc, () => 1);
        cb(null, 'ok');
    }"#;
    let o = run(code, json!(null)).await;
    ok_json(&o);
    let levels: Vec<_> = o.logs.iter().map(|l| l.level).collect();
    assert_eq!(
        levels,
        vec![
            LogLevel::Debug,
            LogLevel::Info,
            LogLevel::Info,
            LogLevel::Warn,
            LogLevel::Error
        ]
    );
    assert_eq!(o.logs[1].extras, vec![json!({"n": 1}), json!([2])]);
    assert_eq!(o.logs[3].extras, vec![json!("10")]);
    assert_eq!(o.logs[4].extras[0], json!({"a": 1, "self": "[Circular]"}));
    assert!(
        o.logs[4].extras[1]
            .as_str()
            .unwrap()
            .starts_with("[Function")
    );
}

#[tokio::test]
async fn log_limit_reached_keeps_entries_and_says_what_was_dropped() {
    let o = run("function lambda(i, cb) { for (let n = 0; n < 25; n++) console.info('line ' + n); cb(null, 'done'); }", json!(null)).await;
    let e = o.result.as_ref().unwrap_err();
    assert_eq!(e.code, ErrorCode::HandlerLogLimitReached);
    assert_eq!(o.logs.len(), 11);
    assert_eq!(o.logs[10].level, LogLevel::Error);
    assert!(
        o.logs[10].message.contains("15 more log entries"),
        "{}",
        o.logs[10].message
    );
    assert_eq!(o.result_despite_failure.as_deref(), Some("\"done\""));

    let o = run(
        "function lambda(i, cb) { console.info('x'.repeat(7000)); cb(null, 1); }",
        json!(null),
    )
    .await;
    assert_eq!(o.error_code(), Some(ErrorCode::HandlerLogLimitReached));
}

#[tokio::test]
async fn module_state_survives_between_invocations_of_one_instance() {
    let p = pool("let n = 0; function lambda(i, cb) { n += 1; cb(null, n); }");
    let a = p.invoke(input(json!(null))).await.unwrap();
    let b = p.invoke(input(json!(null))).await.unwrap();
    assert_eq!((ok_json(&a), ok_json(&b)), (json!(1), json!(2)));
    assert!(a.cold_start && !b.cold_start);
    assert!(a.init_time > std::time::Duration::ZERO);
}

#[tokio::test]
async fn instance_is_discarded_after_a_timeout_and_leftover_timers_never_run() {
    let code = r#"let runs = 0; let leaked = false;
        function lambda(input, cb) {
            runs += 1;
            if (input.payload === 'hang') { setTimeout(() => { leaked = true; }, 500); return; }
            cb(null, { runs, leaked });
        }"#;
    let p = pool(code);
    let o = p.invoke(input(json!("hang"))).await.unwrap();
    assert_eq!(
        o.error_code(),
        Some(ErrorCode::HandlerExecutionTimeExceeded)
    );
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let o = p.invoke(input(json!("ok"))).await.unwrap();
    assert_eq!(ok_json(&o), json!({"runs": 1, "leaked": false}));
    assert!(o.cold_start);
    assert_eq!(p.stats().discarded, 1);
}

#[tokio::test]
async fn concurrent_invocations_awaiting_io_run_side_by_side_on_instances_of_their_own() {
    let mut limits = small_limits();
    limits.timeout_ms = 5_000;
    let p = pool_with(
        "let busy = 0; async function lambda(i, cb) { busy++; const mine = busy; await new Promise(r => setTimeout(r, 200)); busy--; cb(null, { n: i.payload, alone: mine === 1 && busy === 0 }); }",
        limits,
    );
    let started = std::time::Instant::now();
    // 40 calls awaiting a timer: one after another they would need 40 x 200 ms.
    let calls: Vec<_> = (0..40)
        .map(|n| {
            let p = p.clone();
            tokio::spawn(async move { p.invoke(input(json!(n))).await })
        })
        .collect();
    for (n, c) in calls.into_iter().enumerate() {
        // Each call saw its instance to itself.
        assert_eq!(
            ok_json(&c.await.unwrap().unwrap()),
            json!({"n": n, "alone": true})
        );
    }
    assert!(
        started.elapsed() < std::time::Duration::from_millis(2_000),
        "took {:?}",
        started.elapsed()
    );
    assert!(p.stats().instances <= 40);
}

#[tokio::test]
async fn concurrency_cap_rejects_extra_invocations() {
    let limits = Limits {
        concurrency: 1,
        timeout_ms: 2_000,
        ..small_limits()
    };
    let p = pool_with(
        "function lambda(i, cb) { setTimeout(() => cb(null, 1), 300); }",
        limits,
    );
    let first = {
        let p = p.clone();
        tokio::spawn(async move { p.invoke(input(json!(null))).await })
    };
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let second = p.invoke(input(json!(null))).await;
    assert!(matches!(
        second,
        Err(fnhost_runtime::InvokeError::ConcurrencyLimit { limit: 1 })
    ));
    assert!(first.await.unwrap().is_ok());
}

#[tokio::test]
async fn result_size_is_limited() {
    let limits = Limits {
        result_bytes: 1000,
        ..small_limits()
    };
    let o = pool_with(
        "function lambda(i, cb) { cb(null, 'x'.repeat(2000)); }",
        limits,
    )
    .invoke(input(json!(null)))
    .await
    .unwrap();
    let e = o.result.unwrap_err();
    assert_eq!(e.code, ErrorCode::HandlerRuntimeException);
    assert!(e.message.contains("limit is 1000 bytes"));
}

#[tokio::test]
async fn validation_reports_precise_load_errors() {
    let check = |code: &str| {
        let code = code.to_owned();
        async move { engine().validate(&FunctionSpec::new("1", "u", code)).await }
    };
    assert_eq!(
        check("function lambda(i, cb) { cb(null, 1); }").await,
        Ok(())
    );
    match check("function lambda(i, cb) {\n  cb(null, ;\n}").await {
        Err(LoadError::Syntax { line, column, .. }) => assert_eq!((line, column > 0), (2, true)),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        check("function notLambda() {}").await,
        Err(LoadError::MissingLambda)
    );
    assert!(
        matches!(check("throw new Error('top');").await, Err(LoadError::TopLevelException(m)) if m.contains("top"))
    );
    assert!(matches!(
        check("while (true) {}").await,
        Err(LoadError::Timeout(_))
    ));
    let big = format!(
        "function lambda(i, cb) {{ cb(null, 1); }} //{}",
        "x".repeat(100_001)
    );
    assert!(matches!(
        check(&big).await,
        Err(LoadError::TooLarge { limit: 100_000, .. })
    ));
}

#[tokio::test]
async fn results_serialise_exactly_as_json_stringify_would() {
    // Each value goes through the Rust fast path or the built-in fallback; both must agree with
    // JSON.stringify byte for byte.
    let code = r#"
        const deep = []; let cur = deep; for (let i = 0; i < 300; i++) { const n = []; cur.push(n); cur = n; }
        const nullProto = Object.create(null); nullProto.z = 1; nullProto.a = [true, null];
        class Point { constructor() { this.x = 1; this.y = 2; } }
        const values = [
            { a: 1, b: [1, 2, { c: 'x' }] }, 'str\n\t"q"\\ /', '\u0001\b\f\u001f', 'unicode é ☃ 😀 \u2028',
            0, -0, 1.5, -12.25, 1e21, 1e-7, 123456789012, 0.1 + 0.2, NaN, Infinity, -1e-6, 5e-324, 2 ** 53,
            [undefined, () => 1, Symbol('s')], { u: undefined, f() {}, s: Symbol('x'), k: 1 }, nullProto,
            new Date(0), { toJSON() { return 'custom'; } }, new Map([[1, 2]]), [1, , 3], deep,
            { '10': 1, '2': 2, b: 3, a: 4 }, { get g() { return 'got'; } }, new Point(), Buffer.from('hi'),
            '\ud800', true, false, null, Array.from({ length: 1000 }, (_, i) => i * 1.25), [[], {}, ''],
            new Uint8Array([1, 2]), Object.assign([1, 2], { extra: 'ignored' }),
            new Proxy({ a: 1 }, {}), { [Symbol('k')]: 1, v: 2 },
            Object.defineProperty({ a: 1 }, 'hidden', { value: 2, enumerable: false }),
            'caf\u00e9 ' + 'x'.repeat(50) + String(Math.PI), (() => { const a = [1]; a[5] = 2; return a; })(),
        ];
        function lambda(input, cb) {
            const v = values[input.payload];
            console.info(JSON.stringify(v) === undefined ? 'null' : JSON.stringify(v));
            cb(null, v);
        }
        module.exports = lambda;
        lambda.count = values.length;
    "#;
    let limits = Limits {
        log_chars: 100_000,
        ..small_limits()
    };
    let p = pool_with(code, limits);
    let mut n = 0;
    loop {
        let o = p.invoke(input(json!(n))).await.unwrap();
        let expected = o.logs[0].message.clone();
        let got = o
            .result
            .clone()
            .unwrap_or_else(|e| panic!("value {n}: {e:?}"));
        assert_eq!(got, expected, "value #{n}");
        n += 1;
        if n == 42 {
            break;
        }
    }
    assert_eq!(n, 42, "every value checked");
}

#[tokio::test]
async fn a_function_error_that_mentions_memory_is_not_an_out_of_memory() {
    // Only the engine's own `InternalError: out of memory` discards an instance; a function's
    // error text is its own and the warm instance stays.
    let p = pool(
        "function lambda(i, cb) { if (i.payload.cb) cb(new Error('cache: out of memory')); else throw new RangeError('disk out of memory'); }",
    );
    let first = p.invoke(input(json!({"cb": true}))).await.unwrap();
    let e = first.result.unwrap_err();
    assert_eq!(e.code, ErrorCode::HandlerCustomFailure);
    assert_eq!(e.message, "cache: out of memory");
    let second = p.invoke(input(json!({"cb": false}))).await.unwrap();
    assert!(!second.cold_start, "the warm instance was thrown away");
    let e = second.result.unwrap_err();
    assert_eq!(e.code, ErrorCode::HandlerRuntimeException);
    assert_eq!(e.message, "RangeError: disk out of memory");
    let third = p.invoke(input(json!({"cb": true}))).await.unwrap();
    assert!(!third.cold_start, "the warm instance was thrown away");
}

#[tokio::test]
async fn a_rejection_handled_before_the_microtasks_drain_is_not_unhandled() {
    // As in Node: `Promise.reject(e)` handed to code that attaches a handler later in the same
    // turn (after other microtasks) is fine; one left without a handler still fails the call.
    let o = run(
        "async function lambda(i, cb) { const p = Promise.reject(new Error('later')); await null; await null;
           try { await p; } catch (e) { cb(null, 'caught ' + e.message); } }",
        json!(null),
    )
    .await;
    assert_eq!(ok_json(&o), json!("caught later"));
    let o = run(
        "function lambda(i, cb) { Promise.reject(new TypeError('floating')); setTimeout(() => cb(null, 'late'), 50); }",
        json!(null),
    )
    .await;
    let e = o.result.unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (ErrorCode::HandlerRuntimeException, "TypeError: floating")
    );
}

#[tokio::test]
async fn a_result_getter_runs_once_and_what_it_throws_is_reported() {
    // The fast path reads getters as JSON.stringify does; when one throws, the built-in runs
    // from a clean context and reports it.
    let p = pool(
        "let calls = 0; function lambda(i, cb) { if (i.payload) cb(null, { get g() { calls++; return calls; } }); else cb(null, { ok: 1, get bad() { throw new Error('boom'); } }); }",
    );
    let o = p.invoke(input(json!(true))).await.unwrap();
    assert_eq!(o.result.unwrap(), r#"{"g":1}"#);
    let o = p.invoke(input(json!(false))).await.unwrap();
    let e = o.result.unwrap_err();
    assert!(e.message.contains("boom"), "{e:?}");
    let o = p.invoke(input(json!(true))).await.unwrap();
    assert_eq!(o.result.unwrap(), r#"{"g":2}"#, "the instance still serves");
}
