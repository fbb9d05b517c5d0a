// Debian's Chromium through playwright-core, and pages that record what went wrong.

import path from 'node:path';

import { chromium } from 'playwright-core';

import { RESULTS_DIR } from './server.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Headless Chromium; every test platform and custom domain (`*.platform.test`, `*.test`)
 * resolves to 127.0.0.1. `launch` gives each run a fresh temporary profile
 * (user data dir) and every test gets its own context on top of it.
 */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP *.platform.test 127.0.0.1, MAP platform.test 127.0.0.1, MAP *.test 127.0.0.1',
    ],
  });
}

/**
 * A new context and page. `problems` collects console errors and warnings, uncaught page
 * errors and Content-Security-Policy violations (as `csp: …`); `violations` holds the
 * violations alone; `requests` every request the page made.
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const problems = [];
  const violations = [];
  // Reported from inside every page and frame as it happens, so a violation during a
  // navigation away is not lost with the document.
  await context.exposeBinding('__arcadeCspViolation', ({ frame }, v) => {
    const text = `csp: ${v.directive} blocked ${v.blocked || '(inline)'}${v.sample ? ` "${v.sample}"` : ''} on ${frame.url()}`;
    violations.push(text);
    problems.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__arcadeCspViolation?.({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }),
    );
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const requests = [];
  page.on('console', (msg) => {
    const csp = /Content[- ]Security[- ]Policy/i.test(msg.text());
    if (csp) violations.push(`console: ${msg.text()}`);
    if (!csp && msg.type() !== 'error' && msg.type() !== 'warning') return;
    const where = msg.location()?.url ?? '';
    problems.push(`console.${msg.type()}: ${msg.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    requests.push({ method: req.method(), url: req.url(), type: req.resourceType(), navigation: req.isNavigationRequest() });
  });
  return { context, page, problems, violations, requests };
}

/**
 * Waits until the app has hydrated: `hydrate()` marks `<html data-hydrated>` once
 * `hydrate_body` has returned, so a page whose hydration failed (a panic) never gets it.
 */
export async function waitForHydration(page, timeout = 20_000) {
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-hydrated'), null, { timeout });
}

/** Signs in on the sign-in page at `loginUrl` and waits for the page it leads to. */
export async function signIn(page, loginUrl, { email, password }) {
  await page.goto(loginUrl);
  await waitForHydration(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== new URL(loginUrl).pathname);
  await waitForHydration(page);
}

/** How far the page is wider than its viewport, in CSS pixels (0 when it fits). */
export const horizontalOverflow = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * Runs `fn` with a fresh context and page of `browser` (its own cookies; `options` as for
 * `openPage`). When `fn` fails, keeps a screenshot in test-results/ and adds what the
 * browser's console said to the error; the context is closed either way.
 */
export async function withFreshPage(browser, t, fn, options = {}) {
  const session = await openPage(browser, options);
  try {
    await fn(session);
  } catch (err) {
    const file = path.join(RESULTS_DIR, `failed-${t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}.png`);
    await session.page.screenshot({ path: file, fullPage: true }).catch(() => {});
    if (session.problems.length) err.message += `\nbrowser console:\n  ${session.problems.join('\n  ')}`;
    throw err;
  } finally {
    await session.context.close();
  }
}
