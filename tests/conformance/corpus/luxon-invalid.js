// luxon invalid values: reasons and explanations, and throwOnInvalid off by default.
function lambda(input, callback) {
  const { DateTime, Duration, Interval } = require('luxon');
  const bad = DateTime.fromISO('2021-02-30', { zone: 'utc' });
  const badFmt = DateTime.fromFormat('31/02/2021', 'dd/MM/yyyy', { zone: 'utc' });
  const explained = DateTime.fromFormatExplain('2021-05', 'yyyy-MM');
  callback(null, {
    bad: [bad.isValid, bad.invalidReason, bad.invalidExplanation, bad.toISO(), String(bad), bad.year],
    badFmt: [badFmt.isValid, badFmt.invalidReason],
    unparsable: [DateTime.fromISO('nonsense').invalidReason, DateTime.fromISO('nonsense').invalidExplanation],
    explained: { regex: String(explained.regex), rawMatches: explained.rawMatches && explained.rawMatches.slice(0, 3), result: explained.result },
    dur: [Duration.invalid('because').invalidReason, Duration.fromObject({ hours: 1 }).isValid],
    interval: [Interval.invalid('nope').isValid, Interval.invalid('nope').toISO()],
    invalidPlus: bad.plus({ days: 1 }).isValid,
    badZone: [DateTime.utc().setZone('Not/AZone').isValid, DateTime.utc().setZone('Not/AZone').invalidReason],
  });
}
