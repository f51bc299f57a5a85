// Metrics of one function: invocations by outcome (success, code error, timeout) over 1 h, 24 h,
// 7 d or 30 d, from GET /reports/invocations/{uuid}.
import { api } from '../api.js';
import { h, clear, status, choice, RANGES } from '../ui.js';
import { barChart, fromStatistics, OUTCOMES, bucketFor } from '../chart.js';

export function metricsPage(main, _params, uuid) {
  const msg = status();
  const box = h('div', { class: 'chart-area' });
  const title = h('h1', {}, 'Metrics');
  let range = '24h';
  clear(main,
    h('div', { class: 'page-head' }, title, h('div', { class: 'actions' }, h('a', { class: 'button', href: `#/functions/${uuid}` }, 'Back to the code'))),
    choice('metrics-range', [['1h', '1 hour'], ['24h', '24 hours'], ['7d', '7 days'], ['30d', '30 days']], range, (v) => { range = v; draw(); }),
    msg, box);
  api.get(`/lambdas/${uuid}`).then(([fn]) => { title.textContent = `Metrics: ${fn.name}`; }).catch((e) => msg.error(e));
  async function draw() {
    const to = Date.now(), from = to - RANGES[range];
    try {
      const r = await api.get(`/reports/invocations/${uuid}?startTimestamp=${from}&endTimestamp=${to}&bucketSize=${bucketFor(to - from)}`);
      clear(box, barChart(`Invocations, last ${range}`, fromStatistics(r.invocationStatistics), OUTCOMES));
    } catch (e) { msg.error(e); }
  }
  draw();
}
