-- Shopping: stock, carts, orders.

-- Products listed before stock was tracked stay on sale: they start with 100 each.
ALTER TABLE products ADD COLUMN stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0);
UPDATE products SET stock = 100;

-- Counters that run per store (order numbers), taken inside the writing transaction.
CREATE TABLE store_counters (
    store_id  INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    value     INTEGER NOT NULL,
    PRIMARY KEY (store_id, name)
);

-- A cart is known by the SHA-256 of the random token in the shopper's cookie.
CREATE TABLE carts (
    store_id    INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (store_id, token_hash)
);
CREATE INDEX carts_updated ON carts (store_id, updated_at);

CREATE TABLE cart_items (
    store_id    INTEGER NOT NULL,
    cart        TEXT NOT NULL,
    product_id  INTEGER NOT NULL,
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    added_at    INTEGER NOT NULL,
    PRIMARY KEY (store_id, cart, product_id),
    FOREIGN KEY (store_id, cart) REFERENCES carts (store_id, token_hash) ON DELETE CASCADE,
    FOREIGN KEY (store_id, product_id) REFERENCES products (store_id, id) ON DELETE CASCADE
);

-- The orders table of 0002 was a placeholder that nothing wrote to: replace it.
DROP TABLE orders;

-- An order keeps what was bought at the price it was bought for; products may change
-- or go away later. `access_token` is the shopper's private link; `idempotency_key`
-- makes a submitted checkout create one order however often it arrives.
CREATE TABLE orders (
    store_id          INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    id                INTEGER NOT NULL,
    access_token      TEXT NOT NULL,
    idempotency_key   TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'placed'
                      CHECK (status IN ('placed', 'paid', 'shipped', 'delivered', 'cancelled')),
    email             TEXT NOT NULL,
    ship_name         TEXT NOT NULL,
    ship_line1        TEXT NOT NULL,
    ship_line2        TEXT NOT NULL DEFAULT '',
    ship_city         TEXT NOT NULL,
    ship_postal_code  TEXT NOT NULL,
    ship_country      TEXT NOT NULL,
    payment_method    TEXT NOT NULL CHECK (payment_method IN ('bank_transfer', 'cash_on_delivery')),
    total_cents       INTEGER NOT NULL CHECK (total_cents >= 0),
    item_count        INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    PRIMARY KEY (store_id, id)
);
CREATE UNIQUE INDEX orders_access_token ON orders (store_id, access_token);
CREATE UNIQUE INDEX orders_idempotency ON orders (store_id, idempotency_key);
CREATE INDEX orders_status ON orders (store_id, status, id);
CREATE INDEX orders_email ON orders (store_id, email);
CREATE INDEX orders_created ON orders (store_id, created_at);

CREATE TABLE order_items (
    store_id          INTEGER NOT NULL,
    order_id          INTEGER NOT NULL,
    product_id        INTEGER NOT NULL,
    name              TEXT NOT NULL,
    unit_price_cents  INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    quantity          INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (store_id, order_id, product_id),
    FOREIGN KEY (store_id, order_id) REFERENCES orders (store_id, id) ON DELETE CASCADE
);
