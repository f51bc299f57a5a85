// Array/Object built-ins with observable ordering and edge cases.
function lambda(input, callback) {
  const people = [{ n: 'b', a: 2 }, { n: 'a', a: 2 }, { n: 'c', a: 1 }, { n: 'd', a: 2 }];
  callback(null, {
    stableSort: people.slice().sort((x, y) => x.a - y.a).map((p) => p.n),
    defaultSort: [10, 9, 1, 100, -1, undefined, null, 'b', 'a'].sort(),
    flat: [[1, [2, [3, [4]]]].flat(), [[1, [2, [3, [4]]]]].flat(Infinity)], flatMap: [1, 2].flatMap((x) => [x, x * 2]),
    from: [Array.from({ length: 3 }, (_, i) => i * i), Array.from(new Set([3, 1, 3])), Array.from('héllo')],
    entries: [Object.entries({ b: 1, a: 2, 1: 'x' }), Object.fromEntries([['a', 1], ['b', 2]]), Object.keys('ab')],
    assign: Object.assign({}, { a: 1 }, null, { b: 2 }, 'xy'), spread: { ...{ a: 1 }, ...[9] },
    find: [[1, 2, 3].findLast((x) => x < 3), [1, 2, 3].findLastIndex((x) => x > 5), [NaN].includes(NaN), [NaN].indexOf(NaN)],
    reduce: [[1, 2, 3].reduceRight((a, b) => a + '-' + b), [].reduce((a, b) => a + b, 'init')],
    copyWithin: [1, 2, 3, 4, 5].copyWithin(0, 3), fill: new Array(3).fill().map((_, i) => i), join: [[null, undefined, 1].join('-'), [[1, [2]], 3].toString()],
    groupLike: people.reduce((acc, p) => ((acc[p.a] = acc[p.a] || []).push(p.n), acc), {}),
    frozen: (() => { 'use strict'; const o = Object.freeze({ a: 1 }); try { o.a = 2; return 'no error'; } catch (e) { return e.name; } })(),
    getters: Object.getOwnPropertyNames(class { static m() {} }).sort(),
  });
}
