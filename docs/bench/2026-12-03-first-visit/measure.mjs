// A storefront's first visit as a browser makes it: the bytes transferred, and the time it
// takes on a slow phone.
//
//   node measure.mjs <label>=<url> [<label>=<url> ...] >figures.json
//   e.g. node measure.mjs arcade=http://t0001.platform.test:3000/shop/products \
//                         nextjs=http://t0001.platform.test:8003/shop/products
//
// JSON goes to stdout, a short table to stderr. Debian's Chromium (CHROMIUM_PATH overrides),
// headless, driven by playwright-core from ../../../end2end/node_modules, with the launch
// arguments of end2end/lib/browser.mjs: every *.platform.test and *.test name resolves to
// 127.0.0.1, so the URL's host picks the store and the server gets it as the Host header.
//
// Every visit has a fresh browser context (its own cache and connections) with the HTTP
// cache off, as a first visit. For each URL:
// 1. Bytes, twice: offering `Accept-Encoding: gzip, deflate` (what Chromium sends over plain
//    HTTP), then `gzip, deflate, br` (brotli, as offered over HTTPS). Each response's bytes as
//    transferred (compressed body plus headers: `encodedDataLength` of the DevTools event
//    Network.loadingFinished) until the network is idle. Requests that failed are listed
//    apart. /favicon.ico is left out: Chromium fetches it after the load event when it
//    chooses to, so it would come and go between runs (Playwright's idle ignores it too).
// 2. Slow phone, brotli offered: 150 ms added per request, 1.6 Mbit/s down, 750 kbit/s up,
//    CPU 4x slower. Milliseconds from navigation start to
//    - load:      the window's `load` event;
//    - idle:      the end of the last response before the network went quiet (no request in
//                 flight for 500 ms; an open event stream does not count, as in Playwright);
//                 it can come before `load`, which also waits for the scripts to run;
//    - hydrated:  `<html data-hydrated>` set, on an arcade page (one whose HTML names a .wasm
//                 module): the page or all its islands have hydrated; null on other pages.
//    Three runs per URL, interleaved across the URLs; each run and the medians are reported.
//
// Run it on a quiet machine: the CPU throttling multiplies whatever else is running.

import { createRequire } from 'node:module';
import os from 'node:os';

const require = createRequire(new URL('../../../end2end/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const SLOW_RUNS = 3;
const QUIET_MS = 500;
const SLOW_PHONE = {
  network: { offline: false, latency: 150, downloadThroughput: (1600 * 1000) / 8, uploadThroughput: (750 * 1000) / 8 },
  cpu: 4,
};

const pages = process.argv.slice(2).map((arg) => {
  const at = arg.indexOf('=');
  return { label: arg.slice(0, at), url: URL.canParse(arg.slice(at + 1)) ? arg.slice(at + 1) : null };
});
if (pages.length === 0 || pages.some((p) => !p.label || !p.url) || new Set(pages.map((p) => p.label)).size < pages.length) {
  console.error('usage: node measure.mjs <label>=<url> [<label>=<url> ...]   (labels distinct)');
  process.exit(2);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Loads `url` once in a fresh context; `encoding` is the Accept-Encoding offered. */
async function visit(browser, url, { encoding, slow = false }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    // When <html data-hydrated> first appears, in ms since navigation start.
    await context.addInitScript(() => {
      new MutationObserver(() => {
        if (window.__hydratedAt == null && document.documentElement?.hasAttribute('data-hydrated')) {
          window.__hydratedAt = performance.now();
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-hydrated'] });
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': encoding } });
    if (slow) {
      await cdp.send('Network.emulateNetworkConditions', SLOW_PHONE.network);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_PHONE.cpu });
    }

    // Requests in flight (event streams aside), and every response with its bytes.
    const net = { inflight: new Set(), lastChange: Date.now(), lastEnd: 0, wallOffset: null };
    const seen = new Map();
    const responses = [];
    const failed = [];
    const origin = new URL(url).origin;
    const where = (u) => (new URL(u).origin === origin ? new URL(u).pathname + new URL(u).search : u);
    const ended = (id, timestamp) => {
      if (!net.inflight.delete(id)) return;
      net.lastChange = Date.now();
      net.lastEnd = Math.max(net.lastEnd, timestamp);
    };
    cdp.on('Network.requestWillBeSent', (e) => {
      // The first request is the document's: it relates the protocol's clock to wall time.
      net.wallOffset ??= e.wallTime - e.timestamp;
      if (e.request.url.endsWith('/favicon.ico')) return;
      seen.set(e.requestId, { url: e.request.url });
      if (e.type === 'EventSource') return;
      net.inflight.add(e.requestId);
      net.lastChange = Date.now();
    });
    cdp.on('Network.responseReceived', (e) => {
      if (!seen.has(e.requestId)) return;
      const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
      seen.set(e.requestId, { url: e.response.url, status: e.response.status, encoding: h['content-encoding'] ?? '' });
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = seen.get(e.requestId);
      if (r) responses.push({ path: where(r.url), status: r.status, encoding: r.encoding, bytes: e.encodedDataLength });
      ended(e.requestId, e.timestamp);
    });
    cdp.on('Network.loadingFailed', (e) => {
      const r = seen.get(e.requestId);
      if (r) failed.push({ path: where(r.url), error: e.errorText });
      ended(e.requestId, e.timestamp);
    });

    const timeout = slow ? 180_000 : 30_000;
    const response = await page.goto(url, { waitUntil: 'load', timeout });
    await page.waitForLoadState('networkidle', { timeout });
    const isArcade = await page.evaluate(() =>
      [...document.querySelectorAll('link[href], script')].some((e) => /\.wasm\b/.test(e.getAttribute('href') ?? e.textContent)),
    );
    let error = null;
    if (isArcade) {
      await page
        .waitForFunction(() => window.__hydratedAt != null, null, { timeout, polling: 100 })
        .then(() => (net.lastChange = Date.now())) // requests hydration makes come after this
        .catch(() => (error = `not hydrated within ${timeout / 1000} s`));
    }
    for (const until = Date.now() + timeout; Date.now() < until; await sleep(50)) {
      if (net.inflight.size === 0 && Date.now() - net.lastChange >= QUIET_MS) break;
    }

    const t = await page.evaluate(() => ({
      origin: performance.timeOrigin,
      load: performance.getEntriesByType('navigation')[0]?.loadEventStart,
      hydrated: window.__hydratedAt ?? null,
    }));
    const ms = (x) => (x == null ? null : Math.round(x));
    return {
      status: response?.status() ?? null,
      total: responses.reduce((n, r) => n + r.bytes, 0),
      loadMs: ms(t.load),
      idleMs: net.wallOffset == null ? null : ms((net.lastEnd + net.wallOffset) * 1000 - t.origin),
      hydratedMs: isArcade ? ms(t.hydrated) : null,
      ...(error && { error }),
      responses,
      failed,
    };
  } finally {
    await context.close();
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
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
const out = {
  date: new Date().toISOString(),
  chromium: browser.version(),
  loadavgBefore: os.loadavg().map((x) => +x.toFixed(2)),
  slowPhone: { latencyMs: 150, downKbps: 1600, upKbps: 750, cpuSlowdown: SLOW_PHONE.cpu, runs: SLOW_RUNS },
  pages: {},
};
try {
  for (const { label, url } of pages) {
    const [gzip, br] = [await visit(browser, url, { encoding: 'gzip, deflate' }), await visit(browser, url, { encoding: 'gzip, deflate, br' })];
    const brief = ({ status, total, error, responses, failed }) => ({ status, total, ...(error && { error }), responses, failed });
    out.pages[label] = { url, gzip: brief(gzip), br: brief(br), slowPhone: { runs: [] } };
  }
  for (let run = 0; run < SLOW_RUNS; run++) {
    for (const { label, url } of pages) {
      const { status, total, loadMs, idleMs, hydratedMs, error } = await visit(browser, url, { encoding: 'gzip, deflate, br', slow: true });
      out.pages[label].slowPhone.runs.push({ status, total, loadMs, idleMs, hydratedMs, ...(error && { error }) });
    }
  }
} finally {
  await browser.close();
}
for (const p of Object.values(out.pages)) {
  const runs = p.slowPhone.runs;
  p.slowPhone.median = Object.fromEntries(['loadMs', 'idleMs', 'hydratedMs'].map((k) => [k, median(runs.map((r) => r[k]))]));
}
out.loadavgAfter = os.loadavg().map((x) => +x.toFixed(2));
console.log(JSON.stringify(out, null, 2));

const rows = [['page', 'status', 'gzip B', 'br B', 'load ms', 'idle ms', 'hydrated ms']];
for (const [label, p] of Object.entries(out.pages)) {
  const m = p.slowPhone.median;
  const statuses = [...new Set([p.gzip.status, p.br.status, ...p.slowPhone.runs.map((r) => r.status)])].join('/');
  rows.push([label, statuses, p.gzip.total, p.br.total, m.loadMs, m.idleMs, m.hydratedMs ?? '-'].map(String));
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.error(`slow phone: median of ${SLOW_RUNS} runs; load average ${out.loadavgBefore.join(' ')} before, ${out.loadavgAfter.join(' ')} after`);
for (const r of rows) console.error(r.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  '));
for (const [label, p] of Object.entries(out.pages)) {
  for (const r of [p.gzip, p.br, ...p.slowPhone.runs]) if (r.error) console.error(`${label}: ${r.error}`);
  if (![p.gzip, p.br].every((v) => v.status >= 200 && v.status < 300)) console.error(`${label}: the page answered ${p.gzip.status}`);
}
