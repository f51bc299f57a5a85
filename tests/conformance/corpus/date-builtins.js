// Date parsing and formatting that does not depend on the local time zone.
function lambda(input, callback) {
  const d = new Date(Date.UTC(2021, 2, 4, 5, 6, 7, 89));
  callback(null, {
    iso: [d.toISOString(), d.toJSON(), d.getTime(), d.getUTCDay(), d.valueOf() === +d],
    parse: ['2021-03-04T05:06:07.089Z', '2021-03-04T05:06:07Z', '2021-03-04T05:06:07.089+02:00', '2021-03-04', '2021-03', '2021', '+002021-03-04T00:00:00Z', 'Thu, 04 Mar 2021 05:06:07 GMT', 'garbage', '2021-02-30T00:00:00Z'].map((s) => Date.parse(s)),
    utc: [Date.UTC(2020, 1, 29), Date.UTC(99, 0), Date.UTC(2020, 13, 1), Date.UTC(1970, 0, 1, 0, 0, 0, -1)],
    utcString: d.toUTCString(), invalid: [String(new Date(NaN)), new Date(NaN).getTime(), (() => { try { return new Date(NaN).toISOString(); } catch (e) { return e.name; } })()],
    setters: (() => { const x = new Date(0); x.setUTCFullYear(2000, 1, 30); x.setUTCHours(25); return x.toISOString(); })(),
    range: [new Date(8.64e15).toISOString(), new Date(8.64e15 + 1).getTime()],
  });
}
