// Run once before the whole suite (npm's `pretest`): removes the screenshots of failures
// from an earlier run, so every `failed-*` file left afterwards belongs to this run.
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

import { RESULTS_DIR } from './server.mjs';

await mkdir(RESULTS_DIR, { recursive: true });
for (const f of await readdir(RESULTS_DIR)) {
  if (f.startsWith('failed-')) await rm(path.join(RESULTS_DIR, f));
}
