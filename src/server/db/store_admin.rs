//! The admin console's reads across stores: the store list and platform figures. Functions
//! that read across stores say so with the `admin_` prefix.

use sqlx::{any::AnyArguments, Arguments, FromRow};

use super::{audit, now, Db};
use crate::model::{Module, PlatformStats, StoreList, StoreSort, StoreSummary, Theme};

/// Filters of the store list.
#[derive(Clone, Debug, Default)]
pub struct StoreFilter {
    /// Prefix of a code or name, or a whole custom domain.
    pub q: String,
    /// `active`, `suspended`, or empty for both.
    pub status: String,
    /// A module the stores must have enabled, or empty.
    pub module: String,
    pub sort: StoreSort,
    /// The cursor of the page to show (from [`StoreList::next`]).
    pub after: Option<String>,
    pub limit: i64,
}

#[derive(FromRow)]
struct SummaryRow {
    id: i64,
    code: String,
    name: String,
    status: String,
    created_at: i64,
    logo_url: Option<String>,
    tokens: Option<String>,
}

/// A page of stores: keyset pagination over indexed columns, so page 5,000 of 100,000
/// stores costs what page 1 does.
pub async fn admin_list_stores(db: &Db, f: &StoreFilter) -> Result<StoreList, sqlx::Error> {
    let mut args = AnyArguments::default();
    let mut conds: Vec<String> = Vec::new();
    let mut n = 0;
    let mut bind = |args: &mut AnyArguments, v: String| {
        n += 1;
        let _ = args.add(v);
        format!("${n}")
    };
    let q = f.q.trim().to_ascii_lowercase();
    if q.contains('.') {
        let p = bind(&mut args, q.clone());
        // Filters are written as `id IN (indexed lookup)`, so the database starts from the
        // few matching rows instead of testing every store in list order.
        conds.push(format!("s.id IN (SELECT d.store_id FROM store_domains d WHERE d.domain = {p})"));
    } else if !q.is_empty() {
        let (lo, hi) = (bind(&mut args, q.clone()), bind(&mut args, format!("{q}\u{ffff}")));
        let (lo2, hi2) = (bind(&mut args, q.clone()), bind(&mut args, format!("{q}\u{ffff}")));
        conds.push(format!(
            "s.id IN (SELECT id FROM stores WHERE code >= {lo} AND code < {hi} \
             UNION SELECT id FROM stores WHERE lower(name) >= {lo2} AND lower(name) < {hi2})"
        ));
    }
    if matches!(f.status.as_str(), "active" | "suspended") {
        let p = bind(&mut args, f.status.clone());
        conds.push(format!("s.status = {p}"));
    }
    if Module::parse(&f.module).is_some_and(|m| !m.is_core()) {
        let p = bind(&mut args, f.module.clone());
        conds.push(format!(
            "s.id IN (SELECT m.store_id FROM store_modules m WHERE m.module = {p} AND m.enabled = 1)"
        ));
    }
    let (order, cursor_col, cmp) = match f.sort {
        StoreSort::Newest => ("s.id DESC", "s.id", "<"),
        StoreSort::Oldest => ("s.id ASC", "s.id", ">"),
        StoreSort::Code => ("s.code ASC", "s.code", ">"),
    };
    if let Some(after) = f.after.as_deref().filter(|a| !a.is_empty()) {
        if f.sort == StoreSort::Code {
            let p = bind(&mut args, after.to_string());
            conds.push(format!("{cursor_col} {cmp} {p}"));
        } else if let Ok(id) = after.parse::<i64>() {
            n += 1;
            let _ = args.add(id);
            conds.push(format!("{cursor_col} {cmp} ${n}"));
        }
    }
    let limit = f.limit.clamp(1, 200);
    let filter = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
    let sql = format!(
        "SELECT s.id, s.code, s.name, s.status, s.created_at, s.logo_url, t.tokens FROM stores s \
         LEFT JOIN theme_versions t ON t.store_id = s.id AND t.state = 'published' \
         {filter} ORDER BY {order} LIMIT {}",
        limit + 1
    );
    let mut rows: Vec<SummaryRow> = sqlx::query_as_with(&sql, args).fetch_all(&db.pool).await?;
    let next = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| if f.sort == StoreSort::Code { r.code.clone() } else { r.id.to_string() })
    } else {
        None
    };
    let stores = rows
        .into_iter()
        .map(|r| {
            let theme = r.tokens.as_deref().map(Theme::from_stored).unwrap_or_default();
            StoreSummary {
                code: r.code,
                name: r.name,
                status: r.status,
                created_at: r.created_at,
                primary_color: theme.primary,
                logo_url: r.logo_url,
            }
        })
        .collect();
    Ok(StoreList { stores, next })
}

/// Platform figures for the console home.
pub async fn admin_stats(db: &Db) -> Result<PlatformStats, sqlx::Error> {
    let by_status: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM stores GROUP BY status").fetch_all(&db.pool).await?;
    let count = |sql: &'static str| async move {
        sqlx::query_as::<_, (i64,)>(sql).fetch_one(&db.pool).await.map(|(n,)| n)
    };
    let today = now() / 86_400;
    let first = today - 13;
    let per_day: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT created_at / 86400 AS day, COUNT(*) FROM stores WHERE created_at >= $1 GROUP BY created_at / 86400",
    )
    .bind(first * 86_400)
    .fetch_all(&db.pool)
    .await?;
    let created_per_day = (first..=today)
        .map(|d| (day_label(d), per_day.iter().find(|(day, _)| *day == d).map_or(0, |(_, n)| *n)))
        .collect();
    Ok(PlatformStats {
        stores_active: by_status.iter().find(|(s, _)| s == "active").map_or(0, |(_, n)| *n),
        stores_suspended: by_status.iter().find(|(s, _)| s == "suspended").map_or(0, |(_, n)| *n),
        products: count("SELECT COUNT(*) FROM products").await?,
        orders: count("SELECT COUNT(*) FROM orders").await?,
        domains_pending: count("SELECT COUNT(*) FROM store_domains WHERE status = 'pending'").await?,
        created_per_day,
        recent: audit::admin_list(db, "", "", None, 8).await?.events,
    })
}

/// `YYYY-MM-DD` of a day number since the epoch.
pub fn day_label(day: i64) -> String {
    crate::text::date(day * 86_400)
}

#[cfg(test)]
mod tests {
    use super::day_label;

    #[test]
    fn day_labels_are_civil_dates() {
        assert_eq!(day_label(0), "1970-01-01");
        assert_eq!(day_label(20_516), "2026-03-04");
        assert_eq!(day_label(11_016), "2000-02-29");
    }
}
