#!/usr/bin/env bash
# W1-W6 in one interleaved run, 2 rounds: arcade as it was before the foundation change
# (98b15ee) and as it is now, each with the page cache on and off, against FastAPI and the
# floor. Expects:
#   $B/before/arcade   release build of 98b15ee (cargo build --release --no-default-features
#                      --features ssr --bin arcade), run from its checkout ($B/before/src)
#   $B/now/arcade, $B/now/hash.txt, $B/now/site   `make build` of the commit measured
#   /tmp/peers         a copy of ../shared/peers with the FastAPI venv and the floor built
set -euo pipefail
B=${B:-/tmp/bench6}
cd "$B"
# Each build seeds its own database: the older one does not know the newer migrations.
for b in before now; do
  [ -s "seed-$b.db" ] || (cd "$B/$b/src" && "$B/$b/arcade" seed --bench --database-url "sqlite://$B/seed-$b.db" >"$B/seed-$b.log" 2>&1)
done
for d in before-on before-off now-on now-off; do rm -rf "$B/$d"; mkdir -p "$B/$d"; cp "seed-${d%-*}.db" "$B/$d/bench.db"; done
start() { # run-dir build-dir port extra-args
  (cd "$B/$2/src" && LEPTOS_SITE_ROOT="$B/$2/site" exec "$B/$2/arcade" serve \
     --database-url "sqlite://$B/$1/bench.db" --platform-domain platform.test --addr "127.0.0.1:$3" \
     --uploads-dir "$B/$1/uploads" $4 >"$B/$1/server.log" 2>&1) &
}
# The bench data's logos are on https://cdn.platform.test: today's build shows them only
# from a configured image origin (before the foundation change pages had no image policy).
start before-on before 8011 ""
start before-off before 8012 "--page-cache-mb 0"
start now-on now 8013 "--image-origin https://cdn.platform.test"
start now-off now 8014 "--image-origin https://cdn.platform.test --page-cache-mb 0"
/tmp/peers/fastapi-seed/run.sh 8001 >"$B/fastapi.log" 2>&1 &
/tmp/peers/axum-floor/target/release/axum-floor 8002 >"$B/floor.log" 2>&1 &
sleep 15
for p in 8001 8002 8011 8012 8013 8014; do
  python3 /tmp/peers/bench/verify.py "http://127.0.0.1:$p" >"$B/verify-$p.txt" 2>&1 || echo "verify $p failed"
  tail -1 "$B/verify-$p.txt"
done
/tmp/peers/bench/compare.sh "$B/out" 2 fastapi=http://127.0.0.1:8001 floor=http://127.0.0.1:8002 \
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
