#!/usr/bin/env bash
# The long tail and memory (issue 28, point 9) on the release build: W7 with stores drawn
# from a Zipf law, then the product list of stores drawn uniformly, with the default caches
# and with the page cache off (what the resolver alone holds). 100,000 stores of 20 products,
# seeded once into /tmp/w7/w7-100000.db.
#
#   docs/bench/2026-12-07-long-tail/run.sh [OUT_DIR]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$HERE/../../.."
OUT="${1:-$HERE/raw}"
mkdir -p "$OUT" /tmp/w7
run() {
  local name=$1; shift
  echo "== $name"
  env "$@" "$ROOT/scripts/bench-w7.sh" "/tmp/w7/$name" | tail -1 | tee "$OUT/$name.txt"
  cp "/tmp/w7/$name/w7.json" "$OUT/$name.json"
}
run zipf DRAW=zipf
run uniform DRAW=uniform DURATION=20s
run uniform-no-page-cache DRAW=uniform DURATION=20s SERVER_ARGS="--page-cache-mb 0"
