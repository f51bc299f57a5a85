// uuid 8.3.2: v1 with fixed clock fields, v3/v5 name-based, v4 with fixed random bytes, helpers.
function lambda(input, callback) {
  const uuid = require('uuid');
  const v1 = uuid.v1({ node: [0x01, 0x23, 0x45, 0x67, 0x89, 0xab], clockseq: 0x1234, msecs: new Date('2011-11-01T00:00:00Z').getTime(), nsecs: 5678 });
  const rnd = [0x10, 0x91, 0x56, 0xbe, 0xc4, 0xfb, 0xc1, 0xea, 0x71, 0xb4, 0xef, 0xe1, 0x67, 0x1c, 0x58, 0x36];
  const buf = Buffer.alloc(20);
  uuid.v4({ random: rnd }, buf, 2);
  callback(null, {
    v1, v1version: uuid.version(v1),
    v3dns: uuid.v3('hello.example.com', uuid.v3.DNS), v3url: uuid.v3('http://example.com/hello', uuid.v3.URL),
    v5dns: uuid.v5('hello.example.com', uuid.v5.DNS), v5custom: uuid.v5('Hello, World!', '1b671a64-40d5-491e-99b0-da01ff1f3341'),
    v5bytes: uuid.v5([104, 105], uuid.v5.URL),
    v4fixed: uuid.v4({ random: rnd }), v4buf: Array.from(buf),
    v4shape: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid.v4()),
    v4unique: uuid.v4() !== uuid.v4(),
    v1shape: /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid.v1()),
    validate: [uuid.validate(v1), uuid.validate('not-a-uuid'), uuid.validate(uuid.NIL)],
    parse: Array.from(uuid.parse('6ba7b810-9dad-11d1-80b4-00c04fd430c8')),
    stringify: uuid.stringify(uuid.parse('6ba7b810-9dad-11d1-80b4-00c04fd430c8')),
    nil: uuid.NIL,
  });
}
