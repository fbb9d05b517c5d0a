#!/usr/bin/env bash
# A first visit measured in one run: arcade's catalog pages, the Next.js peer's and the
# FastAPI peer's product list (bytes, then three slow-phone runs each, interleaved).
# Expects:
#   $B/now/arcade, hash.txt, shop-bundle.txt, site, src   `make build` of the commit measured
#   $B/seed.db      `arcade seed --bench`
#   /tmp/peers      a copy of ../shared/peers with the FastAPI venv and the Next.js build made
# Writes $B/first-visit.json (and a table on stderr, kept in $B/first-visit.txt).
set -euo pipefail
B=${B:-/tmp/bench8}
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$B/visit" && mkdir -p "$B/visit" && cp "$B/seed.db" "$B/visit/bench.db"
(cd "$B/now/src" && LEPTOS_SITE_ROOT="$B/now/site" exec "$B/now/arcade" serve \
   --database-url "sqlite://$B/visit/bench.db" --platform-domain platform.test --addr 127.0.0.1:8020 \
   --uploads-dir "$B/visit/uploads" >"$B/visit/server.log" 2>&1) &
/tmp/peers/fastapi-seed/run.sh 8001 >"$B/visit/fastapi.log" 2>&1 &
(cd /tmp/peers/nextjs-platforms && ./run.sh 8003 >"$B/visit/nextjs.log" 2>&1) &
stop() {
  pkill -f "arcade serve --database-url sqlite://$B/visit" || true
  pkill -f "uvicorn app.main:app" || true
  pkill -f "next start" || true
  pkill -f "next-server" || true
}
trap stop EXIT
for port in 8020 8001 8003; do
  for _ in $(seq 60); do curl -fsS -o /dev/null -H "Host: t0001.platform.test" "http://127.0.0.1:$port/shop/products" && break; sleep 1; done
done
node "$HERE/measure.mjs" \
  arcade-list=http://t0001.platform.test:8020/shop/products \
  arcade-product=http://t0002.platform.test:8020/shop/products/23 \
  arcade-home=http://t0004.platform.test:8020/ \
  nextjs-list=http://t0001.platform.test:8003/shop/products \
  fastapi-list=http://t0001.platform.test:8001/shop/products \
  >"$B/first-visit.json" 2> >(tee "$B/first-visit.txt" >&2)
