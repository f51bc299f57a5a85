// Activity: the account's activity stream (GET /activities), filtered by function, user, kind
// (a prefix such as `deployment.`) and time range; the filters live in the URL fragment so a
// filtered view can be linked.
import { api, can } from '../api.js';
import { h, clear, field, status, choice, RANGES, paged } from '../ui.js';
import { activityList, functionNames, KIND_FILTERS } from '../activity.js';

// The newest 1,000 entries that match (the API's most), shown 100 a page.
const MAX = 1000;

export function activityPage(main, params) {
  const msg = status();
  const out = h('div', { 'aria-live': 'polite', 'aria-busy': 'true' });
  const fnSelect = h('select', { name: 'lambda' }, h('option', { value: '' }, 'All functions'));
  const user = h('input', { name: 'user', list: 'activity-users', autocomplete: 'off', placeholder: 'anyone', value: params.get('user') || '' });
  const users = h('datalist', { id: 'activity-users' });
  const kind = h('select', { name: 'kind' }, KIND_FILTERS.map(([v, l]) => h('option', { value: v }, l)));
  kind.value = params.get('kind') || '';
  let range = RANGES[params.get('range')] ? params.get('range') : 'all';
  let names = new Map();

  const form = h('form', { class: 'filters', 'aria-label': 'Filter activity' },
    field('Function', fnSelect), field('User', user), users, field('Kind', kind),
    choice('activity-range', [['1h', '1 hour'], ['24h', '24 hours'], ['7d', '7 days'], ['30d', '30 days'], ['all', 'All time']], range, (v) => { range = v; apply(); }),
    h('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (e) => { e.preventDefault(); apply(); });
  [fnSelect, kind].forEach((s) => s.addEventListener('change', apply));
  clear(main, h('h1', {}, 'Activity'), h('p', { class: 'sub' }, 'Who changed, deployed or configured what in this account, newest first.'), form, msg, out);

  function apply() {
    const q = new URLSearchParams();
    if (fnSelect.value) q.set('fn', fnSelect.value);
    if (user.value.trim()) q.set('user', user.value.trim());
    if (kind.value) q.set('kind', kind.value);
    if (range !== 'all') q.set('range', range);
    history.replaceState(null, '', `#/activity${q.toString() ? `?${q}` : ''}`);
    load();
  }

  async function load() {
    msg.clear();
    out.setAttribute('aria-busy', 'true');
    const q = new URLSearchParams({ limit: String(MAX) });
    if (fnSelect.value) q.set('lambda', fnSelect.value);
    if (user.value.trim()) q.set('user', user.value.trim());
    if (kind.value) q.set('kind', kind.value);
    if (range !== 'all') { const to = Date.now(); q.set('from', String(to - RANGES[range])); q.set('to', String(to)); }
    try {
      const items = await api.get(`/activities?${q}`);
      const filtered = fnSelect.value || user.value.trim() || kind.value || range !== 'all';
      const empty = filtered ? 'No activity matches these filters.' : 'Nothing has happened in this account yet.';
      clear(out, h('p', { class: 'sub' }, `${items.length} ${items.length === 1 ? 'entry' : 'entries'}${items.length >= MAX ? ' (the newest 1,000: narrow the filters to see older ones)' : ''}`),
        items.length ? paged(items, (slice) => activityList(slice, names, { label: 'Activity', empty }), { noun: 'entries' }) : activityList(items, names, { label: 'Activity', empty }));
    } catch (e) { msg.error(e); clear(out); } finally { out.setAttribute('aria-busy', 'false'); }
  }

  (async () => {
    names = await functionNames(api);
    const chosen = params.get('fn') || '';
    Array.from(names).sort((a, b) => a[1].localeCompare(b[1])).forEach(([uuid, name]) => fnSelect.append(h('option', { value: uuid }, name)));
    if (chosen && !names.has(chosen)) fnSelect.append(h('option', { value: chosen }, `Deleted function (${chosen.slice(0, 8)}…)`));
    fnSelect.value = chosen;
    if (can('access')) {
      api.get('/users').then((us) => us.forEach((u) => users.append(h('option', { value: u.loginName })))).catch(() => {});
    }
    load();
  })();
}
