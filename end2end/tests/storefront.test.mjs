// The storefront in a real browser, in each way a store is reached: its subdomain of the
// platform domain, its custom domain, and a path on the platform domain.
//
// The server is started here on the benchmark data set (`arcade seed --bench`, see
// peers/bench/WORKLOAD.md): store t0001 is "Store 0001", primary colour #3779b1, secondary
// #00ce70, custom domain shop-0001.test, products 1..20 named "Product NN of Store 0001"
// priced 236 + 101*NN cents, so its "featured" order (by id) is also cheapest first.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { waitForHydration, withFreshPage } from '../lib/browser.mjs';
import { useServerAndBrowser } from '../lib/harness.mjs';
import { RESULTS_DIR } from '../lib/server.mjs';

const STORE = 'Store 0001';
const PRIMARY = { hex: '#3779b1', rgb: 'rgb(55, 121, 177)' };
const SECONDARY = '#00ce70';
const productName = (j) => `Product ${String(j).padStart(2, '0')} of Store 0001`;
const productPrice = (j) => {
  const cents = 236 + 101 * j;
  return `$${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
};
const EXPECTED_IDS = Array.from({ length: 20 }, (_, i) => `product-${i + 1}`);

const e2e = useServerAndBrowser();

const MODES = [
  { mode: 'subdomain', host: 't0001.platform.test', prefix: '' },
  { mode: 'custom domain', host: 'shop-0001.test', prefix: '' },
  { mode: 'path', host: 'platform.test', prefix: '/stores/t0001' },
];

/** Runs `fn` with a fresh page. */
const withPage = (t, options, fn) => withFreshPage(e2e.browser, t, fn, options);

/**
 * Asserts that the browser logged no errors or warnings and no script failed. A page that
 * is meant to answer 404 makes Chromium log "Failed to load resource … 404" for the
 * document itself: pass its URLs as `expected404`.
 */
const noProblems = (problems, expected404 = []) => {
  const unexpected = problems.filter(
    (p) => !expected404.some((u) => p.startsWith('console.error: Failed to load resource: the server responded with a status of 404') && p.endsWith(`(${u})`)),
  );
  assert.deepEqual(unexpected, [], 'no console errors or warnings and no page errors');
};

/** The products on the page, in order: id, name, price in cents. */
const listedProducts = (page) =>
  page.$$eval('ul.products > li.product', (items) =>
    items.map((li) => {
      const price = li.querySelector('.price')?.textContent.trim() ?? '';
      return {
        id: li.id,
        name: li.querySelector('h3')?.textContent.trim(),
        price,
        cents: Math.round(Number(price.replace(/[$,]/g, '')) * 100),
      };
    }),
  );

const TIMEOUT = { timeout: 60_000 };

for (const { mode, host, prefix } of MODES) {
  describe(`${mode} mode`, () => {
    const url = (p) => `${e2e.server.origin(host)}${prefix}${p}`;

    test(`the store page shows the store's name and its 20 products (${mode})`, TIMEOUT, (t) =>
      withPage(t, {}, async ({ page, problems }) => {
        const res = await page.goto(url('/shop/products'));
        assert.equal(res.status(), 200);
        assert.equal(page.url(), url('/shop/products'), 'no redirect');
        // Server-rendered: the products are in the HTML, before any script runs.
        const html = await res.text();
        assert.equal(html.match(/<li\b[^>]*\bclass="product"/g)?.length, 20, '20 products in the server-rendered HTML');

        assert.equal((await page.textContent('header.store-header .store-name'))?.trim(), STORE);
        const products = await listedProducts(page);
        assert.deepEqual(
          products.map((p) => p.id),
          EXPECTED_IDS,
        );
        for (const [i, p] of products.entries()) {
          assert.equal(p.name, productName(i + 1));
          assert.equal(p.price, productPrice(i + 1));
        }
        assert.match(await page.title(), /Store 0001/);
        const productsLink = await page.getAttribute('header.store-header a[href$="/shop/products"]', 'href');
        assert.equal(productsLink, `${prefix}/shop/products`, 'the header links to the products of this store');

        await waitForHydration(page);
        assert.equal((await listedProducts(page)).length, 20, 'still 20 products after hydration');
        noProblems(problems);
      }),
    );

    test(`the store's theme colour is applied to the header (${mode})`, TIMEOUT, (t) =>
      withPage(t, {}, async ({ page, problems }) => {
        const res = await page.goto(url('/shop/products'));
        assert.equal(res.status(), 200);
        await waitForHydration(page);
        const vars = await page.evaluate(() => {
          const s = getComputedStyle(document.documentElement);
          return {
            primary: s.getPropertyValue('--primary-color').trim(),
            secondary: s.getPropertyValue('--secondary-color').trim(),
          };
        });
        assert.deepEqual(vars, { primary: PRIMARY.hex, secondary: SECONDARY });
        const background = await page.$eval('.store-header', (el) => getComputedStyle(el).backgroundColor);
        assert.equal(background, PRIMARY.rgb, '.store-header background is the primary colour');
        noProblems(problems);
      }),
    );

    test(`the catalog hydrates as islands, whose server functions stay under ${prefix || 'the root'}/api/, and sorting loads the list in that order (${mode})`, TIMEOUT, (t) =>
      withPage(t, {}, async ({ page, problems, requests }) => {
        const count = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/api/cart/count'));
        const start = await openMarked(page, url('/shop/products'), requests);
        assert.equal(new URL((await count).url()).pathname, `${prefix}/api/cart/count`, "the cart link's count keeps the prefix");
        // Only the islands are hydrated: the list itself carries no hydration data.
        // Named `<Component>_<hash of its source>` by Leptos.
        const islands = await page.$$eval('leptos-island', (els) => els.map((e) => e.dataset.component.replace(/_\d+$/, '')));
        assert.deepEqual(islands.sort(), ['CartLink', 'SortSelect']);
        assert.equal(await page.locator('ul.products leptos-island').count(), 0);

        // Dearest first: visibly different from the featured order, which is cheapest first.
        await page.selectOption('form.toolbar select[name=sort]', 'price_desc');
        await page.waitForURL((u) => u.searchParams.get('sort') === 'price_desc');
        await page.waitForFunction(() => document.querySelector('ul.products > li.product')?.id === 'product-20');
        assert.equal(new URL(page.url()).pathname, `${prefix}/shop/products`);
        assert.equal(await page.evaluate(() => window.__marker), undefined, 'the sorted list is a page of its own');
        assert.equal(await page.inputValue('form.toolbar select[name=sort]'), 'price_desc');
        let cents = (await listedProducts(page)).map((p) => p.cents);
        assert.equal(cents.length, 20);
        assert.deepEqual(cents, [...cents].sort((a, b) => b - a), 'dearest first');

        await waitForHydration(page);
        await page.selectOption('form.toolbar select[name=sort]', 'price_asc');
        await page.waitForURL((u) => u.searchParams.get('sort') === 'price_asc');
        await page.waitForFunction(() => document.querySelector('ul.products > li.product')?.id === 'product-1');
        cents = (await listedProducts(page)).map((p) => p.cents);
        assert.equal(cents.length, 20);
        assert.deepEqual(cents, [...cents].sort((a, b) => a - b), 'cheapest first');

        for (const r of requests.slice(start).filter((r) => r.method === 'POST')) {
          assert.ok(new URL(r.url).pathname.startsWith(`${prefix}/api/`), `server function call ${r.url} keeps the prefix ${prefix || '(none)'}`);
        }
        noProblems(problems);
      }),
    );

    test(`clicking a product opens its page${prefix ? ' and keeps the path prefix' : ''} (${mode})`, TIMEOUT, (t) =>
      withPage(t, {}, async ({ page, problems, requests }) => {
        await openMarked(page, url('/shop/products'), requests);
        assert.equal(await page.getAttribute('#product-7 a', 'href'), `${prefix}/shop/products/7`);
        await page.click('#product-7 a');
        await page.waitForURL(url('/shop/products/7'));
        await page.waitForSelector('article.product-detail#product-7 h1');
        assert.equal((await page.textContent('article.product-detail h1'))?.trim(), productName(7));
        assert.equal((await page.textContent('article.product-detail .price'))?.trim(), productPrice(7));
        assert.equal((await page.textContent('header.store-header .store-name'))?.trim(), STORE);
        assert.equal(
          await page.getAttribute('article.product-detail a.button', 'href'),
          `${prefix}/shop/products`,
          'the way back stays in the store',
        );
        await waitForHydration(page);
        await page.getByRole('button', { name: 'Add to cart' }).click();
        await page.getByRole('status').filter({ hasText: 'Added to your cart' }).waitFor();
        await page.waitForFunction(() => document.querySelector('.cart-link')?.textContent.trim() === 'Cart (1)');
        noProblems(problems);
      }),
    );

    test(`another store's product id shows the "Page not found" page (${mode})`, TIMEOUT, (t) =>
      withPage(t, {}, async ({ page, problems }) => {
        // Product 21 is "Product 01 of Store 0002".
        const res = await page.goto(url('/shop/products/21'));
        const expected404 = [page.url()];
        assert.equal(res.status(), 404);
        assert.equal((await page.textContent('h1'))?.trim(), 'Page not found');
        assert.equal((await page.textContent('header.store-header .store-name'))?.trim(), STORE);
        const text = await page.textContent('body');
        assert.ok(!text.includes('Store 0002'), 'nothing of store t0002 is shown');
        await waitForHydration(page);
        assert.equal((await page.textContent('h1'))?.trim(), 'Page not found', 'still not found after hydration');
        noProblems(problems, expected404);
      }),
    );
  });
}

describe('unknown addresses', () => {
  test('an unknown host shows a 404 page', TIMEOUT, (t) =>
    withPage(t, {}, async ({ page, problems }) => {
      const res = await page.goto(`${e2e.server.origin('nostore.test')}/`);
      assert.equal(res.status(), 404);
      assert.equal((await page.textContent('h1'))?.trim(), 'Page not found');
      assert.equal(await page.$('.store-header'), null, 'no store is shown');
      noProblems(problems, [page.url()]);
    }),
  );

  test('an unknown store code shows a 404 page on its subdomain and under /stores/', TIMEOUT, (t) =>
    withPage(t, {}, async ({ page, problems }) => {
      const urls = [`${e2e.server.origin('t1001.platform.test')}/shop/products`, `${e2e.server.origin('platform.test')}/stores/t1001/shop/products`];
      for (const u of urls) {
        const res = await page.goto(u);
        assert.equal(res.status(), 404, u);
        assert.equal((await page.textContent('h1'))?.trim(), 'Page not found', u);
        assert.equal(await page.$('.store-header'), null, `${u}: no store is shown`);
      }
      noProblems(problems, urls);
    }),
  );
});

describe('screenshots for people to look at (test-results/)', () => {
  const shots = [
    { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
    { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
  ];
  for (const { name, options } of shots) {
    const { width, height } = options.viewport;
    test(`the t0001 product list is captured at ${name} size (${width}x${height})`, TIMEOUT, (t) =>
      withPage(t, options, async ({ page, problems }) => {
        await page.goto(`${e2e.server.origin('t0001.platform.test')}/shop/products`);
        await waitForHydration(page);
        await page.evaluate(() => document.fonts.ready);
        const file = path.join(RESULTS_DIR, `t0001-products-${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        t.diagnostic(`${file}; horizontal overflow ${overflow}px`);
        assert.equal((await listedProducts(page)).length, 20);
        noProblems(problems);
      }),
    );
  }
});

/** Opens `target`, waits for hydration and marks the document (a page loaded after it has no mark); returns the request count so far. */
async function openMarked(page, target, requests) {
  await page.goto(target);
  await waitForHydration(page);
  await page.evaluate(() => {
    window.__marker = 1;
  });
  return requests.length;
}
