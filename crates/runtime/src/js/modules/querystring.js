// `querystring` module: Node's parse/stringify/escape/unescape, the same algorithms as Node's
// lib/querystring.js (decoding only values that hold a valid %XX, arrays for repeated keys,
// maxKeys, multi-character separators, the unescapeBuffer fallback for malformed UTF-8).
(function (host, lib, require) {
  'use strict';
  const { Buffer } = require('buffer');
  const isHex = (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
  const hexVal = (c) => (c <= 57 ? c - 48 : (c | 32) - 87);

  function unescapeBuffer(s, decodeSpaces) {
    const src = Buffer.from(String(s));
    const out = Buffer.alloc(src.length);
    let n = 0;
    for (let i = 0; i < src.length; i++) {
      const c = src[i];
      if (c === 43 && decodeSpaces) { out[n++] = 32; continue; }
      if (c === 37 && i + 2 < src.length && isHex(src[i + 1]) && isHex(src[i + 2])) {
        out[n++] = hexVal(src[i + 1]) * 16 + hexVal(src[i + 2]);
        i += 2;
        continue;
      }
      out[n++] = c;
    }
    return out.subarray(0, n);
  }

  function unescape(s, decodeSpaces) {
    try { return decodeURIComponent(s); } catch (e) { return unescapeBuffer(s, decodeSpaces).toString(); }
  }

  function escape(str) {
    if (typeof str !== 'string') {
      if (typeof str === 'object') str = String(str);
      else str += '';
    }
    try { return encodeURIComponent(str); } catch (e) {
      const err = new URIError('URI malformed');
      err.code = 'ERR_INVALID_URI';
      throw err;
    }
  }

  function stringifyPrimitive(v) {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && isFinite(v)) return '' + v;
    if (typeof v === 'bigint') return '' + v;
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return '';
  }
  function encodeStringified(v, encode) {
    if (typeof v === 'string') return v.length ? encode(v) : '';
    if (typeof v === 'number' && isFinite(v)) return Math.abs(v) < 1e21 ? '' + v : encode('' + v);
    if (typeof v === 'bigint') return '' + v;
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return '';
  }
  const encodeStringifiedCustom = (v, encode) => encode(stringifyPrimitive(v));

  function stringify(obj, sep, eq, options) {
    sep = sep || '&';
    eq = eq || '=';
    let encode = qs.escape;
    if (options && typeof options.encodeURIComponent === 'function') encode = options.encodeURIComponent;
    const convert = encode === escape ? encodeStringified : encodeStringifiedCustom;
    if (obj === null || typeof obj !== 'object') return '';
    let fields = '';
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      const ks = convert(k, encode) + eq;
      if (Array.isArray(v)) {
        if (v.length === 0) continue;
        if (fields) fields += sep;
        for (let j = 0; j < v.length; ++j) {
          if (j) fields += sep;
          fields += ks + convert(v[j], encode);
        }
      } else {
        if (fields) fields += sep;
        fields += ks + convert(v, encode);
      }
    }
    return fields;
  }

  const charCodes = (s) => { const out = []; for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i)); return out; };
  const decodeStr = (s, decoder) => { try { return decoder(s); } catch (e) { return qs.unescape(s, true); } };

  function addKeyVal(obj, key, value, keyEncoded, valEncoded, decode) {
    if (key.length > 0 && keyEncoded) key = decodeStr(key, decode);
    if (value.length > 0 && valEncoded) value = decodeStr(value, decode);
    if (obj[key] === undefined) obj[key] = value;
    else {
      const cur = obj[key];
      if (cur.pop) cur[cur.length] = value;
      else obj[key] = [cur, value];
    }
  }

  function parse(str, sep, eq, options) {
    const obj = Object.create(null);
    if (typeof str !== 'string' || str.length === 0) return obj;
    const sepCodes = !sep ? [38] : charCodes(String(sep));
    const eqCodes = !eq ? [61] : charCodes(String(eq));
    const sepLen = sepCodes.length, eqLen = eqCodes.length;
    let pairs = 1000;
    if (options && typeof options.maxKeys === 'number') pairs = options.maxKeys > 0 ? options.maxKeys : -1;
    let decode = qs.unescape;
    if (options && typeof options.decodeURIComponent === 'function') decode = options.decodeURIComponent;
    const customDecode = decode !== unescape;
    const plusChar = customDecode ? '%20' : ' ';
    let lastPos = 0, sepIdx = 0, eqIdx = 0, key = '', value = '';
    let keyEncoded = customDecode, valEncoded = customDecode, encodeCheck = 0;
    for (let i = 0; i < str.length; ++i) {
      const code = str.charCodeAt(i);
      if (code === sepCodes[sepIdx]) {
        if (++sepIdx === sepLen) {
          const end = i - sepIdx + 1;
          if (eqIdx < eqLen) {
            if (lastPos < end) key += str.slice(lastPos, end);
            else if (key.length === 0) {
              if (--pairs === 0) return obj;
              lastPos = i + 1;
              sepIdx = eqIdx = 0;
              continue;
            }
          } else if (lastPos < end) {
            value += str.slice(lastPos, end);
          }
          addKeyVal(obj, key, value, keyEncoded, valEncoded, decode);
          if (--pairs === 0) return obj;
          keyEncoded = valEncoded = customDecode;
          key = value = '';
          encodeCheck = 0;
          lastPos = i + 1;
          sepIdx = eqIdx = 0;
        }
      } else {
        sepIdx = 0;
        if (eqIdx < eqLen) {
          if (code === eqCodes[eqIdx]) {
            if (++eqIdx === eqLen) {
              const end = i - eqIdx + 1;
              if (lastPos < end) key += str.slice(lastPos, end);
              encodeCheck = 0;
              lastPos = i + 1;
            }
            continue;
          } else {
            eqIdx = 0;
            if (!keyEncoded) {
              if (code === 37) { encodeCheck = 1; continue; } else if (encodeCheck > 0) {
                if (isHex(code)) { if (++encodeCheck === 3) keyEncoded = true; continue; } else encodeCheck = 0;
              }
            }
          }
          if (code === 43) {
            if (lastPos < i) key += str.slice(lastPos, i);
            key += plusChar;
            lastPos = i + 1;
            continue;
          }
        }
        if (code === 43) {
          if (lastPos < i) value += str.slice(lastPos, i);
          value += plusChar;
          lastPos = i + 1;
        } else if (!valEncoded) {
          if (code === 37) encodeCheck = 1;
          else if (encodeCheck > 0) {
            if (isHex(code)) { if (++encodeCheck === 3) valEncoded = true; } else encodeCheck = 0;
          }
        }
      }
    }
    if (lastPos < str.length) {
      if (eqIdx < eqLen) key += str.slice(lastPos);
      else if (sepIdx < sepLen) value += str.slice(lastPos);
    } else if (eqIdx === 0 && key.length === 0) {
      return obj;
    }
    addKeyVal(obj, key, value, keyEncoded, valEncoded, decode);
    return obj;
  }

  const qs = { unescapeBuffer, unescape, escape, stringify, encode: stringify, parse, decode: parse };
  return qs;
})
