-- The database remembers the currency its amounts are counted in (ISO
-- 4217 code; amounts are integers in its minor unit), so a configuration
-- naming another currency can never misread them. It is recorded with the
-- first amount written. A database that already holds orders was written
-- in yen, the only currency before this version.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

INSERT INTO settings (key, value)
SELECT 'currency', 'JPY' WHERE EXISTS (SELECT 1 FROM orders);
