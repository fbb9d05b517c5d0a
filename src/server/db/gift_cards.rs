//! Gift cards (the wallet module): issued by the store's owner, added to a shopper's
//! wallet, spent at checkout inside the order's transaction, given back when the order is
//! cancelled. A card is found by the SHA-256 of its code, never by the code itself.

use sqlx::AnyConnection;

use super::{now, Db, StoreId};
use crate::{
    model::{GiftCard, NewGiftCard, Wallet, WalletCard, CODE_ALPHABET, CODE_LEN},
    server::tokens::sha256_hex,
};

/// Cards per page of the owner's list.
const LIST_LIMIT: i64 = 200;

type CardRow = (i64, String, i64, i64, Option<i64>, i64, Option<i64>);

/// A fresh random code in its stored form (`CODE_LEN` characters of [`CODE_ALPHABET`]).
fn random_code() -> String {
    let mut bytes = [0u8; CODE_LEN];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    // 32 characters: the low 5 bits of each byte pick one without bias.
    bytes.iter().map(|b| CODE_ALPHABET[usize::from(b & 31)] as char).collect()
}

/// Issues a card; answers it with its code, which is not stored and never shown again.
pub async fn issue(
    conn: &mut AnyConnection,
    store: StoreId,
    new: NewGiftCard,
) -> Result<(GiftCard, String), sqlx::Error> {
    let id = super::ids::next_in_store(conn, store, "gift_cards", 1).await?;
    let code = random_code();
    let at = now();
    sqlx::query(
        "INSERT INTO gift_cards (store_id, id, code_hash, code_tail, initial_cents, balance_cents, \
         expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $5, $6, $7)",
    )
    .bind(store.get())
    .bind(id)
    .bind(sha256_hex(&code))
    .bind(&code[CODE_LEN - 4..])
    .bind(new.cents)
    .bind(new.expires_at)
    .bind(at)
    .execute(conn)
    .await?;
    let card = GiftCard {
        id,
        code_tail: code[CODE_LEN - 4..].to_string(),
        initial_cents: new.cents,
        balance_cents: new.cents,
        expires_at: new.expires_at,
        created_at: at,
        in_wallet: false,
        expired: false,
    };
    Ok((card, code))
}

/// The store's cards, newest first.
pub async fn list(db: &Db, store: StoreId) -> Result<Vec<GiftCard>, sqlx::Error> {
    let rows: Vec<CardRow> = sqlx::query_as(&format!(
        "SELECT id, code_tail, initial_cents, balance_cents, expires_at, created_at, shopper_id \
         FROM gift_cards WHERE store_id = $1 ORDER BY id DESC LIMIT {LIST_LIMIT}"
    ))
    .bind(store.get())
    .fetch_all(&db.pool)
    .await?;
    let at = now();
    Ok(rows
        .into_iter()
        .map(|(id, code_tail, initial_cents, balance_cents, expires_at, created_at, shopper)| GiftCard {
            id,
            code_tail,
            initial_cents,
            balance_cents,
            expires_at,
            created_at,
            in_wallet: shopper.is_some(),
            expired: expires_at.is_some_and(|e| e <= at),
        })
        .collect())
}

/// A card found by its code (stored form), with the wallet that holds it if any.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Found {
    pub id: i64,
    pub balance_cents: i64,
    pub expires_at: Option<i64>,
    pub shopper_id: Option<i64>,
}

pub async fn by_code(
    conn: &mut AnyConnection,
    store: StoreId,
    code: &str,
) -> Result<Option<Found>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, balance_cents, expires_at, shopper_id FROM gift_cards WHERE store_id = $1 AND code_hash = $2",
    )
    .bind(store.get())
    .bind(sha256_hex(code))
    .fetch_optional(conn)
    .await
}

/// Puts a card in a shopper's wallet; false when another shopper's wallet holds it.
pub async fn keep(
    conn: &mut AnyConnection,
    store: StoreId,
    card: i64,
    shopper: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE gift_cards SET shopper_id = $3 WHERE store_id = $1 AND id = $2 \
         AND (shopper_id IS NULL OR shopper_id = $3)",
    )
    .bind(store.get())
    .bind(card)
    .bind(shopper)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// The cards of a shopper's wallet that can still be spent, soonest to expire first.
pub async fn spendable(
    conn: &mut AnyConnection,
    store: StoreId,
    shopper: i64,
) -> Result<Vec<Found>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, balance_cents, expires_at, shopper_id FROM gift_cards WHERE store_id = $1 \
         AND shopper_id = $2 AND balance_cents > 0 AND (expires_at IS NULL OR expires_at > $3) \
         ORDER BY expires_at IS NULL, expires_at, id",
    )
    .bind(store.get())
    .bind(shopper)
    .bind(now())
    .fetch_all(conn)
    .await
}

/// A shopper's wallet: every card they added, and what the unexpired ones hold.
pub async fn wallet(db: &Db, store: StoreId, shopper: i64) -> Result<Wallet, sqlx::Error> {
    let rows: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT code_tail, balance_cents, expires_at FROM gift_cards WHERE store_id = $1 AND shopper_id = $2 \
         ORDER BY id",
    )
    .bind(store.get())
    .bind(shopper)
    .fetch_all(&db.pool)
    .await?;
    let at = now();
    let cards: Vec<WalletCard> = rows
        .into_iter()
        .map(|(code_tail, balance_cents, expires_at)| WalletCard { code_tail, balance_cents, expires_at })
        .collect();
    let balance_cents =
        cards.iter().filter(|c| c.expires_at.is_none_or(|e| e > at)).map(|c| c.balance_cents).sum();
    Ok(Wallet { balance_cents, cards })
}

/// Takes `cents` off a card for an order; false when it no longer holds that much or has
/// expired (a concurrent checkout spent it). One guarded statement: never below zero.
pub async fn spend(
    conn: &mut AnyConnection,
    store: StoreId,
    card: i64,
    order: i64,
    cents: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE gift_cards SET balance_cents = balance_cents - $3 WHERE store_id = $1 AND id = $2 \
         AND balance_cents >= $3 AND (expires_at IS NULL OR expires_at > $4)",
    )
    .bind(store.get())
    .bind(card)
    .bind(cents)
    .bind(now())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO gift_card_redemptions (store_id, order_id, card_id, amount_cents) VALUES ($1, $2, $3, $4)",
    )
    .bind(store.get())
    .bind(order)
    .bind(card)
    .bind(cents)
    .execute(conn)
    .await?;
    Ok(true)
}

/// Gives back to each card what it paid of a cancelled order.
pub async fn refund(conn: &mut AnyConnection, store: StoreId, order: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE gift_cards SET balance_cents = balance_cents + (SELECT r.amount_cents \
         FROM gift_card_redemptions r WHERE r.store_id = gift_cards.store_id AND r.order_id = $2 \
         AND r.card_id = gift_cards.id) WHERE store_id = $1 AND id IN \
         (SELECT card_id FROM gift_card_redemptions WHERE store_id = $1 AND order_id = $2)",
    )
    .bind(store.get())
    .bind(order)
    .execute(conn)
    .await?;
    Ok(())
}
