// lodash chaining with tap/thru, mixin, runInContext, templateSettings, _.template with print.
function lambda(input, callback) {
  const _ = require('lodash');
  const lodash = _.runInContext();
  lodash.mixin({ double: (xs) => xs.map((x) => x * 2) });
  const tapped = [];
  const r = lodash([3, 1, 2]).double().sortBy().tap((xs) => tapped.push(xs.length)).thru((xs) => xs.concat(0)).value();
  const withPrint = _.template('<% print("hello " + name); %>!')({ name: 'print' });
  const saved = _.templateSettings.interpolate;
  _.templateSettings.interpolate = /{{([\s\S]+?)}}/g;
  const mustache = _.template('hi {{ who }}')({ who: 'mustache' });
  _.templateSettings.interpolate = saved;
  const compiled = _.template('<%= a %>');
  callback(null, {
    r, tapped, withPrint, mustache, sourceHasFunction: /function/.test(compiled.source),
    chainValues: _.chain({ a: 1, b: 2 }).toPairs().map(([k, v]) => k + v).join('-').value(),
    isLodash: [typeof _.double, typeof lodash.double, lodash.VERSION],
    entries: _.chain([1, 2, 3]).map((x) => x + 1).value(),
    wrapped: String(_([1, 2]).map((x) => x * 3)),
  });
}
