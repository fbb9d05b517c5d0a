-- The wallet module: gift cards a store's owner issues and shoppers spend at checkout.
-- A code is a bearer secret: only its SHA-256 is kept, and its last four characters to
-- tell cards apart. A card a shopper added to their account is in their wallet.
CREATE TABLE gift_cards (
    store_id       INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    id             INTEGER NOT NULL,
    code_hash      TEXT NOT NULL,
    code_tail      TEXT NOT NULL,
    initial_cents  INTEGER NOT NULL CHECK (initial_cents > 0),
    balance_cents  INTEGER NOT NULL CHECK (balance_cents >= 0 AND balance_cents <= initial_cents),
    expires_at     INTEGER,
    shopper_id     INTEGER,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (store_id, id)
);
CREATE UNIQUE INDEX gift_cards_code ON gift_cards (store_id, code_hash);
CREATE INDEX gift_cards_shopper ON gift_cards (store_id, shopper_id);

-- What each card paid of an order: a cancelled order gives it back.
CREATE TABLE gift_card_redemptions (
    store_id      INTEGER NOT NULL,
    order_id      INTEGER NOT NULL,
    card_id       INTEGER NOT NULL,
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    PRIMARY KEY (store_id, order_id, card_id),
    FOREIGN KEY (store_id, order_id) REFERENCES orders (store_id, id) ON DELETE CASCADE,
    FOREIGN KEY (store_id, card_id) REFERENCES gift_cards (store_id, id) ON DELETE CASCADE
);

-- What gift cards paid of an order; the shopper pays the rest offline.
ALTER TABLE orders ADD COLUMN gift_cents INTEGER NOT NULL DEFAULT 0;
