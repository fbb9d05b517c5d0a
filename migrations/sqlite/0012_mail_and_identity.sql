-- Mail and accounts proven by email.

-- The transactional outbox: a message is written in the transaction of the change that
-- causes it and delivered afterwards by the mail task, so a commit never loses mail and a
-- rollback never sends any. `kept` messages are not sent anywhere: with no SMTP server
-- configured they are read in the console's Mail page.
CREATE TABLE mail_outbox (
    id               INTEGER PRIMARY KEY,
    store_id         INTEGER REFERENCES stores (id) ON DELETE SET NULL,
    recipient        TEXT NOT NULL,
    sender_name      TEXT NOT NULL,
    subject          TEXT NOT NULL,
    text_body        TEXT NOT NULL,
    html_body        TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'kept')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    -- when the mail task may try (again); also a lease while one attempt is under way
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_store ON mail_outbox (store_id, id);

-- An account's email is proven when its owner used a link mailed to it; until then its
-- memberships give no role anywhere. Accounts that already have a password were made by
-- `arcade admin create` or through a link, so they count as proven.
ALTER TABLE users ADD COLUMN email_verified_at INTEGER;
UPDATE users SET email_verified_at = created_at WHERE password_hash IS NOT NULL;

-- What a one-time link is for: `invite` (7 days) or `reset` (1 hour).
ALTER TABLE password_tokens ADD COLUMN purpose TEXT NOT NULL DEFAULT 'invite';
CREATE INDEX password_tokens_user ON password_tokens (user_id);

-- Shoppers' one-time links: confirming the address at sign-up (the account is made only
-- then, with the name and password hash chosen at sign-up, kept here meanwhile), and
-- password resets of an existing account.
CREATE TABLE shopper_tokens (
    store_id       INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    token_hash     TEXT NOT NULL,
    email          TEXT NOT NULL,
    purpose        TEXT NOT NULL CHECK (purpose IN ('signup', 'reset')),
    name           TEXT NOT NULL DEFAULT '',
    password_hash  TEXT,
    expires_at     INTEGER NOT NULL,
    used_at        INTEGER,
    PRIMARY KEY (store_id, token_hash)
);
CREATE INDEX shopper_tokens_email ON shopper_tokens (store_id, email);
