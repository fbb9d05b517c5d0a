-- Accounts, sessions, memberships, API keys, uploads, orders and the audit log.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,
    -- argon2id PHC string; NULL until the user sets a password from an invite link
    password_hash  TEXT,
    is_admin       INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
);

CREATE TABLE store_members (
    store_id    INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'staff')),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (store_id, user_id)
);
CREATE INDEX store_members_user ON store_members (user_id);

-- Only a SHA-256 of the session token is stored: a leaked table opens no session.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One-time links to set a password (owner invites).
CREATE TABLE password_tokens (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);

CREATE TABLE api_keys (
    store_id      INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    id            INTEGER NOT NULL,
    name          TEXT NOT NULL,
    -- the first characters of the key, shown in lists and used to find it
    prefix        TEXT NOT NULL,
    -- SHA-256 of the whole key (keys are 256-bit random, so a fast hash is enough)
    key_hash      TEXT NOT NULL,
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER,
    PRIMARY KEY (store_id, id)
);
CREATE UNIQUE INDEX api_keys_prefix ON api_keys (store_id, prefix);

CREATE TABLE assets (
    store_id      INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    hash          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (store_id, hash)
);

ALTER TABLE products ADD COLUMN image_url TEXT;

CREATE TABLE orders (
    store_id     INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    id           INTEGER NOT NULL,
    email        TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'placed',
    total_cents  INTEGER NOT NULL CHECK (total_cents >= 0),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (store_id, id)
);
CREATE INDEX orders_created ON orders (store_id, created_at);

-- Not a tenant table: platform events may have no store. Kept when a store is deleted.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    actor_id     INTEGER,
    actor_email  TEXT NOT NULL,
    store_id     INTEGER,
    store_code   TEXT,
    action       TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_store ON audit_log (store_id, id);
CREATE INDEX audit_log_action ON audit_log (action, id);

-- Console search and filters over many stores.
CREATE INDEX stores_status ON stores (status, id);
CREATE INDEX stores_name ON stores (lower(name));
CREATE INDEX stores_created ON stores (created_at);
CREATE INDEX store_domains_status ON store_domains (status);
CREATE INDEX store_modules_module ON store_modules (module, enabled, store_id);
