// Intl.NumberFormat percent and currency styles in six locales: symbols and their position,
// currency digits (JPY none), currencyDisplay code/name/narrowSymbol, resolvedOptions.
function lambda(input, callback) {
  const locales = ['en-US', 'en-GB', 'de', 'fr', 'es', 'ja', 'pt-BR', 'it', 'nl', 'zh'];
  const out = {};
  for (const loc of locales) {
    out[loc + ' percent'] = [0, 0.256, -0.5, 1.23456, 12].map((v) => new Intl.NumberFormat(loc, { style: 'percent' }).format(v));
    out[loc + ' percent 1dp'] = new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 1 }).format(0.12345);
    for (const c of ['USD', 'EUR', 'JPY', 'GBP']) {
      out[loc + ' ' + c] = [1234.5, -99.999, 0].map((v) => new Intl.NumberFormat(loc, { style: 'currency', currency: c }).format(v));
    }
    out[loc + ' code'] = new Intl.NumberFormat(loc, { style: 'currency', currency: 'EUR', currencyDisplay: 'code' }).format(1234.5);
  }
  out.names = [1, 2.5].map((v) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR', currencyDisplay: 'name' }).format(v));
  out.narrow = new Intl.NumberFormat('en-CA', { style: 'currency', currency: 'USD', currencyDisplay: 'narrowSymbol' }).format(5);
  out.lowercase = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'eur' }).format(5);
  out.resolved = new Intl.NumberFormat('ja', { style: 'currency', currency: 'JPY' }).resolvedOptions();
  out.noCurrency = (() => { try { new Intl.NumberFormat('en', { style: 'currency' }); } catch (e) { return e.name + ': ' + e.message; } })();
  out.badCurrency = (() => { try { new Intl.NumberFormat('en', { style: 'currency', currency: 'US' }); } catch (e) { return e.name + ': ' + e.message; } })();
  callback(null, out);
}

// A documented CLDR-version difference, normalised per case: Node 20 has ICU 78 (CLDR 48),
// fnhost ICU4X 2.4 (CLDR 49), and CLDR 49 gives these locales a symbol for a foreign currency
// where CLDR 48 wrote its ISO code (fr/es/it "JP¥", es "£", it "US$").
exports.post = (r) => {
  const iso = { 'fr JPY': ['JP¥', 'JPY'], 'es JPY': ['JP¥', 'JPY'], 'it JPY': ['JP¥', 'JPY'], 'es GBP': ['£', 'GBP'], 'it USD': ['US$', 'USD'] };
  for (const [k, [sym, code]] of Object.entries(iso)) r[k] = r[k].map((s) => s.split(sym).join(code));
  return r;
};
