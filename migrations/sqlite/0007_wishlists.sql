-- The wishlist module: products a signed-in shopper saved, per store.
CREATE TABLE wishlist_items (
    store_id    INTEGER NOT NULL,
    shopper_id  INTEGER NOT NULL,
    product_id  INTEGER NOT NULL,
    added_at    INTEGER NOT NULL,
    PRIMARY KEY (store_id, shopper_id, product_id),
    FOREIGN KEY (store_id, shopper_id) REFERENCES shoppers (store_id, id) ON DELETE CASCADE,
    FOREIGN KEY (store_id, product_id) REFERENCES products (store_id, id) ON DELETE CASCADE
);
