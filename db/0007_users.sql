-- 0007: named users of this PC for the optional sign-in (đăng nhập).
--
-- Local: the users and their password hashes describe who works at this PC and never
-- travel in a data package (LOCAL_TABLES), so the table carries no uuid. Passwords are
-- kept only as a salted scrypt hash: scrypt$n$r$p$salt_b64$hash_b64.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- the name compared without case or extra spaces: two users cannot share it
    name_key TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('nhap_lieu', 'lanh_dao')),
    password_hash TEXT NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- wrong passwords in a row, and until when (UTC) further tries are refused
    failed_count INTEGER NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
    locked_until TEXT
);
