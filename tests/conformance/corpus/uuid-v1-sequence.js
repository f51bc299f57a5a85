// uuid v1 sequence rules with fixed fields: nsecs and msecs steps, clockseq handling.
function lambda(input, callback) {
  const { v1, parse } = require('uuid');
  const node = [0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff];
  const msecs = Date.UTC(2020, 0, 1);
  const ids = [0, 1, 2, 9999].map((nsecs) => v1({ node, clockseq: 1, msecs, nsecs }));
  const later = v1({ node, clockseq: 0x3fff, msecs: msecs + 1, nsecs: 0 });
  const early = v1({ node, clockseq: 7, msecs: 0, nsecs: 0 });
  const buf = new Array(20).fill(0);
  v1({ node, clockseq: 2, msecs, nsecs: 3 }, buf, 4);
  callback(null, { ids, later, early, buf, parsed: Array.from(parse(ids[0])), sortedLikeTime: ids.slice().sort().join() === ids.join() });
}
