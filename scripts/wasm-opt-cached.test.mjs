// The wasm-opt cache with the real wasm-opt (binaryen from .tools/, which
// scripts/install-tools.sh installs) on a small module: a second run of the same call is
// answered from the cache with the same bytes; other options or another input run again.
//
//   node --test scripts/
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

import { inputAndOutput } from "./wasm-opt-cached.mjs";

const SHIM = fileURLToPath(new URL("./bin/wasm-opt", import.meta.url));
const root = fs.mkdtempSync(path.join(os.tmpdir(), "wasm-opt-cached-"));
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** A module with one exported function returning `n`, as wasm bytes. */
function module(n) {
  const body = [0x00, 0x41, n, 0x0b]; // no locals; i32.const n; end
  return Buffer.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type: () -> i32
    0x03, 0x02, 0x01, 0x00, // function 0 has type 0
    0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, // export "f" = function 0
    0x0a, body.length + 2, 0x01, body.length, ...body, // its code
  ]);
}

/** Runs the shim with `args`; answers its exit status and whether it said hit or miss. */
function optimise(args) {
  const run = spawnSync(SHIM, args, {
    encoding: "utf8",
    env: { ...process.env, WASM_OPT_CACHE_DIR: path.join(root, "cache"), WASM_OPT_CACHE_VERBOSE: "1" },
  });
  const said = /wasm-opt-cached: (hit|miss)/.exec(run.stderr);
  return { status: run.status, said: said?.[1], stderr: run.stderr };
}

test("the same call is answered from the cache; other options or input run wasm-opt", () => {
  const input = path.join(root, "in.wasm");
  fs.writeFileSync(input, module(7));
  const [first, second] = [path.join(root, "a.wasm"), path.join(root, "b.wasm")];

  const cold = optimise(["-Oz", input, "-o", first]);
  assert.equal(cold.status, 0, cold.stderr);
  assert.equal(cold.said, "miss");
  const warm = optimise(["-Oz", input, "-o", second]);
  assert.equal(warm.said, "hit", "another output path is the same call");
  const moved = path.join(root, "moved.wasm");
  fs.copyFileSync(input, moved);
  assert.equal(optimise(["-Oz", moved, "-o", moved]).said, "hit", "in place, elsewhere: the same call");
  assert.deepEqual(fs.readFileSync(moved), fs.readFileSync(first));
  assert.deepEqual(fs.readFileSync(second), fs.readFileSync(first));
  assert.ok(fs.readFileSync(first).subarray(0, 4).equals(Buffer.from("\0asm")), "a module came out");

  assert.equal(optimise(["-O1", input, "-o", second]).said, "miss", "other options");
  fs.writeFileSync(input, module(9));
  assert.equal(optimise(["-Oz", input, "-o", second]).said, "miss", "another input");
});

test("a call that fails is passed on and leaves nothing cached", () => {
  const bad = path.join(root, "bad.wasm");
  fs.writeFileSync(bad, "not a module");
  const run = optimise(["-Oz", bad, "-o", path.join(root, "out.wasm")]);
  assert.notEqual(run.status, 0);
  assert.notEqual(optimise(["-Oz", bad, "-o", path.join(root, "out.wasm")]).said, "hit");
});

test("only a call from one input file to an output is cached", () => {
  assert.deepEqual(inputAndOutput(["-Oz", "in.wasm", "-o", "out.wasm"]), { input: "in.wasm", output: 3 });
  assert.deepEqual(inputAndOutput(["--output", "o.wasm", "in.wasm"]), { input: "in.wasm", output: 1 });
  assert.equal(inputAndOutput(["--version"]), null);
  assert.equal(inputAndOutput(["in.wasm"]), null, "no output");
  assert.equal(inputAndOutput(["a.wasm", "b.wasm", "-o", "c.wasm"]), null, "two inputs");
});
