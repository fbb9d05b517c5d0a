-- The reviews module: one review per shopper and product, by shoppers who bought it.
-- `hidden_at` is set when the store's owner hides a review; hidden ones are not shown
-- and do not count in the average.
CREATE TABLE reviews (
    store_id    INTEGER NOT NULL,
    product_id  INTEGER NOT NULL,
    shopper_id  INTEGER NOT NULL,
    author      TEXT NOT NULL,
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    hidden_at   INTEGER,
    PRIMARY KEY (store_id, product_id, shopper_id),
    FOREIGN KEY (store_id, product_id) REFERENCES products (store_id, id) ON DELETE CASCADE,
    FOREIGN KEY (store_id, shopper_id) REFERENCES shoppers (store_id, id) ON DELETE CASCADE
);
CREATE INDEX reviews_recent ON reviews (store_id, created_at);
