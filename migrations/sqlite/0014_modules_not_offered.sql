-- Blog, newsletter and analytics were in the catalog before they did anything; the app no
-- longer knows them, so no store keeps them on and the console cannot offer them.
DELETE FROM store_modules WHERE module IN ('blog', 'newsletter', 'analytics');
DELETE FROM modules WHERE key IN ('blog', 'newsletter', 'analytics');
