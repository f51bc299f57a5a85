// Functions: the list (state in colour, event, last change; search and state filter) and the
// create form (name, description, event from GET /events, a template).
import { api, can } from '../api.js';
import { h, clear, field, status, stateBadge, fmtTime, table, paged } from '../ui.js';
import { TEMPLATES } from '../templates.js';

export function functionsPage(main, params) {
  const search = h('input', { type: 'search', placeholder: 'name or description', value: params.get('q') || '' });
  const state = h('select', {}, ['', 'Draft', 'Productive', 'Modified', 'Build Error'].map((s) => h('option', { value: s }, s || 'any state')));
  const list = h('div', { class: 'list' });
  const msg = status();
  let all = [];
  let events = {};
  const draw = () => {
    const q = search.value.trim().toLowerCase();
    const rows = all
      .filter((f) => !q || f.name.toLowerCase().includes(q) || (f.description || '').toLowerCase().includes(q))
      .filter((f) => !state.value || f.state === state.value)
      .sort((a, b) => (b.updatedAt || '').localeCompare(a.updatedAt || ''));
    const row = (f) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `#/functions/${f.uuid}` }, f.name), f.description ? h('div', { class: 'sub' }, f.description) : null),
        h('td', {}, stateBadge(f.state)),
        h('td', {}, f.eventId ? events[f.eventId] || f.eventId : 'No event'),
        h('td', {}, fmtTime(f.updatedAt), h('div', { class: 'sub' }, f.updatedBy || '')));
    clear(list, rows.length ? paged(rows, (slice) => table(['Name', 'State', 'Event', 'Last change'], slice.map(row), `${rows.length} of ${all.length} functions`), { noun: 'functions' })
      : h('p', { class: 'empty' }, all.length ? 'No function matches.' : 'No functions yet.'));
  };
  search.addEventListener('input', draw);
  state.addEventListener('change', draw);
  clear(main,
    h('div', { class: 'page-head' }, h('h1', {}, 'Functions'), can('write') ? h('a', { class: 'button primary', href: '#/functions/new' }, 'Create function') : null),
    h('div', { class: 'filters' }, field('Search', search), field('State', state)),
    msg, list);
  (async () => {
    try {
      const [fns, evs] = await Promise.all([api.get('/lambdas'), api.get('/events').catch(() => [])]);
      events = Object.fromEntries(evs.map((e) => [e.eventId, e.eventName]));
      all = fns;
      draw();
    } catch (e) { msg.error(e); }
  })();
}

export function createPage(main) {
  const name = h('input', { name: 'name', required: true, pattern: '[A-Za-z0-9_]{1,50}', maxlength: 50 });
  const description = h('input', { name: 'description', maxlength: 100 });
  const event = h('select', { name: 'event' }, h('option', { value: '' }, 'No event'));
  const template = h('select', { name: 'template' }, Object.entries(TEMPLATES).map(([k, t]) => h('option', { value: k }, t.label)));
  const msg = status();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create');
  const form = h('form', { class: 'card narrow' },
    field('Name', name, 'Letters, digits and _; cannot be changed later.'),
    field('Description', description),
    field('Event', event, 'Cannot be changed after creation.'),
    field('Template', template),
    h('div', { class: 'row' }, submit, h('a', { class: 'button', href: '#/functions' }, 'Cancel')), msg);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    msg.clear();
    try {
      const created = await api.post('/lambdas', {
        name: name.value.trim(), description: description.value.trim(), eventId: event.value || null,
        implementation: { code: TEMPLATES[template.value].code, dependencies: [], environmentVariables: [] },
      });
      location.hash = `#/functions/${created.uuid}`;
    } catch (err) { msg.error(err); submit.disabled = false; }
  });
  clear(main, h('h1', {}, 'Create a function'), form);
  api.get('/events').then((evs) => evs.forEach((ev) => event.append(h('option', { value: ev.eventId }, ev.eventName)))).catch((err) => msg.error(err));
  name.focus();
}
