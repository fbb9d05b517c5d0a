#!/usr/bin/env bash
# Installs what building Arcade needs, skipping whatever is already there.
#   scripts/install-tools.sh          build tools (wasm target, cargo-leptos, wasm-bindgen, sass, wasm-opt, terser)
#   scripts/install-tools.sh --test   also Chromium, PostgreSQL and wrk (Debian packages) for `make test`
# Only crates.io, npm and Debian's packages are used; nothing is downloaded from elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.11
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
TOOLS="$PWD/.tools"
export PATH="$TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# cargo-leptos and wasm-bindgen-cli are build tools: how fast they run hardly matters, how
# long they take to compile does. Their own release profiles ask for whole-program
# optimisation; these settings (for `cargo install` here only) build them in about half the time.
light_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_DEBUG=0 cargo install "$@"
}

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  step "installing cargo-leptos $CARGO_LEPTOS_VERSION (once; a few minutes on 2 cores)"
  light_install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --ignore-rust-version \
    --features no_downloads
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (once; a few minutes)"
  # without --locked: its lock names a webpki-roots release the registry no longer serves
  light_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ ! -x "$TOOLS/node_modules/.bin/sass" ] || [ ! -x "$TOOLS/node_modules/.bin/wasm-opt" ] \
  || [ ! -x "$TOOLS/node_modules/.bin/terser" ]; then
  command -v npm >/dev/null || { echo "npm is needed (Node.js 20): apt-get install nodejs npm" >&2; exit 1; }
  step "installing sass, wasm-opt (binaryen) and terser from npm into .tools/"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error sass@1 binaryen@132 terser@5
fi

if [ "${1:-}" = "--test" ]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
  command -v wrk >/dev/null || missing+=(wrk)
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing Debian packages: ${missing[*]}"
    sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
  fi
  if [ ! -d end2end/node_modules/playwright-core ] || [ ! -d end2end/node_modules/axe-core ]; then
    step "installing the end-to-end test packages (playwright-core, axe-core; no browser download)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix end2end --no-audit --no-fund --loglevel=error
  fi
fi
