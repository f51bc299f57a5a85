// Digests of large inputs (1 MiB) and of many small updates.
function lambda(input, callback) {
  const crypto = require('crypto');
  const big = Buffer.alloc(1 << 20);
  for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
  const many = crypto.createHash('sha512');
  for (let i = 0; i < 5000; i++) many.update('chunk-' + i);
  callback(null, {
    big: ['md5', 'sha1', 'sha256', 'sha384', 'sha512'].map((a) => crypto.createHash(a).update(big).digest('hex')),
    many: many.digest('base64'), hmacBig: crypto.createHmac('sha256', big.subarray(0, 1000)).update(big).digest('hex'),
  });
}
