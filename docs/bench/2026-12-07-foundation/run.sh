#!/usr/bin/env bash
# One interleaved W1-W6 round: arcade now (page cache on and off) against 9d2a742 (the build
# issue 28 was filed against, cache on and off), the in-memory axum floor and the FastAPI peer.
# Each arcade build on its own `seed --bench` database, made by that build.
#   [ROUNDS=1] run.sh NOW_BIN NOW_SITE BASE_BIN BASE_SITE   (from anywhere; peers in ../shared/peers)
set -euo pipefail
NOW=$1; NOW_SITE=$2; BASE=$3; BASE_SITE=$4
PEERS=${PEERS:-/work/shared/peers}; B=${B:-/tmp/b28}
rm -rf "$B"; mkdir -p "$B"
for d in now-on now-off; do mkdir -p "$B/$d"; "$NOW" seed --bench --database-url "sqlite://$B/$d/bench.db" >/dev/null; done
for d in base-on base-off; do mkdir -p "$B/$d"; "$BASE" seed --bench --database-url "sqlite://$B/$d/bench.db" >/dev/null; done
start() { # dir binary site port extra-args
  (cd "$B/$1" && LEPTOS_SITE_ROOT="$3" exec "$2" serve --database-url "sqlite://$B/$1/bench.db" \
     --platform-domain platform.test --addr "127.0.0.1:$4" --uploads-dir "$B/$1/uploads" \
     --image-origin https://cdn.platform.test $5 >"$B/$1/server.log" 2>&1) &
}
start now-on "$NOW" "$NOW_SITE" 8013 ""
start now-off "$NOW" "$NOW_SITE" 8014 "--page-cache-mb 0"
start base-on "$BASE" "$BASE_SITE" 8015 ""
start base-off "$BASE" "$BASE_SITE" 8016 "--page-cache-mb 0"
"$PEERS/fastapi-seed/run.sh" 8001 >"$B/fastapi.log" 2>&1 &
"${FLOOR_BIN:-/tmp/floor-target/release/axum-floor}" 8002 >"$B/floor.log" 2>&1 &
sleep 15
for p in 8001 8002 8013 8014 8015 8016; do
  python3 "$PEERS/bench/verify.py" "http://127.0.0.1:$p" >"$B/verify-$p.txt" 2>&1 || echo "verify $p: see $B/verify-$p.txt"
  tail -1 "$B/verify-$p.txt"
done
"$PEERS/bench/compare.sh" "$B/out" "${ROUNDS:-1}" fastapi=http://127.0.0.1:8001 floor=http://127.0.0.1:8002 \
  base=http://127.0.0.1:8015 base-nocache=http://127.0.0.1:8016 \
  arcade=http://127.0.0.1:8013 arcade-nocache=http://127.0.0.1:8014 >"$B/compare.log" 2>&1 || true
for pair in "fastapi arcade" "fastapi arcade-nocache" "base arcade" "base-nocache arcade-nocache" \
            "floor arcade" "floor arcade-nocache"; do
  set -- $pair; python3 "$PEERS/bench/report.py" "$B/out" "$1" "$2" >"$B/out/report-$1-$2.md" 2>&1 || true
done
pkill -f "serve --database-url sqlite://$B" || true
pkill -f "uvicorn app.main:app" || true
pkill -f "axum-floor 8002" || true
touch "$B/compare.done"
