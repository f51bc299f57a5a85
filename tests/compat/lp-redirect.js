// Test harness only: sends requests for chosen host names to a local fnhost server, without
// modifying the npm packages under test. Loaded with `node --require` (for the lpf CLI) or required
// first (for the client). LP_REDIRECT="host[:port]=http://127.0.0.1:8080,other=…"
'use strict';
const http = require('http');
const https = require('https');

// Parsed on every request, so a test may add routes after loading this file.
function routes() {
  const map = new Map();
  for (const pair of (process.env.LP_REDIRECT || '').split(',')) {
    const i = pair.indexOf('=');
    if (i > 0) map.set(pair.slice(0, i).trim().toLowerCase(), new URL(pair.slice(i + 1).trim()));
  }
  return map;
}

function normalise(input, options) {
  let base = {};
  if (typeof input === 'string' || input instanceof URL) {
    const u = typeof input === 'string' ? new URL(input) : input;
    base = { protocol: u.protocol, hostname: u.hostname, port: u.port, path: u.pathname + u.search };
    if (u.username) base.auth = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
  } else if (input && typeof input === 'object') {
    base = { ...input };
  }
  return { ...base, ...(options || {}) };
}

for (const [mod, defaultProtocol] of [[http, 'http:'], [https, 'https:']]) {
  const original = mod.request;
  mod.request = function request(input, options, callback) {
    if (typeof options === 'function') {
      callback = options;
      options = undefined;
    }
    const opts = normalise(input, options);
    const protocol = opts.protocol || defaultProtocol;
    const host = String(opts.hostname || String(opts.host || '').split(':')[0] || 'localhost').toLowerCase();
    const port = String(opts.port || (protocol === 'https:' ? 443 : 80));
    const table = routes();
    const target = table.get(`${host}:${port}`) || table.get(host);
    if (!target) return original.call(mod, input, options, callback);
    const headers = { ...(opts.headers || {}) };
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'host')) {
      headers.host = port === '80' || port === '443' ? host : `${host}:${port}`;
    }
    const next = { ...opts, headers, protocol: target.protocol, hostname: target.hostname, port: target.port || (target.protocol === 'https:' ? 443 : 80) };
    delete next.host;
    if (target.protocol !== protocol) delete next.agent;
    next.servername = host;
    return (target.protocol === 'https:' ? https : http).request(next, callback);
  };
  mod.get = function get(input, options, callback) {
    const req = mod.request(input, options, callback);
    req.end();
    return req;
  };
}
