// `Toolbelt.HTTPClient()` and the bridge every toolbelt component calls its host services through:
// the request-promise call shape over the embedder's egress (`host.call('http', 'request', ...)`).
// Internal module (`host.internal('toolbelt-http')`), not requirable by functions.
(function (host, lib, require) {
  'use strict';
  const { URLSearchParams, URL } = require('url');

  // host.call resolves with JSON `{ok: value}` or `{err: {code, message, status?}}`.
  async function call(service, op, args) {
    const raw = await lib.track(host.call(service, op, JSON.stringify(args === undefined ? null : args)));
    const r = JSON.parse(raw);
    if (r.err) {
      const e = new Error(r.err.message);
      if (r.err.code) e.code = r.err.code;
      if (r.err.status) e.statusCode = r.err.status;
      throw e;
    }
    return r.ok;
  }

  class StatusCodeError extends Error {
    constructor(statusCode, body, options, response) {
      super(statusCode + ' - ' + (typeof body === 'string' ? body : JSON.stringify(body)));
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
      if (o.form !== undefined) {
        body = typeof o.form === 'string' ? o.form : new URLSearchParams(o.form).toString();
        headers['content-type'] = headers['content-type'] || 'application/x-www-form-urlencoded';
      } else if (o.json && body !== undefined && typeof body !== 'string') {
        body = JSON.stringify(body);
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
      } else if (body !== undefined && typeof body !== 'string') {
        body = ArrayBuffer.isView(body) ? require('buffer').Buffer.from(body).toString('utf8') : String(body);
      }
      if (o.json && !Object.keys(headers).some((h) => h.toLowerCase() === 'accept')) headers.accept = 'application/json';
      const req = { method: String(o.method || 'GET').toUpperCase(), url: String(url), headers, body: body === undefined ? null : body, timeoutMs: o.timeout || null };
      let res;
      try { res = await call('http', 'request', req); } catch (e) { throw new RequestError(e, o); }
      let resBody = res.body;
      if (o.json && typeof resBody === 'string' && resBody.length) { try { resBody = JSON.parse(resBody); } catch (e) { /* keep text */ } }
      const full = { statusCode: res.statusCode, statusMessage: res.statusMessage || '', headers: res.headers, body: resBody, request: { uri: { href: req.url }, method: req.method } };
      const simple = o.simple !== false;
      if (simple && !(res.statusCode >= 200 && res.statusCode < 300)) throw new StatusCodeError(res.statusCode, resBody, o, full);
      return o.resolveWithFullResponse ? full : resBody;
    };
  }

  return { call, HTTPClient, StatusCodeError, RequestError };
})
