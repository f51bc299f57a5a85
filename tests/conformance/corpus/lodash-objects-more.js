// More lodash object helpers: assignIn, defaults, result, update, setWith, create, keysIn.
function lambda(input, callback) {
  const _ = require('lodash');
  function Foo() { this.a = 1; }
  Foo.prototype.b = 2;
  const o = { a: [{ b: { c: 3 } }] };
  _.update(o, 'a[0].b.c', (n) => n * n);
  _.update(o, 'x[0].y.z', (n) => (n ? n + 1 : 0));
  const sw = _.setWith({}, '[0][1]', 'a', Object);
  const created = _.create(Foo.prototype, { c: 3 });
  callback(null, {
    assignIn: _.assignIn({ z: 0 }, new Foo()), assign: _.assign({ z: 0 }, new Foo()), defaults: _.defaults({ a: 1 }, { b: 2 }, { a: 3 }),
    result: [_.result({ a: { b: () => 'called' } }, 'a.b'), _.result({}, 'x', () => 'dflt'), _.result({}, 'x', 'plain')],
    updated: o, setWith: sw, created: [created.b, created.c, created instanceof Foo],
    keysIn: _.keysIn(new Foo()), valuesIn: _.valuesIn(new Foo()), functions: _.functions(_).length > 250,
    entriesIn: _.entriesIn(new Foo()), invertBy: _.invertBy({ a: 1, b: 2, c: 1 }, (v) => 'g' + v),
    omitBy: _.omitBy({ a: 1, b: '2', c: null }, _.isNil), mergeDeep: _.merge({}, { a: { b: [1, 2] } }, { a: { b: [3] } }),
    get: _.get([[1, [2, [3]]]], '[0][1][1][0]'), cloneDeepWith: _.cloneDeepWith({ a: 1, b: [2] }, (v) => (_.isNumber(v) ? v * 10 : undefined)),
  });
}
