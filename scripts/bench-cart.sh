#!/usr/bin/env bash
# The cart-cookie workload: W1's pages (/shop/products over the 1000 bench subdomains)
# browsed by shoppers who each hold a real cart, against plain W1, interleaved.
#   Usage: scripts/bench-cart.sh BASE_URL [ROUNDS]     e.g. scripts/bench-cart.sh http://127.0.0.1:8031 2
# The server must run `arcade seed --bench` data with P = platform.test. One cart per store is
# made first through the cart server function (its cookie kept). Each run: 3 s warm-up, 10 s
# measured, 64 connections, 1 wrk thread, as peers/bench/run.sh. Prints rps, p99 and server
# CPU per request for both, and the ratio.
set -euo pipefail
BASE_URL="${1:?usage: bench-cart.sh BASE_URL [ROUNDS]}"; ROUNDS="${2:-2}"
HERE="$(cd "$(dirname "$0")" && pwd)"
PEERS="${PEERS:-$HERE/../../shared/peers/bench}"
DURATION="${DURATION:-10s}" WARMUP="${WARMUP:-3s}" CONNECTIONS="${CONNECTIONS:-64}"
command -v wrk >/dev/null || { echo "bench-cart.sh: wrk not found (apt-get install wrk)" >&2; exit 2; }
case "$BASE_URL" in http://127.*|http://localhost*) ;; *) echo "loopback only" >&2; exit 2 ;; esac
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT

echo "== making one cart per store ($(wc -l < "$PEERS/hosts/subdomain.txt") stores)"
made=0
while read -r host _; do
  code="${host%%.*}"; i=$((10#${code#t}))
  cookie=$(curl -s -o /dev/null -D - -X POST -m 10 -H "Host: $host" -H "Origin: http://$host" \
      --data "product_id=$(( (i - 1) * 20 + 1 ))&quantity=1" "$BASE_URL/api/cart/add" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(arcade_cart_[^;]*\).*/\1/p')
  [ -n "$cookie" ] || { echo "no cart cookie from $host" >&2; exit 1; }
  echo "$host $cookie" >> "$TMP/carts.txt"
  made=$((made + 1)); [ $((made % 250)) -eq 0 ] && echo "   $made carts"
done < "$PEERS/hosts/subdomain.txt"

port="${BASE_URL##*:}"; port="${port%%/*}"
pids=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u)
ticks() { local t=0 p; for p in $pids; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo $t; }
measure() {  # NAME SCRIPT LIST -> "rps p99_ms cpu_us_per_req"
  local name=$1 script=$2 list=$3 t0 t1
  WRK_OUT="$TMP/warm.json" wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" --timeout 5s -s "$script" "$BASE_URL" -- "$list" /shop/products >/dev/null
  t0=$(ticks)
  WRK_OUT="$TMP/$name.json" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 5s -s "$script" "$BASE_URL" -- "$list" /shop/products >/dev/null
  t1=$(ticks)
  python3 - "$TMP/$name.json" "$((t1 - t0))" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); ticks = int(sys.argv[2])
bad = sum(v for k, v in r["status_counts"].items() if k != "200")
rps = r["requests"] / (r["duration_us"] / 1e6)
print(f'{rps:.0f} {r["p99_us"] / 1000:.2f} {ticks * 10000 / max(r["requests"], 1):.1f} {bad}')
PY
}
printf '%-6s %-8s %9s %8s %12s %7s\n' round workload rps p99_ms cpu_us/req non200
for round in $(seq 1 "$ROUNDS"); do
  for w in W1 W1-cart; do
    if [ "$w" = W1 ]; then out=$(measure "$w-$round" "$PEERS/rotate.lua" "$PEERS/hosts/subdomain.txt")
    else out=$(measure "$w-$round" "$HERE/bench/cart.lua" "$TMP/carts.txt"); fi
    read -r rps p99 cpu bad <<<"$out"
    printf '%-6s %-8s %9s %8s %12s %7s\n' "$round" "$w" "$rps" "$p99" "$cpu" "$bad"
    echo "$w $rps" >> "$TMP/all"
  done
done
awk '{s[$1]+=$2; n[$1]++} END {w=s["W1"]/n["W1"]; c=s["W1-cart"]/n["W1-cart"];
  printf "mean rps: W1 %.0f, W1-cart %.0f; W1-cart / W1 = %.2f\n", w, c, c/w}' "$TMP/all"
