// AES-CBC/ECB (128/192/256): NIST SP 800-38A vector, every padding length, chunked updates,
// output encodings split across update/final, auto-padding off, and the errors.
function lambda(input, callback) {
  const crypto = require('crypto');
  const k128 = Buffer.from('2b7e151628aed2a6abf7158809cf4f3c', 'hex');
  const iv = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
  const nist = crypto.createCipheriv('aes-128-cbc', k128, iv).setAutoPadding(false);
  const vector = nist.update('6bc1bee22e409f96e93d7e117393172a', 'hex', 'hex') + nist.final('hex');
  const enc = (alg, key, ivv, text) => { const c = crypto.createCipheriv(alg, key, ivv); return Buffer.concat([c.update(text), c.final()]); };
  const dec = (alg, key, ivv, data) => { const d = crypto.createDecipheriv(alg, key, ivv); return Buffer.concat([d.update(data), d.final()]); };
  const lengths = [];
  for (let n = 0; n <= 33; n++) lengths.push(enc('aes-256-cbc', Buffer.alloc(32, 7), iv, Buffer.alloc(n, n)).toString('hex'));
  const chunked = crypto.createCipheriv('aes-192-cbc', Buffer.alloc(24, 1), iv);
  const parts = ['héllo ', 'wörld, ', 'a bit longer chunk of text ✓', ''].map((p) => chunked.update(p, 'utf8', 'base64'));
  parts.push(chunked.final('base64'));
  const d2 = crypto.createDecipheriv('aes-192-cbc', Buffer.alloc(24, 1), iv);
  const cipherText = Buffer.from(parts.join(''), 'base64');
  const text = [d2.update(cipherText.subarray(0, 5), undefined, 'utf8'), d2.update(cipherText.subarray(5), undefined, 'utf8'), d2.final('utf8')];
  const t = (f) => { try { f(); return 'ok'; } catch (e) { return [e.name, e.code, e.message]; } };
  callback(null, {
    vector, lengths, parts, text,
    ecb: [enc('aes-128-ecb', k128, null, 'ecb mode text!!!').toString('hex'), dec('aes-128-ecb', k128, Buffer.alloc(0), enc('aes-128-ecb', k128, null, 'round trip')).toString()],
    roundTrip: dec('aes-256-cbc', Buffer.alloc(32, 9), iv, enc('aes-256-cbc', Buffer.alloc(32, 9), iv, 'round trip ✓')).toString(),
    stringKey: enc('aes-128-cbc', 'sixteen byte key', 'sixteen byte iv!', 'x').toString('hex'),
    errors: [
      t(() => crypto.createCipheriv('aes-128-cbc', Buffer.alloc(15), iv)), t(() => crypto.createCipheriv('aes-128-cbc', k128, Buffer.alloc(8))),
      t(() => crypto.createCipheriv('aes-128-xyz', k128, iv)), t(() => dec('aes-128-cbc', Buffer.alloc(16, 1), iv, enc('aes-128-cbc', k128, iv, 'secret'))),
      t(() => { const c = crypto.createCipheriv('aes-128-cbc', k128, iv).setAutoPadding(false); c.update('abc'); c.final(); }),
      t(() => dec('aes-128-cbc', k128, iv, Buffer.alloc(0))), t(() => dec('aes-128-cbc', k128, iv, Buffer.alloc(20))),
    ],
    ciphers: ['aes-128-cbc', 'aes-256-gcm', 'aes-192-ctr', 'aes-128-ecb'].every((c) => crypto.getCiphers().includes(c)),
  });
}
