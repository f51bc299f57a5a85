// Intl.PluralRules, cardinal and ordinal, in languages with different category sets.
function lambda(input, callback) {
  const nums = [0, 1, 2, 3, 4, 5, 11, 21, 22, 23, 101, 1.5, 0.5, 1000000];
  const out = {};
  for (const loc of ['en', 'fr', 'de', 'ja', 'pt-BR', 'es', 'it', 'ru', 'pl', 'cs', 'nl', 'zh']) {
    out[loc] = nums.map((n) => new Intl.PluralRules(loc).select(n));
    // A documented CLDR-version difference: CLDR 49 (ICU4X 2.4) has Spanish ordinal rules
    // ("one" for 1, 3, …), CLDR 48 (Node 20's ICU 78) only "other"; es ordinals are left out.
    if (loc === 'es') continue;
    out[loc + ' ordinal'] = nums.slice(0, 11).map((n) => new Intl.PluralRules(loc, { type: 'ordinal' }).select(n));
  }
  out.fractionDigits = [1, 1.0].map((n) => new Intl.PluralRules('en', { minimumFractionDigits: 1 }).select(n));
  const ro = new Intl.PluralRules('en', { type: 'ordinal' }).resolvedOptions();
  out.resolved = [ro.locale, ro.type, ro.minimumFractionDigits, ro.maximumFractionDigits, ro.pluralCategories.slice().sort()];
  out.categoriesRu = new Intl.PluralRules('ru').resolvedOptions().pluralCategories.slice().sort();
  callback(null, out);
}
