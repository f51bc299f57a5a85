// uuid v4 with a custom rng, and validate/version over many shapes.
function lambda(input, callback) {
  const uuid = require('uuid');
  let seed = 7;
  const rng = () => { const b = new Array(16); for (let i = 0; i < 16; i++) { seed = (seed * 1103515245 + 12345) & 0x7fffffff; b[i] = seed & 255; } return b; };
  const ids = [uuid.v4({ rng }), uuid.v4({ rng }), uuid.v4({ rng })];
  const shapes = ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-1fff-bfff-ffffffffffff', '6BA7B810-9DAD-11D1-80B4-00C04FD430C8', '6ba7b810-9dad-61d1-80b4-00c04fd430c8', '6ba7b8109dad11d180b400c04fd430c8', '6ba7b810-9dad-11d1-c0b4-00c04fd430c8', ''];
  callback(null, { ids, validate: shapes.map(uuid.validate), versions: shapes.filter(uuid.validate).map(uuid.version) });
}
