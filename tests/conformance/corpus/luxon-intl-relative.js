// luxon toRelative/toRelativeCalendar through Intl.RelativeTimeFormat, Interval and Duration
// with fixed base dates (never the clock).
const { DateTime, Interval, Duration } = require('luxon');
function lambda(input, callback) {
  const base = DateTime.fromISO('2024-03-10T12:00:00', { zone: 'America/New_York' });
  const out = {};
  const deltas = [{ seconds: -30 }, { minutes: -5 }, { hours: 3 }, { days: -1 }, { days: 1 }, { days: -10 }, { months: 2 }, { years: -3 }];
  out.en = deltas.map((d) => base.plus(d).toRelative({ base }));
  out.enShort = deltas.map((d) => base.plus(d).toRelative({ base, style: 'short' }));
  out.de = deltas.map((d) => base.plus(d).setLocale('de').toRelative({ base }));
  out.fr = deltas.map((d) => base.plus(d).setLocale('fr').toRelative({ base, unit: 'hours' }));
  out.calendar = deltas.map((d) => base.plus(d).toRelativeCalendar({ base }));
  out.calendarEs = deltas.map((d) => base.plus(d).setLocale('es').toRelativeCalendar({ base }));
  const i = Interval.fromDateTimes(base, base.plus({ days: 45, hours: 5 }));
  out.interval = [i.toISO(), i.length('days'), i.count('weeks'), i.toDuration(['weeks', 'days', 'hours']).toObject(), i.contains(base.plus({ days: 2 })), i.splitBy({ weeks: 2 }).length];
  out.intervalAcrossDst = Interval.fromDateTimes(base.minus({ hours: 12 }), base).length('hours');
  out.duration = Duration.fromObject({ hours: 26, minutes: 5 }).shiftTo('days', 'hours', 'minutes').toObject();
  out.diff = base.diff(DateTime.fromISO('2024-01-01T00:00:00', { zone: 'Europe/Berlin' }), ['months', 'days', 'hours']).toObject();
  callback(null, out);
}
