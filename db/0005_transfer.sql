-- 0005: what this store knows about exchanges with other PCs (USB packages).
--
-- Both tables are local: they describe this file's exchanges and never travel.

-- For every travelling record that came in from a package:
-- * base_updated_at: this store's version (its updated_at) the last time both
--   PCs held the same content — changed here since then means "changed here";
-- * seen_updated_at: the other PC's version (or deletion time) last imported,
--   whatever was decided — seeing it again changes nothing.
-- A package carries the sender's base as "_base": changed there since then
-- means "changed there". Changed on both sides is a conflict. Kept after a
-- record is deleted, so a deletion can be matched too.
CREATE TABLE sync_state (
    uuid TEXT PRIMARY KEY,
    record_kind TEXT NOT NULL,
    base_updated_at TEXT,
    seen_updated_at TEXT,
    exchanged_at TEXT NOT NULL
);

-- One row per package written or imported here, for the exchange history.
CREATE TABLE exchanges (
    id INTEGER PRIMARY KEY,
    happened_at TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('xuat', 'nhap')),
    package_id TEXT NOT NULL,
    file_name TEXT NOT NULL,
    unit_code TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL CHECK (json_valid(summary)),
    backup_path TEXT NOT NULL DEFAULT ''
);
