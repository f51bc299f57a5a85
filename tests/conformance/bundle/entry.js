// A function with its own npm dependencies (ms, dlv), which fnhost does not offer: bundled into
// one file by esbuild (docs/BUNDLING.md) and deployed as the function's code.
const ms = require('ms');
const dlv = require('dlv');

function lambda(input, callback) {
  callback(null, {
    durations: ['2 days', '1.5h', '10s', '-3m', '1y', 'nonsense'].map((s) => ms(s)),
    formatted: [60000, 2 * 60 * 60 * 1000, 500, 86400000 * 3].map((n) => [ms(n), ms(n, { long: true })]),
    deep: dlv({ a: { b: [{ c: 'found' }] } }, 'a.b.0.c', 'default'),
    missing: dlv({}, ['x', 'y'], 'default'),
    payload: input.payload,
  });
}

module.exports = lambda;
