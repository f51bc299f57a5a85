// Settings: domain allowlist, secrets (values never shown after saving), OAuth apps (the secret
// is shown once, at creation), users and roles (settings_users.js), your own password, and the
// account's limits.
import { api, can } from '../api.js';
import { h, clear, field, status, table, confirmDialog, fmtTime, copyButton, paged } from '../ui.js';
import { usersSection, ownPasswordSection } from './settings_users.js';

function section(id, title, ...body) {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...body);
}

/** A small inline form: fields, a submit button, and a status line; `onsubmit` may throw. */
function miniForm(label, fields, onsubmit) {
  const msg = status();
  const f = h('form', { class: 'inline-form' }, ...fields, h('button', { type: 'submit' }, label), msg);
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    msg.clear();
    try { const m = await onsubmit(); if (m) msg.ok(m); } catch (err) { msg.error(err); }
  });
  f.msg = msg;
  return f;
}

function allowlist() {
  const list = h('div', {});
  const msg = status();
  const load = async () => {
    try {
      const ds = await api.get('/proxy-settings');
      clear(list, ds.length ? paged(ds, (slice) => h('ul', { class: 'plain', 'aria-label': 'Allowed domains' }, slice.map((d) => h('li', {}, h('code', {}, d.domain), ' ',
        can('allowlistWrite') ? h('button', { type: 'button', class: 'small danger', 'aria-label': `Remove ${d.domain}`, onclick: async () => {
          if (!(await confirmDialog(`Remove ${d.domain} from the allowlist?`, 'Remove'))) return;
          try { await api.del(`/proxy-settings/${d.id}`); await load(); msg.ok(`Removed ${d.domain}.`); } catch (e) { msg.error(e); }
        } }, 'Remove') : null))), { noun: 'domains' })
        : h('p', { class: 'empty' }, 'No domains: functions cannot make outbound calls.'));
    } catch (e) { msg.error(e); }
  };
  const domain = h('input', { name: 'domain', placeholder: 'api.example.com or *.example.com', required: true });
  const form = can('allowlistWrite') ? miniForm('Add domain', [field('Domain', domain)], async () => {
    await api.post('/proxy-settings', { domain: domain.value.trim() });
    const added = domain.value.trim();
    domain.value = '';
    load();
    return `Added ${added}.`;
  }) : null;
  load();
  return section('s-allow', 'Domain allowlist', h('p', { class: 'sub' }, 'Functions may call these hosts (HTTPS) through the toolbelt’s HTTP client.'), form, msg, list);
}

function secrets() {
  const list = h('div', {});
  const msg = status();
  let known = new Set();
  const load = async () => {
    try {
      const ss = await api.get('/secrets');
      known = new Set(ss.map((s) => s.key));
      clear(list, ss.length ? paged(ss, (slice) => table(['Key', 'Value', ''], slice.map((s) => h('tr', {}, h('th', { scope: 'row' }, h('code', {}, s.key)), h('td', { class: 'sub' }, 'hidden'),
        h('td', {}, can('secretsWrite') ? h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete secret ${s.key}`, onclick: async () => {
          if (!(await confirmDialog(`Delete the secret ${s.key}? Functions reading it will fail.`))) return;
          try { await api.del(`/secrets/${encodeURIComponent(s.key)}`); await load(); msg.ok(`Deleted ${s.key}.`); } catch (e) { msg.error(e); }
        } }, 'Delete') : null)))), { noun: 'secrets' }) : h('p', { class: 'empty' }, 'No secrets.'));
    } catch (e) { msg.error(e); }
  };
  const key = h('input', { name: 'secret-key', required: true, pattern: '[A-Za-z0-9_\\-]{1,100}', autocomplete: 'off' });
  const value = h('input', { name: 'secret-value', type: 'password', required: true, autocomplete: 'new-password' });
  const form = can('secretsWrite') ? miniForm('Save secret', [field('Key', key), field('Value', value, 'Not shown again after saving. Saving an existing key replaces its value.')], async () => {
    const saved = key.value.trim();
    // A new key is created; an existing one gets its value replaced (PUT /secrets/{key}).
    if (known.has(saved)) await api.put(`/secrets/${encodeURIComponent(saved)}`, { value: value.value });
    else await api.post('/secrets', { key: saved, value: value.value });
    key.value = ''; value.value = '';
    load();
    return known.has(saved) ? `Updated ${saved}.` : `Saved ${saved}.`;
  }) : null;
  load();
  return section('s-secrets', 'Secrets', form, msg, list);
}

function apps() {
  const list = h('div', {});
  const msg = status();
  const shown = h('div', { 'aria-live': 'polite' });
  const load = async () => {
    try {
      const as = await api.get('/apps');
      clear(list, as.length ? paged(as, (slice) => table(['Name', 'Client id', 'Created', ''], slice.map((a) => h('tr', {}, h('th', { scope: 'row' }, a.name), h('td', {}, h('code', {}, a.client_id)), h('td', {}, fmtTime(a.createdAt)),
        h('td', {}, a.revoked ? h('span', { class: 'badge muted' }, 'revoked') : h('button', { type: 'button', class: 'small danger', 'aria-label': `Revoke ${a.name}`, onclick: async () => {
          if (!(await confirmDialog(`Revoke ${a.name}? Its tokens are refused from now on.`, 'Revoke'))) return;
          try { await api.del(`/apps/${a.client_id}`); msg.ok(`Revoked ${a.name}.`); load(); } catch (e) { msg.error(e); }
        } }, 'Revoke'))))), { noun: 'apps' }) : h('p', { class: 'empty' }, 'No OAuth apps.'));
    } catch (e) { msg.error(e); }
  };
  const name = h('input', { name: 'app-name', required: true, maxlength: 100 });
  const form = miniForm('Create app', [field('Name', name)], async () => {
    const r = await api.post('/apps', { name: name.value.trim() });
    name.value = '';
    clear(shown, h('div', { class: 'once', role: 'alert' },
      h('p', {}, h('strong', {}, 'Copy the client secret now: it is shown only once.')),
      h('dl', {}, h('dt', {}, 'client_id'), h('dd', {}, h('code', { class: 'client-id' }, r.client_id)),
        h('dt', {}, 'client_secret'), h('dd', {}, h('code', { class: 'client-secret' }, r.client_secret), ' ', copyButton('Copy client secret', () => r.client_secret))),
      h('button', { type: 'button', class: 'small', onclick: () => clear(shown) }, 'I have copied it')));
    load();
    return null;
  });
  load();
  return section('s-apps', 'OAuth apps', h('p', { class: 'sub' }, 'Apps invoke functions with client-credential tokens (POST /sentinel/api/account/{account}/app/token).'), form, shown, msg, list);
}

function limits() {
  const box = h('div', {});
  Promise.all([api.get('/reports/limitCounts'), api.get('/reports/lambdaCounts')]).then(([l, c]) => clear(box, h('dl', { class: 'limits' },
    h('dt', {}, 'Functions'), h('dd', {}, `${c.total} of ${l.limitTotalLambdas}`),
    h('dt', {}, 'Deployed functions'), h('dd', {}, `${c.deployed} of ${l.limitDeployedLambdas}`),
    h('dt', {}, 'Invocations per month'), h('dd', {}, String(l.invocationLimitPerMonth))))).catch((e) => clear(box, h('p', { class: 'status error' }, e.message)));
  return section('s-limits', 'Account limits', box);
}

export function settingsPage(main) {
  clear(main, h('h1', {}, 'Settings'),
    h('div', { class: 'settings' },
      can('allowlist') ? allowlist() : null,
      can('secrets') ? secrets() : null,
      can('access') ? apps() : null,
      can('access') ? usersSection(section) : null,
      ownPasswordSection(section),
      limits()));
}
