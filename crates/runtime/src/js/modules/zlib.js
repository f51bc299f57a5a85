// `zlib` module: Node's one-shot API (gzip/gunzip, deflate/inflate, deflateRaw/inflateRaw, unzip;
// *Sync and callback forms, promisify-able). The work is done by flate2 on the host side
// (crates/runtime/src/native.rs); streams (createGzip…) are not offered.
(function (host, lib, require) {
  'use strict';
  const { Buffer } = require('buffer');
  const constants = {
    Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_BLOCK: 5,
    Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3,
    Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6,
    Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1,
    Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3, Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0, ZLIB_VERNUM: 4784,
    DEFLATE: 1, INFLATE: 2, GZIP: 3, GUNZIP: 4, DEFLATERAW: 5, INFLATERAW: 6, UNZIP: 7,
    Z_MIN_WINDOWBITS: 8, Z_MAX_WINDOWBITS: 15, Z_DEFAULT_WINDOWBITS: 15,
    Z_MIN_LEVEL: -1, Z_MAX_LEVEL: 9, Z_DEFAULT_LEVEL: -1, Z_MIN_MEMLEVEL: 1, Z_MAX_MEMLEVEL: 9,
    Z_DEFAULT_MEMLEVEL: 8, Z_MIN_CHUNK: 64, Z_DEFAULT_CHUNK: 16384, Z_MAX_CHUNK: Infinity,
  };

  function toBytes(buffer) {
    if (typeof buffer === 'string') return Buffer.from(buffer, 'utf8');
    if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
    if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    const e = new TypeError('The "buffer" argument must be of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer.' +
      ' Received ' + (buffer === null ? 'null' : typeof buffer));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }

  function level(opts) {
    if (!opts || opts.level === undefined) return -1;
    const l = opts.level;
    if (typeof l !== 'number' || !Number.isInteger(l) || l < -1 || l > 9) {
      const e = new RangeError('The value of "options.level" is out of range. It must be >= -1 and <= 9. Received ' + l);
      e.code = 'ERR_OUT_OF_RANGE';
      throw e;
    }
    return l;
  }

  function run(op, buffer, opts) {
    const limit = opts && typeof opts.maxOutputLength === 'number' ? opts.maxOutputLength : -1;
    let raw;
    try {
      raw = host.zlib(op, toBytes(buffer), level(opts), limit);
    } catch (e) {
      if (e && e.code === 'ERR_BUFFER_TOO_LARGE') {
        const r = new RangeError(e.message);
        r.code = e.code;
        throw r;
      }
      throw e;
    }
    const out = Buffer.from(raw);
    return opts && opts.info ? { buffer: out, engine: {} } : out;
  }

  const exportsObj = { constants, codes: {} };
  for (const k of Object.keys(constants)) if (k.startsWith('Z_')) exportsObj[k] = constants[k];
  for (const k of ['Z_OK', 'Z_STREAM_END', 'Z_NEED_DICT', 'Z_ERRNO', 'Z_STREAM_ERROR', 'Z_DATA_ERROR', 'Z_MEM_ERROR', 'Z_BUF_ERROR', 'Z_VERSION_ERROR']) {
    exportsObj.codes[k] = constants[k];
    exportsObj.codes[constants[k]] = k;
  }

  for (const op of ['gzip', 'gunzip', 'deflate', 'inflate', 'deflateRaw', 'inflateRaw', 'unzip']) {
    const sync = (buffer, opts) => run(op, buffer, opts);
    exportsObj[op + 'Sync'] = sync;
    exportsObj[op] = function (buffer, opts, callback) {
      if (typeof opts === 'function') { callback = opts; opts = {}; }
      if (typeof callback !== 'function') {
        const e = new TypeError('The "callback" argument must be of type function. Received ' + typeof callback);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      // Like Node, the work is done before the callback and the callback runs on a later turn.
      let err = null, out;
      try { out = sync(buffer, opts); } catch (e) { err = e; }
      setImmediate(() => (err ? callback(err) : callback(null, out)));
    };
  }
  const noStreams = (name) => () => {
    throw new Error('zlib.' + name + '() streams are not available in fnhost; use zlib.' +
      name.slice(6, 7).toLowerCase() + name.slice(7) + 'Sync() or the callback form');
  };
  for (const name of ['createGzip', 'createGunzip', 'createDeflate', 'createInflate', 'createDeflateRaw', 'createInflateRaw', 'createUnzip']) {
    exportsObj[name] = noStreams(name);
  }
  return exportsObj;
})
