// WHATWG URL and URLSearchParams edge cases.
function lambda(input, callback) {
  const u = new URL('https://user:p%40ss@EXAMPLE.com:443/a/./b/../c?x=1&y=%20z#Frag');
  const p = new URLSearchParams('b=2&a=1&a=3&c=%26&d=e+f');
  p.sort();
  const q = new URL('http://h.test/?q=1');
  q.searchParams.set('q', 'a b&c');
  q.searchParams.append('r', '✓');
  q.hash = 'h';
  q.pathname = '/new path';
  const bad = (s) => { try { new URL(s); return 'ok'; } catch (e) { return [e.name, e.code]; } };
  callback(null, {
    parts: [u.href, u.protocol, u.username, u.password, u.host, u.hostname, u.port, u.pathname, u.search, u.hash, u.origin],
    sorted: p.toString(), getAll: p.getAll('a'), has: [p.has('c'), p.has('z')], entries: Array.from(p.entries()),
    mutated: q.href, json: JSON.stringify({ q }),
    relative: [new URL('../x?y#z', 'http://a.com/b/c/d').href, new URL('//other.com/p', 'https://a.com').href, new URL('?only', 'http://a.com/p').href],
    ipv4: new URL('http://0x7f.1/').hostname, port: [new URL('http://a.com:80/').port, new URL('ftp://a.com:21/').host],
    idn: new URL('http://münchen.de/').hostname,
    bad: [bad('not a url'), bad('http://'), bad('http://a b.com')],
    params: [new URLSearchParams({ a: 1, b: [1, 2] }).toString(), new URLSearchParams([['x', 'y'], ['x', 'z']]).toString(), new URLSearchParams('?a=%zz').get('a')],
  });
}
