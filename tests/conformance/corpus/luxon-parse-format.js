// luxon fromFormat / fromSQL / fromRFC2822 / fromHTTP and numeric format tokens in UTC.
function lambda(input, callback) {
  const { DateTime } = require('luxon');
  const utc = { zone: 'utc' };
  const f = DateTime.fromFormat('2019-07-04 13:45:09.120', 'yyyy-MM-dd HH:mm:ss.SSS', utc);
  callback(null, {
    fromFormat: f.toISO(),
    fromFormat2: DateTime.fromFormat('4/7/19 1:45', 'd/M/yy H:mm', utc).toISO(),
    sql: DateTime.fromSQL('2017-05-15 09:24:15', utc).toISO(),
    rfc: DateTime.fromRFC2822('Tue, 01 Nov 2016 13:23:12 +0630').toUTC().toISO(),
    http: DateTime.fromHTTP('Sun, 06 Nov 1994 08:49:37 GMT').toUTC().toISO(),
    seconds: DateTime.fromSeconds(1500000000, utc).toISO(),
    invalid: [DateTime.fromISO('2021-13-01', utc).isValid, DateTime.fromISO('2021-13-01', utc).invalidReason],
    tokens: f.toFormat('y yy yyyy M MM d dd H HH h hh m mm s ss S SSS u X x'),
    rfcOut: f.toRFC2822(), httpOut: f.toHTTP(),
    iso8601week: DateTime.fromISO('2020-W53-7', utc).toISODate(),
    ordinal: DateTime.fromISO('2020-366', utc).toISODate(),
    utcCtor: DateTime.utc(2000, 1, 2, 3, 4, 5, 6).toISO(),
  });
}
