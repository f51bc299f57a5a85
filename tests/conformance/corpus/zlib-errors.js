// zlib errors carry Node's message, code and errno.
function lambda(input, callback) {
  const zlib = require('zlib');
  const t = (f) => { try { f(); return 'no error'; } catch (e) { return { name: e.name, message: e.message, code: e.code, errno: e.errno }; } };
  const gz = zlib.gzipSync('hello hello hello hello');
  const z = zlib.deflateSync('hello hello hello hello');
  callback(null, {
    notGzip: t(() => zlib.gunzipSync(Buffer.from('hello world, not gzip'))),
    notZlib: t(() => zlib.inflateSync(Buffer.from('hello world, not zlib'))),
    truncatedGzip: t(() => zlib.gunzipSync(gz.subarray(0, gz.length - 6))),
    truncatedZlib: t(() => zlib.inflateSync(z.subarray(0, 6))),
    emptyGunzip: t(() => zlib.gunzipSync(Buffer.alloc(0))),
    badCrc: t(() => { const b = Buffer.from(gz); b[b.length - 6] ^= 0xff; zlib.gunzipSync(b); }),
    maxOutput: t(() => zlib.inflateSync(zlib.deflateSync(Buffer.alloc(1000)), { maxOutputLength: 10 })).code,
    badLevel: t(() => zlib.gzipSync('x', { level: 11 })).code,
    badArg: t(() => zlib.gzipSync(42)).code,
  });
}
