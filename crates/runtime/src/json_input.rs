//! A fast path for the invocation input: parses the `{timestamp, headers, payload}` JSON text in
//! Rust and builds the QuickJS values through the engine's C API, skipping the JS string the
//! built-in `JSON.parse` would need and its tokenizer's per-token string buffers (numbers without
//! `strtod`, keys straight to atoms). See docs/BENCHMARKS.md.
//!
//! It builds exactly what `JSON.parse` builds (own data properties in text order, a repeated key
//! keeping its first position and its last value, `__proto__` as a plain property, `-0`) and
//! returns `None` for anything it does not handle — a top level that is not an object, invalid
//! JSON, a `\u` escape of a lone surrogate, nesting deeper than [`MAX_DEPTH`] — so the caller
//! hands the text to the built-in, which also produces the exact error.
//!
//! **Architecture Invariant:** every value and atom made here is owned by exactly one place at a
//! time (the object it was defined on, or the value being returned) and freed on every failure
//! path; a pending exception (out of memory) is cleared before returning `None`.

use rquickjs::qjs;
use rquickjs::{Ctx, Value};

/// Deeper input goes to the built-in parser (which has its own stack check).
const MAX_DEPTH: u32 = 128;

/// Parses `text`, whose top level must be an object, into a QuickJS value of `ctx`.
pub(crate) fn parse_object<'js>(ctx: &Ctx<'js>, text: &str) -> Option<Value<'js>> {
    let bytes = text.as_bytes();
    let mut p = Parser {
        ctx: ctx.as_raw().as_ptr(),
        s: bytes,
        pos: 0,
        buf: Vec::new(),
    };
    p.ws();
    if p.peek() != Some(b'{') {
        return None;
    }
    // SAFETY: `p.ctx` is the live context of `ctx`; the value made is owned here and either
    // returned (handed to rquickjs) or freed.
    unsafe {
        match p.value(0) {
            Some(v) => {
                p.ws();
                if p.pos == bytes.len() {
                    return Some(Value::from_raw(ctx.clone(), v));
                }
                qjs::JS_FreeValue(p.ctx, v);
            }
            None => {
                if qjs::JS_HasException(p.ctx) {
                    qjs::JS_FreeValue(p.ctx, qjs::JS_GetException(p.ctx));
                }
            }
        }
    }
    None
}

struct Parser<'a> {
    ctx: *mut qjs::JSContext,
    s: &'a [u8],
    pos: usize,
    /// Scratch space for strings with escapes.
    buf: Vec<u8>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.ws();
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn literal(&mut self, word: &[u8], v: qjs::JSValue) -> Option<qjs::JSValue> {
        if self.s[self.pos..].starts_with(word) {
            self.pos += word.len();
            Some(v)
        } else {
            None
        }
    }

    /// A value starting at the next non-space byte; the caller owns what it returns.
    ///
    /// # Safety
    /// `self.ctx` is a live context.
    unsafe fn value(&mut self, depth: u32) -> Option<qjs::JSValue> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        // SAFETY: per the function's contract.
        unsafe {
            match self.peek()? {
                b'{' => self.object(depth),
                b'[' => self.array(depth),
                b'"' => {
                    let (start, end) = self.string()?;
                    let text = if start == usize::MAX {
                        &self.buf[..]
                    } else {
                        &self.s[start..end]
                    };
                    let v = qjs::JS_NewStringLen(self.ctx, text.as_ptr().cast(), text.len() as _);
                    (qjs::JS_VALUE_GET_TAG(v) != qjs::JS_TAG_EXCEPTION).then_some(v)
                }
                b't' => self.literal(b"true", qjs::JS_TRUE),
                b'f' => self.literal(b"false", qjs::JS_FALSE),
                b'n' => self.literal(b"null", qjs::JS_NULL),
                _ => self.number(),
            }
        }
    }

    /// # Safety
    /// `self.ctx` is a live context; the next byte is `{`.
    unsafe fn object(&mut self, depth: u32) -> Option<qjs::JSValue> {
        self.pos += 1;
        // SAFETY: per the function's contract; `obj` owns every value defined on it and is
        // freed on failure; each key's atom is freed after its definition.
        unsafe {
            let obj = qjs::JS_NewObject(self.ctx);
            if qjs::JS_VALUE_GET_TAG(obj) == qjs::JS_TAG_EXCEPTION {
                return None;
            }
            if self.eat(b'}') {
                return Some(obj);
            }
            loop {
                self.ws();
                let ok = self.peek() == Some(b'"') && self.property(obj, depth);
                if !ok {
                    qjs::JS_FreeValue(self.ctx, obj);
                    return None;
                }
                if self.eat(b',') {
                    continue;
                }
                if self.eat(b'}') {
                    return Some(obj);
                }
                qjs::JS_FreeValue(self.ctx, obj);
                return None;
            }
        }
    }

    /// One `"key": value` of `obj`, defined as `JSON.parse` defines it.
    ///
    /// # Safety
    /// `self.ctx` is a live context and `obj` a live object of it; the next byte is `"`.
    unsafe fn property(&mut self, obj: qjs::JSValue, depth: u32) -> bool {
        let Some((start, end)) = self.string() else {
            return false;
        };
        let key = if start == usize::MAX {
            &self.buf[..]
        } else {
            &self.s[start..end]
        };
        // SAFETY: per the function's contract.
        unsafe {
            let atom = qjs::JS_NewAtomLen(self.ctx, key.as_ptr().cast(), key.len() as _);
            if atom == 0 {
                return false;
            }
            let ok = self.eat(b':')
                && match self.value(depth + 1) {
                    // Takes ownership of `v` whatever it answers.
                    Some(v) => {
                        qjs::JS_DefinePropertyValue(self.ctx, obj, atom, v, qjs::JS_PROP_C_W_E as _)
                            >= 0
                    }
                    None => false,
                };
            qjs::JS_FreeAtom(self.ctx, atom);
            ok
        }
    }

    /// # Safety
    /// `self.ctx` is a live context; the next byte is `[`.
    unsafe fn array(&mut self, depth: u32) -> Option<qjs::JSValue> {
        self.pos += 1;
        // SAFETY: per the function's contract; `arr` owns every element and is freed on failure.
        unsafe {
            let arr = qjs::JS_NewArray(self.ctx);
            if qjs::JS_VALUE_GET_TAG(arr) == qjs::JS_TAG_EXCEPTION {
                return None;
            }
            if self.eat(b']') {
                return Some(arr);
            }
            let mut idx: u32 = 0;
            loop {
                let ok = match self.value(depth + 1) {
                    Some(v) => {
                        qjs::JS_DefinePropertyValueUint32(
                            self.ctx,
                            arr,
                            idx,
                            v,
                            qjs::JS_PROP_C_W_E as _,
                        ) >= 0
                    }
                    None => false,
                };
                idx += 1;
                if ok && self.eat(b',') {
                    continue;
                }
                if ok && self.eat(b']') {
                    return Some(arr);
                }
                qjs::JS_FreeValue(self.ctx, arr);
                return None;
            }
        }
    }

    /// A JSON number, as the `Number` `JSON.parse` makes of it.
    fn number(&mut self) -> Option<qjs::JSValue> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while let Some(b'0'..=b'9') = p.peek() {
                p.pos += 1;
            }
            p.pos - from
        };
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        let int_len = digits(self);
        if int_len == 0 || (int_len > 1 && self.s[int_start] == b'0') {
            return None;
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return None;
            }
            integer = false;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return None;
            }
            integer = false;
        }
        if integer && int_len <= 9 {
            let n = self.s[int_start..self.pos]
                .iter()
                .fold(0i32, |n, d| n * 10 + i32::from(d - b'0'));
            return Some(if negative && n == 0 {
                qjs::JS_NewFloat64(-0.0)
            } else {
                qjs::JS_MKVAL(qjs::JS_TAG_INT, if negative { -n } else { n })
            });
        }
        // Rust's parser rounds correctly, as JSON.parse does; `JS_NewFloat64` keeps integral
        // values as ints the way the engine stores them.
        let text = std::str::from_utf8(&self.s[start..self.pos]).ok()?;
        text.parse::<f64>().ok().map(qjs::JS_NewFloat64)
    }

    /// A string literal at the next byte: its UTF-8 text as `(start, end)` in the input, or
    /// `(usize::MAX, 0)` when escapes were decoded into `self.buf`. `None` for invalid text or
    /// a lone surrogate (which UTF-8 cannot carry).
    fn string(&mut self) -> Option<(usize, usize)> {
        self.pos += 1; // the opening quote
        let start = self.pos;
        loop {
            match *self.s.get(self.pos)? {
                b'"' => {
                    self.pos += 1;
                    return Some((start, self.pos - 1));
                }
                b'\\' => break,
                b if b < 0x20 => return None,
                _ => self.pos += 1,
            }
        }
        self.buf.clear();
        self.buf.extend_from_slice(&self.s[start..self.pos]);
        loop {
            match *self.s.get(self.pos)? {
                b'"' => {
                    self.pos += 1;
                    return Some((usize::MAX, 0));
                }
                b'\\' => {
                    let e = *self.s.get(self.pos + 1)?;
                    self.pos += 2;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&hi) {
                                if self.s.get(self.pos..self.pos + 2)? != b"\\u" {
                                    return None;
                                }
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&lo) {
                                    return None;
                                }
                                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                            } else {
                                hi
                            };
                            char::from_u32(code)?
                        }
                        _ => return None,
                    };
                    let mut utf8 = [0u8; 4];
                    self.buf
                        .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
                }
                b if b < 0x20 => return None,
                b => {
                    self.buf.push(b);
                    self.pos += 1;
                }
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.pos..self.pos + 4)?;
        let text = std::str::from_utf8(h).ok()?;
        if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        u32::from_str_radix(text, 16).ok()
    }
}
