//! New ids for stores and products: one counter row per kind, taken inside the writing
//! transaction, so two concurrent creates never get the same id and ids are never reused.

use sqlx::AnyConnection;

use super::Db;

/// A kind of id handed out from a counter.
#[derive(Clone, Copy, Debug)]
pub enum Counter {
    Stores,
    Products,
    ApiKeys,
}

impl Counter {
    fn name(self) -> &'static str {
        match self {
            Self::Stores => "stores",
            Self::Products => "products",
            Self::ApiKeys => "api_keys",
        }
    }
}

/// The next id of `counter`. The UPDATE takes the row's write lock until the transaction
/// ends, so a concurrent writer waits and then reads the value after this one.
pub async fn next(conn: &mut AnyConnection, counter: Counter) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) =
        sqlx::query_as("UPDATE id_counters SET value = value + 1 WHERE name = $1 RETURNING value")
            .bind(counter.name())
            .fetch_one(conn)
            .await?;
    Ok(id)
}

/// The next value of a counter that runs per store (order numbers, shopper ids), from
/// `first`; taken inside the writing transaction like [`next`].
pub async fn next_in_store(
    conn: &mut AnyConnection,
    store: super::StoreId,
    name: &str,
    first: i64,
) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "INSERT INTO store_counters (store_id, name, value) VALUES ($1, $2, $3) \
         ON CONFLICT (store_id, name) DO UPDATE SET value = store_counters.value + 1 RETURNING value",
    )
    .bind(store.get())
    .bind(name)
    .bind(first)
    .fetch_one(conn)
    .await?;
    Ok(n)
}

/// Moves every counter past the ids written with explicit values (seeding).
pub async fn catch_up(db: &Db) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE id_counters SET value = (SELECT COALESCE(MAX(id), 0) FROM stores) \
         WHERE name = 'stores' AND value < (SELECT COALESCE(MAX(id), 0) FROM stores)",
    )
    .execute(&db.pool)
    .await?;
    sqlx::query(
        "UPDATE id_counters SET value = (SELECT COALESCE(MAX(id), 0) FROM products) \
         WHERE name = 'products' AND value < (SELECT COALESCE(MAX(id), 0) FROM products)",
    )
    .execute(&db.pool)
    .await?;
    Ok(())
}
