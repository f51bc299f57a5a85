//! A fast path for serialising function results: walks plain QuickJS objects and arrays through
//! the engine's C API and writes JSON directly, about twice as fast as QuickJS's own
//! `JSON.stringify` (see docs/BENCHMARKS.md).
//!
//! It only handles what it can reproduce exactly — plain objects (class `Object`, prototype
//! `Object.prototype` or `null`), plain arrays, strings, booleans, null and numbers in the range
//! JavaScript prints without an exponent — and returns `None` for anything else (a `toJSON`
//! method, Dates, Maps, typed arrays, proxies, BigInt, lone surrogates, cycles, very deep or very
//! large values). The caller then uses the built-in `JSON.stringify`, which also produces the exact
//! error for BigInt and cycles.
//!
//! **Architecture Invariant:** every value this module takes from the engine (`JS_GetProperty…`,
//! `JS_GetPrototype`, C strings, property tables) is released on every path, and an exception a
//! getter threw is cleared before returning `None`, so the built-in starts from a clean context.

use rquickjs::qjs;
use rquickjs::{Ctx, Object, Value};
use std::ffi::c_void;
use std::fmt::Write;

/// Results larger than this are left to the built-in (and to the result-size limit).
const MAX_OUTPUT: usize = 16 << 20;
const MAX_DEPTH: u32 = 200;
/// QuickJS's class ids of plain objects and arrays (`JS_CLASS_OBJECT`, `JS_CLASS_ARRAY`).
const CLASS_OBJECT: u32 = 1;
const CLASS_ARRAY: u32 = 2;

struct Walk {
    ctx: *mut qjs::JSContext,
    /// The intrinsic prototypes, as object pointers (compared, never dereferenced).
    object_proto: *mut c_void,
    array_proto: *mut c_void,
    to_json: qjs::JSAtom,
    out: String,
}

/// Serialises `v`, or `None` when the built-in `JSON.stringify` must do it. `object_proto` and
/// `array_proto` are the intrinsic prototypes, captured by the prelude before user code ran.
pub(crate) fn to_json<'js>(
    ctx: &Ctx<'js>,
    v: &Value<'js>,
    object_proto: &Object<'js>,
    array_proto: &Object<'js>,
) -> Option<String> {
    let raw = ctx.as_raw().as_ptr();
    // SAFETY: `v` and the prototypes are live values of `ctx`, held by the caller for the whole
    // walk, which only borrows them; the atom is freed before returning.
    unsafe {
        let to_json = qjs::JS_NewAtomLen(raw, c"toJSON".as_ptr(), 6);
        let mut w = Walk {
            ctx: raw,
            object_proto: qjs::JS_VALUE_GET_PTR(object_proto.as_raw()),
            array_proto: qjs::JS_VALUE_GET_PTR(array_proto.as_raw()),
            to_json,
            out: String::with_capacity(256),
        };
        // A toJSON on a shared prototype changes every value: leave it all to the built-in.
        let ok = to_json != 0
            && qjs::JS_HasProperty(raw, object_proto.as_raw(), to_json) == 0
            && qjs::JS_HasProperty(raw, array_proto.as_raw(), to_json) == 0
            && w.value(v.as_raw(), 0);
        if !ok && qjs::JS_HasException(raw) {
            // A getter threw: the built-in runs it again and reports it.
            qjs::JS_FreeValue(raw, qjs::JS_GetException(raw));
        }
        qjs::JS_FreeAtom(raw, to_json);
        ok.then_some(w.out)
    }
}

/// Values an object's property skips and an array writes as `null`.
///
/// # Safety
/// `v` is a live value of `ctx`.
unsafe fn skipped(ctx: *mut qjs::JSContext, v: qjs::JSValue) -> bool {
    // SAFETY: per the function's contract.
    unsafe {
        match qjs::JS_VALUE_GET_TAG(v) {
            qjs::JS_TAG_UNDEFINED | qjs::JS_TAG_UNINITIALIZED | qjs::JS_TAG_SYMBOL => true,
            qjs::JS_TAG_OBJECT => qjs::JS_IsFunction(ctx, v),
            _ => false,
        }
    }
}

impl Walk {
    /// Writes `v` (borrowed); `false` when the built-in must serialise the whole result.
    ///
    /// # Safety
    /// `v` is a live value of `self.ctx`.
    unsafe fn value(&mut self, v: qjs::JSValue, depth: u32) -> bool {
        if depth > MAX_DEPTH || self.out.len() > MAX_OUTPUT {
            return false;
        }
        // SAFETY: per the function's contract.
        unsafe {
            match qjs::JS_VALUE_GET_TAG(v) {
                qjs::JS_TAG_NULL => self.out.push_str("null"),
                qjs::JS_TAG_BOOL => self.out.push_str(if qjs::JS_VALUE_GET_BOOL(v) {
                    "true"
                } else {
                    "false"
                }),
                qjs::JS_TAG_INT => {
                    let _ = write!(self.out, "{}", qjs::JS_VALUE_GET_INT(v));
                }
                qjs::JS_TAG_FLOAT64 => {
                    return write_number(qjs::JS_VALUE_GET_FLOAT64(v), &mut self.out);
                }
                qjs::JS_TAG_STRING | qjs::JS_TAG_STRING_ROPE => return self.string(v),
                qjs::JS_TAG_OBJECT => match qjs::JS_GetClassID(v) {
                    CLASS_ARRAY => return self.array(v, depth),
                    CLASS_OBJECT => return self.object(v, depth),
                    _ => return false,
                },
                _ => return false,
            }
        }
        true
    }

    /// # Safety
    /// `v` is a live string value of `self.ctx`.
    unsafe fn string(&mut self, v: qjs::JSValue) -> bool {
        let mut len = 0;
        // SAFETY: per the function's contract.
        let ptr = unsafe { qjs::JS_ToCStringLen2(self.ctx, &mut len, v, false) };
        // SAFETY: a C string of this context, `len` bytes long (or null).
        unsafe { self.c_string(ptr, len as usize) }
    }

    /// Writes a C string QuickJS made as a JSON string literal and frees it; `false` when it is
    /// null (an exception) or not UTF-8 (a lone surrogate: the built-in escapes those).
    ///
    /// # Safety
    /// `ptr` is null or a C string of `self.ctx` with `len` readable bytes, not yet freed.
    unsafe fn c_string(&mut self, ptr: *const std::ffi::c_char, len: usize) -> bool {
        if ptr.is_null() {
            return false;
        }
        // SAFETY: per the function's contract.
        let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
        let ok = match std::str::from_utf8(bytes) {
            Ok(s) => {
                write_string(s, &mut self.out);
                true
            }
            Err(_) => false,
        };
        // SAFETY: per the function's contract; freed once, here.
        unsafe { qjs::JS_FreeCString(self.ctx, ptr) };
        ok
    }

    /// Whether `v`'s prototype is `expected` (or null, when `null_ok`) and it has no own `toJSON`.
    ///
    /// # Safety
    /// `v` is a live object of `self.ctx`.
    unsafe fn plain(&self, v: qjs::JSValue, expected: *mut c_void, null_ok: bool) -> bool {
        // SAFETY: per the function's contract; the prototype reference is released at once.
        unsafe {
            let proto = qjs::JS_GetPrototype(self.ctx, v);
            let ok = match qjs::JS_VALUE_GET_TAG(proto) {
                qjs::JS_TAG_NULL => null_ok,
                qjs::JS_TAG_OBJECT => qjs::JS_VALUE_GET_PTR(proto) == expected,
                _ => false,
            };
            qjs::JS_FreeValue(self.ctx, proto);
            ok && qjs::JS_HasProperty(self.ctx, v, self.to_json) == 0
        }
    }

    /// # Safety
    /// `v` is a live array of `self.ctx`.
    unsafe fn array(&mut self, v: qjs::JSValue, depth: u32) -> bool {
        // SAFETY: per the function's contract; every element taken is freed after writing.
        unsafe {
            if !self.plain(v, self.array_proto, false) {
                return false;
            }
            let mut len: i64 = 0;
            if qjs::JS_GetLength(self.ctx, v, &mut len) < 0 || len > u32::MAX as i64 {
                return false;
            }
            self.out.push('[');
            for i in 0..len as u32 {
                if self.out.len() > MAX_OUTPUT {
                    return false;
                }
                if i > 0 {
                    self.out.push(',');
                }
                let item = qjs::JS_GetPropertyUint32(self.ctx, v, i);
                let ok = if qjs::JS_VALUE_GET_TAG(item) == qjs::JS_TAG_EXCEPTION {
                    false
                } else if skipped(self.ctx, item) {
                    self.out.push_str("null");
                    true
                } else {
                    self.value(item, depth + 1)
                };
                qjs::JS_FreeValue(self.ctx, item);
                if !ok {
                    return false;
                }
            }
            self.out.push(']');
        }
        true
    }

    /// # Safety
    /// `v` is a live plain object of `self.ctx`.
    unsafe fn object(&mut self, v: qjs::JSValue, depth: u32) -> bool {
        // SAFETY: per the function's contract; the property table and every value and key taken
        // are released before returning.
        unsafe {
            if !self.plain(v, self.object_proto, true) {
                return false;
            }
            let mut tab: *mut qjs::JSPropertyEnum = std::ptr::null_mut();
            let mut len: u32 = 0;
            let flags = (qjs::JS_GPN_STRING_MASK | qjs::JS_GPN_ENUM_ONLY) as _;
            if qjs::JS_GetOwnPropertyNames(self.ctx, &mut tab, &mut len, v, flags) < 0 {
                return false;
            }
            self.out.push('{');
            let mut first = true;
            let mut ok = true;
            for i in 0..len as usize {
                let atom = (*tab.add(i)).atom;
                let item = qjs::JS_GetProperty(self.ctx, v, atom);
                if qjs::JS_VALUE_GET_TAG(item) == qjs::JS_TAG_EXCEPTION {
                    ok = false;
                } else if !skipped(self.ctx, item) {
                    if !first {
                        self.out.push(',');
                    }
                    first = false;
                    ok = self.key(atom) && {
                        self.out.push(':');
                        self.value(item, depth + 1)
                    };
                }
                qjs::JS_FreeValue(self.ctx, item);
                if !ok {
                    break;
                }
            }
            qjs::JS_FreePropertyEnum(self.ctx, tab, len);
            if ok {
                self.out.push('}');
            }
            ok
        }
    }

    /// # Safety
    /// `atom` is a live atom of `self.ctx`.
    unsafe fn key(&mut self, atom: qjs::JSAtom) -> bool {
        let mut len = 0;
        // SAFETY: per the function's contract.
        let ptr = unsafe { qjs::JS_AtomToCStringLen(self.ctx, &mut len, atom) };
        // SAFETY: a C string of this context, `len` bytes long (or null).
        unsafe { self.c_string(ptr, len as usize) }
    }
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
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            b if b < 0x20 => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}
