#!/usr/bin/env bash
# W1-W6 in one interleaved round: arcade before the islands change (aa8891b) and after it,
# each with the page cache on and off, against FastAPI and the floor. Expects:
#   $B/before/arcade, hash.txt, site, src   release build of aa8891b and its checkout
#   $B/now/arcade, hash.txt, shop-bundle.txt, site, src   `make build` of the commit measured
#   $B/seed.db         `arcade seed --bench` (no migration between the two builds)
#   /tmp/peers         a copy of ../shared/peers with the FastAPI venv and the floor built
set -euo pipefail
B=${B:-/tmp/bench7}
ROUNDS=${ROUNDS:-1}
cd "$B"
for d in before-on before-off now-on now-off; do rm -rf "$B/$d"; mkdir -p "$B/$d"; cp seed.db "$B/$d/bench.db"; done
start() { # run-dir build-dir port extra-args
  (cd "$B/$2/src" && LEPTOS_SITE_ROOT="$B/$2/site" exec "$B/$2/arcade" serve \
     --database-url "sqlite://$B/$1/bench.db" --platform-domain platform.test --addr "127.0.0.1:$3" \
     --uploads-dir "$B/$1/uploads" --image-origin https://cdn.platform.test $4 >"$B/$1/server.log" 2>&1) &
}
start before-on before 8011 ""
start before-off before 8012 "--page-cache-mb 0"
start now-on now 8013 ""
start now-off now 8014 "--page-cache-mb 0"
/tmp/peers/fastapi-seed/run.sh 8001 >"$B/fastapi.log" 2>&1 &
/tmp/peers/axum-floor/target/release/axum-floor 8002 >"$B/floor.log" 2>&1 &
sleep 15
for p in 8001 8002 8011 8012 8013 8014; do
  python3 /tmp/peers/bench/verify.py "http://127.0.0.1:$p" >"$B/verify-$p.txt" 2>&1 || echo "verify $p failed"
  tail -1 "$B/verify-$p.txt"
done
/tmp/peers/bench/compare.sh "$B/out" "$ROUNDS" fastapi=http://127.0.0.1:8001 floor=http://127.0.0.1:8002 \
  arcade-before=http://127.0.0.1:8011 arcade-before-nocache=http://127.0.0.1:8012 \
  arcade=http://127.0.0.1:8013 arcade-nocache=http://127.0.0.1:8014 >"$B/compare.log" 2>&1
for pair in "fastapi arcade" "fastapi arcade-nocache" "arcade-before arcade" \
            "arcade-before-nocache arcade-nocache" "floor arcade" "floor arcade-nocache"; do
  set -- $pair; python3 /tmp/peers/bench/report.py "$B/out" "$1" "$2" >"$B/out/report-$1-$2.md" 2>&1 || true
done
pkill -f "arcade serve --database-url sqlite://$B" || true
pkill -f "uvicorn app.main:app" || true
pkill -f "axum-floor 8002" || true
touch "$B/compare.done"
