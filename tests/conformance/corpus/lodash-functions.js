// lodash function helpers and chaining (memoize, curry, partial, flow, chain, debounce-free).
function lambda(input, callback) {
  const _ = require('lodash');
  let calls = 0;
  const square = _.memoize((n) => { calls++; return n * n; });
  square(4); square(4); square(5);
  const add3 = _.curry((a, b, c) => a + b + c);
  const greet = _.partial((greeting, name) => greeting + ' ' + name, 'hi');
  const once = _.once(() => ++calls);
  once(); once();
  const chained = _([1, 2, 3, 4, 5, 6]).filter((n) => n % 2 === 0).map((n) => n * 10).reverse().value();
  const lazy = _.chain(_.range(1, 1000)).map((n) => n * 3).filter((n) => n % 2 === 0).take(5).value();
  callback(null, {
    memo: [square(4), calls],
    curry: [add3(1)(2)(3), add3(1, 2)(3), add3(1)(2, 3)],
    partial: greet('fred'),
    flow: _.flow([_.add, (n) => n * n])(1, 2),
    flowRight: _.flowRight((n) => n + 1, (n) => n * 2)(5),
    chained, lazy,
    times: _.times(4, (i) => i * i),
    ary: ['6', '8', '10'].map(_.ary(parseInt, 1)),
    negate: _.filter([1, 2, 3, 4], _.negate((n) => n % 2 === 0)),
    overArgs: _.overArgs((x, y) => [x, y], [(n) => n * 2, (n) => n * n])(9, 3),
    rearg: _.rearg((a, b, c) => [a, b, c], [2, 0, 1])('b', 'c', 'a'),
    spread: _.spread((a, b) => a + b)([1, 2]),
    attempt: _.attempt(() => { throw new Error('nope'); }).message,
    cond: [_.cond([[_.matches({ a: 1 }), _.constant('matches A')], [_.stubTrue, _.constant('no match')]])({ a: 1 }), _.conforms({ b: (n) => n > 1 })({ b: 2 })],
    version: _.VERSION,
  });
}
