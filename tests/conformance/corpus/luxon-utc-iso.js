// luxon DateTime in UTC: parsing ISO, formatting, getters, math (no Intl needed).
function lambda(input, callback) {
  const { DateTime } = require('luxon');
  const dt = DateTime.fromISO('2021-03-04T05:06:07.089Z', { zone: 'utc' });
  callback(null, {
    iso: dt.toISO(), isoDate: dt.toISODate(), isoTime: dt.toISOTime(), week: dt.toISOWeekDate(),
    millis: dt.toMillis(), seconds: dt.toSeconds(), sql: dt.toSQL(), object: dt.toObject(),
    getters: [dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.millisecond, dt.weekday, dt.ordinal, dt.weekNumber, dt.weekYear, dt.quarter, dt.daysInMonth, dt.daysInYear, dt.isInLeapYear, dt.offset],
    plus: dt.plus({ months: 1, days: 30, hours: 25 }).toISO(),
    minus: dt.minus({ years: 1, weeks: 2 }).toISO(),
    set: dt.set({ day: 31, month: 1 }).toISO(),
    startOf: ['year', 'quarter', 'month', 'week', 'day', 'hour'].map((u) => dt.startOf(u).toISO()),
    endOf: ['month', 'week', 'day'].map((u) => dt.endOf(u).toISO()),
    compare: [dt < dt.plus({ milliseconds: 1 }), dt.equals(DateTime.fromMillis(dt.toMillis(), { zone: 'utc' })), dt.hasSame(dt.plus({ hours: 1 }), 'day')],
    json: JSON.stringify({ dt }),
    valueOf: +dt,
    toFormat: dt.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS ZZ o W kkkk q"),
    leap: DateTime.utc(2020, 2, 29).plus({ years: 1 }).toISODate(),
    endOfFeb: DateTime.utc(2021, 1, 31).plus({ months: 1 }).toISODate(),
  });
}
