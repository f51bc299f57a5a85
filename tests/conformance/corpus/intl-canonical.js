// Intl.getCanonicalLocales, supportedValuesOf('timeZone') (spot checks: the lists' editions
// differ) and supportedLocalesOf.
function lambda(input, callback) {
  const zones = Intl.supportedValuesOf('timeZone');
  callback(null, {
    canonical: Intl.getCanonicalLocales(['EN-us', 'zh-hant-tw', 'de', 'en-US', 'PT-br', 'iw']),
    single: Intl.getCanonicalLocales('fr-ca'),
    empty: Intl.getCanonicalLocales(),
    invalid: (() => { try { Intl.getCanonicalLocales('en_US'); } catch (e) { return e.name + ': ' + e.message; } })(),
    zonesSorted: zones.every((z, i) => i === 0 || zones[i - 1] < z),
    zonesHave: ['America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'].map((z) => zones.includes(z)),
    zonesNoLinks: zones.includes('US/Eastern'),
    calendar: Intl.supportedValuesOf('calendar').includes('gregory'),
    supported: Intl.DateTimeFormat.supportedLocalesOf(['de-DE', 'fr', 'ja']),
    tag: Object.prototype.toString.call(Intl),
  });
}
