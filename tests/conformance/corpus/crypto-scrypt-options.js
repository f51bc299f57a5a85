// scrypt with Node's defaults (N=16384, r=8, p=1, maxmem 32 MiB), other key lengths, and Node's
// errors: the memory limit, N not a power of two, N with cost, bad keylen, no callback.
function lambda(input, callback) {
  const crypto = require('crypto');
  const t = (f) => { try { const v = f(); return Buffer.isBuffer(v) ? v.toString('hex') : v; } catch (e) { return [e.name, e.code, e.message]; } };
  const out = {
    defaults: t(() => crypto.scryptSync('secret', 'salt', 32)),
    long: t(() => crypto.scryptSync('secret', 'salt', 100, { N: 256 })),
    short: t(() => crypto.scryptSync('secret', 'salt', 1, { N: 256 })),
    zero: t(() => crypto.scryptSync('secret', 'salt', 0, { N: 256 })),
    typed: t(() => crypto.scryptSync(new Uint8Array([1, 2, 3]), new Uint8Array([4]), 16, { N: 2, r: 1, p: 2 })),
    maxmemExact: t(() => crypto.scryptSync('a', 'b', 8, { N: 1024, r: 8, maxmem: 128 * 8 * 1026 + 1024 })),
    maxmemShort: t(() => crypto.scryptSync('a', 'b', 8, { N: 1024, r: 8, maxmem: 128 * 8 * 1026 + 1023 })),
    tooBig: t(() => crypto.scryptSync('a', 'b', 64, { N: 2 ** 20 })),
    notPow2: t(() => crypto.scryptSync('a', 'b', 64, { N: 3 })),
    both: t(() => crypto.scryptSync('a', 'b', 64, { N: 1024, cost: 1024 })),
    negative: t(() => crypto.scryptSync('a', 'b', -1)),
    noCallback: t(() => crypto.scrypt('a', 'b', 64)),
  };
  crypto.scrypt('secret', 'salt', 16, (err, key) => {
    out.asyncDefaults = err ? String(err) : key.toString('hex');
    callback(null, out);
  });
}
