#!/usr/bin/env bash
# W1's page-cache hit ratio while the bench stores take orders, and while they do not.
#   hit_ratio.sh BENCH_BINARY [SHOPPERS...]      e.g. hit_ratio.sh target/bench/release/deps/checkout-* 0 64
# For each SHOPPERS value: the checkout bench's in-process server on 127.0.0.1:8031 with that
# many shoppers placing orders, and wrk running W1 (/shop/products over t0001..t1000) beside
# them: 3 s warm-up, then 10 s counted by x-cache; then the same over every product page of
# stores t0001..t0100 (2,000 pages, /shop/products/{id}, all fit in the default 64 MiB page
# cache; 6 s warm-up) instead of the lists.
set -euo pipefail
BENCH=${1:?usage: hit_ratio.sh BENCH_BINARY [SHOPPERS...]}; shift
HERE=$(cd "$(dirname "$0")" && pwd)
HOSTS=${HOSTS:-$HERE/../../../../shared/peers/bench/hosts/subdomain.txt}
[ -r "$HOSTS" ] || HOSTS=/work/shared/peers/bench/hosts/subdomain.txt
[ $# -gt 0 ] || set -- 0 64
PAGES=$(mktemp); trap 'rm -f "$PAGES"' EXIT
for s in $(seq 1 100); do for j in $(seq 1 20); do
  printf 't%04d.platform.test /shop/products/%d\n' "$s" $(((s - 1) * 20 + j))
done; done >"$PAGES"
for shoppers in "$@"; do
  SHOPPERS=$shoppers DURATION_S=40 ARCADE_BENCH_LISTEN=127.0.0.1:8031 "$BENCH" --bench >"/tmp/hit_ratio.$shoppers.out" 2>&1 &
  bench=$!
  until curl -s -o /dev/null -H 'Host: t0001.platform.test' http://127.0.0.1:8031/shop/products; do sleep 0.2; done
  wrk -t1 -c64 -d3s -s "$HERE/w1_hits.lua" http://127.0.0.1:8031 -- "$HOSTS" >/dev/null
  echo "shoppers=$shoppers load=$(cut -d' ' -f1-3 /proc/loadavg)"
  wrk -t1 -c64 -d10s -s "$HERE/w1_hits.lua" http://127.0.0.1:8031 -- "$HOSTS" | sed 's/^/W1 /'
  wrk -t1 -c64 -d6s -s "$HERE/w1_hits.lua" http://127.0.0.1:8031 -- "$PAGES" >/dev/null
  wrk -t1 -c64 -d10s -s "$HERE/w1_hits.lua" http://127.0.0.1:8031 -- "$PAGES" | sed 's/^/product pages /'
  wait "$bench"
  grep -E "orders placed|place order" "/tmp/hit_ratio.$shoppers.out" || true
done
