// Every level and format Node produces, decompressed by the function (binary and text).
exports.payload = (require) => {
  const zlib = require('zlib');
  const bin = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * i + (i >> 3)) & 255));
  const out = {};
  for (let level = 0; level <= 9; level++) {
    out['gz' + level] = zlib.gzipSync(bin, { level }).toString('base64');
    out['raw' + level] = zlib.deflateRawSync(bin, { level }).toString('base64');
  }
  out.huffman = zlib.deflateSync(bin, { strategy: zlib.constants.Z_HUFFMAN_ONLY }).toString('base64');
  out.rle = zlib.deflateSync(bin, { strategy: zlib.constants.Z_RLE, memLevel: 9, windowBits: 9 }).toString('base64');
  out.big = zlib.gzipSync(Buffer.alloc(1 << 20, 'abc')).toString('base64');
  return out;
};
function lambda(input, callback) {
  const zlib = require('zlib');
  const crypto = require('crypto');
  const p = input.payload;
  const sum = (b) => crypto.createHash('sha1').update(b).digest('hex');
  const out = {};
  for (const k of Object.keys(p)) {
    const buf = Buffer.from(p[k], 'base64');
    const plain = k.startsWith('raw') ? zlib.inflateRawSync(buf) : k.startsWith('gz') || k === 'big' ? zlib.gunzipSync(buf) : zlib.inflateSync(buf);
    out[k] = [plain.length, sum(plain)];
  }
  callback(null, out);
}
