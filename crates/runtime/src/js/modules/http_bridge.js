// The bridge to the embedder's host services, shared by the toolbelt (`call`), `Toolbelt.HTTPClient`,
// `Toolbelt.MTLSClient` and `fetch` (`request`): every outbound request is one
// `host.call('http', 'request', ...)`, so the egress policy (allowlist, private addresses, every
// redirect hop) applies to all of them alike. Bodies travel as text or as base64 bytes; binary
// responses come back as Buffers. Also the multipart/form-data encoder used by `formData` and
// `FormData`. Internal module (`host.internal('http-bridge')`), not requirable by functions.
(function (host, lib, require) {
  'use strict';
  const { Buffer } = require('buffer');

  // host.call resolves with JSON `{ok: value}` or `{err: {code, message, status?}}`.
  function settle(raw) {
    const r = JSON.parse(raw);
    if (r.err) {
      const e = new Error(r.err.message);
      if (r.err.code) e.code = r.err.code;
      if (r.err.status) e.statusCode = r.err.status;
      throw e;
    }
    return r.ok;
  }
  async function call(service, op, args) {
    return settle(await lib.track(host.call(service, op, JSON.stringify(args === undefined ? null : args))));
  }
  // The same call, ended early (the host drops the request) by `abortCall(key)`.
  let abortSeq = 0;
  const ABORT_BASE = 4503599627370496; // 2^52: far from timer ids, which share the host's map
  function abortable(service, op, args) {
    const key = ABORT_BASE + (++abortSeq);
    const promise = lib.track(host.callAbortable(service, op, JSON.stringify(args), key)).then(settle);
    return { promise, abort: () => host.cancelSleep(key) };
  }

  // The bytes of an ArrayBuffer or any view of one (no copy); null for anything else.
  function toBytes(v) {
    if (v instanceof ArrayBuffer) return new Uint8Array(v);
    if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    return null;
  }
  const base64 = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

  // Header values as the host takes them: strings, lists joined with ', '.
  function headerMap(headers) {
    const out = {};
    for (const k of Object.keys(headers || {})) {
      const v = headers[k];
      if (v === undefined || v === null) continue;
      out[k] = Array.isArray(v) ? v.map(String).join(', ') : String(v);
    }
    return out;
  }

  // One request through the egress. `o`: {method, url, headers, body (string | bytes | null),
  // binary, followRedirects, timeout (ms), identity ({certPem, keyPem, caPem, allowSelfSigned})}.
  // Resolves with {statusCode, statusMessage, headers, url, redirected, body: string | Buffer}.
  // With `o.abortable`, answers {promise, abort} instead.
  function request(o) {
    const req = {
      method: String(o.method || 'GET').toUpperCase(),
      url: String(o.url),
      headers: headerMap(o.headers),
      body: null,
      bodyBase64: null,
      binaryResponse: !!o.binary,
      followRedirects: o.followRedirects !== false,
      clientIdentity: o.identity || null,
      timeoutMs: o.timeout > 0 ? Math.ceil(o.timeout) : null,
    };
    if (typeof o.body === 'string') req.body = o.body;
    else if (o.body !== undefined && o.body !== null) {
      const bytes = toBytes(o.body);
      if (bytes) req.bodyBase64 = base64(bytes);
      else req.body = String(o.body);
    }
    const finish = (res) => {
      if (typeof res.bodyBase64 === 'string') res.body = Buffer.from(res.bodyBase64, 'base64');
      delete res.bodyBase64;
      return res;
    };
    if (o.abortable) {
      const a = abortable('http', 'request', req);
      return { promise: a.promise.then(finish), abort: a.abort };
    }
    return call('http', 'request', req).then(finish);
  }

  // multipart/form-data: `fields` is a list of {name, value (string | bytes), filename?,
  // contentType?}. Names and file names are escaped as browsers do (`"` → %22, CR/LF → %0D/%0A).
  function boundary() {
    let b = '--------------------------';
    for (let i = 0; i < 24; i++) b += Math.floor(Math.random() * 10);
    return b;
  }
  const escapeName = (s) => String(s).replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
  function multipart(fields) {
    const b = boundary();
    const parts = [];
    for (const f of fields) {
      let head = '--' + b + '\r\nContent-Disposition: form-data; name="' + escapeName(f.name) + '"';
      if (f.filename !== undefined && f.filename !== null) head += '; filename="' + escapeName(f.filename) + '"';
      head += '\r\n';
      if (f.contentType) head += 'Content-Type: ' + String(f.contentType).replace(/[\r\n]/g, '') + '\r\n';
      parts.push(Buffer.from(head + '\r\n'));
      const bytes = toBytes(f.value);
      parts.push(bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(String(f.value)));
      parts.push(Buffer.from('\r\n'));
    }
    parts.push(Buffer.from('--' + b + '--\r\n'));
    return { contentType: 'multipart/form-data; boundary=' + b, body: Buffer.concat(parts) };
  }

  return { call, request, toBytes, headerMap, multipart };
})
