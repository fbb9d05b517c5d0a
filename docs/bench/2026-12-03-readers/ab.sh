#!/usr/bin/env bash
# ab.sh BIN SITE [perf-out]: W1, W3, W4 with the page cache off against one server binary: req/s, p99,
# server CPU us per request and context switches per request (all threads of the process, from
# /proc), over DUR (10) s of wrk at 64 connections; expects /tmp/b1/seed.db (`arcade seed --bench`),
# /tmp/b1/before/src (a checkout) and /tmp/peers (a copy of the peers). EXTRA adds serve flags.
set -u
BIN=$1; SITE=$2; PERF=${3:-}
H=/tmp/peers/bench; D=/tmp/abrun; PORT=${PORT:-8031}
rm -rf $D && mkdir -p $D && cp /tmp/b1/seed.db $D/bench.db
(cd /tmp/b1/before/src && LEPTOS_SITE_ROOT=$SITE exec $BIN serve \
  --database-url sqlite://$D/bench.db --platform-domain platform.test --addr 127.0.0.1:$PORT \
  --uploads-dir $D/uploads --page-cache-mb 0 ${EXTRA:-} >$D/server.log 2>&1) &
sleep 2
pid=$(pgrep -f "addr 127.0.0.1:$PORT" | tail -1)
ctx() { cat /proc/$pid/task/*/status 2>/dev/null | awk '/ctxt_switches/{s+=$2} END{print s}'; }
for w in ${WS:-W1:subdomain.txt:/shop/products W3:path-prefix.txt:- W4:subdomain.txt:/api/v1/products}; do
  IFS=: read -r W HF WP <<< "$w"
  WRK_OUT=$D/warm.json wrk -t1 -c64 -d3s -s $H/rotate.lua http://127.0.0.1:$PORT -- $H/hosts/$HF $WP >/dev/null
  t0=$(awk '{print $14+$15}' /proc/$pid/stat); c0=$(ctx)
  out=$(WRK_OUT=$D/m.json wrk -t1 -c64 -d${DUR:-10}s --latency -s $H/rotate.lua http://127.0.0.1:$PORT -- $H/hosts/$HF $WP)
  t1=$(awk '{print $14+$15}' /proc/$pid/stat); c1=$(ctx)
  reqs=$(echo "$out" | awk '/requests in/{print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  non2=$(echo "$out" | awk '/Non-2xx/{print $NF}')
  echo "$W rps=$rps p99=$p99 cpu_us=$(( (t1-t0)*10000*1000/reqs/1000 )) ctxsw=$(python3 -c "print(round(($c1-$c0)/$reqs,2))") non2xx=${non2:-0} threads=$(ls /proc/$pid/task | wc -l)"
done
if [ -n "$PERF" ]; then
  WRK_OUT=$D/p.json wrk -t1 -c64 -d14s -s $H/rotate.lua http://127.0.0.1:$PORT -- $H/hosts/subdomain.txt ${PERF_PATH:-/shop/products} >/dev/null &
  sleep 2
  perf record -F 1999 ${PERF_G:-} -p $pid -o $PERF -- sleep 10 2>/dev/null
  sleep 3
fi
kill $pid; sleep 1
