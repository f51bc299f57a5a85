// querystring.parse edge cases: repeats, empty pairs, +, malformed %, maxKeys, custom separators.
function lambda(input, callback) {
  const qs = require('querystring');
  const cases = ['a=1&a=2&b&&c=%zz&d=%E2%82&e=a+b', '=', 'a', '&=&', '%=%', 'a=b=c', 'foo=bar&baz=qux&baz=quux&corge=', '%E4%BD%A0%E5%A5%BD=%F0%9F%8E%89', 'a%20b=c%2Bd', 'x=%41%42%4', '+a+=+b+', '&&&', 'a[]=1&a[]=2', 'toString=1&__proto__=2&hasOwnProperty=3', 'a=%ZZ%41'];
  const plain = (o) => JSON.parse(JSON.stringify(o));
  callback(null, {
    parsed: cases.map((c) => plain(qs.parse(c))),
    proto: Object.getPrototypeOf(qs.parse('a=1')) === null,
    maxKeys: [plain(qs.parse('a=1&b=2&c=3', null, null, { maxKeys: 2 })), Object.keys(qs.parse(Array.from({ length: 1200 }, (_, i) => 'k' + i + '=1').join('&'))).length, Object.keys(qs.parse(Array.from({ length: 1200 }, (_, i) => 'k' + i + '=1').join('&'), null, null, { maxKeys: 0 })).length],
    seps: [plain(qs.parse('a:1;b:2', ';', ':')), plain(qs.parse('a==>1<>b==>2', '<>', '==>'))],
    customDecode: plain(qs.parse('a=%41+b&c=d', null, null, { decodeURIComponent: (s) => s.toUpperCase() })),
    decodeAlias: plain(qs.decode('x=1')),
    nonString: [plain(qs.parse(undefined)), plain(qs.parse(''))],
  });
}
