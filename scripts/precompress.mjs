// Compresses the browser bundle at build time, as a CDN would serve it: beside each script,
// module and stylesheet in the given folder, `<file>.br` (brotli at its best quality, 11,
// which is too slow to run per process on the large modules) and `<file>.gz` (gzip -9).
// `arcade serve` answers with them when they decompress to the file's own bytes, and
// compresses in memory any file that has none.
//
//   node scripts/precompress.mjs target/site/pkg
//
// A sibling that decompresses to its file's bytes is kept; siblings of files that are gone
// are removed. cargo-leptos empties the folder on every build, so what each file compresses
// to is also kept by its content's SHA-256 in `target/precompress-cache/` (PRECOMPRESS_CACHE
// overrides; entries unused for a week are removed): an unchanged file costs a copy.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

import { keep, prune, touch } from "./kept-outputs.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = process.env.PRECOMPRESS_CACHE || path.join(root, "target/precompress-cache");

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/precompress.mjs <folder>");
  process.exit(2);
}

const bundled = /\.(js|wasm|css)$/;
const names = fs.readdirSync(dir);
const present = new Set(names);
let made = 0, kept = 0, cached = 0, removed = 0, before = 0, after = 0;

const codings = {
  br: (bytes) =>
    zlib.brotliCompressSync(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  gz: (bytes) => zlib.gzipSync(bytes, { level: 9 }),
};

/** True when `sibling` exists and decompresses to `bytes`: a build that writes a file anew
 * with the same content (every build does) keeps its siblings; decompressing costs
 * milliseconds where brotli at quality 11 costs seconds. */
function holds(sibling, ext, bytes) {
  if (!fs.existsSync(sibling)) return false;
  try {
    const packed = fs.readFileSync(sibling);
    const unpacked = ext === "br" ? zlib.brotliDecompressSync(packed) : zlib.gunzipSync(packed);
    return unpacked.equals(bytes);
  } catch {
    return false;
  }
}

for (const name of names) {
  const file = path.join(dir, name);
  const ext = path.extname(name).slice(1);
  if (ext in codings) {
    // a sibling whose file is gone
    if (!present.has(name.slice(0, -ext.length - 1))) {
      fs.rmSync(file);
      removed++;
    }
    continue;
  }
  if (!bundled.test(name)) continue;
  const bytes = fs.readFileSync(file);
  before += bytes.length;
  const digest = crypto.createHash("sha256").update(bytes).digest("hex");
  for (const [ext, compress] of Object.entries(codings)) {
    const sibling = `${file}.${ext}`;
    if (holds(sibling, ext, bytes)) {
      kept++;
      if (ext === "br") after += fs.statSync(sibling).size;
      continue;
    }
    const entry = path.join(cacheDir, `${digest}.${ext}`);
    let packed;
    if (holds(entry, ext, bytes)) {
      packed = fs.readFileSync(entry);
      touch(entry);
      cached++;
    } else {
      packed = compress(bytes);
      keep(entry, packed);
      made++;
    }
    fs.writeFileSync(sibling, packed);
    if (ext === "br") after += packed.length;
  }
}
prune(cacheDir);
console.log(
  `precompressed ${dir}: ${made} files written, ${cached} from the cache, ${kept} up to date, ` +
    `${removed} stale removed; ` +
    `${before} bytes, ${after} as brotli`,
);
