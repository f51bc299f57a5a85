// querystring with real-world payloads: form posts, OAuth params, arrays, unicode.
function lambda(input, callback) {
  const qs = require('querystring');
  const form = 'grant_type=client_credentials&scope=read%20write&client_id=abc%2B123&redirect_uri=https%3A%2F%2Fe.com%2Fcb%3Fx%3D1&state=%7B%22a%22%3A1%7D';
  const parsed = qs.parse(form);
  callback(null, {
    parsed: Object.assign({}, parsed), again: qs.stringify(parsed),
    nested: qs.stringify({ arr: ['a b', 'c&d', ''], obj: { toString() { return 'x'; } }, n: [1, 2n, false] }),
    unicodeKeys: Object.assign({}, qs.parse('%C3%A9=%F0%9F%8E%89&%E2%9C%93')),
    semicolons: Object.assign({}, qs.parse('a=1;b=2', ';')),
    plusInKey: Object.assign({}, qs.parse('a+b=c+d&e%2Bf=g%2Bh')),
    malformedMixed: Object.assign({}, qs.parse('a=%E0%A4%A&b=%41%E0%A4%A')),
  });
}
