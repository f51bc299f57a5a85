// `string_decoder` module: Node's StringDecoder (lib/string_decoder.js algorithm): a character
// split across writes is held back until its last byte arrives — UTF-8 sequences, UTF-16LE code
// units and surrogate pairs, base64 groups of three bytes; invalid UTF-8 becomes U+FFFD exactly
// where Node puts it. Other encodings decode each chunk as it comes.
(function (host, lib, require) {
  'use strict';
  const { Buffer } = require('buffer');

  function normalize(enc) {
    const e = String(enc === undefined || enc === null ? 'utf8' : enc).toLowerCase();
    switch (e) {
      case 'utf8': case 'utf-8': case '': return 'utf8';
      case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
      case 'latin1': case 'binary': return 'latin1';
      case 'base64': case 'base64url': case 'ascii': case 'hex': return e;
      default: {
        const err = new TypeError('Unknown encoding: ' + enc);
        err.code = 'ERR_UNKNOWN_ENCODING';
        throw err;
      }
    }
  }

  // How many bytes a UTF-8 sequence starting with `byte` has (0: a continuation byte, -1: invalid
  // as a start byte, as Node's utf8CheckByte).
  function checkByte(byte) {
    if (byte <= 0x7f) return 0;
    if (byte >> 5 === 0x06) return 2;
    if (byte >> 4 === 0x0e) return 3;
    if (byte >> 3 === 0x1e) return 4;
    return byte >> 6 === 0x02 ? -1 : -2;
  }

  const toBuf = (b) => (typeof b === 'string' ? Buffer.from(b) : Buffer.isBuffer(b) ? b : Buffer.from(b.buffer ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : b));

  class StringDecoder {
    constructor(encoding) {
      this.encoding = normalize(encoding);
      this.lastChar = Buffer.alloc(this.encoding === 'utf8' ? 4 : this.encoding === 'utf16le' ? 4 : 3);
      this.lastNeed = 0;
      this.lastTotal = 0;
    }

    write(buf) {
      if (typeof buf === 'string') return buf;
      buf = toBuf(buf);
      if (buf.length === 0) return '';
      if (!MULTI[this.encoding]) return buf.toString(this.encoding);
      let r;
      let i = 0;
      if (this.lastNeed) {
        r = this.encoding === 'utf8' ? this._utf8FillLast(buf) : this._fillLast(buf);
        if (r === undefined) return '';
        i = this.lastNeed;
        this.lastNeed = 0;
      }
      if (i >= buf.length) return r || '';
      const text = MULTI[this.encoding].call(this, buf, i);
      return r ? r + text : text;
    }

    end(buf) {
      const r = buf !== undefined && buf !== null && buf.length ? this.write(buf) : '';
      if (!this.lastNeed) return r;
      const need = this.lastNeed;
      this.lastNeed = 0;
      if (this.encoding === 'utf8') return r + '\ufffd';
      if (this.encoding === 'utf16le') return r + this.lastChar.toString('utf16le', 0, this.lastTotal - need);
      return r + this.lastChar.toString(this.encoding, 0, 3 - need);
    }

    text(buf, i) { return MULTI[this.encoding] ? MULTI[this.encoding].call(this, buf, i) : buf.toString(this.encoding, i); }

    _fillLast(buf) {
      if (this.lastNeed <= buf.length) {
        buf.copy(this.lastChar, this.lastTotal - this.lastNeed, 0, this.lastNeed);
        return this.lastChar.toString(this.encoding, 0, this.lastTotal);
      }
      buf.copy(this.lastChar, this.lastTotal - this.lastNeed, 0, buf.length);
      this.lastNeed -= buf.length;
      return undefined;
    }

    // A byte that does not continue the held-back sequence ends it as U+FFFD (lastNeed becomes
    // the bytes consumed).
    _utf8FillLast(buf) {
      const p = this.lastTotal - this.lastNeed;
      if ((buf[0] & 0xc0) !== 0x80) { this.lastNeed = 0; return '\ufffd'; }
      if (this.lastNeed > 1 && buf.length > 1) {
        if ((buf[1] & 0xc0) !== 0x80) { this.lastNeed = 1; return '\ufffd'; }
        if (this.lastNeed > 2 && buf.length > 2 && (buf[2] & 0xc0) !== 0x80) { this.lastNeed = 2; return '\ufffd'; }
      }
      if (this.lastNeed <= buf.length) {
        buf.copy(this.lastChar, p, 0, this.lastNeed);
        return this.lastChar.toString('utf8', 0, this.lastTotal);
      }
      buf.copy(this.lastChar, p, 0, buf.length);
      this.lastNeed -= buf.length;
      return undefined;
    }
  }

  // Node's utf8CheckIncomplete: looks at up to three trailing bytes for an unfinished sequence.
  function utf8CheckIncomplete(self, buf, i) {
    let j = buf.length - 1;
    if (j < i) return 0;
    let nb = checkByte(buf[j]);
    if (nb >= 0) { if (nb > 0) self.lastNeed = nb - 1; return nb; }
    if (--j < i || nb === -2) return 0;
    nb = checkByte(buf[j]);
    if (nb >= 0) { if (nb > 0) self.lastNeed = nb - 2; return nb; }
    if (--j < i || nb === -2) return 0;
    nb = checkByte(buf[j]);
    if (nb >= 0) {
      if (nb > 0) { if (nb === 2) nb = 0; else self.lastNeed = nb - 3; }
      return nb;
    }
    return 0;
  }

  const MULTI = {
    utf8(buf, i) {
      const total = utf8CheckIncomplete(this, buf, i);
      if (!this.lastNeed) return buf.toString('utf8', i);
      this.lastTotal = total;
      const end = buf.length - (total - this.lastNeed);
      buf.copy(this.lastChar, 0, end);
      return buf.toString('utf8', i, end);
    },
    utf16le(buf, i) {
      if ((buf.length - i) % 2 === 0) {
        const r = buf.toString('utf16le', i);
        if (r) {
          const c = r.charCodeAt(r.length - 1);
          if (c >= 0xd800 && c <= 0xdbff) {
            this.lastNeed = 2;
            this.lastTotal = 4;
            this.lastChar[0] = buf[buf.length - 2];
            this.lastChar[1] = buf[buf.length - 1];
            return r.slice(0, -1);
          }
        }
        return r;
      }
      this.lastNeed = 1;
      this.lastTotal = 2;
      this.lastChar[0] = buf[buf.length - 1];
      return buf.toString('utf16le', i, buf.length - 1);
    },
    base64(buf, i) {
      const n = (buf.length - i) % 3;
      if (n === 0) return buf.toString(this.encoding, i);
      this.lastNeed = 3 - n;
      this.lastTotal = 3;
      if (n === 1) this.lastChar[0] = buf[buf.length - 1];
      else { this.lastChar[0] = buf[buf.length - 2]; this.lastChar[1] = buf[buf.length - 1]; }
      return buf.toString(this.encoding, i, buf.length - n);
    },
  };
  MULTI.base64url = MULTI.base64;

  return { StringDecoder };
})
