// luxon toISO/toISODate/toISOTime options and toFormat escape handling in UTC.
function lambda(input, callback) {
  const { DateTime } = require('luxon');
  const dt = DateTime.fromISO('2016-05-25T09:08:34.123', { zone: 'utc' });
  const even = DateTime.utc(2016, 5, 25, 9, 8, 34);
  callback(null, {
    iso: [dt.toISO(), dt.toISO({ includeOffset: false }), dt.toISO({ format: 'basic' }), even.toISO({ suppressMilliseconds: true }), even.toISO({ suppressSeconds: true })],
    time: [dt.toISOTime(), dt.toISOTime({ includeOffset: false }), dt.toISOTime({ includePrefix: true }), even.toISOTime({ suppressMilliseconds: true })],
    date: [dt.toISODate(), dt.toISODate({ format: 'basic' })],
    sql: [dt.toSQLDate(), dt.toSQLTime(), dt.toSQL({ includeOffset: false })],
    formats: [dt.toFormat("'literal' yyyy 'and' MM"), dt.toFormat('yyyyMMdd HHmmss'), dt.toFormat('kkkk-WW-c'), dt.toFormat('ZZZ')],
    local: DateTime.fromISO('2016-05-25T09:08:34.123+02:00', { zone: 'utc' }).toISO(),
    fromMillis: DateTime.fromMillis(0, { zone: 'utc' }).toISO(),
    string: dt.toString(), json: dt.toJSON(), bson: dt.toBSON().toISOString(), jsDate: dt.toJSDate().toISOString(),
  });
}
