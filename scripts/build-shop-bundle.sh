#!/usr/bin/env bash
# The shop bundle: the browser code of the storefront's catalog pages (home, product list,
# product), which hydrate as islands. It is built apart from the whole-page bundle that
# `cargo leptos build` makes (console, dashboards, the shop's pages past the catalog):
# the crate's `shop` feature leaves the app, its router and its pages out, so a shopper's
# first visit loads the islands and what they use, nothing else.
#
# Output: target/site/pkg/shop.<hash>.js and shop.<hash>.wasm, named by the MD5 of their
# content as cargo-leptos names its files (so they are served `immutable`), and
# target/release/shop-bundle.txt, which `arcade serve` reads beside its binary. Without
# that file the catalog pages load the whole-page bundle, which hydrates islands too.
set -euo pipefail
cd "$(dirname "$0")/.."

SITE=${LEPTOS_SITE_ROOT:-target/site}
OUT=target/shop
WASM=$OUT/wasm32-unknown-unknown/wasm-release/arcade.wasm

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Panic locations name source files; without their machine-specific prefixes they are
# shorter (a few kB of the module) and the same on every machine.
RUSTFLAGS="${RUSTFLAGS:-} --remap-path-prefix=$PWD/="
for src in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  RUSTFLAGS="$RUSTFLAGS --remap-path-prefix=$src="
done
export RUSTFLAGS

step "shop bundle: compiling the islands (feature shop, profile wasm-release)"
cargo build --lib --target wasm32-unknown-unknown --profile wasm-release \
  --no-default-features --features shop --target-dir "$OUT"

step "shop bundle: wasm-bindgen, wasm-opt -Oz, terser"
rm -rf "$OUT/pkg"
wasm-bindgen --target web --no-typescript --out-dir "$OUT/pkg" --out-name shop "$WASM"
if [ -e "$OUT/pkg/snippets" ]; then
  echo "the shop bundle imports JavaScript snippets, which this script does not publish" >&2
  exit 1
fi
wasm-opt -Oz --converge "$OUT/pkg/shop_bg.wasm" -o "$OUT/pkg/shop_bg.wasm"
# The glue wasm-bindgen writes is readable JavaScript: half its size is names and comments.
terser "$OUT/pkg/shop.js" --module --compress --mangle -o "$OUT/pkg/shop.js"

# MD5, base64url without padding: the names cargo-leptos gives (see server::http::assets).
hash() {
  node -e 'const fs = require("fs"), crypto = require("crypto");
process.stdout.write(crypto.createHash("md5").update(fs.readFileSync(process.argv[1])).digest("base64url"));' "$1"
}
js=$(hash "$OUT/pkg/shop.js")
wasm=$(hash "$OUT/pkg/shop_bg.wasm")
mkdir -p "$SITE/pkg" target/release
rm -f "$SITE"/pkg/shop.*.js "$SITE"/pkg/shop.*.wasm
cp "$OUT/pkg/shop.js" "$SITE/pkg/shop.$js.js"
cp "$OUT/pkg/shop_bg.wasm" "$SITE/pkg/shop.$wasm.wasm"
printf 'js: %s\nwasm: %s\n' "$js" "$wasm" > target/release/shop-bundle.txt
step "shop bundle: $(wc -c < "$SITE/pkg/shop.$wasm.wasm") bytes of wasm, $(wc -c < "$SITE/pkg/shop.$js.js") of JavaScript"
