// Logs: per function or account-wide, by time range and level, searched by text, grouped by
// request id (GET /logs); live tail by polling; CSV download from GET /logs/export (the export
// `lpf logs` prints).
import { api } from '../api.js';
import { h, clear, field, status, fmtTime, choice, RANGES, paged } from '../ui.js';

const LEVELS = ['Info', 'Warn', 'Error'];

export function logsPage(main, params) {
  const fnSelect = h('select', { name: 'function' }, h('option', { value: '' }, 'All functions'));
  const search = h('input', { type: 'search', name: 'search', placeholder: 'text in the message' });
  const levels = new Set(LEVELS);
  let range = '1h';
  const tail = h('input', { type: 'checkbox', id: 'logs-tail' });
  const msg = status();
  const out = h('div', { class: 'log-groups', 'aria-live': 'polite' });
  const download = h('button', { type: 'button', onclick: csv }, 'Download CSV');
  let groups = [], timer = null, stopped = false, names = {};
  const levelBoxes = h('fieldset', { class: 'choice' }, h('legend', {}, 'Levels'), LEVELS.map((lv) => {
    const id = `logs-level-${lv}`;
    return h('span', {}, h('input', { type: 'checkbox', id, checked: true, onchange: (e) => { if (e.target.checked) levels.add(lv); else levels.delete(lv); load(); } }), h('label', { for: id }, lv));
  }));
  clear(main,
    h('div', { class: 'page-head' }, h('h1', {}, 'Logs'), h('div', { class: 'actions' }, download)),
    h('div', { class: 'filters' },
      field('Function', fnSelect), field('Search', search),
      choice('logs-range', [['1h', 'Last hour'], ['24h', '24 hours'], ['7d', '7 days']], range, (v) => { range = v; load(); }),
      levelBoxes,
      h('span', { class: 'tail' }, tail, h('label', { for: 'logs-tail' }, 'Live tail'))),
    h('p', { class: 'sub' }, 'Test invocations from Play are not stored; their logs appear in Play only. Debug logs are never stored.'),
    msg, out);

  const query = () => {
    const q = new URLSearchParams({ startTimestamp: String(Date.now() - RANGES[range]), endTimestamp: String(Date.now()) });
    if (fnSelect.value) q.set('lambdaUUID', fnSelect.value);
    if (levels.size < LEVELS.length) q.set('levels', [...levels].join(','));
    q.set('newest', 'true'); // past 5,000 lines in the range, the newest
    return q;
  };

  // Newest request first; the matching lines are paged 100 at a time and regrouped by request
  // on each page (a request split by a page break shows its part on each).
  function draw() {
    const needle = search.value.trim().toLowerCase();
    const match = (l) => !needle || l.message.toLowerCase().includes(needle) || JSON.stringify(l.extras || []).toLowerCase().includes(needle);
    const lines = [];
    for (let i = groups.length - 1; i >= 0; i -= 1) {
      const g = groups[i];
      const shown = g.logs.filter(match);
      shown.forEach((l) => lines.push({ l, g, n: shown.length }));
    }
    clear(out, lines.length ? paged(lines, drawPage, { noun: 'log lines' }) : h('p', { class: 'empty' }, 'No logs in this range.'));
  }

  function drawPage(slice) {
    const parts = [];
    for (const x of slice) {
      if (!parts.length || parts[parts.length - 1].g !== x.g) parts.push({ g: x.g, n: x.n, lines: [] });
      parts[parts.length - 1].lines.push(x.l);
    }
    return parts.map(({ g, n, lines }) => h('details', { class: 'log-group', open: true },
      h('summary', {}, h('span', { class: 'fn' }, names[lines[0].lambdaUUID] || lines[0].lambdaUUID), ' · ', fmtTime(lines[0].timestamp), ' · request ', h('code', {}, g.requestId), ` · ${n} lines`),
      h('ol', { class: 'logs' }, lines.map((l) => h('li', { class: `log ${l.level.toLowerCase()}` },
        h('time', {}, new Date(l.timestamp).toLocaleTimeString()), ' ', h('span', { class: 'level' }, l.level), ' ', h('span', { class: 'message' }, l.message),
        l.extras && l.extras.length ? h('code', { class: 'extras' }, ' ', JSON.stringify(l.extras)) : null)))));
  }

  async function load() {
    if (!levels.size) { groups = []; draw(); return; }
    try {
      groups = await api.get(`/logs?${query()}`);
      msg.clear();
      draw();
    } catch (e) { msg.error(e); }
  }

  async function csv() {
    try {
      const q = query();
      q.delete('levels');
      q.delete('newest');
      for (const lv of levels) q.append('filterLevels', lv);
      const body = await api.text(`/logs/export?${q}`);
      const a = h('a', { href: URL.createObjectURL(new Blob([body], { type: 'text/csv' })), download: `fnhost-logs-${new Date().toISOString().slice(0, 19)}.csv` });
      document.body.append(a);
      a.click();
      setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    } catch (e) { msg.error(e); }
  }

  const loop = async () => {
    if (stopped || !tail.checked) return;
    await load();
    timer = setTimeout(loop, 3000);
  };
  tail.addEventListener('change', () => { clearTimeout(timer); if (tail.checked) loop(); });
  search.addEventListener('input', draw);
  fnSelect.addEventListener('change', load);

  api.get('/lambdas').then((fns) => {
    for (const f of fns.sort((a, b) => a.name.localeCompare(b.name))) {
      names[f.uuid] = f.name;
      fnSelect.append(h('option', { value: f.uuid }, f.name));
    }
    if (params.get('fn')) fnSelect.value = params.get('fn');
    load();
  }).catch((e) => { msg.error(e); load(); });
  return () => { stopped = true; clearTimeout(timer); };
}
