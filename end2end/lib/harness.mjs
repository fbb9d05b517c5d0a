// One server and one browser for a test file: started before its tests, stopped after them.

import { after, before } from 'node:test';

import { launchBrowser } from './browser.mjs';
import { startServer } from './server.mjs';

/** Room for `startServer`'s seed (up to 180 s) and start (up to 30 s), then Chromium's. */
const START_TIMEOUT = 240_000;

/**
 * Registers the file's `before` and `after` hooks: a server started with `serverOptions`
 * (as for `startServer`) and a Chromium from `launchBrowser`. Returns `{ server, browser }`,
 * filled in once `before` has run; `after` closes whichever of the two was started.
 */
export function useServerAndBrowser(serverOptions = {}) {
  const running = { server: undefined, browser: undefined };
  before(
    async () => {
      running.server = await startServer(serverOptions);
      running.browser = await launchBrowser();
    },
    { timeout: START_TIMEOUT },
  );
  after(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}
