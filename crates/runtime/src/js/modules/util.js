// `util` module: format/inspect basics, promisify, inherits, TextEncoder/TextDecoder, structuredClone.
(function (host, lib, require) {
  'use strict';

  // Node's string quoting: single quotes unless the string holds one, then double, then backticks.
  const ESC = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\\': '\\\\' };
  function quote(s) {
    let q = "'";
    if (s.includes("'")) q = !s.includes('"') ? '"' : !s.includes('`') && !s.includes('${') ? '`' : "'";
    const body = s.replace(/[\n\t\r\b\f\v\\]/g, (c) => ESC[c]);
    return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
  }

  // Node's function tags: [class A extends B], [AsyncFunction: f], [Function (anonymous)].
  function inspectFunction(v) {
    let src = '';
    try { src = Function.prototype.toString.call(v); } catch (e) { /* revoked proxy and the like */ }
    if (/^class\b/.test(src)) {
      const parent = Object.getPrototypeOf(v);
      return '[class ' + (v.name || '(anonymous)') + (parent && parent !== Function.prototype && parent.name ? ' extends ' + parent.name : '') + ']';
    }
    const kind = (v.constructor && v.constructor.name) || 'Function';
    const tag = ['AsyncFunction', 'GeneratorFunction', 'AsyncGeneratorFunction'].includes(kind) ? kind : 'Function';
    return v.name ? '[' + tag + ': ' + v.name + ']' : '[' + tag + ' (anonymous)]';
  }

  const key = (k) => (/^[A-Za-z_][A-Za-z_0-9]*$/.test(k) ? k : quote(k));

  function inspect(value, opts) {
    const depthLimit = opts && typeof opts.depth === 'number' ? opts.depth : 2;
    const seen = [];
    function fmt(v, depth) {
      switch (typeof v) {
        case 'string': return depth === 0 ? v : quote(v);
        case 'number': return Object.is(v, -0) ? '-0' : String(v);
        case 'bigint': return v + 'n';
        case 'undefined': return 'undefined';
        case 'boolean': return String(v);
        case 'symbol': return v.toString();
        case 'function': return inspectFunction(v);
      }
      if (v === null) return 'null';
      if (seen.includes(v)) return '[Circular *1]';
      if (v instanceof Error) return String(v.stack || v);
      if (v instanceof Date) return isNaN(v) ? 'Invalid Date' : v.toISOString();
      if (v instanceof RegExp) return String(v);
      if (depth > depthLimit) return Array.isArray(v) ? '[Array]' : '[Object]';
      seen.push(v);
      let out;
      if (Array.isArray(v)) {
        // Holes as Node writes them (`<2 empty items>`), then non-index properties.
        const items = [];
        for (let i = 0; i < v.length; i++) {
          if (Object.prototype.hasOwnProperty.call(v, i)) { items.push(fmt(v[i], depth + 1)); continue; }
          let j = i;
          while (j < v.length && !Object.prototype.hasOwnProperty.call(v, j)) j++;
          items.push('<' + (j - i) + ' empty item' + (j - i > 1 ? 's' : '') + '>');
          i = j - 1;
        }
        for (const k of Object.keys(v)) if (!/^(0|[1-9]\d*)$/.test(k)) items.push(key(k) + ': ' + fmt(v[k], depth + 1));
        out = items.length === 0 ? '[]' : '[ ' + items.join(', ') + ' ]';
      } else if (v instanceof Map) {
        out = 'Map(' + v.size + ') {' + (v.size ? ' ' + Array.from(v, ([k, x]) => fmt(k, depth + 1) + ' => ' + fmt(x, depth + 1)).join(', ') + ' ' : '') + '}';
      } else if (v instanceof Set) {
        out = 'Set(' + v.size + ') {' + (v.size ? ' ' + Array.from(v, (x) => fmt(x, depth + 1)).join(', ') + ' ' : '') + '}';
      } else if (ArrayBuffer.isView(v)) {
        const name = v.constructor && v.constructor.name || 'TypedArray';
        out = name === 'Buffer'
          ? '<Buffer ' + Array.from(v.subarray(0, 50), (b) => (b < 16 ? '0' : '') + b.toString(16)).join(' ') + (v.length > 50 ? ' ...' : '') + '>'
          : name + '(' + v.length + ') [ ' + Array.from(v).join(', ') + ' ]';
      } else {
        const keys = Object.keys(v);
        const ctor = v.constructor && v.constructor !== Object && v.constructor.name ? v.constructor.name + ' ' : '';
        out = keys.length === 0 ? ctor + '{}'
          : ctor + '{ ' + keys.map((k) => key(k) + ': ' + fmt(v[k], depth + 1)).join(', ') + ' }';
      }
      seen.pop();
      return out;
    }
    return fmt(value, typeof value === 'string' ? 1 : 0);
  }

  function format(f, ...args) {
    if (typeof f !== 'string') return [f, ...args].map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
    let i = 0;
    let out = f.replace(/%[sdifjoOc%]/g, (m) => {
      if (m === '%%') return '%';
      if (i >= args.length) return m;
      const a = args[i++];
      switch (m) {
        case '%s':
          if (typeof a === 'bigint') return a + 'n';
          if (typeof a === 'number' && Object.is(a, -0)) return '-0';
          return typeof a === 'string' ? a : (typeof a === 'object' && a !== null ? inspect(a, { depth: 1 }) : String(a));
        case '%d': { if (typeof a === 'bigint') return a + 'n'; const n = Number(a); return Object.is(n, -0) ? '-0' : String(n); }
        case '%i': return String(parseInt(a, 10));
        case '%f': return String(parseFloat(a));
        case '%j': try { return JSON.stringify(a); } catch (e) { return '[Circular]'; }
        case '%o': case '%O': return inspect(a);
        case '%c': return '';
      }
      return m;
    });
    for (; i < args.length; i++) out += ' ' + (typeof args[i] === 'string' ? args[i] : inspect(args[i]));
    return out;
  }

  function promisify(fn) {
    if (typeof fn !== 'function') throw new TypeError('The "original" argument must be of type function');
    return function (...args) {
      return new Promise((resolve, reject) => fn.call(this, ...args, (err, val) => (err ? reject(err) : resolve(val))));
    };
  }
  function callbackify(fn) {
    return function (...args) {
      const cb = args.pop();
      fn.apply(this, args).then((v) => cb(null, v), (e) => cb(e));
    };
  }
  function inherits(ctor, superCtor) {
    Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
    Object.setPrototypeOf(ctor, superCtor);
    ctor.super_ = superCtor;
  }
  function deprecate(fn, msg) {
    let warned = false;
    return function (...args) { if (!warned) { warned = true; console.warn('DeprecationWarning: ' + msg); } return fn.apply(this, args); };
  }

  // Node's strict deep equality (Map, Set, typed arrays, cycles), shared with `assert`.
  const isDeepStrictEqual = (a, b) => require('assert').isDeepEqual(a, b, true);

  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(s) { return require('buffer').bytesFromString(s === undefined ? '' : String(s), 'utf8'); }
    encodeInto(s, dest) { const b = this.encode(s); const n = Math.min(b.length, dest.length); dest.set(b.subarray(0, n)); return { read: s.length, written: n }; }
  }
  class TextDecoder {
    constructor(label, options) {
      const l = String(label === undefined ? 'utf-8' : label).toLowerCase();
      if (l !== 'utf-8' && l !== 'utf8') throw new RangeError('The "' + label + '" encoding is not supported');
      this.fatal = !!(options && options.fatal);
      this.ignoreBOM = !!(options && options.ignoreBOM);
    }
    get encoding() { return 'utf-8'; }
    decode(input) {
      if (input === undefined) return '';
      const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
      let s = host.utf8Decode(bytes);
      if (!this.ignoreBOM && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      return s;
    }
  }

  function structuredClone(value) {
    const memo = new Map();
    const fail = (what) => { const e = new Error(what + ' could not be cloned.'); e.name = 'DataCloneError'; throw e; };
    function clone(v) {
      if (typeof v === 'function') fail(String(v.name || 'function'));
      if (typeof v === 'symbol') fail(v.toString());
      if (typeof v !== 'object' || v === null) return v;
      if (memo.has(v)) return memo.get(v);
      let out;
      if (v instanceof Date) out = new Date(v.getTime());
      else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
      else if (v instanceof ArrayBuffer) out = v.slice(0);
      else if (ArrayBuffer.isView(v)) out = new v.constructor(v);
      else if (v instanceof Map) { out = new Map(); memo.set(v, out); v.forEach((x, k) => out.set(clone(k), clone(x))); return out; }
      else if (v instanceof Set) { out = new Set(); memo.set(v, out); v.forEach((x) => out.add(clone(x))); return out; }
      else if (v instanceof Error) { out = new Error(v.message); out.name = v.name; out.stack = v.stack; }
      else if (Array.isArray(v)) { out = new Array(v.length); memo.set(v, out); for (let i = 0; i < v.length; i++) out[i] = clone(v[i]); return out; }
      else { out = {}; memo.set(v, out); for (const k of Object.keys(v)) out[k] = clone(v[k]); return out; }
      memo.set(v, out);
      return out;
    }
    return clone(value);
  }

  const types = {
    isDate: (v) => v instanceof Date,
    isRegExp: (v) => v instanceof RegExp,
    isPromise: (v) => v instanceof Promise,
    isMap: (v) => v instanceof Map,
    isSet: (v) => v instanceof Set,
    isTypedArray: (v) => ArrayBuffer.isView(v) && !(v instanceof DataView),
    isUint8Array: (v) => v instanceof Uint8Array,
    isArrayBuffer: (v) => v instanceof ArrayBuffer,
    isNativeError: (v) => v instanceof Error,
  };

  return {
    format, inspect, promisify, callbackify, inherits, deprecate, isDeepStrictEqual, types,
    TextEncoder, TextDecoder, structuredClone,
    isArray: Array.isArray,
    isString: (v) => typeof v === 'string',
    isNumber: (v) => typeof v === 'number',
    isFunction: (v) => typeof v === 'function',
    isObject: (v) => v !== null && typeof v === 'object',
    isUndefined: (v) => v === undefined,
    isNullOrUndefined: (v) => v == null,
  };
})
