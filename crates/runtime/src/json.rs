//! A fast path for serialising function results: walks plain QuickJS objects and arrays from Rust
//! and writes JSON directly, about twice as fast as QuickJS's own `JSON.stringify` (see
//! docs/BENCHMARKS.md).
//!
//! It only handles what it can reproduce exactly — plain objects (prototype `Object.prototype` or
//! `null`), plain arrays, strings, booleans, null and numbers in the range JavaScript prints without
//! an exponent — and returns `None` for anything else (a `toJSON` method, Dates, Maps, typed
//! arrays, proxies, BigInt, cycles, very deep or very large values). The caller then uses the
//! built-in `JSON.stringify`, which also produces the exact error for BigInt and cycles.

use rquickjs::{Object, Type, Value};
use std::fmt::Write;

/// Results larger than this are left to the built-in (and to the result-size limit).
const MAX_OUTPUT: usize = 16 << 20;
const MAX_DEPTH: u32 = 200;

struct Protos<'js> {
    object: Value<'js>,
    array: Value<'js>,
}

/// Serialises `v`, or `None` when the built-in `JSON.stringify` must do it. `object_proto` and
/// `array_proto` are the intrinsic prototypes, captured by the prelude before user code ran.
pub(crate) fn to_json<'js>(
    v: &Value<'js>,
    object_proto: Object<'js>,
    array_proto: Object<'js>,
) -> Option<String> {
    // A toJSON on a shared prototype changes every value: leave it all to the built-in.
    if object_proto.contains_key("toJSON").ok()? || array_proto.contains_key("toJSON").ok()? {
        return None;
    }
    let protos = Protos {
        object: object_proto.into_value(),
        array: array_proto.into_value(),
    };
    let mut out = String::with_capacity(256);
    write(v, &mut out, &protos, 0).then_some(out)
}

fn skipped_in_objects(t: Type) -> bool {
    matches!(
        t,
        Type::Undefined | Type::Uninitialized | Type::Function | Type::Constructor | Type::Symbol
    )
}

fn write<'js>(v: &Value<'js>, out: &mut String, p: &Protos<'js>, depth: u32) -> bool {
    if depth > MAX_DEPTH || out.len() > MAX_OUTPUT {
        return false;
    }
    match v.type_of() {
        Type::Null => out.push_str("null"),
        Type::Bool => out.push_str(if v.as_bool().unwrap_or(false) {
            "true"
        } else {
            "false"
        }),
        Type::Int => {
            let _ = write!(out, "{}", v.as_int().unwrap_or(0));
        }
        Type::Float => return write_number(v.as_float().unwrap_or(f64::NAN), out),
        Type::String => match v.as_string().map(|s| s.to_string()) {
            Some(Ok(s)) => write_string(&s, out),
            _ => return false, // e.g. lone surrogates: the built-in escapes them
        },
        Type::Array => {
            let Some(a) = v.as_array() else { return false };
            if a.get_prototype().map(Object::into_value).as_ref() != Some(&p.array)
                || a.contains_key("toJSON").unwrap_or(true)
            {
                return false;
            }
            out.push('[');
            for i in 0..a.len() {
                if i > 0 {
                    out.push(',');
                }
                let Ok(item) = a.get::<Value>(i) else {
                    return false;
                };
                if skipped_in_objects(item.type_of()) {
                    out.push_str("null");
                } else if !write(&item, out, p, depth + 1) {
                    return false;
                }
            }
            out.push(']');
        }
        Type::Object => {
            let Some(o) = v.as_object() else { return false };
            let plain = match o.get_prototype() {
                None => true,
                Some(proto) => proto.into_value() == p.object,
            };
            if !plain || o.contains_key("toJSON").unwrap_or(true) {
                return false;
            }
            out.push('{');
            let mut first = true;
            for prop in o.props::<String, Value>() {
                let Ok((key, item)) = prop else { return false };
                if skipped_in_objects(item.type_of()) {
                    continue;
                }
                if !first {
                    out.push(',');
                }
                first = false;
                write_string(&key, out);
                out.push(':');
                if !write(&item, out, p, depth + 1) {
                    return false;
                }
            }
            out.push('}');
        }
        _ => return false,
    }
    true
}

/// Numbers JavaScript prints in plain decimal notation print the same way in Rust (both use the
/// shortest round-trip digits); the others go to the built-in.
fn write_number(f: f64, out: &mut String) -> bool {
    if !f.is_finite() {
        out.push_str("null");
        return true;
    }
    if f == 0.0 {
        out.push('0'); // also -0, as JSON.stringify prints it
        return true;
    }
    let a = f.abs();
    if !(1e-6..1e21).contains(&a) {
        return false;
    }
    let _ = write!(out, "{f}");
    true
}

/// A JSON string literal, escaped as `JSON.stringify` escapes it.
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let esc = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            c if (c as u32) < 0x20 => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push_str(esc);
        }
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
    out.push('"');
}
