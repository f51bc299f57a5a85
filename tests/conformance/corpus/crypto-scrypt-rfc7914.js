// scrypt: the RFC 7914 §12 test vectors (the 1 GiB one left out), sync and callback forms.
function lambda(input, callback) {
  const crypto = require('crypto');
  const out = {
    v1: crypto.scryptSync('', '', 64, { N: 16, r: 1, p: 1 }).toString('hex'),
    v2: crypto.scryptSync('password', 'NaCl', 64, { N: 1024, r: 8, p: 16 }).toString('hex'),
    v3: crypto.scryptSync(Buffer.from('pleaseletmein'), Buffer.from('SodiumChloride'), 64, { cost: 16384, blockSize: 8, parallelization: 1 }).toString('hex'),
  };
  crypto.scrypt('password', 'NaCl', 64, { N: 1024, r: 8, p: 16 }, (err, key) => {
    out.callback = err ? [err.name, err.code] : key.toString('hex') === out.v2;
    callback(null, out);
  });
}
