// lodash collection and array helpers on fixed data.
function lambda(input, callback) {
  const _ = require('lodash');
  const users = [
    { user: 'barney', age: 36, active: true, tags: ['a', 'b'] },
    { user: 'fred', age: 40, active: false, tags: ['b'] },
    { user: 'pebbles', age: 1, active: true, tags: [] },
    { user: 'wilma', age: 36, active: false, tags: ['c', 'a'] },
  ];
  callback(null, {
    groupBy: _.groupBy(users, 'age'),
    keyBy: _.mapValues(_.keyBy(users, 'user'), 'age'),
    sortBy: _.map(_.sortBy(users, ['age', 'user']), 'user'),
    orderBy: _.map(_.orderBy(users, ['age', 'user'], ['desc', 'asc']), 'user'),
    partition: _.partition(users, 'active').map((g) => _.map(g, 'user')),
    countBy: _.countBy(users, (u) => (u.age > 30 ? 'old' : 'young')),
    flatMap: _.flatMap(users, 'tags'),
    uniq: _.uniq(_.flatMap(users, 'tags')),
    chunk: _.chunk([1, 2, 3, 4, 5, 6, 7], 3),
    zip: _.zip(['a', 'b'], [1, 2], [true]),
    difference: _.differenceBy([2.1, 1.2, 3.3], [2.3, 3.4], Math.floor),
    intersection: _.intersectionWith([{ x: 1 }, { x: 2 }], [{ x: 2 }], _.isEqual),
    sumBy: _.sumBy(users, 'age'),
    meanBy: _.meanBy(users, 'age'),
    maxBy: _.maxBy(users, 'age').user,
    find: _.find(users, { age: 36, active: false }).user,
    filter: _.map(_.filter(users, ['active', true]), 'user'),
    reduce: _.reduce({ a: 1, b: 2, c: 1 }, (r, v, k) => { (r[v] || (r[v] = [])).push(k); return r; }, {}),
    range: [_.range(4), _.range(-4), _.range(0, 20, 5), _.rangeRight(1, 4)],
    sampleSize: _.sampleSize([1, 2, 3], 3).length,
    shuffledSorted: _.sortBy(_.shuffle([3, 1, 2])),
  });
}
