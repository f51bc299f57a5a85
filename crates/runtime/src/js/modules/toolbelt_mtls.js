// `Toolbelt.MTLSClient({cert, key, ca?})`: HTTP over mutual TLS through the egress. The PEM
// certificate chain and key (strings or Buffers) go with each request as its client identity; the
// egress builds (and caches) a TLS client for it, and the allowlist and every redirect hop are
// checked as for any request. Methods answer `{headers, statusCode, body}` for any status; network
// and TLS failures reject. Internal module (`host.internal('toolbelt-mtls')`).
(function (host, lib, require) {
  'use strict';
  const { Buffer } = require('buffer');
  const bridge = lib.internal('http-bridge');

  const CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
  const KEY = /-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END \1?PRIVATE KEY-----/;

  function pemText(name, value, pattern, what) {
    let text = value;
    if (Buffer.isBuffer(value) || value instanceof Uint8Array) text = Buffer.from(value).toString('utf8');
    if (typeof text !== 'string') throw new Error('MTLSClient: `' + name + '` must be a PEM string or Buffer');
    if (!pattern.test(text)) throw new Error('MTLSClient: `' + name + '` is not ' + what);
    if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text)) throw new Error('MTLSClient: `' + name + '` is encrypted; pass the decrypted PEM key');
    return text;
  }

  function MTLSClient(config) {
    if (!config || typeof config !== 'object') throw new Error('MTLSClient: expected {cert, key, ca?}');
    const identity = {
      certPem: pemText('cert', config.cert, CERT, 'a PEM certificate (-----BEGIN CERTIFICATE-----)'),
      keyPem: pemText('key', config.key, KEY, 'a PEM private key (-----BEGIN PRIVATE KEY-----)'),
      caPem: config.ca === undefined || config.ca === null ? null : pemText('ca', config.ca, CERT, 'a PEM certificate (-----BEGIN CERTIFICATE-----)'),
      allowSelfSigned: false,
    };

    async function send(method, url, headers, body, options) {
      options = options || {};
      headers = Object.assign({}, headers || {});
      const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
      if (options.json) {
        if (body !== undefined && body !== null && typeof body !== 'string' && !bridge.toBytes(body)) body = JSON.stringify(body);
        if (body !== undefined && body !== null && !hasType) headers['content-type'] = 'application/json';
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'accept')) headers.accept = 'application/json';
      } else if (body !== undefined && body !== null && typeof body !== 'string' && !bridge.toBytes(body)) {
        body = typeof body === 'object' ? JSON.stringify(body) : String(body);
      }
      let res;
      try {
        res = await bridge.request({
          method, url: String(url), headers, body: body === undefined ? null : body, timeout: options.timeout,
          identity: Object.assign({}, identity, { allowSelfSigned: !!options.allowSelfSigned }),
        });
      } catch (e) {
        const err = new Error('MTLSClient: ' + method + ' ' + url + ' failed: ' + e.message);
        err.code = e.code;
        err.cause = e;
        throw err;
      }
      let out = res.body;
      if (options.json && typeof out === 'string' && out.length) { try { out = JSON.parse(out); } catch (e) { /* keep text */ } }
      const result = { headers: res.headers, statusCode: res.statusCode };
      if (method !== 'HEAD' && method !== 'OPTIONS') result.body = out;
      return result;
    }

    return {
      get: (url, headers, body, options) => send('GET', url, headers, body, options),
      post: (url, headers, body, options) => send('POST', url, headers, body, options),
      put: (url, headers, body, options) => send('PUT', url, headers, body, options),
      patch: (url, headers, body, options) => send('PATCH', url, headers, body, options),
      delete: (url, headers, body, options) => send('DELETE', url, headers, body, options),
      head: (url, headers, options) => send('HEAD', url, headers, undefined, options),
      options: (url, headers, options) => send('OPTIONS', url, headers, undefined, options),
    };
  }
  return { MTLSClient };
})
