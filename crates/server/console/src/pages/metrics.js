// Metrics of one function: invocations by outcome (success, code error, timeout) over 1 h, 24 h,
// 7 d or 30 d, from GET /reports/invocations/{uuid}, and next to the chart the latency of the
// same window (p50, p95, p99 and the distribution, from GET /reports/latency/{uuid}).
import { api } from '../api.js';
import { h, clear, status, choice, RANGES, fmtMs } from '../ui.js';
import { barChart, fromStatistics, OUTCOMES, bucketFor } from '../chart.js';

export function metricsPage(main, _params, uuid) {
  const msg = status();
  const box = h('div', { class: 'chart-area' });
  const latencyBox = h('section', { class: 'card latency', 'aria-labelledby': 'lat-title', 'aria-live': 'polite' });
  const title = h('h1', {}, 'Metrics');
  let range = '24h';
  clear(main,
    h('div', { class: 'page-head' }, title, h('div', { class: 'actions' }, h('a', { class: 'button', href: `#/functions/${uuid}` }, 'Back to the code'))),
    choice('metrics-range', [['1h', '1 hour'], ['24h', '24 hours'], ['7d', '7 days'], ['30d', '30 days']], range, (v) => { range = v; draw(); }),
    msg, h('div', { class: 'metrics-grid' }, box, latencyBox));
  api.get(`/lambdas/${uuid}`).then(([fn]) => { title.textContent = `Metrics: ${fn.name}`; }).catch((e) => msg.error(e));
  async function draw() {
    const to = Date.now(), from = to - RANGES[range];
    try {
      const [r, lat] = await Promise.all([
        api.get(`/reports/invocations/${uuid}?startTimestamp=${from}&endTimestamp=${to}&bucketSize=${bucketFor(to - from)}`),
        api.get(`/reports/latency/${uuid}?startTimestamp=${from}&endTimestamp=${to}`),
      ]);
      clear(box, barChart(`Invocations, last ${range}`, fromStatistics(r.invocationStatistics), OUTCOMES));
      clear(latencyBox, latencyView(lat, range));
    } catch (e) { msg.error(e); }
  }
  draw();
}

/** Percentiles as three figures and the distribution as a list of bars (a <meter> each). */
export function latencyView(lat, range) {
  const pct = (label, v) => h('div', { class: 'pct' }, h('dt', {}, label), h('dd', { class: 'big', 'data-pct': label }, v === null || v === undefined ? '–' : fmtMs(v)));
  const filled = (lat.buckets || []).filter((b) => b.count > 0);
  const max = Math.max(1, ...filled.map((b) => b.count));
  const bucketLabel = (b, i, all) => {
    const lo = i > 0 ? all[i - 1].leMs : null;
    return b.leMs === null || b.leMs === undefined ? `over ${fmtMs(lo || 0)}` : `≤ ${fmtMs(b.leMs)}`;
  };
  const all = lat.buckets || [];
  return [
    h('h2', { id: 'lat-title' }, `Latency, last ${range}`),
    lat.count ? h('dl', { class: 'pcts' }, pct('p50', lat.p50Ms), pct('p95', lat.p95Ms), pct('p99', lat.p99Ms)) : null,
    h('p', { class: 'sub' }, lat.count ? `Over ${lat.count.toLocaleString()} invocation${lat.count === 1 ? '' : 's'}: half finished within p50, 95 % within p95, 99 % within p99.` : 'No invocations in this window.'),
    filled.length ? h('table', { class: 'dist' }, h('caption', {}, 'Distribution of durations'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Duration'), h('th', { scope: 'col' }, 'Invocations'))),
      h('tbody', {}, all.map((b, i) => (b.count > 0 ? h('tr', {},
        h('th', { scope: 'row' }, bucketLabel(b, i, all)),
        h('td', {}, h('meter', { min: 0, max, value: b.count, 'aria-label': `${b.count} invocations ${bucketLabel(b, i, all)}` }), ' ', String(b.count))) : null)))) : null,
  ];
}
