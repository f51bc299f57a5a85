// lodash object helpers: deep get/set, merge, pick/omit, cloneDeep, isEqual.
function lambda(input, callback) {
  const _ = require('lodash');
  const obj = { a: [{ b: { c: 3 } }], d: { e: null, f: [1, 2, { g: 'h' }] } };
  const copy = _.cloneDeep(obj);
  copy.a[0].b.c = 4;
  const set = _.set({}, 'x[0].y.z', 5);
  callback(null, {
    get: [_.get(obj, 'a[0].b.c'), _.get(obj, ['d', 'f', 2, 'g']), _.get(obj, 'a.b.c', 'default')],
    has: [_.has(obj, 'a[0].b'), _.hasIn(obj, 'd.e'), _.has(obj, 'z')],
    set,
    unset: (() => { const o = { a: { b: 1, c: 2 } }; _.unset(o, 'a.b'); return o; })(),
    merge: _.merge({ a: [{ b: 2 }, { d: 4 }] }, { a: [{ c: 3 }, { e: 5 }] }),
    mergeWith: _.mergeWith({ a: [1], b: [2] }, { a: [3], b: [4] }, (o, s) => (Array.isArray(o) ? o.concat(s) : undefined)),
    defaultsDeep: _.defaultsDeep({ a: { b: 2 } }, { a: { b: 1, c: 3 } }),
    pick: _.pick(obj, ['a[0].b.c', 'd.e']),
    omit: _.omit({ a: 1, b: 2, c: 3 }, ['a', 'c']),
    pickBy: _.pickBy({ a: 1, b: '2', c: 3 }, _.isNumber),
    cloneUnchanged: obj.a[0].b.c,
    isEqual: [_.isEqual(obj, _.cloneDeep(obj)), _.isEqual(obj, copy), _.isEqual([1, { a: NaN }], [1, { a: NaN }])],
    mapKeys: _.mapKeys({ a: 1, b: 2 }, (v, k) => k + v),
    invert: _.invert({ a: 1, b: 2, c: 1 }),
    toPairs: _.toPairs({ a: 1, b: 2 }),
    fromPairs: _.fromPairs([['a', 1], ['b', 2]]),
    paths: _.keys(_.mapValues({ x: 1, y: 2 }, String)),
    transform: _.transform([2, 3, 4], (r, n) => { r.push(n * n); return n % 2 === 0; }, []),
    isEmpty: [_.isEmpty({}), _.isEmpty([]), _.isEmpty(''), _.isEmpty(null), _.isEmpty({ a: 1 })],
    types: [_.isPlainObject({}), _.isPlainObject(Object.create(null)), _.isPlainObject([]), _.isArrayLike('abc'), _.isInteger(3.0), _.isSafeInteger(2 ** 53)],
  });
}
