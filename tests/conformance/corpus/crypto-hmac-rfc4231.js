// HMAC test vectors from RFC 4231 (SHA-2) and RFC 2202 (MD5, SHA-1).
function lambda(input, callback) {
  const crypto = require('crypto');
  const cases = [
    [Buffer.alloc(20, 0x0b), 'Hi There'],
    ['Jefe', 'what do ya want for nothing?'],
    [Buffer.alloc(20, 0xaa), Buffer.alloc(50, 0xdd)],
    [Buffer.alloc(131, 0xaa), 'Test Using Larger Than Block-Size Key - Hash Key First'],
    [Buffer.alloc(131, 0xaa), 'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.'],
  ];
  const out = {};
  for (const alg of ['md5', 'sha1', 'sha256', 'sha384', 'sha512']) {
    out[alg] = cases.map(([k, d]) => crypto.createHmac(alg, k).update(d).digest('hex'));
  }
  out.emptyKey = crypto.createHmac('sha256', '').update('x').digest('base64');
  callback(null, out);
}
