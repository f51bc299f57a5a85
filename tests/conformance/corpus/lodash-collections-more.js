// More lodash collection helpers on objects and arrays.
function lambda(input, callback) {
  const _ = require('lodash');
  const inv = { apples: 3, pears: 0, kiwis: 12 };
  const seen = [];
  _.forEachRight([1, 2, 3], (n) => seen.push(n));
  _.forOwn({ a: 1, b: 2 }, (v, k) => seen.push(k));
  callback(null, {
    every: [_.every([true, 1, null], Boolean), _.every([{ a: 1 }, { a: 1 }], { a: 1 }), _.some([null, 0, 'yes'], Boolean), _.some([{ a: 1 }], ['a', 2])],
    includes: [_.includes([1, 2, 3], 1, 2), _.includes({ a: 1 }, 1), _.includes('abcd', 'bc')],
    invokeMap: [_.invokeMap([[5, 1, 7], [3, 2, 1]], 'sort'), _.invokeMap([123, 456], String.prototype.split, '')],
    mapValues: _.mapValues(inv, (n) => n * 2), findKey: _.findKey(inv, (n) => n > 5), findLastKey: _.findLastKey(inv, (n) => n >= 0),
    sizes: [_.size(inv), _.size('pebbles'), _.size([1, 2])], seen,
    orderByFn: _.orderBy([{ n: 'b', v: 2 }, { n: 'a', v: 2 }, { n: 'c', v: 1 }], [(o) => o.v, 'n'], ['desc', 'asc']).map((o) => o.n),
    reject: _.reject([1, 2, 3, 4], (n) => n % 2), keyByFn: _.keyBy(['a', 'bb'], 'length'),
    sortedUniqBy: _.sortedUniqBy([1.1, 1.2, 2.3, 2.4], Math.floor), at: _.at({ a: [{ b: { c: 3 } }, 4] }, ['a[0].b.c', 'a[1]']),
    groupByLen: _.groupBy(['one', 'two', 'three'], 'length'), sampleFrom: [1, 2, 3].includes(_.sample([1, 2, 3])),
  });
}
