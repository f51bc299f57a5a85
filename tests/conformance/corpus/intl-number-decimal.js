// Intl.NumberFormat decimal style in ten locales: grouping (and es's minimum grouping), fraction
// digits, rounding half away from zero, integer digits, negative numbers, zero, NaN and infinity.
function lambda(input, callback) {
  const locales = ['en-US', 'en-GB', 'de', 'fr', 'es', 'it', 'pt-BR', 'nl', 'ja', 'zh'];
  const values = [0, -0, 1, -1234.5, 1234.5678, 9876543.21, 0.0005, 1.005, 2.5, -2.5, 1e21, NaN, Infinity, -Infinity];
  const out = {};
  for (const loc of locales) {
    out[loc] = values.map((v) => new Intl.NumberFormat(loc).format(v));
    out[loc + ' 2dp'] = values.slice(0, 6).map((v) => new Intl.NumberFormat(loc, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v));
    out[loc + ' nogroup'] = new Intl.NumberFormat(loc, { useGrouping: false }).format(1234567.891);
  }
  out.es4digits = [1234, 12345].map((v) => new Intl.NumberFormat('es').format(v));
  out.intDigits = new Intl.NumberFormat('en', { minimumIntegerDigits: 3 }).format(7.5);
  out.maxOnly = new Intl.NumberFormat('en', { maximumFractionDigits: 0 }).format(2.5);
  out.minOnly = new Intl.NumberFormat('en', { minimumFractionDigits: 5 }).format(1.5);
  out.resolved = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 }).resolvedOptions();
  out.callable = Intl.NumberFormat('en').format(1e6);
  out.err = (() => { try { new Intl.NumberFormat('en', { maximumFractionDigits: 101 }); } catch (e) { return e.name + ': ' + e.message; } })();
  callback(null, out);
}
