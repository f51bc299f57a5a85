// The session and every call to the public REST API. The token lives in sessionStorage (gone
// when the tab closes) and travels in the Authorization header; the console sets no cookies.
const KEY = 'fnhost.session';
const FLASH = 'fnhost.flash';
let session = load();
let renewTimer = null;
const listeners = new Set();

function load() {
  try { return JSON.parse(sessionStorage.getItem(KEY)) || null; } catch (e) { return null; }
}

function save(s) {
  session = s;
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s)); else sessionStorage.removeItem(KEY);
  scheduleRenew();
  listeners.forEach((f) => f(s));
}

/** Claims of a JWT (no verification: the server verifies; the UI only reads roles and expiry). */
export function claims(token) {
  const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const text = atob(part + '='.repeat((4 - (part.length % 4)) % 4));
  return JSON.parse(decodeURIComponent(Array.from(text, (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join('')));
}

export const current = () => session;
/** The message left for the sign-in page by `logout(message)`, once. */
export function takeFlash() {
  const m = sessionStorage.getItem(FLASH);
  sessionStorage.removeItem(FLASH);
  return m;
}
export const onSession = (f) => listeners.add(f);

/** An API failure: the platform's `{errorCode, errorMsg, errorLogs}` and the HTTP status. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.errorMsg || body.error_description || body.message)) || `HTTP ${status}`);
    this.status = status;
    this.code = body && body.errorCode;
    this.logs = (body && body.errorLogs) || [];
  }
}

function base(account) { return `/api/account/${encodeURIComponent(account)}`; }

async function send(method, path, body, { account, token, raw } = {}) {
  const s = session;
  const acc = account || (s && s.account);
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const bearer = token === '-' ? null : token || (s && s.bearer);
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const res = await fetch(base(acc) + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store',
  });
  if (raw && res.ok) return res;
  const text = await res.text();
  let data;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
  if (res.status === 401 && s && !token) { save(null); }
  if (!res.ok && res.status !== 304) throw new ApiError(res.status, data);
  return data;
}

export const api = {
  get: (p, o) => send('GET', p, undefined, o),
  post: (p, b, o) => send('POST', p, b, o),
  put: (p, b, o) => send('PUT', p, b, o),
  del: (p, o) => send('DELETE', p, undefined, o),
  text: async (p) => (await send('GET', p, undefined, { raw: true })).text(),
};

export async function login(account, username, password) {
  const r = await send('POST', '/login?v=1.3', { username, password }, { account, token: '-' });
  save(sessionFrom(account, r));
}

function sessionFrom(account, r) {
  const c = claims(r.bearer);
  return { account, bearer: r.bearer, csrf: r.csrf, sessionId: r.sessionId || (session && session.sessionId), user: c.name, roles: c.roles || [], exp: c.exp * 1000 };
}

/** Renews the token a minute before it expires (POST /session/renew with the session id). */
function scheduleRenew() {
  clearTimeout(renewTimer);
  if (!session) return;
  const wait = Math.max(5_000, session.exp - Date.now() - 60_000);
  renewTimer = setTimeout(renew, Math.min(wait, 2 ** 31 - 1));
}

export async function renew() {
  const s = session;
  if (!s) return;
  try {
    const r = await send('POST', '/session/renew', { sessionId: s.sessionId, csrf: s.csrf }, { token: '-' });
    save(sessionFrom(s.account, r));
  } catch (e) {
    if (e.status === 401) save(null); else scheduleRenew();
  }
}

/** Signs out; `message` (e.g. why) is shown on the sign-in page once. */
export async function logout(message) {
  const s = session;
  if (message) sessionStorage.setItem(FLASH, message);
  save(null);
  if (s) {
    try { await send('POST', '/logout', { sessionId: s.sessionId, csrf: s.csrf }, { account: s.account, token: '-' }); } catch (e) { /* signed out locally anyway */ }
  }
}

scheduleRenew();

/** What the signed-in user may do (the server's role matrix, lpf-spec §7.3); the server enforces it. */
export function can(what) {
  const roles = (session && session.roles) || [];
  const has = (r) => roles.includes(r);
  const admin = has('FaaS-Admin'), dev = has('FaaS-Developer');
  switch (what) {
    case 'write': return dev;
    case 'invoke': return dev || has('FaaS-Invocation');
    case 'source': return admin || dev;
    case 'schedule': return admin || dev;
    case 'allowlist': return admin || dev;
    case 'allowlistWrite': return admin;
    case 'secrets': return admin || dev;
    case 'secretsWrite': return admin;
    case 'access': return admin;
    default: return false;
  }
}
