// lodash string helpers (case conversion, padding, escaping, words).
function lambda(input, callback) {
  const _ = require('lodash');
  const s = 'Hello World_foo-bar  bazQux';
  callback(null, {
    camel: _.camelCase(s), kebab: _.kebabCase(s), snake: _.snakeCase(s), start: _.startCase(s),
    lower: _.lowerCase(s), upper: _.upperCase(s), capitalize: _.capitalize('fRED'),
    words: _.words('fred, barney, & pebbles'), wordsPattern: _.words('fred, barney, & pebbles', /[^, ]+/g),
    pad: [_.pad('abc', 8, '_-'), _.padStart('abc', 6), _.padEnd('abc', 6, '.')],
    truncate: [_.truncate('hi-diddly-ho there, neighborino', { length: 24, separator: ' ' }), _.truncate('abcdefghij', { length: 5 })],
    escape: _.escape('fred, barney, & <pebbles> "quoted" \'single\''),
    unescape: _.unescape('fred, barney, &amp; &lt;pebbles&gt; &#39;x&#39;'),
    escapeRegExp: _.escapeRegExp('[lodash](https://lodash.com/)'),
    repeat: _.repeat('ab', 3), trim: [_.trim('  abc  '), _.trim('-_-abc-_-', '_-'), _.trimEnd('abc  ')],
    deburr: _.deburr('déjà vu Ångström'),
    template: _.template('hello <%= user %>!')({ user: 'fred' }),
    parseInt: [_.parseInt('08'), _.parseInt('0x1f'), _.parseInt('10', 2)],
    split: _.split('a-b-c', '-', 2),
    replace: _.replace('Hi Fred', 'Fred', 'Barney'),
    uniqueId: [_.uniqueId('contact_'), _.uniqueId()],
  });
}
