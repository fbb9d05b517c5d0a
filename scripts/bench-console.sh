#!/usr/bin/env bash
# Console latency with many stores: seeds N stores into a fresh SQLite file, starts the
# release server, signs in as an admin and times the store-list queries the console makes
# (first page, filters, searches, and pages deep into the list through the keyset cursor).
#   Usage: scripts/bench-console.sh [STORES] [REPEATS]     (defaults: 100000 stores, 50 repeats)
# Needs the release build (make build). Prints p50 / p95 / max per query in milliseconds.
set -euo pipefail
STORES="${1:-100000}" REPEATS="${2:-50}"
BIN="${ARCADE_BIN:-target/release/arcade}"
[ -x "$BIN" ] || { echo "no $BIN: run make build first" >&2; exit 2; }
TMP="$(mktemp -d)"; PORT=3197
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
DB="sqlite://$TMP/console.db"

echo "seeding $STORES stores (1 product each, 10% with a custom domain)..."
"$BIN" seed --database-url "$DB" --stores "$STORES" --products 1 --custom-domains $((STORES / 10)) >/dev/null 2>&1
# Every 7th store gets the wallet module, so the module filter has something to find.
python3 - "$TMP/console.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT OR REPLACE INTO store_modules (store_id, module, enabled) SELECT id, 'wallet', 1 FROM stores WHERE id % 7 = 0")
c.commit()
PY
printf '%s\n' 'bench admin password' | "$BIN" admin create --email bench@admin.test --database-url "$DB" >/dev/null
"$BIN" serve --database-url "$DB" --addr "127.0.0.1:$PORT" --platform-domain localhost >"$TMP/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done

HOST="admin.localhost:$PORT"
COOKIE=$(curl -s -D - -o /dev/null -H "Host: $HOST" -H "Origin: http://$HOST" \
  --data 'email=bench%40admin.test&password=bench+admin+password&next=%2F' \
  "http://127.0.0.1:$PORT/api/auth/login" | grep -i '^set-cookie: arcade_session=' | sed 's/^[^:]*: //; s/;.*//')
[ -n "$COOKIE" ] || { echo "sign-in failed" >&2; cat "$TMP/server.log" >&2; exit 1; }

call() {  # call BODY -> prints seconds
  curl -s -o "$TMP/out.json" -w '%{time_total}\n' -H "Host: $HOST" -H "Origin: http://$HOST" \
    -H "Cookie: $COOKIE" -H 'Content-Type: application/json' --data "$1" \
    "http://127.0.0.1:$PORT/api/admin/stores"
}
body() {  # body Q STATUS MODULE SORT AFTER
  python3 -c 'import json,sys; q,s,m,o,a=sys.argv[1:]; print(json.dumps({"q":q,"status":s,"module":m,"sort":o,"after":a or None}))' "$@"
}
stats() {  # reads seconds on stdin
  python3 -c '
import sys
v = sorted(float(x) * 1000 for x in sys.stdin if x.strip())
p = lambda q: v[min(len(v) - 1, int(q * len(v)))]
print(f"p50 {p(0.5):6.2f} ms   p95 {p(0.95):6.2f} ms   max {v[-1]:6.2f} ms   (n={len(v)})")'
}
measure() {  # measure LABEL BODY
  call "$2" >/dev/null  # warm
  printf '%-44s ' "$1"
  for _ in $(seq "$REPEATS"); do call "$2"; done | stats
}

echo "store list over $STORES stores, $REPEATS calls each (release build, SQLite):"
measure "first page, newest" "$(body '' '' '' Newest '')"
measure "first page, by code" "$(body '' '' '' Code '')"
measure "status = suspended (none match)" "$(body '' suspended '' Newest '')"
measure "module = wallet" "$(body '' '' wallet Newest '')"
measure "search code prefix 's0500'" "$(body s0500 '' '' Newest '')"
measure "search name prefix 'shop 99'" "$(body 'shop 99' '' '' Code '')"
measure "search whole domain" "$(body 's000070.shop.test' '' '' Newest '')"
# Deep pages: the cursor of a page 3,000 pages in (about 72,000 stores down).
measure "newest, cursor 72,000 stores down" "$(body '' '' '' Newest $((STORES - 72000)))"
measure "by code, cursor near the end" "$(body '' '' '' Code "s$(printf '%06d' $((STORES - 100)))")"
grep -q '"stores"' "$TMP/out.json" || { echo "unexpected answer: $(head -c 300 "$TMP/out.json")" >&2; exit 1; }
