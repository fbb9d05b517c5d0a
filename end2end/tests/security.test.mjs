// Every kind of page under the real Content-Security-Policy: storefronts in all three
// modes, the platform landing, sign-in, the console and a dashboard signed in, and the
// 404 pages. A page fails when the browser reports any policy violation (event or console
// message), any other console error or warning, or when it does not hydrate.
//
// A logo is uploaded first, so storefronts show an image from their own uploads and the
// console shows it from the platform host (the one extra image origin the console allows).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { signIn, waitForHydration, withFreshPage } from '../lib/browser.mjs';
import { useServerAndBrowser } from '../lib/harness.mjs';

const ADMIN = { email: 'ops@e2e.test', password: 'a long admin password' };
// A real 1x1 PNG, so the browser decodes and shows it.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const e2e = useServerAndBrowser({ admin: ADMIN });

const TIMEOUT = { timeout: 240_000 };
const at = (host) => (p) => `${e2e.server.origin(host)}${p}`;

/**
 * Visits `url`, expects `status`, waits for hydration (plain error pages have no app), and
 * fails on anything the browser reported since the previous visit.
 */
async function visit(session, url, { status = 200, hydrates = true } = {}) {
  const { page, problems } = session;
  const before = problems.length;
  const res = await page.goto(url);
  assert.equal(res.status(), status, `${url}: status`);
  if (hydrates) {
    await waitForHydration(page).catch(() => assert.fail(`${url}: the page did not hydrate`));
  } else {
    await page.waitForLoadState('load');
  }
  const reported = problems
    .slice(before)
    // Chromium logs the document's own 404 status as a failed resource.
    .filter((p) => !(status === 404 && p.startsWith('console.error: Failed to load resource') && p.endsWith(`(${url})`)));
  assert.deepEqual(reported, [], `${url}: no policy violation, console error or warning`);
  return res;
}

/** The natural width of the image `selector` once it has loaded (0 when it is broken). */
async function imageWidth(page, selector) {
  await page.waitForFunction((sel) => document.querySelector(sel)?.complete, selector);
  return page.$eval(selector, (img) => img.naturalWidth);
}

/** Runs `fn` with a fresh session. */
const withSession = (t, fn) => withFreshPage(e2e.browser, t, fn);

test('every kind of page loads and hydrates without a Content-Security-Policy violation', TIMEOUT, (t) =>
  withSession(t, async (session) => {
    const { page, violations } = session;
    const admin = at('admin.platform.test');
    const platform = at('platform.test');

    // Signed out.
    await visit(session, platform('/'));
    await visit(session, admin('/login'));
    await visit(session, admin('/set-password?token=x'));

    // The console, signed in; upload a logo for t0001 on the way.
    await signIn(page, admin('/login?next=%2Fstores%2Ft0001'), ADMIN);
    await page.setInputFiles('#logo-file', { name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await page.getByText('Logo updated').waitFor();
    for (const p of ['/', '/stores', '/stores?view=table', '/stores/new', '/stores/import', '/audit', '/stores/t0001']) {
      await visit(session, admin(p));
    }
    assert.equal(await imageWidth(page, 'img.logo-preview'), 1, 'the console shows the logo from the platform host');

    // A store's dashboard, on the console's host too; it shows uploads from the platform host.
    for (const p of ['/store/t0001/', '/store/t0001/products', '/store/t0001/products/new',
      '/store/t0001/products/1', '/store/t0001/domains', '/store/t0001/keys', '/store/t0001/settings']) {
      await visit(session, admin(p));
    }
    // The old addresses on the platform host lead there.
    for (const [p, to] of [['/admin/stores', '/stores'], ['/store/t0001/products', '/store/t0001/products'], ['/login', '/login']]) {
      await visit(session, platform(p));
      assert.equal(page.url(), admin(to), `${platform(p)} moved`);
    }

    // Storefronts in every mode, with the uploaded logo.
    for (const store of [at('t0001.platform.test'), at('shop-0001.test'), (p) => platform(`/stores/t0001${p}`)]) {
      for (const p of ['/', '/shop/products', '/shop/products/3']) {
        await visit(session, store(p));
        assert.equal(await imageWidth(page, 'header.store-header img'), 1, `${store(p)}: the logo shows`);
      }
      await visit(session, store('/shop/products/21'), { status: 404 });
    }
    // Stores without a logo file show their initials.
    await visit(session, at('t0002.platform.test')('/'));
    assert.equal(await page.getByRole('img', { name: 'Store 0002' }).textContent(), 'S0');

    // The plain 404 page answered before any store is known.
    await visit(session, at('nostore.test')('/'), { status: 404, hydrates: false });

    assert.deepEqual(violations, []);
  }),
);
