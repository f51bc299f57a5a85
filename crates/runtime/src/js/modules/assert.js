// `assert` module: Node's assertion API (legacy and strict), AssertionError with
// `code: 'ERR_ASSERTION'`, and Node's deep-equality rules (loose and strict). Generated messages
// follow Node 14 for the short forms; long diffs are simplified (+ actual / - expected lines).
(function (host, lib, require) {
  'use strict';
  const { inspect } = require('util');

  // ---- deep equality (Node's comparisons.js, condensed) -------------------------------------
  const objToString = (v) => Object.prototype.toString.call(v);
  const isBoxed = (v) => v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof BigInt || v instanceof Symbol;
  const ownEnumKeys = (v) => Object.keys(v);

  function isDeepEqual(a, b, strict, memo) {
    if (a === b) return a !== 0 || !strict || Object.is(a, b);
    if (strict) {
      if (typeof a !== 'object') return typeof a === 'number' && Number.isNaN(a) && Number.isNaN(b);
      if (typeof b !== 'object' || a === null || b === null) return false;
      if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    } else {
      if (a === null || typeof a !== 'object') {
        if (b === null || typeof b !== 'object') return a == b || (Number.isNaN(a) && Number.isNaN(b)); // eslint-disable-line eqeqeq
        return false;
      }
      if (b === null || typeof b !== 'object') return false;
    }
    const tag = objToString(a);
    if (tag !== objToString(b)) return false;
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
    } else if (a instanceof Date) {
      if (!(b instanceof Date) || a.getTime() !== b.getTime()) return false;
    } else if (a instanceof RegExp) {
      if (!(b instanceof RegExp) || a.source !== b.source || a.flags !== b.flags || a.lastIndex !== b.lastIndex) return false;
    } else if (a instanceof Error) {
      if (!(b instanceof Error) || a.message !== b.message || a.name !== b.name) return false;
    } else if (ArrayBuffer.isView(a)) {
      if (!ArrayBuffer.isView(b) || a.byteLength !== b.byteLength) return false;
      const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      if (!strict && !(a instanceof Float32Array || a instanceof Float64Array)) {
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
      } else {
        if (a.length !== b.length) return false;
        for (let i = 0; i < a.length; i++) if (!isDeepEqual(a[i], b[i], strict, memo)) return false;
      }
    } else if (isBoxed(a)) {
      if (!isBoxed(b) || !Object.is(a.valueOf(), b.valueOf())) return false;
    } else if (a instanceof Map !== b instanceof Map || a instanceof Set !== b instanceof Set) {
      return false;
    }
    const ka = ownEnumKeys(a), kb = ownEnumKeys(b);
    const ia = Array.isArray(a) || ArrayBuffer.isView(a);
    const keysA = ia ? ka.filter((k) => !/^\d+$/.test(k)) : ka;
    const keysB = ia ? kb.filter((k) => !/^\d+$/.test(k)) : kb;
    if (keysA.length !== keysB.length) return false;
    for (const k of keysA) if (!Object.prototype.propertyIsEnumerable.call(b, k)) return false;
    if (strict) {
      const sa = Object.getOwnPropertySymbols(a).filter((s) => Object.prototype.propertyIsEnumerable.call(a, s));
      const sb = Object.getOwnPropertySymbols(b).filter((s) => Object.prototype.propertyIsEnumerable.call(b, s));
      if (sa.length !== sb.length) return false;
      for (const s of sa) if (!isDeepEqual(a[s], b[s], strict, memo)) return false;
    }
    // Cycles: a pair already being compared counts as equal.
    memo = memo || { a: new Map(), b: new Map() };
    if (memo.a.has(a) && memo.a.get(a) === b) return true;
    memo.a.set(a, b);
    try {
      if (ArrayBuffer.isView(a)) {
        // compared above
      } else if (Array.isArray(a)) {
        for (let i = 0; i < a.length; i++) {
          const ha = Object.prototype.hasOwnProperty.call(a, i), hb = Object.prototype.hasOwnProperty.call(b, i);
          if (ha !== hb) return false;
          if (!isDeepEqual(a[i], b[i], strict, memo)) return false;
        }
      } else if (a instanceof Set) {
        if (a.size !== b.size) return false;
        outer: for (const x of a) {
          if (b.has(x)) continue;
          if (typeof x !== 'object' && strict) return false;
          for (const y of b) if (isDeepEqual(x, y, strict, memo)) continue outer;
          return false;
        }
      } else if (a instanceof Map) {
        if (a.size !== b.size) return false;
        outer2: for (const [k, v] of a) {
          if (b.has(k)) { if (!isDeepEqual(v, b.get(k), strict, memo)) return false; continue; }
          if (typeof k !== 'object' && strict) return false;
          for (const [k2, v2] of b) if (isDeepEqual(k, k2, strict, memo) && isDeepEqual(v, v2, strict, memo)) continue outer2;
          return false;
        }
      }
      for (const k of keysA) if (!isDeepEqual(a[k], b[k], strict, memo)) return false;
      return true;
    } finally {
      memo.a.delete(a);
    }
  }

  // ---- AssertionError -----------------------------------------------------------------------
  const kReadable = {
    deepStrictEqual: 'Expected values to be strictly deep-equal:',
    strictEqual: 'Expected values to be strictly equal:',
    deepEqual: 'Expected values to be loosely deep-equal:',
    notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
    notStrictEqual: 'Expected "actual" to be strictly unequal to:',
    notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  };
  // Node's multi-line form (one property per line, two-space indent) used in long messages.
  function block(v, indent, seen) {
    indent = indent || '';
    seen = seen || [];
    if (v === null || typeof v !== 'object' || v instanceof Date || v instanceof RegExp || v instanceof Error || ArrayBuffer.isView(v)) return inspect(v);
    if (seen.includes(v)) return '[Circular *1]';
    seen.push(v);
    const inner = indent + '  ';
    let out;
    if (Array.isArray(v)) {
      out = v.length === 0 ? '[]' : '[\n' + v.map((x) => inner + block(x, inner, seen)).join(',\n') + '\n' + indent + ']';
    } else {
      const keys = Object.keys(v);
      const ctor = v.constructor && v.constructor !== Object && v.constructor.name ? v.constructor.name + ' ' : '';
      out = keys.length === 0 ? ctor + '{}' : ctor + '{\n' + keys.map((k) => inner + (/^[A-Za-z_][A-Za-z_0-9]*$/.test(k) ? k : "'" + k + "'") + ': ' + block(v[k], inner, seen)).join(',\n') + '\n' + indent + '}';
    }
    seen.pop();
    return out;
  }

  function generated(actual, expected, operator) {
    const a = block(actual), e = block(expected);
    switch (operator) {
      case 'strictEqual': case 'deepStrictEqual': {
        const simple = (typeof actual !== 'object' || actual === null) && (typeof expected !== 'object' || expected === null) && typeof actual !== 'function';
        if (simple && !a.includes('\n') && !e.includes('\n') && a.length + e.length <= 12) return kReadable[operator] + '\n\n' + a + ' !== ' + e + '\n';
        return kReadable[operator] + '\n+ actual - expected\n\n' + a.split('\n').map((l) => '+ ' + l).join('\n') + '\n' + e.split('\n').map((l) => '- ' + l).join('\n');
      }
      case 'deepEqual': return kReadable.deepEqual + '\n\n' + a + '\n\nshould loosely deep-equal\n\n' + e;
      case 'notStrictEqual': case 'notDeepStrictEqual': case 'notDeepEqual':
        return a.includes('\n') ? kReadable[operator] + '\n\n' + a + '\n' : kReadable[operator] + ' ' + a;
      default: return inspect(actual) + ' ' + operator + ' ' + inspect(expected);
    }
  }

  class AssertionError extends Error {
    constructor(options) {
      if (options === null || typeof options !== 'object') {
        const e = new TypeError('The "options" argument must be of type object. Received ' + inspect(options));
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      const { message, actual, expected, operator } = options;
      super(message != null ? String(message) : generated(actual, expected, operator));
      this.generatedMessage = message == null;
      this.code = 'ERR_ASSERTION';
      this.actual = actual;
      this.expected = expected;
      this.operator = operator;
    }
    toString() { return this.name + ' [' + this.code + ']: ' + this.message; }
  }
  AssertionError.prototype.name = 'AssertionError';

  function raise(actual, expected, message, operator) {
    if (message instanceof Error) throw message;
    throw new AssertionError({ actual, expected, operator, message });
  }

  function ok(...args) {
    if (args.length === 0) {
      const e = new AssertionError({ message: 'No value argument passed to `assert.ok()`', actual: undefined, expected: true, operator: '==' });
      e.generatedMessage = true;
      throw e;
    }
    const [value, message] = args;
    if (!value) {
      if (message instanceof Error) throw message;
      const e = new AssertionError({ actual: value, expected: true, operator: '==', message: message != null ? message : 'The expression evaluated to a falsy value:\n\n  assert.ok(' + inspect(value) + ')\n' });
      e.generatedMessage = message == null;
      throw e;
    }
  }

  const assert = function assert(...args) { ok(...args); };
  assert.ok = ok;
  assert.AssertionError = AssertionError;
  assert.fail = function fail(message) {
    if (message instanceof Error) throw message;
    const e = new AssertionError({ message: message === undefined ? 'Failed' : message, operator: 'fail' });
    e.generatedMessage = message === undefined;
    throw e;
  };
  // eslint-disable-next-line eqeqeq
  assert.equal = (a, b, m) => { if (!(a == b || (Number.isNaN(a) && Number.isNaN(b)))) raise(a, b, m, '=='); };
  // eslint-disable-next-line eqeqeq
  assert.notEqual = (a, b, m) => { if (a == b || (Number.isNaN(a) && Number.isNaN(b))) raise(a, b, m, '!='); };
  assert.strictEqual = (a, b, m) => { if (!Object.is(a, b)) raise(a, b, m, 'strictEqual'); };
  assert.notStrictEqual = (a, b, m) => { if (Object.is(a, b)) raise(a, b, m, 'notStrictEqual'); };
  assert.deepEqual = (a, b, m) => { if (!isDeepEqual(a, b, false)) raise(a, b, m, 'deepEqual'); };
  assert.notDeepEqual = (a, b, m) => { if (isDeepEqual(a, b, false)) raise(a, b, m, 'notDeepEqual'); };
  assert.deepStrictEqual = (a, b, m) => { if (!isDeepEqual(a, b, true)) raise(a, b, m, 'deepStrictEqual'); };
  assert.notDeepStrictEqual = (a, b, m) => { if (isDeepEqual(a, b, true)) raise(a, b, m, 'notDeepStrictEqual'); };
  assert.ifError = (err) => {
    if (err === null || err === undefined) return;
    let message = 'ifError got unwanted exception: ';
    message += typeof err === 'object' && typeof err.message === 'string' ? (err.message.length === 0 && err.constructor ? err.constructor.name : err.message) : inspect(err);
    const e = new AssertionError({ actual: err, expected: null, operator: 'ifError', message });
    e.generatedMessage = false;
    throw e;
  };
  assert.match = (s, re, m) => { if (typeof s !== 'string' || !re.test(s)) raise(s, re, m != null ? m : 'The input did not match the regular expression ' + inspect(re) + '. Input:\n\n' + inspect(s) + '\n', 'match'); };
  assert.doesNotMatch = (s, re, m) => { if (typeof s === 'string' && re.test(s)) raise(s, re, m != null ? m : 'The input was expected to not match the regular expression ' + inspect(re) + '. Input:\n\n' + inspect(s) + '\n', 'doesNotMatch'); };

  // ---- throws / rejects ---------------------------------------------------------------------
  function checkError(actual, expected, message, fn) {
    if (expected === undefined) return;
    if (expected instanceof RegExp) {
      if (expected.test(String(actual))) return;
      const e = new AssertionError({ actual, expected, operator: fn.name, message: message || 'The input did not match the regular expression ' + inspect(expected) + '. Input:\n\n' + inspect(String(actual)) + '\n' });
      e.generatedMessage = !message;
      throw e;
    }
    if (typeof expected === 'function') {
      if (expected.prototype !== undefined && actual instanceof expected) return;
      if (Error.isPrototypeOf(expected) || expected === Error) {
        const got = actual && actual.constructor && actual.constructor.name;
        const e = new AssertionError({ actual, expected, operator: fn.name, message: message || 'The error is expected to be an instance of "' + expected.name + '". Received "' + got + '"\n\nError message:\n\n' + (actual && actual.message) });
        e.generatedMessage = !message;
        throw e;
      }
      if (expected.call({}, actual) === true) return;
      const e = new AssertionError({ actual, expected, operator: fn.name, message: message || 'The ' + (expected.name ? '"' + expected.name + '" validation function' : 'validation function') + ' is expected to return "true". Received ' + inspect(expected.call({}, actual)) });
      e.generatedMessage = !message;
      throw e;
    }
    if (typeof expected === 'object' && expected !== null) {
      for (const k of Object.keys(expected)) {
        const want = expected[k], got = actual == null ? undefined : actual[k];
        const same = want instanceof RegExp && typeof got === 'string' ? want.test(got) : isDeepEqual(got, want, true);
        if (!same) {
          const e = new AssertionError({ actual, expected, operator: fn.name, message: message || 'Expected values to be strictly deep-equal:\n+ actual - expected\n\n+ ' + k + ': ' + inspect(got) + '\n- ' + k + ': ' + inspect(want) });
          e.generatedMessage = !message;
          throw e;
        }
      }
    }
  }
  function missing(expected, message, fn) {
    let details = '';
    if (expected && typeof expected === 'function' && expected.name) details += ' (' + expected.name + ')';
    details += message ? ': ' + message : '.';
    const e = new AssertionError({ actual: undefined, expected, operator: fn.name, message: 'Missing expected ' + (fn.name === 'rejects' ? 'rejection' : 'exception') + details });
    e.generatedMessage = false;
    throw e;
  }
  function argsOf(expected, message) { return typeof expected === 'string' ? [undefined, expected] : [expected, message]; }

  assert.throws = function throws(fn, expected, message) {
    [expected, message] = argsOf(expected, message);
    if (typeof fn !== 'function') { const e = new TypeError('The "fn" argument must be of type function. Received ' + inspect(fn)); e.code = 'ERR_INVALID_ARG_TYPE'; throw e; }
    let threw = false, err;
    try { fn(); } catch (e) { threw = true; err = e; }
    if (!threw) missing(expected, message, throws);
    checkError(err, expected, message, throws);
  };
  assert.doesNotThrow = function doesNotThrow(fn, expected, message) {
    [expected, message] = argsOf(expected, message);
    try { fn(); } catch (err) {
      const e = new AssertionError({ actual: err, expected, operator: 'doesNotThrow', message: 'Got unwanted exception' + (message ? ': ' + message : '.') + '\nActual message: "' + (err && err.message) + '"' });
      e.generatedMessage = !message;
      throw e;
    }
  };
  assert.rejects = async function rejects(promiseFn, expected, message) {
    [expected, message] = argsOf(expected, message);
    const p = typeof promiseFn === 'function' ? promiseFn() : promiseFn;
    let threw = false, err;
    try { await p; } catch (e) { threw = true; err = e; }
    if (!threw) missing(expected, message, rejects);
    checkError(err, expected, message, rejects);
  };
  assert.doesNotReject = async function doesNotReject(promiseFn, expected, message) {
    [expected, message] = argsOf(expected, message);
    try { await (typeof promiseFn === 'function' ? promiseFn() : promiseFn); } catch (err) {
      const e = new AssertionError({ actual: err, expected, operator: 'doesNotReject', message: 'Got unwanted rejection' + (message ? ': ' + message : '.') + '\nActual message: "' + (err && err.message) + '"' });
      e.generatedMessage = !message;
      throw e;
    }
  };

  const strict = function strict(...args) { ok(...args); };
  Object.assign(strict, assert, {
    equal: assert.strictEqual, notEqual: assert.notStrictEqual,
    deepEqual: assert.deepStrictEqual, notDeepEqual: assert.notDeepStrictEqual,
  });
  strict.strict = strict;
  assert.strict = strict;
  Object.defineProperty(assert, 'isDeepEqual', { value: isDeepEqual, enumerable: false });
  return assert;
})
