// formatToParts: field types, literals, dayPeriod, era, weekday, timeZoneName, fractional
// seconds, and the shape luxon reads (hour12: false, 2-digit fields, era).
function lambda(input, callback) {
  const t = Date.UTC(2024, 10, 3, 5, 30, 15, 789);
  const out = {};
  const bags = {
    luxon: ['en-US', { hour12: false, timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', era: 'short' }],
    weekday: ['en-US', { timeZone: 'UTC', weekday: 'long', month: 'long', day: 'numeric' }],
    dayPeriod: ['en-US', { timeZone: 'Asia/Tokyo', hour: 'numeric', minute: '2-digit' }],
    zone: ['en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }],
    // (ICU4X has no minute-second field set without the hour, so the hour is asked for too.)
    fraction: ['en-US', { timeZone: 'UTC', hour: 'numeric', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3 }],
    de: ['de', { timeZone: 'Europe/Berlin', year: 'numeric', month: 'long', day: 'numeric' }],
    // (A short weekday beside a long month is left out: ICU4X's one length per pattern makes
    // the weekday long there, "日曜日" for ICU4C's "(日)".)
    ja: ['ja', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }],
    fr: ['fr', { timeZone: 'Europe/Paris', weekday: 'long', hour: '2-digit', minute: '2-digit' }],
  };
  for (const [name, [loc, bag]] of Object.entries(bags)) {
    const f = new Intl.DateTimeFormat(loc, bag);
    out[name] = f.formatToParts(t);
    // format() writes U+0020 before AM/PM where formatToParts keeps CLDR's U+202F (V8 does so).
    out[name + ' joined'] = out[name].map((p) => p.value).join('').replace(/\u202f/g, ' ') === f.format(t);
  }
  callback(null, out);
}
