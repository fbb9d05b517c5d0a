-- Stores and their directory (domains, modules, themes) and the catalog.
-- Tenant-owned tables are keyed by (store_id, ...) and every index leads with store_id.

CREATE TABLE stores (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    logo_url    TEXT,
    -- bumped by every write that changes what the storefront shows; part of cache keys
    revision    INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL
);

-- The routing directory: a domain is unique across the platform.
CREATE TABLE store_domains (
    store_id            INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    domain              TEXT NOT NULL UNIQUE,
    is_primary          INTEGER NOT NULL DEFAULT 0,
    status              TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'active')),
    verification_token  TEXT NOT NULL,
    verified_at         INTEGER,
    created_at          INTEGER NOT NULL,
    PRIMARY KEY (store_id, domain)
);

CREATE TABLE modules (
    key          TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    is_core      INTEGER NOT NULL DEFAULT 0
);

INSERT INTO modules (key, name, description, is_core) VALUES
    ('catalog', 'Catalog', 'Products, search and product pages', 1),
    ('cart', 'Cart', 'Cart and checkout', 1),
    ('orders', 'Orders', 'Order history and fulfilment', 1),
    ('reviews', 'Reviews', 'Product ratings and reviews', 0),
    ('wishlist', 'Wishlist', 'Saved products for shoppers', 0),
    ('wallet', 'Wallet', 'Gift cards and store credit', 0),
    ('blog', 'Blog', 'Articles on the storefront', 0),
    ('newsletter', 'Newsletter', 'Email sign-up and campaigns', 0),
    ('analytics', 'Analytics', 'Traffic and sales reports', 0);

CREATE TABLE store_modules (
    store_id  INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    module    TEXT NOT NULL REFERENCES modules (key),
    enabled   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (store_id, module)
);

CREATE TABLE theme_versions (
    store_id    INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    tokens      TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('draft', 'published', 'archived')),
    author      TEXT,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (store_id, version)
);
CREATE INDEX theme_versions_state ON theme_versions (store_id, state);

CREATE TABLE products (
    store_id     INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    id           INTEGER NOT NULL,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (store_id, id)
);
CREATE INDEX products_price ON products (store_id, price_cents);
CREATE INDEX products_name ON products (store_id, name);
