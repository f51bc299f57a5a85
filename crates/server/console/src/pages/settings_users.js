// Settings → Users (admins): create, change roles, reset a password, delete (GET/POST /users,
// PUT/DELETE /users/{user}, POST /users/{user}/password); and Settings → Your password for every
// user (POST /password), which ends all of the user's sessions, so the console signs out.
import { api, current, logout } from '../api.js';
import { h, clear, field, status, table, confirmDialog, fmtTime, paged } from '../ui.js';

const ROLES = [['FaaS-Admin', 'Admin', 'secrets, allowlist, users'], ['FaaS-Developer', 'Developer', 'write and deploy'], ['FaaS-Invocation', 'Invocation', 'read and invoke']];

/** The server's message alone: its words say what went wrong (e.g. the last admin). */
const words = (e) => ({ message: e.message || String(e) });

/** A modal asking for a new password; resolves the password or null when cancelled. */
function passwordDialog(title) {
  return new Promise((resolve) => {
    const input = h('input', { type: 'password', name: 'reset-password', required: true, minlength: 8, autocomplete: 'new-password' });
    const form = h('form', { method: 'dialog' },
      h('h2', {}, title),
      field('New password', input, 'At least 8 characters. Their sessions end; tell them the new password.'),
      h('div', { class: 'row' },
        h('button', { type: 'submit', class: 'primary', value: 'yes' }, 'Reset password'),
        h('button', { type: 'button', onclick: () => d.close('no') }, 'Cancel')));
    const d = h('dialog', { class: 'dialog', 'aria-label': title }, form);
    d.addEventListener('close', () => { d.remove(); resolve(d.returnValue === 'yes' ? input.value : null); });
    document.body.append(d);
    d.showModal();
    input.focus();
  });
}

export function usersSection(section) {
  const list = h('div', {});
  const msg = status();
  const me = () => (current() || {}).user;

  function rolesEditor(u) {
    const boxes = ROLES.map(([v, label, what]) => {
      const id = `role-${u.userId}-${v}`;
      return [h('input', { type: 'checkbox', id, value: v, checked: u.roles.includes(v) }), h('label', { for: id, title: what }, label)];
    });
    const save = h('button', { type: 'button', class: 'small', 'aria-label': `Save roles of ${u.loginName}` }, 'Save roles');
    save.addEventListener('click', async () => {
      msg.clear();
      const roles = boxes.map(([b]) => b).filter((b) => b.checked).map((b) => b.value);
      if (!roles.length) { msg.error({ message: `Give ${u.loginName} at least one role.` }); return; }
      try {
        const r = await api.put(`/users/${encodeURIComponent(u.userId)}`, { roles });
        if (u.loginName === me()) { logout(`Your roles are now ${r.roles.join(', ')}. Sign in again.`); return; }
        await load();
        msg.ok(`${u.loginName} now has the roles ${r.roles.join(', ')}; their sessions have ended.`);
      } catch (e) { await load(); msg.error(words(e)); }
    });
    return h('fieldset', { class: 'choice roles' }, h('legend', { class: 'sr-only' }, `Roles of ${u.loginName}`),
      boxes.map((b) => h('span', {}, b)), save);
  }

  async function resetPassword(u) {
    const pw = await passwordDialog(`Reset the password of ${u.loginName}`);
    if (pw === null) return;
    msg.clear();
    try {
      await api.post(`/users/${encodeURIComponent(u.userId)}/password`, { password: pw });
      if (u.loginName === me()) { logout('Your password was reset. Sign in again with the new password.'); return; }
      msg.ok(`The password of ${u.loginName} was reset; their sessions have ended.`);
    } catch (e) { msg.error(words(e)); }
  }

  async function remove(u) {
    if (!(await confirmDialog(`Delete the user ${u.loginName}? They are signed out everywhere and cannot sign in again.`))) return;
    msg.clear();
    try {
      await api.del(`/users/${encodeURIComponent(u.userId)}`);
      if (u.loginName === me()) { logout(`Your user ${u.loginName} was deleted.`); return; }
      await load();
      msg.ok(`Deleted ${u.loginName}.`);
    } catch (e) { msg.error(words(e)); }
  }

  const load = async () => {
    try {
      const us = await api.get('/users');
      clear(list, paged(us, (slice) => table(['User', 'Roles', 'Created', ''], slice.map((u) => h('tr', { 'data-user': u.loginName },
        h('th', { scope: 'row' }, u.loginName, u.loginName === me() ? h('span', { class: 'sub' }, ' (you)') : null),
        h('td', {}, rolesEditor(u)),
        h('td', {}, fmtTime(u.createdAt)),
        h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'small', 'aria-label': `Reset password of ${u.loginName}`, onclick: () => resetPassword(u) }, 'Reset password'),
          h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete user ${u.loginName}`, onclick: () => remove(u) }, 'Delete'))))), { noun: 'users' }));
    } catch (e) { msg.error(e); }
  };
  const username = h('input', { name: 'new-username', required: true, autocomplete: 'off' });
  const password = h('input', { name: 'new-password', type: 'password', required: true, minlength: 8, autocomplete: 'new-password' });
  const role = h('select', { name: 'role' }, [ROLES[1], ROLES[2], ROLES[0]].map(([v, l, what]) => h('option', { value: v }, `${l} (${what})`)));
  const formMsg = status();
  const form = h('form', { class: 'inline-form' }, field('User name', username), field('Password', password, 'At least 8 characters.'), field('Role', role),
    h('button', { type: 'submit' }, 'Create user'), formMsg);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    formMsg.clear();
    try {
      await api.post('/users', { username: username.value.trim(), password: password.value, roles: [role.value] });
      const made = username.value.trim();
      username.value = ''; password.value = '';
      load();
      formMsg.ok(`Created ${made}.`);
    } catch (err) { formMsg.error(words(err)); }
  });
  load();
  const box = section('s-users', 'Users', form, h('p', { class: 'sub' }, 'Changing roles, resetting a password or deleting a user ends their sessions. The last admin cannot lose the Admin role.'), msg, list);
  box.classList.add('wide');
  return box;
}

/** Your own password: current and new (twice); on success every session ends, so sign out. */
export function ownPasswordSection(section) {
  const cur = h('input', { name: 'current-password', type: 'password', required: true, autocomplete: 'current-password' });
  const next = h('input', { name: 'new-own-password', type: 'password', required: true, minlength: 8, autocomplete: 'new-password' });
  const again = h('input', { name: 'new-own-password-again', type: 'password', required: true, minlength: 8, autocomplete: 'new-password' });
  const msg = status();
  const button = h('button', { type: 'submit' }, 'Change password');
  const form = h('form', { class: 'stack-form', 'aria-label': 'Change your password' },
    field('Current password', cur), field('New password', next, 'At least 8 characters.'), field('New password again', again), button, msg);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    msg.clear();
    if (next.value !== again.value) { msg.error({ message: 'The new passwords do not match.' }); again.focus(); return; }
    button.disabled = true;
    try {
      await api.post('/password', { currentPassword: cur.value, newPassword: next.value });
      logout('Your password was changed and every session of yours has ended. Sign in again with the new password.');
    } catch (err) {
      msg.error(err.status === 400 && /currentPassword/.test(err.message) ? { message: 'The current password is not right.' } : words(err));
      button.disabled = false;
    }
  });
  return section('s-password', 'Your password', h('p', { class: 'sub' }, `Signed in as ${(current() || {}).user}. Changing it signs you out everywhere.`), form);
}
