-- Product search by words through an index, in place of scanning every product with LIKE.
-- The words of a product's name and description as a generated `tsvector` (the `simple`
-- configuration: lowercased words, no stemming or stop words, as the SQLite index reads
-- them), and one GIN index led by the store's id, so a search walks only its store's
-- matches. `btree_gin` lets a GIN index hold the store id beside the words; it is a
-- trusted extension, which the database's owner may create.
CREATE EXTENSION IF NOT EXISTS btree_gin;
ALTER TABLE products ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', name || ' ' || description)) STORED;
CREATE INDEX products_search ON products USING GIN (store_id, search);
