-- 0001: the foundation of a CCHC Desktop store.
--
-- Rules for every later migration (tests/test_schema_rules.py checks them):
-- * a table whose rows may travel to another PC has `uuid TEXT NOT NULL UNIQUE`
--   and `updated_at TEXT NOT NULL` (UTC, ISO 8601 with milliseconds, "Z");
-- * such a table has an AFTER DELETE trigger writing a tombstone, so that a
--   later USB merge can neither duplicate nor resurrect a deleted record;
-- * no statement here controls transactions: the runner wraps each file in one.

-- Marks the file as a CCHC Desktop store ('CCHC'), so that another
-- program's SQLite file is never mistaken for ours.
PRAGMA application_id = 1128482883;

-- Facts about the file itself (its id, whether it is a demo store, which
-- version of the program last opened it). Never travels.
CREATE TABLE store_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per deleted travelling record.
CREATE TABLE tombstones (
    uuid TEXT PRIMARY KEY,
    record_kind TEXT NOT NULL,
    deleted_at TEXT NOT NULL
);

-- The commune that this store belongs to (exactly one row once set up).
CREATE TABLE commune_profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    province TEXT NOT NULL,
    unit_kind TEXT NOT NULL CHECK (unit_kind IN ('xã', 'phường', 'đặc khu')),
    commune_name TEXT NOT NULL,
    commune_code TEXT NOT NULL CHECK (length(commune_code) = 5),
    place_name TEXT NOT NULL DEFAULT '',
    superior_body TEXT NOT NULL,
    preparer_name TEXT NOT NULL,
    preparer_title TEXT NOT NULL DEFAULT '',
    preparer_phone TEXT NOT NULL DEFAULT '',
    preparer_email TEXT NOT NULL DEFAULT '',
    signer_name TEXT NOT NULL,
    signer_title TEXT NOT NULL,
    assessment_year INTEGER NOT NULL
);

CREATE TRIGGER commune_profile_tombstone AFTER DELETE ON commune_profile
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'commune_profile', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
