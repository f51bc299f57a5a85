// The published `liveperson-functions-client` (unmodified) against a real fnhost server.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, request } = require('./server');

let srv;
let Client;
let app;
const uuids = {};

const FUNCTIONS = {
  echo: "function lambda(input, callback) { console.info('echo'); callback(null, { echo: input.payload }); }",
  custom: "function lambda(input, callback) { callback(new Error('whoops')); }",
  crash: 'function lambda(input, callback) { undefined.boom; }',
  slow: 'function lambda(input, callback) { }',
  chatty: "function lambda(input, callback) { for (let i = 0; i < 20; i++) console.info('line ' + i); callback(null, 'done'); }",
};

before(async () => {
  srv = await startServer({ FNHOST_MAX_BODY_BYTES: '20000' });
  process.env.LP_REDIRECT = `faas.test=http://127.0.0.1:${srv.port},sentinel.test=http://127.0.0.1:${srv.port}`;
  require('./lp-redirect');
  ({ Client } = require('liveperson-functions-client'));
  for (const [name, code] of Object.entries(FUNCTIONS)) uuids[name] = await srv.deploy(name, code);
  const ev = await srv.api('POST', '/lambdas', { name: 'listener', eventId: 'bot_connectors_custom_integration', implementation: { code: "function lambda(i, cb) { cb(null, 'heard ' + i.payload.n); }" } }, srv.token);
  await srv.api('POST', `/deployments/${ev.json.uuid}`, undefined, srv.token);
  const created = await srv.api('POST', '/apps', { name: 'compat' }, srv.token);
  app = created.json;
  await new Promise((r) => setTimeout(r, 300));
});

after(async () => { if (srv) await srv.stop(); });

const csds = async (accountId, service) => (service === 'sentinel' ? 'sentinel.test' : 'faas.test');
const client = (extra = {}, auth) => new Client(
  { accountId: '123456', authStrategy: auth || { clientId: app.client_id, clientSecret: app.client_secret }, protocol: 'http', failOnErrorStatusCode: true, ...extra },
  { getCsdsEntry: csds },
);

test('invoke by uuid returns the callback result (token flow, twice)', async () => {
  const c = client();
  for (let i = 0; i < 2; i++) {
    const res = await c.invoke({ lambdaUuid: uuids.echo, lpEventSource: 'compat', body: { headers: [], payload: { a: i } } });
    assert.equal(res.ok, true);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { echo: { a: i } });
  }
});

test('invoke by event fans out and isImplemented answers', async () => {
  const c = client();
  const res = await c.invoke({ eventId: 'bot_connectors_custom_integration', lpEventSource: 'compat', body: { payload: { n: 7 } } });
  assert.equal(res.status, 200);
  assert.equal(res.body.length, 1);
  assert.equal(res.body[0].result, 'heard 7');
  assert.equal(await c.isImplemented({ eventId: 'bot_connectors_custom_integration', externalSystem: 'compat' }), true);
  assert.equal(await c.isImplemented({ eventId: 'conversational_command', externalSystem: 'compat' }), false);
});

test('getLambdas lists the account functions', async () => {
  const res = await client().getLambdas({ externalSystem: 'compat' });
  assert.equal(res.ok, true);
  const names = res.body.map((l) => l.name);
  for (const n of Object.keys(FUNCTIONS)) assert.ok(names.includes(n), n);
});

for (const [name, code] of [
  ['custom', 'com.liveperson.faas.handler.custom-failure'],
  ['crash', 'com.liveperson.faas.handler.runtime-exception'],
  ['slow', 'com.liveperson.faas.handler.executiontime-exceeded'],
  ['chatty', 'com.liveperson.faas.handler.log-limit-reached'],
]) {
  test(`901 ${code} is a FaaSLambdaError`, async () => {
    await assert.rejects(client().invoke({ lambdaUuid: uuids[name], lpEventSource: 'compat', body: { payload: {} } }), (err) => {
      assert.equal(err.name, 'FaaSLambdaError');
      const response = err.jse_cause.jse_cause.jse_info.response;
      assert.equal(response.status, 901);
      assert.equal(response.body.errorCode, code);
      return true;
    });
  });
}

test('404 notdeployed and missinglambda are FaaSInvokeErrors', async () => {
  const draft = await srv.api('POST', '/lambdas', { name: 'draft', implementation: { code: FUNCTIONS.echo } }, srv.token);
  for (const [uuid, code] of [[draft.json.uuid, 'com.liveperson.faas.es.notdeployed'], ['00000000-0000-0000-0000-000000000000', 'com.liveperson.faas.es.missinglambda']]) {
    await assert.rejects(client().invoke({ lambdaUuid: uuid, lpEventSource: 'compat', body: { payload: {} } }), (err) => {
      assert.equal(err.name, 'FaaSInvokeError');
      assert.match(err.message, /404/);
      assert.equal(err.jse_cause.jse_cause.jse_info.response.body.errorCode, code);
      return true;
    });
  }
});

test('400 badinput (payload over the limit) is a FaaSInvokeError', async () => {
  await assert.rejects(client().invoke({ lambdaUuid: uuids.echo, lpEventSource: 'compat', body: { payload: 'x'.repeat(30000) } }), (err) => {
    assert.equal(err.name, 'FaaSInvokeError');
    const body = err.jse_cause.jse_cause.jse_info.response.body;
    assert.equal(body.errorCode, 'com.liveperson.faas.es.badinput');
    assert.match(body.errorMsg, /20000 bytes/);
    return true;
  });
});

test('401: a rejected bearer and bad client credentials are FaaSInvokeErrors', async () => {
  const bogus = client({}, async () => 'Bearer not-a-token');
  await assert.rejects(bogus.invoke({ lambdaUuid: uuids.echo, lpEventSource: 'compat', body: { payload: {} } }), (err) => {
    assert.equal(err.name, 'FaaSInvokeError');
    assert.match(err.message, /401/);
    return true;
  });
  const wrong = client({}, { clientId: app.client_id, clientSecret: 'wrong' });
  await assert.rejects(wrong.invoke({ lambdaUuid: uuids.echo, lpEventSource: 'compat', body: { payload: {} } }), (err) => {
    assert.equal(err.name, 'FaaSInvokeError');
    assert.match(err.message, /Error while creating authentication bearer via AppJWT/);
    return true;
  });
});

test('a user bearer gets the test-invoke shape', async () => {
  const c = client({}, async () => `Bearer ${srv.token}`);
  const res = await c.invoke({ lambdaUuid: uuids.echo, lpEventSource: 'compat', body: { payload: 1 } });
  assert.deepEqual(res.body.result, { echo: 1 });
  assert.equal(res.body.logs[0].message, 'echo');
});

test('429 with Retry-After: the client backs off, retries and gets through', async () => {
  const limited = await startServer({ FNHOST_ACCOUNT_RATE_LIMIT: '1', FNHOST_METRICS_TOKEN: 'compat-metrics' });
  try {
    const uuid = await limited.deploy('echo', FUNCTIONS.echo);
    process.env.LP_REDIRECT += `,limited.test=http://127.0.0.1:${limited.port}`;
    const c = new Client(
      { accountId: '123456', authStrategy: async () => `Bearer ${limited.token}`, protocol: 'http', failOnErrorStatusCode: true },
      { getCsdsEntry: async () => 'limited.test' },
    );
    // got retries after 350 ms, then 700 ms more: the second request passes on its 2nd retry.
    const results = await Promise.all([0, 1].map((n) => c.invoke({ lambdaUuid: uuid, lpEventSource: 'compat', body: { payload: n } })));
    assert.deepEqual(results.map((r) => r.body.result.echo), [0, 1]);
    const metrics = await (await request(`${limited.base}/metrics.json`, { headers: { authorization: 'Bearer compat-metrics' } })).json();
    assert.ok(metrics.rateLimited >= 1, `server answered 429 ${metrics.rateLimited} times`);
    // Without retries left, the 429 surfaces as a FaaSInvokeError with the platform body.
    const raw = await limited.api('POST', `/lambdas/${uuid}/invoke`, {}, limited.token);
    const again = await limited.api('POST', `/lambdas/${uuid}/invoke`, {}, limited.token);
    const denied = [raw, again].find((r) => r.status === 429);
    assert.ok(denied, 'a burst of two within one second is limited');
    assert.equal(denied.json.errorCode, 'com.liveperson.faas.es.ratelimited');
    assert.match(denied.json.errorMsg, /1 invocations per second/);
    assert.ok(Number(denied.headers.get('retry-after')) >= 1);
  } finally {
    await limited.stop();
  }
});
