// Shopping in a real browser, in each way a store is reached: a shopper adds two products,
// changes a quantity, checks out and lands on the order's confirmation; then a platform
// admin opens the store's dashboard, finds the order and marks it paid and shipped.
//
// Bench data set (peers/bench/WORKLOAD.md): product j of store i is named
// "Product jj of Store iiii" and costs 199 + (37 i + 101 j) mod 9800 cents.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { signIn, waitForHydration, withFreshPage } from '../lib/browser.mjs';
import { useServerAndBrowser } from '../lib/harness.mjs';

const ADMIN = { email: 'ops@e2e.test', password: 'a long admin password' };
const price = (i, j) => 199 + ((37 * i + 101 * j) % 9800);
const dollars = (cents) => `$${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const productId = (i, j) => (i - 1) * 20 + j;

const e2e = useServerAndBrowser({ admin: ADMIN });

/** The orders placed, by store number, for the owner's part. */
const placed = {};

const TIMEOUT = { timeout: 90_000 };

const withPage = (t, fn) => withFreshPage(e2e.browser, t, fn);

const MODES = [
  { mode: 'subdomain', store: 1, host: 't0001.platform.test', prefix: '' },
  { mode: 'custom domain', store: 2, host: 'shop-0002.test', prefix: '' },
  { mode: 'path', store: 3, host: 'platform.test', prefix: '/stores/t0003' },
];

for (const { mode, store, host, prefix } of MODES) {
  test(`a shopper fills a cart, changes a quantity and checks out (${mode})`, TIMEOUT, (t) =>
    withPage(t, async ({ page, problems }) => {
      const url = (p) => `${e2e.server.origin(host)}${prefix}${p}`;
      const [a, b] = [productId(store, 2), productId(store, 5)];

      for (const id of [a, b]) {
        await page.goto(url(`/shop/products/${id}`));
        await waitForHydration(page);
        // The bench stores do not have the wishlist module: none of its UI is there.
        assert.equal(await page.getByRole('button', { name: 'Save to wishlist' }).count(), 0);
        assert.equal(await page.locator('header a[href$="/shop/wishlist"]').count(), 0);
        await page.getByRole('button', { name: 'Add to cart' }).click();
        await page.getByRole('status').filter({ hasText: 'Added to your cart' }).waitFor();
      }
      // The header's count, filled in the browser: the page itself came from the cache.
      await page.waitForFunction(() => document.querySelector('.cart-link')?.textContent.trim() === 'Cart (2)');

      await page.click('.cart-link');
      await page.waitForURL(url('/shop/cart'));
      await waitForHydration(page);
      await page.locator(`#line-${a}`).waitFor();
      await page.getByLabel(`Quantity of Product 02 of Store ${String(store).padStart(4, '0')}`).fill('3');
      await page.locator(`#line-${a}`).getByRole('button', { name: 'Update' }).click();
      const total = 3 * price(store, 2) + price(store, 5);
      await page.locator('.cart-total .price').filter({ hasText: dollars(total) }).waitFor();
      await page.waitForFunction(() => document.querySelector('.cart-link')?.textContent.trim() === 'Cart (4)');

      await page.getByRole('link', { name: 'Check out' }).click();
      await page.waitForURL(url('/shop/checkout'));
      await waitForHydration(page);
      // Sent empty: every field says what it needs, and nothing is placed.
      await page.getByRole('button', { name: /^Place order/ }).click();
      await page.locator('#email-error').filter({ hasText: 'enter your email address' }).waitFor();
      assert.equal(await page.getAttribute('#city', 'aria-invalid'), 'true');

      await page.getByLabel('Email', { exact: true }).fill('ada@example.com');
      await page.getByLabel('Full name', { exact: true }).fill('Ada Lovelace');
      await page.getByLabel('Street and number', { exact: true }).fill("12 St James's Square");
      await page.getByLabel('City', { exact: true }).fill('London');
      await page.getByLabel('Postal code', { exact: true }).fill('SW1Y 4JH');
      await page.getByLabel('Country', { exact: true }).fill('United Kingdom');
      await page.getByLabel(/Pay on delivery/).check();
      await page.getByRole('button', { name: `Place order (${dollars(total)})` }).click();

      await page.waitForURL((u) => u.pathname.startsWith(`${prefix}/shop/orders/`) && u.search === '?placed=1');
      // The order page's code may still be on its way (a lazy page): wait for the page itself.
      await page.getByRole('heading', { level: 1, name: 'Thank you! Order #1001 is placed.' }).waitFor();
      assert.match(await page.textContent('.order-items tfoot'), new RegExp(dollars(total).replace('$', '\\$')));
      assert.match(await page.textContent('.order-facts'), /Pay on delivery/);
      await page.waitForFunction(() => document.querySelector('.cart-link')?.textContent.trim() === 'Cart');

      // The private link works on its own, in a fresh load.
      const link = page.url().replace('?placed=1', '');
      const again = await page.goto(link);
      assert.equal(again.status(), 200);
      assert.equal((await page.textContent('h1'))?.trim(), 'Order #1001');
      placed[store] = { number: 1001, total };
      assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
    }),
  );
}

test('the store sees the order in its dashboard and marks it paid, then shipped', TIMEOUT, (t) =>
  withPage(t, async ({ page, problems }) => {
    assert.ok(placed[1], 'the subdomain shopper placed an order first');
    const admin = e2e.server.origin('admin.platform.test');
    const dash = (p) => `${admin}/store/t0001${p}`;
    await signIn(page, `${admin}/login?next=${encodeURIComponent('/store/t0001/orders')}`, ADMIN);
    await page.waitForURL(dash('/orders'));
    const row = page.locator('table.order-table tbody tr').first();
    await row.waitFor();
    assert.match(await row.textContent(), /#1001/);
    assert.match(await row.textContent(), /ada@example\.com/);
    assert.match(await row.textContent(), /Placed/);

    await row.getByRole('link', { name: '#1001' }).click();
    await page.waitForURL(dash('/orders/1001'));
    await waitForHydration(page);
    await page.getByRole('button', { name: 'Mark as paid' }).click();
    await page.locator('.page-head .badge').filter({ hasText: 'Paid' }).waitFor();
    await page.getByRole('button', { name: 'Mark as shipped' }).click();
    await page.locator('.page-head .badge').filter({ hasText: 'Shipped' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Mark as delivered' }).count(), 1, 'next: delivered');
    assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
  }),
);
