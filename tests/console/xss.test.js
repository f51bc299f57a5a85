// Every user-controlled string is rendered as text. Markup goes into a function's name (only
// A-Z, a-z, 0-9 and _ are accepted, so the most markup-like name the server takes), description,
// environment variable, result, error message and log lines, a user's name and an OAuth app's
// name; the test then walks Functions, the editor, History, Play (result, logs, failure), Logs,
// Home, Activity and Settings. The browser context bypasses the CSP, so if any string were parsed
// as HTML its handler would run: no dialog may open, no flag may be set, no <img>/<svg>/<script>
// may appear in the page, and the markup must be visible as literal text.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, signIn, startServer } = require('./browser.js');

const ACCOUNT = '123456';
const NAME = 'img_src_x_onerror_alert_1';
const LOG = '<img src=x onerror=alert(1)>';
const DESC = '<img src=x onerror=window.__xss=2><b>bold</b>';
const ENV = '<svg onload=alert(3)>';
const RESULT = '<script>window.__xss=4</script><img src=x onerror=alert(4)>';
const ERROR = '<img src=x onerror=alert(5)>';
const USER = '<img src=x onerror=alert(6)>';
const APP = '<img src=x onerror=alert(7)>';
let server, browser, context, page, uuid, failing;
const dialogs = [];
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launch();
  // No CSP: the CSP would block inline handlers anyway; without it, markup rendered as HTML
  // would really run, so this test proves the rendering itself.
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => problems.push(e.message));
  const code = `function lambda(input, callback) {
  console.info(${JSON.stringify(LOG)});
  console.warn('warn ' + ${JSON.stringify(LOG)}, { html: ${JSON.stringify(LOG)} });
  if (input.payload.fail) { callback(new Error(${JSON.stringify(ERROR)})); return; }
  callback(null, { html: ${JSON.stringify(RESULT)}, env: process.env.MARKUP });
}
`;
  uuid = await server.deploy(NAME, code, { description: DESC, implementation: { code, environmentVariables: [{ key: 'MARKUP', value: ENV }] } });
  failing = uuid;
  // A recorded invocation (an OAuth app's token) so the Logs page has the line.
  const app = await server.api('POST', '/apps', { name: APP }, server.token);
  assert.equal(app.status, 201, app.text);
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: app.json.client_id, client_secret: app.json.client_secret });
  const tok = await fetch(`${server.base}/sentinel/api/account/${ACCOUNT}/app/token?v=2.0`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  const token = (await tok.json()).access_token;
  const inv = await server.api('POST', `/lambdas/${uuid}/invoke?v=1`, { timestamp: 0, headers: [], payload: {} }, token);
  assert.equal(inv.status, 200, inv.text);
  const user = await server.api('POST', '/users', { username: USER, password: 'markup-password', roles: ['FaaS-Developer'] }, server.token);
  page.userAccepted = user.status < 300;
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

/** Nothing ran: no dialog, no flag, no element made from the strings. */
async function nothingRan(where) {
  await page.waitForTimeout(200);
  assert.deepEqual(dialogs, [], `no dialog on ${where}`);
  assert.deepEqual(problems, [], `no page error on ${where}`);
  const found = await page.evaluate(() => ({
    flag: window.__xss,
    elements: document.querySelectorAll('main img, main svg:not(.chart), main script, main b, header img').length,
  }));
  assert.equal(found.flag, undefined, `no flag set on ${where}`);
  assert.equal(found.elements, 0, `no element made from markup on ${where}`);
}

const literal = (text) => page.getByText(text, { exact: false }).first();

test('Functions list and editor show the name, description and env value as text', async () => {
  await signIn(page, server.base, ACCOUNT, 'admin', server.password);
  await page.getByRole('heading', { name: 'Home' }).waitFor();
  await page.goto(`${server.base}/#/functions`);
  await page.getByRole('link', { name: NAME }).waitFor();
  await literal(DESC).waitFor();
  await nothingRan('Functions');
  await page.getByRole('link', { name: NAME }).click();
  await page.getByRole('heading', { name: new RegExp(NAME) }).waitFor();
  await literal(DESC).waitFor();
  assert.equal(await page.getByLabel('Variable value').inputValue(), ENV);
  await nothingRan('the editor');
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await page.locator('tr[data-version="1"]').waitFor();
  await nothingRan('History');
});

test('Play shows the result, the logs and a failure message as text', async () => {
  await page.goto(`${server.base}/#/functions/${uuid}/play`);
  await page.locator('#play-payload .cm-content').waitFor();
  await page.getByRole('button', { name: 'Invoke' }).click();
  await page.locator('pre.result').filter({ hasText: RESULT }).waitFor();
  assert.match(await page.locator('pre.result').textContent(), /<svg onload=alert\(3\)>/);
  await page.locator('.log.info .message').filter({ hasText: LOG }).waitFor();
  assert.match(await page.locator('.log.warn .extras').textContent(), /onerror=alert\(1\)/);
  await nothingRan('Play (result)');
  await page.locator('#play-payload .cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('{"fail": true}');
  await page.getByRole('button', { name: 'Invoke' }).click();
  await page.locator('.result-error').filter({ hasText: ERROR }).waitFor();
  await nothingRan('Play (failure)');
  assert.equal(failing, uuid);
});

test('Logs, Home and Activity show the log line, names and users as text', async () => {
  await page.goto(`${server.base}/#/logs?fn=${uuid}`);
  await page.locator('.log-group .message').filter({ hasText: LOG }).first().waitFor();
  await nothingRan('Logs');
  await page.goto(`${server.base}/#/home`);
  await page.locator('ol.activity').getByText(NAME).first().waitFor();
  await nothingRan('Home');
  await page.goto(`${server.base}/#/activity`);
  await page.locator('ol.activity').getByText(NAME).first().waitFor();
  if (page.userAccepted) await page.locator('ol.activity').getByText(USER).first().waitFor();
  await nothingRan('Activity');
  await page.goto(`${server.base}/#/settings`);
  await page.getByRole('region', { name: 'OAuth apps' }).getByRole('cell', { name: APP }).waitFor();
  if (page.userAccepted) await page.locator('tr[data-user]').filter({ hasText: USER }).waitFor();
  await nothingRan('Settings');
});
