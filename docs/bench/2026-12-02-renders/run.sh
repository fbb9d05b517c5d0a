#!/usr/bin/env bash
# Interleaved W1-W6: arcade before (2444130) and after, page cache off, arcade after with the
# cache on, FastAPI and the floor. Run from anywhere once /tmp/bench5/after is filled.
set -euo pipefail
B=/tmp/bench5
cd $B
after=$B/after/target/release/arcade
[ -s $B/seed.db ] || { LEPTOS_SITE_ROOT=$B/after/target/site $after seed --bench --database-url sqlite://$B/seed.db >$B/seed.log 2>&1;
  python3 -c "import sqlite3; sqlite3.connect('$B/seed.db').execute('PRAGMA wal_checkpoint(TRUNCATE)')"; }
for d in before-off after-off after-on; do rm -rf $B/$d; mkdir -p $B/$d; cp $B/seed.db $B/$d/bench.db; done
start() { # dir binary-root port extra
  (cd $B/$2 && LEPTOS_SITE_ROOT=$B/$2/target/site exec $B/$2/target/release/arcade serve \
     --database-url sqlite://$B/$1/bench.db --platform-domain platform.test --addr 127.0.0.1:$3 \
     --uploads-dir $B/$1/uploads $4 >$B/$1/server.log 2>&1) &
}
start before-off before 8011 "--page-cache-mb 0"
start after-off after 8012 "--page-cache-mb 0"
start after-on after 8014 ""
/tmp/peers/fastapi-seed/run.sh 8001 >$B/fastapi.log 2>&1 &
/tmp/peers/axum-floor/target/release/axum-floor 8002 >$B/floor.log 2>&1 &
sleep 8
for p in 8001 8002 8011 8012 8014; do python3 /tmp/peers/bench/verify.py http://127.0.0.1:$p >$B/verify-$p.txt 2>&1 || echo "verify $p failed"; tail -1 $B/verify-$p.txt; done
/tmp/peers/bench/compare.sh $B/out 1 arcade-before-nocache=http://127.0.0.1:8011 arcade-nocache=http://127.0.0.1:8012 \
  arcade=http://127.0.0.1:8014 fastapi=http://127.0.0.1:8001 floor=http://127.0.0.1:8002 >$B/compare.log 2>&1
for pair in "fastapi arcade-nocache" "fastapi arcade-before-nocache" "arcade-before-nocache arcade-nocache" "fastapi arcade" "floor arcade"; do
  set -- $pair; python3 /tmp/peers/bench/report.py $B/out $1 $2 >$B/out/report-$1-$2.md 2>&1 || true
done
touch $B/compare.done
