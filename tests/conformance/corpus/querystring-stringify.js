// querystring.stringify / escape / unescape: value types, arrays, custom encoders, unicode.
function lambda(input, callback) {
  const qs = require('querystring');
  callback(null, {
    types: qs.stringify({ a: [1, 2], b: true, c: null, d: undefined, e: {}, f: NaN, g: 'é ~*\'()!', h: 1e21, i: -0, j: Infinity, k: [], l: '' }),
    seps: qs.stringify({ w: '%20', x: 'y z' }, ';', ':'),
    custom: qs.stringify({ a: 'b c', n: 5 }, null, null, { encodeURIComponent: (s) => '<' + s + '>' }),
    nonObject: [qs.stringify('str'), qs.stringify(null), qs.stringify(42)],
    unicode: qs.stringify({ '你好': '🎉', 'a&b': 'c=d' }),
    escape: [qs.escape('a b&c/d?e'), qs.escape(123), qs.escape({ toString() { return 'x y'; } })],
    unescape: [qs.unescape('%41+%zz'), qs.unescape('%E4%BD%A0'), qs.unescape('%E4%BD'), qs.unescapeBuffer('a+%41%2').toString()],
    surrogate: (() => { try { return qs.escape('\uD800'); } catch (e) { return [e.name, e.message]; } })(),
    encodeAlias: qs.encode({ a: 1 }),
    roundTrip: JSON.parse(JSON.stringify(qs.parse(qs.stringify({ x: ['1', '2'], y: 'a b&c' })))),
  });
}
