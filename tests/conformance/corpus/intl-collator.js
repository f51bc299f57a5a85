// Intl.Collator and String.prototype.localeCompare: locale tailorings (Swedish å ä ö, German
// ä), accents and case by sensitivity, numeric ordering, sorting arrays.
function lambda(input, callback) {
  const words = ['zebra', 'Äpfel', 'apple', 'Zürich', 'école', 'Eagle', 'ångström', 'öl', 'item10', 'item9', 'item1', 'a', 'A', 'b', 'résumé', 'resume', 'Resume'];
  const out = {};
  for (const loc of ['en', 'de', 'sv', 'fr', 'es']) {
    out[loc] = words.slice().sort(new Intl.Collator(loc).compare);
  }
  out.numeric = words.slice().sort(new Intl.Collator('en', { numeric: true }).compare);
  out.base = ['resume', 'Résumé', 'RESUME'].map((w) => new Intl.Collator('en', { sensitivity: 'base' }).compare('resume', w));
  out.accent = ['resume', 'Résumé', 'RESUME'].map((w) => new Intl.Collator('en', { sensitivity: 'accent' }).compare('resume', w));
  out.localeCompare = ['a'.localeCompare('b'), 'b'.localeCompare('a'), 'a'.localeCompare('a'), 'ä'.localeCompare('z', 'sv'), 'ä'.localeCompare('z', 'de'), 'a'.localeCompare('A', undefined, { sensitivity: 'base' })];
  out.sortedByLocaleCompare = ['b', 'a', 'C', 'á'].sort((x, y) => x.localeCompare(y));
  out.resolved = new Intl.Collator('de', { numeric: true }).resolvedOptions();
  out.callable = Intl.Collator('en').compare('a', 'b');
  callback(null, out);
}
