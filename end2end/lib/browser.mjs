// Debian's Chromium through playwright-core, and pages that record what went wrong.

import { chromium } from 'playwright-core';

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

// Store logos point at a CDN that does not exist in tests.
const CDN = /^https?:\/\/cdn\.platform\.test(:\d+)?\//;

/**
 * A new context and page. `problems` collects console errors and warnings and uncaught
 * page errors (except for the blocked CDN logos); `requests` every request the page made.
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  await context.route('**://cdn.platform.test/**', (route) => route.abort());
  // Set when the app's WebAssembly has been instantiated; `hydrate()` runs right after.
  await context.addInitScript(() => {
    const mark = (p) =>
      p.then((r) => {
        window.__arcadeWasm = true;
        return r;
      });
    const { instantiate, instantiateStreaming } = WebAssembly;
    WebAssembly.instantiate = (...a) => mark(instantiate.apply(WebAssembly, a));
    if (instantiateStreaming) WebAssembly.instantiateStreaming = (...a) => mark(instantiateStreaming.apply(WebAssembly, a));
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && msg.type() !== 'warning') return;
    const where = msg.location()?.url ?? '';
    if (CDN.test(where) || /cdn\.platform\.test/.test(msg.text())) return;
    problems.push(`console.${msg.type()}: ${msg.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    if (CDN.test(req.url())) return;
    requests.push({ method: req.method(), url: req.url(), type: req.resourceType(), navigation: req.isNavigationRequest() });
  });
  return { context, page, problems, requests };
}

/**
 * Waits until the WebAssembly bundle is instantiated and the page has gone quiet, so the
 * app is hydrated.
 */
export async function waitForHydration(page) {
  await page.waitForFunction(() => window.__arcadeWasm === true, null, { timeout: 20_000 });
  await page.waitForLoadState('networkidle');
  // `hydrate()` is called in the promise continuation after instantiation.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
}
