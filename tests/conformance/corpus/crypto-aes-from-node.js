// Ciphertexts made by Node's OpenSSL (at the runner) opened by the function.
exports.payload = (require) => {
  const crypto = require('crypto');
  const out = {};
  for (const mode of ['cbc', 'ctr', 'gcm', 'ecb']) {
    for (const bits of [128, 192, 256]) {
      const alg = `aes-${bits}-${mode}`;
      const key = Buffer.alloc(bits / 8, bits + mode.length);
      const iv = mode === 'ecb' ? null : Buffer.alloc(mode === 'gcm' ? 12 : 16, 5);
      const c = crypto.createCipheriv(alg, key, iv);
      if (mode === 'gcm') c.setAAD(Buffer.from('aad'));
      const ct = Buffer.concat([c.update('message for ' + alg + ' ✓ '.repeat(bits / 64)), c.final()]);
      out[alg] = { ct: ct.toString('base64'), tag: mode === 'gcm' ? c.getAuthTag().toString('base64') : null };
    }
  }
  return out;
};
function lambda(input, callback) {
  const crypto = require('crypto');
  const out = {};
  for (const alg of Object.keys(input.payload)) {
    const [, bits, mode] = alg.split('-');
    const d = crypto.createDecipheriv(alg, Buffer.alloc(bits / 8, Number(bits) + mode.length), mode === 'ecb' ? null : Buffer.alloc(mode === 'gcm' ? 12 : 16, 5));
    if (mode === 'gcm') { d.setAAD(Buffer.from('aad')); d.setAuthTag(Buffer.from(input.payload[alg].tag, 'base64')); }
    out[alg] = d.update(input.payload[alg].ct, 'base64', 'utf8') + d.final('utf8');
  }
  callback(null, out);
}
