-- The theme editor: at most one draft and one published version per store.
CREATE UNIQUE INDEX theme_versions_one_draft ON theme_versions (store_id) WHERE state = 'draft';
CREATE UNIQUE INDEX theme_versions_one_published ON theme_versions (store_id) WHERE state = 'published';

-- Links that show a store's draft on its own host. Only the token's SHA-256 is kept;
-- publishing or discarding the draft deletes them.
CREATE TABLE theme_previews (
    store_id    BIGINT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL,
    expires_at  BIGINT NOT NULL,
    PRIMARY KEY (store_id, token_hash)
);
