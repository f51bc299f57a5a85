//! The invocation input is built in Rust when it can be (`json_input.rs`) and by `JSON.parse`
//! otherwise; either way a function must see exactly what `JSON.parse` makes of the text.

mod common;
use common::*;

/// Compares the input's `payload.value` (built by the host) with `JSON.parse(payload.text)`
/// structurally: types, `-0`, key order, own data properties, prototypes, string code units.
const SAME: &str = r#"
// Iterative (an explicit work list), so deep inputs do not meet the engine's stack limit.
function same(x, y) {
  const work = [[x, y, 'value']];
  while (work.length) {
    const [a, b, path] = work.pop();
    if (typeof a !== typeof b) return path + ': typeof ' + typeof a + ' vs ' + typeof b;
    if (a === null || typeof a !== 'object') {
      if (typeof a === 'string') {
        if (a.length !== b.length) return path + ': length ' + a.length + ' vs ' + b.length;
        for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return path + ': code unit ' + i;
      } else if (!Object.is(a, b)) {
        return path + ': ' + String(a) + ' vs ' + String(b) + (Object.is(a, -0) || Object.is(b, -0) ? ' (-0)' : '');
      }
      continue;
    }
    if (b === null) return path + ': null';
    if (Array.isArray(a) !== Array.isArray(b)) return path + ': array vs object';
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return path + ': prototype';
    const ka = Reflect.ownKeys(a), kb = Reflect.ownKeys(b);
    if (ka.join('\u0000') !== kb.join('\u0000')) return path + ': keys ' + JSON.stringify(ka) + ' vs ' + JSON.stringify(kb);
    for (const k of ka) {
      const da = Object.getOwnPropertyDescriptor(a, k), db = Object.getOwnPropertyDescriptor(b, k);
      if (da.writable !== db.writable || da.enumerable !== db.enumerable || da.configurable !== db.configurable) return path + '.' + k + ': descriptor';
      work.push([da.value, db.value, path + '.' + String(k)]);
    }
  }
  return null;
}
function lambda(input, callback) {
  const p = input.payload;
  callback(null, same(p.value, JSON.parse(p.text)) || 'same');
}
"#;

#[tokio::test]
async fn the_input_is_exactly_what_json_parse_makes_of_the_text() {
    let deep = format!("{}1{}", "[".repeat(300), "]".repeat(300));
    let cases: Vec<String> = [
        r#"{"a":1,"b":[1,2,{"c":"x"}]}"#,
        r#"{"b":1,"a":2,"b":3}"#,
        r#"{"__proto__":{"x":1},"y":2}"#,
        r#"{"10":1,"2":2,"b":3,"a":4,"4294967295":5,"-1":6}"#,
        r#"[0,-0,1.5,-12.25,1e21,1e-7,123456789012,2147483647,2147483648,-2147483648,-2147483649,999999999,1000000000,5e-324,1e400,-1e400,0.1,1E2,1e+2,1.0,-0.0,0e0,123456789.125,9007199254740993]"#,
        r#"["\u00e9\u2028\ud83d\ude00","\\\"\/\b\f\n\r\t","é ☃ 😀 \u0000 \u001f","\ud800","\udc00x","a\ud800\udc00b",""]"#,
        r#"  { "a" : [ 1 , 2 , { } , [ ] ] ,	"b":	null ,"c":true,"d":false }  "#,
        r#"{"":1,"a b":2,"é":3,"\n":4,"\u0041":5,"A":6}"#,
        r#"{"toString":1,"hasOwnProperty":2,"constructor":{"prototype":3}}"#,
        r#""a plain string""#,
        r#"[1,2,3]"#,
        r#"42"#,
        r#"null"#,
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([deep, format!("{{\"n\":{}}}", "{\"n\":".repeat(150) + "0" + &"}".repeat(150))])
    .collect();
    let p = pool(SAME);
    for text in &cases {
        let raw = format!(
            r#"{{"timestamp":0,"headers":[],"payload":{{"text":{},"value":{text}}}}}"#,
            serde_json::to_string(text).unwrap()
        );
        let o = p.invoke(raw).await.unwrap();
        assert_eq!(
            o.result.as_deref(),
            Ok("\"same\""),
            "input {text}: {:?}",
            o.result
        );
    }
}

#[tokio::test]
async fn an_input_that_is_not_valid_json_fails_as_before() {
    for text in [
        r#"{"a":}"#,
        r#"{"a":1,}"#,
        r#"{"a":01}"#,
        r#"{"a":"x"#,
        r#"{"a":1}x"#,
    ] {
        let o = pool("function lambda(input, cb) { cb(null, input); }")
            .invoke(text.to_owned())
            .await
            .unwrap();
        let e = o.result.expect_err(text);
        assert!(
            e.message.contains("JSON")
                || e.message.contains("unexpected")
                || e.message.contains("Expected"),
            "{text}: {e:?}"
        );
    }
}
