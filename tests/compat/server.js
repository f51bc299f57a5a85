// Starts a real `fnhost serve` for a test file and stops it afterwards.
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const http = require('http');

// One HTTP request on a connection of its own (`agent: false`). The tests block the event loop
// in `spawnSync` while lpf runs; a pooled keep-alive socket can be closed by the server's idle
// timeout meanwhile, and a client that has not yet processed the close would send on it. A
// fresh connection per request cannot race that way. Returns a fetch-like response.
function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode,
          ok: res.statusCode >= 200 && res.statusCode < 300,
          headers: new Headers(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])),
          text: async () => text,
          json: async () => JSON.parse(text),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const BIN = process.env.FNHOST_BIN || path.resolve(__dirname, '../../target/debug/fnhost');
const PASSWORD = 'compat-password';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function startServer(extraEnv = {}) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnhost-compat-'));
  const env = {
    ...process.env,
    FNHOST_LISTEN: `127.0.0.1:${port}`,
    FNHOST_DATA_DIR: path.join(dir, 'data'),
    FNHOST_BOOTSTRAP_ACCOUNT: '123456',
    FNHOST_BOOTSTRAP_PASSWORD: PASSWORD,
    FNHOST_PUBLIC_HOST: 'faas.test',
    FNHOST_INVOKE_TIMEOUT_MS: '1500',
    FNHOST_LOG: 'warn',
    ...extraEnv,
  };
  // PostgreSQL mode: every server gets a database of its own, dropped when it stops.
  const pg = process.env.FNHOST_COMPAT_PG;
  let database;
  if (pg) {
    database = `fnhost_compat_${process.pid}_${port}`;
    execFileSync('psql', [`${pg}/postgres`, '-qc', `CREATE DATABASE ${database}`]);
    env.FNHOST_DATABASE_URL = `${pg}/${database}`;
  }
  const child = spawn(BIN, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const r = await request(`${base}/healthz`);
      if (r.ok) break;
    } catch (e) { /* not up yet */ }
    if (child.exitCode !== null) throw new Error(`fnhost exited: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const api = async (method, p, body, token) => {
    const res = await request(`${base}/api/account/123456${p}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch (e) { json = undefined; }
    return { status: res.status, json, text, headers: res.headers };
  };
  const login = await api('POST', '/login?v=1.3', { username: 'admin', password: PASSWORD });
  const token = login.json.bearer;
  const userId = login.json.config.userId;
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
    fs.rmSync(dir, { recursive: true, force: true });
    if (database) execFileSync('psql', [`${pg}/postgres`, '-qc', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
  };
  // Creates and deploys a function as the admin, returns its uuid.
  const deploy = async (name, code, extra = {}) => {
    const r = await api('POST', '/lambdas', { name, description: 'compat', implementation: { code }, ...extra }, token);
    if (r.status !== 201) throw new Error(`create ${name}: ${r.text}`);
    const uuid = r.json.uuid;
    await api('POST', `/deployments/${uuid}`, undefined, token);
    for (let i = 0; i < 200; i++) {
      const l = await api('GET', `/lambdas/${uuid}`, undefined, token);
      if (l.json[0].state === 'Productive') return uuid;
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error(`deploy ${name} did not finish`);
  };
  return { port, base, api, token, userId, stop, deploy, password: PASSWORD, dir };
}

module.exports = { startServer, request, PASSWORD };
