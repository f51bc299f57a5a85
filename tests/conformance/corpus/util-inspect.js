// util.inspect of common shapes (single-line results).
function lambda(input, callback) {
  const util = require('util');
  const circ = { name: 'c' };
  circ.self = circ;
  callback(null, [
    util.inspect('str'), util.inspect(42), util.inspect(-0), util.inspect(null), util.inspect(undefined), util.inspect(true),
    util.inspect([1, 'a', null]), util.inspect({ a: 1, 'b-c': 'd' }), util.inspect({}), util.inspect([]),
    util.inspect(new Map([['k', 1]])), util.inspect(new Set([1, 2])), util.inspect(Buffer.from('hi')),
    util.inspect({ a: { b: { c: { d: 1 } } } }), util.inspect(function named() {}), util.inspect(() => {}),
    util.inspect(Symbol('s')), util.inspect(10n), util.inspect(new Date(0)), util.inspect(/re/g), util.inspect("it's"),
  ]);
}
