// Home: functions against the account's limits, this month's invocations by outcome, and a chart
// of invocations over 24 h / 7 d / 30 d (GET /reports/invocations).
import { api } from '../api.js';
import { h, clear, status, choice, RANGES } from '../ui.js';
import { barChart, fromStatistics, OUTCOMES, bucketFor } from '../chart.js';

export function homePage(main) {
  const cards = h('div', { class: 'cards' });
  const chartBox = h('div', { class: 'chart-area' });
  const msg = status();
  let range = '24h';
  const picker = choice('home-range', [['24h', '24 hours'], ['7d', '7 days'], ['30d', '30 days']], range, (v) => { range = v; chart(); });
  clear(main, h('h1', {}, 'Home'), msg, cards, h('section', { 'aria-labelledby': 'inv-title' }, h('h2', { id: 'inv-title' }, 'Invocations'), picker, chartBox));

  const card = (title, value, sub) => h('div', { class: 'card stat' }, h('h2', {}, title), h('p', { class: 'big' }, value), sub ? h('p', { class: 'sub' }, sub) : null);

  (async () => {
    try {
      const now = Date.now();
      const month = new Date(now); month.setUTCDate(1); month.setUTCHours(0, 0, 0, 0);
      const [counts, limits, stats] = await Promise.all([
        api.get('/reports/lambdaCounts'),
        api.get('/reports/limitCounts'),
        api.get(`/reports/invocations?startTimestamp=${month.getTime()}&endTimestamp=${now}&bucketSize=86400`),
      ]);
      const sum = (k) => stats.invocationStatistics.reduce((n, b) => n + (b[k] || 0), 0);
      clear(cards,
        card('Functions', `${counts.total} / ${limits.limitTotalLambdas}`, 'created, of the account limit'),
        card('Deployed', `${counts.deployed} / ${limits.limitDeployedLambdas}`, 'productive, of the account limit'),
        card('This month', String(sum('SUCCEEDED') + sum('CODING_FAILURE') + sum('PLATFORM_FAILURE') + sum('TIMEOUT')), `invocations, of ${limits.invocationLimitPerMonth} per month`),
        h('div', { class: 'card stat' }, h('h2', {}, 'Outcomes this month'), h('ul', { class: 'outcomes' },
          h('li', { class: 'ok' }, `${sum('SUCCEEDED')} succeeded`),
          h('li', { class: 'bad' }, `${sum('CODING_FAILURE') + sum('PLATFORM_FAILURE')} failed`),
          h('li', { class: 'warn' }, `${sum('TIMEOUT')} timed out`))));
    } catch (e) { msg.error(e); }
  })();

  async function chart() {
    const to = Date.now(), from = to - RANGES[range];
    try {
      const r = await api.get(`/reports/invocations?startTimestamp=${from}&endTimestamp=${to}&bucketSize=${bucketFor(to - from)}`);
      clear(chartBox, barChart(`Invocations, last ${range}`, fromStatistics(r.invocationStatistics), OUTCOMES));
    } catch (e) { msg.error(e); }
  }
  chart();
}
