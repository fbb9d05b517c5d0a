// The precompression step on a small folder: siblings are made, kept while they hold their
// file's bytes (however often a build writes the file anew), taken from the cache when a
// build emptied the folder, made again when the bytes change, and removed with their file.
//
//   node --test scripts/
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const SCRIPT = fileURLToPath(new URL("./precompress.mjs", import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "precompress-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const cache = fs.mkdtempSync(path.join(os.tmpdir(), "precompress-cache-"));
after(() => fs.rmSync(cache, { recursive: true, force: true }));
const run = () =>
  execFileSync("node", [SCRIPT, dir], { encoding: "utf8", env: { ...process.env, PRECOMPRESS_CACHE: cache } });
/** Files written, from the cache, up to date, stale removed. */
const counts = (out) =>
  /(\d+) files written, (\d+) from the cache, (\d+) up to date, (\d+) stale removed/.exec(out).slice(1).map(Number);

test("siblings follow their file's bytes, not its time", () => {
  const file = path.join(dir, "app.js");
  const text = "console.log('hello');\n".repeat(50);
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(dir, "notes.txt"), "not bundled");

  assert.deepEqual(counts(run()), [2, 0, 0, 0]);
  assert.equal(zlib.brotliDecompressSync(fs.readFileSync(`${file}.br`)).toString(), text);
  assert.equal(zlib.gunzipSync(fs.readFileSync(`${file}.gz`)).toString(), text);
  assert.ok(!fs.existsSync(path.join(dir, "notes.txt.br")));

  // Written anew with the same bytes, later than its siblings: they are kept.
  const later = new Date(Date.now() + 60_000);
  fs.writeFileSync(file, text);
  fs.utimesSync(file, later, later);
  assert.deepEqual(counts(run()), [0, 0, 2, 0]);

  // The folder emptied of siblings, as a build leaves it: copied from the cache.
  fs.rmSync(`${file}.br`);
  fs.rmSync(`${file}.gz`);
  assert.deepEqual(counts(run()), [0, 2, 0, 0]);
  assert.equal(zlib.brotliDecompressSync(fs.readFileSync(`${file}.br`)).toString(), text);

  // Other bytes, even if older than the siblings: made again.
  fs.writeFileSync(file, text + "// changed\n");
  fs.utimesSync(file, new Date(0), new Date(0));
  assert.deepEqual(counts(run()), [2, 0, 0, 0]);
  assert.match(zlib.brotliDecompressSync(fs.readFileSync(`${file}.br`)).toString(), /changed/);

  fs.rmSync(file);
  assert.deepEqual(counts(run()), [0, 0, 0, 2]);
  assert.ok(!fs.existsSync(`${file}.br`) && !fs.existsSync(`${file}.gz`));
});
