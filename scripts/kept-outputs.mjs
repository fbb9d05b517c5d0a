// A folder of a build step's outputs kept by what they were made from, shared by
// wasm-opt-cached.mjs and precompress.mjs: entries are written whole, touched when used,
// and removed once unused for a week.
import fs from "node:fs";
import path from "node:path";

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Writes `bytes` as `entry` aside and renames it, so a build that stops halfway leaves no
 * partial entry. */
export function keep(entry, bytes) {
  fs.mkdirSync(path.dirname(entry), { recursive: true });
  const part = `${entry}.${process.pid}.part`;
  fs.writeFileSync(part, bytes);
  fs.renameSync(part, entry);
}

/** Marks `entry` as used now, which keeps it from [`prune`]. */
export function touch(entry) {
  const now = new Date();
  fs.utimesSync(entry, now, now);
}

/** Removes the entries of `dir` unused for a week. */
export function prune(dir) {
  if (!fs.existsSync(dir)) return;
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    const entry = path.join(dir, name);
    try {
      if (now - fs.statSync(entry).mtimeMs > WEEK_MS) fs.rmSync(entry, { force: true });
    } catch {
      // Removed by another build meanwhile.
    }
  }
}
