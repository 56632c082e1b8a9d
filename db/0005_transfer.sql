-- 0005: what this store knows about exchanges with other PCs (USB packages).
--
-- Both tables are local: they describe this file's exchanges and never travel.

-- For every travelling record that went out in a package or came in from one,
-- the version (its updated_at) that this store and the other side last had in
-- common. A record changed here since that version *and* changed there is a
-- conflict; a record changed on one side only is simply brought up to date.
-- Kept after a record is deleted, so a deletion can be matched too.
CREATE TABLE sync_state (
    uuid TEXT PRIMARY KEY,
    record_kind TEXT NOT NULL,
    base_updated_at TEXT NOT NULL,
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
