-- At most one primary domain per store, also when two verifications race.
CREATE UNIQUE INDEX store_domains_one_primary ON store_domains (store_id) WHERE is_primary = 1;
