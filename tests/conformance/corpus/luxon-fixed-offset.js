// luxon fixed-offset zones (UTC+5:30 etc.): conversion keeps the instant, changes wall time.
function lambda(input, callback) {
  const { DateTime, FixedOffsetZone } = require('luxon');
  const base = DateTime.fromISO('2022-12-31T22:30:00Z', { zone: 'utc' });
  const ist = base.setZone(FixedOffsetZone.instance(330));
  const minus = base.setZone('UTC-8');
  const keep = base.setZone('UTC+2', { keepLocalTime: true });
  callback(null, {
    ist: ist.toISO(), istName: ist.zoneName, istOffset: ist.offset, istYear: ist.year,
    minus: minus.toISO(), minusName: minus.zoneName,
    keep: keep.toISO(), sameInstant: +keep === +base,
    parsed: DateTime.fromISO('2022-06-01T12:00:00+03:00', { setZone: true }).toISO(),
    parsedOffset: DateTime.fromISO('2022-06-01T12:00:00+03:00', { setZone: true }).offset,
    toUTC: DateTime.fromISO('2022-06-01T12:00:00-04:00', { setZone: true }).toUTC().toISO(),
    fromObject: DateTime.fromObject({ year: 2020, month: 5, day: 6, hour: 7, zone: 'UTC+1' }).toISO(),
    fmt: ist.toFormat('yyyy-LL-dd HH:mm Z ZZZ'),
  });
}
