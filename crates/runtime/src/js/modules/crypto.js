// `crypto` module: createHash, createHmac, randomBytes, randomFill(Sync), randomUUID, randomInt,
// timingSafeEqual, getRandomValues, pbkdf2(Sync), createCipheriv/createDecipheriv (AES cbc, ecb, ctr,
// gcm). Digests, PBKDF2 and AES are computed by RustCrypto on the host side.
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
  // ---- createCipheriv / createDecipheriv: aes-128/192/256 in cbc, ecb, ctr, gcm ---------------
  // The stream state lives here; the host (cipher.rs) does stateless AES on whole calls.
  const coded = (Ctor, message, code) => { const e = new Ctor(message); if (code) e.code = code; return e; };
  const CIPHER = /^aes-(128|192|256)-(cbc|ecb|ctr|gcm)$/;
  const EMPTY = new Uint8Array(0);
  const concat = (list) => (list.length === 1 ? list[0] : Buffer.concat(list));
  class Cipheriv {
    constructor(name, key, iv, options, decrypt) {
      const m = CIPHER.exec(String(name).toLowerCase());
      if (!m) throw coded(Error, 'Unknown cipher', 'ERR_CRYPTO_UNKNOWN_CIPHER');
      this._mode = m[2];
      this._key = Buffer.from(toBytes(key));
      if (this._key.length !== Number(m[1]) / 8) throw coded(RangeError, 'Invalid key length', 'ERR_CRYPTO_INVALID_KEYLEN');
      this._iv = iv === null || iv === undefined ? EMPTY : Buffer.from(toBytes(iv));
      const ivLen = { cbc: 16, ctr: 16, ecb: 0, gcm: 12 }[this._mode];
      if (this._iv.length !== ivLen) throw coded(TypeError, 'Invalid initialization vector', 'ERR_CRYPTO_INVALID_IV');
      this._decrypt = decrypt;
      this._chain = this._iv;
      this._pending = EMPTY;
      this._offset = 0;
      this._padding = true;
      this._aad = [];
      this._data = [];
      this._tag = null;
      this._tagLength = options && options.authTagLength !== undefined ? options.authTagLength : 16;
      this._decoder = null;
      this._done = false;
    }
    _out(bytes, enc, last) {
      const b = Buffer.from(bytes);
      if (!enc || enc === 'buffer') return b;
      if (!this._decoder || this._decoder.encoding !== String(enc).toLowerCase().replace('utf-8', 'utf8')) {
        this._decoder = new (require('string_decoder').StringDecoder)(enc);
      }
      return last ? this._decoder.end(b) : this._decoder.write(b);
    }
    _blocks(data) {
      const op = this._mode + (this._decrypt ? '-dec' : '-enc');
      const out = new Uint8Array(host.aes(op, this._key, this._chain, 0, data));
      if (this._mode === 'cbc' && data.length) this._chain = Buffer.from((this._decrypt ? data : out).subarray(data.length - 16));
      return out;
    }
    update(data, inEnc, outEnc) {
      if (this._done) throw coded(Error, 'Unsupported state', 'ERR_CRYPTO_INVALID_STATE');
      const bytes = typeof data === 'string' ? Buffer.from(data, inEnc || 'utf8') : toBytes(data);
      let out;
      if (this._mode === 'ctr' || this._mode === 'gcm') {
        out = new Uint8Array(host.aes(this._mode === 'ctr' ? 'ctr' : 'gcm-ctr', this._key, this._iv, this._offset, bytes));
        this._offset += bytes.length;
        if (this._mode === 'gcm') this._data.push(Buffer.from(this._decrypt ? out : bytes));
      } else {
        const all = this._pending.length ? Buffer.concat([this._pending, bytes]) : bytes;
        let n = all.length - (all.length % 16);
        // Decrypting with padding holds the last whole block back for final() to unpad.
        if (this._decrypt && this._padding && n === all.length && n > 0) n -= 16;
        this._pending = Buffer.from(all.subarray(n));
        out = n ? this._blocks(all.subarray(0, n)) : EMPTY;
      }
      return this._out(out, outEnc, false);
    }
    final(outEnc) {
      if (this._done) throw coded(Error, 'Unsupported state', 'ERR_CRYPTO_INVALID_STATE');
      this._done = true;
      let out = EMPTY;
      if (this._mode === 'gcm') {
        const tag = Buffer.from(host.gcmTag(this._key, this._iv, concat(this._aad.length ? this._aad : [EMPTY]), concat(this._data.length ? this._data : [EMPTY])));
        if (!this._decrypt) this._tag = tag.subarray(0, this._tagLength);
        else if (!this._tag || !timingSafeEqual(this._tag, tag.subarray(0, this._tag.length))) throw new Error('Unsupported state or unable to authenticate data');
      } else if (this._mode === 'cbc' || this._mode === 'ecb') {
        const p = this._pending;
        const wrongLength = () => coded(Error, 'error:1C80006B:Provider routines::wrong final block length', 'ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH');
        if (!this._decrypt && this._padding) {
          const pad = 16 - (p.length % 16);
          out = this._blocks(Buffer.concat([p, Buffer.alloc(pad, pad)]));
        } else if (p.length % 16 !== 0 || (this._decrypt && this._padding && p.length === 0)) {
          throw wrongLength();
        } else if (p.length) {
          out = this._blocks(p);
        }
        if (this._decrypt && this._padding) {
          const pad = out[out.length - 1];
          let ok = pad >= 1 && pad <= 16;
          for (let i = 1; ok && i <= pad; i++) ok = out[out.length - i] === pad;
          if (!ok) throw coded(Error, 'error:1C800064:Provider routines::bad decrypt', 'ERR_OSSL_BAD_DECRYPT');
          out = out.subarray(0, out.length - pad);
        }
      }
      return this._out(out, outEnc, true);
    }
    setAutoPadding(on) { this._padding = on !== false; return this; }
    setAAD(buf) { this._aad.push(Buffer.from(toBytes(buf))); return this; }
    getAuthTag() {
      if (this._mode !== 'gcm' || this._decrypt || !this._tag) throw coded(Error, 'Invalid state for operation getAuthTag', 'ERR_CRYPTO_INVALID_STATE');
      return Buffer.from(this._tag);
    }
    setAuthTag(tag) {
      if (this._mode !== 'gcm' || !this._decrypt || this._done) throw coded(Error, 'Invalid state for operation setAuthTag', 'ERR_CRYPTO_INVALID_STATE');
      const t = Buffer.from(toBytes(tag));
      if (t.length < 4 || t.length > 16) throw coded(TypeError, 'Invalid authentication tag length: ' + t.length, 'ERR_CRYPTO_INVALID_AUTH_TAG');
      this._tag = t;
      return this;
    }
  }
  const createCipheriv = (name, key, iv, options) => new Cipheriv(name, key, iv, options, false);
  const createDecipheriv = (name, key, iv, options) => new Cipheriv(name, key, iv, options, true);
  const getCiphers = () => ['128', '192', '256'].flatMap((n) => ['cbc', 'ctr', 'ecb', 'gcm'].map((m) => 'aes-' + n + '-' + m));

  const randomUUID = () => host.uuid();
  const webcrypto = { getRandomValues, randomUUID };
  return {
    createHash: (a) => new Hash(a),
    createHmac: (a, key) => new Hash(a, toBytes(key)),
    getHashes: () => ['md5', 'sha1', 'sha256', 'sha384', 'sha512'],
    randomBytes, randomUUID, randomInt, getRandomValues, timingSafeEqual, webcrypto,
    randomFillSync, randomFill, pbkdf2Sync, pbkdf2, createCipheriv, createDecipheriv, getCiphers,
    pseudoRandomBytes: randomBytes,
  };
})
