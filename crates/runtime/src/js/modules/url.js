// `url` module: WHATWG URL (parsed by the Rust `url` crate) and URLSearchParams.
(function (host, lib, require) {
  'use strict';
  const enc = (s) => encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const dec = (s) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch (e) { return s; } };

  class URLSearchParams {
    constructor(init) {
      this._list = [];
      this._url = null;
      if (init == null) return;
      if (typeof init === 'string') this._parse(init);
      else if (init instanceof URLSearchParams) this._list = init._list.map((p) => p.slice());
      else if (typeof init[Symbol.iterator] === 'function') for (const [k, v] of init) this._list.push([String(k), String(v)]);
      else for (const k of Object.keys(init)) this._list.push([k, String(init[k])]);
    }
    _parse(s) {
      this._list = [];
      if (s.startsWith('?')) s = s.slice(1);
      for (const part of s.split('&')) {
        if (!part) continue;
        const i = part.indexOf('=');
        this._list.push(i < 0 ? [dec(part), ''] : [dec(part.slice(0, i)), dec(part.slice(i + 1))]);
      }
    }
    _update() { if (this._url) { const s = this.toString(); this._url._set('search', s ? '?' + s : ''); } }
    get size() { return this._list.length; }
    append(k, v) { this._list.push([String(k), String(v)]); this._update(); }
    delete(k) { this._list = this._list.filter((p) => p[0] !== String(k)); this._update(); }
    get(k) { const p = this._list.find((x) => x[0] === String(k)); return p ? p[1] : null; }
    getAll(k) { return this._list.filter((p) => p[0] === String(k)).map((p) => p[1]); }
    has(k) { return this._list.some((p) => p[0] === String(k)); }
    set(k, v) {
      k = String(k); v = String(v);
      const i = this._list.findIndex((p) => p[0] === k);
      if (i < 0) this._list.push([k, v]);
      else { this._list[i][1] = v; this._list = this._list.filter((p, j) => j <= i || p[0] !== k); }
      this._update();
    }
    sort() { this._list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this._update(); }
    forEach(fn, thisArg) { for (const [k, v] of this._list) fn.call(thisArg, v, k, this); }
    keys() { return this._list.map((p) => p[0])[Symbol.iterator](); }
    values() { return this._list.map((p) => p[1])[Symbol.iterator](); }
    entries() { return this._list.map((p) => [p[0], p[1]])[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return this._list.map(([k, v]) => enc(k) + '=' + enc(v)).join('&'); }
  }

  const FIELDS = ['href', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
  class URL {
    constructor(input, base) {
      const parts = (base === undefined ? host.urlParse(String(input)) : host.urlParse(String(input), String(base)));
      if (parts == null) {
        const e = new TypeError('Invalid URL' + (typeof input === 'string' ? ': ' + input : ''));
        e.code = 'ERR_INVALID_URL';
        e.input = String(input);
        throw e;
      }
      this._p = JSON.parse(parts);
      this._sp = null;
    }
    _set(field, value) {
      const parts = host.urlSet(this._p.href, field, String(value));
      if (parts != null) this._p = JSON.parse(parts);
      if (field === 'search' || field === 'href') { if (this._sp) this._sp._parse(this._p.search); }
    }
    get origin() { return this._p.origin; }
    get searchParams() {
      if (!this._sp) { this._sp = new URLSearchParams(this._p.search); this._sp._url = this; }
      return this._sp;
    }
    toString() { return this._p.href; }
    toJSON() { return this._p.href; }
    static canParse(input, base) { return (base === undefined ? host.urlParse(String(input)) : host.urlParse(String(input), String(base))) != null; }
  }
  for (const f of FIELDS) {
    Object.defineProperty(URL.prototype, f, {
      get() { return this._p[f]; },
      set(v) { this._set(f, v); },
      enumerable: true, configurable: true,
    });
  }

  // `parseQueryString` true: the query as an object (querystring.parse), as Node's legacy parser.
  function parse(s, parseQueryString) {
    const query = (search) => {
      if (!parseQueryString) return search ? search.slice(1) : null;
      return require('querystring').parse(search ? search.slice(1) : '');
    };
    try {
      const u = new URL(s);
      return { protocol: u.protocol, slashes: true, auth: u.username ? u.username + (u.password ? ':' + u.password : '') : null,
        host: u.host, port: u.port || null, hostname: u.hostname, hash: u.hash || null, search: u.search || (parseQueryString ? '' : null),
        query: query(u.search), pathname: u.pathname, path: u.pathname + u.search, href: u.href };
    } catch (e) {
      return { protocol: null, slashes: null, auth: null, host: null, port: null, hostname: null, hash: null, search: parseQueryString ? '' : null, query: query(''), pathname: s, path: s, href: s };
    }
  }
  function format(o) {
    if (o instanceof URL) return o.href;
    if (typeof o === 'string') return o;
    const auth = o.auth ? o.auth + '@' : '';
    const host = o.host || ((o.hostname || '') + (o.port ? ':' + o.port : ''));
    let search = o.search || '';
    if (!search && o.query && typeof o.query === 'object') { const q = require('querystring').stringify(o.query); if (q) search = '?' + q; }
    return (o.protocol ? o.protocol.replace(/:?$/, ':') + '//' : '') + auth + host + (o.pathname || '') + search + (o.hash || '');
  }
  return { URL, URLSearchParams, parse, format, resolve: (from, to) => new URL(to, new URL(from, 'resolve://')).href.replace(/^resolve:\/\//, '') };
})
