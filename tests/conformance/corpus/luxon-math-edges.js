// luxon calendar math edge cases: month ends, leap years, week years, DST-free zones.
function lambda(input, callback) {
  const { DateTime } = require('luxon');
  const u = (s) => DateTime.fromISO(s, { zone: 'utc' });
  callback(null, {
    monthEnds: ['2021-01-31', '2020-01-31', '2021-03-31', '2021-08-31'].map((d) => u(d).plus({ months: 1 }).toISODate()),
    minusMonth: u('2021-03-31').minus({ months: 1 }).toISODate(),
    years: [u('2020-02-29').plus({ years: 4 }).toISODate(), u('2020-02-29').minus({ years: 1 }).toISODate()],
    weeks: ['2020-12-31', '2021-01-03', '2021-01-04', '2018-12-31', '2016-01-01'].map((d) => [u(d).weekNumber, u(d).weekYear, u(d).weekday]),
    fromWeek: DateTime.fromObject({ weekYear: 2020, weekNumber: 53, weekday: 5, zone: 'utc' }).toISODate(),
    quarterEnds: ['2021-02-15', '2021-11-30'].map((d) => u(d).endOf('quarter').toISO()),
    days: [u('2021-02-01').daysInMonth, u('2020-02-01').daysInMonth, u('2100-01-01').isInLeapYear, u('2000-01-01').isInLeapYear],
    diffs: [u('2021-03-01').diff(u('2021-01-31'), 'months').months, u('2021-03-01').diff(u('2020-03-01'), ['years', 'days']).toObject(), u('2021-01-01T12:00').diff(u('2021-01-01T00:00')).as('hours')],
    bigJump: u('1970-01-01').plus({ days: 100000 }).toISODate(),
    min: DateTime.min(u('2021-01-02'), u('2021-01-01')).toISODate(), max: DateTime.max(u('2021-01-02'), u('2021-01-01')).toISODate(),
  });
}
