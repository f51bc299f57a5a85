// luxon Duration edge cases: fractions, negatives, shiftTo with weeks/months, units ordering.
function lambda(input, callback) {
  const { Duration } = require('luxon');
  callback(null, {
    fraction: Duration.fromObject({ hours: 1.5 }).shiftTo('minutes').toObject(),
    fractionBack: Duration.fromObject({ minutes: 90 }).shiftTo('hours').toObject(),
    negative: Duration.fromObject({ hours: -1, minutes: 90 }).normalize().toObject(),
    weeks: Duration.fromObject({ days: 20 }).shiftTo('weeks', 'days').toObject(),
    months: Duration.fromObject({ days: 45 }).shiftTo('months', 'days').toObject(),
    casual: Duration.fromObject({ months: 14 }, { conversionAccuracy: 'longterm' }).shiftTo('years', 'months').toObject(),
    millis: Duration.fromMillis(90061001).shiftTo('days', 'hours', 'minutes', 'seconds', 'milliseconds').toObject(),
    isoVariants: ['PT0S', 'P0D', 'PT36H', 'P1W', '-PT5M', 'PT1.5S', 'P1Y1M1DT1H1M1.1S'].map((s) => Duration.fromISO(s).toISO()),
    get: [Duration.fromObject({ hours: 3 }).hours, Duration.fromObject({ hours: 3 }).minutes, Duration.fromObject({ hours: 3 }).get('hours')],
    formats: ['hh:mm', 'h:m:s', 'S', 'd h', "y 'years'"].map((f) => Duration.fromObject({ days: 1, hours: 2, minutes: 3, seconds: 4, milliseconds: 5 }).toFormat(f)),
  });
}
