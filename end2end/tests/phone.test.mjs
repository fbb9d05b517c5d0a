// Pages at phone width (360 CSS pixels, the narrowest common phone): nothing may be wider
// than the screen, or the whole page scrolls sideways.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import { horizontalOverflow, openPage, signIn, waitForHydration } from '../lib/browser.mjs';
import { useServerAndBrowser } from '../lib/harness.mjs';
import { RESULTS_DIR } from '../lib/server.mjs';

const ADMIN = { email: 'ops@e2e.test', password: 'a long admin password' };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

const e2e = useServerAndBrowser({ admin: ADMIN });

const TIMEOUT = { timeout: 180_000 };
const at = (host) => (p) => `${e2e.server.origin(host)}${p}`;

/** Opens each URL at phone width and collects the ones wider than the screen. */
async function overflowing(session, urls) {
  const wide = [];
  for (const url of urls) {
    const res = await session.page.goto(url);
    // An error page fits the screen too: only the page asked for counts.
    assert.equal(res.status(), 200, `${url}: status`);
    await waitForHydration(session.page);
    const overflow = await horizontalOverflow(session.page);
    if (overflow > 0) {
      const name = new URL(url).host.split('.')[0] + new URL(url).pathname.replace(/[^a-z0-9]+/gi, '-');
      await session.page.screenshot({ path: path.join(RESULTS_DIR, `failed-phone-${name}.png`), fullPage: true });
      wide.push(`${url}: ${overflow}px too wide`);
    }
  }
  return wide;
}

test('storefront pages fit a 360 px wide phone in every mode', TIMEOUT, async () => {
  const session = await openPage(e2e.browser, PHONE);
  try {
    const urls = [];
    for (const store of [at('t0001.platform.test'), at('shop-0001.test'), (p) => at('platform.test')(`/stores/t0001${p}`)]) {
      urls.push(store('/'), store('/shop/products'), store('/shop/products/3'));
    }
    assert.deepEqual(await overflowing(session, urls), []);
    assert.deepEqual(session.problems, []);
  } finally {
    await session.context.close();
  }
});

test('sign-in, console and dashboard pages fit a 360 px wide phone', TIMEOUT, async () => {
  const session = await openPage(e2e.browser, PHONE);
  try {
    const admin = at('admin.platform.test');
    const platform = at('platform.test');
    const wide = await overflowing(session, [platform('/'), admin('/login')]);
    await signIn(session.page, admin('/login'), ADMIN);
    wide.push(...(await overflowing(session, [admin('/'), admin('/stores'), admin('/stores?view=table'), admin('/stores/t0001'), admin('/stores/new')])));
    wide.push(...(await overflowing(session, [admin('/store/t0001/'), admin('/store/t0001/products'), admin('/store/t0001/keys')])));
    assert.deepEqual(wide, []);
    assert.deepEqual(session.problems, []);
  } finally {
    await session.context.close();
  }
});
