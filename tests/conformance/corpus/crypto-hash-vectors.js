// Digest test vectors (FIPS 180 "abc", empty string, the million-'a' is too slow: 1000 'a').
function lambda(input, callback) {
  const crypto = require('crypto');
  const out = {};
  for (const alg of ['md5', 'sha1', 'sha256', 'sha384', 'sha512']) {
    out[alg] = [crypto.createHash(alg).update('abc').digest('hex'), crypto.createHash(alg).update('').digest('base64'),
      crypto.createHash(alg).update('a'.repeat(1000)).digest('hex'),
      crypto.createHash(alg.toUpperCase()).update('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq').digest('hex')];
  }
  const h = crypto.createHash('sha256').update('part one, ');
  const copy = h.copy();
  out.copy = [h.update('two').digest('hex'), copy.update('three').digest('hex')];
  out.latin1 = crypto.createHash('sha1').update('\u00e9\u00ff', 'latin1').digest('hex');
  out.utf8 = crypto.createHash('sha1').update('\u00e9\u00ff').digest('hex');
  out.hexIn = crypto.createHash('md5').update('deadbeef', 'hex').digest('hex');
  out.bufferOut = Array.from(crypto.createHash('md5').update('x').digest()).slice(0, 4);
  out.base64url = crypto.createHash('sha256').update('fnhost').digest('base64url');
  callback(null, out);
}
