// `crypto` module: createHash, createHmac, randomBytes, randomFill(Sync), randomUUID, randomInt,
// timingSafeEqual, getRandomValues, pbkdf2(Sync), createCipheriv/createDecipheriv (AES cbc, ecb, ctr,
// gcm), createSign/createVerify, sign/verify, createPrivateKey/createPublicKey (RSA PKCS#1 v1.5 and
// ECDSA P-256), scrypt(Sync), webcrypto.subtle (digest; HMAC, RSASSA-PKCS1-v1_5 and ECDSA keys,
// sign and verify). Digests, PBKDF2, AES, signatures and scrypt are computed by RustCrypto on the
// host side (globals.rs, native.rs, cipher.rs, pki.rs).
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

  // ---- Keys and signatures: createSign/createVerify, sign/verify, createPrivateKey/PublicKey ---
  // RSA PKCS#1 v1.5 and ECDSA P-256 (pki.rs). Keys cross to the host as PEM text or DER bytes.
  const invalidArg = (name, v, what) => {
    const got = v === undefined || v === null ? String(v)
      : typeof v === 'object' || typeof v === 'function' ? 'an instance of ' + ((v.constructor && v.constructor.name) || 'Object')
      : 'type ' + typeof v + ' (' + (typeof v === 'string' ? "'" + v + "'" : String(v)) + ')';
    return coded(TypeError, 'The "' + name + '" argument must be ' + what + '. Received ' + got, 'ERR_INVALID_ARG_TYPE');
  };
  const KEY_TYPES = 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey';
  function signHash(name) {
    const a = ALGS[String(name).toLowerCase().replace(/^rsa-/, '')];
    if (!a || a === 'md5') throw coded(TypeError, 'Invalid digest', 'ERR_CRYPTO_INVALID_DIGEST');
    return a;
  }
  const KEYS = new WeakMap(); // KeyObject / CryptoKey → { format, bytes, type, kind, detail }
  function keyRecord(format, bytes) {
    const [type, kind, detail] = host.pkiDescribe(format, bytes).split(' ');
    return { format, bytes, type, kind, detail };
  }
  const toPublicRecord = (rec) => (rec.type === 'public' ? rec
    : keyRecord('spki', new Uint8Array(host.pkiExport(rec.format, rec.bytes, 'spki', 'der'))));
  class KeyObject {
    get type() { return KEYS.get(this).type; }
    get asymmetricKeyType() { return KEYS.get(this).kind; }
    get asymmetricKeySize() { return undefined; }
    get asymmetricKeyDetails() {
      const r = KEYS.get(this);
      return r.kind === 'rsa' ? { modulusLength: Number(r.detail), publicExponent: 65537n } : { namedCurve: r.detail };
    }
    export(options) {
      const r = KEYS.get(this);
      const o = options || {};
      const format = o.format === undefined ? 'pem' : o.format;
      const type = o.type === undefined ? (r.type === 'public' ? 'spki' : 'pkcs8') : o.type;
      if ((format !== 'pem' && format !== 'der') || (type !== 'spki' && type !== 'pkcs8') || (type === 'spki') !== (r.type === 'public')) {
        throw coded(Error, 'Unsupported crypto operation', 'ERR_CRYPTO_UNSUPPORTED_OPERATION');
      }
      const out = Buffer.from(host.pkiExport(r.format, r.bytes, type, format));
      return format === 'pem' ? out.toString('latin1') : out;
    }
    equals(other) {
      const a = KEYS.get(this), b = other && KEYS.get(other);
      if (!b || a.type !== b.type) return false;
      const t = a.type === 'public' ? 'spki' : 'pkcs8';
      return Buffer.from(host.pkiExport(a.format, a.bytes, t, 'der')).equals(Buffer.from(host.pkiExport(b.format, b.bytes, t, 'der')));
    }
  }
  const makeKeyObject = (rec) => { const k = Object.create(KeyObject.prototype); KEYS.set(k, rec); return k; };
  // JWK (RSA, EC P-256) → the DER of PKCS#1 / SEC1 / SPKI, which the host parses.
  const derLen = (n) => (n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 255]);
  const der = (tag, bytes) => Buffer.concat([Buffer.from([tag].concat(derLen(bytes.length))), bytes]);
  const derInt = (b) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    b = b.subarray(i);
    return der(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
  };
  const derSeq = (...parts) => der(0x30, Buffer.concat(parts));
  const OID_P256 = Buffer.from('06082a8648ce3d030107', 'hex');
  const OID_EC = Buffer.from('06072a8648ce3d0201', 'hex');
  function jwkRecord(jwk) {
    if (jwk === null || typeof jwk !== 'object') throw invalidArg('key.key', jwk, 'of type object');
    const field = (name) => {
      if (typeof jwk[name] !== 'string') throw coded(TypeError, 'The "key.' + name + '" property must be of type string. Received ' + typeof jwk[name], 'ERR_INVALID_ARG_TYPE');
      return Buffer.from(jwk[name], 'base64url');
    };
    if (jwk.kty === 'RSA') {
      if (jwk.d === undefined) return { format: 'pkcs1-public', bytes: derSeq(derInt(field('n')), derInt(field('e'))) };
      return { format: 'pkcs1', bytes: derSeq(derInt(Buffer.from([0])), ...['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'].map((n) => derInt(field(n)))) };
    }
    if (jwk.kty === 'EC') {
      if (jwk.crv !== 'P-256') throw coded(TypeError, 'Invalid JWK EC key', 'ERR_CRYPTO_INVALID_JWK');
      const point = der(0x03, Buffer.concat([Buffer.from([0, 4]), field('x'), field('y')]));
      if (jwk.d === undefined) return { format: 'spki', bytes: derSeq(derSeq(OID_EC, OID_P256), point) };
      return { format: 'sec1', bytes: derSeq(derInt(Buffer.from([1])), der(0x04, field('d')), der(0xa0, OID_P256), der(0xa1, point)) };
    }
    if (jwk.kty === 'OKP') throw coded(Error, 'Unsupported crypto operation', 'ERR_CRYPTO_UNSUPPORTED_OPERATION');
    throw coded(TypeError, "The property 'key.kty' must be one of: 'RSA', 'EC', 'OKP'. Received " + JSON.stringify(jwk.kty).replace(/"/g, "'"), 'ERR_INVALID_ARG_VALUE');
  }
  // A key argument (PEM string, Buffer, KeyObject, CryptoKey or { key, format, type, dsaEncoding })
  // as a host record; `want` is 'private' or 'public' (a private key verifies too).
  function prepareKey(key, want) {
    if (want === 'private' && (key === undefined || key === null)) throw coded(Error, 'No key provided to sign', 'ERR_CRYPTO_SIGN_KEY_REQUIRED');
    let opts = {};
    if (key !== null && typeof key === 'object' && !ArrayBuffer.isView(key) && !(key instanceof ArrayBuffer) && !KEYS.has(key)) {
      opts = key;
      key = key.key;
    }
    if (opts.dsaEncoding !== undefined && opts.dsaEncoding !== 'der' && opts.dsaEncoding !== 'ieee-p1363') {
      throw coded(TypeError, "The property 'options.dsaEncoding' is invalid. Received " + JSON.stringify(opts.dsaEncoding), 'ERR_INVALID_ARG_VALUE');
    }
    const p1363 = opts.dsaEncoding === 'ieee-p1363';
    if (key !== null && typeof key === 'object' && KEYS.has(key)) {
      const rec = KEYS.get(key);
      if (want === 'private' && rec.type !== 'private') {
        throw coded(TypeError, 'Invalid key object type ' + rec.type + ', expected private.', 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE');
      }
      return { rec, p1363 };
    }
    if (opts.format === 'jwk') return { rec: jwkRecord(key), p1363 };
    let bytes;
    if (typeof key === 'string') bytes = Buffer.from(key, opts.encoding || 'utf8');
    else if (key instanceof ArrayBuffer || ArrayBuffer.isView(key)) bytes = toBytes(key);
    else throw invalidArg('key', key, KEY_TYPES);
    let format = 'pem';
    if (opts.format === 'der') {
      format = opts.type === 'pkcs1' && want !== 'private' ? 'pkcs1' : opts.type;
      if (!['pkcs8', 'spki', 'pkcs1', 'sec1'].includes(format)) {
        throw coded(TypeError, "The property 'options.type' is invalid. Received " + (format === undefined ? 'undefined' : JSON.stringify(format)), 'ERR_INVALID_ARG_VALUE');
      }
    } else if (opts.format !== undefined && opts.format !== 'pem') {
      throw coded(Error, 'Unsupported crypto operation', 'ERR_CRYPTO_UNSUPPORTED_OPERATION');
    }
    return { rec: { format, bytes }, p1363 };
  }
  function signBytes(hash, data, key) {
    const { rec, p1363 } = prepareKey(key, 'private');
    return Buffer.from(host.pkiSign(hash, rec.format, rec.bytes, data, p1363));
  }
  function verifyBytes(hash, data, key, sig) {
    const { rec, p1363 } = prepareKey(key, 'public');
    return host.pkiVerify(hash, rec.format, rec.bytes, data, sig, p1363);
  }
  const notInitialised = () => coded(Error, 'Not initialised', 'ERR_CRYPTO_INVALID_STATE');
  class SignBase {
    constructor(a) { this._hash = signHash(a); this._chunks = []; this._done = false; }
    update(data, enc) { if (this._done) throw notInitialised(); this._chunks.push(toBytes(data, enc)); return this; }
    write(data, enc) { this.update(data, enc); return true; }
    end(data, enc) { if (data !== undefined && typeof data !== 'function') this.update(data, enc); return this; }
  }
  class Sign extends SignBase {
    sign(key, enc) {
      if (this._done) throw notInitialised();
      const sig = signBytes(this._hash, concat(this._chunks.length ? this._chunks : [EMPTY]), key);
      this._done = true;
      return enc && enc !== 'buffer' ? sig.toString(enc) : sig;
    }
  }
  class Verify extends SignBase {
    verify(key, sig, enc) {
      if (this._done) throw notInitialised();
      const s = typeof sig === 'string' ? Buffer.from(sig, enc || 'utf8') : toBytes(sig);
      const ok = verifyBytes(this._hash, concat(this._chunks.length ? this._chunks : [EMPTY]), key, s);
      this._done = true;
      return ok;
    }
  }
  const oneShotHash = (a) => (a === null || a === undefined ? 'sha256' : signHash(a));
  function sign(a, data, key, cb) {
    const run = () => signBytes(oneShotHash(a), toBytes(data), key);
    if (typeof cb !== 'function') return run();
    let out, err = null;
    try { out = run(); } catch (e) { err = e; }
    setImmediate(() => cb(err, out));
    return undefined;
  }
  function verify(a, data, key, sig, cb) {
    const run = () => verifyBytes(oneShotHash(a), toBytes(data), key, toBytes(sig));
    if (typeof cb !== 'function') return run();
    let out, err = null;
    try { out = run(); } catch (e) { err = e; }
    setImmediate(() => cb(err, out));
    return undefined;
  }
  function createPrivateKey(key) {
    const { rec } = prepareKey(key, 'private');
    const full = keyRecord(rec.format, rec.bytes);
    if (full.type !== 'private') throw coded(Error, 'error:1E08010C:DECODER routines::unsupported', 'ERR_OSSL_UNSUPPORTED');
    return makeKeyObject(full);
  }
  function createPublicKey(key) {
    const { rec } = prepareKey(key, 'public');
    return makeKeyObject(toPublicRecord(rec.type ? rec : keyRecord(rec.format, rec.bytes)));
  }

  // ---- scrypt --------------------------------------------------------------------------------
  function checkInt(name, v, min) {
    if (typeof v !== 'number') throw invalidArg(name, v, 'of type number');
    if (!Number.isInteger(v) || v < min || v > 2147483647) {
      throw coded(RangeError, 'The value of "' + name + '" is out of range. It must be ' + (Number.isInteger(v) ? '>= ' + min + ' && <= 2147483647' : 'an integer') + '. Received ' + v, 'ERR_OUT_OF_RANGE');
    }
    return v;
  }
  function scryptSync(password, salt, keylen, options) {
    checkInt('keylen', keylen, 0);
    const o = options || {};
    const pick = (a, b, dflt) => {
      if (o[a] !== undefined && o[b] !== undefined) throw coded(Error, 'Invalid scrypt parameter', 'ERR_CRYPTO_SCRYPT_INVALID_PARAMETER');
      const v = o[a] !== undefined ? o[a] : o[b];
      return v === undefined ? dflt : checkInt(o[a] !== undefined ? a : b, v, 0);
    };
    const N = pick('N', 'cost', 16384), r = pick('r', 'blockSize', 8), p = pick('p', 'parallelization', 1);
    const maxmem = o.maxmem === undefined ? 32 << 20 : o.maxmem;
    return Buffer.from(host.scrypt(toBytes(password), toBytes(salt), [N, r, p, maxmem, keylen]));
  }
  function scrypt(password, salt, keylen, options, cb) {
    if (typeof options === 'function') { cb = options; options = undefined; }
    if (typeof cb !== 'function') throw invalidArg('callback', cb, 'of type function');
    const out = scryptSync(password, salt, keylen, options);
    setImmediate(() => cb(null, out));
  }

  // ---- webcrypto.subtle: digest, importKey/exportKey, sign/verify (HMAC, RSASSA-PKCS1-v1_5, ECDSA)
  const domError = (name, message) => { const e = new Error(message); e.name = name; return e; };
  const SUBTLE_HASH = { 'sha-1': 'sha1', 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512' };
  const algName = (alg) => (typeof alg === 'string' ? alg : alg && alg.name);
  const subtleHash = (alg) => {
    const h = SUBTLE_HASH[String(algName(alg)).toLowerCase()];
    if (!h) throw domError('NotSupportedError', 'Unrecognized algorithm name');
    return h;
  };
  const hashTitle = (h) => ({ sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' })[h];
  const SUBTLE_ALGS = { hmac: 'HMAC', 'rsassa-pkcs1-v1_5': 'RSASSA-PKCS1-v1_5', ecdsa: 'ECDSA' };
  const subtleAlg = (alg) => {
    const n = SUBTLE_ALGS[String(algName(alg)).toLowerCase()];
    if (!n) throw domError('NotSupportedError', 'Unrecognized algorithm name');
    return n;
  };
  const bufferSource = (data) => {
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return Buffer.from(toBytes(data));
    throw invalidArg('data', data, 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView');
  };
  class CryptoKey {
    get type() { return KEYS.get(this).type; }
    get extractable() { return KEYS.get(this).extractable; }
    get algorithm() { return KEYS.get(this).algorithm; }
    get usages() { return KEYS.get(this).usages.slice(); }
  }
  const asPromise = (f) => new Promise((resolve) => resolve(f()));
  const subtle = {
    digest: (alg, data) => asPromise(() => host.digest(subtleHash(alg), bufferSource(data))),
    importKey: (format, keyData, alg, extractable, usages) => asPromise(() => {
      const name = subtleAlg(alg);
      let rec;
      if (name === 'HMAC') {
        const hash = subtleHash(alg.hash);
        let raw;
        if (format === 'raw') raw = bufferSource(keyData);
        else if (format === 'jwk' && keyData && keyData.kty === 'oct' && typeof keyData.k === 'string') raw = Buffer.from(keyData.k, 'base64url');
        else throw domError('NotSupportedError', 'Unable to import HMAC key with format ' + format);
        if (raw.length === 0) throw domError('DataError', 'Zero-length key is not supported');
        rec = { type: 'secret', raw, algorithm: { name, length: raw.length * 8, hash: { name: hashTitle(hash) } } };
      } else {
        if (format !== 'spki' && format !== 'pkcs8' && format !== 'jwk') throw domError('NotSupportedError', 'Unable to import ' + name + ' key with format ' + format);
        let parsed;
        try {
          const r = format === 'jwk' ? jwkRecord(keyData) : { format, bytes: bufferSource(keyData) };
          parsed = keyRecord(r.format, r.bytes);
        } catch (e) { throw domError('DataError', 'Invalid keyData'); }
        if (format !== 'jwk' && (parsed.type === 'public') !== (format === 'spki')) throw domError('DataError', 'Invalid keyData');
        if (name === 'ECDSA') {
          if (parsed.kind !== 'ec') throw domError('DataError', 'Invalid key type');
          if (alg.namedCurve !== 'P-256') throw domError('DataError', 'Named curve mismatch');
          rec = Object.assign(parsed, { algorithm: { name, namedCurve: 'P-256' } });
        } else {
          if (parsed.kind !== 'rsa') throw domError('DataError', 'Invalid key type');
          const hash = subtleHash(alg.hash);
          rec = Object.assign(parsed, { algorithm: { name, modulusLength: Number(parsed.detail), publicExponent: new Uint8Array([1, 0, 1]), hash: { name: hashTitle(hash) } } });
        }
      }
      rec.extractable = !!extractable;
      rec.usages = Array.from(usages || []);
      const k = Object.create(CryptoKey.prototype);
      KEYS.set(k, rec);
      return k;
    }),
    exportKey: (format, key) => asPromise(() => {
      const r = key && KEYS.get(key);
      if (!r || !(key instanceof CryptoKey)) throw invalidArg('key', key, 'an instance of CryptoKey');
      if (!r.extractable) throw domError('InvalidAccessException', 'key is not extractable') // sic, as Node 20 names it;
      if (r.type === 'secret') {
        if (format === 'raw') return Buffer.from(r.raw).buffer.slice(0);
        if (format === 'jwk') return { key_ops: r.usages, k: r.raw.toString('base64url'), alg: 'HS' + r.algorithm.hash.name.slice(4), ext: true, kty: 'oct' };
      } else if ((format === 'spki' && r.type === 'public') || (format === 'pkcs8' && r.type === 'private')) {
        return host.pkiExport(r.format, r.bytes, format, 'der');
      }
      throw domError('NotSupportedError', 'Unable to export a ' + r.algorithm.name + ' key with format ' + format);
    }),
    sign: (alg, key, data) => asPromise(() => subtleSignOrVerify('sign', alg, key, undefined, data)),
    verify: (alg, key, signature, data) => asPromise(() => subtleSignOrVerify('verify', alg, key, signature, data)),
  };
  function subtleSignOrVerify(op, alg, key, signature, data) {
    const name = subtleAlg(alg);
    const r = key && KEYS.get(key);
    if (!r || !(key instanceof CryptoKey)) throw invalidArg('key', key, 'an instance of CryptoKey');
    if (r.algorithm.name !== name || !r.usages.includes(op)) throw domError('InvalidAccessError', 'Unable to use this key to ' + op);
    const bytes = bufferSource(data);
    const sig = op === 'verify' ? bufferSource(signature) : undefined;
    if (name === 'HMAC') {
      const mac = Buffer.from(host.hmac(subtleHash(r.algorithm.hash), r.raw, bytes));
      return op === 'sign' ? mac.buffer.slice(mac.byteOffset, mac.byteOffset + mac.length) : mac.length === sig.length && timingSafeEqual(mac, sig);
    }
    const hash = subtleHash(name === 'ECDSA' ? alg.hash : r.algorithm.hash);
    if (op === 'sign') {
      if (r.type !== 'private') throw domError('InvalidAccessError', 'Unable to use this key to sign');
      return host.pkiSign(hash, r.format, r.bytes, bytes, name === 'ECDSA');
    }
    if (r.type !== 'public') throw domError('InvalidAccessError', 'Unable to use this key to verify');
    return host.pkiVerify(hash, r.format, r.bytes, bytes, sig, name === 'ECDSA');
  }

  const randomUUID = () => host.uuid();
  const webcrypto = { getRandomValues, randomUUID, subtle, CryptoKey };
  return {
    createHash: (a) => new Hash(a),
    createHmac: (a, key) => new Hash(a, toBytes(key)),
    getHashes: () => ['md5', 'sha1', 'sha256', 'sha384', 'sha512'],
    randomBytes, randomUUID, randomInt, getRandomValues, timingSafeEqual, webcrypto,
    randomFillSync, randomFill, pbkdf2Sync, pbkdf2, createCipheriv, createDecipheriv, getCiphers,
    pseudoRandomBytes: randomBytes,
    createSign: (a) => new Sign(a), createVerify: (a) => new Verify(a), sign, verify,
    createPrivateKey, createPublicKey, KeyObject, scrypt, scryptSync, subtle,
  };
})
