// The web console in a real browser against a real server: sign-in, a function from template to
// Productive, Play, logs, schedules, settings, roles, sign-out; the CSP holds throughout.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, newPage, signIn, noProblems, startServer } = require('./browser.js');

const ACCOUNT = '123456';
let server, browser, page, uuid;
const GOOD = `function lambda(input, callback) {
  console.info('hello from the console test');
  console.warn('a warning line');
  callback(null, { greeting: 'hi ' + input.payload.name });
}
`;
const BROKEN = `function lambda(input, callback) {
  callback(null, { ok: true }
}
`;

before(async () => {
  server = await startServer();
  browser = await launch();
  page = await newPage(browser);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

/** Replaces the whole text of the CodeMirror editor inside `box`. */
async function setCode(box, text) {
  await box.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

test('the console is served with a strict CSP and does not shadow the API', async () => {
  const res = await page.goto(`${server.base}/`);
  assert.equal(res.status(), 200);
  const h = res.headers();
  assert.match(h['content-security-policy'], /default-src 'self'/);
  assert.doesNotMatch(h['content-security-policy'], /unsafe-inline|unsafe-eval/);
  assert.equal(h['x-content-type-options'], 'nosniff');
  assert.ok(h.etag, 'an ETag');
  const js = await page.request.get(`${server.base}/console/app.js`, { headers: { 'if-none-match': (await page.request.get(`${server.base}/console/app.js`)).headers().etag } });
  assert.equal(js.status(), 304, 'a matching ETag revalidates');
  const unknown = await page.request.get(`${server.base}/api/account/${ACCOUNT}/nothing-here`);
  assert.equal(unknown.status(), 404);
  assert.match((await unknown.json()).errorCode, /notfound/);
  assert.equal((await page.request.get(`${server.base}/openapi.json`)).status(), 200);
  assert.equal((await page.request.get(`${server.base}/healthz`)).status(), 200);
});

test('a wrong password shows an error; the right one signs in', async () => {
  await signIn(page, server.base, ACCOUNT, 'admin', 'not-the-password');
  await page.getByRole('alert').filter({ hasText: 'Wrong account, user or password' }).waitFor();
  await page.getByLabel('Password').fill(server.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Home' }).waitFor();
  await page.getByText('Outcomes this month').waitFor();
  assert.equal(await page.locator('svg.chart').count(), 1, 'the invocations chart');
  const stored = await page.evaluate(() => document.cookie);
  assert.equal(stored, '', 'no cookies');
});

test('create a function from a template; a syntax error is shown inline; fix, save, deploy', async () => {
  await page.getByRole('link', { name: 'Functions' }).click();
  await page.getByRole('link', { name: 'Create function' }).click();
  await page.getByLabel('Name').fill('console_fn');
  await page.getByLabel('Description').fill('made in the browser');
  await page.getByLabel('Template').selectOption({ label: 'Logging Template' });
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: /console_fn/ }).waitFor();
  uuid = page.url().split('/').pop();
  const editor = page.locator('#code');
  await editor.getByText("console.info('info: the payload'").waitFor();

  await setCode(editor, BROKEN);
  await page.getByRole('button', { name: 'Save' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'SyntaxError' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /line \d+, column \d+/);
  await editor.locator('.cm-lintRange-error').first().waitFor();
  await editor.locator('.cm-lint-marker-error').first().waitFor();

  await setCode(editor, GOOD);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  assert.equal(await editor.locator('.cm-lintRange-error').count(), 0, 'the error is gone');

  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await page.locator('h1 .badge[data-state="Productive"]').waitFor({ timeout: 20_000 });
  await page.getByText('Deployed: the function is Productive.').waitFor();
  assert.match(await page.locator('pre.curl').textContent(), new RegExp(`/lambdas/${uuid}/invoke`));
});

test('Play: invalid JSON is refused before sending; an invoke shows result, logs and timing', async () => {
  await page.getByRole('link', { name: 'Play' }).click();
  const payload = page.locator('#play-payload');
  await payload.locator('.cm-content').waitFor();
  await setCode(payload, '{"name": ');
  await page.getByRole('button', { name: 'Invoke' }).click();
  await page.getByRole('alert').filter({ hasText: 'Payload is not valid JSON' }).waitFor();
  await setCode(payload, '{"name": "tester"}');
  await page.getByRole('button', { name: 'Invoke' }).click();
  await page.locator('pre.result').filter({ hasText: 'hi tester' }).waitFor();
  await page.locator('.log.info').filter({ hasText: 'hello from the console test' }).waitFor();
  assert.match(await page.locator('.result-ok').textContent(), /Succeeded in [\d.]+ ms, (cold start|warm)/);
  await page.getByLabel(/^Warn \(1\)$/).uncheck();
  assert.equal(await page.locator('.log.warn').count(), 0, 'a level can be hidden');
});

test('Play explains a failure: its error code in words, its logs', async () => {
  const failing = await server.deploy('failing_fn', "function lambda(input, callback) {\n  console.error('boom log');\n  callback(new Error('whoops'));\n}\n");
  await page.goto(`${server.base}/#/functions/${failing}/play`);
  await page.locator('#play-payload .cm-content').waitFor();
  await page.getByRole('button', { name: 'Invoke' }).click();
  await page.locator('.result-error').filter({ hasText: 'com.liveperson.faas.handler.custom-failure' }).waitFor();
  assert.match(await page.locator('.result-error').textContent(), /whoops/);
  assert.match(await page.locator('.explain').textContent(), /called back with an error/);
  await page.locator('.log.error').filter({ hasText: 'boom log' }).waitFor();
  await page.goto(`${server.base}/#/functions/${uuid}`);
  await page.getByRole('heading', { name: /console_fn/ }).waitFor();
});

test("the create form offers the chosen event's templates; Play starts from the event's sample", async () => {
  await page.getByRole('link', { name: 'Functions' }).click();
  await page.getByRole('link', { name: 'Create function' }).click();
  const template = page.getByLabel('Template');
  const about = page.locator('#template-about');
  await template.locator('option', { hasText: 'Greeting Template' }).waitFor({ state: 'attached' });
  assert.deepEqual(await template.locator('option').allTextContents(),
    ['Greeting Template', 'HTTP Template', 'Logging Template', 'Salesforce Template', 'Secret Storage Template'], 'No Event');
  await about.filter({ hasText: 'The smallest function there is.' }).waitFor();

  await page.getByLabel('Event').selectOption({ label: 'Messaging Conversation End' });
  await template.locator('option', { hasText: 'Keyword Scanner' }).waitFor({ state: 'attached' });
  assert.deepEqual(await template.locator('option').allTextContents(),
    ['Messaging Conversation End', 'Keyword Scanner', 'Replace Files for Conversation'], 'exactly the event\'s templates');
  assert.equal(await template.locator('option:checked').textContent(), 'Messaging Conversation End', 'the event\'s default is chosen');
  await about.filter({ hasText: 'Runs when a conversation closes.' }).waitFor();
  await page.getByLabel('Name').fill('keywords_fn');
  await template.selectOption({ label: 'Keyword Scanner' });
  await about.filter({ hasText: /^Reads the ended conversation's transcript/ }).waitFor();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: /keywords_fn/ }).waitFor();
  await page.locator('#code').getByText('scanConversationForKeywords').first().waitFor();
  const [fn] = (await server.api('GET', `/lambdas/${page.url().split('/').pop()}`, undefined, server.token)).json;
  assert.equal(fn.eventId, 'controllerbot_messaging_conversation_end');
  assert.match(fn.implementation.code, /conversationUtil\.scanConversationForKeywords\(/);

  await page.getByRole('link', { name: 'Play' }).click();
  await page.locator('#play-payload').getByText('CONSUMER_END_CONVERSATION').waitFor();
});

test('the create form still creates an empty function when the templates cannot be loaded', async () => {
  const templates = (url) => url.pathname.endsWith('/templates');
  await page.route(templates, (route) => route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ errorCode: 'com.liveperson.faas.notfound', errorMsg: 'no templates here' }) }));
  try {
    await page.goto(`${server.base}/#/functions/new`);
    await page.getByRole('alert').filter({ hasText: 'The templates could not be loaded' }).waitFor();
    await page.getByLabel('Template').locator('option', { hasText: 'Empty function' }).waitFor({ state: 'attached' });
    await page.getByLabel('Name').fill('empty_fn');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: /empty_fn/ }).waitFor();
    await page.locator('#code').getByText('callback(null, {});').waitFor();
  } finally {
    await page.unroute(templates);
  }
  await page.goto(`${server.base}/#/functions/${uuid}`);
  await page.getByRole('heading', { name: /console_fn/ }).waitFor();
});

test('Settings: an OAuth app secret is shown once; secrets are never shown; allowlist add and remove', async () => {
  await page.getByRole('link', { name: 'Settings' }).click();
  const apps = page.getByRole('region', { name: 'OAuth apps' });
  await apps.getByLabel('Name').fill('console-app');
  await apps.getByRole('button', { name: 'Create app' }).click();
  const secret = (await page.locator('code.client-secret').textContent()).trim();
  const clientId = (await page.locator('code.client-id').textContent()).trim();
  assert.ok(secret.length >= 32);

  const secrets = page.getByRole('region', { name: 'Secrets' });
  await secrets.getByLabel('Key').fill('api_key');
  await secrets.getByLabel('Value').fill('s3cr3t-value-xyz');
  await secrets.getByRole('button', { name: 'Save secret' }).click();
  await secrets.getByText('Saved api_key.').waitFor();
  await secrets.getByRole('cell', { name: 'hidden' }).waitFor();
  assert.equal(await secrets.getByLabel('Value').inputValue(), '', 'the field is cleared');

  const allow = page.getByRole('region', { name: 'Domain allowlist' });
  await allow.getByLabel('Domain').fill('api.example.com');
  await allow.getByRole('button', { name: 'Add domain' }).click();
  await allow.getByRole('listitem').filter({ hasText: 'api.example.com' }).waitFor();
  await allow.getByRole('button', { name: 'Remove api.example.com' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await allow.getByText('Removed api.example.com.').waitFor();
  assert.equal(await allow.getByRole('listitem').filter({ hasText: 'api.example.com' }).count(), 0);
  const listed = await server.api('GET', '/proxy-settings', undefined, server.token);
  assert.deepEqual(listed.json, [], 'removed on the server too');

  await page.reload();
  await page.getByRole('region', { name: 'Secrets' }).getByText('api_key').waitFor();
  const html = await page.content();
  assert.ok(!html.includes('s3cr3t-value-xyz') && !html.includes(secret), 'no secret value after a reload');

  // An external invocation with the app's token: recorded, so the Logs page shows it.
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
  const tok = await page.request.post(`${server.base}/sentinel/api/account/${ACCOUNT}/app/token?v=2.0`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, data: form.toString() });
  const token = (await tok.json()).access_token;
  const inv = await page.request.post(`${server.base}/api/account/${ACCOUNT}/lambdas/${uuid}/invoke?v=1`, { headers: { authorization: `Bearer ${token}` }, data: { timestamp: 0, headers: [], payload: { name: 'outside' } } });
  assert.equal(inv.status(), 200);
  assert.deepEqual(await inv.json(), { greeting: 'hi outside' });
});

test('Settings: a secret is updated (functions read the new value) and deleted', async () => {
  const reader = await server.deploy('secret_reader', "const { Toolbelt } = require('lp-faas-toolbelt');\nasync function lambda(input, callback) {\n  try { const s = await Toolbelt.SecretClient().readSecret('api_key'); callback(null, s.value); } catch (e) { callback(null, 'missing: ' + e.message); }\n}\n");
  const read = async () => (await server.api('POST', `/lambdas/${reader}/invoke?v=1`, { timestamp: 0, headers: [], payload: {} }, server.token)).json.result;
  assert.equal(await read(), 's3cr3t-value-xyz', 'the value saved in the browser');
  const secrets = page.getByRole('region', { name: 'Secrets' });
  await secrets.getByLabel('Key', { exact: true }).fill('api_key');
  await secrets.getByLabel('Value', { exact: true }).fill('second-value');
  await secrets.getByRole('button', { name: 'Save secret' }).click();
  await secrets.getByText('Updated api_key.').waitFor();
  assert.equal(await secrets.getByRole('row').filter({ hasText: 'api_key' }).count(), 1, 'still one row');
  assert.equal(await read(), 'second-value', 'updated');
  await secrets.getByRole('button', { name: 'Delete secret api_key' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await secrets.getByText('Deleted api_key.').waitFor();
  await secrets.getByText('No secrets.').waitFor();
  assert.match(await read(), /^missing: /, 'deleted on the server');
  assert.deepEqual((await server.api('GET', '/secrets', undefined, server.token)).json, []);
});

test('Logs: the invocation appears grouped by request, searchable, with live tail', async () => {
  await page.goto(`${server.base}/#/logs?fn=${uuid}`);
  await page.getByLabel('Live tail').check();
  await page.locator('.log-group').filter({ hasText: 'hello from the console test' }).first().waitFor({ timeout: 20_000 });
  await page.getByLabel('Search').fill('a warning');
  assert.equal(await page.locator('.log.info').count(), 0, 'search filters lines');
  await page.locator('.log.warn').first().waitFor();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const file = await download;
  const csv = require('fs').readFileSync(await file.path(), 'utf8');
  assert.match(csv, /^lambdaUUID;requestID;timestamp;level;message;extras\n/);
  assert.match(csv, /hello from the console test/);
  await page.getByLabel('Live tail').uncheck();
});

test('Metrics and Home show the invocation', async () => {
  await page.goto(`${server.base}/#/functions/${uuid}/metrics`);
  await page.locator('figcaption').filter({ hasText: /[1-9]\d* succeeded/ }).waitFor({ timeout: 15_000 });
});

test('Schedules: the cron preview in words and next runs; create', async () => {
  await page.getByRole('link', { name: 'Schedules' }).click();
  await page.getByLabel(/Cron expression/).fill('0 3 * * *');
  await page.locator('#cron-preview').getByText('At 03:00 UTC, every day').waitFor();
  assert.equal(await page.locator('.next-runs li').count(), 5);
  await page.getByLabel(/Cron expression/).fill('0 3 *');
  await page.locator('#cron-preview').getByText('a cron expression has 5 fields').waitFor();
  await page.getByLabel(/Cron expression/).fill('*/15 * * * 1-5');
  await page.getByLabel('Function (deployed)').selectOption({ label: 'console_fn' });
  await page.getByLabel(/^Payload/).fill('{"report": "daily"}');
  await page.getByRole('button', { name: 'Create schedule' }).click();
  await page.getByRole('status').filter({ hasText: 'Schedule created.' }).waitFor();
  await page.getByRole('row').filter({ hasText: '*/15 * * * 1-5' }).getByText('console_fn').waitFor();
  const listed = await server.api('GET', '/schedules', undefined, server.token);
  assert.deepEqual(listed.json.map((s) => [s.cronExpression, s.payload]), [['*/15 * * * 1-5', { report: 'daily' }]]);
});

test('undeploy and delete a function', async () => {
  const doomed = await server.deploy('doomed_fn', "function lambda(input, callback) {\n  callback(null, 'bye');\n}\n");
  await page.goto(`${server.base}/#/functions/${doomed}`);
  await page.locator('h1 .badge[data-state="Productive"]').waitFor();
  await page.getByRole('button', { name: 'Undeploy' }).click();
  await page.getByText('Undeployed: the function is a Draft.').waitFor({ timeout: 20_000 });
  await page.locator('h1 .badge[data-state="Draft"]').waitFor();
  const inv = await server.api('POST', `/lambdas/${doomed}/invoke?v=1`, { timestamp: 0, headers: [], payload: {} }, server.token);
  assert.match(inv.json.errorCode, /notdeployed/, 'no longer invocable');
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('heading', { name: 'Functions', exact: true }).waitFor();
  await page.getByRole('link', { name: 'console_fn' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'doomed_fn' }).count(), 0, 'gone from the list');
  const listed = await server.api('GET', '/lambdas', undefined, server.token);
  assert.ok(!listed.json.some((f) => f.uuid === doomed), 'gone on the server');
});

test('an Invocation-role user sees no edit buttons', async () => {
  await page.getByRole('link', { name: 'Settings' }).click();
  const users = page.getByRole('region', { name: 'Users' });
  await users.getByLabel('User name').fill('viewer');
  await users.getByLabel('Password', { exact: true }).fill('viewer-password');
  await users.getByLabel('Role', { exact: true }).selectOption('FaaS-Invocation');
  await users.getByRole('button', { name: 'Create user' }).click();
  await users.getByText('Created viewer.').waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();

  await signIn(page, server.base, ACCOUNT, 'viewer', 'viewer-password');
  await page.getByRole('heading', { name: 'Home' }).waitFor();
  await page.getByRole('link', { name: 'Functions' }).click();
  // Home's activity links to console_fn too: wait for the Functions page before clicking.
  await page.getByRole('heading', { name: 'Functions', exact: true }).waitFor();
  await page.getByRole('link', { name: 'console_fn' }).click();
  await page.getByRole('link', { name: 'Play' }).waitFor();
  for (const name of ['Save', 'Deploy', 'Redeploy', 'Undeploy', 'Delete']) {
    assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, `no ${name} button`);
  }
  await page.getByText('may invoke this function but not read its code').waitFor();
  await page.getByRole('link', { name: 'Functions' }).click();
  await page.getByRole('link', { name: 'console_fn' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Create function' }).count(), 0);
  await page.getByRole('link', { name: 'Schedules' }).click();
  await page.getByRole('heading', { name: 'All schedules' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Create schedule' }).count(), 0);
});

test('sign out forgets the token and ends the session', async () => {
  const before = await page.evaluate(() => JSON.parse(sessionStorage.getItem('fnhost.session')));
  assert.ok(before && before.bearer);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('fnhost.session')), null);
  const renew = await server.api('POST', '/session/renew', { sessionId: before.sessionId, csrf: before.csrf });
  assert.equal(renew.status, 401, 'the session cannot be renewed after sign-out');
});

test('a narrow screen: the pages fit without sideways scrolling', async () => {
  const narrow = await newPage(browser, { width: 390, height: 800 });
  await signIn(narrow, server.base, ACCOUNT, 'admin', server.password);
  for (const hash of ['#/home', '#/functions', `#/functions/${uuid}`, '#/settings']) {
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
  assert.ok(page.http4xx.length >= 2, 'the expected 4xx answers (wrong password, syntax error) were seen');
});
