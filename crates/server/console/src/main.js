// The console's shell: the sign-in gate, the navigation and a router over the URL fragment
// (`#/functions/…`), so no console path can shadow an API path on the server.
import { current, onSession, logout } from './api.js';
import { h, clear } from './ui.js';
import { loginPage } from './pages/login.js';
import { homePage } from './pages/home.js';
import { functionsPage, createPage } from './pages/functions.js';
import { editorPage } from './pages/editor_page.js';
import { playPage } from './pages/play.js';
import { logsPage } from './pages/logs.js';
import { metricsPage } from './pages/metrics.js';
import { schedulesPage } from './pages/schedules.js';
import { settingsPage } from './pages/settings.js';
import { historyPage } from './pages/history.js';
import { activityPage } from './pages/activity.js';

const NAV = [['#/home', 'Home'], ['#/functions', 'Functions'], ['#/logs', 'Logs'], ['#/activity', 'Activity'], ['#/schedules', 'Schedules'], ['#/settings', 'Settings']];

const ROUTES = [
  [/^\/home$/, homePage],
  [/^\/functions$/, functionsPage],
  [/^\/functions\/new$/, createPage],
  [/^\/functions\/([\w-]+)$/, editorPage],
  [/^\/functions\/([\w-]+)\/play$/, playPage],
  [/^\/functions\/([\w-]+)\/metrics$/, metricsPage],
  [/^\/functions\/([\w-]+)\/history$/, historyPage],
  [/^\/activity$/, activityPage],
  [/^\/logs$/, logsPage],
  [/^\/schedules$/, schedulesPage],
  [/^\/settings$/, settingsPage],
];

const app = document.getElementById('app');
let cleanup = null;

function route() {
  if (cleanup) { cleanup(); cleanup = null; }
  const s = current();
  const [path, query] = (location.hash.slice(1) || '/home').split('?');
  if (!s) { clear(app, loginPage()); return; }
  const main = h('main', { id: 'main', tabindex: '-1' });
  const nav = h('nav', { 'aria-label': 'Main' }, h('ul', {}, NAV.map(([href, label]) => h('li', {}, h('a', {
    href, 'aria-current': path.startsWith(href.slice(1)) ? 'page' : null,
  }, label)))));
  clear(app,
    h('a', { class: 'skip', href: '#main', onclick: (e) => { e.preventDefault(); main.focus(); } }, 'Skip to content'),
    h('header', { class: 'top' },
      h('a', { class: 'brand', href: '#/home' }, 'fnhost'),
      nav,
      h('div', { class: 'who' },
        h('span', { title: s.roles.join(', ') }, `${s.user} · account ${s.account}`),
        h('button', { type: 'button', class: 'small', onclick: () => logout() }, 'Sign out'))),
    main);
  const params = new URLSearchParams(query || '');
  for (const [re, page] of ROUTES) {
    const m = re.exec(path);
    if (m) {
      const out = page(main, params, ...m.slice(1));
      if (typeof out === 'function') cleanup = out;
      return;
    }
  }
  clear(main, h('h1', {}, 'Not found'), h('p', {}, 'No such page. '), h('a', { href: '#/home' }, 'Go home'));
}

window.addEventListener('hashchange', route);
onSession((s) => {
  if (!s) { if (location.hash !== '' && location.hash !== '#/login') history.replaceState(null, '', '#/home'); }
  route();
});
route();
