// Binary data compressed by the function in every format and level; Node decompresses (post).
exports.post = (r, require) => {
  const zlib = require('zlib');
  const crypto = require('crypto');
  const sum = (b) => crypto.createHash('sha1').update(b).digest('hex');
  const out = {};
  for (const k of Object.keys(r)) {
    const buf = Buffer.from(r[k], 'base64');
    const plain = k.startsWith('raw') ? zlib.inflateRawSync(buf) : k.startsWith('gz') ? zlib.gunzipSync(buf) : zlib.inflateSync(buf);
    out[k] = [plain.length, sum(plain)];
  }
  return out;
};
function lambda(input, callback) {
  const zlib = require('zlib');
  const bin = Buffer.from(Array.from({ length: 70000 }, (_, i) => (i * 31 + (i >> 5) * 17) & 255));
  const out = {};
  for (let level = 0; level <= 9; level++) {
    out['gz' + level] = zlib.gzipSync(bin, { level }).toString('base64');
    out['raw' + level] = zlib.deflateRawSync(bin, { level }).toString('base64');
    out['z' + level] = zlib.deflateSync(bin, { level }).toString('base64');
  }
  out.gzMinus1 = zlib.gzipSync(bin, { level: -1 }).toString('base64');
  callback(null, out);
}
