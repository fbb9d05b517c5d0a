#!/usr/bin/env bash
# usage: measure.sh VARIANT "EXTRA FEATURES"
# Builds the browser side of the crate (wasm-release), runs wasm-bindgen --target web and
# wasm-opt -Oz, and prints raw / gzip -9 / brotli q11 sizes of the wasm, the JS glue and both.
set -euo pipefail
cd /tmp/islands-exp
export PATH=/work/main/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH
export CARGO_TARGET_DIR=/tmp/islands-exp/target
V=$1; FEATS=$2
OUT=/tmp/islands-exp/out/$V
rm -rf "$OUT"; mkdir -p "$OUT"
nice -n 19 cargo build --offline -j 2 --lib --target wasm32-unknown-unknown \
  --profile wasm-release --no-default-features --features "hydrate $FEATS"
nice -n 19 wasm-bindgen --target web --no-typescript --out-dir "$OUT" --out-name islands_exp \
  target/wasm32-unknown-unknown/wasm-release/islands_exp.wasm
cp "$OUT/islands_exp_bg.wasm" "$OUT/pre-opt.wasm"
nice -n 19 wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$OUT/pre-opt.wasm" -o "$OUT/islands_exp_bg.wasm"
node -e '
const fs=require("fs"),z=require("zlib");
const [dir,v]=process.argv.slice(1);
const q={params:{[z.constants.BROTLI_PARAM_QUALITY]:11,[z.constants.BROTLI_PARAM_LGWIN]:24}};
function s(b){return [b.length,z.gzipSync(b,{level:9}).length,z.brotliCompressSync(b,q).length]}
const w=fs.readFileSync(dir+"/islands_exp_bg.wasm"),j=fs.readFileSync(dir+"/islands_exp.js");
const pre=fs.readFileSync(dir+"/pre-opt.wasm").length;
const a=s(w),b=s(j),c=a.map((x,i)=>x+b[i]);
console.log(v+" (wasm before wasm-opt: "+pre+" B)");
for (const [n,r] of [["wasm",a],["js",b],["sum",c]]) console.log(n.padEnd(5),r.join("\t"));
' "$OUT" "$V" | tee "$OUT/sizes.txt"
