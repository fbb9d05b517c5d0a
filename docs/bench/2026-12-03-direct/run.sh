#!/usr/bin/env bash
# One interleaved W1-W6 round: arcade at 2444130 (the build whose uncached pages the render work started from),
# at 3141f90 (reads off the pool, cache off), and with the product list read on the request's thread
# (cache on and off), against FastAPI and the floor. Each build on its own copy of its own `seed --bench` database.
#   run.sh NOW_BIN BEFORE_BIN
set -euo pipefail
NOW=$1; BEFORE=$2
B=${B:-/tmp/b3}
for d in base-off before-off now-on now-off; do rm -rf "$B/$d"; mkdir -p "$B/$d"; done
cp /tmp/b2/seed-base.db $B/base-off/bench.db
for d in before-off now-on now-off; do cp /tmp/b1/seed.db $B/$d/bench.db; done
start() { # run-dir binary site port extra-args
  (cd /tmp/b1/before/src && LEPTOS_SITE_ROOT="$3" exec "$2" serve \
     --database-url "sqlite://$B/$1/bench.db" --platform-domain platform.test --addr "127.0.0.1:$4" \
     --uploads-dir "$B/$1/uploads" $5 >"$B/$1/server.log" 2>&1) &
}
start base-off /tmp/b2/base/arcade /tmp/b2/base/site 8010 "--page-cache-mb 0"
start before-off "$BEFORE" /tmp/b1/before/site 8012 "--page-cache-mb 0 --image-origin https://cdn.platform.test"
start now-on "$NOW" /tmp/b1/before/site 8013 "--image-origin https://cdn.platform.test"
start now-off "$NOW" /tmp/b1/before/site 8014 "--page-cache-mb 0 --image-origin https://cdn.platform.test"
/tmp/peers/fastapi-seed/run.sh 8001 >"$B/fastapi.log" 2>&1 &
/tmp/peers/axum-floor/target/release/axum-floor 8002 >"$B/floor.log" 2>&1 &
sleep 15
for p in 8001 8002 8010 8012 8013 8014; do
  python3 /tmp/peers/bench/verify.py "http://127.0.0.1:$p" >"$B/verify-$p.txt" 2>&1 || echo "verify $p failed"
  tail -1 "$B/verify-$p.txt"
done
/tmp/peers/bench/compare.sh "$B/out" 1 fastapi=http://127.0.0.1:8001 floor=http://127.0.0.1:8002 \
  arcade-base-nocache=http://127.0.0.1:8010 arcade-before-nocache=http://127.0.0.1:8012 \
  arcade=http://127.0.0.1:8013 arcade-nocache=http://127.0.0.1:8014 >"$B/compare.log" 2>&1
for pair in "fastapi arcade" "fastapi arcade-nocache" "arcade-base-nocache arcade-nocache" \
            "arcade-before-nocache arcade-nocache" "floor arcade" "floor arcade-nocache"; do
  set -- $pair; python3 /tmp/peers/bench/report.py "$B/out" "$1" "$2" >"$B/out/report-$1-$2.md" 2>&1 || true
done
pkill -f "serve --database-url sqlite://$B" || true
pkill -f "uvicorn app.main:app" || true
pkill -f "axum-floor 8002" || true
touch "$B/compare.done"
