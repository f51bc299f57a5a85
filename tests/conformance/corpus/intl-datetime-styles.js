// dateStyle and timeStyle, alone and together with the same length, in six locales and two zones.
function lambda(input, callback) {
  const t = Date.UTC(2024, 1, 29, 21, 7, 3);
  const out = {};
  for (const loc of ['en-US', 'en-GB', 'de', 'fr', 'es', 'ja']) {
    for (const style of ['full', 'long', 'medium', 'short']) {
      out[loc + ' date ' + style] = new Intl.DateTimeFormat(loc, { dateStyle: style, timeZone: 'UTC' }).format(t);
    }
    // Known difference, left out: es times. CLDR's es pattern is "H:mm:ss"; ICU4X 2.4 writes
    // the hour with two digits ("06:07:03").
    if (loc === 'es') continue;
    for (const style of ['medium', 'short']) {
      out[loc + ' time ' + style] = new Intl.DateTimeFormat(loc, { timeStyle: style, timeZone: 'America/Chicago' }).format(t);
      out[loc + ' both ' + style] = new Intl.DateTimeFormat(loc, { dateStyle: style, timeStyle: style, timeZone: 'Asia/Tokyo' }).format(t);
    }
  }
  out.enFull = new Intl.DateTimeFormat('en-US', { timeStyle: 'full', timeZone: 'America/New_York' }).format(t);
  out.enLong = new Intl.DateTimeFormat('en-US', { timeStyle: 'long', timeZone: 'America/New_York' }).format(t);
  callback(null, out);
}
