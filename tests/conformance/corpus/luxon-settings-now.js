// luxon with Settings.now fixed and the default zone set to UTC / a fixed offset.
function lambda(input, callback) {
  const { DateTime, Settings, Interval } = require('luxon');
  Settings.now = () => Date.UTC(2022, 4, 6, 7, 8, 9, 10);
  Settings.defaultZoneName = 'utc';
  const now = DateTime.local();
  const utcNow = DateTime.utc();
  const inUtc = [now.toISO(), utcNow.toISO(), now.zoneName, DateTime.fromISO('2022-01-01T00:00').toISO(), now.startOf('day').toISO()];
  Settings.defaultZoneName = 'UTC+3';
  const inPlus3 = [DateTime.local().toISO(), DateTime.local(2020, 1, 1).toISO(), DateTime.fromMillis(0).toISO(), DateTime.fromISO('2022-01-01T00:00').toISO()];
  Settings.defaultZoneName = 'utc';
  callback(null, {
    inUtc, inPlus3, until: Interval.before(now, { days: 2 }).toISO(), plusYear: now.plus({ years: 1 }).toISODate(),
    sinceEpoch: Math.floor(now.diff(DateTime.fromMillis(0), 'days').days), weekday: now.weekday,
  });
}
