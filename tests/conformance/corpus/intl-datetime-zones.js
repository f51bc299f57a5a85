// Intl.DateTimeFormat across IANA zones (offsets from the bundled tz database, half-hour and
// 45-minute offsets, the date line, southern-hemisphere DST), with timeZoneName styles.
function lambda(input, callback) {
  const instants = [Date.UTC(2024, 0, 15, 12, 0, 0), Date.UTC(2024, 6, 15, 12, 0, 0), Date.UTC(1999, 11, 31, 23, 59, 59)];
  const zones = ['UTC', 'America/New_York', 'America/Los_Angeles', 'America/Chicago', 'America/Sao_Paulo', 'Europe/London',
    'Europe/Berlin', 'Europe/Paris', 'Europe/Moscow', 'Asia/Tokyo', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Shanghai',
    'Australia/Sydney', 'Australia/Adelaide', 'Pacific/Auckland', 'Pacific/Kiritimati', 'Pacific/Honolulu', 'Africa/Cairo', 'Etc/GMT+5'];
  const out = {};
  const fields = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false };
  for (const z of zones) {
    const f = new Intl.DateTimeFormat('en-US', Object.assign({ timeZone: z }, fields));
    const short = new Intl.DateTimeFormat('en-US', { timeZone: z, hour: 'numeric', minute: '2-digit', timeZoneName: 'shortOffset' });
    out[z] = instants.map((t) => f.format(t) + ' | ' + short.format(t));
  }
  // Zone names beside a time. Known difference, left out: a zone name beside a date alone —
  // ICU4C glues them with the locale's date-time glue ("1/15/2024, EST"), ICU4X with a space.
  for (const z of ['America/New_York', 'America/Los_Angeles', 'Europe/Berlin', 'UTC']) {
    for (const style of ['short', 'long', 'longOffset']) {
      out[z + ' ' + style] = instants.slice(0, 2).map((t) => new Intl.DateTimeFormat('en-US', { timeZone: z, hour: 'numeric', minute: '2-digit', timeZoneName: style }).format(t));
    }
  }
  out.deBerlin = new Intl.DateTimeFormat('de', { timeZone: 'Europe/Berlin', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(instants[1]);
  out.caseInsensitive = new Intl.DateTimeFormat('en-US', { timeZone: 'america/new_york' }).resolvedOptions().timeZone;
  callback(null, out);
}
