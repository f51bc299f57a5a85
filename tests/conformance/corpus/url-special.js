// URL parsing of special and non-special schemes, encodings of path/query/hash, and setters.
function lambda(input, callback) {
  const show = (s, base) => { try { const u = new URL(s, base); return [u.href, u.protocol, u.host, u.pathname, u.search, u.hash]; } catch (e) { return e.code; } };
  const u = new URL('https://example.com/');
  u.pathname = '/a b/ü';
  u.search = 'q=a b&r=ü';
  u.hash = 'frag ment';
  const v = new URL('http://example.com:8080/x');
  v.port = '80';
  v.host = 'other.org:9090';
  v.protocol = 'https';
  callback(null, {
    cases: [show('file:///etc/passwd'), show('mailto:a@b.c'), show('data:text/plain,hi'), show('HTTP://EXAMPLE.COM/A/../B'), show('https://a.com:443'), show('http://[::1]:8080/p'), show('http://user@host.com'), show('https://host.com/p?#'), show('path/only', 'https://base.com/dir/file'), show('https://xn--mnchen-3ya.de/'), show('https://ex.com/%7Efoo/%zz')],
    encoded: [u.href, u.pathname, u.search, u.hash],
    setters: [v.href, v.port],
    toString: String(new URL('https://a.com/x?y=1')),
    canParse: typeof URL.canParse === 'function' ? [URL.canParse('https://a.com'), URL.canParse('nope')] : 'absent',
  });
}
