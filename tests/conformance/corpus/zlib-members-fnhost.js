// fnhost-made gzip members concatenated, unzip of both formats, and compression of strings.
exports.post = (r, require) => {
  const zlib = require('zlib');
  return { members: zlib.gunzipSync(Buffer.from(r.members, 'base64')).toString(), local: r.local };
};
function lambda(input, callback) {
  const zlib = require('zlib');
  const members = Buffer.concat([zlib.gzipSync('part one, '), zlib.gzipSync('part two, '), zlib.gzipSync('✓')]);
  callback(null, {
    members: members.toString('base64'),
    local: [zlib.gunzipSync(members).toString(), zlib.unzipSync(zlib.deflateSync('via unzip')).toString(), zlib.unzipSync(zlib.gzipSync('gz via unzip')).toString(),
      zlib.inflateRawSync(zlib.deflateRawSync('')).length, zlib.gunzipSync(Buffer.concat([zlib.gzipSync('x'), Buffer.from([0, 0, 0])])).toString()],
  });
}
