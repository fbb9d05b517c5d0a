-- The search index keyed by store, so a search costs what its store holds, not what the
-- platform holds. (0015 indexed the store's id as a column: a word common across the
-- platform, or a short prefix, walked every store's matches before the id narrowed them.)
--
-- A contentless FTS5 table whose row id is the store's id times 2^32 plus the product's
-- id: a store's entries are one range of row ids, which FTS5 seeks to in every word's
-- list (`rowid BETWEEN store * 2^32 AND store * 2^32 + 2^32 - 1`). Product ids stay below
-- 2^32 and store ids below 2^31, so the key neither collides nor overflows.
-- `unicode61 remove_diacritics 2` folds case and accents. The prefix indexes serve the
-- last word of a search box, matched as the start of a word, up to four letters: a longer
-- start names fewer words, which are read one by one.
DROP TRIGGER products_search_insert;
DROP TRIGGER products_search_delete;
DROP TRIGGER products_search_update;
DROP TABLE products_search;

CREATE VIRTUAL TABLE products_search USING fts5(
    name, description,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4'
);
INSERT INTO products_search (rowid, name, description)
SELECT store_id * 4294967296 + id, name, description FROM products;

-- Kept in step by triggers (a store deleted with its products fires the delete one too).
-- A contentless index is told what a row held to take it out.
CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_search (rowid, name, description)
    VALUES (new.store_id * 4294967296 + new.id, new.name, new.description);
END;
CREATE TRIGGER products_search_delete AFTER DELETE ON products BEGIN
    INSERT INTO products_search (products_search, rowid, name, description)
    VALUES ('delete', old.store_id * 4294967296 + old.id, old.name, old.description);
END;
-- Only the indexed columns: a sale's stock change does not touch the index.
CREATE TRIGGER products_search_update AFTER UPDATE OF store_id, id, name, description ON products BEGIN
    INSERT INTO products_search (products_search, rowid, name, description)
    VALUES ('delete', old.store_id * 4294967296 + old.id, old.name, old.description);
    INSERT INTO products_search (rowid, name, description)
    VALUES (new.store_id * 4294967296 + new.id, new.name, new.description);
END;
