//! Bulk data: the benchmark data set of `peers/bench/WORKLOAD.md` and generated stores.
//! Rows go in with multi-row statements inside one transaction per batch of stores.

use indicatif::{ProgressBar, ProgressStyle};

use super::db::{now, Backend, Db};
use crate::model::{HexColor, Line, Module, Theme};

/// One store to write, with its products and optional custom domain.
struct StoreSeed {
    id: i64,
    code: String,
    name: String,
    logo_url: String,
    theme: Theme,
    domain: Option<String>,
    products: Vec<(i64, String, i64, String)>,
}

/// Stores per transaction.
const BATCH: usize = 500;
/// Rows per INSERT statement (SQLite allows 32,766 bound values).
const ROWS_PER_STATEMENT: usize = 400;

/// The benchmark data set: t0001..t1000, 20 products each, custom domains for 1..200,
/// `catalog` enabled and `wallet` disabled everywhere. Running it again restores it.
pub async fn bench(db: &Db, progress: bool) -> Result<(), sqlx::Error> {
    let stores = (1..=1000i64).map(bench_store);
    write(db, stores, 1000, progress).await
}

/// The colour whose `#rrggbb` is the low 24 bits of `v`.
fn rgb24(v: i64) -> HexColor {
    HexColor::rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

fn bench_store(i: i64) -> StoreSeed {
    let theme = Theme {
        primary: rgb24((i * 2654435761) % 16777216),
        secondary: rgb24((i * 40503 + 12345) % 16777216),
        hero_text: Line::parse(&format!("Welcome to Store {i:04}")).expect("a short line"),
        ..Theme::default()
    };
    StoreSeed {
        id: i,
        code: format!("t{i:04}"),
        name: format!("Store {i:04}"),
        logo_url: format!("https://cdn.platform.test/logos/t{i:04}.png"),
        theme,
        domain: (i <= 200).then(|| format!("shop-{i:04}.test")),
        products: (1..=20i64)
            .map(|j| {
                (
                    (i - 1) * 20 + j,
                    format!("Product {j:02} of Store {i:04}"),
                    199 + (i * 37 + j * 101) % 9800,
                    format!("Item {j:02} from store t{i:04}: a hand-picked product with free shipping and 30-day returns."),
                )
            })
            .collect(),
    }
}

/// Adds `stores` generated stores after the existing ones, `products` products each,
/// the first `domains` of them with a custom domain `{code}.shop.test`.
pub async fn generated(
    db: &Db,
    stores: u32,
    products: u32,
    domains: u32,
    progress: bool,
) -> Result<(), sqlx::Error> {
    let (max_store, max_product): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM stores), (SELECT COALESCE(MAX(id), 0) FROM products)",
    )
    .fetch_one(&db.pool)
    .await?;
    let palette = [0x0b7285, 0x5f3dc4, 0xc2255c, 0x2b8a3e, 0xe67700, 0x1864ab].map(rgb24);
    let iter = (0..i64::from(stores)).map(move |k| {
        let id = max_store + 1 + k;
        let code = format!("s{id:06}");
        let products = i64::from(products);
        StoreSeed {
            id,
            name: format!("Shop {id}"),
            logo_url: format!("https://cdn.platform.test/logos/{code}.png"),
            theme: Theme {
                primary: palette[(id as usize) % palette.len()],
                secondary: palette[(id as usize + 3) % palette.len()],
                ..Theme::default()
            },
            domain: (k < i64::from(domains)).then(|| format!("{code}.shop.test")),
            products: (1..=products)
                .map(|j| {
                    let pid = max_product + k * products + j;
                    (
                        pid,
                        format!("Item {j} of {code}"),
                        100 + (pid * 7919) % 20000,
                        format!("A generated product of {code}."),
                    )
                })
                .collect(),
            code,
        }
    });
    write(db, iter, u64::from(stores), progress).await
}

async fn write(
    db: &Db,
    stores: impl Iterator<Item = StoreSeed>,
    total: u64,
    progress: bool,
) -> Result<(), sqlx::Error> {
    let bar = progress_bar(progress, total);
    let mut batch = Vec::with_capacity(BATCH);
    for store in stores {
        batch.push(store);
        if batch.len() == BATCH {
            write_batch(db, &batch).await?;
            bar.inc(batch.len() as u64);
            report_line(&bar, progress, total);
            batch.clear();
        }
    }
    if !batch.is_empty() {
        write_batch(db, &batch).await?;
        bar.inc(batch.len() as u64);
    }
    bar.finish();
    // Seeded rows carry their own ids; what is created later must come after them.
    super::db::ids::catch_up(db).await
}

/// A bar on a terminal; elsewhere (logs, CI) the bar is hidden and lines are printed.
fn progress_bar(progress: bool, total: u64) -> ProgressBar {
    if !progress || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} seeding stores [{bar:40}] {pos}/{len} ({per_sec}, eta {eta})",
        )
        .expect("static template")
        .progress_chars("=> "),
    );
    bar
}

/// Prints a progress line at every tenth of the way when there is no terminal to draw on.
fn report_line(bar: &ProgressBar, progress: bool, total: u64) {
    if progress && bar.is_hidden() && total >= 10 * BATCH as u64 {
        let done = bar.position();
        let step = total / 10;
        if done % step < BATCH as u64 {
            eprintln!("seeded {done}/{total} stores ({:.0?})", bar.elapsed());
        }
    }
}

/// `(…), (…)` placeholders for `rows` rows of `cols` values. PostgreSQL needs `$1, $2…`;
/// SQLite gets plain `?`, because it looks numbered names up one by one while parsing,
/// which made a 2,400-value statement several times slower to prepare than to run.
fn values(backend: Backend, rows: usize, cols: usize) -> String {
    let mut out = String::with_capacity(rows * cols * 6);
    for r in 0..rows {
        out.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..cols {
            if c > 0 {
                out.push_str(", ");
            }
            match backend {
                Backend::Postgres => out.push_str(&format!("${}", r * cols + c + 1)),
                Backend::Sqlite => out.push('?'),
            }
        }
        out.push(')');
    }
    out
}

async fn write_batch(db: &Db, batch: &[StoreSeed]) -> Result<(), sqlx::Error> {
    let now = now();
    let mut tx = db.pool.begin().await?;
    for chunk in batch.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO stores (id, code, name, status, logo_url, revision, created_at) VALUES {} \
             ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, \
             status = excluded.status, logo_url = excluded.logo_url, revision = stores.revision + 1",
            values(db.backend, chunk.len(), 7)
        );
        let mut q = sqlx::query(&sql);
        for s in chunk {
            q = q
                .bind(s.id)
                .bind(&s.code)
                .bind(&s.name)
                .bind("active")
                .bind(&s.logo_url)
                .bind(1i64)
                .bind(now);
        }
        q.execute(&mut *tx).await?;

        let sql = format!(
            "INSERT INTO theme_versions (store_id, version, tokens, state, author, created_at) VALUES {} \
             ON CONFLICT (store_id, version) DO UPDATE SET tokens = excluded.tokens, state = excluded.state",
            values(db.backend, chunk.len(), 6)
        );
        let mut q = sqlx::query(&sql);
        for s in chunk {
            let tokens = serde_json::to_string(&s.theme).unwrap_or_default();
            q = q.bind(s.id).bind(1i64).bind(tokens).bind("published").bind("seed").bind(now);
        }
        q.execute(&mut *tx).await?;

        let sql = format!(
            "INSERT INTO store_modules (store_id, module, enabled) VALUES {} \
             ON CONFLICT (store_id, module) DO UPDATE SET enabled = excluded.enabled",
            values(db.backend, chunk.len() * 2, 3)
        );
        let mut q = sqlx::query(&sql);
        for s in chunk {
            q = q
                .bind(s.id)
                .bind(Module::Catalog.key())
                .bind(1i64)
                .bind(s.id)
                .bind(Module::Wallet.key())
                .bind(0i64);
        }
        q.execute(&mut *tx).await?;

        let domains: Vec<_> = chunk.iter().filter_map(|s| s.domain.as_ref().map(|d| (s.id, d))).collect();
        if !domains.is_empty() {
            let sql = format!(
                "INSERT INTO store_domains (store_id, domain, is_primary, status, verification_token, \
                 verified_at, created_at) VALUES {} ON CONFLICT DO NOTHING",
                values(db.backend, domains.len(), 7)
            );
            let mut q = sqlx::query(&sql);
            for (id, d) in domains {
                q = q
                    .bind(id)
                    .bind(d)
                    .bind(1i64)
                    .bind("active")
                    .bind(format!("seed-{id}"))
                    .bind(now)
                    .bind(now);
            }
            q.execute(&mut *tx).await?;
        }
    }
    let products: Vec<_> = batch.iter().flat_map(|s| s.products.iter().map(move |p| (s.id, p))).collect();
    for chunk in products.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO products (store_id, id, name, description, price_cents, stock, created_at) \
             VALUES {} ON CONFLICT (store_id, id) DO UPDATE SET name = excluded.name, \
             description = excluded.description, price_cents = excluded.price_cents, stock = excluded.stock",
            values(db.backend, chunk.len(), 7)
        );
        let mut q = sqlx::query(&sql);
        for (store, (id, name, price, desc)) in chunk {
            q = q.bind(*store).bind(*id).bind(name).bind(desc).bind(*price).bind(seed_stock(*id)).bind(now);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// Units in stock of a seeded product: 10 to 50, spread over the ids.
fn seed_stock(product: i64) -> i64 {
    10 + (product * 7) % 41
}

#[cfg(test)]
mod tests {
    use super::{values, Backend};

    #[test]
    fn placeholders_are_numbered_row_by_row_for_postgres() {
        assert_eq!(values(Backend::Postgres, 2, 3), "($1, $2, $3), ($4, $5, $6)");
    }

    #[test]
    fn placeholders_are_positional_for_sqlite() {
        assert_eq!(values(Backend::Sqlite, 2, 2), "(?, ?), (?, ?)");
    }
}
