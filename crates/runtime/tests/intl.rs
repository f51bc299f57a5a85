//! `Intl` end to end through a real instance: loaded lazily, not requirable, errors of V8's
//! kinds, and the host functions reached through the shim (the formatting itself is checked
//! against Node by `tests/conformance`, byte for byte).

mod common;
use common::*;
use serde_json::json;

async fn eval(expr_body: &str) -> serde_json::Value {
    let code =
        format!("function lambda(input, cb) {{ cb(null, (function () {{ {expr_body} }})()); }}");
    ok_json(&run(&code, json!(null)).await)
}

#[tokio::test]
async fn intl_is_loaded_on_first_use_only() {
    // Before any use, `Intl` is the prelude's getter and nothing of the shim exists.
    let v = eval(
        "const d = Object.getOwnPropertyDescriptor(globalThis, 'Intl');
         const before = typeof d.get;
         const tz = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York' }).resolvedOptions().timeZone;
         const after = typeof Object.getOwnPropertyDescriptor(globalThis, 'Intl').value;
         return [before, tz, after];",
    )
    .await;
    assert_eq!(v, json!(["function", "America/New_York", "object"]));
}

#[tokio::test]
async fn the_shim_is_not_requirable_and_globals_can_be_replaced() {
    let v = eval(
        "let e; try { require('intl'); } catch (x) { e = x.code; }
         globalThis.Intl = 42;
         return [e, Intl, (1234.5).toLocaleString('de-DE')];",
    )
    .await;
    assert_eq!(v, json!(["MODULE_NOT_FOUND", 42, "1.234,5"]));
}

#[tokio::test]
async fn errors_name_the_problem_as_v8_does() {
    let v = eval(
        "const e = (f) => { try { f(); return 'none'; } catch (x) { return x.name + ': ' + x.message; } };
         return [
           e(() => new Intl.DateTimeFormat('en', { timeZone: 'Nowhere/City' })),
           e(() => new Intl.NumberFormat('en', { notation: 'scientific' })),
           e(() => new Intl.NumberFormat('en', { style: 'currency' })),
           e(() => Date.prototype.toLocaleString.call(1)),
           e(() => Intl.DateTimeFormat.prototype.format.call({})),
         ];",
    )
    .await;
    assert_eq!(
        v,
        json!([
            "RangeError: Invalid time zone specified: Nowhere/City",
            "RangeError: fnhost's Intl.NumberFormat does not support notation 'scientific'",
            "TypeError: Currency code is required with currency style.",
            "TypeError: not a Date object",
            // The `format` getter read on the prototype itself.
            "TypeError: Method Intl.DateTimeFormat called on incompatible receiver [object Intl.DateTimeFormat]",
        ])
    );
}

#[tokio::test]
async fn locale_sensitive_builtins_use_intl() {
    let v = eval(
        "const d = new Date(Date.UTC(2024, 2, 10, 7, 0, 0));
         return [
           d.toLocaleString('en-US', { timeZone: 'America/New_York' }),
           d.toLocaleDateString('ja-JP', { timeZone: 'Asia/Tokyo' }),
           ['b', 'ä', 'a'].sort((x, y) => x.localeCompare(y, 'sv')),
           new Intl.RelativeTimeFormat('fr', { numeric: 'auto' }).format(1, 'day'),
           new Intl.PluralRules('en', { type: 'ordinal' }).select(3),
           Intl.supportedValuesOf('timeZone').length > 400,
         ];",
    )
    .await;
    assert_eq!(
        v,
        json!([
            "3/10/2024, 3:00:00 AM",
            "2024/3/10",
            ["a", "b", "ä"],
            "demain",
            "few",
            true
        ])
    );
}
