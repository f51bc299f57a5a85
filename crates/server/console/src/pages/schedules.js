// Schedules: cron runs of deployed functions. The expression is previewed in words with its next
// runs, computed in the browser before anything is sent.
import { api, can } from '../api.js';
import { h, clear, field, status, fmtTime, table, confirmDialog, paged } from '../ui.js';
import { describe as cronWords, nextRuns } from '../cron.js';

export function schedulesPage(main) {
  const msg = status();
  const list = h('div', { class: 'list' });
  let fns = [];
  const nameOf = (uuid) => (fns.find((f) => f.uuid === uuid) || {}).name || uuid;
  const form = can('schedule') ? createForm() : null;
  clear(main, h('h1', {}, 'Schedules'), msg, form, h('h2', {}, 'All schedules'), list);

  async function load() {
    try {
      const all = await api.get('/schedules');
      clear(list, all.length ? paged(all, (slice) => table(['Function', 'When', 'Next run', 'Last run', 'Active', ''], slice.map((s) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `#/functions/${s.lambdaUUID}` }, nameOf(s.lambdaUUID))),
        h('td', {}, h('code', {}, s.cronExpression), h('div', { class: 'sub' }, safeWords(s.cronExpression))),
        h('td', {}, fmtTime(s.nextExecution)),
        h('td', {}, s.lastExecution ? `${fmtTime(s.lastExecution)}${s.didLastExecutionFail ? ` — failed (${s.lastErrorCode})` : ''}` : 'never'),
        h('td', {}, can('schedule') ? h('input', { type: 'checkbox', checked: s.isActive, 'aria-label': `Active: ${nameOf(s.lambdaUUID)} ${s.cronExpression}`, onchange: (e) => toggle(s, e.target.checked) }) : s.isActive ? 'yes' : 'no'),
        h('td', {}, can('schedule') ? h('button', { type: 'button', class: 'small danger', onclick: () => remove(s) }, 'Delete') : null)))), { noun: 'schedules' })
        : h('p', { class: 'empty' }, 'No schedules yet.'));
    } catch (e) { msg.error(e); }
  }
  const safeWords = (c) => { try { return cronWords(c); } catch (e) { return ''; } };

  async function toggle(s, active) {
    try { await api.put(`/schedules/${s.uuid}`, { isActive: active }); msg.ok(active ? 'Schedule activated.' : 'Schedule paused.'); load(); } catch (e) { msg.error(e); }
  }
  async function remove(s) {
    if (!(await confirmDialog(`Delete the schedule ${s.cronExpression} of ${nameOf(s.lambdaUUID)}?`))) return;
    try { await api.del(`/schedules/${s.uuid}`); msg.ok('Schedule deleted.'); load(); } catch (e) { msg.error(e); }
  }

  function createForm() {
    const fn = h('select', { name: 'function', required: true });
    const cron = h('input', { name: 'cron', required: true, value: '0 * * * *', spellcheck: 'false', autocomplete: 'off' });
    const payload = h('textarea', { name: 'payload', rows: 3, placeholder: '{"report": "daily"} (optional)' });
    const preview = h('div', { class: 'cron-preview', 'aria-live': 'polite', id: 'cron-preview' });
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Create schedule');
    const update = () => {
      try {
        const runs = nextRuns(cron.value, 5);
        cron.setCustomValidity('');
        clear(preview, h('strong', {}, cronWords(cron.value)), h('p', { class: 'sub' }, 'Next runs (your local time):'),
          h('ol', { class: 'next-runs' }, runs.map((d) => h('li', {}, d.toLocaleString()))));
      } catch (e) { cron.setCustomValidity(e.message); clear(preview, h('span', { class: 'error' }, e.message)); }
    };
    cron.addEventListener('input', update);
    const f = h('form', { class: 'card', 'aria-labelledby': 'new-sched' },
      h('h2', { id: 'new-sched' }, 'New schedule'),
      h('div', { class: 'form-grid' },
        field('Function (deployed)', fn),
        field('Cron expression (UTC: minute hour day month weekday)', cron),
        field('Payload (JSON, passed as input.payload)', payload)),
      preview, submit);
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      msg.clear();
      let body;
      try {
        nextRuns(cron.value, 1);
        body = { lambdaUUID: fn.value, cronExpression: cron.value.trim(), isActive: true };
        if (payload.value.trim()) {
          try { body.payload = JSON.parse(payload.value); } catch (err) { throw new Error(`The payload is not valid JSON: ${err.message}`); }
        }
      } catch (err) { msg.error(err); return; }
      try { await api.post('/schedules', body); msg.ok('Schedule created.'); load(); } catch (err) { msg.error(err); }
    });
    update();
    f.fill = () => {
      const deployed = fns.filter((x) => x.state === 'Productive' || x.state === 'Modified');
      clear(fn, deployed.length ? deployed.map((x) => h('option', { value: x.uuid }, x.name)) : h('option', { value: '' }, 'No deployed function'));
    };
    return f;
  }

  api.get('/lambdas').then((x) => { fns = x; if (form) form.fill(); load(); }).catch((e) => { msg.error(e); load(); });
}
