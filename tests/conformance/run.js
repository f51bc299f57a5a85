#!/usr/bin/env node
// Differential tests: every function in corpus/ runs in Node (with the real npm packages from
// crates/runtime/vendor's lockfile) and in fnhost (crates/runtime/examples/conformance.rs, one
// process for the whole corpus); the JSON results a caller would receive must be equal byte for
// byte. The first difference of each failing function is printed.
//
// A corpus file is an ordinary fnhost function (`function lambda(input, callback)`), plus
// optionally, evaluated in Node only:
//   exports.payload = value | (require) => value   the payload both runs get (e.g. Node-made gzip)
//   exports.post = (result, require) => value      applied in Node to both results before comparing
//                                                  (e.g. gunzip fnhost's gzip with Node's zlib)
//
// Usage: node tests/conformance/run.js [name-filter]
//   FNHOST_CONFORMANCE_BIN  the runner binary (default: built with cargo)
//   FNHOST_CONFORMANCE_SKIP_NPM=1  reuse crates/runtime/vendor/node_modules as it is
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');
const { createRequire } = require('module');

const root = path.resolve(__dirname, '..', '..');
const vendor = path.join(root, 'crates', 'runtime', 'vendor');
const corpusDir = path.join(__dirname, 'corpus');
const filter = process.argv[2] || '';
const TIMESTAMP = 1700000000000;

function runnerBinary() {
  if (process.env.FNHOST_CONFORMANCE_BIN) return process.env.FNHOST_CONFORMANCE_BIN;
  execFileSync('cargo', ['build', '--quiet', '-p', 'fnhost-runtime', '--example', 'conformance'], { cwd: root, stdio: 'inherit' });
  const target = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
  return path.join(target, 'debug', 'examples', 'conformance');
}

function load(src, req) {
  const module = { exports: {} };
  // The same shape as fnhost's wrapper: sloppy code, `lambda` found by name, else module.exports.
  // eslint-disable-next-line no-new-func
  let lambda = new Function('module', 'exports', 'require', src + '\n;return typeof lambda === "function" ? lambda : undefined;')(module, module.exports, req);
  if (typeof lambda !== 'function' && typeof module.exports === 'function') lambda = module.exports;
  return { lambda, meta: module.exports };
}

// The bundling recipe of docs/BUNDLING.md, tested: tests/conformance/bundle/entry.js and its own
// npm dependencies (its lockfile) bundled by the esbuild pinned in the vendor lockfile.
const CODE_LIMIT = 100000; // fnhost_model::Limits: source code size in characters
function bundledCase() {
  const dir = path.join(__dirname, 'bundle');
  if (process.env.FNHOST_CONFORMANCE_SKIP_NPM !== '1') {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const out = path.join(require('os').tmpdir(), 'fnhost-conformance-bundle-' + process.pid + '.js');
  execFileSync(path.join(vendor, 'node_modules', '.bin', 'esbuild'), ['entry.js', '--bundle', '--platform=node', '--format=cjs', '--target=es2020', '--log-level=warning', '--outfile=' + out], { cwd: dir, stdio: 'inherit' });
  const src = fs.readFileSync(out, 'utf8');
  fs.unlinkSync(out);
  if (src.length > CODE_LIMIT) throw new Error('the bundle is ' + src.length + ' characters; the code limit is ' + CODE_LIMIT);
  return { file: 'bundle-esbuild-ms-dlv.js', src };
}

function runInNode(lambda, input) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (v) => { if (!done) { done = true; clearTimeout(timer); resolve(v); } };
    const timer = setTimeout(() => finish({ error: 'timed out after 10 s in Node' }), 10000);
    const callback = (err, result) => {
      if (err) return finish({ error: err instanceof Error ? err.message : String(err) });
      let json;
      try { json = result === undefined ? 'null' : JSON.stringify(result); } catch (e) { return finish({ error: 'TypeError: the result passed to callback is not JSON-serialisable: ' + e.message }); }
      finish({ result: json === undefined ? 'null' : json });
    };
    try {
      const r = lambda(input, callback);
      if (r && typeof r.then === 'function') r.then(undefined, (e) => finish({ error: e instanceof Error ? e.name + ': ' + e.message : String(e) }));
    } catch (e) {
      finish({ error: e instanceof Error ? e.name + ': ' + e.message : String(e) });
    }
  });
}

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 40);
  return `at character ${i}:\n      node:   …${a.slice(from, i + 60)}\n      fnhost: …${b.slice(from, i + 60)}`;
}

// The real toolbelt's pure parts for the Node side of `require('lp-faas-toolbelt')`: the toolbelt
// that liveperson-functions-cli 1.31.13 ships (installed by tests/compat's lockfile). Its index
// needs LivePerson's cloud, so the components whose helpers need none are assembled here.
function realToolbelt() {
  const dir = path.join(root, 'tests', 'compat', 'node_modules', 'liveperson-functions-cli', 'lib', 'shared', 'lp-faas-toolbelt');
  if (!fs.existsSync(dir)) {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: path.join(root, 'tests', 'compat'), stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const part = (p) => require(path.join(dir, p));
  const { ConversationUtil } = part('conversation-util/conversationUtil.js');
  const { SDEUtil } = part('SDE-util/SDEUtil.js');
  return {
    Toolbelt: { ConversationUtil: () => new ConversationUtil(undefined), SDEUtil: () => new SDEUtil(undefined) },
    LpServices: part('lp-client/LpServices.js').LpServices,
    ConversationContentTypes: part('conversation-util/ConversationContentTypes.js').ConversationContentTypes,
    SDETypes: part('SDE-util/SDETypes.js').SDETypes,
    ErrorCodes: part('errors/errorCodes.js').ErrorCodes,
  };
}

async function main() {
  if (process.env.FNHOST_CONFORMANCE_SKIP_NPM !== '1') {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: vendor, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const vendorRequire = createRequire(path.join(vendor, 'package.json'));
  let toolbelt;
  const req = (name) => (name === 'lp-faas-toolbelt' ? (toolbelt || (toolbelt = realToolbelt())) : vendorRequire(name));
  const sources = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.js')).sort()
    .map((f) => ({ file: f, src: fs.readFileSync(path.join(corpusDir, f), 'utf8') }));
  sources.push(bundledCase());
  const cases = [];
  for (const { file: f, src } of sources.filter((x) => x.file.includes(filter))) {
    const name = f.replace(/\.js$/, '');
    const { lambda, meta } = load(src, req);
    if (typeof lambda !== 'function') throw new Error(f + ' defines no lambda function');
    const payload = typeof meta.payload === 'function' ? meta.payload(req) : (meta.payload === undefined ? null : meta.payload);
    const inputJson = JSON.stringify({ timestamp: TIMESTAMP, headers: [{ key: 'X-Conformance', value: name }], payload });
    const node = await runInNode(lambda, JSON.parse(inputJson));
    cases.push({ name, src, inputJson, node, post: meta.post });
  }

  const bin = runnerBinary();
  const stdin = cases.map((c) => JSON.stringify({ name: c.name, code: c.src, input: c.inputJson })).join('\n') + '\n';
  const run = spawnSync(bin, [], { input: stdin, maxBuffer: 256 << 20, encoding: 'utf8' });
  if (run.status !== 0) {
    process.stderr.write(run.stderr || '');
    throw new Error('the fnhost conformance runner failed with status ' + run.status);
  }
  const answers = run.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

  let passed = 0, failed = 0;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    const a = answers[i] || { error: { message: 'no answer from fnhost' } };
    let nodeOut = c.node.result !== undefined ? c.node.result : JSON.stringify({ error: c.node.error });
    let fnOut = a.result !== undefined ? a.result : JSON.stringify({ error: a.error.message });
    if (c.post && c.node.result !== undefined && a.result !== undefined) {
      try {
        nodeOut = JSON.stringify(c.post(JSON.parse(nodeOut), req));
        fnOut = JSON.stringify(c.post(JSON.parse(fnOut), req));
      } catch (e) {
        fnOut = JSON.stringify({ postFailed: String(e && e.message) });
      }
    }
    if (process.env.FNHOST_CONFORMANCE_VERBOSE) console.log(`${c.name}\n  node:   ${nodeOut}\n  fnhost: ${fnOut}`);
    if (nodeOut === fnOut && c.node.error === undefined) {
      passed++;
    } else {
      failed++;
      const why = c.node.error !== undefined && nodeOut === fnOut ? 'fails in Node too: ' + c.node.error : firstDifference(nodeOut, fnOut);
      console.log(`FAIL ${c.name}\n    ${why}`);
    }
  }
  if (cases.length === 0) { failed++; console.log('FAIL no corpus function matched ' + JSON.stringify(filter)); }
  console.log(`conformance: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => { console.error(e && e.stack || e); console.log('conformance: 0 passed, 1 failed'); process.exitCode = 1; });
