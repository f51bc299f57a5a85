// The function page: code editor (CodeMirror 6), environment variables, save, deploy/undeploy
// with live state, delete, and how to invoke it from outside (UUID, a ready curl line).
import { api, can, current } from '../api.js';
import { h, clear, status, stateBadge, fmtTime, confirmDialog, copyButton, fnTabs } from '../ui.js';
import { codeEditor, showServerError, clearErrors, text } from '../editor.js';

const BUSY = ['Build Start', 'Deploy Start', 'Marked Undeployed'];

export function editorPage(main, params, uuid) {
  let fn = null, view = null, dirty = false, stopped = false, poll = null;
  const msg = status();
  const head = h('div', { class: 'page-head' });
  const body = h('div', { class: 'fn-body' });
  // Leaving for the History tab with unsaved changes asks first.
  const leave = async (e, href) => {
    if (!dirty) return;
    e.preventDefault();
    if (await confirmDialog('Leave without saving? Your unsaved changes are lost.', 'Leave')) { dirty = false; location.hash = href; }
  };
  clear(main, head, fnTabs(uuid, 'code', leave), msg, body);

  async function reload() {
    const [f] = await api.get(`/lambdas/${uuid}`);
    fn = f;
    return f;
  }

  function headline() {
    const write = can('write');
    const deployed = fn.state === 'Productive' || fn.state === 'Modified';
    clear(head,
      h('div', {}, h('h1', {}, fn.name, ' ', stateBadge(fn.state)), fn.description ? h('p', { class: 'sub' }, fn.description) : null),
      h('div', { class: 'actions' },
        write ? h('button', { type: 'button', class: 'primary', onclick: save, 'data-action': 'save' }, 'Save') : null,
        write ? h('button', { type: 'button', onclick: deploy, disabled: BUSY.includes(fn.state) }, deployed ? 'Redeploy' : 'Deploy') : null,
        write && deployed ? h('button', { type: 'button', onclick: undeploy }, 'Undeploy') : null,
        can('invoke') ? h('a', { class: 'button', href: `#/functions/${uuid}/play` }, 'Play') : null,
        h('a', { class: 'button', href: `#/functions/${uuid}/metrics` }, 'Metrics'),
        h('a', { class: 'button', href: `#/logs?fn=${uuid}` }, 'Logs'),
        write ? h('button', { type: 'button', class: 'danger', onclick: remove }, 'Delete') : null));
    const err = fn.lastDeployment && fn.lastDeployment.deploymentError;
    if (fn.state === 'Build Error' && err) msg.error({ message: `Deployment failed: ${err.errorMsg}`, code: err.errorCode });
  }

  const envRows = h('tbody', {});
  function envRow(kv = { key: '', value: '' }) {
    const key = h('input', { value: kv.key, 'aria-label': 'Variable name', disabled: !can('write') });
    const value = h('input', { value: kv.value, 'aria-label': 'Variable value', disabled: !can('write') });
    [key, value].forEach((i) => i.addEventListener('input', () => { dirty = true; }));
    const tr = h('tr', { class: 'env' }, h('td', {}, key), h('td', {}, value),
      h('td', {}, can('write') ? h('button', { type: 'button', class: 'small', 'aria-label': `Remove variable ${kv.key}`, onclick: () => { tr.remove(); dirty = true; } }, 'Remove') : null));
    envRows.append(tr);
  }
  const envValues = () => Array.from(envRows.querySelectorAll('tr')).map((tr) => {
    const [k, v] = tr.querySelectorAll('input');
    return { key: k.value.trim(), value: v.value };
  }).filter((kv) => kv.key || kv.value);

  function layout() {
    const s = current();
    const url = `${location.origin}/api/account/${s.account}/lambdas/${uuid}/invoke?v=1`;
    const curl = `curl -X POST '${url}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"timestamp": 0, "headers": [], "payload": {}}'`;
    const editorBox = h('div', { class: 'editor', id: 'code' });
    const source = fn.implementation && typeof fn.implementation.code === 'string';
    (fn.implementation.environmentVariables || []).forEach((kv) => envRow(kv));
    clear(body,
      h('section', { class: 'code-pane', 'aria-labelledby': 'code-title' },
        h('h2', { id: 'code-title' }, 'Code'),
        source ? editorBox : h('p', { class: 'empty' }, 'Your role may invoke this function but not read its code.')),
      h('aside', { class: 'side-pane' },
        h('section', { 'aria-labelledby': 'inv-title' }, h('h2', { id: 'inv-title' }, 'Invoke from outside'),
          h('p', {}, 'UUID ', h('code', { class: 'uuid' }, uuid), ' ', copyButton('Copy UUID', () => uuid)),
          h('p', { class: 'sub' }, 'With a token of an OAuth app (Settings → OAuth apps):'),
          h('pre', { class: 'curl' }, curl), copyButton('Copy curl command', () => curl)),
        source ? h('section', { 'aria-labelledby': 'env-title' }, h('h2', { id: 'env-title' }, 'Environment variables'),
          h('table', { class: 'env-table' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Value'), h('th', {}, ''))), envRows),
          can('write') ? h('button', { type: 'button', class: 'small', onclick: () => { envRow(); envRows.lastChild.querySelector('input').focus(); } }, 'Add variable') : null) : null,
        h('section', {}, h('h2', {}, 'Details'), h('dl', {},
          h('dt', {}, 'Event'), h('dd', {}, fn.eventId || 'No event'),
          h('dt', {}, 'Version'), h('dd', {}, String(fn.version)),
          h('dt', {}, 'Last change'), h('dd', {}, `${fmtTime(fn.updatedAt)} by ${fn.updatedBy}`),
          h('dt', {}, 'Last deployment'), h('dd', {}, fn.lastDeployment && fn.lastDeployment.deploymentState ? `${fn.lastDeployment.deploymentState}, ${fmtTime(fn.lastDeployment.updatedAt)}` : 'never')))));
    if (source) view = codeEditor(editorBox, fn.implementation.code, { readOnly: !can('write'), onChange: () => { dirty = true; } });
  }

  async function save() {
    msg.clear();
    if (view) clearErrors(view);
    try {
      const r = await api.put(`/lambdas/${uuid}`, { version: fn.version, description: fn.description, implementation: { code: view ? text(view) : undefined, environmentVariables: envValues() } });
      dirty = false;
      await reload();
      headline();
      msg.ok(r === null ? 'No changes to save.' : 'Saved.');
      return true;
    } catch (e) {
      if (view && e.code === 'com.liveperson.faas.fm.contract-error') {
        showServerError(view, e.message);
        msg.error({ message: `Not saved: ${e.message}` });
      } else msg.error(e);
      return false;
    }
  }

  async function deploy() {
    if (dirty && !(await save())) return;
    msg.clear();
    try {
      await api.post(`/deployments/${uuid}`);
      msg.ok('Deploying…');
      watch();
    } catch (e) { msg.error(e); }
  }

  async function undeploy() {
    msg.clear();
    try {
      await api.del(`/deployments/${uuid}`);
      msg.ok('Undeploying…');
      watch();
    } catch (e) { msg.error(e); }
  }

  /** Polls the state until the deployment settles (Draft → Build Start → Productive, or an error). */
  function watch() {
    clearTimeout(poll);
    const tick = async () => {
      if (stopped) return;
      try {
        const before = fn.state;
        await reload();
        headline();
        if (BUSY.includes(fn.state) || (before === fn.state && fn.state === 'Draft' && Date.now() - started < 2000)) { poll = setTimeout(tick, 400); return; }
        if (fn.state === 'Productive') msg.ok('Deployed: the function is Productive.');
        else if (fn.state === 'Draft') msg.ok('Undeployed: the function is a Draft.');
      } catch (e) { msg.error(e); }
    };
    const started = Date.now();
    poll = setTimeout(tick, 200);
  }

  async function remove() {
    if (!(await confirmDialog(`Delete the function ${fn.name}? Its schedules go with it. This cannot be undone.`))) return;
    try {
      await api.del(`/lambdas/${uuid}`);
      location.hash = '#/functions';
    } catch (e) { msg.error(e); }
  }

  reload().then(() => {
    layout(); headline();
    if (BUSY.includes(fn.state)) watch();
    else if (params.get('restored')) {
      msg.ok(`Version ${params.get('restored')} was restored into the draft (now version ${fn.version}). Deploy to make it live.`);
      history.replaceState(null, '', `#/functions/${uuid}`);
    }
  }).catch((e) => msg.error(e));
  const beforeUnload = (e) => { if (dirty) { e.preventDefault(); e.returnValue = ''; } };
  window.addEventListener('beforeunload', beforeUnload);
  return () => { stopped = true; clearTimeout(poll); window.removeEventListener('beforeunload', beforeUnload); if (view) view.destroy(); };
}
