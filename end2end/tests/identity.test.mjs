// Accounts proven by email, in a real browser: a shopper signs up and confirms the address
// from the mailed link, then forgets the password, asks for a new one from the sign-in
// form's "Forgot password?", and is signed in with it. With no SMTP server, the mail is
// read where an admin reads it: the console's Mail page.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { signIn, waitForHydration, withFreshPage } from '../lib/browser.mjs';
import { useServerAndBrowser } from '../lib/harness.mjs';

const ADMIN = { email: 'ops@identity.test', password: 'a long admin password' };
const SHOPPER = { email: 'ada@identity.test', first: 'first password 123', second: 'second password 456' };
const TIMEOUT = { timeout: 90_000 };

const e2e = useServerAndBrowser({ admin: ADMIN });
const console_ = (p) => `${e2e.server.origin('admin.platform.test')}${p}`;
const store = (p) => `${e2e.server.origin('t0001.platform.test')}${p}`;

/** The first link of the newest message whose subject matches, read in the console. */
async function mailedLink(browser, t, subject) {
  let link;
  await withFreshPage(browser, t, async ({ page }) => {
    await signIn(page, console_('/login'), ADMIN);
    await page.goto(console_('/mail'));
    await waitForHydration(page);
    await page.getByRole('link', { name: subject }).first().click();
    await page.locator('pre.mail-text a').first().waitFor();
    link = await page.locator('pre.mail-text a').first().getAttribute('href');
  });
  return link;
}

test('a shopper confirms the address, forgets the password and resets it from the mailed link', TIMEOUT, async (t) => {
  await withFreshPage(e2e.browser, t, async ({ page, problems }) => {
    await page.goto(store('/shop/account'));
    await waitForHydration(page);
    await page.getByRole('button', { name: 'New here? Create an account' }).click();
    await page.getByLabel('Email').fill(SHOPPER.email);
    await page.getByLabel(/^Password/).fill(SHOPPER.first);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Check your email').waitFor();
    assert.deepEqual(problems, []);
  });

  const confirm = await mailedLink(e2e.browser, t, 'Confirm your email for Store 0001');
  // Store 1 has a primary custom domain: its links use it (its canonical origin).
  assert.match(confirm, /^http:\/\/shop-0001\.test:\d+\/shop\/account\?confirm=[0-9a-f]{64}$/);
  await withFreshPage(e2e.browser, t, async ({ page }) => {
    await page.goto(confirm);
    await waitForHydration(page);
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();
    await page.getByText(`Signed in as ${SHOPPER.email}`).waitFor();
  });

  await withFreshPage(e2e.browser, t, async ({ page, problems }) => {
    await page.goto(store('/shop/account'));
    await waitForHydration(page);
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await page.getByLabel('Email').fill(SHOPPER.email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByText('we have emailed it a link').waitFor();
    assert.deepEqual(problems, []);
  });

  const reset = await mailedLink(e2e.browser, t, 'Reset your password at Store 0001');
  assert.match(reset, /\/shop\/account\?reset=[0-9a-f]{64}$/);
  await withFreshPage(e2e.browser, t, async ({ page, problems }) => {
    await page.goto(reset);
    await waitForHydration(page);
    await page.getByLabel(/New password/).fill(SHOPPER.second);
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByText(`Signed in as ${SHOPPER.email}`).waitFor();
    assert.deepEqual(problems, []);

    // The link worked once: opened again, it is refused.
    await page.context().clearCookies();
    await page.goto(reset);
    await waitForHydration(page);
    await page.getByLabel(/New password/).fill('a third password 789');
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByText('this link was used already or has expired').waitFor();
  });
});

test('an admin asks for a new password from the console sign-in and uses the mailed link', TIMEOUT, async (t) => {
  await withFreshPage(e2e.browser, t, async ({ page }) => {
    await page.goto(console_('/login'));
    await waitForHydration(page);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL(console_('/forgot-password'));
    await waitForHydration(page);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByText('we have emailed it a link').waitFor();
  });
  const link = await mailedLink(e2e.browser, t, 'Reset your Arcade password');
  assert.match(link, /^http:\/\/admin\.platform\.test:\d+\/set-password\?token=[0-9a-f]{64}$/);
  await withFreshPage(e2e.browser, t, async ({ page }) => {
    await page.goto(link);
    await waitForHydration(page);
    ADMIN.password = 'the admin chose anew';
    await page.getByLabel('New password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/set-password'));
  });
  await withFreshPage(e2e.browser, t, async ({ page }) => {
    await signIn(page, console_('/login'), ADMIN);
  });
});
