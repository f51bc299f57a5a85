// Home: functions against the account's limits, this month's invocations against the monthly
// limit (GET /reports/limitCounts), a chart of invocations over 24 h / 7 d / 30 d
// (GET /reports/invocations) and the latest activity of the account (GET /activities).
import { api } from '../api.js';
import { h, clear, status, choice, RANGES } from '../ui.js';
import { barChart, fromStatistics, OUTCOMES, bucketFor } from '../chart.js';
import { activityList, functionNames } from '../activity.js';

export function homePage(main) {
  const cards = h('div', { class: 'cards' });
  const chartBox = h('div', { class: 'chart-area' });
  const feed = h('div', {}, h('p', { class: 'sub' }, 'Loading…'));
  const msg = status();
  let range = '24h';
  const picker = choice('home-range', [['24h', '24 hours'], ['7d', '7 days'], ['30d', '30 days']], range, (v) => { range = v; chart(); });
  clear(main, h('h1', {}, 'Home'), msg, cards,
    h('div', { class: 'home-grid' },
      h('section', { 'aria-labelledby': 'inv-title' }, h('h2', { id: 'inv-title' }, 'Invocations'), picker, chartBox),
      h('section', { 'aria-labelledby': 'act-title', class: 'card feed' },
        h('div', { class: 'section-head' }, h('h2', { id: 'act-title' }, 'Recent activity'), h('a', { href: '#/activity' }, 'Show all activity')),
        feed)));

  const card = (title, value, ...sub) => h('div', { class: 'card stat' }, h('h2', {}, title), h('p', { class: 'big' }, value), ...sub);
  const n = (x) => Number(x || 0).toLocaleString();

  (async () => {
    try {
      const [counts, limits] = await Promise.all([api.get('/reports/lambdaCounts'), api.get('/reports/limitCounts')]);
      const m = limits.invocationsThisMonth || { total: 0, succeeded: 0, failed: 0, timeout: 0 };
      const cap = limits.invocationLimitPerMonth;
      const pct = cap ? Math.min(100, (100 * m.total) / cap) : 0;
      const since = m.since ? new Date(m.since).toLocaleDateString(undefined, { month: 'long', day: 'numeric', timeZone: 'UTC' }) : 'the 1st';
      clear(cards,
        card('Functions', `${counts.total} / ${limits.limitTotalLambdas}`, h('p', { class: 'sub' }, 'created, of the account limit')),
        card('Deployed', `${counts.deployed} / ${limits.limitDeployedLambdas}`, h('p', { class: 'sub' }, 'productive, of the account limit')),
        card('Invocations this month', n(m.total),
          h('meter', { id: 'month-meter', min: 0, max: cap || 1, value: Math.min(m.total, cap || 1), high: (cap || 1) * 0.8, optimum: 0, 'aria-label': 'Invocations this month of the monthly limit' }),
          h('p', { class: 'sub' }, `${pct < 1 && m.total ? '<1' : Math.round(pct)}% of ${n(cap)} per month${limits.invocationLimitEnforced ? ' (enforced)' : ''}, since ${since}`)),
        h('div', { class: 'card stat' }, h('h2', {}, 'Outcomes this month'), h('ul', { class: 'outcomes' },
          h('li', { class: 'ok' }, `${n(m.succeeded)} succeeded`),
          h('li', { class: 'bad' }, `${n(m.failed)} failed`),
          h('li', { class: 'warn' }, `${n(m.timeout)} timed out`))));
    } catch (e) { msg.error(e); }
  })();

  (async () => {
    try {
      const [items, names] = await Promise.all([api.get('/activities?limit=20'), functionNames(api)]);
      clear(feed, activityList(items, names, { label: 'Recent activity', empty: 'Nothing has happened in this account yet.' }));
    } catch (e) { clear(feed, h('p', { class: 'status error' }, e.message)); }
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
