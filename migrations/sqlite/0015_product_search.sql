-- Product search by words through an index, in place of scanning every product with LIKE.
-- An external-content FTS5 table over `products`: it stores only the index, the text
-- stays in `products`. Its rows are the products' ids, which are unique across the
-- platform (`ids::next`). The store's id is indexed as a column of its own, so a search
-- names its store inside the index and walks only that store's matches.
-- `unicode61 remove_diacritics 2` folds case and accents; the prefix indexes serve the
-- last word of a search box, matched as the start of a word.
CREATE VIRTUAL TABLE products_search USING fts5(
    store_id, name, description,
    content = 'products', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO products_search (products_search) VALUES ('rebuild');

-- Kept in step by triggers (a store deleted with its products fires the delete one too).
-- An external-content index is told what a row held to take it out.
CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_search (rowid, store_id, name, description)
    VALUES (new.id, new.store_id, new.name, new.description);
END;
CREATE TRIGGER products_search_delete AFTER DELETE ON products BEGIN
    INSERT INTO products_search (products_search, rowid, store_id, name, description)
    VALUES ('delete', old.id, old.store_id, old.name, old.description);
END;
-- Only the indexed columns: a sale's stock change does not touch the index.
CREATE TRIGGER products_search_update AFTER UPDATE OF store_id, id, name, description ON products BEGIN
    INSERT INTO products_search (products_search, rowid, store_id, name, description)
    VALUES ('delete', old.id, old.store_id, old.name, old.description);
    INSERT INTO products_search (rowid, store_id, name, description)
    VALUES (new.id, new.store_id, new.name, new.description);
END;
