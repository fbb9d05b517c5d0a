// Accessibility in a real browser: the axe-core engine (WCAG 2.x A and AA rules) on every
// kind of page, for bench stores whose colours are far apart, in the three ways a store is
// reached; one h1 and a skip link per page; nothing scrolls sideways at 320 px; and a
// shopper who uses only the keyboard reaches a product, puts it in the cart and gets to
// the checkout.
//
// Bench colours (peers/bench/WORKLOAD.md): primary (i * 2654435761) mod 2^24, secondary
// (i * 40503 + 12345) mod 2^24, so t0042's primary is a light green (1.5:1 on white) and
// t0999's a pale mint; stores 1 to 200 also have the custom domain shop-{i}.test.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';

import { horizontalOverflow, signIn, waitForHydration, withFreshPage } from '../lib/browser.mjs';
import { useServerAndBrowser } from '../lib/harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const ADMIN = { email: 'ops@e2e.test', password: 'a long admin password' };
const STORES = [1, 7, 42, 500, 999];
const code = (i) => `t${String(i).padStart(4, '0')}`;
const productId = (i, j) => (i - 1) * 20 + j;

const e2e = useServerAndBrowser({ admin: ADMIN });

const TIMEOUT = { timeout: 300_000 };
const at = (host) => (p) => `${e2e.server.origin(host)}${p}`;

/** The ways store `i` is reached: subdomain, custom domain (stores 1 to 200), path. */
function modes(i) {
  const list = [{ mode: 'subdomain', url: at(`${code(i)}.platform.test`) }];
  if (i <= 200) list.push({ mode: 'custom domain', url: at(`shop-${String(i).padStart(4, '0')}.test`) });
  list.push({ mode: 'path', url: (p) => at('platform.test')(`/stores/${code(i)}${p}`) });
  return list;
}

/**
 * Runs `fn` with a fresh page. The axe script is added to the page by the test, which the
 * page's own Content-Security-Policy would refuse, so this context bypasses it
 * (security.test.mjs checks the policy).
 */
const withPage = (t, fn, options = {}) => withFreshPage(e2e.browser, t, fn, { bypassCSP: true, ...options });

/** The serious and critical WCAG A/AA violations axe finds on the page as it is now. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  }, WCAG);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Loads `url`, waits for the app, and collects what axe and the page structure say. */
async function audit(page, url, failures, { skipLink = true } = {}) {
  const res = await page.goto(url);
  assert.equal(res.status(), 200, `${url}: status`);
  await waitForHydration(page);
  for (const v of await axeViolations(page)) {
    failures.push(`${url}: [${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`);
  }
  const h1 = await page.locator('h1').count();
  if (h1 !== 1) failures.push(`${url}: ${h1} h1 elements, not one`);
  if ((await page.locator('main#main').count()) !== 1) failures.push(`${url}: no <main id="main">`);
  if (skipLink && (await page.locator('a.skip-link[href="#main"]').count()) !== 1) failures.push(`${url}: no skip link`);
}

const report = (failures) => assert.deepEqual(failures, [], `accessibility failures:\n${failures.join('\n')}`);

test('storefront pages of stores in very different colours have no serious WCAG violation', TIMEOUT, (t) =>
  withPage(t, async ({ page, problems }) => {
    const failures = [];
    for (const i of STORES) {
      for (const { url } of modes(i)) {
        for (const p of ['/', '/shop/products', `/shop/products/${productId(i, 3)}`]) {
          await audit(page, url(p), failures);
        }
      }
    }
    report(failures);
    assert.deepEqual(problems, [], 'no console errors or page errors');
  }),
);

test('cart and checkout with an item in the cart have no serious WCAG violation', TIMEOUT, (t) =>
  withPage(t, async ({ page, problems }) => {
    const failures = [];
    for (const i of STORES) {
      const url = at(`${code(i)}.platform.test`);
      await page.goto(url(`/shop/products/${productId(i, 4)}`));
      await waitForHydration(page);
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.getByRole('status').filter({ hasText: 'Added to your cart' }).waitFor();
      await audit(page, url('/shop/cart'), failures);
      await audit(page, url('/shop/checkout'), failures);
      // The checkout's errors, shown next to their fields.
      await page.getByRole('button', { name: /^Place order/ }).click();
      await page.locator('#email-error').waitFor();
      for (const v of await axeViolations(page)) failures.push(`${url('/shop/checkout')} with errors: ${v.id}: ${v.help}`);
    }
    report(failures);
    assert.deepEqual(problems, [], 'no console errors or page errors');
  }),
);

test('a store on a dark background keeps stock, prices and errors readable', TIMEOUT, (t) =>
  withPage(t, async ({ page, problems }) => {
    const admin = at('admin.platform.test');
    await signIn(page, admin('/login?next=%2Fstore%2Ft0007%2F'), ADMIN);
    // The owner's tools, called as the theme editor calls them.
    const call = (name, body, type) =>
      page.evaluate(
        async ([url, body, type]) => {
          const r = await fetch(url, { method: 'POST', headers: { 'content-type': type }, body });
          return { status: r.status, text: await r.text() };
        },
        [admin(`/store/t0007/api/dashboard/${name}`), body, type],
      );
    const theme = {
      primary: '#7c9cff', secondary: '#00bfa5', accent: '#ffb74d', background: '#121417', text: '#e8eaed',
      font: 'system', radius: '8', layout: 'grid', hero_heading: '', hero_text: '',
    };
    const saved = await call('theme_save', JSON.stringify({ theme }), 'application/json');
    assert.equal(saved.status, 200, saved.text);
    const published = await call('theme_publish', '', 'application/x-www-form-urlencoded');
    assert.equal(published.status, 200, published.text);

    const failures = [];
    const url = at('t0007.platform.test');
    for (const p of ['/', '/shop/products', `/shop/products/${productId(7, 3)}`]) await audit(page, url(p), failures);
    assert.ok(await page.locator('.availability').count(), 'the product page shows its stock');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('status').filter({ hasText: 'Added to your cart' }).waitFor();
    await audit(page, url('/shop/checkout'), failures);
    await page.getByRole('button', { name: /^Place order/ }).click();
    await page.locator('#email-error').waitFor();
    for (const v of await axeViolations(page)) failures.push(`dark checkout with errors: ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`);
    report(failures);
    assert.deepEqual(problems, [], 'no console errors or page errors');
  }),
);

test('platform, sign-in, console and dashboard pages have no serious WCAG violation', TIMEOUT, (t) =>
  withPage(t, async ({ page, problems }) => {
    const failures = [];
    const admin = at('admin.platform.test');
    const platform = at('platform.test');
    await audit(page, platform('/'), failures);
    await audit(page, admin('/login'), failures, { skipLink: false });
    await audit(page, admin('/forgot-password'), failures, { skipLink: false });
    await audit(page, at('t0001.platform.test')('/shop/account'), failures);
    await audit(page, at('t0001.platform.test')(`/shop/account?reset=${'0'.repeat(64)}`), failures);
    await audit(page, admin('/set-password?token=x'), failures, { skipLink: false });

    await signIn(page, admin('/login'), ADMIN);
    for (const p of ['/', '/stores', '/stores?view=table', '/stores/new', '/stores/import', '/audit', '/mail', '/stores/t0001',
      '/store/t0042/', '/store/t0042/products', '/store/t0042/products/new',
      `/store/t0042/products/${productId(42, 1)}`, '/store/t0042/orders', '/store/t0042/domains', '/store/t0042/keys',
      '/store/t0001/theme']) {
      await audit(page, admin(p), failures);
    }
    report(failures);
    assert.deepEqual(problems, [], 'no console errors or page errors');
  }),
);

test('at 320 px wide no storefront or sign-in page scrolls sideways', TIMEOUT, (t) =>
  withPage(
    t,
    async ({ page }) => {
      const wide = [];
      for (const i of [1, 42]) {
        const url = at(`${code(i)}.platform.test`);
        for (const p of ['/', '/shop/products', `/shop/products/${productId(i, 3)}`, '/shop/cart', '/shop/checkout']) {
          const res = await page.goto(url(p));
          assert.equal(res.status(), 200, `${url(p)}: status`);
          await waitForHydration(page);
          const over = await horizontalOverflow(page);
          if (over > 0) wide.push(`${url(p)}: ${over} px too wide`);
        }
      }
      const res = await page.goto(at('admin.platform.test')('/login'));
      assert.equal(res.status(), 200, 'sign-in: status');
      const over = await horizontalOverflow(page);
      if (over > 0) wide.push(`sign-in: ${over} px too wide`);
      assert.deepEqual(wide, []);
    },
    { viewport: { width: 320, height: 640 } },
  ),
);

/**
 * Presses Tab until the focused element satisfies `matches` (run in the page on
 * `document.activeElement`); every control on the way must show a focus ring.
 */
async function tabTo(page, what, matches, max = 80) {
  for (let n = 0; n < max; n++) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate(`(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return {
        found: (${matches})(el),
        // The focus on <body>: past the last control, on the way back to the first.
        ring: el === document.body || (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2),
        name: el.tagName.toLowerCase() + ' "' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40) + '"',
      };
    })()`);
    assert.ok(state.ring, `${state.name} has no visible focus ring`);
    if (state.found) return;
  }
  assert.fail(`${what} not reached with ${max} presses of Tab`);
}

test('a keyboard-only shopper reaches a product, adds it to the cart and gets to the checkout', TIMEOUT, (t) =>
  withPage(t, async ({ page, problems }) => {
    const url = at('t0007.platform.test');
    await page.goto(url('/'));
    await waitForHydration(page);

    // The first stop is the skip link; it puts the focus in <main>.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');

    // The first product card, then its page.
    await tabTo(page, 'a product', (el) => el.matches('.product a'));
    const name = (await page.evaluate(() => document.activeElement.querySelector('h3').textContent)).trim();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname.startsWith('/shop/products/'));
    await page.locator('h1').filter({ hasText: name }).waitFor();
    await waitForHydration(page);

    await tabTo(page, 'the Add to cart button', (el) => el.matches('button') && el.textContent.includes('Add to cart'));
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Added to your cart' }).waitFor();

    await tabTo(page, 'the link to the cart', (el) => el.matches('a') && el.textContent.trim() === 'View cart');
    await page.keyboard.press('Enter');
    await page.waitForURL(url('/shop/cart'));
    await page.getByText(name).first().waitFor();

    await tabTo(page, 'the link to the checkout', (el) => el.matches('a') && el.textContent.trim() === 'Check out');
    await page.keyboard.press('Enter');
    await page.waitForURL(url('/shop/checkout'));
    await waitForHydration(page);
    await tabTo(page, 'the email field', (el) => el.id === 'email');
    assert.deepEqual(problems, [], 'no console errors or page errors');
  }),
);

test('a keyboard-only admin signs in and creates a store', TIMEOUT, (t) =>
  withPage(t, async ({ page, problems }) => {
    const admin = at('admin.platform.test');
    await page.goto(admin('/login'));
    await waitForHydration(page);
    await tabTo(page, 'the email field', (el) => el.id === 'email');
    await page.keyboard.type(ADMIN.email);
    await tabTo(page, 'the password field', (el) => el.id === 'password');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname !== '/login');
    await waitForHydration(page);
    assert.deepEqual(problems, [], 'signed in without errors');

    await tabTo(page, 'the New store link', (el) => el.matches('a') && el.textContent.trim() === 'New store');
    await page.keyboard.press('Enter');
    await page.waitForURL(admin('/stores/new'));
    await waitForHydration(page);
    assert.deepEqual(problems, [], 'reached the form without errors');
    await tabTo(page, 'the code field', (el) => el.id === 'code');
    await page.keyboard.type('kbd01');
    await tabTo(page, 'the name field', (el) => el.id === 'name');
    await page.keyboard.type('Keyboard Store');
    await tabTo(page, 'the create button', (el) => el.matches('button[type=submit]'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Store kbd01 created' }).waitFor();
    assert.deepEqual(problems, [], 'no console errors or page errors');
    const res = await page.goto(at('kbd01.platform.test')('/'));
    assert.equal(res.status(), 200, 'the new store serves its storefront');
  }),
);

// Text at twice its size (the root font size at 200 %, as text-only zoom does to rem-based
// styles): nothing may scroll sideways or be cut off, at a desktop width and at half of it.
test('pages keep all their content with text at 200 %', TIMEOUT, (t) =>
  withPage(t, async ({ page, problems }) => {
    const store = at('t0004.platform.test');
    const urls = [store('/'), store('/shop/products'), store('/shop/products/61'), store('/shop/cart'), at('admin.platform.test')('/login')];
    const lost = [];
    for (const width of [1280, 640]) {
      await page.setViewportSize({ width, height: 800 });
      for (const url of urls) {
        const res = await page.goto(url);
        assert.equal(res.status(), 200, `${url}: status`);
        await waitForHydration(page);
        // Through the CSS object model: the content security policy forbids style attributes.
        await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%'));
        const over = await horizontalOverflow(page);
        if (over > 0) lost.push(`${width}px ${url}: ${over} px too wide`);
        const clipped = await page.evaluate(() =>
          [...document.querySelectorAll('main *, header *')]
            .filter((el) => {
              const s = getComputedStyle(el);
              const hides = ['hidden', 'clip'].includes(s.overflowX) && !el.matches('.visually-hidden, .skip-link');
              return hides && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0;
            })
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
        );
        if (clipped.length) lost.push(`${width}px ${url}: cut off: ${clipped.join(', ')}`);
      }
    }
    assert.deepEqual(lost, []);
    assert.deepEqual(problems, []);
  }),
);
