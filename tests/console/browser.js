// Shared set-up of the console suites: a real `fnhost serve` (tests/compat/server.js) and Debian's
// Chromium driven by playwright-core, with every page error, console error and CSP violation
// collected so a test can assert there were none.
'use strict';
const assert = require('node:assert/strict');
const { chromium } = require('playwright-core');
const { startServer } = require('../compat/server.js');

const CHROMIUM = process.env.FNHOST_CHROMIUM || '/usr/bin/chromium';

async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/**
 * A page that records problems: `problems` holds page errors, console errors and CSP violations.
 * The browser reports an API answer of 4xx (or a function failure's 901) as a console error
 * ("Failed to load resource"); those are expected in the flows (a wrong password, a syntax error,
 * a failing function) and are kept apart in `http4xx`.
 */
async function newPage(browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.problems = [];
  page.http4xx = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/Failed to load resource: the server responded with a status of (4\d\d|901)/.test(m.text())) page.http4xx.push(m.text());
    else page.problems.push(`console error: ${m.text()}`);
  });
  page.setDefaultTimeout(15_000);
  return page;
}

async function signIn(page, base, account, user, password) {
  await page.goto(`${base}/`);
  await page.getByLabel('Account').fill(account);
  await page.getByLabel('User', { exact: true }).fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

function noProblems(page) {
  assert.deepEqual(page.problems, [], 'no page errors, console errors or CSP violations');
}

module.exports = { launch, newPage, signIn, noProblems, startServer };
