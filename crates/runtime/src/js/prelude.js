// fnhost prelude: evaluated once per instance, before the user's code.
// It receives the private `host` object (Rust functions) and never publishes it: user code can reach
// only what this file puts on globalThis. See crates/runtime/src/globals.rs for the host side.
(function (host, envJson, accountId) {
  'use strict';
  const G = globalThis;
  // Captured before user code runs, so a function that overwrites JSON or Map cannot corrupt the
  // platform's own bookkeeping or produce a non-JSON result.
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const SafeMap = Map;
  const ObjectProto = Object.prototype;
  const ArrayProto = Array.prototype;
  const hide = (obj, name, value) =>
    Object.defineProperty(obj, name, { value, writable: false, enumerable: false, configurable: false });

  // ---- invocation bookkeeping -------------------------------------------------------------
  // `current` is the invocation whose code is running now; timers and host promises restore it so
  // that logs are attributed to the invocation that scheduled them.
  let current = 0;
  const active = new SafeMap();

  function errorInfo(e) {
    if (e instanceof Error) {
      return stringify({ error: true, name: String(e.name || 'Error'), message: String(e.message), stack: String(e.stack || '') });
    }
    let message;
    if (typeof e === 'string') message = e;
    else { try { message = safeStringify(e); } catch (_) { message = String(e); } }
    return stringify({ error: false, name: 'NonError', message: String(message), stack: '' });
  }

  function finish(id, kind, payload) {
    const st = active.get(id);
    if (!st || st.called) return false;
    st.called = true;
    active.delete(id);
    if (payload !== undefined) host.done(id, kind, payload); // else sent by host.doneJson
    // An instance serves one call at a time, so every pending timer is this call's (or was set
    // while the code loaded): once the call has its answer none of them fires.
    if (timers.size !== 0) {
      for (const tid of timers.keys()) host.cancelSleep(tid);
      timers.clear();
    }
    return true;
  }
  // A failure from code that lost track of its call (a timer set after an await) goes to the one
  // call in flight.
  function fail(id, e) {
    if (!active.has(id) && active.size === 1) id = active.keys().next().value;
    return finish(id, 2, errorInfo(e));
  }

  function invoke(fn, inputJson, id) {
    const st = { called: false };
    active.set(id, st);
    const prev = current;
    current = id;
    const callback = function callback(err, result) {
      if (st.called) {
        host.log(id, 2, 'callback was called more than once; only the first call counts', '[]');
        return;
      }
      if (err) {
        if (!(err instanceof Error)) {
          host.log(id, 2, 'Received error in an incorrect format. Please provide an error object to the callback.', '[]');
        }
        finish(id, 1, errorInfo(err));
        return;
      }
      let json;
      try {
        // Fast path in Rust for plain data, serialised straight into the answer; the built-in
        // handles (and rejects) everything else.
        if (result !== undefined && host.doneJson(id, result, ObjectProto, ArrayProto)) {
          finish(id, 0, undefined);
          return;
        }
        json = result === undefined ? 'null' : stringify(result);
        if (json === undefined) json = 'null';
      } catch (e) {
        const wrapped = new TypeError('the result passed to callback is not JSON-serialisable: ' + (e && e.message));
        fail(id, wrapped);
        return;
      }
      finish(id, 0, json);
    };
    try {
      // The host passes the input built (an object) or, when it could not, as JSON text.
      const input = typeof inputJson === 'string' ? parse(inputJson) : inputJson;
      const r = fn(input, callback);
      if (r !== null && typeof r === 'object' && typeof r.then === 'function') {
        r.then(undefined, (e) => { fail(id, e); });
      }
    } catch (e) {
      fail(id, e);
    } finally {
      current = prev;
    }
  }

  // Called by the host when a promise is rejected with no handler (`handled` false) and when a
  // handler is attached to such a promise later (`handled` true). As in Node, a rejection is
  // unhandled only if it still has no handler once the microtasks have run: the check waits for
  // the next turn of the event loop (`Promise.reject(e)` handed to code that awaits it is fine).
  const pendingRejections = new SafeMap();
  let rejectionCheck = false;
  function unhandled(reason, promise, handled) {
    if (handled) { pendingRejections.delete(promise); return; }
    const id = current || (active.size === 1 ? active.keys().next().value : 0);
    if (!id) return;
    pendingRejections.set(promise, { reason, id });
    if (rejectionCheck) return;
    rejectionCheck = true;
    host.sleep(0, 0).then(() => {
      rejectionCheck = false;
      const left = Array.from(pendingRejections.values());
      pendingRejections.clear();
      for (const r of left) unhandledFailure(r.id, r.reason);
    });
  }
  function unhandledFailure(id, reason) {
    if (reason == null) {
      // QuickJS rejects with null when a promise chain nests too deeply to resolve.
      reason = new Error('a promise was rejected with ' + reason + ' and nothing handled it (a promise chain nested too deeply?)');
      reason.name = 'UnhandledPromiseRejection';
    }
    fail(id, reason);
  }

  // ---- safe JSON for log extras ------------------------------------------------------------
  function safeStringify(v) {
    const seen = new WeakSet();
    return stringify(v, function (k, val) {
      if (typeof val === 'bigint') return val.toString();
      if (typeof val === 'function') return '[Function: ' + (val.name || 'anonymous') + ']';
      if (typeof val === 'symbol') return val.toString();
      if (val === undefined) return null;
      if (val instanceof Error) return { name: val.name, message: val.message, stack: val.stack };
      if (typeof val === 'object' && val !== null) {
        if (seen.has(val)) return '[Circular]';
        seen.add(val);
      }
      return val;
    });
  }

  // ---- console -----------------------------------------------------------------------------
  const levels = { debug: 0, trace: 0, info: 1, log: 1, warn: 2, error: 3 };
  const consoleObj = {};
  for (const name of Object.keys(levels)) {
    const level = levels[name];
    consoleObj[name] = function (message, ...extras) {
      let text;
      if (typeof message === 'string') text = message;
      else if (message instanceof Error) text = String(message.stack || message);
      else if (message === undefined) text = 'undefined';
      else { try { text = safeStringify(message); } catch (e) { text = String(message); } }
      let ex = '[]';
      if (extras.length) { try { ex = safeStringify(extras); } catch (e) { ex = '["<unserialisable>"]'; } }
      host.log(current, level, text, ex);
    };
  }
  consoleObj.table = consoleObj.info;
  consoleObj.dir = consoleObj.info;
  consoleObj.assert = function (cond, ...rest) { if (!cond) consoleObj.error('Assertion failed', ...rest); };
  consoleObj.time = consoleObj.timeEnd = consoleObj.timeLog = consoleObj.count = consoleObj.group = consoleObj.groupEnd = function () {};
  G.console = consoleObj;

  // ---- timers ------------------------------------------------------------------------------
  let timerSeq = 0;
  const timers = new SafeMap();
  class Timeout {
    constructor(id) { hide(this, '_id', id); }
    ref() { return this; }
    unref() { return this; }
    hasRef() { return true; }
    refresh() { return this; }
    [Symbol.toPrimitive]() { return this._id; }
  }
  function schedule(cb, ms, args, repeat) {
    if (typeof cb !== 'function') throw new TypeError('The "callback" argument must be of type function. Received ' + typeof cb);
    const id = ++timerSeq;
    const owner = current;
    ms = Number(ms);
    if (!(ms >= 1) || ms > 2147483647) ms = repeat ? 1 : 0;
    timers.set(id, owner);
    const tick = () => {
      host.sleep(ms, id).then(() => {
        if (!timers.has(id)) return;
        if (!repeat) timers.delete(id);
        const prev = current;
        current = owner;
        try { cb(...args); } catch (e) { fail(owner, e); } finally { current = prev; }
        if (repeat && timers.has(id)) tick();
      });
    };
    tick();
    return id;
  }
  const clear = (t) => {
    if (t == null) return;
    const id = typeof t === 'object' ? t._id : Number(t);
    if (timers.delete(id)) host.cancelSleep(id);
  };
  G.setTimeout = (cb, ms, ...args) => new Timeout(schedule(cb, ms, args, false));
  G.setInterval = (cb, ms, ...args) => new Timeout(schedule(cb, ms, args, true));
  G.setImmediate = (cb, ...args) => new Timeout(schedule(cb, 0, args, false));
  G.clearTimeout = clear;
  G.clearInterval = clear;
  G.clearImmediate = clear;
  if (typeof G.queueMicrotask !== 'function') {
    G.queueMicrotask = (cb) => {
      if (typeof cb !== 'function') throw new TypeError('The "callback" argument must be of type function');
      const owner = current;
      Promise.resolve().then(() => { const prev = current; current = owner; try { cb(); } catch (e) { fail(owner, e); } finally { current = prev; } });
    };
  }

  // ---- process -----------------------------------------------------------------------------
  // Built on first access: most functions only read process.env, many never touch process.
  function makeProcess() {
  const env = parse(envJson);
  env.BRAND_ID = accountId;
  const process = {
    env,
    version: 'v14.19.0',
    versions: { node: '14.19.0' },
    platform: 'linux',
    arch: 'x64',
    argv: [],
    pid: 1,
    title: 'fnhost',
    nextTick: (cb, ...args) => G.queueMicrotask(() => cb(...args)),
    hrtime: Object.assign((prev) => {
      const ns = host.now();
      const s = Math.floor(ns / 1e9), n = ns % 1e9;
      if (!prev) return [s, n];
      let ds = s - prev[0], dn = n - prev[1];
      if (dn < 0) { ds -= 1; dn += 1e9; }
      return [ds, dn];
    }, { bigint: () => BigInt(Math.floor(host.now())) }),
    uptime: () => host.now() / 1e9,
    memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0 }),
    cwd: () => '/',
    exit: () => { throw new Error('process.exit() is not available to fnhost functions'); },
    abort: () => { throw new Error('process.abort() is not available to fnhost functions'); },
    kill: () => { throw new Error('process.kill() is not available to fnhost functions'); },
    on: () => process,
    once: () => process,
    emitWarning: (w) => consoleObj.warn(String(w)),
  };
  return process;
  }

  // ---- modules (lazy) ----------------------------------------------------------------------
  const cache = Object.create(null);
  const lib = {
    track(p) {
      const owner = current;
      return p.then((v) => { current = owner; return v; }, (e) => { current = owner; throw e; });
    },
    current: () => current,
    safeStringify,
  };
  function load(name) {
    if (name in cache) return cache[name];
    const factory = host.module(name);
    if (factory === undefined) return undefined;
    const exports = factory(host, lib, require);
    cache[name] = exports;
    return exports;
  }
  const aliases = { 'assert/strict': 'assert', 'path/posix': 'path', 'util/types': 'util' };
  function require(name) {
    if (typeof name !== 'string') throw new TypeError('The "id" argument must be of type string');
    const n = name.startsWith('node:') ? name.slice(5) : name;
    const m = load(aliases[n] || n);
    if (m === undefined) {
      // The message (from Rust) lists what a function may require, and says why when a well-known
      // Node built-in is deliberately absent.
      const e = new Error(host.moduleNotFound(name));
      e.code = 'MODULE_NOT_FOUND';
      throw e;
    }
    if (n === 'assert/strict') return m.strict;
    if (n === 'util/types') return m.types;
    return m;
  }
  lib.load = load;
  // Internal modules (the toolbelt's parts, fetch, Intl) instantiated once per instance: a module
  // that keeps state (the HTTP bridge's abort keys) must have one copy, whoever loads it.
  const internals = new Map();
  lib.internal = (name) => {
    let m = internals.get(name);
    if (m === undefined) { m = host.internal(name)(host, lib, require); internals.set(name, m); }
    return m;
  };

  const lazy = (name, get) => Object.defineProperty(G, name, {
    configurable: true, enumerable: false,
    get() { const v = get(); Object.defineProperty(G, name, { value: v, writable: true, configurable: true, enumerable: false }); return v; },
    set(v) { Object.defineProperty(G, name, { value: v, writable: true, configurable: true, enumerable: false }); },
  });
  // Intl and the locale-sensitive built-ins share one shim, loaded on first use of any of them.
  const intl = () => lib.internal('intl');
  const method = (proto, name, fn) => Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true, enumerable: false });
  const localeMethods = {
    toLocaleString(locales, options) { return intl().dateToLocale(this, 0, locales, options); },
    toLocaleDateString(locales, options) { return intl().dateToLocale(this, 1, locales, options); },
    toLocaleTimeString(locales, options) { return intl().dateToLocale(this, 2, locales, options); },
  };
  for (const name of Object.keys(localeMethods)) method(Date.prototype, name, localeMethods[name]);
  method(Number.prototype, 'toLocaleString', {
    toLocaleString(locales, options) { return intl().numberToLocale(this, locales, options); },
  }.toLocaleString);
  method(String.prototype, 'localeCompare', {
    localeCompare(that, locales, options) { return intl().localeCompare(this, that, locales, options); },
  }.localeCompare);
  lazy('Intl', () => intl().Intl);
  lazy('process', makeProcess);
  lazy('Buffer', () => load('buffer').Buffer);
  lazy('URL', () => load('url').URL);
  lazy('URLSearchParams', () => load('url').URLSearchParams);
  lazy('TextEncoder', () => load('util').TextEncoder);
  lazy('TextDecoder', () => load('util').TextDecoder);
  lazy('structuredClone', () => load('util').structuredClone);
  lazy('atob', () => load('buffer').atob);
  lazy('btoa', () => load('buffer').btoa);
  lazy('crypto', () => load('crypto').webcrypto);
  // fetch and its companions share one shim, loaded on first use of any of them.
  const web = () => lib.internal('fetch');
  for (const name of ['fetch', 'Headers', 'Request', 'Response', 'AbortController', 'AbortSignal', 'FormData', 'Blob', 'File', 'DOMException']) {
    lazy(name, () => web()[name]);
  }
  lazy('performance', () => ({
    timeOrigin: Date.now() - host.now() / 1e6,
    now: () => host.now() / 1e6,
    mark() {}, measure() {},
    toJSON() { return { timeOrigin: this.timeOrigin }; },
  }));
  G.global = G;

  // ---- the user's function -----------------------------------------------------------------
  // The hooks go back to Rust only (kept as the instance's private data), never on globalThis:
  // user code cannot call or replace them. `load` gets the user's source wrapped as
  // `(function (module, exports, require) {...})` and answers the function that runs one call.
  return {
    load(wrapper) {
      const module = { exports: {} };
      const lambda = wrapper.call(G, module, module.exports, require);
      let fn = typeof lambda === 'function' ? lambda : module.exports;
      if (typeof fn !== 'function' && fn && typeof fn.lambda === 'function') fn = fn.lambda;
      if (typeof fn !== 'function') return undefined;
      return (inputJson, id) => invoke(fn, inputJson, id);
    },
    unhandled,
  };
})
