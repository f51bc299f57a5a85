// The published `lpf` CLI (liveperson-functions-cli@1.31.13, unmodified) against a real fnhost
// server: the whole edit → push → deploy → invoke → logs loop. The CLI is redirected with a
// `--require` preload (lp-redirect.js); nothing in node_modules is changed.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startServer, request } = require('./server');

const LPF = path.join(__dirname, 'node_modules', '.bin', 'lpf');
let srv;
let work;
let env;

function lpf(args, extraEnv = {}) {
  const r = spawnSync(LPF, args, { cwd: path.join(work, 'proj'), env: { ...env, ...extraEnv }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000 });
  return { code: r.status, out: r.stdout, err: r.stderr, all: r.stdout + r.stderr };
}

before(async () => {
  const major = process.versions.node.split('.')[0];
  srv = await startServer({ FNHOST_RUNTIME_NAME: `Node.js ${major}` });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fnhost-lpf-'));
  for (const d of ['tmp', 'cache', 'proj']) fs.mkdirSync(path.join(work, d));
  // Skip the CLI's npm update check (no network to the registry needed).
  fs.writeFileSync(path.join(work, 'cache', 'version'), JSON.stringify({ current: '1.31.13', latest: '1.31.13' }));
  env = {
    ...process.env,
    NODE_OPTIONS: `--require ${path.join(__dirname, 'lp-redirect.js')}`,
    LP_REDIRECT: `api.liveperson.net=http://127.0.0.1:${srv.port},faas.test=http://127.0.0.1:${srv.port}`,
    TMPDIR: path.join(work, 'tmp'),
    LPF_CACHE_DIR: path.join(work, 'cache'),
    npm_config_offline: 'true',
    FORCE_COLOR: '0',
  };
});

after(async () => {
  if (srv) await srv.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const file = (...p) => path.join(work, 'proj', ...p);

test('login with a wrong password fails with exit 1', () => {
  const r = lpf(['login', '-a', '123456', '-u', 'admin', '-p', 'wrong-password']);
  assert.equal(r.code, 1, r.all);
  assert.match(r.all, /Looks like something went wrong during the login/);
});

test('login with username and password', () => {
  const r = lpf(['login', '-a', '123456', '-u', 'admin', '-p', srv.password]);
  assert.equal(r.code, 0, r.all);
  assert.match(r.out, /Welcome to/);
  assert.ok(fs.existsSync(path.join(work, 'tmp', 'faas-tmp.json')));
});

test('init creates the project layout', () => {
  const r = lpf(['init', 'exampleFunction']);
  assert.equal(r.code, 0, r.all);
  for (const f of ['functions/exampleFunction/index.js', 'functions/exampleFunction/config.json', 'functions/settings.json']) {
    assert.ok(fs.existsSync(file(f)), f);
  }
});

test('push creates, skips when unchanged, updates when changed', () => {
  let r = lpf(['push', 'exampleFunction', '-y']);
  assert.equal(r.code, 0, r.all);
  assert.match(r.out, /Pushing exampleFunction \[completed\]/);
  r = lpf(['push', 'exampleFunction', '-y']);
  assert.equal(r.code, 0, r.all);
  assert.match(r.out, /\[skipped\]/);
  assert.match(r.out, /Push Skipped: The update contained no changes compared to the server version/);
  const code = "function lambda(input, callback) {\n  console.info('hello from lpf', { n: 1 });\n  console.warn('careful');\n  callback(null, `Hello ${input.payload.name || 'fnhost'}`);\n}\n";
  fs.writeFileSync(file('functions/exampleFunction/index.js'), code);
  r = lpf(['push', 'exampleFunction', '-y']);
  assert.equal(r.code, 0, r.all);
  assert.match(r.out, /Pushing exampleFunction \[completed\]/);
});

test('push of invalid code is a contract error with exit 1', () => {
  fs.mkdirSync(file('functions/brokenFunction'));
  fs.writeFileSync(file('functions/brokenFunction/index.js'), 'function lambda(input, callback) {\n  callback(null, ;\n}\n');
  fs.writeFileSync(file('functions/brokenFunction/config.json'), JSON.stringify({ name: 'brokenFunction', event: null, description: 'broken', input: { headers: [], payload: {} }, environmentVariables: [{ key: '', value: '' }] }));
  const r = lpf(['push', 'brokenFunction', '-y']);
  assert.equal(r.code, 1, r.all);
  assert.match(r.all, /Push Error: The code of function 'brokenFunction' you are trying to push is not a valid lambda/);
  fs.rmSync(file('functions/brokenFunction'), { recursive: true });
});

test('deploy polls until Productive', () => {
  const r = lpf(['deploy', 'exampleFunction', '-y']);
  assert.equal(r.code, 0, r.all);
  assert.match(r.out, /Deploying exampleFunction \[completed\]/);
});

test('create:schedule and add:domain', async () => {
  let r = lpf(['create:schedule', '-f', 'exampleFunction', '-c', '*/5 * * * *']);
  assert.equal(r.code, 0, r.all);
  assert.match(r.out, /The schedule has been created\. Next execution: \d{4}-\d\d-\d\dT\d\d:\d[05]:00(\.000)?Z/);
  r = lpf(['add:domain', '*.example.com']);
  assert.equal(r.code, 0, r.all);
  assert.match(r.out, /Domain \*\.example\.com was added to your account successfully\./);
  const schedules = await srv.api('GET', '/schedules', undefined, srv.token);
  assert.equal(schedules.json.length, 1);
  assert.equal(schedules.json[0].cronExpression, '*/5 * * * *');
  const domains = await srv.api('GET', '/proxy-settings', undefined, srv.token);
  assert.deepEqual(domains.json.map((d) => d.domain), ['*.example.com']);
});

test('invoke prints the result with logs; a failing function prints its message', async () => {
  const cfg = JSON.parse(fs.readFileSync(file('functions/exampleFunction/config.json')));
  cfg.input.payload = { name: 'lpf' };
  fs.writeFileSync(file('functions/exampleFunction/config.json'), JSON.stringify(cfg, null, 4));
  let r = lpf(['invoke', 'exampleFunction']);
  assert.equal(r.code, 0, r.all);
  const printed = JSON.parse(r.out.slice(r.out.indexOf('{')));
  assert.equal(printed.result, 'Hello lpf');
  assert.equal(printed.logs[0].message, 'hello from lpf');
  await srv.deploy('failingFunction', "function lambda(input, callback) { callback(new Error('boom from fnhost')); }");
  fs.mkdirSync(file('functions/failingFunction'));
  fs.writeFileSync(file('functions/failingFunction/index.js'), 'x');
  fs.writeFileSync(file('functions/failingFunction/config.json'), JSON.stringify({ name: 'failingFunction', event: null, description: '', input: { headers: [], payload: {} }, environmentVariables: [{ key: '', value: '' }] }));
  r = lpf(['invoke', 'failingFunction']);
  assert.equal(r.code, 0, r.all); // lpf invoke always exits 0
  assert.match(r.all, /boom from fnhost/);
});

test('logs export with level filters and -r', async () => {
  const start = Date.now() - 60000;
  // Real (non-test) invocations store their logs: invoke with an OAuth app token.
  const appCreds = (await srv.api('POST', '/apps', { name: 'logs' }, srv.token)).json;
  const form = `grant_type=client_credentials&client_id=${appCreds.client_id}&client_secret=${appCreds.client_secret}`;
  const tok = await (await request(`${srv.base}/sentinel/api/account/123456/app/token?v=2.0`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })).json();
  const list = await srv.api('GET', '/lambdas?name=exampleFunction', undefined, srv.token);
  const uuid = list.json[0].uuid;
  for (let i = 0; i < 2; i++) {
    const inv = await srv.api('POST', `/lambdas/${uuid}/invoke`, { payload: { name: `n${i}` } }, tok.access_token);
    assert.equal(inv.status, 200, inv.text);
  }
  let r;
  for (let i = 0; i < 40; i++) {
    r = lpf(['logs', 'exampleFunction', '-s', String(start), '-l', 'Info', 'Warn']);
    if (r.out.trim().split('\n').length >= 5) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(r.code, 0, r.all);
  const lines = r.out.trim().split('\n');
  assert.equal(lines[0], 'lambdaUUID;requestID;timestamp;level;message;extras');
  assert.equal(lines.length, 5, r.out);
  assert.ok(lines.some((l) => l.includes(';Info;hello from lpf;')), r.out);
  const warnOnly = lpf(['logs', 'exampleFunction', '-s', String(start), '-l', 'Warn', '-r']);
  assert.equal(warnOnly.code, 0, warnOnly.all);
  const w = warnOnly.out.trim().split('\n');
  assert.equal(w.length, 2, warnOnly.out);
  assert.ok(w.every((l) => l.includes(';Warn;careful;')));
});

test('get functions, deployments, account and events', () => {
  const r = lpf(['get', 'functions', 'deployments', 'account', 'events']);
  assert.equal(r.code, 0, r.all);
  assert.match(r.out, /exampleFunction\s+Productive/);
  assert.match(r.out, /Up to date/);
  assert.match(r.out, /Total Functions:\s+2 \/ 50/);
  assert.match(r.out, /bot_connectors_custom_integration/);
});

test('metrics shows the invocation histogram', () => {
  const r = lpf(['metrics', 'exampleFunction', '--last=2h', '-o', 'json']);
  assert.equal(r.code, 0, r.all);
  assert.match(r.out, /Successful Invocations/);
  const total = [...r.out.matchAll(/'Successful Invocations': (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0);
  assert.equal(total, 2, r.out);
});

test('pull writes the server version into the project', () => {
  fs.writeFileSync(file('functions/exampleFunction/index.js'), '// local edit\n');
  const r = lpf(['pull', 'exampleFunction', '-y']);
  assert.equal(r.code, 0, r.all);
  assert.match(fs.readFileSync(file('functions/exampleFunction/index.js'), 'utf8'), /hello from lpf/);
  assert.equal(JSON.parse(fs.readFileSync(file('functions/exampleFunction/config.json'))).event, 'No Event');
});

test('undeploy polls until Draft', async () => {
  const r = lpf(['undeploy', 'exampleFunction', '-y']);
  assert.equal(r.code, 0, r.all);
  assert.match(r.out, /Undeploying exampleFunction \[completed\]/);
  const list = await srv.api('GET', '/lambdas?name=exampleFunction', undefined, srv.token);
  assert.equal(list.json[0].state, 'Draft');
  const schedules = await srv.api('GET', '/schedules', undefined, srv.token);
  assert.equal(schedules.json.length, 0, 'undeploy deletes the schedule');
});

test('login --token (SSO mode) works without a login request; a bad token gives exit 1', () => {
  fs.rmSync(path.join(work, 'tmp', 'faas-tmp.json'), { force: true });
  let r = lpf(['login', '--token', srv.token, '--accountId', '123456', '--userId', srv.userId]);
  assert.equal(r.code, 0, r.all);
  r = lpf(['get', 'functions']);
  assert.equal(r.code, 0, r.all);
  assert.match(r.out, /exampleFunction\s+Draft/);
  fs.rmSync(path.join(work, 'tmp', 'faas-tmp.json'), { force: true });
  lpf(['login', '--token', 'not-a-valid-token', '--accountId', '123456', '--userId', 'x']);
  r = lpf(['get', 'functions']);
  assert.equal(r.code, 1, r.all);
});
