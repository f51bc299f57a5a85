// `Toolbelt.HTTPClient()` with the request-promise call shape (`uri`/`url`, `baseUrl`, `qs`,
// `headers`, `body` text or bytes, `json`, `form`, `formData`, `auth`, `encoding`, `followRedirect`,
// `followAllRedirects`, `simple`, `resolveWithFullResponse`, `timeout`) over the embedder's egress,
// and the bridge every toolbelt component calls its host services through (from `http-bridge`).
// Internal module (`host.internal('toolbelt-http')`), not requirable by functions.
(function (host, lib, require) {
  'use strict';
  const { URLSearchParams, URL } = require('url');
  const { Buffer } = require('buffer');
  const bridge = lib.internal('http-bridge');
  const { call, toBytes } = bridge;

  class StatusCodeError extends Error {
    constructor(statusCode, body, options, response) {
      super(statusCode + ' - ' + (typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString() : JSON.stringify(body)));
      this.name = 'StatusCodeError';
      this.statusCode = statusCode;
      this.error = body;
      this.options = options;
      this.response = response;
    }
  }
  class RequestError extends Error {
    constructor(cause, options) { super(String(cause && cause.message || cause)); this.name = 'RequestError'; this.cause = cause; this.error = cause; this.options = options; }
  }

  const hasHeader = (headers, name) => Object.keys(headers).some((h) => h.toLowerCase() === name);

  // `auth`: {user|username, pass|password} → Basic, {bearer} (a string or a function giving one)
  // → Bearer, as request does.
  function authorization(auth) {
    if (auth.bearer !== undefined) return 'Bearer ' + (typeof auth.bearer === 'function' ? auth.bearer() : auth.bearer);
    const user = auth.user !== undefined ? auth.user : auth.username;
    const pass = auth.pass !== undefined ? auth.pass : auth.password;
    if (typeof user !== 'string' || (pass !== undefined && typeof pass !== 'string')) throw new Error('auth() received invalid user or password');
    return 'Basic ' + Buffer.from(user + ':' + (pass || '')).toString('base64');
  }

  // The content types form-data guesses from a file name's extension (a few common ones).
  const MIME = {
    txt: 'text/plain', html: 'text/html', htm: 'text/html', css: 'text/css', csv: 'text/csv', xml: 'application/xml',
    json: 'application/json', js: 'application/javascript', pdf: 'application/pdf', zip: 'application/zip', gz: 'application/gzip',
    png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml', webp: 'image/webp',
    mp3: 'audio/mpeg', mp4: 'video/mp4', wav: 'audio/wav', doc: 'application/msword',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
  // One `formData` value: a string, bytes, or {value, options: {filename, contentType} | filename}.
  function formField(name, item) {
    if (item !== null && typeof item === 'object' && !toBytes(item) && 'value' in item) {
      const opts = typeof item.options === 'string' ? { filename: item.options } : (item.options || {});
      const f = formField(name, item.value);
      if (opts.filename !== undefined) f.filename = String(opts.filename);
      if (opts.contentType) f.contentType = opts.contentType;
      else if (f.filename !== undefined) {
        const ext = f.filename.includes('.') ? f.filename.split('.').pop().toLowerCase() : '';
        f.contentType = MIME[ext] || f.contentType || 'application/octet-stream';
      }
      return f;
    }
    const bytes = toBytes(item);
    if (bytes) return { name, value: bytes, contentType: 'application/octet-stream' };
    return { name, value: String(item) };
  }
  function formDataBody(formData) {
    const fields = [];
    for (const name of Object.keys(formData)) {
      const v = formData[name];
      for (const item of Array.isArray(v) ? v : [v]) fields.push(formField(name, item));
    }
    return bridge.multipart(fields);
  }

  // request follows redirects of GET/HEAD/OPTIONS only, unless `followAllRedirects`.
  function followsRedirects(o, method) {
    if (o.followRedirect === false) return false;
    if (o.followAllRedirects) return true;
    return !['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
  }

  function HTTPClient() {
    return async function httpClient(first, second) {
      let o = typeof first === 'string' ? Object.assign({}, second || {}, { uri: first }) : Object.assign({}, first || {}, second || {});
      let url = o.uri || o.url;
      if (url instanceof URL) url = url.href;
      if (o.baseUrl && typeof url === 'string' && !/^[a-z]+:/i.test(url)) url = String(o.baseUrl).replace(/\/$/, '') + '/' + url.replace(/^\//, '');
      if (o.qs && typeof o.qs === 'object') {
        const q = new URLSearchParams(o.qs).toString();
        if (q) url += (url.includes('?') ? '&' : '?') + q;
      }
      const headers = Object.assign({}, o.headers || {});
      let body = o.body;
      if (o.formData !== undefined && o.formData !== null) {
        const m = formDataBody(o.formData);
        body = m.body;
        for (const h of Object.keys(headers)) if (h.toLowerCase() === 'content-type') delete headers[h];
        headers['content-type'] = m.contentType;
      } else if (o.form !== undefined) {
        body = typeof o.form === 'string' ? o.form : new URLSearchParams(o.form).toString();
        if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/x-www-form-urlencoded';
      } else if (body !== undefined && body !== null && typeof body !== 'string' && toBytes(body)) {
        body = toBytes(body);
      } else if (o.json && body !== undefined && typeof body !== 'string') {
        body = JSON.stringify(body);
        if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
      } else if (body !== undefined && body !== null && typeof body !== 'string') {
        body = String(body);
      }
      if (o.json && !hasHeader(headers, 'accept')) headers.accept = 'application/json';
      const method = String(o.method || 'GET').toUpperCase();
      const auth = o.auth ? authorization(o.auth) : null;
      if (auth && o.auth.sendImmediately !== false) headers.authorization = auth;
      const req = {
        method, url: String(url), headers, body: body === undefined ? null : body, timeout: o.timeout,
        // Any `encoding` (null: a Buffer) reads the bytes; without one the body is UTF-8 text.
        binary: o.encoding !== undefined, followRedirects: followsRedirects(o, method),
      };
      let res;
      try {
        res = await bridge.request(req);
        // `sendImmediately: false`: the credentials go only in answer to a challenge.
        if (auth && o.auth.sendImmediately === false && res.statusCode === 401 && /^(basic|bearer)\b/i.test(res.headers['www-authenticate'] || '')) {
          headers.authorization = auth;
          res = await bridge.request(req);
        }
      } catch (e) { throw new RequestError(e, o); }
      let resBody = res.body;
      if (Buffer.isBuffer(resBody) && o.encoding !== null && o.encoding !== undefined) resBody = resBody.toString(o.encoding);
      if (o.json && typeof resBody === 'string' && resBody.length) { try { resBody = JSON.parse(resBody); } catch (e) { /* keep text */ } }
      const resHeaders = Object.assign({}, res.headers);
      if (typeof resHeaders['set-cookie'] === 'string') resHeaders['set-cookie'] = resHeaders['set-cookie'].split('\n');
      const full = { statusCode: res.statusCode, statusMessage: res.statusMessage || '', headers: resHeaders, body: resBody, request: { uri: { href: res.url || req.url }, method } };
      const simple = o.simple !== false;
      if (simple && !(res.statusCode >= 200 && res.statusCode < 300)) throw new StatusCodeError(res.statusCode, resBody, o, full);
      return o.resolveWithFullResponse ? full : resBody;
    };
  }

  return { call, HTTPClient, StatusCodeError, RequestError };
})
