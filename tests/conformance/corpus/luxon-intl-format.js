// luxon's locale-aware output on fnhost's Intl: toLocaleString presets, setLocale, Info months
// and weekdays, toLocaleParts, with fixed instants.
const { DateTime, Info } = require('luxon');
function lambda(input, callback) {
  const dt = DateTime.fromMillis(Date.UTC(2024, 6, 4, 18, 5, 9), { zone: 'America/New_York' });
  const out = {};
  for (const p of ['DATE_SHORT', 'DATE_MED', 'DATE_FULL', 'DATE_HUGE', 'TIME_SIMPLE', 'TIME_WITH_SECONDS', 'TIME_24_SIMPLE', 'DATETIME_SHORT', 'DATETIME_MED', 'DATETIME_FULL', 'DATETIME_HUGE']) {
    out[p] = dt.toLocaleString(DateTime[p]);
  }
  for (const loc of ['de', 'fr', 'es', 'ja', 'en-GB']) {
    out[loc] = [dt.setLocale(loc).toLocaleString(DateTime.DATE_FULL), dt.setLocale(loc).toLocaleString(DateTime.TIME_SIMPLE), dt.setLocale(loc).toFormat('cccc d LLLL yyyy')];
  }
  out.toFormat = dt.toFormat("EEE, MMM d, yyyy 'at' h:mm a ZZZZ");
  out.months = Info.months('long');
  out.monthsShortDe = Info.months('short', { locale: 'de' });
  out.weekdays = Info.weekdays('short');
  out.weekdaysFr = Info.weekdays('long', { locale: 'fr' });
  out.meridiems = Info.meridiems();
  out.eras = Info.eras('long');
  out.parts = dt.toLocaleParts({ hour: 'numeric', minute: '2-digit' });
  out.utcDefault = DateTime.fromMillis(0, { zone: 'utc' }).toLocaleString(DateTime.DATETIME_MED);
  callback(null, out);
}
