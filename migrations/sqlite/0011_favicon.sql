-- A store's own browser-tab icon, uploaded by its owner; without one, the logo serves.
ALTER TABLE stores ADD COLUMN favicon_url TEXT;
