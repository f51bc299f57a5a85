// Random APIs: shapes, ranges and lengths (values differ per run, so only their properties).
function lambda(input, callback) {
  const crypto = require('crypto');
  const ints = Array.from({ length: 200 }, () => crypto.randomInt(5, 10));
  const buf = Buffer.alloc(16);
  crypto.randomFillSync(buf, 4, 8);
  const arr = new Uint32Array(4);
  crypto.getRandomValues(arr);
  crypto.randomBytes(8, (err, b) => {
    callback(null, {
      bytes: crypto.randomBytes(32).length, hexLen: crypto.randomBytes(7).toString('hex').length,
      intRange: ints.every((n) => n >= 5 && n < 10 && Number.isInteger(n)), intMax: crypto.randomInt(1) === 0,
      uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()),
      fillKeepsEdges: [buf[0], buf[1], buf[2], buf[3], buf[12], buf[13], buf[14], buf[15]],
      arr: arr.length, cb: [err, b.length],
      webcrypto: typeof globalThis.crypto.getRandomValues,
      tse: [crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abc')), crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abd'))],
      tseErr: (() => { try { crypto.timingSafeEqual(Buffer.from('a'), Buffer.from('ab')); } catch (e) { return e.name; } })(),
      hashes: ['md5', 'sha1', 'sha256', 'sha384', 'sha512'].every((h) => crypto.getHashes().includes(h)),
    });
  });
}
