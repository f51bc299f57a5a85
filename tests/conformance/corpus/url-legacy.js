// Legacy url.parse / url.format / url.resolve, as functions written for Node 14 use them.
function lambda(input, callback) {
  const url = require('url');
  const p = url.parse('https://user:pw@sub.example.com:8080/p/a/t/h?query=string&a=1#hash', true);
  callback(null, {
    parsed: { protocol: p.protocol, auth: p.auth, host: p.host, port: p.port, hostname: p.hostname, hash: p.hash, search: p.search, query: p.query, pathname: p.pathname, path: p.path, href: p.href },
    noQuery: url.parse('http://a.com/x?y=1').query,
    format: url.format({ protocol: 'https', hostname: 'example.com', pathname: '/some/path', query: { page: 1, format: 'json' } }),
    resolve: [url.resolve('/one/two/three', 'four'), url.resolve('http://example.com/', '/one'), url.resolve('http://example.com/one', '/two')],
  });
}
