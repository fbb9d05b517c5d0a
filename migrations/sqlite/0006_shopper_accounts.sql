-- Shopper accounts: per store (an account of store A means nothing on store B), optional
-- (guests still check out), with sessions in the database like the console's.
CREATE TABLE shoppers (
    store_id       INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    id             INTEGER NOT NULL,
    email          TEXT NOT NULL,
    name           TEXT NOT NULL DEFAULT '',
    password_hash  TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (store_id, id)
);
CREATE UNIQUE INDEX shoppers_email ON shoppers (store_id, email);

-- Keyed by the SHA-256 of the cookie's token, under the store's id.
CREATE TABLE shopper_sessions (
    store_id    INTEGER NOT NULL,
    token_hash  TEXT NOT NULL,
    shopper_id  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    PRIMARY KEY (store_id, token_hash),
    FOREIGN KEY (store_id, shopper_id) REFERENCES shoppers (store_id, id) ON DELETE CASCADE
);

-- The account an order was placed from; none for a guest checkout.
ALTER TABLE orders ADD COLUMN shopper_id INTEGER;
CREATE INDEX orders_shopper ON orders (store_id, shopper_id, id);
