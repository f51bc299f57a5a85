//! The private `host` object handed to the JS prelude: the Rust half of console, timers, crypto,
//! encodings, URL parsing and the toolbelt bridge.
//!
//! Nothing here is reachable from user code directly: the prelude captures `host` in a closure and
//! exposes only Node-compatible globals built on it (see `js/prelude.js`).

use crate::host::{Caller, HostServices};
use crate::instance::InstanceShared;
use crate::modules::{Source, internal_source, module_source, not_found_message};
use base64::Engine as _;
use fnhost_model::LogLevel;
use hmac::Mac;
use rand::RngCore;
use rquickjs::function::{Async, Func, Opt};
use rquickjs::module::WriteOptions;
use rquickjs::{ArrayBuffer, Ctx, Exception, Function, Module, Object, Result, TypedArray, Value};
use sha2::Digest;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

const PRELUDE_JS: &str = include_str!("js/prelude.js");

/// What `host.callAbortable` answers when its call was aborted (nobody reads it: the JS side has
/// already rejected).
const ABORTED_CALL: &str =
    r#"{"err":{"code":"ABORT_ERR","message":"the request was aborted","status":null}}"#;

/// Bytecode of the prelude and built-in modules, compiled once per process.
///
/// Each source is (or is wrapped into, see [`Source::module_text`]) a parenthesised function
/// expression, compiled as the default export of a module. Loading bytecode is several times faster than parsing the source in every new instance
/// (cold start).
fn bytecode(name: &'static str, source: Source) -> &'static [u8] {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, &'static [u8]>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(b) = cache.lock().expect("bytecode cache poisoned").get(name) {
        return b;
    }
    let rt = rquickjs::Runtime::new().expect("a QuickJS runtime for compiling built-ins");
    let ctx = rquickjs::Context::full(&rt).expect("a QuickJS context for compiling built-ins");
    let bytes = ctx
        .with(|ctx| {
            // A vendored package's bytecode without the function sources it would otherwise keep
            // for `Function.prototype.toString` (each function its own slice, nested: lodash's
            // 2.4 MB shrink to 124 KB and its first require from 3.2 to 2.2 ms). Line numbers stay.
            let options = WriteOptions {
                strip_source: matches!(source, Source::CommonJs { .. } | Source::Browser { .. }),
                ..WriteOptions::default()
            };
            Module::declare(ctx, name, source.module_text())?.write(options)
        })
        .expect("built-in JS compiles");
    // Leaked on purpose: QuickJS may reference the buffer (ROM data) for the life of the process.
    let leaked: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    cache
        .lock()
        .expect("bytecode cache poisoned")
        .insert(name, leaked);
    leaked
}

/// Instantiates a built-in from its cached bytecode and returns its default export.
fn load_builtin<'js>(ctx: &Ctx<'js>, name: &'static str, source: Source) -> Result<Value<'js>> {
    let bytes = bytecode(name, source);
    // SAFETY: `bytes` was produced by `Module::write` of this very QuickJS build, in this process,
    // from sources compiled into the binary, and is never mutated or freed afterwards (leaked
    // `'static`), as `JS_READ_OBJ_ROM_DATA` requires. Covered by every runtime test, which all
    // start instances through this path.
    let module = unsafe { Module::load(ctx.clone(), bytes) }?;
    let (module, _) = module.eval()?;
    module.get("default")
}

/// Copies the bytes of a `Uint8Array` (or `Buffer`) into Rust.
pub(crate) fn bytes_of(array: &TypedArray<'_, u8>) -> Vec<u8> {
    // SAFETY: `as_bytes` borrows the array's backing store. We copy it immediately, while the
    // context lock is held and no JS can run, so the store can be neither detached nor resized
    // during the copy. A detached buffer yields `None`, which we treat as empty.
    unsafe { array.as_bytes() }
        .map(<[u8]>::to_vec)
        .unwrap_or_default()
}

fn digest_bytes(ctx: &Ctx<'_>, alg: &str, data: &[u8]) -> Result<Vec<u8>> {
    Ok(match alg {
        "md5" => md5::Md5::digest(data).to_vec(),
        "sha1" => sha1::Sha1::digest(data).to_vec(),
        "sha256" => sha2::Sha256::digest(data).to_vec(),
        "sha384" => sha2::Sha384::digest(data).to_vec(),
        "sha512" => sha2::Sha512::digest(data).to_vec(),
        other => {
            return Err(Exception::throw_message(
                ctx,
                &format!("Digest method not supported: {other}"),
            ));
        }
    })
}

fn hmac_bytes(ctx: &Ctx<'_>, alg: &str, key: &[u8], data: &[u8]) -> Result<Vec<u8>> {
    macro_rules! mac {
        ($d:ty) => {{
            let mut m = <hmac::Hmac<$d> as Mac>::new_from_slice(key)
                .map_err(|e| Exception::throw_message(ctx, &e.to_string()))?;
            m.update(data);
            m.finalize().into_bytes().to_vec()
        }};
    }
    Ok(match alg {
        "md5" => mac!(md5::Md5),
        "sha1" => mac!(sha1::Sha1),
        "sha256" => mac!(sha2::Sha256),
        "sha384" => mac!(sha2::Sha384),
        "sha512" => mac!(sha2::Sha512),
        other => {
            return Err(Exception::throw_message(
                ctx,
                &format!("Invalid digest: {other}"),
            ));
        }
    })
}

fn url_parts(u: &url::Url) -> String {
    let port = u.port().map(|p| p.to_string()).unwrap_or_default();
    let hostname = u.host_str().unwrap_or("").to_owned();
    let host = if port.is_empty() {
        hostname.clone()
    } else {
        format!("{hostname}:{port}")
    };
    let search = match u.query() {
        Some(q) if !q.is_empty() => format!("?{q}"),
        _ => String::new(),
    };
    let hash = match u.fragment() {
        Some(f) if !f.is_empty() => format!("#{f}"),
        _ => String::new(),
    };
    serde_json::json!({
        "href": u.as_str(),
        "protocol": format!("{}:", u.scheme()),
        "username": u.username(),
        "password": u.password().unwrap_or(""),
        "host": host,
        "hostname": hostname,
        "port": port,
        "pathname": u.path(),
        "search": search,
        "hash": hash,
        "origin": u.origin().ascii_serialization(),
    })
    .to_string()
}

fn url_set(href: &str, field: &str, value: &str) -> Option<String> {
    let mut u = url::Url::parse(href).ok()?;
    match field {
        "href" => u = url::Url::parse(value).ok()?,
        "protocol" => u.set_scheme(value.trim_end_matches(':')).ok()?,
        "username" => u.set_username(value).ok()?,
        "password" => u.set_password(Some(value)).ok()?,
        "host" => {
            // `host` may carry a port (`name:port`, `[v6]:port`); `hostname` never does.
            let (name, port) = match value.rsplit_once(':') {
                Some((n, p)) if !n.is_empty() && !p.contains(']') => (n, Some(p)),
                _ => (value, None),
            };
            u.set_host(Some(name)).ok()?;
            if let Some(p) = port.filter(|p| !p.is_empty()) {
                u.set_port(Some(p.parse().ok()?)).ok()?;
            }
        }
        "hostname" => u.set_host(Some(value)).ok()?,
        "port" => u
            .set_port(if value.is_empty() {
                None
            } else {
                Some(value.parse().ok()?)
            })
            .ok()?,
        "pathname" => u.set_path(value),
        "search" => u.set_query(match value.trim_start_matches('?') {
            "" => None,
            q => Some(q),
        }),
        "hash" => u.set_fragment(match value.trim_start_matches('#') {
            "" => None,
            f => Some(f),
        }),
        _ => return None,
    }
    Some(url_parts(&u))
}

/// Builds the `host` object for one instance.
pub(crate) fn host_object<'js>(
    ctx: &Ctx<'js>,
    shared: Arc<InstanceShared>,
    services: HostServices,
    caller: Caller,
) -> Result<Object<'js>> {
    let host = Object::new(ctx.clone())?;

    let sh = shared.clone();
    host.set(
        "done",
        Func::from(move |id: f64, kind: i32, payload: String| {
            sh.complete(id as u64, kind, payload)
        }),
    )?;

    let sh = shared.clone();
    host.set(
        "log",
        Func::from(
            move |id: f64, level: i32, message: String, extras: String| {
                let level = match level {
                    0 => LogLevel::Debug,
                    1 => LogLevel::Info,
                    2 => LogLevel::Warn,
                    _ => LogLevel::Error,
                };
                sh.log(id as u64, level, message, extras);
            },
        ),
    )?;

    // A timer's sleep; `host.cancelSleep(timer)` ends it early (a cleared timer, or one whose call
    // finished), so nothing keeps an instance busy for a timer that will never fire.
    let sh = shared.clone();
    host.set(
        "sleep",
        Func::from(Async(move |ms: f64, timer: f64| {
            let sh = sh.clone();
            let timer = timer as u64;
            let cancelled = sh.sleep_started(timer);
            async move {
                let ms = if ms.is_finite() && ms > 0.0 {
                    ms.min(2_147_483_647.0)
                } else {
                    0.0
                };
                if ms == 0.0 {
                    tokio::task::yield_now().await;
                } else {
                    let sleep = tokio::time::sleep(Duration::from_micros((ms * 1000.0) as u64));
                    tokio::select! {
                        _ = sleep => {}
                        _ = cancelled => {}
                    }
                }
                sh.cancel_sleep(timer);
            }
        })),
    )?;
    let sh = shared.clone();
    host.set(
        "cancelSleep",
        Func::from(move |timer: f64| sh.cancel_sleep(timer as u64)),
    )?;

    // `callAbortable(service, op, args, key)`: the same call, ended early by `cancelSleep(key)`
    // (fetch's AbortSignal): the host future is dropped, so an aborted request stops at once
    // instead of keeping the instance busy. Keys share the timers' map; fetch keeps its keys
    // above 2^52, far from timer ids.
    let (abortable_services, abortable_caller, sh) =
        (services.clone(), caller.clone(), shared.clone());
    host.set(
        "callAbortable",
        Func::from(Async(
            move |service: String, op: String, args: String, key: f64| {
                let services = abortable_services.clone();
                let caller = abortable_caller.clone();
                let sh = sh.clone();
                let key = key as u64;
                let aborted = sh.sleep_started(key);
                async move {
                    let out = tokio::select! {
                        out = services.dispatch(&caller, &service, &op, &args) => out,
                        _ = aborted => ABORTED_CALL.to_owned(),
                    };
                    sh.cancel_sleep(key);
                    out
                }
            },
        )),
    )?;
    host.set(
        "call",
        Func::from(Async(move |service: String, op: String, args: String| {
            let services = services.clone();
            let caller = caller.clone();
            async move { services.dispatch(&caller, &service, &op, &args).await }
        })),
    )?;

    host.set(
        "module",
        Func::from(|ctx: Ctx<'js>, name: String| -> Result<Value<'js>> {
            match module_source(&name) {
                Some((module, src)) => load_builtin(&ctx, module, src),
                None => Ok(Value::new_undefined(ctx)),
            }
        }),
    )?;
    host.set(
        "internal",
        Func::from(|ctx: Ctx<'js>, name: String| -> Result<Value<'js>> {
            match internal_source(&name) {
                Some((module, src)) => load_builtin(&ctx, module, src),
                None => Ok(Value::new_undefined(ctx)),
            }
        }),
    )?;
    host.set(
        "moduleNotFound",
        Func::from(|name: String| not_found_message(&name)),
    )?;
    crate::native::install(ctx, &host)?;
    crate::intl::install(ctx, &host)?;

    let sh = shared.clone();
    host.set(
        "now",
        Func::from(move || sh.base.elapsed().as_nanos() as f64),
    )?;

    host.set(
        "digest",
        Func::from(
            |ctx: Ctx<'js>, alg: String, data: TypedArray<'js, u8>| -> Result<ArrayBuffer<'js>> {
                let out = digest_bytes(&ctx, &alg, &bytes_of(&data))?;
                ArrayBuffer::new_copy(ctx, &out)
            },
        ),
    )?;
    host.set(
        "hmac",
        Func::from(
            |ctx: Ctx<'js>,
             alg: String,
             key: TypedArray<'js, u8>,
             data: TypedArray<'js, u8>|
             -> Result<ArrayBuffer<'js>> {
                let out = hmac_bytes(&ctx, &alg, &bytes_of(&key), &bytes_of(&data))?;
                ArrayBuffer::new_copy(ctx, &out)
            },
        ),
    )?;
    host.set(
        "randomBytes",
        Func::from(|ctx: Ctx<'js>, n: f64| -> Result<ArrayBuffer<'js>> {
            let mut buf = vec![0u8; n.clamp(0.0, 1_048_576.0) as usize];
            rand::rng().fill_bytes(&mut buf);
            ArrayBuffer::new_copy(ctx, &buf)
        }),
    )?;
    // The result of a successful call, serialised by the fast path straight into the answer;
    // `false` when the built-in `JSON.stringify` must do it (the caller then calls `done`).
    let sh = shared;
    host.set(
        "doneJson",
        Func::from(
            move |ctx: Ctx<'js>,
                  id: f64,
                  v: Value<'js>,
                  object_proto: Object<'js>,
                  array_proto: Object<'js>| {
                match crate::json::to_json(&ctx, &v, &object_proto, &array_proto) {
                    Some(json) => {
                        sh.complete(id as u64, 0, json);
                        true
                    }
                    None => false,
                }
            },
        ),
    )?;
    host.set("uuid", Func::from(|| uuid::Uuid::new_v4().to_string()))?;
    host.set(
        "utf8Encode",
        Func::from(|ctx: Ctx<'js>, s: String| -> Result<ArrayBuffer<'js>> {
            ArrayBuffer::new_copy(ctx, s.as_bytes())
        }),
    )?;
    host.set(
        "utf8Decode",
        Func::from(|data: TypedArray<'js, u8>| {
            String::from_utf8_lossy(&bytes_of(&data)).into_owned()
        }),
    )?;
    host.set(
        "base64Encode",
        Func::from(|data: TypedArray<'js, u8>, url: Opt<bool>| {
            let bytes = bytes_of(&data);
            if url.0.unwrap_or(false) {
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
            } else {
                base64::engine::general_purpose::STANDARD.encode(bytes)
            }
        }),
    )?;
    host.set(
        "base64Decode",
        Func::from(|ctx: Ctx<'js>, s: String| -> Result<ArrayBuffer<'js>> {
            // Node is lenient: both alphabets, optional padding, any other character skipped,
            // decoding stops at the first '='.
            let cleaned: String = s
                .chars()
                .take_while(|c| *c != '=')
                .filter_map(|c| match c {
                    '-' => Some('+'),
                    '_' => Some('/'),
                    c if c.is_ascii_alphanumeric() || c == '+' || c == '/' => Some(c),
                    _ => None,
                })
                .collect();
            let out = base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(cleaned.trim_end_matches('='))
                .or_else(|_| {
                    let trimmed = &cleaned[..cleaned.len() - cleaned.len() % 4];
                    base64::engine::general_purpose::STANDARD_NO_PAD.decode(trimmed)
                })
                .unwrap_or_default();
            ArrayBuffer::new_copy(ctx, &out)
        }),
    )?;
    host.set(
        "urlParse",
        Func::from(|input: String, base: Opt<String>| -> Option<String> {
            let parsed = match base.0 {
                Some(b) => url::Url::parse(&b).ok()?.join(&input).ok()?,
                None => url::Url::parse(&input).ok()?,
            };
            Some(url_parts(&parsed))
        }),
    )?;
    host.set(
        "urlSet",
        Func::from(|href: String, field: String, value: String| url_set(&href, &field, &value)),
    )?;

    Ok(host)
}

/// Calls the prelude function with the host object, the environment and the account id; answers
/// the prelude's private hooks (`load`, `unhandled`).
pub(crate) fn run_prelude<'js>(
    ctx: &Ctx<'js>,
    host: Object<'js>,
    env_json: &str,
    account_id: &str,
) -> Result<Object<'js>> {
    let prelude: Function =
        load_builtin(ctx, "fnhost:prelude", Source::Factory(PRELUDE_JS))?.get()?;
    prelude.call((host, env_json, account_id))
}
