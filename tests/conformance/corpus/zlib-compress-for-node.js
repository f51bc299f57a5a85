// The function compresses; the runner decompresses fnhost's and Node's output with Node's zlib
// (post) so both must carry the same content.
exports.post = (r, require) => {
  const zlib = require('zlib');
  const b = (s) => Buffer.from(s, 'base64');
  return {
    gzip: zlib.gunzipSync(b(r.gzip)).toString(), deflate: zlib.inflateSync(b(r.deflate)).toString(),
    raw: zlib.inflateRawSync(b(r.raw)).toString(), l0: zlib.gunzipSync(b(r.l0)).toString(),
    l1: zlib.gunzipSync(b(r.l1)).toString(), l9: zlib.gunzipSync(b(r.l9)).toString(),
    empty: zlib.gunzipSync(b(r.empty)).length, binary: zlib.inflateSync(b(r.binary)).toString('hex'),
    big: zlib.gunzipSync(b(r.big)).length, header: r.header, gzipMagic: r.gzipMagic,
  };
};
function lambda(input, callback) {
  const zlib = require('zlib');
  const text = 'fnhost compresses this for Node: ' + 'abc123 '.repeat(200) + 'ünïcödé ✓';
  const binary = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) & 255));
  const big = Buffer.alloc(300000, 'lorem ipsum ');
  const e = (x) => x.toString('base64');
  callback(null, {
    gzip: e(zlib.gzipSync(text)), deflate: e(zlib.deflateSync(text)), raw: e(zlib.deflateRawSync(text)),
    l0: e(zlib.gzipSync(text, { level: 0 })), l1: e(zlib.gzipSync(text, { level: 1 })), l9: e(zlib.gzipSync(text, { level: 9 })),
    empty: e(zlib.gzipSync(Buffer.alloc(0))), binary: e(zlib.deflateSync(binary)), big: e(zlib.gzipSync(big)),
    header: Array.from(zlib.gzipSync('x').subarray(0, 10)), gzipMagic: zlib.deflateSync('x')[0],
  });
}
