// Node in-process baseline for the runtime benchmark: the same echo lambda and the same JSON
// boundary (JSON.parse of the input text, JSON.stringify of the result), in a tight loop.
// Run: node bench/node_inprocess.js
'use strict';
function lambda(input, callback) { callback(null, input.payload); }
function invoke(inputJson) {
  let out;
  lambda(JSON.parse(inputJson), (err, res) => { out = JSON.stringify(res); });
  return out;
}
const items = [];
for (let i = 0; i < 12; i++) items.push({ id: i, name: `item-${i}`, tags: ['a', 'b'], price: 12.5 + i, ok: i % 2 === 0 });
const small = JSON.stringify({ timestamp: 0, headers: [], payload: { hello: 'world' } });
const big = JSON.stringify({ timestamp: 0, headers: [], payload: { conversationId: 'c0ffee-1234', items } });
for (const [name, input] of [['warm_echo_small', small], ['warm_echo_1kb_json', big]]) {
  for (let i = 0; i < 20000; i++) invoke(input);
  const n = 200000;
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) invoke(input);
  const ns = Number(process.hrtime.bigint() - t) / n;
  console.log(`node ${process.version} ${name}: ${(ns / 1000).toFixed(2)} µs/call, ${Math.round(1e9 / ns)} calls/s (input ${input.length} B)`);
}
