// `buffer` module: a Node-compatible Buffer on top of Uint8Array (the common subset), atob/btoa.
(function (host, lib, require) {
  'use strict';
  const HEX = '0123456789abcdef';
  const norm = (enc) => {
    const e = String(enc || 'utf8').toLowerCase();
    if (e === 'utf-8') return 'utf8';
    if (e === 'binary') return 'latin1';
    if (e === 'ucs2' || e === 'ucs-2' || e === 'utf-16le') return 'utf16le';
    return e;
  };
  const ENCODINGS = ['utf8', 'hex', 'base64', 'base64url', 'latin1', 'ascii', 'utf16le'];

  // Lone surrogates become U+FFFD, as Node encodes them (the host takes only valid UTF-16).
  const wellFormed = typeof ''.toWellFormed === 'function'
    ? (s) => s.toWellFormed()
    : (s) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g, (m, p) => (p === undefined ? '\ufffd' : p + '\ufffd'));

  function bytesFromString(str, enc) {
    switch (norm(enc)) {
      case 'utf8': return new Uint8Array(host.utf8Encode(wellFormed(str)));
      case 'hex': {
        const n = Math.floor(str.length / 2);
        const out = new Uint8Array(n);
        let i = 0;
        for (; i < n; i++) {
          // Both characters must be hex digits (parseInt would accept a valid prefix).
          const pair = str.substr(i * 2, 2);
          if (!/^[0-9a-fA-F]{2}$/.test(pair)) break;
          out[i] = parseInt(pair, 16);
        }
        return i === n ? out : out.subarray(0, i);
      }
      case 'base64': case 'base64url': return new Uint8Array(host.base64Decode(str));
      case 'latin1': case 'ascii': {
        const out = new Uint8Array(str.length);
        for (let i = 0; i < str.length; i++) out[i] = str.charCodeAt(i) & 0xff;
        return out;
      }
      case 'utf16le': {
        const out = new Uint8Array(str.length * 2);
        for (let i = 0; i < str.length; i++) { const c = str.charCodeAt(i); out[i * 2] = c & 0xff; out[i * 2 + 1] = c >> 8; }
        return out;
      }
      default: throw new TypeError('Unknown encoding: ' + enc);
    }
  }

  function stringFromBytes(bytes, enc) {
    switch (norm(enc)) {
      case 'utf8': return host.utf8Decode(bytes);
      case 'hex': { let s = ''; for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15]; return s; }
      case 'base64': return host.base64Encode(bytes, false);
      case 'base64url': return host.base64Encode(bytes, true);
      case 'latin1': { let s = ''; for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096)); return s; }
      case 'ascii': { let s = ''; for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i] & 0x7f); return s; }
      case 'utf16le': { let s = ''; for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8)); return s; }
      default: throw new TypeError('Unknown encoding: ' + enc);
    }
  }

  class Buffer extends Uint8Array {
    static from(value, encOrOffset, length) {
      if (typeof value === 'string') return toBuffer(bytesFromString(value, encOrOffset));
      if (value instanceof ArrayBuffer) {
        const off = encOrOffset >>> 0;
        const len = length === undefined ? value.byteLength - off : length >>> 0;
        return new Buffer(value, off, len);
      }
      if (ArrayBuffer.isView(value) && !(value instanceof Uint8Array) && !(value instanceof DataView)) {
        // Other typed arrays copy element values (truncated to bytes), as Node does.
        const b = new Buffer(value.length);
        for (let i = 0; i < value.length; i++) b[i] = Number(value[i]);
        return b;
      }
      if (ArrayBuffer.isView(value)) {
        const b = new Buffer(value.byteLength);
        b.set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        return b;
      }
      if (Array.isArray(value)) { const b = new Buffer(value.length); for (let i = 0; i < value.length; i++) b[i] = value[i]; return b; }
      if (value && value.type === 'Buffer' && Array.isArray(value.data)) return Buffer.from(value.data);
      if (value && typeof value.length === 'number') return Buffer.from(Array.from(value));
      throw new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.');
    }
    static alloc(size, fill, enc) {
      const b = new Buffer(checkSize(size));
      if (fill !== undefined && fill !== 0) b.fill(fill, 0, b.length, enc);
      return b;
    }
    static allocUnsafe(size) { return new Buffer(checkSize(size)); }
    static allocUnsafeSlow(size) { return new Buffer(checkSize(size)); }
    static isBuffer(b) { return b instanceof Buffer; }
    static isEncoding(e) { return ENCODINGS.includes(norm(e)); }
    static byteLength(v, enc) {
      if (typeof v === 'string' && (norm(enc) === 'base64' || norm(enc) === 'base64url')) {
        // Node's estimate from the length (padding aside), not the decoded size.
        let n = v.length;
        if (v.charCodeAt(n - 1) === 0x3d) n--;
        if (n > 1 && v.charCodeAt(n - 1) === 0x3d) n--;
        return (n * 3) >>> 2;
      }
      if (typeof v === 'string') return bytesFromString(v, enc).length;
      return v.byteLength;
    }
    static concat(list, total) {
      if (total === undefined) total = list.reduce((n, b) => n + b.length, 0);
      const out = Buffer.alloc(total);
      let off = 0;
      for (const b of list) { if (off >= total) break; const part = b.subarray(0, total - off); out.set(part, off); off += part.length; }
      return out;
    }
    static compare(a, b) { return a.compare(b); }
    toString(enc, start, end) {
      start = start === undefined ? 0 : Math.max(0, start | 0);
      end = end === undefined ? this.length : Math.min(this.length, end | 0);
      return stringFromBytes(start === 0 && end === this.length ? this : this.subarray(start, end), enc);
    }
    toJSON() { return { type: 'Buffer', data: Array.from(this) }; }
    equals(other) { return this.compare(other) === 0; }
    compare(other) {
      const n = Math.min(this.length, other.length);
      for (let i = 0; i < n; i++) { if (this[i] !== other[i]) return this[i] < other[i] ? -1 : 1; }
      return this.length === other.length ? 0 : (this.length < other.length ? -1 : 1);
    }
    slice(start, end) { return this.subarray(start, end); }
    subarray(start, end) { const v = Uint8Array.prototype.subarray.call(this, start, end); return new Buffer(v.buffer, v.byteOffset, v.length); }
    write(str, offset, length, enc) {
      if (typeof offset === 'string') { enc = offset; offset = 0; length = undefined; }
      else if (typeof length === 'string') { enc = length; length = undefined; }
      offset = offset >>> 0;
      const bytes = bytesFromString(str, enc);
      const n = Math.min(bytes.length, this.length - offset, length === undefined ? Infinity : length);
      this.set(bytes.subarray(0, n), offset);
      return n;
    }
    fill(value, start, end, enc) {
      if (typeof start === 'string') { enc = start; start = 0; end = this.length; }
      start = start === undefined ? 0 : start; end = end === undefined ? this.length : end;
      if (typeof value === 'string') {
        const bytes = bytesFromString(value, enc);
        if (bytes.length === 0) return Uint8Array.prototype.fill.call(this, 0, start, end), this;
        for (let i = start, j = 0; i < end; i++, j = (j + 1) % bytes.length) this[i] = bytes[j];
        return this;
      }
      Uint8Array.prototype.fill.call(this, value & 255, start, end);
      return this;
    }
    indexOf(value, from, enc) {
      if (typeof value === 'number') return Uint8Array.prototype.indexOf.call(this, value & 255, from);
      const needle = typeof value === 'string' ? bytesFromString(value, enc) : value;
      outer: for (let i = from | 0; i <= this.length - needle.length; i++) {
        for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
        return i;
      }
      return -1;
    }
    includes(value, from, enc) { return this.indexOf(value, from, enc) !== -1; }
    copy(target, targetStart, start, end) {
      targetStart = targetStart | 0; start = start | 0; end = end === undefined ? this.length : end;
      const part = this.subarray(start, Math.min(end, start + target.length - targetStart));
      target.set(part, targetStart);
      return part.length;
    }
    lastIndexOf(value, from, enc) {
      if (typeof value === 'number') return Uint8Array.prototype.lastIndexOf.call(this, value & 255, from === undefined ? this.length - 1 : from);
      const needle = typeof value === 'string' ? bytesFromString(value, enc) : value;
      let i = from === undefined ? this.length - needle.length : Math.min(from | 0, this.length - needle.length);
      outer: for (; i >= 0; i--) {
        for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
        return i;
      }
      return -1;
    }
    swap16() { return swap(this, 2); }
    swap32() { return swap(this, 4); }
    swap64() { return swap(this, 8); }
    readUIntBE(o, n) { checkLen(n); checkOffset(this, o, n); let v = 0; for (let i = 0; i < n; i++) v = v * 256 + this[o + i]; return v; }
    readUIntLE(o, n) { checkLen(n); checkOffset(this, o, n); let v = 0; for (let i = n - 1; i >= 0; i--) v = v * 256 + this[o + i]; return v; }
    readIntBE(o, n) { const v = this.readUIntBE(o, n); return v >= 2 ** (8 * n - 1) ? v - 2 ** (8 * n) : v; }
    readIntLE(o, n) { const v = this.readUIntLE(o, n); return v >= 2 ** (8 * n - 1) ? v - 2 ** (8 * n) : v; }
    writeUIntBE(v, o, n) { checkLen(n); checkOffset(this, o, n); checkValue(v, 0, 2 ** (8 * n) - 1); for (let i = n - 1; i >= 0; i--) { this[o + i] = v & 255; v = Math.floor(v / 256); } return o + n; }
    writeUIntLE(v, o, n) { checkLen(n); checkOffset(this, o, n); checkValue(v, 0, 2 ** (8 * n) - 1); for (let i = 0; i < n; i++) { this[o + i] = v & 255; v = Math.floor(v / 256); } return o + n; }
    writeIntBE(v, o, n) { checkValue(v, -(2 ** (8 * n - 1)), 2 ** (8 * n - 1) - 1); return this.writeUIntBE(v < 0 ? v + 2 ** (8 * n) : v, o, n); }
    writeIntLE(v, o, n) { checkValue(v, -(2 ** (8 * n - 1)), 2 ** (8 * n - 1) - 1); return this.writeUIntLE(v < 0 ? v + 2 ** (8 * n) : v, o, n); }
  }
  // Fixed-width reads and writes through a DataView, with Node's range checks (ERR_OUT_OF_RANGE).
  const FIXED = [
    ['UInt8', 'Uint8', 1, 0, 255], ['Int8', 'Int8', 1, -128, 127],
    ['UInt16', 'Uint16', 2, 0, 0xffff], ['Int16', 'Int16', 2, -0x8000, 0x7fff],
    ['UInt32', 'Uint32', 4, 0, 0xffffffff], ['Int32', 'Int32', 4, -0x80000000, 0x7fffffff],
    ['Float', 'Float32', 4], ['Double', 'Float64', 8],
    ['BigUInt64', 'BigUint64', 8], ['BigInt64', 'BigInt64', 8],
  ];
  const view = (b) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (const [name, dv, size, min, max] of FIXED) {
    for (const endian of size === 1 ? [''] : ['LE', 'BE']) {
      const little = endian === 'LE';
      const read = function (o = 0) { checkOffset(this, o, size); return view(this)['get' + dv](o, little); };
      const write = function (v, o = 0) {
        checkOffset(this, o, size);
        if (min !== undefined) checkValue(v, min, max);
        else if (dv.startsWith('Big') && typeof v !== 'bigint') { const e = new TypeError('The "value" argument must be of type bigint. Received type ' + typeof v); e.code = 'ERR_INVALID_ARG_TYPE'; throw e; }
        view(this)['set' + dv](o, v, little);
        return o + size;
      };
      Buffer.prototype['read' + name + endian] = read;
      Buffer.prototype['write' + name + endian] = write;
      if (name.includes('UInt')) {
        Buffer.prototype['read' + name.replace('UInt', 'Uint') + endian] = read;
        Buffer.prototype['write' + name.replace('UInt', 'Uint') + endian] = write;
      }
    }
  }
  for (const n of ['readUIntBE', 'readUIntLE', 'writeUIntBE', 'writeUIntLE']) Buffer.prototype[n.replace('UInt', 'Uint')] = Buffer.prototype[n];

  function outOfRange(name, range, got) {
    const e = new RangeError('The value of "' + name + '" is out of range. It must be ' + range + '. Received ' + got);
    e.code = 'ERR_OUT_OF_RANGE';
    return e;
  }
  function checkOffset(b, o, size) {
    if (typeof o !== 'number') { const e = new TypeError('The "offset" argument must be of type number. Received type ' + typeof o); e.code = 'ERR_INVALID_ARG_TYPE'; throw e; }
    if (!Number.isInteger(o)) throw outOfRange('offset', 'an integer', o);
    if (o < 0 || o + size > b.length) {
      if (b.length - size < 0) { const e = new RangeError('Attempt to access memory outside buffer bounds'); e.code = 'ERR_BUFFER_OUT_OF_BOUNDS'; throw e; }
      throw outOfRange('offset', '>= 0 and <= ' + (b.length - size), o);
    }
  }
  function checkLen(n) { if (!Number.isInteger(n) || n < 1 || n > 6) throw outOfRange('byteLength', '>= 1 and <= 6', n); }
  function checkValue(v, min, max) {
    if (v < min || v > max) {
      const bound = (x) => (Math.abs(x) >= 2 ** 32 ? (x < 0 ? '-' : '') + '2 ** ' + Math.round(Math.log2(Math.abs(x) + 1)) + (x < 0 ? '' : ' - 1') : String(x));
      throw outOfRange('value', '>= ' + bound(min) + ' and <= ' + bound(max), v);
    }
  }
  function swap(b, n) {
    if (b.length % n !== 0) { const e = new RangeError('Buffer size must be a multiple of ' + (n * 8) + '-bits'); e.code = 'ERR_INVALID_BUFFER_SIZE'; throw e; }
    for (let i = 0; i < b.length; i += n) for (let j = 0; j < n / 2; j++) { const t = b[i + j]; b[i + j] = b[i + n - 1 - j]; b[i + n - 1 - j] = t; }
    return b;
  }
  Buffer.poolSize = 8192;

  function checkSize(size) {
    if (typeof size !== 'number' || size < 0 || size > 0x3fffffff || Number.isNaN(size)) {
      const e = new RangeError('The value of "size" is out of range. It must be >= 0 && <= ' + 0x3fffffff + '. Received ' + size);
      e.code = 'ERR_OUT_OF_RANGE';
      throw e;
    }
    return size | 0;
  }
  function toBuffer(u8) { return new Buffer(u8.buffer, u8.byteOffset, u8.length); }

  function btoa(s) {
    s = String(s);
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) > 255) { const e = new Error('Invalid character'); e.name = 'InvalidCharacterError'; throw e; }
    }
    return host.base64Encode(bytesFromString(s, 'latin1'), false);
  }
  function atob(s) {
    s = String(s).replace(/[\t\n\f\r ]/g, '');
    if (/[^A-Za-z0-9+/=]/.test(s)) { const e = new Error('The string to be decoded is not correctly encoded.'); e.name = 'InvalidCharacterError'; throw e; }
    return stringFromBytes(new Uint8Array(host.base64Decode(s)), 'latin1');
  }

  return { Buffer, atob, btoa, constants: { MAX_LENGTH: 0x3fffffff }, kMaxLength: 0x3fffffff, bytesFromString, stringFromBytes };
})
