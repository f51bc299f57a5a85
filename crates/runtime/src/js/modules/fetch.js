// The WHATWG fetch globals over the egress: `fetch`, `Headers`, `Request`, `Response`,
// `AbortController`, `AbortSignal`, `FormData`, `Blob`, `DOMException`, at the level functions use
// them (no streams: bodies are whole byte strings, as the egress caps responses at 5 MiB anyway).
// Every fetch is one `http.request` host call (through `http-bridge`), so the allowlist, the
// private-address rule and the check of every redirect hop apply; a refused URL answers 403 as
// the egress does. Internal module (`host.internal('fetch')`), installed lazily by the prelude.
(function (host, lib, require) {
  'use strict';
  const { Buffer } = require('buffer');
  const { URL, URLSearchParams } = require('url');
  const bridge = lib.internal('http-bridge');

  const DOM_CODES = { IndexSizeError: 1, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11, SyntaxError: 12, AbortError: 20, TimeoutError: 23, DataCloneError: 25 };
  class DOMException extends Error {
    constructor(message, name) {
      super(message === undefined ? '' : String(message));
      Object.defineProperty(this, 'name', { value: name === undefined ? 'Error' : String(name), writable: true, configurable: true });
    }
    get code() { return DOM_CODES[this.name] || 0; }
  }

  // ---- Headers ---------------------------------------------------------------------------------
  const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  const headerName = (n) => {
    n = String(n);
    if (!TOKEN.test(n)) throw new TypeError('Headers: "' + n + '" is an invalid header name.');
    return n.toLowerCase();
  };
  const headerValue = (v) => {
    v = String(v).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
    if (/[\0\r\n]/.test(v)) throw new TypeError('Headers: "' + v + '" is an invalid header value.');
    return v;
  };
  const H = Symbol('headers');
  class Headers {
    constructor(init) {
      Object.defineProperty(this, H, { value: { map: new Map(), cookies: [] } });
      if (init === undefined || init === null) return;
      if (init instanceof Headers) { for (const [k, v] of init[H].map) this[H].map.set(k, v); this[H].cookies = init[H].cookies.slice(); return; }
      if (typeof init !== 'object' && typeof init !== 'function') throw new TypeError('Headers: the init argument must be an object, an array of pairs or a Headers.');
      if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const p = Array.from(pair);
          if (p.length !== 2) throw new TypeError('Headers: each header pair must have exactly two items.');
          this.append(p[0], p[1]);
        }
      } else {
        for (const k of Object.keys(init)) this.append(k, init[k]);
      }
    }
    append(name, value) {
      const n = headerName(name), v = headerValue(value), h = this[H];
      if (n === 'set-cookie') h.cookies.push(v);
      const cur = h.map.get(n);
      h.map.set(n, cur === undefined ? v : cur + ', ' + v);
    }
    set(name, value) {
      const n = headerName(name), v = headerValue(value), h = this[H];
      if (n === 'set-cookie') h.cookies = [v];
      h.map.set(n, v);
    }
    get(name) { const v = this[H].map.get(headerName(name)); return v === undefined ? null : v; }
    has(name) { return this[H].map.has(headerName(name)); }
    delete(name) { const n = headerName(name); if (n === 'set-cookie') this[H].cookies = []; this[H].map.delete(n); }
    getSetCookie() { return this[H].cookies.slice(); }
    // Sorted by name, `set-cookie` once per cookie, as the standard iterates.
    *entries() {
      const names = Array.from(this[H].map.keys()).sort();
      for (const n of names) {
        if (n === 'set-cookie') { for (const c of this[H].cookies) yield [n, c]; } else yield [n, this[H].map.get(n)];
      }
    }
    *keys() { for (const [k] of this.entries()) yield k; }
    *values() { for (const [, v] of this.entries()) yield v; }
    forEach(cb, thisArg) { for (const [k, v] of this.entries()) cb.call(thisArg, v, k, this); }
    [Symbol.iterator]() { return this.entries(); }
    get [Symbol.toStringTag]() { return 'Headers'; }
  }
  // A plain object for the host (set-cookie joined: requests rarely send several).
  const headersToObject = (h) => { const o = {}; for (const [k, v] of h[H].map) o[k] = v; return o; };

  // ---- Blob, FormData ----------------------------------------------------------------------------
  const BYTES = Symbol('bytes');
  class Blob {
    constructor(parts, options) {
      const chunks = [];
      for (const p of parts || []) {
        if (p instanceof Blob) chunks.push(p[BYTES]);
        else {
          const b = bridge.toBytes(p);
          chunks.push(b ? Buffer.from(b) : Buffer.from(String(p)));
        }
      }
      Object.defineProperty(this, BYTES, { value: Buffer.concat(chunks) });
      const type = options && options.type !== undefined ? String(options.type) : '';
      Object.defineProperty(this, 'type', { value: /^[\x20-\x7e]*$/.test(type) ? type.toLowerCase() : '', enumerable: true });
    }
    get size() { return this[BYTES].length; }
    slice(start, end, type) { const b = new Blob([], { type }); const s = this[BYTES].subarray(start, end); Object.defineProperty(b, BYTES, { value: Buffer.from(s) }); return b; }
    async text() { return this[BYTES].toString('utf8'); }
    async arrayBuffer() { return copyBuffer(this[BYTES]); }
    async bytes() { return new Uint8Array(copyBuffer(this[BYTES])); }
    get [Symbol.toStringTag]() { return 'Blob'; }
  }
  class File extends Blob {
    constructor(parts, name, options) {
      super(parts, options);
      Object.defineProperty(this, 'name', { value: String(name), enumerable: true });
      Object.defineProperty(this, 'lastModified', { value: options && options.lastModified !== undefined ? Number(options.lastModified) : Date.now(), enumerable: true });
    }
    get [Symbol.toStringTag]() { return 'File'; }
  }
  const copyBuffer = (bytes) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);

  const FD = Symbol('entries');
  const formEntry = (name, value, filename) => {
    name = String(name);
    if (value instanceof Blob) {
      if (!(value instanceof File) || filename !== undefined) value = new File([value], filename !== undefined ? filename : (value instanceof File ? value.name : 'blob'), { type: value.type });
      return [name, value];
    }
    return [name, String(value)];
  };
  class FormData {
    constructor() { Object.defineProperty(this, FD, { value: [] }); }
    append(name, value, filename) { this[FD].push(formEntry(name, value, filename)); }
    set(name, value, filename) {
      const e = formEntry(name, value, filename), list = this[FD];
      const i = list.findIndex((x) => x[0] === e[0]);
      if (i < 0) { list.push(e); return; }
      list[i] = e;
      for (let j = list.length - 1; j > i; j--) if (list[j][0] === e[0]) list.splice(j, 1);
    }
    get(name) { const e = this[FD].find((x) => x[0] === String(name)); return e ? e[1] : null; }
    getAll(name) { return this[FD].filter((x) => x[0] === String(name)).map((x) => x[1]); }
    has(name) { return this[FD].some((x) => x[0] === String(name)); }
    delete(name) { const list = this[FD]; for (let j = list.length - 1; j >= 0; j--) if (list[j][0] === String(name)) list.splice(j, 1); }
    *entries() { for (const e of this[FD].slice()) yield [e[0], e[1]]; }
    *keys() { for (const e of this.entries()) yield e[0]; }
    *values() { for (const e of this.entries()) yield e[1]; }
    forEach(cb, thisArg) { for (const [k, v] of this.entries()) cb.call(thisArg, v, k, this); }
    [Symbol.iterator]() { return this.entries(); }
    get [Symbol.toStringTag]() { return 'FormData'; }
  }
  function encodeForm(fd) {
    return bridge.multipart(fd[FD].map(([name, v]) => (v instanceof File
      ? { name, value: v[BYTES], filename: v.name, contentType: v.type || 'application/octet-stream' }
      : { name, value: v })));
  }

  // ---- bodies ------------------------------------------------------------------------------------
  // A body as bytes and the content type it implies.
  function extractBody(body) {
    if (body === undefined || body === null) return { bytes: null, type: null };
    if (typeof body === 'string') return { bytes: Buffer.from(body), type: 'text/plain;charset=UTF-8' };
    if (body instanceof URLSearchParams) return { bytes: Buffer.from(body.toString()), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
    if (body instanceof FormData) { const m = encodeForm(body); return { bytes: m.body, type: m.contentType }; }
    if (body instanceof Blob) return { bytes: body[BYTES], type: body.type || null };
    const b = bridge.toBytes(body);
    if (b) return { bytes: Buffer.from(b), type: null };
    return { bytes: Buffer.from(String(body)), type: 'text/plain;charset=UTF-8' };
  }
  const B = Symbol('body');
  const bodyOf = (self) => {
    const s = self[B];
    if (s.used) throw new TypeError('Body is unusable: Body has already been read');
    s.used = true;
    return s.bytes || Buffer.alloc(0);
  };
  const stripBom = (t) => (t.charCodeAt(0) === 0xfeff ? t.slice(1) : t);
  // The body methods Request and Response share.
  const bodyMethods = {
    get bodyUsed() { return this[B].used; },
    get body() {
      const s = this[B];
      if (s.bytes === null) return null;
      // Not a ReadableStream: a reader that yields the whole body once, and async iteration.
      const self = this;
      let done = false;
      const read = async () => {
        if (done) return { done: true, value: undefined };
        done = true;
        const bytes = bodyOf(self);
        return { done: false, value: new Uint8Array(copyBuffer(bytes)) };
      };
      return { get locked() { return s.used; }, getReader: () => ({ read, releaseLock() {}, cancel: async () => { s.used = true; } }), [Symbol.asyncIterator]: () => ({ next: read }) };
    },
    async text() { return stripBom(bodyOf(this).toString('utf8')); },
    async json() { return JSON.parse(stripBom(bodyOf(this).toString('utf8'))); },
    async arrayBuffer() { return copyBuffer(bodyOf(this)); },
    async bytes() { return new Uint8Array(copyBuffer(bodyOf(this))); },
    async blob() { const bytes = bodyOf(this); return new Blob([bytes], { type: this.headers.get('content-type') || '' }); },
    async formData() {
      const type = this.headers.get('content-type') || '';
      const bytes = bodyOf(this);
      if (!/^application\/x-www-form-urlencoded/i.test(type)) throw new TypeError('formData(): only application/x-www-form-urlencoded bodies can be read as FormData on fnhost');
      const fd = new FormData();
      for (const [k, v] of new URLSearchParams(bytes.toString('utf8'))) fd.append(k, v);
      return fd;
    },
  };
  function mixBody(cls) {
    for (const name of Object.keys(bodyMethods)) {
      const d = Object.getOwnPropertyDescriptor(bodyMethods, name);
      if (d.get) Object.defineProperty(cls.prototype, name, { get: d.get, configurable: true });
      else Object.defineProperty(cls.prototype, name, { value: d.value, writable: true, configurable: true });
    }
  }
  const setBody = (self, bytes) => Object.defineProperty(self, B, { value: { bytes, used: false } });

  // ---- AbortController / AbortSignal -------------------------------------------------------------
  const SIG = Symbol('signal');
  class AbortSignal {
    constructor(key) {
      if (key !== SIG) throw new TypeError('Illegal constructor');
      Object.defineProperty(this, SIG, { value: { aborted: false, reason: undefined, listeners: [] } });
      this.onabort = null;
    }
    get aborted() { return this[SIG].aborted; }
    get reason() { return this[SIG].reason; }
    throwIfAborted() { if (this[SIG].aborted) throw this[SIG].reason; }
    addEventListener(type, listener, options) {
      if (type !== 'abort' || !listener) return;
      const once = !!(options && typeof options === 'object' && options.once);
      if (!this[SIG].listeners.some((l) => l.fn === listener)) this[SIG].listeners.push({ fn: listener, once });
    }
    removeEventListener(type, listener) {
      if (type !== 'abort') return;
      this[SIG].listeners = this[SIG].listeners.filter((l) => l.fn !== listener);
    }
    dispatchEvent(event) {
      const list = this[SIG].listeners.slice();
      this[SIG].listeners = list.filter((l) => !l.once);
      const call = (fn) => { try { if (typeof fn === 'function') fn.call(this, event); else if (fn && typeof fn.handleEvent === 'function') fn.handleEvent(event); } catch (e) { G.queueMicrotask(() => { throw e; }); } };
      if (typeof this.onabort === 'function') call(this.onabort);
      for (const l of list) call(l.fn);
      return true;
    }
    static abort(reason) { const s = new AbortSignal(SIG); abortSignal(s, reason); return s; }
    static timeout(ms) {
      const s = new AbortSignal(SIG);
      setTimeout(() => abortSignal(s, new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
      return s;
    }
    static any(signals) {
      const s = new AbortSignal(SIG);
      for (const x of signals) if (x.aborted) { abortSignal(s, x.reason); return s; }
      for (const x of signals) x.addEventListener('abort', () => abortSignal(s, x.reason), { once: true });
      return s;
    }
    get [Symbol.toStringTag]() { return 'AbortSignal'; }
  }
  const G = globalThis;
  function abortSignal(s, reason) {
    const st = s[SIG];
    if (st.aborted) return;
    st.aborted = true;
    st.reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    s.dispatchEvent({ type: 'abort', target: s, currentTarget: s });
  }
  class AbortController {
    constructor() { Object.defineProperty(this, 'signal', { value: new AbortSignal(SIG), enumerable: true }); }
    abort(reason) { abortSignal(this.signal, reason); }
    get [Symbol.toStringTag]() { return 'AbortController'; }
  }

  // ---- Request / Response ------------------------------------------------------------------------
  const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH'];
  const REQ = Symbol('request');
  class Request {
    constructor(input, init) {
      init = init || {};
      const from = input instanceof Request ? input : null;
      let url;
      try { url = new URL(from ? from.url : String(input)).href; } catch (e) { throw new TypeError('Failed to parse URL from ' + (from ? from.url : String(input))); }
      let method = init.method !== undefined ? String(init.method) : (from ? from.method : 'GET');
      if (METHODS.includes(method.toUpperCase())) method = method.toUpperCase();
      const headers = new Headers(init.headers !== undefined ? init.headers : (from ? from.headers : undefined));
      let bytes = null;
      if (init.body !== undefined && init.body !== null) {
        if (method === 'GET' || method === 'HEAD') throw new TypeError('Request with GET/HEAD method cannot have body.');
        const b = extractBody(init.body);
        bytes = b.bytes;
        if (b.type && !headers.has('content-type')) headers.set('content-type', b.type);
      } else if (from && from[B].bytes !== null) {
        bytes = bodyOf(from);
      }
      const redirect = init.redirect !== undefined ? String(init.redirect) : (from ? from.redirect : 'follow');
      if (!['follow', 'manual', 'error'].includes(redirect)) throw new TypeError('Request: redirect must be "follow", "manual" or "error"');
      const signal = init.signal !== undefined ? init.signal : (from ? from.signal : null);
      if (signal !== null && !(signal instanceof AbortSignal)) throw new TypeError('Request: signal must be an AbortSignal');
      Object.defineProperty(this, REQ, { value: { url, method, headers, redirect, signal: signal || new AbortController().signal } });
      setBody(this, bytes);
    }
    get url() { return this[REQ].url; }
    get method() { return this[REQ].method; }
    get headers() { return this[REQ].headers; }
    get redirect() { return this[REQ].redirect; }
    get signal() { return this[REQ].signal; }
    clone() {
      if (this.bodyUsed) throw new TypeError('Request.clone: Body has already been consumed.');
      const r = new Request(this.url, { method: this.method, headers: this.headers, redirect: this.redirect, signal: this.signal });
      setBody(r, this[B].bytes);
      return r;
    }
    get [Symbol.toStringTag]() { return 'Request'; }
  }
  mixBody(Request);

  const RES = Symbol('response');
  const NULL_BODY = [101, 204, 205, 304];
  class Response {
    constructor(body, init) {
      init = init || {};
      const status = init.status === undefined ? 200 : Number(init.status);
      if (!Number.isInteger(status) || status < 200 || status > 599) throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
      const headers = new Headers(init.headers);
      const b = extractBody(body);
      if (b.bytes !== null && NULL_BODY.includes(status)) throw new TypeError('Response constructor: Invalid response status code ' + status);
      if (b.type && !headers.has('content-type')) headers.set('content-type', b.type);
      Object.defineProperty(this, RES, { value: { status, statusText: init.statusText === undefined ? '' : String(init.statusText), headers, url: '', redirected: false, type: 'default' } });
      setBody(this, b.bytes);
    }
    get status() { return this[RES].status; }
    get ok() { return this[RES].status >= 200 && this[RES].status <= 299; }
    get statusText() { return this[RES].statusText; }
    get headers() { return this[RES].headers; }
    get url() { return this[RES].url; }
    get redirected() { return this[RES].redirected; }
    get type() { return this[RES].type; }
    clone() {
      if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
      return fromParts(Object.assign({}, this[RES], { headers: new Headers(this.headers) }), this[B].bytes);
    }
    static error() { const r = fromParts({ status: 0, statusText: '', headers: new Headers(), url: '', redirected: false, type: 'error' }, null); return r; }
    static json(data, init) {
      const text = JSON.stringify(data);
      if (text === undefined) throw new TypeError('Response.json: the data is not JSON-serialisable');
      const headers = new Headers(init && init.headers);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      return new Response(text, Object.assign({}, init, { headers }));
    }
    static redirect(url, status) {
      status = status === undefined ? 302 : status;
      if (![301, 302, 303, 307, 308].includes(status)) throw new RangeError('Invalid status code ' + status);
      return fromParts({ status, statusText: '', headers: new Headers({ location: new URL(String(url)).href }), url: '', redirected: false, type: 'default' }, null);
    }
    get [Symbol.toStringTag]() { return 'Response'; }
  }
  mixBody(Response);
  function fromParts(parts, bytes) {
    const r = Object.create(Response.prototype);
    Object.defineProperty(r, RES, { value: parts });
    setBody(r, bytes);
    return r;
  }

  // ---- fetch -------------------------------------------------------------------------------------
  function fetch(input, init) {
    return new Promise((resolve, reject) => {
      const request = new Request(input, init);
      const signal = request.signal;
      if (signal.aborted) { reject(signal.reason); return; }
      const headers = request.headers;
      if (!headers.has('accept')) headers.set('accept', '*/*');
      const pending = bridge.request({
        method: request.method, url: request.url, headers: headersToObject(headers), body: request[B].bytes,
        binary: true, followRedirects: request.redirect === 'follow', abortable: true,
      });
      let settled = false;
      const onAbort = () => {
        if (settled) return;
        settled = true;
        pending.abort();
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      pending.promise.then((res) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (request.redirect === 'error' && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
          const e = new TypeError('fetch failed');
          e.cause = new Error('unexpected redirect to ' + res.headers.location);
          reject(e);
          return;
        }
        const h = new Headers();
        for (const k of Object.keys(res.headers)) {
          if (k === 'set-cookie') for (const c of String(res.headers[k]).split('\n')) h.append(k, c);
          else h.append(k, res.headers[k]);
        }
        const body = request.method === 'HEAD' || NULL_BODY.includes(res.statusCode) ? null : res.body;
        resolve(fromParts({ status: res.statusCode, statusText: res.statusMessage || '', headers: h, url: res.url || request.url, redirected: !!res.redirected, type: 'basic' }, body));
      }, (cause) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        const e = new TypeError('fetch failed');
        e.cause = cause;
        reject(e);
      });
    });
  }

  return { fetch, Headers, Request, Response, AbortController, AbortSignal, FormData, Blob, File, DOMException };
})
