// base64/base64url decoding leniency and encoding of lengths 0..7.
function lambda(input, callback) {
  const inputs = ['', 'Zg', 'Zg=', 'Zg==', 'Zg===', 'Zm9v', 'Zm9vYg', 'Zm9vYmE=', 'Zm 9v\nYm\tFy', 'Zm9v*YmFy', '=Zm9v', 'Zm9v=YmFy', '-_-_', '+/+/', 'Z', 'Zm9vY'];
  callback(null, {
    decoded: inputs.map((s) => Buffer.from(s, 'base64').toString('hex')),
    decodedUrl: inputs.map((s) => Buffer.from(s, 'base64url').toString('hex')),
    encoded: [0, 1, 2, 3, 4, 5, 6, 7].map((n) => { const b = Buffer.alloc(n, 0xfb); return [b.toString('base64'), b.toString('base64url')]; }),
    byteLength: inputs.map((s) => Buffer.byteLength(s, 'base64')),
  });
}
