// Callback and promisified forms, in order, with string input.
function lambda(input, callback) {
  const zlib = require('zlib');
  const util = require('util');
  const order = [];
  zlib.deflate('callback form', (err, buf) => {
    order.push('deflate');
    zlib.inflate(buf, async (err2, out) => {
      order.push('inflate:' + out.toString());
      const gz = await util.promisify(zlib.gzip)('promisified');
      const back = await util.promisify(zlib.gunzip)(gz);
      zlib.gunzip(Buffer.from('junk'), (err3) => {
        order.push(err3.code);
        callback(null, { order, back: back.toString(), errs: [err, err2], constants: [zlib.constants.Z_BEST_COMPRESSION, zlib.constants.Z_DATA_ERROR, zlib.Z_DEFAULT_COMPRESSION] });
      });
    });
  });
  order.push('sync first');
}
