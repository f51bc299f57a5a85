// Regular expressions: flags, lookbehind, named groups, sticky, unicode sets, lastIndex.
function lambda(input, callback) {
  const re = /a(?<n>\d)/gy;
  const seq = [];
  let m;
  while ((m = re.exec('a1a2b3a4')) !== null) seq.push([m[0], m.groups.n, re.lastIndex]);
  callback(null, {
    seq, lookbehind: 'price: $42, €7'.match(/(?<=\$)\d+/)[0], negLookbehind: 'x1 y2 x3'.match(/(?<!x)\d/g),
    dotAll: /a.b/s.test('a\nb'), unicode: ['😀'.match(/./gu).length, '😀'.match(/./g).length], flags: /x/gimsuy.flags,
    replace: 'John Smith'.replace(/(?<first>\w+)\s(?<last>\w+)/, '$<last>, $<first>'), special: 'aaa'.replace(/a/g, '$&$&'), dollar: 'x'.replace('x', '$$'),
    split: 'a1b2c3'.split(/(\d)/), escapes: /[\w-]+@[\w.]+/.exec('mail: a-b@c.d.e!')[0], backref: /(\w)\1/.exec('abccd')[0],
    source: [new RegExp('a/b').source, String(new RegExp('\n'))],
    catastrophicSafe: /^(a+)+$/.test('aaaaaaaaaaaaaaaaaaaaaaab'.slice(0, 16)),
  });
}
