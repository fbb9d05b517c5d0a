-- The cart an order was placed from (the SHA-256 of its cookie's token): a checkout's
-- idempotency key sent again answers the order only to that cart, or to the signed-in
-- shopper who placed it. Orders placed before have none, and answer only their shopper.
ALTER TABLE orders ADD COLUMN cart TEXT;

-- The cleanup task deletes expired sessions of every account in batches; sessions belong
-- to no store, so they are found by expiry alone. Tenant tables (carts, shoppers' sessions,
-- preview links) keep every index led by store_id: the task reads them in stored order,
-- oldest first, which is where their expired rows are.
CREATE INDEX sessions_expiry ON sessions (expires_at);
