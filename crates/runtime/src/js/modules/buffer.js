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

  function bytesFromString(str, enc) {
    switch (norm(enc)) {
      case 'utf8': return new Uint8Array(host.utf8Encode(str));
      case 'hex': {
        const n = Math.floor(str.length / 2);
        const out = new Uint8Array(n);
        let i = 0;
        for (; i < n; i++) {
          const b = parseInt(str.substr(i * 2, 2), 16);
          if (Number.isNaN(b)) break;
          out[i] = b;
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
    readUInt8(o = 0) { return this[o]; }
    readInt8(o = 0) { return (this[o] << 24) >> 24; }
    readUInt16BE(o = 0) { return (this[o] << 8) | this[o + 1]; }
    readUInt16LE(o = 0) { return this[o] | (this[o + 1] << 8); }
    readUInt32BE(o = 0) { return new DataView(this.buffer, this.byteOffset).getUint32(o, false); }
    readUInt32LE(o = 0) { return new DataView(this.buffer, this.byteOffset).getUint32(o, true); }
    readInt32BE(o = 0) { return new DataView(this.buffer, this.byteOffset).getInt32(o, false); }
    readInt32LE(o = 0) { return new DataView(this.buffer, this.byteOffset).getInt32(o, true); }
    writeUInt8(v, o = 0) { this[o] = v; return o + 1; }
    writeUInt16BE(v, o = 0) { new DataView(this.buffer, this.byteOffset).setUint16(o, v, false); return o + 2; }
    writeUInt32BE(v, o = 0) { new DataView(this.buffer, this.byteOffset).setUint32(o, v, false); return o + 4; }
    writeUInt32LE(v, o = 0) { new DataView(this.buffer, this.byteOffset).setUint32(o, v, true); return o + 4; }
    writeInt32BE(v, o = 0) { new DataView(this.buffer, this.byteOffset).setInt32(o, v, false); return o + 4; }
  }
  Buffer.poolSize = 8192;
  Buffer.prototype.readUint8 = Buffer.prototype.readUInt8;
  Buffer.prototype.readUint16BE = Buffer.prototype.readUInt16BE;
  Buffer.prototype.readUint32BE = Buffer.prototype.readUInt32BE;

  function checkSize(size) {
    if (typeof size !== 'number' || size < 0 || size > 0x3fffffff || Number.isNaN(size)) {
      throw new RangeError('The argument "size" is invalid. Received ' + size);
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

  class StringDecoder {
    constructor(enc) { this.encoding = norm(enc); this.pending = new Uint8Array(0); }
    write(buf) {
      if (this.encoding !== 'utf8') return stringFromBytes(buf, this.encoding);
      const all = new Uint8Array(this.pending.length + buf.length);
      all.set(this.pending); all.set(buf, this.pending.length);
      let cut = all.length;
      for (let i = Math.max(0, all.length - 3); i < all.length; i++) {
        const b = all[i];
        const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
        if (need > 1 && i + need > all.length) { cut = i; break; }
      }
      this.pending = all.slice(cut);
      return host.utf8Decode(all.subarray(0, cut));
    }
    end(buf) { const s = buf ? this.write(buf) : ''; const rest = this.pending.length ? host.utf8Decode(this.pending) : ''; this.pending = new Uint8Array(0); return s + rest; }
  }

  return { Buffer, atob, btoa, StringDecoder, constants: { MAX_LENGTH: 0x3fffffff }, kMaxLength: 0x3fffffff, bytesFromString, stringFromBytes };
})
