// The input as the function sees it: key order, numbers, unicode, nesting preserved.
exports.payload = { z: 1, a: [1.5, -0, 1e21, 'é✓🎉', null, true, { y: { x: [] } }], m: { '10': 'ten', '2': 'two', b: 'b', a: 'a' }, big: 12345678901234567890, s: '\u2028' };
function lambda(input, callback) {
  callback(null, { keys: Object.keys(input.payload), mKeys: Object.keys(input.payload.m), payload: input.payload, headers: input.headers, ts: input.timestamp, typeofBig: typeof input.payload.big });
}
