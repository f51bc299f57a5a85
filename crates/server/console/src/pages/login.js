// Sign in with account, user and password (POST /login); the bearer token stays in the tab.
import { login, takeFlash } from '../api.js';
import { h, field, status } from '../ui.js';

export function loginPage() {
  const account = h('input', { name: 'account', autocomplete: 'organization', required: true, value: localStorage.getItem('fnhost.account') || '' });
  const user = h('input', { name: 'username', autocomplete: 'username', required: true, value: 'admin' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = status();
  const flash = takeFlash();
  if (flash) msg.ok(flash);
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'login card', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Sign in to fnhost'),
    field('Account', account), field('User', user), field('Password', password),
    button, msg);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    msg.clear();
    button.disabled = true;
    try {
      localStorage.setItem('fnhost.account', account.value.trim());
      await login(account.value.trim(), user.value.trim(), password.value);
    } catch (err) {
      msg.error(err.status === 401 ? { message: 'Wrong account, user or password.' } : err);
      password.select();
    } finally {
      button.disabled = false;
    }
  });
  setTimeout(() => (account.value ? password : account).focus(), 0);
  return h('div', { class: 'login-wrap' }, form);
}
