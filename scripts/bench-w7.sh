#!/usr/bin/env bash
# W7, the long tail: 100,000 stores of 20 products (`arcade seed --stores 100000
# --products 20`), storefront pages (home, product list, a product) of stores picked
# from a Zipf distribution (s = 1.0) over all of them, against `arcade serve` with its
# default cache sizes. Reports requests per second, latency and the page cache's hit ratio
# (counted from the `x-cache` header of each answer). Logos are on the data set's image
# origin, https://cdn.platform.test, which the server is told of as a CDN would be.
#
# With DRAW=uniform, each request is instead the product list of a store drawn uniformly
# (nearly every one a store no cache has seen), and WARMUP defaults to none.
#
#   scripts/bench-w7.sh OUT_DIR
# Overrides: STORES=100000 PRODUCTS=20 DURATION=30s WARMUP=10s CONNECTIONS=64 DRAW=zipf|uniform
#            SERVER_ARGS="..."
# The seeded database is kept in OUT_DIR/../w7-<stores>.db and reused by later runs.
set -euo pipefail
OUT="${1:?usage: scripts/bench-w7.sh OUT_DIR}"
STORES="${STORES:-100000}" PRODUCTS="${PRODUCTS:-20}"
DRAW="${DRAW:-zipf}"
case "$DRAW" in zipf) default_warmup=10s ;; uniform) default_warmup=0s ;; *) echo "DRAW is zipf or uniform" >&2; exit 2 ;; esac
DURATION="${DURATION:-30s}" WARMUP="${WARMUP:-$default_warmup}" CONNECTIONS="${CONNECTIONS:-64}"
HERE="$(cd "$(dirname "$0")" && pwd)"
BIN="${ARCADE_BIN:-$HERE/../target/release/arcade}"
[ -x "$BIN" ] || { echo "no $BIN: run make build first" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 2; }
mkdir -p "$OUT"
DB="$(cd "$OUT/.." && pwd)/w7-$STORES.db"

if [ ! -s "$DB" ]; then
  echo "seeding $STORES stores of $PRODUCTS products into $DB (once)"
  start=$(date +%s)
  "$BIN" seed --stores "$STORES" --products "$PRODUCTS" --database-url "sqlite://$DB"
  echo "seeded in $(( $(date +%s) - start )) s"
fi
cp "$DB" "$OUT/run.db"
# `arcade seed` folds its log into the file when it ends; a database seeded by an older
# binary may still have rows only in its -wal file, which must travel with it.
if [ -s "$DB-wal" ]; then cp "$DB-wal" "$OUT/run.db-wal"; fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# shellcheck disable=SC2086
"$BIN" serve --database-url "sqlite://$OUT/run.db" --platform-domain platform.test \
  --addr "127.0.0.1:$PORT" --uploads-dir "$OUT/uploads" --image-origin https://cdn.platform.test ${SERVER_ARGS:-} >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -f "$OUT/run.db" "$OUT"/run.db-*' EXIT
for _ in $(seq 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/health" && break
  sleep 0.2
done
for host_path in "s000001.platform.test /" "s$(printf %06d "$STORES").platform.test /shop/products"; do
  read -r host path <<<"$host_path"
  for _ in 1 2 3; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" "http://127.0.0.1:$PORT$path")
    [ "$code" = 200 ] && break
    sleep 1
  done
  [ "$code" = 200 ] || { echo "preflight $host$path -> $code" >&2; exit 3; }
done

args=(-t1 -c"$CONNECTIONS" --timeout 5s -s "$HERE/bench/zipf.lua" "http://127.0.0.1:$PORT" -- "$STORES" "$PRODUCTS" "$DRAW")
if [ "$WARMUP" != 0s ] && [ "$WARMUP" != 0 ]; then
  echo "warm-up $WARMUP (counted apart: $OUT/warmup.json)"
  WRK_OUT="$OUT/warmup.json" wrk -d"$WARMUP" "${args[@]}" >/dev/null
fi
ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
t0=$(ticks)
echo "measuring $DURATION, $CONNECTIONS connections"
WRK_OUT="$OUT/w7.json" wrk -d"$DURATION" "${args[@]}" >"$OUT/wrk.txt"
t1=$(ticks)
rss_after=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
# What the resident memory is made of (anonymous, file-backed, huge pages).
cp "/proc/$SERVER/smaps_rollup" "$OUT/smaps_rollup.txt"
python3 - "$OUT/w7.json" "$((t1 - t0))" "$rss_before" "$rss_after" "$DRAW" <<'PY'
import json, sys
path, ticks, rss0, rss1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
r = json.load(open(path))
secs = r["duration_us"] / 1e6
r["server_cpu_us_per_request"] = round(ticks * 10_000 / max(1, r["requests"]), 1)
r["server_rss_kb"] = {"before": rss0, "after": rss1}
json.dump(r, open(path, "w"), indent=1)
c = r["cache"]
print(f"W7 ({sys.argv[5]}): {r['rps']:.0f} req/s, p50 {r['p50_us']/1000:.2f} ms, p99 {r['p99_us']/1000:.2f} ms, "
      f"page-cache hit ratio {c['hit_ratio']:.3f} ({c['hit']} hits, {c['miss']} misses, {c['none']} uncached), "
      f"server CPU {r['server_cpu_us_per_request']} us/request, statuses {r['status_counts']}, "
      f"RSS {rss1/1024:.0f} MB")
PY
