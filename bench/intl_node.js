// Node's numbers for the operations crates/runtime/benches/intl.rs times in fnhost: the same
// expressions, 2,000 iterations per sample, median of 20 samples after one warm-up.
// Run from the repository root: node bench/intl_node.js (luxon from crates/runtime/vendor).
'use strict';
const { DateTime } = require('../crates/runtime/vendor/node_modules/luxon');
const kept = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', dateStyle: 'medium', timeStyle: 'short' });
const t = 1720116309250;
const ops = {
  'new Intl.DateTimeFormat(en-US, {timeZone: America/New_York, 6 fields}) + format': (i) => new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(t + i),
  "a kept Intl.DateTimeFormat's format": (i) => kept.format(t + i * 60000),
  "luxon DateTime.now().setZone('America/New_York').toISO()": () => DateTime.now().setZone('America/New_York').toISO(),
  "date.toLocaleString('de-DE', {timeZone: 'Europe/Berlin'})": (i) => new Date(t + i).toLocaleString('de-DE', { timeZone: 'Europe/Berlin' }),
  "(1234.5).toLocaleString('en-US')": (i) => (1234.5 + i).toLocaleString('en-US'),
  'new Intl.NumberFormat(de, currency EUR) + format': (i) => new Intl.NumberFormat('de', { style: 'currency', currency: 'EUR' }).format(i),
  "'a'.localeCompare('b')": () => 'a'.localeCompare('b'),
};
for (const [name, op] of Object.entries(ops)) {
  const samples = [];
  for (let s = 0; s < 21; s++) {
    let sink;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 2000; i++) sink = op(i);
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / 2000);
    if (sink === undefined) throw new Error('no result');
  }
  samples.shift();
  samples.sort((a, b) => a - b);
  console.log(`node: ${name}: p50 ${samples[10].toFixed(2)} µs per operation`);
}
