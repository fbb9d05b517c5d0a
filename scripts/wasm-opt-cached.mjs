// wasm-opt with a cache of its outputs: `make build` runs wasm-opt on every WebAssembly file
// of the bundle (the main module and each of its split chunks, hundreds of them) on every
// build, and binaryen's npm package starts a whole JavaScript engine for each. A chunk whose
// bytes and options are the same as a previous build's gets that build's output back.
//
//   node scripts/wasm-opt-cached.mjs <wasm-opt arguments>     (scripts/bin/wasm-opt runs this)
//
// The key is SHA-256 over which wasm-opt runs (its file), the arguments (less the files'
// paths) and the input's bytes; an entry is the output file. Entries live in
// `target/wasm-opt-cache/` (WASM_OPT_CACHE_DIR overrides) and those not used for a week are
// removed now and then. The real wasm-opt is `.tools/node_modules/.bin/wasm-opt`
// (WASM_OPT_REAL overrides). WASM_OPT_CACHE_VERBOSE=1 says hit or miss on stderr.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { keep, prune, touch } from "./kept-outputs.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const real = process.env.WASM_OPT_REAL || path.join(root, ".tools/node_modules/.bin/wasm-opt");
const cacheDir = process.env.WASM_OPT_CACHE_DIR || path.join(root, "target/wasm-opt-cache");
const verbose = process.env.WASM_OPT_CACHE_VERBOSE === "1";

/** Runs the real wasm-opt with `args` and exits with its status. */
function passThrough(args) {
  const run = spawnSync(real, args, { stdio: "inherit" });
  if (run.error) {
    console.error(`wasm-opt-cached: cannot run ${real}: ${run.error.message}`);
    process.exit(127);
  }
  process.exit(run.status ?? 1);
}

/** The input file and the output's place in `args`, when the call reads one file into one
 * other (`wasm-opt [options] in.wasm -o out.wasm`); else null, and the call is not cached. */
export function inputAndOutput(args) {
  let output = -1;
  const inputs = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-o" || args[i] === "--output") {
      output = i + 1;
      i++;
    } else if (args[i].endsWith(".wasm") && !args[i].startsWith("-")) {
      inputs.push(args[i]);
    }
  }
  if (output < 0 || output >= args.length || inputs.length !== 1) return null;
  return { input: inputs[0], output };
}

/** What names the real wasm-opt's build: its resolved path, size and modification time
 * (asking it for `--version` would cost the start-up this cache saves); null when absent. */
function realVersion() {
  try {
    const file = fs.realpathSync(real);
    const stat = fs.statSync(file);
    return `${file} ${stat.size} ${stat.mtimeMs}`;
  } catch {
    return null;
  }
}

function main() {
  const args = process.argv.slice(2);
  const io = inputAndOutput(args);
  if (!io || !fs.existsSync(io.input)) passThrough(args);
  const version = realVersion();
  if (!version) passThrough(args);

  // The files' places are not part of the call: cargo-leptos optimises each file in place.
  const keyed = args.map((a, i) => (i === io.output ? "<output>" : a === io.input ? "<input>" : a));
  const key = crypto
    .createHash("sha256")
    .update(version)
    .update("\0")
    .update(keyed.join("\0"))
    .update("\0")
    .update(fs.readFileSync(io.input))
    .digest("hex");
  const entry = path.join(cacheDir, `${key}.wasm`);
  const out = args[io.output];

  if (fs.existsSync(entry)) {
    fs.copyFileSync(entry, out);
    touch(entry);
    if (verbose) console.error(`wasm-opt-cached: hit ${io.input}`);
    return;
  }
  const run = spawnSync(real, args, { stdio: "inherit" });
  if (run.error) {
    console.error(`wasm-opt-cached: cannot run ${real}: ${run.error.message}`);
    process.exit(127);
  }
  if (run.status !== 0) process.exit(run.status ?? 1);
  keep(entry, fs.readFileSync(out));
  if (verbose) console.error(`wasm-opt-cached: miss ${io.input}`);
  if (Math.random() < 0.01) prune(cacheDir);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
