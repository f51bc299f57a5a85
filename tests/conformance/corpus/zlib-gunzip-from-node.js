// Data gzipped/deflated by Node's zlib (at the runner) is decompressed by the function.
exports.payload = (require) => {
  const zlib = require('zlib');
  const text = 'The quick brown fox jumps over the lazy dog. '.repeat(50) + 'héllo wörld ✓ 🎉';
  return {
    gzip: zlib.gzipSync(text).toString('base64'),
    gzip9: zlib.gzipSync(text, { level: 9 }).toString('base64'),
    deflate: zlib.deflateSync(text).toString('base64'),
    raw: zlib.deflateRawSync(text, { level: 1 }).toString('base64'),
    stored: zlib.deflateSync(text, { level: 0 }).toString('base64'),
    empty: zlib.gzipSync('').toString('base64'),
    members: Buffer.concat([zlib.gzipSync('first '), zlib.gzipSync('second')]).toString('base64'),
  };
};
function lambda(input, callback) {
  const zlib = require('zlib');
  const p = input.payload;
  const b = (s) => Buffer.from(s, 'base64');
  callback(null, {
    gzip: zlib.gunzipSync(b(p.gzip)).toString(), gzip9: zlib.gunzipSync(b(p.gzip9)).toString().length,
    deflate: zlib.inflateSync(b(p.deflate)).toString().slice(-20), raw: zlib.inflateRawSync(b(p.raw)).toString().length,
    stored: zlib.inflateSync(b(p.stored)).toString().length, empty: zlib.gunzipSync(b(p.empty)).length,
    unzipGzip: zlib.unzipSync(b(p.gzip)).length, unzipDeflate: zlib.unzipSync(b(p.deflate)).length,
    members: zlib.gunzipSync(b(p.members)).toString(),
  });
}
