// A function's history: its versions (who, when, what changed; deployed and draft marked), a
// version's code read-only, a diff of any two versions, restore a version into the draft,
// roll back (restore and deploy), the last deployments and the function's own activity
// (GET …/versions, …/versions/{v}, …/diff, POST …/restore and …/rollback, GET …/deployments,
// GET …/lambdas/{uuid}/activities).
import { api, can } from '../api.js';
import { h, clear, status, stateBadge, fmtTime, confirmDialog, table, fnTabs, paged } from '../ui.js';
import { codeEditor } from '../editor.js';
import { activityList, changesInWords } from '../activity.js';

/** The unified diff text as lines coloured by their sign. */
export function diffView(text, label) {
  const lines = text.replace(/\n$/, '').split('\n');
  const cls = (l) => (l.startsWith('+++') || l.startsWith('---') ? 'meta' : l.startsWith('@@') ? 'hunk'
    : l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : l.startsWith('\\') ? 'meta' : 'ctx');
  const added = lines.filter((l) => cls(l) === 'add').length, removed = lines.filter((l) => cls(l) === 'del').length;
  return h('figure', { class: 'diff-box' },
    h('figcaption', {}, `${label}: ${added} line${added === 1 ? '' : 's'} added, ${removed} removed`),
    h('pre', { class: 'diff', tabindex: '0', 'aria-label': label }, lines.map((l) => h('span', { class: `dl ${cls(l)}` }, l, '\n'))));
}

export function historyPage(main, _params, uuid) {
  let fn = null, versions = [], viewer = null, stopped = false;
  const msg = status();
  const head = h('div', { class: 'page-head' });
  const versionsBox = h('div', {});
  const viewBox = h('section', { class: 'card', 'aria-labelledby': 'view-title', hidden: true });
  const fromSel = h('select', { id: 'diff-from', name: 'from' });
  const toSel = h('select', { id: 'diff-to', name: 'to' });
  const diffOut = h('div', { 'aria-live': 'polite' });
  const deploymentsBox = h('div', {});
  const activityBox = h('div', {});
  const source = can('source');
  const write = can('write');

  const diffForm = h('form', { class: 'filters diff-form', 'aria-label': 'Compare versions' },
    h('div', { class: 'field' }, h('label', { for: 'diff-from' }, 'From version'), fromSel),
    h('div', { class: 'field' }, h('label', { for: 'diff-to' }, 'To version'), toSel),
    h('button', { type: 'submit' }, 'Show diff'));
  diffForm.addEventListener('submit', (e) => { e.preventDefault(); showDiff(); });

  clear(main, head, fnTabs(uuid, 'history'), msg,
    h('section', { class: 'card', 'aria-labelledby': 'versions-title' }, h('h2', { id: 'versions-title' }, 'Versions'),
      h('p', { class: 'sub' }, 'Every saved change makes a version. Restore puts an old version into the draft (nothing is deployed); roll back restores it and deploys it.'),
      versionsBox),
    viewBox,
    source ? h('section', { class: 'card', 'aria-labelledby': 'diff-title' }, h('h2', { id: 'diff-title' }, 'Compare versions'), diffForm, diffOut) : null,
    h('div', { class: 'history-grid' },
      h('section', { class: 'card', 'aria-labelledby': 'deps-title' }, h('h2', { id: 'deps-title' }, 'Last deployments'), deploymentsBox),
      h('section', { class: 'card', 'aria-labelledby': 'fn-act-title' }, h('h2', { id: 'fn-act-title' }, 'Activity of this function'), activityBox)));

  const deployedVersion = () => (versions.find((v) => v.deployed) || {}).version;
  const currentVersion = () => (versions.find((v) => v.current) || versions[0] || {}).version;

  function headline() {
    clear(head,
      h('div', {}, h('h1', {}, `History: ${fn.name}`, ' ', stateBadge(fn.state)),
        h('p', { class: 'sub' }, deployedVersion() ? `Version ${deployedVersion()} is live; the draft is version ${currentVersion()}.` : `Not deployed; the draft is version ${currentVersion()}.`)),
      h('div', { class: 'actions' },
        write ? h('button', { type: 'button', onclick: () => rollback(null), 'data-action': 'rollback' }, 'Roll back to the previous deployment') : null,
        h('a', { class: 'button', href: `#/functions/${uuid}` }, 'Back to the code')));
  }

  function drawVersions() {
    const dep = deployedVersion();
    const row = (v) => h('tr', { 'data-version': v.version },
      h('th', { scope: 'row' }, `v${v.version}`, ' ',
        v.deployed ? h('span', { class: 'badge ok' }, 'deployed') : null, ' ',
        v.current ? h('span', { class: 'badge muted' }, 'draft') : null),
      h('td', {}, h('time', { datetime: v.createdAt }, fmtTime(v.createdAt))),
      h('td', {}, v.createdBy),
      h('td', { class: 'changes' }, v.changes ? changesInWords(v.changes) : 'unknown (the previous version is no longer kept)', v.note ? h('div', { class: 'sub' }, v.note) : null),
      h('td', {}, h('div', { class: 'row-actions' },
        source ? h('button', { type: 'button', class: 'small', 'aria-label': `View version ${v.version}`, onclick: () => view(v.version) }, 'View') : null,
        source && dep && dep !== v.version ? h('button', { type: 'button', class: 'small', 'aria-label': `Compare version ${v.version} with the deployed version`, onclick: () => { fromSel.value = String(dep); toSel.value = String(v.version); showDiff(); } }, 'Diff') : null,
        write && !v.current ? h('button', { type: 'button', class: 'small', 'aria-label': `Restore version ${v.version}`, onclick: () => restore(v.version) }, 'Restore') : null,
        write && !v.deployed ? h('button', { type: 'button', class: 'small', 'aria-label': `Roll back to version ${v.version}`, onclick: () => rollback(v.version) }, 'Roll back') : null)));
    clear(versionsBox, versions.length ? paged(versions, (slice) => table(['Version', 'When', 'Who', 'What changed', ''], slice.map(row)), { noun: 'versions' }) : h('p', { class: 'empty' }, 'No versions kept.'));
    const opts = () => versions.map((v) => h('option', { value: String(v.version) }, `v${v.version}${v.deployed ? ' (deployed)' : ''}${v.current ? ' (draft)' : ''}`));
    const [f, t] = [fromSel.value, toSel.value];
    clear(fromSel, opts()); clear(toSel, opts());
    fromSel.value = f && versions.some((v) => String(v.version) === f) ? f : String(dep || (versions[1] || versions[0] || {}).version || '');
    toSel.value = t && versions.some((v) => String(v.version) === t) ? t : String(currentVersion() || '');
  }

  async function view(v) {
    try {
      const r = await api.get(`/lambdas/${uuid}/versions/${v}`);
      if (viewer) viewer.destroy();
      const host = h('div', { class: 'editor', id: 'version-code' });
      const env = r.environmentVariables || [];
      clear(viewBox,
        h('div', { class: 'section-head' }, h('h2', { id: 'view-title' }, `Version ${v}`), h('button', { type: 'button', class: 'small', onclick: () => { viewBox.hidden = true; if (viewer) { viewer.destroy(); viewer = null; } } }, 'Close')),
        h('p', { class: 'sub' }, `Saved ${fmtTime(r.createdAt)} by ${r.createdBy}. Read-only: restore it to edit.`),
        host,
        h('h3', {}, 'Environment variables'),
        env.length ? h('dl', { class: 'env-list' }, env.map((kv) => [h('dt', {}, h('code', {}, kv.key)), h('dd', {}, h('code', {}, kv.value))])) : h('p', { class: 'empty' }, 'None.'));
      viewBox.hidden = false;
      viewer = codeEditor(host, r.code || '', { readOnly: true, label: `Code of version ${v}`, height: '40vh' });
      viewBox.scrollIntoView({ block: 'start' });
    } catch (e) { msg.error(e); }
  }

  async function showDiff() {
    if (!fromSel.value || !toSel.value) return;
    try {
      const r = await api.get(`/lambdas/${uuid}/diff?from=${encodeURIComponent(fromSel.value)}&to=${encodeURIComponent(toSel.value)}`);
      clear(diffOut, r.identical ? h('p', { class: 'empty diff-same' }, `Versions ${r.from} and ${r.to} have the same code and environment variables.`)
        : diffView(r.diff, `Changes from version ${r.from} to version ${r.to}`));
    } catch (e) { clear(diffOut, h('p', { class: 'status error', role: 'alert' }, e.message)); }
  }

  async function restore(v) {
    if (!(await confirmDialog(`Restore version ${v} into the draft? The draft's code and environment variables are replaced (the current draft stays in the history). Nothing is deployed.`, 'Restore'))) return;
    try {
      const r = await api.post(`/lambdas/${uuid}/versions/${v}/restore`);
      location.hash = `#/functions/${uuid}?restored=${v}&as=${r.version}`;
    } catch (e) { msg.error(e); }
  }

  async function rollback(v) {
    const what = v ? `version ${v}` : 'the previously deployed version';
    if (!(await confirmDialog(`Roll back to ${what}? It becomes the draft and is deployed right away, replacing what is live now.`, 'Roll back'))) return;
    const buttons = Array.from(main.querySelectorAll('button'));
    buttons.forEach((b) => { b.disabled = true; });
    msg.ok(`Rolling back to ${what}…`);
    try {
      const r = await api.post(`/lambdas/${uuid}/rollback`, v ? { version: v } : {});
      await load();
      msg.ok(`Rolled back: version ${r.restoredVersion} is live again as version ${r.version}. The function is ${r.lambda ? r.lambda.state : fn.state}.`);
    } catch (e) {
      msg.error(e);
      load().catch(() => {});
    } finally { buttons.forEach((b) => { b.disabled = false; }); }
  }

  function drawDeployments(deps) {
    // The newest finished deployment of the deployed version is what runs now.
    const live = deps.find((d) => d.deploymentState === 'Deploy Finish' && d.lambdaVersion === deployedVersion());
    clear(deploymentsBox, deps.length ? paged(deps, (slice) => table(['Version', 'State', 'Started', 'By', 'Error'], slice.map((d) => h('tr', {},
      h('th', { scope: 'row' }, `v${d.lambdaVersion}`),
      h('td', {}, depBadge(d.deploymentState), d === live ? [' ', h('span', { class: 'badge ok live' }, 'live now')] : null),
      h('td', {}, fmtTime(d.createdAt), d.deployedAt ? h('div', { class: 'sub' }, `live ${fmtTime(d.deployedAt)}`) : null),
      h('td', {}, d.createdBy),
      h('td', { class: d.deploymentError ? 'error' : 'sub' }, d.deploymentError ? `${d.deploymentError.errorMsg}` : '–')))), { noun: 'deployments' }) : h('p', { class: 'empty' }, 'Never deployed.'));
  }

  async function load() {
    const [[f], vs, deps, acts] = await Promise.all([
      api.get(`/lambdas/${uuid}`), api.get(`/lambdas/${uuid}/versions`), api.get(`/lambdas/${uuid}/deployments`),
      api.get(`/lambdas/${uuid}/activities?limit=30`),
    ]);
    if (stopped) return;
    fn = f; versions = vs;
    headline();
    drawVersions();
    drawDeployments(deps);
    clear(activityBox, activityList(acts, new Map([[uuid, fn.name]]), { label: 'Activity of this function' }));
    if (source) showDiff();
  }

  load().catch((e) => msg.error(e));
  return () => { stopped = true; if (viewer) viewer.destroy(); };
}

const DEP = { 'Deploy Finish': ['deployed', 'ok'], 'Deploy Start': ['deploying', 'busy'], 'Build Start': ['building', 'busy'], 'Build Finish': ['built', 'busy'], 'Deploy Error': ['deploy failed', 'bad'], 'Build Error': ['build failed', 'bad'], Undeployed: ['undeployed', 'muted'] };
function depBadge(state) {
  const [label, cls] = DEP[state] || [String(state), 'muted'];
  return h('span', { class: `badge ${cls}`, 'data-state': state, title: state }, label);
}
