// lodash type checks and conversions.
function lambda(input, callback) {
  const _ = require('lodash');
  const vals = [null, undefined, 0, -0, NaN, 1.5, '3.2', '', 'abc', true, [], [1], {}, { a: 1 }, new Date(0), /x/, () => 1, Symbol.iterator, 10n];
  const check = (f) => vals.map((v) => f(v));
  callback(null, {
    isNil: check(_.isNil), isObject: check(_.isObject), isObjectLike: check(_.isObjectLike), isNumber: check(_.isNumber),
    isString: check(_.isString), isFunction: check(_.isFunction), isArrayLikeObject: check(_.isArrayLikeObject), isNaN: check(_.isNaN), isFinite: check(_.isFinite),
    toNumber: ['3.2', '0b101', '0o17', '0x1f', ' 12 ', '', '-0x1', null, true].map(_.toNumber),
    toInteger: [3.7, -3.7, '3.2', Infinity, NaN].map(_.toInteger),
    toSafeInteger: [2 ** 60, -Infinity, '12.9'].map(_.toSafeInteger),
    toString: [null, undefined, -0, [1, 2, [3]], 5].map(_.toString),
    toPath: [_.toPath('a[0].b.c'), _.toPath('a["b.c"].d'), _.toPath("a['x'][1]")],
    castArray: [_.castArray(1), _.castArray([1]), _.castArray()],
    isMatch: [_.isMatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 2 } }), _.isMatch({ a: [1, 2] }, { a: [2] })],
    compare: [_.eq(NaN, NaN), _.gt(3, 1), _.lte('a', 'b'), _.isEqualWith([1], ['1'], (a, b) => (typeof a !== typeof b ? String(a) === String(b) : undefined))],
    clone: (() => { const o = { a: [1], d: new Date(5) }; const c = _.clone(o); return [c.a === o.a, c.d === o.d, _.cloneDeep(o).a === o.a, _.cloneDeep(o).d.getTime()]; })(),
  });
}
