// lodash math and utility helpers.
function lambda(input, callback) {
  const _ = require('lodash');
  callback(null, {
    math: [_.sum([4, 2, 8, 6]), _.mean([4, 2, 8, 6]), _.max([]), _.min([4, 2]), _.add(6, 4), _.subtract(6, 4), _.multiply(6, 4), _.divide(6, 4)],
    round: [_.round(4.006), _.round(4.006, 2), _.round(4060, -2), _.ceil(6.004, 2), _.floor(0.046, 2), _.floor(-4.5), _.round(1.005, 2)],
    clamp: [_.clamp(-10, -5, 5), _.clamp(10, -5, 5), _.inRange(3, 2, 4), _.inRange(-3, -2, -6)],
    util: [_.identity(5), _.constant({ a: 1 })(), _.noop(), _.stubArray(), _.times(3, String), _.range(0, -4, -1), _.toPath('x.y')],
    property: [_.map([{ a: { b: 2 } }, { a: { b: 1 } }], _.property('a.b')), _.map([[1, 2], [3, 4]], _.propertyOf({ 0: 'z' })), _.filter([{ a: 1 }, { a: 2 }], _.matchesProperty('a', 2))],
    method: [_.map([{ a: { b: () => 2 } }], _.method('a.b')), _.invoke({ a: [{ b: { c: [1, 2, 3, 4] } }] }, 'a[0].b.c.slice', 1, 3)],
    over: [_.over([Math.max, Math.min])(1, 2, 3, 4), _.overEvery([Boolean, isFinite])('1'), _.overSome([Boolean, isFinite])(null)],
    nthArg: _.nthArg(-2)('a', 'b', 'c'),
    defaultTo: [_.defaultTo(1, 10), _.defaultTo(undefined, 10), _.defaultTo(NaN, 10)],
    randomInRange: _.every(_.times(50, () => _.random(5, 10)), (n) => n >= 5 && n <= 10 && Number.isInteger(n)),
  });
}
