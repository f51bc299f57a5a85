// Functions: the list (state in colour, event, last change; search and state filter) and the
// create form (name, description, event from GET /events, one of the event's templates from
// GET /templates).
import { api, can } from '../api.js';
import { h, clear, field, status, describe, stateBadge, fmtTime, table, paged } from '../ui.js';

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

const EMPTY_CODE = 'function lambda(input, callback) {\n  callback(null, {});\n}\n';

/** A template's description: the first sentence of its leading comment, without its own name. */
function summary(t) {
  const lines = [];
  for (const line of t.code.split('\n')) {
    const m = /^\s*\/\/\s?(.*)$/.exec(line);
    if (!m) break;
    lines.push(m[1].trim());
  }
  let s = lines.join(' ');
  const end = s.search(/\.(\s|$)/);
  if (end >= 0) s = s.slice(0, end + 1);
  if (s.startsWith(t.name)) s = s.slice(t.name.length).replace(/^\s*(\([^)]*\))?\s*:\s*/, '');
  return s ? s[0].toUpperCase() + s.slice(1) : '';
}

export function createPage(main) {
  const name = h('input', { name: 'name', required: true, pattern: '[A-Za-z0-9_]{1,50}', maxlength: 50 });
  const description = h('input', { name: 'description', maxlength: 100 });
  const event = h('select', { name: 'event' }, h('option', { value: '' }, 'No event'));
  const about = h('small', { class: 'hint template-about', id: 'template-about' });
  const template = h('select', { name: 'template', 'aria-describedby': 'template-about' });
  const msg = status();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create');
  const templateField = field('Template', template);
  templateField.append(about);
  const form = h('form', { class: 'card narrow' },
    field('Name', name, 'Letters, digits and _; cannot be changed later.'),
    field('Description', description),
    field('Event', event, 'Cannot be changed after creation.'),
    templateField,
    h('div', { class: 'row' }, submit, h('a', { class: 'button', href: '#/functions' }, 'Cancel')), msg);
  // The templates of the chosen event (GET /templates?eventId=, the event's default first); an
  // answer that arrives after the event changed again is dropped.
  let templates = [];
  let loading = 0;
  let failed = false;
  const chosen = () => templates.find((t) => t.id === template.value);
  const describeChoice = () => { const t = chosen(); about.textContent = t ? summary(t) : 'An empty function.'; };
  async function loadTemplates() {
    const seq = ++loading;
    templates = [];
    template.disabled = true;
    submit.disabled = true;
    clear(template, h('option', { value: '' }, 'Loading…'));
    about.textContent = '';
    try {
      const list = await api.get(`/templates?eventId=${encodeURIComponent(event.value || 'No Event')}`);
      if (seq !== loading) return;
      templates = list;
      if (failed) msg.clear();
      failed = false;
    } catch (err) {
      if (seq !== loading) return;
      failed = true;
      msg.error({ message: `The templates could not be loaded (${describe(err)}): the function will start empty.` });
    }
    clear(template, templates.length ? templates.map((t) => h('option', { value: t.id }, t.name)) : h('option', { value: '' }, 'Empty function'));
    template.disabled = false;
    submit.disabled = false;
    describeChoice();
  }
  template.addEventListener('change', describeChoice);
  event.addEventListener('change', loadTemplates);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    msg.clear();
    const t = chosen();
    try {
      const created = await api.post('/lambdas', {
        name: name.value.trim(), description: description.value.trim(), eventId: event.value || null,
        implementation: { code: t ? t.code : EMPTY_CODE, dependencies: [], environmentVariables: [] },
        // The event's sample input, so Play (and `lpf invoke`) start from it.
        ...(t && t.eventId ? { samplePayload: { headers: [], payload: t.samplePayload } } : {}),
      });
      location.hash = `#/functions/${created.uuid}`;
    } catch (err) { msg.error(err); submit.disabled = false; }
  });
  clear(main, h('h1', {}, 'Create a function'), form);
  api.get('/events').then((evs) => evs.forEach((ev) => event.append(h('option', { value: ev.eventId }, ev.eventName)))).catch((err) => msg.error(err));
  loadTemplates();
  name.focus();
}
