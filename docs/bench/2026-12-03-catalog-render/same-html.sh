#!/usr/bin/env bash
# usage: same-html.sh BUILD-DIR OUT-DIR: serves `arcade seed --bench` (t0002 with reviews and
# the wishlist, a product named with markup) from BUILD-DIR/{arcade,hash.txt,site} and saves
# 24 catalog and other pages (body, headers, HEAD status) to compare two builds byte for byte.
set -u
BD=$1; OUT=$2; D=$(mktemp -d); mkdir -p $OUT
cd /work/main
$BD/arcade seed --bench --database-url sqlite://$D/a.db >/dev/null 2>&1
sqlite3 $D/a.db "INSERT INTO store_modules (store_id, module, enabled) SELECT id, 'reviews', 1 FROM stores WHERE code='t0002'; INSERT INTO store_modules (store_id, module, enabled) SELECT id, 'wishlist', 1 FROM stores WHERE code='t0002'; UPDATE products SET name='A <b>&amp;</b> \"q\"', description='x</script><script>alert(1)</script>' WHERE id=(SELECT min(id) FROM products WHERE store_id=(SELECT id FROM stores WHERE code='t0002'));"
(LEPTOS_SITE_ROOT=$BD/site exec $BD/arcade serve --addr 127.0.0.1:8041 --database-url sqlite://$D/a.db --uploads-dir $D/up --platform-domain platform.test >$D/log 2>&1) &
for i in $(seq 1 60); do curl -sf -o /dev/null -H 'Host: platform.test' http://127.0.0.1:8041/health && break; sleep 0.5; done
n=0
P2=$(sqlite3 $D/a.db "SELECT min(id) FROM products WHERE store_id=(SELECT id FROM stores WHERE code='t0002')")
for hp in t0001.platform.test:/ t0001.platform.test:/shop/products "t0001.platform.test:/shop/products?sort=price_desc" "t0001.platform.test:/shop/products?q=e&sort=name" "t0001.platform.test:/shop/products?q=%3Cscript%3E+x" "t0001.platform.test:/shop/products?page=2" "t0001.platform.test:/shop/products?page=99&sort=bogus" t0001.platform.test:/shop/products/1 t0001.platform.test:/shop/products/3 t0001.platform.test:/shop/products/$P2 t0001.platform.test:/shop/products/abc t0001.platform.test:/shop/products/1/x t0001.platform.test:/shop/products/ t0001.platform.test:/shop/cart t0002.platform.test:/ t0002.platform.test:/shop/products t0002.platform.test:/shop/products/$P2 platform.test:/stores/t0001/ platform.test:/stores/t0001/shop/products platform.test:/stores/t0001/shop/products/2 platform.test:/stores/t0001/shop/products/999 platform.test:/ shop-0001.test:/shop/products "t0001.platform.test:/?theme_preview=00" ; do
  host=${hp%%:*}; p=${hp#*:}
  n=$((n+1)); f=$OUT/$(printf %02d $n)$(echo "$host$p" | tr '/?&=%' '_____')
  curl -s -D $f.h -o $f.html -H "Host: $host" "http://127.0.0.1:8041$p"
  curl -s -m 5 -o /dev/null -w "%{http_code} " -I -H "Host: $host" "http://127.0.0.1:8041$p" > $f.head
done
pkill -f "127.0.0.1:8041"; sleep 0.5
