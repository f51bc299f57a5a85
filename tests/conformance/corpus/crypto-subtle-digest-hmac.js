// crypto.subtle (global and require('crypto').webcrypto): digest and HMAC import/sign/verify/export,
// resolved as ArrayBuffers; unknown algorithms rejected with NotSupportedError.
async function lambda(input, callback) {
  const { webcrypto } = require('crypto');
  const subtle = crypto.subtle;
  const hex = (ab) => [ab instanceof ArrayBuffer, Buffer.from(ab).toString('hex')];
  const data = new TextEncoder().encode('The quick brown fox');
  const out = { same: subtle === webcrypto.subtle };
  for (const h of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']) out[h] = hex(await subtle.digest(h, data));
  out.objectName = hex(await subtle.digest({ name: 'sha-256' }, Buffer.from('')));
  const key = await subtle.importKey('raw', Buffer.from('key'), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
  out.key = [key.type, key.extractable, key.algorithm.name, key.algorithm.hash.name, key.algorithm.length, key.usages];
  const mac = await subtle.sign('HMAC', key, data);
  out.mac = hex(mac);
  out.verify = [await subtle.verify('HMAC', key, mac, data), await subtle.verify({ name: 'HMAC' }, key, new Uint8Array(32), data)];
  out.raw = hex(await subtle.exportKey('raw', key));
  const k512 = await subtle.importKey('jwk', { kty: 'oct', k: 'c2VjcmV0LWtleQ', alg: 'HS512' }, { name: 'HMAC', hash: { name: 'SHA-512' } }, false, ['sign']);
  out.jwkMac = hex(await subtle.sign('HMAC', k512, Buffer.from('payload')));
  const err = async (p) => { try { await p; return 'resolved'; } catch (e) { return e.name; } };
  out.errors = [await err(subtle.digest('SHA-999', data)), await err(subtle.digest('MD5', data)), await err(subtle.exportKey('raw', k512))];
  callback(null, out);
}
