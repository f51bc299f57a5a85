// The activity stream in words: who did what to which function, and when. Shared by Home, the
// Activity page and a function's History (GET /activities, GET /lambdas/{uuid}/activities).
import { h, fmtTime } from './ui.js';

/** The kind filters a user can pick (the API accepts a prefix ending in `.`). */
export const KIND_FILTERS = [
  ['', 'Everything'],
  ['lambda.', 'Function changes'],
  ['deployment.', 'Deployments'],
  ['deployment.failed', 'Failed deployments'],
  ['deployment.rolledback', 'Rollbacks'],
  ['schedule.', 'Schedules'],
  ['secret.', 'Secrets'],
  ['allowlist.', 'Domain allowlist'],
  ['app.', 'OAuth apps'],
  ['user.', 'Users and roles'],
  ['login.', 'Failed sign-ins'],
];

const CHANGE_WORDS = { code: 'the code', environmentVariables: 'the environment variables', description: 'the description', settings: 'the settings', created: 'everything (first version)' };

/** "the code and the environment variables". */
export function changesInWords(changes) {
  const words = (changes || []).map((c) => CHANGE_WORDS[c] || c);
  if (words.length < 2) return words[0] || 'nothing';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const roleWords = (roles) => (roles || []).map((r) => String(r).replace(/^FaaS-/, '')).join(' + ') || 'no role';

/** How long ago `t` was, in words ("3 minutes ago"). */
export function ago(t, now = Date.now()) {
  const s = Math.round((now - t) / 1000);
  if (s < 45) return 'just now';
  if (s < 3600) return plural(Math.round(s / 60), 'minute');
  if (s < 86400) return plural(Math.round(s / 3600), 'hour');
  if (s < 30 * 86400) return plural(Math.round(s / 86400), 'day');
  return new Date(t).toLocaleDateString();
}
const plural = (n, unit) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;

/**
 * One activity as a sentence: [actor, ' ', what…] where the function's name is a link.
 * `names` maps function UUIDs to names (details carry the name for most function kinds).
 */
export function sentence(a, names = new Map()) {
  const d = a.details || {};
  const uuid = a.lambdaUUID;
  const name = (uuid && names.get(uuid)) || d.name || d.function || (uuid ? `a function (${uuid.slice(0, 8)}…)` : 'a function');
  const fn = uuid ? h('a', { href: `#/functions/${uuid}`, class: 'fn-link' }, name) : h('strong', {}, name);
  const v = (n) => (n === undefined || n === null ? '' : ` version ${n}`);
  const code = (t) => h('code', {}, String(t));
  switch (a.kind) {
    case 'lambda.created': return ['created the function ', fn];
    case 'lambda.updated': return ['changed ', changesInWords(d.changes), ' of ', fn, d.version ? ` (now${v(d.version)})` : ''];
    case 'lambda.deleted': return ['deleted the function ', fn];
    case 'lambda.restored': return ['restored', v(d.restoredVersion), ' of ', fn, ' into the draft', d.version ? ` (now${v(d.version)})` : ''];
    case 'deployment.started': return ['started deploying ', fn, v(d.version)];
    case 'deployment.succeeded': return ['deployed ', fn, v(d.version), ': it is live'];
    case 'deployment.failed': return ['tried to deploy ', fn, v(d.version), ', which failed', d.errorMsg ? `: ${d.errorMsg}` : ''];
    case 'deployment.undeployed': return ['undeployed ', fn];
    case 'deployment.rolledback': return ['rolled ', fn, ' back to', v(d.restoredVersion), d.succeeded === false ? ', but its deployment failed' : ', now live'];
    case 'schedule.created': return ['scheduled ', fn, ' at ', code(d.cron || '?')];
    case 'schedule.updated': return ['changed a schedule of ', fn];
    case 'schedule.deleted': return ['deleted a schedule of ', fn];
    case 'secret.created': return ['saved the secret ', code(d.key)];
    case 'secret.updated': return ['changed the secret ', code(d.key)];
    case 'secret.deleted': return ['deleted the secret ', code(d.key)];
    case 'allowlist.added': return ['allowed the domain ', code(d.domain)];
    case 'allowlist.removed': return ['removed the domain ', code(d.domain), ' from the allowlist'];
    case 'app.created': return ['created the OAuth app ', h('strong', {}, d.name || d.clientId)];
    case 'app.revoked': return ['revoked the OAuth app ', h('strong', {}, d.name || d.clientId)];
    case 'user.created': return ['created the user ', h('strong', {}, d.user), ` (${roleWords(d.roles)})`];
    case 'user.deleted': return ['deleted the user ', h('strong', {}, d.user)];
    case 'user.role_changed': return ['changed the roles of ', h('strong', {}, d.user), ` from ${roleWords(d.from)} to ${roleWords(d.to)}`];
    case 'user.password_reset': return ['reset the password of ', h('strong', {}, d.user)];
    case 'user.password_changed': return ['changed their own password'];
    case 'report.settings_changed': return ['changed the report settings'];
    case 'login.failed': return ['could not sign in', d.reason ? ` (${d.reason})` : '', d.source ? ` from ${d.source}` : ''];
    default: return [`did ${a.kind}`, uuid ? [' on ', fn] : ''];
  }
}

const TONE = { 'deployment.failed': 'bad', 'login.failed': 'bad', 'deployment.rolledback': 'warn', 'deployment.succeeded': 'ok' };

/** A list of activities (newest first); empty text when there are none. */
export function activityList(items, names, { label = 'Activity', empty = 'No activity yet.' } = {}) {
  if (!items.length) return h('p', { class: 'empty' }, empty);
  const now = Date.now();
  return h('ol', { class: 'activity', 'aria-label': label }, items.map((a) => h('li', { class: `act ${TONE[a.kind] || ''}`, 'data-kind': a.kind },
    h('span', { class: 'act-text' }, h('strong', { class: 'actor' }, a.actor || 'the platform'), ' ', sentence(a, names)),
    h('time', { datetime: a.at, title: fmtTime(a.timestamp) }, ago(a.timestamp, now)))));
}

/** UUID → name of the account's functions (for activities that only carry the UUID). */
export async function functionNames(api) {
  try {
    const list = await api.get('/lambdas');
    return new Map(list.map((f) => [f.uuid, f.name]));
  } catch (e) { return new Map(); }
}
