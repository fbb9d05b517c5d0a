// The naming step on a bundle in miniature, shaped as cargo-leptos leaves it: a main script
// and a chunk loader that import each other, a main module that names the loader (written
// in after the module was named), a chunk, a manifest, a stylesheet and hash.txt.
//
//   node --test scripts/
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

import { LISTING, nameByContent } from "./name-by-content.mjs";

const SCRIPT = fileURLToPath(new URL("./name-by-content.mjs", import.meta.url));
const md5 = (bytes) => crypto.createHash("md5").update(bytes).digest("base64url");
const made = [];
after(() => made.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

/** A bundle in a new folder; `main`/`loader` are the (stale) hashes cargo-leptos gave them. */
function bundle({ main = "M".repeat(22), loader = "L".repeat(22), loaderText = "", mainText = "" } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "name-by-content-"));
  made.push(root);
  const dir = path.join(root, "pkg");
  fs.mkdirSync(dir);
  const put = (name, bytes) => fs.writeFileSync(path.join(dir, name), bytes);
  const chunkBytes = Buffer.from("\0asm\x01\0\0\0 a chunk");
  const chunk = `chunk_1.${md5(chunkBytes)}`;
  put(`${chunk}.wasm`, chunkBytes);
  put(`${chunk}.wasm.br`, "a copy the step leaves alone");
  const css = "body{color:red}";
  put(`app.${md5(css)}.css`, css);
  put(
    `__wasm_split.${loader}.js`,
    `import { initSync } from "./app.${main}.js";\n` +
      `export const load = () => fetch(new URL("./${chunk}.wasm", import.meta.url));\n${loaderText}`,
  );
  put(
    `app.${main}.js`,
    `import * as s from "./__wasm_split.${loader}.js";\nconst imports = { "./__wasm_split.${loader}.js": s };\n` +
      `export function initSync() { return imports; }\n${mainText}`,
  );
  put(`app.${main}.js.br`, "stale");
  put(`app.${main}.js.gz`, "stale");
  // An import section as wasm-split writes it: a length byte, the loader's address, then a
  // field name whose length byte (0x34) reads as a digit; bytes above 0x7f around it.
  const module = (name) =>
    Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x02, 0xff, 0x80, 40]), Buffer.from(name), Buffer.from([0x34]), Buffer.from("f".repeat(52)), Buffer.from([0xfe, 0, 0xc3])]);
  const placeholder = md5(module(`./__wasm_split.${"_".repeat(22)}.js`));
  put(`app.${placeholder}.wasm`, module(`./__wasm_split.${loader}.js`));
  const manifestText = JSON.stringify({ __page_view: [chunk] });
  const manifest = md5(`${manifestText} `);
  put(`__wasm_split_manifest.${manifest}.json`, manifestText);
  put("plain.js", "export {};\n");
  const hashes = path.join(root, "hash.txt");
  fs.writeFileSync(hashes, `js: ${main}\nwasm: ${placeholder}\ncss: ${md5(css)}\nmanifest: ${manifest}\nsplit: ${loader}\n`);
  return { root, dir, hashes, chunk };
}

/** Every file of the folder with its bytes, and the listings, for comparing two states. */
function snapshot({ dir, hashes }) {
  const files = Object.fromEntries(fs.readdirSync(dir).sort().map((n) => [n, md5(fs.readFileSync(path.join(dir, n)))]));
  return { files, hashes: fs.readFileSync(hashes, "utf8") };
}

const read = (dir, name) => fs.readFileSync(path.join(dir, name), "latin1");
const named = (dir, pattern) => {
  const found = fs.readdirSync(dir).filter((n) => pattern.test(n));
  assert.equal(found.length, 1, `one file like ${pattern}: ${found}`);
  return found[0];
};
const hashOf = (name) => name.split(".").at(-2);
const listed = (text, key) => text.match(new RegExp(`^${key}: (\\S+)$`, "m"))[1];

test("every file carries its content's hash, or is listed with the hash of its bytes", () => {
  const b = bundle();
  nameByContent(b.dir, [b.hashes]);
  const listing = JSON.parse(read(b.dir, LISTING));
  const main = named(b.dir, /^app\..{22}\.js$/);
  const loader = named(b.dir, /^__wasm_split\..{22}\.js$/);
  assert.deepEqual(Object.keys(listing).sort(), [loader, main], "the two that import each other");
  for (const name of fs.readdirSync(b.dir).filter((n) => /\.(js|wasm|css|json)$/.test(n) && n !== LISTING && n !== "plain.js")) {
    const bytes = md5(fs.readFileSync(path.join(b.dir, name)));
    if (listing[name]) assert.equal(listing[name], bytes, name);
    else assert.equal(hashOf(name), bytes, `${name} is named by its bytes`);
  }
  assert.notEqual(hashOf(main), hashOf(loader));
  assert.equal(read(b.dir, "plain.js"), "export {};\n", "a file without a hash in its name is left alone");
});

test("references and hash.txt name the new files; the old files and their copies are gone", () => {
  const b = bundle();
  const moduleBefore = fs.readFileSync(path.join(b.dir, named(b.dir, /^app\..{22}\.wasm$/)));
  nameByContent(b.dir, [b.hashes]);
  const main = named(b.dir, /^app\..{22}\.js$/);
  const loader = named(b.dir, /^__wasm_split\..{22}\.js$/);
  const module = named(b.dir, /^app\..{22}\.wasm$/);
  assert.equal(read(b.dir, main).match(/\.\/__wasm_split\.[^"]+/g).join(), `./${loader},./${loader}`);
  assert.match(read(b.dir, loader), new RegExp(`from "\\./${main.replace(/[.-]/g, "\\$&")}"`));
  assert.ok(read(b.dir, loader).includes(`./${b.chunk}.wasm`), "the chunk keeps its name");
  const moduleAfter = fs.readFileSync(path.join(b.dir, module));
  assert.equal(moduleAfter.length, moduleBefore.length);
  assert.ok(moduleAfter.includes(`./${loader}`), "the module imports the loader by its new name");
  assert.deepEqual(JSON.parse(read(b.dir, named(b.dir, /^__wasm_split_manifest\..{22}\.json$/))), { __page_view: [b.chunk] });
  const hashes = fs.readFileSync(b.hashes, "utf8");
  assert.equal(listed(hashes, "js"), hashOf(main));
  assert.equal(listed(hashes, "split"), hashOf(loader));
  assert.equal(listed(hashes, "wasm"), hashOf(module));
  assert.equal(listed(hashes, "manifest"), hashOf(named(b.dir, /^__wasm_split_manifest\./)));
  assert.equal(listed(hashes, "css"), hashOf(named(b.dir, /\.css$/)));
  const left = fs.readdirSync(b.dir).filter((n) => /M{22}|L{22}/.test(n));
  assert.deepEqual(left, [], "the old names, and their .br and .gz, are removed");
  assert.ok(fs.existsSync(path.join(b.dir, `${b.chunk}.wasm.br`)), "an untouched file keeps its copies");
});

test("a second run changes nothing", () => {
  const b = bundle();
  assert.ok(nameByContent(b.dir, [b.hashes]).renamed > 0);
  const first = snapshot(b);
  assert.equal(nameByContent(b.dir, [b.hashes]).renamed, 0);
  assert.deepEqual(snapshot(b), first);
  execFileSync(process.execPath, [SCRIPT, b.dir, b.hashes]);
  assert.deepEqual(snapshot(b), first, "nor does the command");
});

test("the names depend on the content, not on the names cargo-leptos gave", () => {
  const names = (options) => {
    const b = bundle(options);
    nameByContent(b.dir, [b.hashes]);
    return fs.readdirSync(b.dir).sort();
  };
  const base = names();
  assert.deepEqual(names({ main: "a".repeat(22), loader: "b".repeat(22) }), base);
  for (const change of [{ loaderText: "// another chunk\n" }, { mainText: "// another export\n" }]) {
    const changed = names(change);
    for (const pattern of [/^app\..{22}\.js$/, /^__wasm_split\..{22}\.js$/, /^app\..{22}\.wasm$/]) {
      assert.notEqual(changed.find((n) => pattern.test(n)), base.find((n) => pattern.test(n)), `${pattern} renamed on ${Object.keys(change)}`);
    }
    assert.equal(changed.find((n) => n.startsWith("chunk_1.") && n.endsWith(".wasm")), base.find((n) => n.startsWith("chunk_1.") && n.endsWith(".wasm")));
  }
});

test("a reference to a missing file fails the step, which then changes nothing", () => {
  const b = bundle({ mainText: `import "./gone.${"G".repeat(22)}.js";\n` });
  const before = snapshot(b);
  const run = spawnSync(process.execPath, [SCRIPT, b.dir, b.hashes], { encoding: "utf8" });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /names gone\.G{22}\.js, which is not in the folder/);
  assert.deepEqual(snapshot(b), before);
});

test("a listed hash that no file carries fails the step", () => {
  const b = bundle();
  fs.appendFileSync(b.hashes, `extra: ${"Z".repeat(22)}\n`);
  const before = snapshot(b);
  assert.throws(() => nameByContent(b.dir, [b.hashes]), /hash\.txt names extra: Z{22}, which no file carries/);
  assert.throws(() => nameByContent(b.dir, [path.join(b.root, "absent.txt")]), /absent\.txt is missing/);
  assert.deepEqual(snapshot(b), before);
});

test("a manifest entry that names no chunk fails the step", () => {
  const b = bundle();
  const manifest = named(b.dir, /^__wasm_split_manifest\./);
  fs.writeFileSync(path.join(b.dir, manifest), JSON.stringify({ __page_view: [`chunk_9.${"Q".repeat(22)}`] }));
  assert.throws(() => nameByContent(b.dir, [b.hashes]), /names chunk_9\.Q{22}, which is not in the folder/);
});
