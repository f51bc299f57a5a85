// The console's history, activity, latency and user management in a real browser against a real
// server: versions, diff, restore, rollback (Play then answers with the old code), the activity
// stream on Home and its own page, p50/p95/p99 on Metrics, roles, deletion, password reset and
// the own password change (which signs out). The CSP holds throughout.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, newPage, signIn, noProblems, startServer } = require('./browser.js');

const ACCOUNT = '123456';
let server, browser, page, uuid;
const code = (answer) => `function lambda(input, callback) {\n  callback(null, { answer: '${answer}' });\n}\n`;

before(async () => {
  server = await startServer();
  browser = await launch();
  page = await newPage(browser);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function setCode(box, text) {
  await box.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const statusWith = (text) => page.getByRole('status').filter({ hasText: text });

test('edit and save twice, deploy; History lists the versions with what changed', async () => {
  uuid = await server.deploy('hist_fn', code('one'));
  await signIn(page, server.base, ACCOUNT, 'admin', server.password);
  await page.getByRole('heading', { name: 'Home' }).waitFor();
  await page.goto(`${server.base}/#/functions/${uuid}`);
  const editor = page.locator('#code');
  await editor.getByText("answer: 'one'").waitFor();
  for (const answer of ['two', 'three']) {
    await setCode(editor, code(answer));
    await page.getByRole('button', { name: 'Save' }).click();
    await statusWith('Saved.').waitFor();
  }
  await page.getByRole('button', { name: 'Redeploy' }).click();
  await page.getByText('Deployed: the function is Productive.').waitFor({ timeout: 20_000 });

  await page.getByRole('link', { name: 'History', exact: true }).click();
  await page.getByRole('heading', { name: 'History: hist_fn' }).waitFor();
  const row = (v) => page.locator(`tr[data-version="${v}"]`);
  await row(3).waitFor();
  assert.match(await row(3).locator('th').textContent(), /v3\s*deployed\s*draft/);
  assert.match(await row(2).textContent(), /the code/);
  assert.match(await row(1).textContent(), /first version/);
  assert.match(await row(2).textContent(), /admin/);
  await page.getByText('Version 3 is live; the draft is version 3.').waitFor();
});

test('a version is shown read-only; the diff of two versions shows the changed line', async () => {
  await page.locator('.diff-same').waitFor();
  await page.getByRole('button', { name: 'View version 1' }).click();
  const viewer = page.locator('#version-code');
  await viewer.getByText("answer: 'one'").waitFor();
  await viewer.locator('.cm-content').click();
  await page.keyboard.insertText('typed ');
  assert.equal(await viewer.getByText('typed').count(), 0, 'read-only');

  await page.getByLabel('From version', { exact: true }).selectOption('1');
  await page.getByLabel('To version', { exact: true }).selectOption('3');
  await page.getByRole('button', { name: 'Show diff' }).click();
  await page.locator('.dl.del').filter({ hasText: "answer: 'one'" }).waitFor();
  await page.locator('.dl.add').filter({ hasText: "answer: 'three'" }).waitFor();
  assert.match(await page.locator('.diff-box figcaption').textContent(), /from version 1 to version 3: 1 line added, 1 removed/);
});

test('Restore puts an old version into the draft: the editor shows its code', async () => {
  await page.getByRole('button', { name: 'Restore version 2' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
  await statusWith('Version 2 was restored into the draft (now version 4)').waitFor();
  await page.locator('#code').getByText("answer: 'two'").waitFor();
  await page.locator('h1 .badge[data-state="Modified"]').waitFor();
});

test('Rollback deploys the previous deployment again; Play answers with the old code', async () => {
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await page.locator('tr[data-version="4"]').waitFor();
  await page.getByRole('button', { name: 'Roll back to the previous deployment' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Roll back' }).click();
  await statusWith('Rolled back: version 1 is live again as version 5. The function is Productive.').waitFor({ timeout: 20_000 });
  assert.match(await page.locator('tr[data-version="5"] th').textContent(), /deployed\s*draft/);
  await page.getByText('Version 5 is live; the draft is version 5.').waitFor();
  const deployments = page.getByRole('region', { name: 'Last deployments' });
  assert.ok(await deployments.locator('tbody tr').count() >= 3, 'the deployments are listed');
  await deployments.getByRole('row').filter({ hasText: 'v5' }).first().waitFor();
  const acts = page.getByRole('region', { name: 'Activity of this function' });
  await acts.getByText('rolled hist_fn back to version 1, now live').waitFor();
  await acts.getByText('restored version 2 of hist_fn into the draft').waitFor();

  await page.goto(`${server.base}/#/functions/${uuid}/play`);
  await page.locator('#play-payload .cm-content').waitFor();
  await page.getByRole('button', { name: 'Invoke' }).click();
  await page.locator('pre.result').filter({ hasText: '"answer": "one"' }).waitFor();
});

test('Home shows the recent activity and this month against the limit; Activity filters', async () => {
  // Recorded invocations (an app's token; a user's invocation is a test that is not recorded).
  const app = await server.api('POST', '/apps', { name: 'history-app' }, server.token);
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: app.json.client_id, client_secret: app.json.client_secret });
  const tok = await page.request.post(`${server.base}/sentinel/api/account/${ACCOUNT}/app/token?v=2.0`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, data: form.toString() });
  const token = (await tok.json()).access_token;
  for (let i = 0; i < 3; i++) {
    const r = await server.api('POST', `/lambdas/${uuid}/invoke?v=1`, { timestamp: 0, headers: [], payload: {} }, token);
    assert.equal(r.status, 200, r.text);
  }
  await page.getByRole('link', { name: 'Home', exact: true }).click();
  const feed = page.getByRole('list', { name: 'Recent activity' });
  await feed.getByText('rolled hist_fn back to version 1, now live').waitFor();
  await feed.getByText(/changed the code of hist_fn \(now version 3\)/).waitFor();
  assert.equal(await feed.getByRole('link', { name: 'hist_fn' }).first().getAttribute('href'), `#/functions/${uuid}`);
  await page.locator('#month-meter').waitFor();
  await page.getByText(/% of [\d,.]+ per month/).waitFor();

  await page.getByRole('link', { name: 'Show all activity' }).click();
  await page.getByRole('heading', { name: 'Activity', exact: true }).waitFor();
  const list = page.getByRole('list', { name: 'Activity' });
  await list.locator('li').first().waitFor();
  await page.getByLabel('Kind').selectOption({ label: 'Deployments' });
  await page.waitForFunction(() => document.location.hash.includes('kind=deployment.'));
  await list.locator('li[data-kind="deployment.rolledback"]').waitFor();
  const kinds = await list.locator('li').evaluateAll((lis) => lis.map((li) => li.dataset.kind));
  assert.ok(kinds.length > 0 && kinds.every((k) => k.startsWith('deployment.')), kinds.join());
  await page.getByLabel('User').fill('nobody-here');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByText('No activity matches these filters.').waitFor();
});

test('Metrics shows p50, p95 and p99 of the window next to the chart', async () => {
  await page.goto(`${server.base}/#/functions/${uuid}/metrics`);
  const p50 = page.locator('[data-pct="p50"]');
  for (let i = 0; i < 30 && !(await p50.count()); i++) {
    await page.waitForTimeout(500);
    await page.getByLabel('1 hour').check();
    await page.getByLabel('24 hours').check();
  }
  await p50.waitFor();
  for (const p of ['p50', 'p95', 'p99']) assert.match(await page.locator(`[data-pct="${p}"]`).textContent(), /ms$/);
  await page.getByRole('table', { name: 'Distribution of durations' }).waitFor();
});

test('Settings → Users: change roles, the last admin is kept, reset a password, delete', async () => {
  const made = await server.api('POST', '/users', { username: 'dev2', password: 'dev2-password', roles: ['FaaS-Developer'] }, server.token);
  assert.equal(made.status, 201, made.text);
  await page.getByRole('link', { name: 'Settings' }).click();
  const users = page.getByRole('region', { name: 'Users' });
  const roles = users.getByRole('group', { name: 'Roles of dev2' });
  await roles.getByLabel('Developer', { exact: true }).uncheck();
  await roles.getByLabel('Invocation', { exact: true }).check();
  await users.getByRole('button', { name: 'Save roles of dev2' }).click();
  await users.getByText('dev2 now has the roles FaaS-Invocation').waitFor();
  const listed = await server.api('GET', '/users/dev2', undefined, server.token);
  assert.deepEqual(listed.json.roles, ['FaaS-Invocation']);

  await users.getByRole('group', { name: 'Roles of admin' }).getByLabel('Admin', { exact: true }).uncheck();
  await users.getByRole('button', { name: 'Save roles of admin' }).click();
  await users.getByRole('alert').filter({ hasText: 'it is the last FaaS-Admin of account 123456' }).waitFor();
  assert.equal(await users.getByRole('group', { name: 'Roles of admin' }).getByLabel('Admin', { exact: true }).isChecked(), true, 'the list is reloaded');

  await users.getByRole('button', { name: 'Reset password of dev2' }).click();
  await page.getByRole('dialog').getByLabel('New password').fill('dev2-new-password');
  await page.getByRole('dialog').getByRole('button', { name: 'Reset password' }).click();
  await users.getByText('The password of dev2 was reset').waitFor();
  assert.equal((await server.api('POST', '/login?v=1.3', { username: 'dev2', password: 'dev2-new-password' })).status, 200);

  await users.getByRole('button', { name: 'Delete user dev2' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await users.getByText('Deleted dev2.').waitFor();
  assert.equal(await users.locator('tr[data-user="dev2"]').count(), 0);
  assert.equal((await server.api('GET', '/users/dev2', undefined, server.token)).status, 404);
});

test('changing your own password signs you out; the new password works', async () => {
  const made = await server.api('POST', '/users', { username: 'pwuser', password: 'pw-old-password', roles: ['FaaS-Developer'] }, server.token);
  assert.equal(made.status, 201, made.text);
  const narrow = await newPage(browser, { width: 390, height: 800 });
  await signIn(narrow, server.base, ACCOUNT, 'pwuser', 'pw-old-password');
  await narrow.getByRole('heading', { name: 'Home' }).waitFor();
  await narrow.goto(`${server.base}/#/settings`);
  const own = narrow.getByRole('region', { name: 'Your password' });
  await own.getByLabel('Current password').fill('wrong-password');
  await own.getByLabel('New password', { exact: true }).fill('pw-new-password');
  await own.getByLabel('New password again').fill('pw-new-password');
  await own.getByRole('button', { name: 'Change password' }).click();
  await own.getByRole('alert').filter({ hasText: 'The current password is not right.' }).waitFor();
  await own.getByLabel('Current password').fill('pw-old-password');
  await own.getByRole('button', { name: 'Change password' }).click();
  await narrow.getByRole('status').filter({ hasText: 'Your password was changed' }).waitFor();
  await narrow.getByRole('button', { name: 'Sign in' }).waitFor();
  assert.equal(await narrow.evaluate(() => sessionStorage.getItem('fnhost.session')), null);
  await narrow.getByLabel('User', { exact: true }).fill('pwuser');
  await narrow.getByLabel('Password').fill('pw-new-password');
  await narrow.getByRole('button', { name: 'Sign in' }).click();
  await narrow.getByRole('heading', { name: 'Home' }).waitFor();
  assert.equal((await server.api('POST', '/login?v=1.3', { username: 'pwuser', password: 'pw-old-password' })).status, 401);

  // The new pages fit a narrow screen.
  for (const hash of ['#/home', '#/activity', `#/functions/${uuid}/history`, `#/functions/${uuid}/metrics`, '#/settings']) {
    await narrow.goto(`${server.base}/${hash}`);
    await narrow.locator('main h1').first().waitFor();
    await narrow.waitForTimeout(300);
    const [scroll, width] = await narrow.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= width + 1, `${hash} is ${scroll}px wide on a ${width}px screen`);
  }
  noProblems(narrow);
  await narrow.context().close();
});

test('no page errors, console errors or CSP violations in the whole walk', () => {
  noProblems(page);
});
