// Both DST transitions in four zones (north and south), one second either side, at fixed
// instants: the offset and the wall clock must jump exactly where the IANA rules say.
function lambda(input, callback) {
  const cases = {
    'America/New_York spring': Date.UTC(2024, 2, 10, 7, 0, 0),
    'America/New_York fall': Date.UTC(2024, 10, 3, 6, 0, 0),
    'Europe/Berlin spring': Date.UTC(2024, 2, 31, 1, 0, 0),
    'Europe/Berlin fall': Date.UTC(2024, 9, 27, 1, 0, 0),
    'Australia/Sydney fall': Date.UTC(2024, 3, 6, 16, 0, 0),
    'Australia/Sydney spring': Date.UTC(2024, 9, 5, 16, 0, 0),
    'America/Los_Angeles spring 2007': Date.UTC(2007, 2, 11, 10, 0, 0),
  };
  const out = {};
  for (const [name, t] of Object.entries(cases)) {
    const zone = name.split(' ')[0];
    const f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'shortOffset' });
    out[name] = [t - 1000, t, t + 1000].map((x) => f.format(x));
  }
  callback(null, out);
}
