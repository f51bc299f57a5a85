// util.format placeholders and extra arguments.
function lambda(input, callback) {
  const util = require('util');
  callback(null, [
    util.format('%s:%s', 'a', 'b', 'c'), util.format('%d + %i = %f', '1.5', 2.7, '3.25abc'), util.format('%j', { a: [1, 'x'] }),
    util.format('%%s %s', 'x'), util.format('%s', 42), util.format('%s', null), util.format('%s', undefined), util.format('%s', 5n),
    util.format('%d', 5n), util.format('%s', Symbol('s')), util.format('no placeholders', 1, 'two', true),
    util.format('%s %s', 'only one'), util.format(1, 2, 3), util.format('%i', 'abc'), util.format('%d', ''),
    util.format('%s', [1, 2, 3]), util.format('%s', { a: 1 }), util.format('%o', 42), util.format('%c styled', 'color: red'),
    util.format('%j', (() => { const o = {}; o.o = o; return o; })()), util.format('a', { b: 'c' }, ['d']),
    util.format('%s', -0), util.format('%d', -0), util.format('%f', 'x'), util.format('%s', 'str', 'extra'),
  ]);
}
