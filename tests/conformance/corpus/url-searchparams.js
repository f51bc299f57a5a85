// URLSearchParams encoding rules (application/x-www-form-urlencoded), iteration and mutation.
function lambda(input, callback) {
  const p = new URLSearchParams();
  p.append('sp ace', 'a+b c');
  p.append('sym', "!'()*~-._");
  p.append('uni', 'é✓🎉');
  p.append('amp', 'a&b=c');
  p.append('dup', '1');
  p.append('dup', '2');
  const before = p.toString();
  p.set('dup', '3');
  p.delete('sym');
  const parsed = new URLSearchParams('a=1&a=2&b=%zz&c=%2B+&=empty&d');
  const u = new URL('https://e.com/p?x=1#h');
  u.searchParams.append('y', 'z w');
  callback(null, {
    before, after: p.toString(), keys: [...p.keys()], values: [...p.values()], size: p.size,
    parsed: [...parsed], getAll: parsed.getAll('a'), get: [parsed.get('b'), parsed.get('c'), parsed.get(''), parsed.get('d'), parsed.get('nope')],
    url: u.href, search: u.search, fromUrl: [...new URL('http://x/?q=%20a+b').searchParams],
    forEach: (() => { const out = []; parsed.forEach((v, k) => out.push(k + '=' + v)); return out; })(),
    hasValue: parsed.has('a'), str: String(new URLSearchParams({ a: 'b c' })),
  });
}
