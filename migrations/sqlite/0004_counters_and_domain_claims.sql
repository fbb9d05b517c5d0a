-- New ids come from a counter row, taken with one UPDATE … RETURNING inside the writing
-- transaction, so concurrent creates never pick the same id (MAX(id)+1 could).
CREATE TABLE id_counters (
    name   TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
);
-- Store ids are never reused: a deleted store's id stays in the audit log and in caches.
INSERT INTO id_counters (name, value) VALUES
    ('stores', (SELECT MAX(v) FROM (SELECT COALESCE(MAX(id), 0) AS v FROM stores
                                    UNION ALL SELECT COALESCE(MAX(store_id), 0) FROM audit_log))),
    ('products', (SELECT COALESCE(MAX(id), 0) FROM products)),
    ('api_keys', (SELECT COALESCE(MAX(id), 0) FROM api_keys));

-- Competing claims: several stores may claim the same domain while it is pending (each
-- with its own token, each expiring); the first to verify wins. So a domain is unique
-- among active rows only. SQLite cannot drop a column's UNIQUE: rebuild the table.
CREATE TABLE store_domains_claims (
    store_id            INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    domain              TEXT NOT NULL,
    is_primary          INTEGER NOT NULL DEFAULT 0,
    status              TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'active')),
    verification_token  TEXT NOT NULL,
    verified_at         INTEGER,
    created_at          INTEGER NOT NULL,
    PRIMARY KEY (store_id, domain)
);
INSERT INTO store_domains_claims
    SELECT store_id, domain, is_primary, status, verification_token, verified_at, created_at FROM store_domains;
DROP TABLE store_domains;
ALTER TABLE store_domains_claims RENAME TO store_domains;
CREATE UNIQUE INDEX store_domains_active ON store_domains (domain) WHERE status = 'active';
CREATE INDEX store_domains_domain ON store_domains (domain);
CREATE INDEX store_domains_status ON store_domains (status);
CREATE UNIQUE INDEX store_domains_one_primary ON store_domains (store_id) WHERE is_primary = 1;
