// Intl.RelativeTimeFormat: units (singular and plural), styles, numeric auto ("yesterday"),
// fractions and negative zero, in eight locales.
function lambda(input, callback) {
  const out = {};
  const units = ['second', 'minutes', 'hour', 'day', 'week', 'month', 'quarter', 'years'];
  for (const loc of ['en', 'de', 'fr', 'es', 'ja', 'pt-BR', 'it', 'nl']) {
    const f = new Intl.RelativeTimeFormat(loc);
    out[loc] = units.map((u) => f.format(-3, u) + ' | ' + f.format(1, u));
    const auto = new Intl.RelativeTimeFormat(loc, { numeric: 'auto' });
    out[loc + ' auto'] = [-1, 0, 1, 2].map((v) => auto.format(v, 'day'));
  }
  out.short = new Intl.RelativeTimeFormat('en', { style: 'short' }).format(-5, 'month');
  out.narrow = new Intl.RelativeTimeFormat('en', { style: 'narrow' }).format(2, 'hour');
  out.fraction = new Intl.RelativeTimeFormat('en').format(1.5, 'day');
  out.big = new Intl.RelativeTimeFormat('en').format(-12345, 'second');
  out.negZero = new Intl.RelativeTimeFormat('en').format(-0, 'day');
  out.autoYear = new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(-1, 'year');
  out.resolved = new Intl.RelativeTimeFormat('de', { style: 'short' }).resolvedOptions();
  out.badUnit = (() => { try { new Intl.RelativeTimeFormat('en').format(1, 'fortnight'); } catch (e) { return e.name + ': ' + e.message; } })();
  callback(null, out);
}
