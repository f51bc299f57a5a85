// luxon Duration: normalize, shiftTo, ISO, arithmetic, formatting.
function lambda(input, callback) {
  const { Duration } = require('luxon');
  const d = Duration.fromObject({ hours: 2, minutes: 75, seconds: 3725 });
  callback(null, {
    iso: d.toISO(), normalized: d.normalize().toObject(),
    shift: d.shiftTo('hours', 'minutes', 'seconds').toObject(),
    asMinutes: d.as('minutes'), millis: d.toMillis(),
    fmt: d.toFormat('hh:mm:ss'), fmtDays: Duration.fromMillis(123456789).toFormat("d 'days' h:m:s.S"),
    plus: d.plus({ minutes: 5 }).toObject(), minus: d.minus(Duration.fromISO('PT1H')).toObject(),
    negate: d.negate().toObject(),
    fromISO: Duration.fromISO('P1Y2M10DT2H30M').toObject(),
    fromISOTime: Duration.fromISOTime('11:22:33.444').toObject(),
    isoTime: Duration.fromObject({ hours: 11, minutes: 22 }).toISOTime(),
    valid: [Duration.fromISO('garbage').isValid, Duration.fromISO('garbage').invalidReason],
    mapUnits: d.mapUnits((x) => x * 2).toObject(),
    equals: Duration.fromObject({ hours: 1 }).equals(Duration.fromObject({ hours: 1 })),
    json: JSON.stringify(Duration.fromObject({ days: 3, hours: 1 })),
  });
}
