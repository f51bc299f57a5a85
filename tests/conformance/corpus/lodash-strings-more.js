// More lodash string helpers, including unicode words and acronyms.
function lambda(input, callback) {
  const _ = require('lodash');
  const samples = ['XMLHttpRequest', 'fooBar', '__FOO_BAR__', 'Îñtérnâtiônàlizætiøn', 'hello 🎉 world', 'a1b2 c3', 'ÀÉÎ x'];
  callback(null, {
    camel: samples.map(_.camelCase), kebab: samples.map(_.kebabCase), snake: samples.map(_.snakeCase), start: samples.map(_.startCase), words: samples.map((s) => _.words(s)),
    firsts: [_.lowerFirst('Fred'), _.upperFirst('fred'), _.toLower('--Foo-Bar--'), _.toUpper('fooBar')],
    checks: [_.startsWith('abc', 'b', 1), _.endsWith('abc', 'b', 2), _.startsWith('abc', 'a', -5)],
    unescapeAll: _.unescape('&amp;amp; &lt;&gt;&quot;&#39;'), trimChars: _.trimStart('-_-abc-_-', '_-'), truncateOmission: _.truncate('hello world', { length: 8, omission: '…' }),
    escapeAll: _.escape('<>&"\'`'),
  });
}
