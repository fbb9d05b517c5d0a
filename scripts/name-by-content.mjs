// Names every file of the browser bundle by its content, so that `arcade serve` can send all
// of them `immutable`. Run after the bundles are built and before they are compressed:
//
//   node scripts/name-by-content.mjs target/site/pkg target/release/hash.txt target/release/shop-bundle.txt
//
// cargo-leptos names a file `stem.<hash>.ext` (MD5 of the bytes, unpadded base64url), but
// it names some before it patches them: the main script and module get the chunk loader's
// name written in afterwards, and the chunk manifest is rewritten. Their names then carry
// the hash of bytes nobody serves. This step renames each file whose name does not carry
// its content's hash, and rewrites the references to it in the other files of the folder
// and in the listings given after the folder (`key: hash` lines, as hash.txt).
//
// The main script imports the chunk loader by name and the loader imports the main script:
// a cycle, in which no file can carry the hash of its own bytes. The files of such a
// cycle are named together: one MD5 over all of them with their names in each other masked,
// and each file's hash is the MD5 of that and its own name. A change in any of them renames
// all of them, and the names depend on the content only, not on the names they had.
// Their names cannot be checked against their bytes, so the step lists them in
// `<folder>/content-hashes.json` (name → MD5 of the bytes), which the server reads.
//
// Files whose name has no hash, `.br`/`.gz` copies and folders are left alone. The step
// refuses (before it changes anything) a reference to a file that is not there. Run twice,
// it changes nothing the second time.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** The listing of the files named as a group, in the bundle's folder. */
export const LISTING = "content-hashes.json";

const HASH_CHAR = /[A-Za-z0-9_-]/;
const NAME_CHAR = /[A-Za-z0-9_.-]/;
const NAMED = /^(.+)\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9]+)$/;
// A hash in a file's text: 22 characters after a dot, not part of a longer run.
const HASH_IN_TEXT = /\.([A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/g;
// A reference by address, `./name.<hash>.ext`, in scripts and modules: it must name a file.
// (No check of what follows: in a module, the next byte is a length and may be a letter.)
const ADDRESS = /\.\/([A-Za-z0-9_.-]+?\.[A-Za-z0-9_-]{22}\.(?:json|js|wasm|css))/g;
const MASK = "_".repeat(22);

const md5 = (...parts) => {
  const hash = crypto.createHash("md5");
  for (const part of parts) hash.update(part);
  return hash.digest("base64url");
};

/** The files of `dir` whose name carries a hash, with their bytes as latin1 text. */
function readBundle(dir) {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const m = entry.isFile() && !/\.(br|gz)$/.test(entry.name) && NAMED.exec(entry.name);
    if (!m) continue;
    // latin1 maps each byte to one character and back: binary modules survive the round trip.
    const text = fs.readFileSync(path.join(dir, entry.name)).toString("latin1");
    files.push({ name: entry.name, stem: m[1], hash: m[2], ext: m[3], text });
  }
  return files;
}

/**
 * Where `text` names a file of the bundle (`stem.<hash>`, after a character that cannot be
 * part of a name): `{ references: [{ at, file }], problems }`, `at` the hash's offset.
 */
function referencesIn(text, byHash, where) {
  const references = [];
  const problems = [];
  for (const m of text.matchAll(HASH_IN_TEXT)) {
    let named = (byHash.get(m[1]) ?? []).filter((file) => {
      const start = m.index - file.stem.length;
      const before = text[start - 1];
      return start >= 0 && text.startsWith(file.stem, start) && !(before && NAME_CHAR.test(before));
    });
    // Files with the same stem and hash differ by extension: the one written after it.
    if (named.length > 1) named = named.filter((f) => text.startsWith(`.${f.ext}`, m.index + 23));
    if (named.length > 1) problems.push(`${where} names ${named[0].stem}.${m[1]}, which is more than one file`);
    if (named.length === 1) references.push({ at: m.index + 1, file: named[0] });
  }
  return { references, problems };
}

/** `text` with the hash of each reference replaced by `hashOf(file)` (same length). */
function rewrite(text, references, hashOf) {
  let out = "";
  let from = 0;
  for (const { at, file } of references) {
    out += text.slice(from, at) + hashOf(file);
    from = at + 22;
  }
  return out + text.slice(from);
}

/** References that name no file: addresses in scripts and modules, names in JSON. */
function unresolved(file, names, tokens) {
  const missing = [];
  if (file.ext === "js" || file.ext === "wasm") {
    for (const m of file.text.matchAll(ADDRESS)) if (!names.has(m[1])) missing.push(m[1]);
  }
  if (file.ext === "json") {
    const walk = (value) => {
      if (typeof value === "string") {
        if (/^[A-Za-z0-9_.-]+\.[A-Za-z0-9_-]{22}$/.test(value) && !tokens.has(value)) missing.push(value);
      } else if (value && typeof value === "object") {
        Object.values(value).forEach(walk);
      }
    };
    walk(JSON.parse(Buffer.from(file.text, "latin1").toString("utf8")));
  }
  return missing.map((name) => `${file.name} names ${name}, which is not in the folder`);
}

/** The strongly connected components of the reference graph, each after those it references. */
function components(files) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  const visit = (f) => {
    index.set(f, index.size);
    low.set(f, index.get(f));
    stack.push(f);
    onStack.add(f);
    for (const g of f.targets) {
      if (!index.has(g)) {
        visit(g);
        low.set(f, Math.min(low.get(f), low.get(g)));
      } else if (onStack.has(g)) {
        low.set(f, Math.min(low.get(f), index.get(g)));
      }
    }
    if (low.get(f) === index.get(f)) {
      const group = [];
      for (let g; g !== f; ) {
        g = stack.pop();
        onStack.delete(g);
        group.push(g);
      }
      out.push(group);
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return out;
}

/** Rewrites a `key: hash` listing to the new hashes; every hash must be a file's. */
function relist(listing, text, renamed) {
  const problems = [];
  const lines = text.split("\n").map((line) => {
    const m = /^(\s*([^:]+):\s*)(\S+)(\s*)$/.exec(line);
    if (!m) return line;
    const now = renamed.get(m[3]);
    if (now === undefined) problems.push(`${listing} names ${m[2].trim()}: ${m[3]}, which no file carries`);
    if (now === null) problems.push(`${listing} names ${m[2].trim()}: ${m[3]}, the hash of files now named apart`);
    return now ? m[1] + now + m[4] : line;
  });
  return { out: lines.join("\n"), problems };
}

/**
 * Names the files of `dir` by content and rewrites `listings` (paths of `key: hash` files).
 * Returns `{ renamed, grouped }`: how many files got a new name, and the listed names.
 * Throws, having changed nothing, when a reference or a listed hash names no file.
 */
export function nameByContent(dir, listings = []) {
  const files = readBundle(dir);
  const names = new Set(files.map((f) => f.name));
  const tokens = new Set(files.map((f) => `${f.stem}.${f.hash}`));
  const byHash = new Map();
  for (const f of files) byHash.set(f.hash, [...(byHash.get(f.hash) ?? []), f]);
  const problems = files.flatMap((f) => unresolved(f, names, tokens));
  for (const f of files) {
    const found = referencesIn(f.text, byHash, f.name);
    problems.push(...found.problems);
    f.references = found.references;
    f.targets = new Set(f.references.map((r) => r.file));
  }

  for (const group of components(files)) {
    const members = new Set(group);
    const cycle = group.length > 1 || group[0].targets.has(group[0]);
    const settled = (f) => f.newHash;
    if (!cycle) {
      const [f] = group;
      f.newText = rewrite(f.text, f.references, settled);
      f.newHash = md5(Buffer.from(f.newText, "latin1"));
      continue;
    }
    // Masked, the members' text depends on their content and on the files outside only.
    const sorted = [...group].sort((a, b) => (a.stem + a.ext < b.stem + b.ext ? -1 : 1));
    const masked = sorted.map((f) => rewrite(f.text, f.references, (g) => (members.has(g) ? MASK : settled(g))));
    const whole = crypto.createHash("md5");
    sorted.forEach((f, i) => whole.update(`${f.stem}.${f.ext}\n${masked[i].length}\n`).update(Buffer.from(masked[i], "latin1")));
    const joint = whole.digest();
    for (const f of group) f.newHash = md5(joint, `${f.stem}.${f.ext}`);
    for (const f of group) f.newText = rewrite(f.text, f.references, settled);
    for (const f of group) f.grouped = true;
  }

  // Old hash → new; null when files that shared a hash no longer do.
  const renamed = new Map();
  for (const f of files) {
    const before = renamed.get(f.hash);
    renamed.set(f.hash, before === undefined || before === f.newHash ? f.newHash : null);
  }
  const relisted = listings.map((listing) => {
    if (!fs.existsSync(listing)) return { listing, problems: [`${listing} is missing`] };
    return { listing, ...relist(listing, fs.readFileSync(listing, "utf8"), renamed) };
  });
  problems.push(...relisted.flatMap((r) => r.problems));
  if (problems.length) throw new Error(`cannot name the bundle by content:\n  ${problems.join("\n  ")}`);

  let count = 0;
  for (const f of files) {
    const name = `${f.stem}.${f.newHash}.${f.ext}`;
    if (name === f.name && f.newText === f.text) continue;
    fs.writeFileSync(path.join(dir, name), Buffer.from(f.newText, "latin1"));
    count++;
  }
  for (const f of files) {
    const name = `${f.stem}.${f.newHash}.${f.ext}`;
    if (name === f.name && f.newText === f.text) continue;
    // The old file (unless a new one took its name) and its compressed copies.
    const stale = [`${f.name}.br`, `${f.name}.gz`];
    if (!files.some((g) => `${g.stem}.${g.newHash}.${g.ext}` === f.name)) stale.push(f.name);
    for (const s of stale) fs.rmSync(path.join(dir, s), { force: true });
  }
  for (const { listing, out } of relisted) {
    if (fs.readFileSync(listing, "utf8") !== out) fs.writeFileSync(listing, out);
  }
  const grouped = Object.fromEntries(
    files
      .filter((f) => f.grouped)
      .map((f) => [`${f.stem}.${f.newHash}.${f.ext}`, md5(Buffer.from(f.newText, "latin1"))])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  const listed = `${JSON.stringify(grouped, null, 2)}\n`;
  const listingPath = path.join(dir, LISTING);
  if (!fs.existsSync(listingPath) || fs.readFileSync(listingPath, "utf8") !== listed) fs.writeFileSync(listingPath, listed);
  return { renamed: count, grouped: Object.keys(grouped) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [dir, ...listings] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: node scripts/name-by-content.mjs <folder> [listing…]");
    process.exit(2);
  }
  try {
    const { renamed, grouped } = nameByContent(dir, listings);
    console.log(`named ${dir} by content: ${renamed} files renamed or rewritten; named as a group: ${grouped.join(", ") || "none"}`);
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
