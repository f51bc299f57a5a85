// Intl.NumberFormat.prototype.formatToParts: integer/group/decimal/fraction, signs, currency and
// percent signs on either side, compact suffixes, NaN and infinity, in six locales.
function lambda(input, callback) {
  const parts = (loc, o, v) => new Intl.NumberFormat(loc, o).formatToParts(v);
  const out = {};
  for (const loc of ['en-US', 'de', 'fr', 'ja', 'es', 'pt-BR']) {
    out[loc + ' decimal'] = parts(loc, {}, -1234567.891);
    out[loc + ' currency'] = parts(loc, { style: 'currency', currency: 'EUR' }, 1234.5);
    out[loc + ' negative currency'] = parts(loc, { style: 'currency', currency: 'USD' }, -5);
    out[loc + ' percent'] = parts(loc, { style: 'percent', maximumFractionDigits: 1 }, -0.1234);
    out[loc + ' compact'] = parts(loc, { notation: 'compact' }, 123456);
  }
  out.plus = parts('en', { signDisplay: 'always' }, 3);
  out.code = parts('en', { style: 'currency', currency: 'JPY', currencyDisplay: 'code' }, 1000);
  out.nan = parts('en', {}, NaN);
  out.inf = parts('en', { style: 'percent' }, -Infinity);
  out.joined = new Intl.NumberFormat('de', { style: 'currency', currency: 'EUR' }).formatToParts(9876.5).map((p) => p.value).join('') === new Intl.NumberFormat('de', { style: 'currency', currency: 'EUR' }).format(9876.5);
  callback(null, out);
}
