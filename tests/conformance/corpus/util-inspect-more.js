// util.inspect: depth, nested arrays/objects, class instances, null prototype, symbols keys, errors' absence.
function lambda(input, callback) {
  const util = require('util');
  class Point { constructor() { this.x = 1; this.y = 2; } }
  const nullProto = Object.create(null);
  nullProto.a = 1;
  callback(null, [
    util.inspect({ a: { b: { c: { d: { e: 1 } } } } }, { depth: 0 }), util.inspect({ a: { b: { c: {} } } }, { depth: 1 }),
    util.inspect([[1, [2, [3, [4, [5]]]]]]), util.inspect(new Point()), util.inspect({ 'key with space': 1, valid_id: 2, $dollar: 3, 1: 'num' }),
    util.inspect([undefined, null, NaN, -0, 0]), util.inspect({ f() {}, g: class Foo {} }), util.inspect(new Map([[{ a: 1 }, [1, 2]]])),
    util.inspect('multi\nline'), util.inspect(['a', "b'c"]), util.inspect(new Set()), util.inspect(new Map()), util.inspect(Object.assign([1, 2], { extra: true })),
    util.inspect(async function af() {}), util.inspect(function* gen() {}), util.inspect(class B extends Point {}), util.inspect(async () => {}), util.inspect([1, , , 4, , 6]), util.inspect({ "it's": 1 }),
  ]);
}
