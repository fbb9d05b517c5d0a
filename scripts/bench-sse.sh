#!/usr/bin/env bash
# Idle live-theme streams (SSE) of storefront tabs: the server's memory and CPU per idle
# connection, publish -> delivery latency, and W1/W4 with and without the streams open.
#   Usage: scripts/bench-sse.sh [BIN] [SITE_DIR] [OUTDIR]
#          (defaults: target/release/arcade target/site docs/bench/<today>-sse)
# Copies BIN and SITE_DIR into a fresh $WORK (default /tmp/sse-bench, so a rebuild cannot
# change them mid-run), seeds `arcade seed --bench` into SQLite there, creates a platform
# admin, starts `arcade serve --platform-domain platform.test` (page cache on, the default)
# on a free loopback port, checks it with the peers' verify.py, then ROUNDS times (default 2):
#   without: peers' bench/run.sh for W1 and W4 (3 s warm-up + 20 s, 64 connections, 1 thread)
#   with:    scripts/bench/sse_idle.py opens 5,000 streams (50 on each of t0001..t0100),
#            measures memory, 60 s of idle CPU and 20 publishes, then holds the streams open
#            while the same run.sh runs again.
# First it waits (at most WAIT_MAX s) for the 1-min load average to drop below MAX_LOAD, and
# before each wrk run until the CPUs were >= MIN_IDLE % idle over 3 s. Raw outputs go to
# OUTDIR; a summary is printed and written to OUTDIR/summary.txt.
# Overrides: ROUNDS=2 ONLY="W1 W4" DURATION=20s STORES=100 PER_STORE=50 IDLE=60 PUBLISHES=20
#            WORK=/tmp/sse-bench PEERS=../shared/peers/bench MIN_IDLE=95 WAIT_MAX=300 MAX_LOAD=1.0
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${1:-$ROOT/target/release/arcade}" SITE="${2:-$ROOT/target/site}"
OUT="${3:-$ROOT/docs/bench/$(date -u +%F)-sse}"
WORK="${WORK:-/tmp/sse-bench}" PEERS="${PEERS:-$ROOT/../shared/peers/bench}"
ROUNDS="${ROUNDS:-2}" ONLY="${ONLY:-W1 W4}" DURATION="${DURATION:-20s}"
STORES="${STORES:-100}" PER_STORE="${PER_STORE:-50}" IDLE="${IDLE:-60}" PUBLISHES="${PUBLISHES:-20}"
MIN_IDLE="${MIN_IDLE:-95}" WAIT_MAX="${WAIT_MAX:-300}" MAX_LOAD="${MAX_LOAD:-1.0}"
EMAIL=bench@admin.test
export ARCADE_BENCH_PASSWORD='bench admin password'  # a throwaway admin of a throwaway database

[ -x "$BIN" ] || { echo "bench-sse.sh: no binary $BIN (make build)" >&2; exit 2; }
[ -d "$SITE/pkg" ] || { echo "bench-sse.sh: no $SITE/pkg (make build)" >&2; exit 2; }
[ -x "$PEERS/run.sh" ] || { echo "bench-sse.sh: no $PEERS/run.sh (set PEERS=)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench-sse.sh: wrk not found (apt-get install wrk)" >&2; exit 2; }
# 5,000 streams plus wrk's 64 connections: both the server and the client need the descriptors.
ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)"
need=$((STORES * PER_STORE + 1000))
[ "$(ulimit -n)" -ge "$need" ] || { echo "bench-sse.sh: open-file limit $(ulimit -n) < $need" >&2; exit 2; }

say() { echo "[$(date +%H:%M:%S)] $*"; }
SERVER="" HOLDER=""
cleanup() {
  [ -n "$HOLDER" ] && kill "$HOLDER" 2>/dev/null || true
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; say "server stopped"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

case "$WORK" in /tmp/?*) ;; *) echo "bench-sse.sh: WORK must be a directory under /tmp" >&2; exit 2 ;; esac
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
say "copying $BIN and $SITE into a fresh $WORK"
rm -rf "$WORK"; mkdir -p "$WORK"
cp "$BIN" "$WORK/arcade"; cp -r "$SITE" "$WORK/site"
cp "$ROOT/Leptos.toml" "$WORK/" 2>/dev/null || true
DB="sqlite://$WORK/bench.db"
cd "$WORK"
say "seeding (arcade seed --bench) and creating the admin $EMAIL"
./arcade seed --bench --database-url "$DB" >"$WORK/seed.log" 2>&1
printf '%s\n' "$ARCADE_BENCH_PASSWORD" | ./arcade admin create --email "$EMAIL" --database-url "$DB" >/dev/null
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
LEPTOS_SITE_ROOT="$WORK/site" ./arcade serve --database-url "$DB" --platform-domain platform.test \
  --addr "127.0.0.1:$PORT" --uploads-dir "$WORK/uploads" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do curl -fs "$BASE/health" >/dev/null && break; sleep 0.1; done
curl -fs "$BASE/health" >/dev/null || { echo "server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1; }
[ "$(cat /proc/$SERVER/comm 2>/dev/null)" = arcade ] || { echo "bench-sse.sh: pid $SERVER is not the server" >&2; exit 1; }
say "server pid $SERVER on $BASE (open-file limit $(ulimit -n)), version: $(./arcade --version)"

say "checking the data set with verify.py"
# Informational: run.sh checks every answer's status code, which is what is compared here.
python3 "$PEERS/verify.py" "$BASE" >"$OUT/verify.txt" 2>&1 || say "verify.py reports failures (see $OUT/verify.txt)"
grep '^W[1-6]:' "$OUT/verify.txt" || true
hdr=$(curl -s -m 1 -D - -o /dev/null -H "Host: t0001.platform.test" "$BASE/events/theme" || true)
grep -qi '^content-type: text/event-stream' <<<"$hdr" || { echo "no event stream on t0001: $hdr" >&2; exit 1; }

idle_pct() {  # % of all CPUs idle over 3 s
  local a b ta=0 tb=0 i
  a=($(head -1 /proc/stat)); sleep 3; b=($(head -1 /proc/stat))
  for i in 1 2 3 4 5 6 7 8; do ta=$((ta + a[i])); tb=$((tb + b[i])); done
  echo $((100 * ((b[4] + b[5]) - (a[4] + a[5])) / (tb - ta)))
}
gate() {  # wait until the machine is quiet (at most WAIT_MAX s); logs to OUT/gate.tsv
  local t0=$SECONDS idle
  until idle=$(idle_pct); [ "$idle" -ge "$MIN_IDLE" ]; do
    [ $((SECONDS - t0)) -ge "$WAIT_MAX" ] && { say "machine still busy (${idle}% idle), measuring anyway"; break; }
    sleep 5
  done
  printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$1" "$((SECONDS - t0))" "$idle" "$(cut -d' ' -f1 /proc/loadavg)" >>"$OUT/gate.tsv"
}
wrk_run() {  # wrk_run NAME
  gate "$1"
  say "run.sh $ONLY ($1)"
  local rc=0
  ONLY="$ONLY" DURATION="$DURATION" "$PEERS/run.sh" "$BASE" "$OUT/$1.json" | tee "$OUT/$1.txt" || rc=$?
  [ "$rc" -eq 0 ] || say "run.sh exited $rc (errors in $1)"
}

printf 'utc\trun\twaited_s\tidle_pct\tloadavg\n' >"$OUT/gate.tsv"
t0=$SECONDS
until awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v m="$MAX_LOAD" 'BEGIN{exit !(l < m)}'; do
  [ $((SECONDS - t0)) -ge "$WAIT_MAX" ] && { say "load average still $(cut -d' ' -f1 /proc/loadavg), starting anyway"; break; }
  sleep 10
done
say "load average $(cut -d' ' -f1-3 /proc/loadavg); starting"
for r in $(seq 1 "$ROUNDS"); do
  wrk_run "r$r-without"
  rm -f "$WORK/ready" "$WORK/stop"
  say "round $r: opening $((STORES * PER_STORE)) streams"
  python3 "$ROOT/scripts/bench/sse_idle.py" --addr "127.0.0.1:$PORT" --pid "$SERVER" --email "$EMAIL" \
    --stores "$STORES" --per-store "$PER_STORE" --idle "$IDLE" --publishes "$PUBLISHES" --round "$r" \
    --ready-file "$WORK/ready" --stop-file "$WORK/stop" --out "$OUT/r$r-sse.json" \
    > >(tee "$OUT/r$r-sse.txt") 2>&1 &
  HOLDER=$!
  until [ -f "$WORK/ready" ]; do
    kill -0 "$HOLDER" 2>/dev/null || { wait "$HOLDER" || true; echo "sse_idle.py ended before holding" >&2; exit 1; }
    sleep 1
  done
  wrk_run "r$r-with"
  touch "$WORK/stop"
  rc=0; wait "$HOLDER" || rc=$?; HOLDER=""
  [ "$rc" -eq 0 ] || say "sse_idle.py exited $rc (see $OUT/r$r-sse.json)"
done
cp "$WORK/server.log" "$OUT/server.log"

python3 - "$OUT" "$ROUNDS" "$ONLY" <<'PY' | tee "$OUT/summary.txt"
import json, sys
out, rounds, only = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
print("round  idle-conn  B/conn(settled)  idle CPU %core  heartbeats  delivery p50/p99/max ms  last-conn p50/p99/max ms  wrong  closed")
for r in range(1, rounds + 1):
    s = json.load(open(f"{out}/r{r}-sse.json"))
    d, l = s["delivery"]["per_delivery"], s["delivery"]["per_publish_last_connection"]
    print(f"{r:<6} {s['open']['opened']:>9} {s['memory']['bytes_per_connection_after_settle']:>16} "
          f"{s['idle_cpu']['server_cpu_pct_of_one_core']:>15} {s['idle_cpu']['heartbeats_received']:>11}  "
          f"{d['p50_ms']:>7}/{d['p99_ms']}/{d['max_ms']:<10} {l['p50_ms']:>10}/{l['p99_ms']}/{l['max_ms']:<10} "
          f"{s['delivery']['connections_with_wrong_events'] + s['delivery']['events_at_other_stores']:>5} "
          f"{len(s['closed_by_server'])}")
print()
print("workload round   without rps  p99 ms  errors |  with rps  p99 ms  errors | with/without")
tot = {}
for w in only:
    for r in range(1, rounds + 1):
        a = json.load(open(f"{out}/r{r}-without.json"))["workloads"][w]
        b = json.load(open(f"{out}/r{r}-with.json"))["workloads"][w]
        tot.setdefault(w, [0, 0]); tot[w][0] += a["rps"]; tot[w][1] += b["rps"]
        print(f"{w:8} {r:<5} {a['rps']:>12,.0f} {a['p99_ms']:>7.2f} {a['errors']:>7} | {b['rps']:>9,.0f} "
              f"{b['p99_ms']:>7.2f} {b['errors']:>7} | {b['rps'] / a['rps']:.3f}")
    print(f"{w:8} mean  {tot[w][0] / rounds:>12,.0f} {'':>15} | {tot[w][1] / rounds:>9,.0f} {'':>15} | "
          f"{tot[w][1] / tot[w][0]:.3f}")
PY
say "raw outputs in $OUT"
