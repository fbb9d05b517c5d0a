#!/usr/bin/env bash
# W1 and W4 with the page cache off against one server binary: req/s, p99 and server CPU
# per request (utime + stime of the process over 10 s of wrk, 64 connections), then with
# `perf` as a second argument a 10 s profile (call graphs by frame pointer) of PERF_PATH.
#   profile.sh BIN [perf]
#   WS="W1:subdomain.txt:/shop/products W3:path-prefix.txt:- W4:subdomain.txt:/api/v1/products" \
#     profile.sh BIN    (the catalog-render A/B, on plain release builds)
# The profiled binary was built with frame pointers and line tables, in its own target dir:
#   CARGO_TARGET_DIR=/work/proftarget RUSTFLAGS="-C force-frame-pointers=yes" \
#   CARGO_PROFILE_RELEASE_DEBUG=line-tables-only LEPTOS_OUTPUT_NAME=arcade \
#   cargo build --release --features ssr --bin arcade
# then: perf script -i /tmp/prof-perf.data -F comm,tid,ip,sym > script.txt; breakdown.py script.txt
# Expects $B/seed.db (`arcade seed --bench`), $B/now/{src,site} and /tmp/peers (a copy of the peers).
set -u
BIN=$1; PERF=${2:-}; EXTRA=${EXTRA:-X=1}
B=${B:-/tmp/bench8}; H=/tmp/peers/bench; D=/tmp/profrun
rm -rf $D && mkdir -p $D && cp $B/seed.db $D/bench.db
(cd $B/now/src && LEPTOS_SITE_ROOT=$B/now/site exec env $EXTRA $BIN serve \
  --database-url sqlite://$D/bench.db --platform-domain platform.test --addr 127.0.0.1:8031 \
  --uploads-dir $D/uploads --page-cache-mb 0 >$D/server.log 2>&1) &
sleep 3
pid=$(pgrep -f "addr 127.0.0.1:8031" | tail -1)
# WS: the workloads, NAME:HOSTS-FILE:PATH ("-" = the path in the hosts file).
for w in ${WS:-W1:subdomain.txt:/shop/products W4:subdomain.txt:/api/v1/products}; do
  IFS=: read -r W HF WP <<< "$w"; set -- "$W" "$WP"
  WRK_OUT=$D/warm.json wrk -t1 -c64 -d3s -s $H/rotate.lua http://127.0.0.1:8031 -- $H/hosts/$HF $2 >/dev/null
  t0=$(awk '{print $14+$15}' /proc/$pid/stat)
  out=$(WRK_OUT=$D/m.json wrk -t1 -c64 -d10s --latency -s $H/rotate.lua http://127.0.0.1:8031 -- $H/hosts/$HF $2)
  t1=$(awk '{print $14+$15}' /proc/$pid/stat)
  reqs=$(echo "$out" | awk '/requests in/{print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  echo "$1 rps=$rps p99=$p99 cpu_us_per_req=$(( (t1-t0)*10000*1000/reqs/1000 ))"
done
if [ -n "$PERF" ]; then
  WRK_OUT=$D/p.json wrk -t1 -c64 -d14s -s $H/rotate.lua http://127.0.0.1:8031 -- $H/hosts/subdomain.txt ${PERF_PATH:-/shop/products} >/dev/null &
  sleep 2
  perf record -F 999 -g -p $pid -o /tmp/prof-perf.data -- sleep 10 2>/dev/null
  sleep 3
fi
kill $pid; sleep 1
