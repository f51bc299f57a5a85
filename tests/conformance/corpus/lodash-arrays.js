// lodash array helpers.
function lambda(input, callback) {
  const _ = require('lodash');
  const arr = [1, [2, [3, [4]], 5]];
  const pulled = [1, 2, 3, 1, 2, 3];
  _.pull(pulled, 2, 3);
  const removeFrom = [1, 2, 3, 4];
  const removed = _.remove(removeFrom, (n) => n % 2 === 0);
  callback(null, {
    flatten: [_.flatten(arr), _.flattenDeep(arr), _.flattenDepth(arr, 2)],
    sets: [_.union([2], [1, 2]), _.xor([2, 1], [2, 3]), _.without([2, 1, 2, 3], 1, 2), _.uniqBy([2.1, 1.2, 2.3], Math.floor)],
    mutate: [pulled, removed, removeFrom],
    sorted: [_.sortedIndex([30, 50], 40), _.sortedUniq([1, 1, 2]), _.sortedIndexBy([{ x: 4 }, { x: 5 }], { x: 4 }, 'x')],
    take: [_.take([1, 2, 3], 2), _.takeRight([1, 2, 3], 2), _.takeWhile([1, 2, 3, 1], (n) => n < 3), _.dropRight([1, 2, 3]), _.dropWhile([1, 2, 3], (n) => n < 2)],
    find: [_.findIndex([{ a: 1 }, { a: 2 }], { a: 2 }), _.findLastIndex([1, 2, 3, 2], (n) => n === 2), _.indexOf([1, 2, 1], 1, 1), _.nth(['a', 'b', 'c'], -2)],
    zip: [_.zipObject(['a', 'b'], [1, 2]), _.zipObjectDeep(['a.b[0].c', 'a.b[1].d'], [1, 2]), _.unzip([['a', 1], ['b', 2]]), _.zipWith([1, 2], [10, 20], (a, b) => a + b)],
    misc: [_.compact([0, 1, false, 2, '', 3, null, NaN]), _.fill(Array(3), 'x'), _.head([]), _.last([1, 2]), _.initial([1, 2, 3]), _.tail([1, 2, 3]), _.join(['a', 'b'], '~'), _.reverse([1, 2, 3]), _.concat([1], 2, [3, [4]])],
    fromPairsSorted: _.sortBy(_.toPairs({ b: 2, a: 1 }), 0),
  });
}
