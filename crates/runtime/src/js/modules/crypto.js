// `crypto` module: createHash, createHmac, randomBytes, randomFill(Sync), randomUUID, randomInt,
// timingSafeEqual, getRandomValues, pbkdf2(Sync). Digests are computed by RustCrypto on the host side.
(function (host, lib, require) {
  'use strict';
  const { Buffer } = require('buffer');
  const ALGS = { md5: 'md5', sha1: 'sha1', 'sha-1': 'sha1', sha256: 'sha256', 'sha-256': 'sha256', sha512: 'sha512', 'sha-512': 'sha512', sha384: 'sha384', 'sha-384': 'sha384' };
  const alg = (name) => {
    const a = ALGS[String(name).toLowerCase()];
    if (!a) throw new Error('Digest method not supported');
    return a;
  };
  const toBytes = (data, enc) => {
    if (typeof data === 'string') return Buffer.from(data, enc || 'utf8');
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    throw new TypeError('The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView.');
  };
  const output = (bytes, enc) => { const b = Buffer.from(bytes); return enc ? b.toString(enc) : b; };

  class Hash {
    constructor(a, key) { this._alg = alg(a); this._key = key; this._chunks = []; this._done = false; }
    update(data, enc) {
      if (this._done) throw new Error('Digest already called');
      this._chunks.push(toBytes(data, enc));
      return this;
    }
    digest(enc) {
      if (this._done) throw new Error('Digest already called');
      this._done = true;
      const data = this._chunks.length === 1 ? this._chunks[0] : Buffer.concat(this._chunks);
      const raw = this._key === undefined ? host.digest(this._alg, data) : host.hmac(this._alg, this._key, data);
      return output(new Uint8Array(raw), enc);
    }
    copy() { const h = new Hash(this._alg, this._key); h._chunks = this._chunks.slice(); return h; }
  }

  function randomBytes(n, cb) {
    if (typeof n !== 'number' || n < 0 || n > 65536 * 16) throw new RangeError('The value of "size" is out of range. Received ' + n);
    const b = Buffer.from(new Uint8Array(host.randomBytes(n)));
    if (typeof cb === 'function') { setImmediate(() => cb(null, b)); return undefined; }
    return b;
  }
  function getRandomValues(arr) {
    if (!ArrayBuffer.isView(arr) || arr instanceof DataView || arr instanceof Float32Array || arr instanceof Float64Array) {
      // Web Crypto's DOMException, as Node (≥ 17) and browsers throw.
      const e = new Error('The data argument must be an integer-type TypedArray');
      e.name = 'TypeMismatchError';
      e.code = 17;
      throw e;
    }
    if (arr.byteLength > 65536) { const e = new Error('The requested length exceeds 65,536 bytes'); e.name = 'QuotaExceededError'; throw e; }
    new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength).set(new Uint8Array(host.randomBytes(arr.byteLength)));
    return arr;
  }
  function randomInt(min, max, cb) {
    if (max === undefined || typeof max === 'function') { cb = max; max = min; min = 0; }
    const range = max - min;
    if (!(range > 0)) throw new RangeError('The value of "max" is out of range. It must be greater than the value of "min"');
    const r = new Uint32Array(host.randomBytes(4))[0];
    const v = min + (r % range);
    if (typeof cb === 'function') { setImmediate(() => cb(null, v)); return undefined; }
    return v;
  }
  function timingSafeEqual(a, b) {
    if (a.byteLength !== b.byteLength) throw new RangeError('Input buffers must have the same byte length');
    const x = toBytes(a), y = toBytes(b);
    let d = 0;
    for (let i = 0; i < x.length; i++) d |= x[i] ^ y[i];
    return d === 0;
  }
  function randomFillSync(buf, offset, size) {
    if (!ArrayBuffer.isView(buf) && !(buf instanceof ArrayBuffer)) {
      const e = new TypeError('The "buf" argument must be an instance of ArrayBuffer or ArrayBufferView.');
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    const bytes = buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    offset = offset === undefined ? 0 : offset;
    size = size === undefined ? bytes.length - offset : size;
    if (offset < 0 || size < 0 || offset + size > bytes.length) {
      const e = new RangeError('The value of "size + offset" is out of range. It must be <= ' + bytes.length + '. Received ' + (offset + size));
      e.code = 'ERR_OUT_OF_RANGE';
      throw e;
    }
    bytes.set(new Uint8Array(host.randomBytes(size)), offset);
    return buf;
  }
  function randomFill(buf, offset, size, cb) {
    if (typeof offset === 'function') { cb = offset; offset = undefined; size = undefined; }
    else if (typeof size === 'function') { cb = size; size = undefined; }
    randomFillSync(buf, offset, size);
    setImmediate(() => cb(null, buf));
  }
  function digestName(digest) {
    const a = ALGS[String(digest).toLowerCase().replace(/^rsa-/, '')];
    if (!a) {
      const e = new TypeError('Invalid digest: ' + digest);
      e.code = 'ERR_CRYPTO_INVALID_DIGEST';
      throw e;
    }
    return a;
  }
  function pbkdf2Sync(password, salt, iterations, keylen, digest) {
    if (typeof digest !== 'string') {
      const e = new TypeError('The "digest" argument must be of type string. Received ' + (digest === null ? 'null' : typeof digest));
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    for (const [name, v] of [['iterations', iterations], ['keylen', keylen]]) {
      if (typeof v !== 'number' || !Number.isInteger(v)) {
        const e = new TypeError('The "' + name + '" argument must be of type number. Received ' + typeof v);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      if (v < (name === 'iterations' ? 1 : 0) || v > 2147483647) {
        const e = new RangeError('The value of "' + name + '" is out of range. It must be >= ' + (name === 'iterations' ? 1 : 0) + ' && <= 2147483647. Received ' + v);
        e.code = 'ERR_OUT_OF_RANGE';
        throw e;
      }
    }
    return Buffer.from(host.pbkdf2(digestName(digest), toBytes(password), toBytes(salt), iterations, keylen));
  }
  function pbkdf2(password, salt, iterations, keylen, digest, cb) {
    if (typeof digest === 'function') { cb = digest; digest = undefined; }
    if (typeof cb !== 'function') {
      const e = new TypeError('The "callback" argument must be of type function. Received ' + typeof cb);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    const out = pbkdf2Sync(password, salt, iterations, keylen, digest);
    setImmediate(() => cb(null, out));
  }
  const randomUUID = () => host.uuid();
  const webcrypto = { getRandomValues, randomUUID };
  return {
    createHash: (a) => new Hash(a),
    createHmac: (a, key) => new Hash(a, toBytes(key)),
    getHashes: () => ['md5', 'sha1', 'sha256', 'sha384', 'sha512'],
    randomBytes, randomUUID, randomInt, getRandomValues, timingSafeEqual, webcrypto,
    randomFillSync, randomFill, pbkdf2Sync, pbkdf2,
    pseudoRandomBytes: randomBytes,
  };
})
