// luxon Interval: length, splitting, containment, overlap, set operations.
function lambda(input, callback) {
  const { DateTime, Interval, Duration } = require('luxon');
  const a = DateTime.fromISO('2021-01-01T00:00:00Z', { zone: 'utc' });
  const b = DateTime.fromISO('2021-03-15T12:00:00Z', { zone: 'utc' });
  const i = Interval.fromDateTimes(a, b);
  const j = Interval.after(a.plus({ days: 40 }), Duration.fromObject({ days: 60 }));
  callback(null, {
    iso: i.toISO(), days: i.length('days'), months: i.length('months'), count: i.count('weeks'),
    split: i.splitBy({ months: 1 }).map((x) => x.toISO()),
    divide: i.divideEqually(3).map((x) => x.start.toISO()),
    contains: [i.contains(a.plus({ days: 1 })), i.contains(b), i.isBefore(b.plus({ milliseconds: 1 }))],
    overlaps: i.overlaps(j), intersection: i.intersection(j).toISO(), union: i.union(j).toISO(),
    merge: Interval.merge([i, j]).map((x) => x.toISO()),
    xor: Interval.xor([i, j]).map((x) => x.toISO()),
    diff: b.diff(a, ['months', 'days', 'hours']).toObject(),
    diffDays: b.diff(a, 'days').days,
    fromISO: Interval.fromISO('2007-03-01T13:00:00Z/P1Y2M10DT2H30M').toISO(),
    invalid: Interval.fromDateTimes(b, a).invalidReason,
  });
}
