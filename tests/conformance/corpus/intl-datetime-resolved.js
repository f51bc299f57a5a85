// resolvedOptions (locale negotiation, zone names, hour cycles, defaults) and the errors a
// function can meet (bad zone, bad locale tag, bad option values, style with fields).
function lambda(input, callback) {
  const ro = (l, o) => new Intl.DateTimeFormat(l, o).resolvedOptions();
  const err = (f) => { try { f(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } };
  callback(null, {
    default: ro(),
    de: ro('de-DE', { timeZone: 'Europe/Berlin', hour: 'numeric', minute: '2-digit' }),
    enUS12: ro('en-US', { hour: 'numeric' }),
    enUS24: ro('en-US', { hour: 'numeric', hour12: false }),
    enGB12: ro('en-GB', { hour: 'numeric', hour12: true }),
    cycle: ro('en-US', { hour: 'numeric', hourCycle: 'h23' }),
    styles: ro('fr', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Tokyo' }),
    list: ro(['tlh', 'nl-BE', 'de']).locale,
    zoneCase: ro('en', { timeZone: 'europe/paris' }).timeZone,
    utcAliases: ['Etc/UTC', 'GMT', 'Etc/GMT', 'utc'].map((z) => ro('en', { timeZone: z }).timeZone),
    badZone: err(() => new Intl.DateTimeFormat('en', { timeZone: 'Mars/Olympus' })),
    badLocale: err(() => new Intl.DateTimeFormat('en_US')),
    badMonth: err(() => new Intl.DateTimeFormat('en', { month: 'huge' })),
    styleAndField: err(() => new Intl.DateTimeFormat('en', { dateStyle: 'long', month: 'long' })),
    invalidDate: err(() => new Intl.DateTimeFormat('en').format(NaN)),
    callable: Intl.DateTimeFormat('en', { timeZone: 'UTC' }).format(0),
    tag: Object.prototype.toString.call(new Intl.DateTimeFormat()),
    features: typeof Intl.DateTimeFormat.prototype.formatToParts + ' ' + typeof Intl.RelativeTimeFormat,
  });
}
