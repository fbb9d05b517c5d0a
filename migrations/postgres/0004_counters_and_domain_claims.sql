-- New ids come from a counter row, taken with one UPDATE … RETURNING inside the writing
-- transaction, so concurrent creates never pick the same id (MAX(id)+1 could).
CREATE TABLE id_counters (
    name   TEXT PRIMARY KEY,
    value  BIGINT NOT NULL
);
-- Store ids are never reused: a deleted store's id stays in the audit log and in caches.
INSERT INTO id_counters (name, value) VALUES
    ('stores', GREATEST((SELECT COALESCE(MAX(id), 0) FROM stores), (SELECT COALESCE(MAX(store_id), 0) FROM audit_log))),
    ('products', (SELECT COALESCE(MAX(id), 0) FROM products)),
    ('api_keys', (SELECT COALESCE(MAX(id), 0) FROM api_keys));

-- Competing claims: several stores may claim the same domain while it is pending (each
-- with its own token, each expiring); the first to verify wins. So a domain is unique
-- among active rows only.
ALTER TABLE store_domains DROP CONSTRAINT store_domains_domain_key;
CREATE UNIQUE INDEX store_domains_active ON store_domains (domain) WHERE status = 'active';
CREATE INDEX store_domains_domain ON store_domains (domain);
