// The admin console and the owner dashboard in a real browser, end to end:
// an admin signs in, creates a store with modules and an owner, visits its storefront,
// turns a module off and sees the storefront and the API change; the invitation is mailed to
// the owner (read in the console's Mail page: no SMTP server in the tests), who sets a
// password from its link, adds a product, and the product is on the storefront.
//
// The admin is made the way an operator does it: `arcade admin create`, password on stdin.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { waitForHydration, withFreshPage } from '../lib/browser.mjs';
import { useServerAndBrowser } from '../lib/harness.mjs';

const ADMIN = { email: 'ops@e2e.test', password: 'a long admin password' };
const OWNER = { email: 'owner@e2e-shop.test', password: 'owner password 123' };
const CODE = 'e2e-shop';
const STORE = 'E2E Shop';
const WALLET_FEATURE = 'Gift cards and store credit';

const e2e = useServerAndBrowser({ admin: ADMIN });

/** Carried from one step to the next: the steps are one story. */
const story = {};

const TIMEOUT = { timeout: 90_000 };
const console_ = (p) => `${e2e.server.origin('admin.platform.test')}${p}`;
const platform = (p) => `${e2e.server.origin('platform.test')}${p}`;
const storefront = (p) => `${e2e.server.origin(`${CODE}.platform.test`)}${p}`;

/** Runs `fn` with a fresh page (its own cookies). */
const withPage = (t, fn) => withFreshPage(e2e.browser, t, fn);

/** GET from inside the page (the browser resolves the test hosts; Node does not). */
const fetchInPage = (page, url) =>
  page.evaluate(async (u) => {
    const r = await fetch(u);
    return { status: r.status, body: await r.text() };
  }, url);

async function signInAsAdmin(page) {
  await page.goto(console_('/stores/new'));
  // Signed out: the console sends us to its sign-in page and back afterwards.
  assert.match(page.url(), /\/login\?next=/);
  await waitForHydration(page);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(console_('/stores/new'));
  await waitForHydration(page);
}

test('an admin creates a store with modules and an owner, and its storefront is live', TIMEOUT, (t) =>
  withPage(t, async ({ page, problems }) => {
    await signInAsAdmin(page);

    await page.getByLabel('Code').fill('admin');
    await page.getByText('this code is reserved').waitFor();
    await page.getByLabel('Code').fill('t0001');
    await page.getByText('t0001 is taken').waitFor();
    await page.getByLabel('Code').fill(CODE);
    await page.getByText(`${CODE} is available`).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(STORE);
    await page.locator('#module-wallet').check();
    await page.locator('#module-reviews').check();
    assert.equal(await page.locator('#module-catalog').isDisabled(), true, 'core modules are locked on');
    await page.getByLabel(/Owner email/).fill(OWNER.email);
    await page.getByRole('button', { name: 'Create store' }).click();
    await page.getByText(`An invitation was mailed to ${OWNER.email}`).waitFor();
    assert.equal(await page.getByText('set-password').count(), 0, 'no link is shown to the admin');

    // The invitation, as the owner would read it: the console keeps mail when nothing sends it.
    await page.goto(console_('/mail'));
    await waitForHydration(page);
    await page.getByRole('link', { name: `You're invited to ${STORE} on Arcade` }).click();
    const link = await page.locator('pre.mail-text a').first().getAttribute('href');
    assert.match(link, /^http:\/\/admin\.platform\.test:\d+\/set-password\?token=[0-9a-f]{64}$/);
    story.ownerLink = link;
    assert.deepEqual(problems, []);

    const shop = await page.goto(storefront('/'));
    assert.equal(shop.status(), 200);
    assert.equal((await page.textContent('header.store-header .store-name'))?.trim(), STORE);
    await page.getByText(WALLET_FEATURE).waitFor();
    const wallet = await fetchInPage(page, storefront('/api/wallet/balance'));
    assert.equal(wallet.status, 401, 'wallet on: the API asks the shopper to sign in');
  }),
);

test('turning a module off changes the storefront and the API at once', TIMEOUT, (t) =>
  withPage(t, async ({ page }) => {
    assert.ok(story.ownerLink, 'the store was created');
    await signInAsAdmin(page);
    await page.goto(console_(`/stores/${CODE}`));
    await waitForHydration(page);
    await page.getByRole('button', { name: 'Turn off Wallet' }).click();
    await page.getByRole('button', { name: 'Turn on Wallet' }).waitFor();

    const shop = await page.goto(storefront('/'));
    assert.equal(shop.status(), 200);
    assert.equal(await page.getByText(WALLET_FEATURE).count(), 0, 'the storefront no longer offers the wallet');
    await page.getByText('Customer reviews').waitFor();
    const wallet = await fetchInPage(page, storefront('/api/wallet/balance'));
    assert.equal(wallet.status, 403);
    assert.deepEqual(JSON.parse(wallet.body), {
      error: 'module not enabled',
      message: 'this store does not offer wallet',
      module: 'wallet',
      upgrade: true,
    });
  }),
);

test('the invited owner sets a password and adds a product that appears on the storefront', TIMEOUT, (t) =>
  withPage(t, async ({ page, problems }) => {
    assert.ok(story.ownerLink, 'the store was created');
    await page.goto(story.ownerLink);
    await waitForHydration(page);
    await page.getByLabel('New password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByText('Your stores').waitFor();
    await page.getByRole('link', { name: 'Open dashboard' }).click();
    await page.waitForURL(console_(`/store/${CODE}/`));

    await page.goto(console_(`/store/${CODE}/products/new`));
    await waitForHydration(page);
    await page.getByLabel('Name').fill('E2E Mug');
    await page.getByLabel(/Price/).fill('12.5');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.waitForURL(new RegExp(`/store/${CODE}/products/\\d+`));
    assert.deepEqual(problems, []);

    await page.goto(storefront('/shop/products'));
    const card = page.locator('li.product', { hasText: 'E2E Mug' });
    await card.waitFor();
    assert.equal((await card.locator('.price').textContent()).trim(), '$12.50');

    // The owner's session belongs to the console's host only.
    for (const url of [storefront('/'), platform('/'), platform(`/stores/${CODE}/`)]) {
      const cookies = await page.context().cookies(url);
      assert.deepEqual(cookies.map((c) => c.name), [], `no session cookie is sent to ${url}`);
    }
    const session = await page.context().cookies(console_('/'));
    assert.deepEqual(session.map((c) => c.name), ['arcade_session'], 'the session lives on admin.platform.test');
  }),
);
