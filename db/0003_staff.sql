-- 0003: the staff register, the standards of positions as edited in the program,
-- the history of officials' records, and the standardisation plan.
--
-- Level codes (trình độ), categories, departments and statuses are codes of the lists in
-- resources/data/staff_lists.json; the program checks them before saving, since the lists
-- are data and may grow. Dates are ISO text; a birth is 'YYYY-MM-DD' or the year alone.

-- Versions of a standard set edited in the program. The shipped versions live in
-- resources/data/standards/ and are not copied here; an edit adds a version.
CREATE TABLE standard_sets (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    family TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    effective_from TEXT NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data)),
    UNIQUE (family, version)
);

CREATE TRIGGER standard_sets_tombstone AFTER DELETE ON standard_sets
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'standard_sets', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TABLE officials (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    full_name TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
    -- given name first, in Vietnamese alphabetical order (core.staff.name_sort_key)
    name_sort TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL,
    gender TEXT CHECK (gender IS NULL OR gender IN ('nam', 'nu')),
    birth TEXT CHECK (birth IS NULL OR length(birth) IN (4, 10)),
    ethnicity TEXT NOT NULL DEFAULT '',
    standard_family TEXT,
    position TEXT,
    position_title TEXT NOT NULL DEFAULT '',
    department TEXT,
    started_on TEXT,
    general_education TEXT,
    professional TEXT,
    field_of_study TEXT NOT NULL DEFAULT '',
    political_theory TEXT,
    state_management TEXT,
    it TEXT,
    foreign_language TEXT,
    ethnic_language TEXT,
    -- a training in progress, as JSON (attribute, level, field, name, start, end), or NULL
    training TEXT CHECK (training IS NULL OR json_valid(training)),
    status TEXT NOT NULL,
    status_on TEXT,
    notes TEXT NOT NULL DEFAULT '',
    CHECK (position IS NULL OR standard_family IS NOT NULL)
);
CREATE INDEX officials_by_name ON officials (name_sort);

CREATE TRIGGER officials_tombstone AFTER DELETE ON officials
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'officials', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- An official's record as it was before a change that applies from a date: the state
-- held on every day before valid_until (and after the previous entry's valid_until).
-- Ratios for an earlier day read it; the current record is the row in officials.
CREATE TABLE official_history (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    official_uuid TEXT NOT NULL REFERENCES officials (uuid) ON DELETE CASCADE,
    valid_until TEXT NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data)),
    UNIQUE (official_uuid, valid_until)
);

CREATE TRIGGER official_history_tombstone AFTER DELETE ON official_history
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'official_history', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- The standardisation plan: an action per gap. task_uuid names the task of the register
-- that carries it out; no foreign key, so that undoing a task's deletion restores the link.
CREATE TABLE standard_actions (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    official_uuid TEXT NOT NULL REFERENCES officials (uuid) ON DELETE CASCADE,
    attribute TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('dao_tao', 'boi_duong', 'bo_tri_lai', 'tinh_gian', 'khac')),
    content TEXT NOT NULL DEFAULT '',
    deadline TEXT,
    responsible TEXT NOT NULL CHECK (length(trim(responsible)) > 0),
    notes TEXT NOT NULL DEFAULT '',
    task_uuid TEXT
);
CREATE INDEX standard_actions_official ON standard_actions (official_uuid);
CREATE INDEX standard_actions_task ON standard_actions (task_uuid);

CREATE TRIGGER standard_actions_tombstone AFTER DELETE ON standard_actions
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'standard_actions', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
