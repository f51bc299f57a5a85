// luxon on fnhost's Intl: IANA zones through setZone (offsets from formatToParts), DST-aware
// arithmetic, zone validity, Info.features, all at fixed instants.
const { DateTime, Info, IANAZone, Settings } = require('luxon');
function lambda(input, callback) {
  const base = DateTime.fromMillis(Date.UTC(2024, 2, 9, 12, 0, 0), { zone: 'utc' });
  const out = {};
  const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Sydney', 'America/Los_Angeles', 'Asia/Tokyo', 'Pacific/Auckland', 'America/Sao_Paulo', 'Africa/Johannesburg', 'Europe/Madrid'];
  // (Europe/London is left out of offsetNameShort: in GMT, ICU4X 2.4 names it "GMT+0" where
  // ICU4C writes "GMT"; a known difference listed in docs/ARCHITECTURE.md.)
  out.london = [base.setZone('Europe/London').toISO(), base.setZone('Europe/London').plus({ months: 4 }).offset];
  for (const z of zones) {
    const dt = base.setZone(z);
    out[z] = [dt.toISO(), dt.offset, dt.offsetNameShort, dt.isInDST, dt.plus({ days: 1 }).toISO(), dt.zoneName];
  }
  out.acrossDst = base.setZone('America/New_York').plus({ hours: 24 }).toISO();
  out.acrossDstDays = base.setZone('America/New_York').plus({ days: 1 }).toISO();
  out.startOfDay = DateTime.fromISO('2024-10-27T12:00:00', { zone: 'Europe/Berlin' }).startOf('day').toISO();
  out.fromObject = DateTime.fromObject({ year: 2024, month: 11, day: 3, hour: 1, minute: 30 }, { zone: 'America/New_York' }).toISO();
  out.valid = [IANAZone.isValidZone('America/New_York'), IANAZone.isValidZone('Mars/Olympus'), DateTime.now().setZone('Mars/Olympus').isValid];
  out.features = Info.features();
  out.localZone = Settings.defaultZone.name;
  out.nowSetZone = DateTime.now().setZone('America/New_York').zoneName;
  callback(null, out);
}
