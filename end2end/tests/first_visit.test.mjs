// What a shopper's first visit downloads, and what a console visit loads on top.
//
// Every response of a visit is recorded through the DevTools protocol with the browser
// cache off: `Network.loadingFinished` gives the bytes as transferred (compressed bodies
// plus headers). A catalog page hydrates as islands: it must not fetch any chunk (the
// app's router and pages, the console, the dashboards), and must stay within
// its budget; on a slow phone it must also be hydrated within a time budget; the console
// must fetch its chunks and still hydrate. The figures of each run are written to
// test-results/first-visit.json.
//
// Over plain HTTP Chromium offers only gzip; a browser on HTTPS offers brotli too. Each
// storefront visit is measured both ways (the header is set through the protocol), and
// both must be within the budget. Every file under /pkg/ must be sent `immutable`: the build
// names each by its content (scripts/name-by-content.mjs), so a repeat visit revalidates none.

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, test } from 'node:test';

import { openPage, signIn, waitForHydration } from '../lib/browser.mjs';
import { useServerAndBrowser } from '../lib/harness.mjs';
import { RESULTS_DIR } from '../lib/server.mjs';

const ADMIN = { email: 'ops@first-visit.test', password: 'a long admin password' };
// A browser on HTTPS offers brotli: that visit must stay within the goal, 150 kB (the
// Next.js peer's first visit is 143 kB, gzip). Over plain HTTP Chromium offers only gzip;
// that visit is held to the size reached (183 kB on 2026-12-03, see docs/PERFORMANCE.md,
// "First visit") with a few per cent of room, so a change that makes it heavier fails here.
const BROTLI_BUDGET = Number(process.env.FIRST_VISIT_BUDGET || 0) || 150_000;
const GZIP_BUDGET = Number(process.env.FIRST_VISIT_GZIP_BUDGET || 0) || 190_000;
/** A slow phone: 1.6 Mbit/s down, 150 ms round trip, CPU 4× slower (docs/PERFORMANCE.md). */
const SLOW_PHONE = { downKbps: 1600, rttMs: 150, cpu: 4 };
// On it the product list must be hydrated within 2 s of the navigation's start. It was at
// 1.2 s in docs/PERFORMANCE.md ("First visit", median of three), and at 1,146-1,316 ms in seven
// runs of this test on 2026-12-07 (2 cores, load average 2.5 to 5.4 from a build alongside).
// Most of that is the throttled network (148 kB at 1.6 Mbit/s is 0.74 s, plus round trips),
// so the bound leaves some 0.7 s for a slow machine, and fails when the catalog waits on a
// few more round trips in a row, or on code or work it did not need (the whole-page bundle
// alone would take seconds here).
const SLOW_PHONE_BUDGET_MS = Number(process.env.SLOW_PHONE_BUDGET_MS || 0) || 2_000;
const SPLIT_CHUNK = /\/pkg\/(split_|chunk_)[^/]*\.wasm$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

const figures = {};

// Registered ahead of the server and browser, so the figures are written before they stop.
after(async () => {
  await writeFile(path.join(RESULTS_DIR, 'first-visit.json'), `${JSON.stringify(figures, null, 2)}\n`).catch(() => {});
});

const e2e = useServerAndBrowser({ admin: ADMIN });

/**
 * Loads `url` in a fresh context with the cache off, waits for hydration and for the
 * network to settle, and returns every response with its transferred bytes.
 * `throttle` emulates a slow phone: { downKbps, rttMs, cpu }.
 */
async function visit(url, { throttle, before: prepare, encoding, cache = false } = {}) {
  const session = await openPage(e2e.browser);
  const { context, page, problems } = session;
  try {
    if (prepare) await prepare(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: !cache });
    if (encoding) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': encoding } });
    if (throttle) {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: throttle.rttMs,
        downloadThroughput: (throttle.downKbps * 1000) / 8,
        uploadThroughput: (750 * 1000) / 8,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle.cpu });
    }
    const urls = new Map();
    const responses = [];
    cdp.on('Network.responseReceived', (e) =>
      urls.set(e.requestId, {
        url: e.response.url,
        status: e.response.status,
        encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? '',
        cacheControl: e.response.headers['cache-control'] ?? e.response.headers['Cache-Control'] ?? '',
        cached: e.response.fromDiskCache || e.response.fromPrefetchCache || false,
      }),
    );
    cdp.on('Network.loadingFinished', (e) => {
      const r = urls.get(e.requestId);
      if (r) responses.push({ ...r, bytes: e.encodedDataLength });
    });
    const started = Date.now();
    const res = await page.goto(url);
    assert.equal(res.status(), 200, `${url}: status`);
    await waitForHydration(page, throttle ? 120_000 : 20_000);
    const hydratedMs = Date.now() - started;
    await page.waitForLoadState('networkidle');
    assert.deepEqual(problems, [], `browser problems on ${url}`);
    const refused = responses.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.url}`);
    assert.deepEqual(refused, [], `${url}: every response of the visit is 200`);
    const total = responses.reduce((n, r) => n + r.bytes, 0);
    return { total, hydratedMs, responses, page, session, cdp };
  } catch (err) {
    if (problems.length) err.message += `\nbrowser console:\n  ${problems.join('\n  ')}`;
    await context.close();
    throw err;
  }
}

/**
 * Resolves once every URL of `urls` has finished loading in visit `v` (as its
 * `Network.loadingFinished` events report), or fails after `ms` naming the ones missing.
 */
function loaded(v, urls, ms) {
  const missing = () => urls.filter((u) => !v.responses.some((r) => r.url === u));
  return new Promise((resolve, reject) => {
    const check = () => {
      if (missing().length > 0) return;
      clearTimeout(deadline);
      v.cdp.off('Network.loadingFinished', check);
      resolve();
    };
    const deadline = setTimeout(() => {
      v.cdp.off('Network.loadingFinished', check);
      reject(new Error(`not loaded within ${ms} ms: ${missing().join(', ')}`));
    }, ms);
    // Registered after `visit`'s own listener, so each response is recorded before this looks.
    v.cdp.on('Network.loadingFinished', check);
    check();
  });
}

const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
const isPkg = (r) => new URL(r.url).pathname.startsWith('/pkg/');

/** Every file of the bundle a visit loaded may be kept for a year. */
function assertPkgImmutable(responses, name) {
  const pkg = responses.filter(isPkg);
  assert.ok(pkg.length > 0, `${name}: files under /pkg/`);
  const revalidated = pkg.filter((r) => r.cacheControl !== IMMUTABLE).map((r) => `${new URL(r.url).pathname}: ${r.cacheControl}`);
  assert.deepEqual(revalidated, [], `${name}: every /pkg/ response is immutable`);
}
const brief = (responses) =>
  responses.map((r) => ({ file: new URL(r.url).pathname, status: r.status, encoding: r.encoding, bytes: r.bytes }));

test('a storefront first visit downloads its islands only, within its budget', { timeout: 120_000 }, async () => {
  for (const [name, url] of [
    ['product list', `${e2e.server.origin('t0001.platform.test')}/shop/products`],
    ['product', `${e2e.server.origin('t0002.platform.test')}/shop/products/23`], // t0002's third product (ids run on across stores)
    ['home', `${e2e.server.origin('t0004.platform.test')}/`],
  ]) {
    for (const encoding of ['gzip, deflate', 'gzip, deflate, br']) {
      const v = await visit(url, { encoding });
      await v.session.context.close();
      const br = encoding.includes('br');
      figures[`storefront ${name}${br ? ', brotli' : ''}`] = { total: v.total, responses: brief(v.responses) };
      const chunks = v.responses.filter((r) => SPLIT_CHUNK.test(new URL(r.url).pathname));
      assert.deepEqual(chunks.map((r) => r.url), [], `${name}: no chunk is fetched`);
      assertPkgImmutable(v.responses, name);
      const big = v.responses.filter((r) => r.bytes > 2_000);
      assert.ok(big.length > 0 && big.every((r) => r.encoding === (br ? 'br' : 'gzip')), `${name}: compressed as asked (${encoding})`);
      const budget = br ? BROTLI_BUDGET : GZIP_BUDGET;
      assert.ok(
        v.total <= budget,
        `${name} (${encoding}): ${kB(v.total)} transferred, budget ${kB(budget)}:\n${v.responses.map((r) => `  ${r.bytes}\t${r.url}`).join('\n')}`,
      );
    }
  }
});

test('pointing at the cart link fetches what the cart needs ahead, and the cart then opens from the cache', { timeout: 120_000 }, async () => {
  const v = await visit(`${e2e.server.origin('t0003.platform.test')}/shop/products`, { cache: true });
  try {
    const chunks = () => v.responses.filter((r) => SPLIT_CHUNK.test(new URL(r.url).pathname));
    assert.deepEqual(chunks().map((r) => r.url), [], 'none before any intent');
    const { page } = v;
    await page.locator('.cart-link').hover();
    // The intent adds a `<link rel=prefetch>` for each file at once; wait until all are in.
    const prefetch = await page
      .waitForFunction(() => {
        const hrefs = [...document.querySelectorAll('link[rel=prefetch]')].map((l) => l.href);
        return hrefs.length > 0 && hrefs;
      })
      .then((h) => h.jsonValue());
    await loaded(v, prefetch, 10_000);
    assert.ok(chunks().length > 0, `the cart's chunks were fetched on hover: ${v.responses.map((r) => r.url).join(', ')}`);
    const before = v.responses.length;
    await page.locator('.cart-link').click();
    await page.getByRole('heading', { level: 1, name: /cart/i }).waitFor();
    await waitForHydration(page);
    // The main script and module, the chunk loader and the split modules of the app and the
    // shop's pages came from the cache (the small chunks they share are not prefetched).
    const prefetched = /\/pkg\/(split_[^/]*\.wasm|arcade\.[^/]*\.(js|wasm)|__wasm_split\.[^/]*\.js)$/;
    const big = v.responses.slice(before).filter((r) => prefetched.test(new URL(r.url).pathname));
    assert.ok(big.some((r) => /split_hydrate_whole/.test(r.url)), 'the cart page hydrates whole, from chunks');
    for (const r of big) {
      assert.ok(r.cached, `${new URL(r.url).pathname} came from the cache`);
    }
    assertPkgImmutable(v.responses, 'cart');
    assert.deepEqual(v.session.problems, []);
  } finally {
    await v.session.context.close();
  }
});

test('on a slow phone the storefront hydrates within its budget', { timeout: 180_000 }, async (t) => {
  const v = await visit(`${e2e.server.origin('t0001.platform.test')}/shop/products`, {
    throttle: SLOW_PHONE,
    encoding: 'gzip, deflate, br', // a phone's browser on HTTPS
  });
  await v.session.context.close();
  figures['slow phone, product list'] = { total: v.total, hydratedMs: v.hydratedMs };
  t.diagnostic(`slow phone: hydrated ${v.hydratedMs} ms after the navigation began, ${kB(v.total)} transferred`);
  assert.ok(
    v.hydratedMs <= SLOW_PHONE_BUDGET_MS,
    `slow phone: hydrated after ${v.hydratedMs} ms, budget ${SLOW_PHONE_BUDGET_MS} ms (${kB(v.total)} transferred)`,
  );
});

test('a console page loads its own chunk, hydrates and works', { timeout: 120_000 }, async () => {
  const admin = (p) => `${e2e.server.origin('admin.platform.test')}${p}`;
  const v = await visit(admin('/stores'), { before: (page) => signIn(page, admin('/login'), ADMIN) });
  try {
    const chunks = v.responses.filter((r) => SPLIT_CHUNK.test(new URL(r.url).pathname));
    assert.ok(chunks.length > 0, `the console fetched its page's chunk: ${v.responses.map((r) => r.url).join(', ')}`);
    assertPkgImmutable(v.responses, 'console');
    figures['console store list'] = { total: v.total, responses: brief(v.responses) };
    // The page is interactive: the search narrows the list without a reload.
    const { page } = v;
    await page.locator('#store-search').fill('t0002');
    await page.locator('#store-search').press('Enter');
    await page.waitForURL(/q=t0002/);
    await page.getByRole('link', { name: 'Store 0002' }).waitFor();
    // Moving to another lazy page in the browser loads its chunk and shows it.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    assert.deepEqual(v.session.problems, []);
  } finally {
    await v.session.context.close();
  }
});
