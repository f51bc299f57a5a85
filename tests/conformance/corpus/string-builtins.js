// String built-ins whose results the engine must match exactly (no Intl).
function lambda(input, callback) {
  const s = 'Straße İstanbul ǅ ﬁ 𝒳';
  callback(null, {
    upper: s.toUpperCase(), lower: s.toLowerCase(), normalize: ['é'.normalize('NFD').length, 'é'.normalize('NFC').length, 'ﬁ'.normalize('NFKC')],
    pad: ['5'.padStart(3, '0'), 'ab'.padEnd(5, 'xy')], at: ['abc'.at(-1), [1, 2].at(-1)], codePoints: Array.from('a🎉b').map((c) => c.codePointAt(0)),
    replaceAll: 'a.b.c'.replaceAll('.', '/'), split: ['a,b,,c'.split(','), 'abc'.split(''), 'a1b2c3'.split(/\d/), 'test'.split('', 2)],
    regex: ['2021-03-04'.match(/(\d+)-(\d+)-(\d+)/).slice(1), 'aBc'.replace(/b/i, (m) => `[${m}]`), [...'a1b22c333'.matchAll(/\d+/g)].map((m) => [m[0], m.index]), /(?<y>\d{4})/.exec('in 2021').groups.y, /\p{L}+/u.exec('123héllo')[0], 'x'.search(/y/)],
    trim: [' \t\n\u00a0\ufeffx\u2028 '.trim(), '  x'.trimStart()], localeCompareBasic: ['a'.localeCompare('b'), 'b'.localeCompare('a'), 'a'.localeCompare('a')],
    numbers: [(1234.5678).toFixed(2), (0.000001234).toPrecision(2), (255).toString(16), (255).toString(2), (1e21).toString(), (123.456).toExponential(1), parseFloat('1e-7x'), Number('0x10'), Number(''), Number(' 12 '), (25).toString(36), (-1.5).toFixed(0), (1.005).toFixed(2), (1e-7).toFixed(10)],
  });
}
