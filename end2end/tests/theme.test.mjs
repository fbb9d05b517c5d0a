// The theme editor and live re-theming in a real browser, in each way a store is reached:
// a shopper has the store's product list open (and a tab of another store); a platform
// admin types a new primary colour in the store's theme editor, and the preview follows
// in the browser with no request to the server; the draft saves itself after a pause;
// the admin publishes, and within two seconds the shopper's open tab takes the new colour
// without loading a new document; the other store's tab receives nothing of it (its next
// theme event is its own store's next publish); a reload then has the new colour in the
// first HTML. The editor also warns, as the owner types, of text that is too faint on the
// background.
//
// Bench data set (peers/bench/WORKLOAD.md): stores 1 to 200 also have the custom domain
// shop-{i}.test; their primary colours are (i * 2654435761) mod 2^24, none of the ones
// typed here.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import { errors } from 'playwright-core';

import { openPage, signIn, waitForHydration } from '../lib/browser.mjs';
import { useServerAndBrowser } from '../lib/harness.mjs';
import { RESULTS_DIR } from '../lib/server.mjs';

const ADMIN = { email: 'ops@e2e.test', password: 'a long admin password' };
const code = (i) => `t${String(i).padStart(4, '0')}`;
/** The editor saves the draft after a pause in typing this long. */
const AUTOSAVE_MS = 1200;
/** An open storefront tab must follow a publish within this time. */
const LIVE_MS = 2000;

const e2e = useServerAndBrowser({ admin: ADMIN });

const TIMEOUT = { timeout: 90_000 };
const platform = (p) => `${e2e.server.origin('platform.test')}${p}`;
const console_ = (p) => `${e2e.server.origin('admin.platform.test')}${p}`;
const dashboard = (i, p) => console_(`/store/${code(i)}${p}`);

/**
 * Runs `fn` with one fresh context and page per name (each its own cookies, as two people
 * on two machines). Keeps a screenshot of every page when it fails.
 */
async function withSessions(t, names, fn) {
  const sessions = {};
  try {
    for (const name of names) sessions[name] = await openPage(e2e.browser);
    await fn(sessions);
  } catch (err) {
    const base = `failed-${t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 70)}`;
    for (const [name, s] of Object.entries(sessions)) {
      for (const [n, page] of s.context.pages().entries()) {
        await page.screenshot({ path: path.join(RESULTS_DIR, `${base}-${name}${n ? `-${n}` : ''}.png`), fullPage: true }).catch(() => {});
      }
      if (s.problems.length) err.message += `\nbrowser console (${name}):\n  ${s.problems.join('\n  ')}`;
    }
    throw err;
  } finally {
    for (const s of Object.values(sessions)) await s.context.close();
  }
}

/** The custom property `name` as the page computes it on the first element matching `selector` (null when none). */
const computedVar = (page, selector, name) =>
  page.evaluate(([sel, prop]) => {
    const el = document.querySelector(sel);
    return el ? getComputedStyle(el).getPropertyValue(prop).trim() : null;
  }, [selector, name]);

/**
 * Waits (at most `ms`) until the page computes `expected` for the custom property `name`
 * on `selector`, then asserts it does, so that a timeout fails with the value it had.
 */
async function varBecomes(page, selector, name, expected, ms, message) {
  await page
    .waitForFunction(
      ([sel, prop, want]) => {
        const el = document.querySelector(sel);
        return el !== null && getComputedStyle(el).getPropertyValue(prop).trim() === want;
      },
      [selector, name, expected],
      { timeout: Math.max(1, ms) }, // 0 would mean no timeout at all
    )
    .catch((err) => {
      if (!(err instanceof errors.TimeoutError)) throw err;
    });
  assert.equal(await computedVar(page, selector, name), expected, message);
}

/** `--primary-color` as the page computes it on the root element. */
const rootPrimary = (page) => computedVar(page, ':root', '--primary-color');

/** The text of `<style id="arcade-theme">` in an HTML document. */
function themeStyleIn(html) {
  const m = html.match(/<style[^>]*\bid="arcade-theme"[^>]*>([^<]*)<\/style>/);
  assert.ok(m, 'the first HTML has <style id="arcade-theme">');
  return m[1];
}

/** The primary colour a theme `<style>` text sets on `:root`. */
const primaryIn = (css) => css.match(/--primary-color:\s*(#[0-9a-f]{6})/i)?.[1];

/**
 * Opens a storefront page in `page`, waits for the app and for its theme event stream to
 * be open (the server subscribes the tab before it answers), then marks the document, so
 * that a later check can tell it is still the same one. Returns what it must stay.
 */
async function openStorefront(page, url, requests) {
  const stream = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/events/theme'));
  const res = await page.goto(url);
  assert.equal(res.status(), 200, `${url}: status`);
  const css = themeStyleIn(await res.text());
  await waitForHydration(page);
  const sse = await stream;
  assert.equal(sse.status(), 200, `${url}: theme events status`);
  assert.match(sse.headers()['content-type'] ?? '', /^text\/event-stream/, `${url}: theme events content type`);
  await page.evaluate(() => {
    window.__arcadeSameDocument = true;
  });
  const navigations = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  return { url: page.url(), primary: primaryIn(css), navigations, requestsFrom: requests.length, eventsUrl: sse.url() };
}

/** Asserts the page still shows the document `openStorefront` marked: no navigation at all. */
async function assertSameDocument(page, opened, requests, what) {
  assert.equal(page.url(), opened.url, `${what}: the URL is unchanged`);
  assert.deepEqual(opened.navigations, [], `${what}: no navigation`);
  const loads = requests.slice(opened.requestsFrom).filter((r) => r.navigation || r.type === 'document');
  assert.deepEqual(loads, [], `${what}: no new document was requested`);
  assert.equal(await page.evaluate(() => window.__arcadeSameDocument === true), true, `${what}: the same document`);
}

/** Signs the admin in on the console's host and opens store `i`'s theme editor. */
async function openEditor(page, i) {
  await signIn(page, console_(`/login?next=${encodeURIComponent(`/store/${code(i)}/theme`)}`), ADMIN);
  await page.waitForURL(dashboard(i, '/theme'));
  await waitForHydration(page);
  await page.locator('#primary').waitFor();
  await page.getByRole('button', { name: 'Publish', exact: true }).waitFor();
}

/** The editor of store `i` fetching itself anew, as it does after a publish. */
const editorReloads = (page, i) =>
  page.waitForResponse((r) => r.url() === dashboard(i, '/api/dashboard/theme') && r.request().method() === 'POST');

/**
 * In the editor of store `i`, with the admin signed in already: publishes `primary` as its
 * primary colour, and waits for the editor to have fetched itself anew.
 */
async function publishPrimary(page, i, primary) {
  await page.goto(dashboard(i, '/theme'));
  await waitForHydration(page);
  await page.locator('#primary').fill(primary);
  await page.locator('#primary').dispatchEvent('input');
  const publishUrl = dashboard(i, '/api/dashboard/theme_publish');
  const publishing = page.waitForResponse((r) => r.url() === publishUrl && r.request().method() === 'POST');
  const reloaded = editorReloads(page, i);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  assert.equal((await publishing).status(), 200, `store ${code(i)}: publish succeeded`);
  assert.equal((await reloaded).status(), 200, `store ${code(i)}: the editor fetched itself anew`);
}

/** The primary colour in the data of a theme event (its custom properties as [name, value] pairs). */
const primaryOfEvent = (data) => new Map(JSON.parse(data)).get('--primary-color');

const MODES = [
  { mode: 'subdomain', store: 1, other: 11, colour: '#0b6e4f', otherColour: '#1d3557', url: (i, p) => e2e.server.origin(`${code(i)}.platform.test`) + p },
  {
    mode: 'custom domain',
    store: 2,
    other: 12,
    colour: '#7a1f5c',
    otherColour: '#5b2a86',
    url: (i, p) => e2e.server.origin(`shop-${String(i).padStart(4, '0')}.test`) + p,
  },
  { mode: 'path', store: 3, other: 13, colour: '#8a4b08', otherColour: '#264653', url: (i, p) => platform(`/stores/${code(i)}${p}`) },
];

for (const { mode, store, other, colour, otherColour, url } of MODES) {
  test(`a published theme reaches the store's open tabs within 2 s and no other store's (${mode})`, TIMEOUT, (t) =>
    withSessions(t, ['shopper', 'admin'], async ({ shopper, admin }) => {
      // (1) A shopper on the store's product list, and in a second tab another store.
      const shop = await openStorefront(shopper.page, url(store, '/shop/products'), shopper.requests);
      assert.ok(shop.primary, 'the first HTML sets a primary colour');
      assert.notEqual(shop.primary, colour, 'the store starts in another primary colour');
      assert.equal(await rootPrimary(shopper.page), shop.primary);
      assert.equal(new URL(shop.eventsUrl).pathname, new URL(url(store, '/events/theme')).pathname, 'the tab listens on its own store');

      const otherPage = await shopper.context.newPage();
      // Every theme event the other store's tab receives, as the browser's network layer saw it.
      const otherEvents = [];
      const otherCdp = await shopper.context.newCDPSession(otherPage);
      otherCdp.on('Network.eventSourceMessageReceived', (e) => otherEvents.push(e));
      await otherCdp.send('Network.enable');
      const otherRequests = [];
      otherPage.on('request', (r) => otherRequests.push({ method: r.method(), url: r.url(), type: r.resourceType(), navigation: r.isNavigationRequest() }));
      otherPage.on('pageerror', (err) => shopper.problems.push(`other tab: pageerror: ${err.message}`));
      otherPage.on('console', (msg) => {
        if (msg.type() === 'error' || msg.type() === 'warning') shopper.problems.push(`other tab: console.${msg.type()}: ${msg.text()}`);
      });
      const elsewhere = await openStorefront(otherPage, url(other, '/shop/products'), otherRequests);
      assert.equal(await rootPrimary(otherPage), elsewhere.primary);

      // (2) The admin types a new primary colour: the preview follows with no request.
      await openEditor(admin.page, store);
      const primary = admin.page.locator('#primary');
      const published = await primary.inputValue();
      assert.equal(published, shop.primary, 'the editor starts from the published colour');
      await varBecomes(admin.page, '.theme-preview', '--primary-color', published, 5000, 'the preview starts in the published colour');
      // Whatever the page loaded for itself is done before the window opens.
      await admin.page.waitForLoadState('networkidle');

      const saveUrl = dashboard(store, '/api/dashboard/theme_save');
      const autosaved = admin.page.waitForResponse((r) => r.url() === saveUrl && r.request().method() === 'POST', { timeout: 10_000 });
      const from = admin.requests.length;
      const typed = Date.now();
      await primary.fill(colour);
      await primary.dispatchEvent('input');
      await varBecomes(admin.page, '.theme-preview', '--primary-color', colour, AUTOSAVE_MS - 300, 'the preview takes the typed colour at once');
      const elapsed = Date.now() - typed;
      assert.deepEqual(admin.requests.slice(from), [], `no request between typing and the preview's change (${elapsed} ms)`);
      assert.ok(elapsed < AUTOSAVE_MS, `checked before the autosave is due (${elapsed} ms)`);
      t.diagnostic(`preview followed the typing in ${elapsed} ms`);

      // The draft saves itself after the pause; shoppers still see the published theme.
      const save = await autosaved;
      assert.ok(Date.now() - typed >= AUTOSAVE_MS - 50, 'the draft was saved after the pause, not at once');
      assert.equal(save.status(), 200, 'the autosave succeeded');
      await admin.page.getByRole('status').filter({ hasText: 'Draft saved.' }).waitFor();
      assert.equal(await rootPrimary(shopper.page), shop.primary, 'a draft does not reach shoppers');

      // (3) Publish.
      const publishUrl = dashboard(store, '/api/dashboard/theme_publish');
      const publishing = admin.page.waitForResponse((r) => r.url() === publishUrl && r.request().method() === 'POST');
      const editorReloaded = editorReloads(admin.page, store);
      const before = admin.requests.length;
      const clicked = Date.now();
      await admin.page.getByRole('button', { name: 'Publish', exact: true }).click();

      // (4) The open tab follows within 2 s, in the same document; the other store's does not.
      await varBecomes(shopper.page, ':root', '--primary-color', colour, LIVE_MS - (Date.now() - clicked), "the shopper's open tab takes the new primary colour");
      const followed = Date.now() - clicked;
      t.diagnostic(`the open tab followed the publish in ${followed} ms`);
      assert.ok(followed <= LIVE_MS, `the shopper's open tab followed the publish within ${LIVE_MS} ms (${followed} ms)`);
      const answer = await publishing;
      assert.equal(answer.status(), 200, 'publish succeeded');
      // (After them the editor reloads itself, which is not part of the publish.)
      const posts = admin.requests.slice(before).filter((r) => r.method === 'POST' && (r.url === saveUrl || r.url === publishUrl));
      assert.deepEqual(posts.map((r) => r.url), [saveUrl, publishUrl], 'publish saves the draft, then publishes it');
      await assertSameDocument(shopper.page, shop, shopper.requests, "the shopper's tab");

      assert.equal(await rootPrimary(otherPage), elsewhere.primary, "another store's tab keeps its colour");
      // (The editor is done fetching itself before the admin moves on: nothing is cut off.)
      assert.equal((await editorReloaded).status(), 200, 'the editor fetched itself anew');
      // Then the other store publishes too, and its tab takes that. Its stream delivers in
      // order, so had the first publish leaked into it, that event would have come first:
      // the tab's events must be this one alone.
      await publishPrimary(admin.page, other, otherColour);
      await varBecomes(otherPage, ':root', '--primary-color', otherColour, 10_000, "the other store's tab takes its own store's publish");
      assert.deepEqual(
        otherEvents.map((e) => [e.eventName, primaryOfEvent(e.data)]),
        [['theme', otherColour]],
        "another store's tab received no theme but its own store's",
      );
      await assertSameDocument(otherPage, elsewhere, otherRequests, "the other store's tab");

      // (5) A reload has the new colour in the first HTML; the other store's has its own.
      const reloaded = await shopper.page.reload();
      assert.equal(reloaded.status(), 200);
      assert.equal(primaryIn(themeStyleIn(await reloaded.text())), colour, 'the reloaded page is themed in its first HTML');
      await waitForHydration(shopper.page);
      assert.equal(await shopper.page.evaluate(() => document.documentElement.style.getPropertyValue('--primary-color')), '');
      assert.equal(await rootPrimary(shopper.page), colour);
      const otherReloaded = await otherPage.reload();
      assert.equal(otherReloaded.status(), 200);
      assert.equal(primaryIn(themeStyleIn(await otherReloaded.text())), otherColour, "the other store's first HTML has its own colour");

      assert.deepEqual(shopper.problems, [], 'no console errors, page errors or CSP violations (shopper)');
      assert.deepEqual(admin.problems, [], 'no console errors, page errors or CSP violations (admin)');
    }),
  );
}

test('the editor warns of text that fails 4.5:1 on the background, and stops once it passes', TIMEOUT, (t) =>
  withSessions(t, ['admin'], async ({ admin: { page, problems } }) => {
    await openEditor(page, 5);
    const warnings = page.locator('.contrast-warnings p.warning');
    const textWarning = warnings.filter({ hasText: 'Low contrast (text)' });

    await page.locator('#background').fill('#ffffff');
    await page.locator('#text').fill('#1f2328');
    // The preview shows the colours once the editor has taken them, warnings and all.
    await varBecomes(page, '.theme-preview', '--background-color', '#ffffff', 2000, 'the preview takes the background');
    await varBecomes(page, '.theme-preview', '--text-color', '#1f2328', 2000, 'the preview takes the text colour');
    assert.equal(await textWarning.count(), 0, 'no warning for #1f2328 on white');

    await page.locator('#text').fill('#cccccc');
    await textWarning.waitFor({ timeout: 2000 });
    assert.equal(await textWarning.count(), 1, 'one warning for the text colour');
    assert.match(await textWarning.textContent(), /1\.6\d:1.*4\.5:1/, 'it gives the ratio and the one needed');

    await page.locator('#text').fill('#1f2328');
    await textWarning.waitFor({ state: 'detached', timeout: 2000 });
    assert.equal(await textWarning.count(), 0, 'the warning goes once the text passes');
    assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
  }),
);
