//! The hostile corpus: every file in `tests/hostile/` must end in the outcome its first line names,
//! the process must survive, and a healthy function must be unaffected afterwards.

mod common;
use common::*;
use fnhost_model::ErrorCode;
use serde_json::json;

const HEALTHY: &str = "function lambda(i, cb) { cb(null, { clean: ({}).polluted === undefined && [1].map((x) => x + 1)[0] === 2 && JSON.stringify({a:1}) === '{\"a\":1}' }); }";

struct Case {
    name: String,
    code: String,
    expect: String,
    needle: Option<String>,
}

fn cases() -> Vec<Case> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("corpus dir") {
        let path = entry.unwrap().path();
        let code = std::fs::read_to_string(&path).unwrap();
        let first = code.lines().next().unwrap_or_default();
        let spec = first
            .strip_prefix("// expect: ")
            .unwrap_or_else(|| panic!("{path:?} lacks an expect line"));
        let (expect, needle) = match spec.split_once(' ') {
            Some((e, n)) => (e.to_owned(), Some(n.to_owned())),
            None => (spec.to_owned(), None),
        };
        out.push(Case {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            code,
            expect,
            needle,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(out.len() >= 25, "corpus shrank to {}", out.len());
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_hostile_function_gets_its_expected_outcome_and_harms_nothing() {
    let healthy = pool(HEALTHY);
    let mut failures = Vec::new();
    for case in cases() {
        let p = pool(&case.code);
        let outcome = p
            .invoke(input(json!(null)))
            .await
            .expect("invocation starts");
        let (got, text) = match &outcome.result {
            Ok(v) => ("ok".to_owned(), v.clone()),
            Err(e) => (
                e.code.as_str().rsplit('.').next().unwrap().to_owned(),
                e.message.clone(),
            ),
        };
        eprintln!(
            "{:<32} {:>6?} {} {}",
            case.name,
            outcome.duration,
            got,
            text.chars().take(90).collect::<String>()
        );
        let needle_ok = case
            .needle
            .as_ref()
            .is_none_or(|n| text.contains(n.as_str()));
        if !case.expect.split('|').any(|e| e == got) || !needle_ok {
            failures.push(format!(
                "{}: expected {} {:?}, got {} {:?}",
                case.name, case.expect, case.needle, got, text
            ));
        }
        if let Err(e) = &outcome.result
            && matches!(e.code, ErrorCode::HandlerExecutionTimeExceeded)
        {
            assert!(
                outcome.duration.as_millis() < 400 + 1_000,
                "{}: overshoot {:?}",
                case.name,
                outcome.duration
            );
        }
        // The same pool recovers (a fresh instance after a discard) where the function allows it,
        // and an unrelated healthy function is untouched.
        let h = healthy.invoke(input(json!(null))).await.unwrap();
        assert_eq!(
            ok_json(&h),
            json!({"clean": true}),
            "healthy function affected after {}",
            case.name
        );
        // A brand-new instance sees no pollution either.
        let fresh = pool(HEALTHY).invoke(input(json!(null))).await.unwrap();
        assert_eq!(
            ok_json(&fresh),
            json!({"clean": true}),
            "fresh instance affected after {}",
            case.name
        );
    }
    assert!(
        failures.is_empty(),
        "corpus failures:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn polluted_instance_is_not_shared_and_discard_cleans_state() {
    let p = pool(
        "Object.prototype.polluted = 'yes'; function lambda(i, cb) { if (i.payload === 'hang') return; cb(null, ({}).polluted); }",
    );
    assert_eq!(
        ok_json(&p.invoke(input(json!(1))).await.unwrap()),
        json!("yes")
    );
    let healthy = pool(HEALTHY);
    assert_eq!(
        ok_json(&healthy.invoke(input(json!(1))).await.unwrap()),
        json!({"clean": true})
    );
}
