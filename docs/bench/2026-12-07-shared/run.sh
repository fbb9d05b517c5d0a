#!/usr/bin/env bash
# W1-W6 (WORKLOAD_IDS picks) with the page cache on (or as SERVER_ARGS say), several arcade
# builds against the in-memory axum floor,
# interleaved: each build serves its own `seed --bench` database, made by that build.
#   [ROUNDS=2] [B=/tmp/abs/out] [SERVER_ARGS=--page-cache-mb 0] run.sh NAME=BINARY:SITE_ROOT ...
# e.g. run.sh base=/tmp/b9d/arcade:target/site now=target/release/arcade:target/site
# (a copied binary needs the hash.txt and shop-bundle.txt its build wrote beside it).
set -euo pipefail
PEERS=${PEERS:-/work/shared/peers}; B=${B:-/tmp/abs/out}
rm -rf "$B"; mkdir -p "$B"
port=8040; urls=()
for spec in "$@"; do
  name=${spec%%=*}; rest=${spec#*=}; bin=${rest%%:*}; site=${rest#*:}
  mkdir -p "$B/$name"; "$bin" seed --bench --database-url "sqlite://$B/$name/bench.db" >/dev/null
  (cd "$B/$name" && LEPTOS_SITE_ROOT="$site" exec "$bin" serve --database-url "sqlite://$B/$name/bench.db" \
     --platform-domain platform.test --addr "127.0.0.1:$port" --uploads-dir "$B/$name/uploads" \
     --image-origin https://cdn.platform.test ${SERVER_ARGS:-} >"$B/$name/server.log" 2>&1) &
  urls+=("$name=http://127.0.0.1:$port"); port=$((port+1))
done
"${FLOOR_BIN:-/tmp/floor-target/release/axum-floor}" 8002 >"$B/floor.log" 2>&1 &
sleep 10
for u in "${urls[@]}"; do python3 "$PEERS/bench/verify.py" "${u#*=}" 2>&1 | tail -1; done
"$PEERS/bench/compare.sh" "$B/res" "${ROUNDS:-2}" floor=http://127.0.0.1:8002 "${urls[@]}" >"$B/compare.log" 2>&1 || true
pkill -f "serve --database-url sqlite://$B" || true
pkill -f "axum-floor 8002" || true
