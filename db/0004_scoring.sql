-- 0004: the self-assessment of the commune CCHC index: criteria sets, one sheet per year,
-- scores, evidence links, lock and unlock events, the mapping of last year's codes to this
-- year's, and the tasks created to win back lost points.
--
-- Points are stored as decimal TEXT ('7.5'), never REAL: 0,1 + 0,2 must be 0,3 on every PC.
-- A line of a sheet is named by its code in the set ('1.2.3'): codes are unique in a set
-- and a set never changes once scored (a correction is a new version).

CREATE TABLE criteria_sets (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    family TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    name TEXT NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data)),
    UNIQUE (family, version)
);

CREATE TRIGGER criteria_sets_tombstone AFTER DELETE ON criteria_sets
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'criteria_sets', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- One self-assessment sheet per year. locked_at is set while the sheet is locked (chốt).
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    year INTEGER NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
    criteria_set_uuid TEXT NOT NULL REFERENCES criteria_sets (uuid),
    locked_at TEXT,
    locked_by TEXT NOT NULL DEFAULT ''
);

CREATE TRIGGER assessments_tombstone AFTER DELETE ON assessments
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'assessments', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- Who locked, unlocked or changed the set of a sheet, and when: never edited.
CREATE TABLE assessment_events (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    assessment_uuid TEXT NOT NULL REFERENCES assessments (uuid) ON DELETE CASCADE,
    happened_at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('chot', 'mo_khoa', 'doi_bo_tieu_chi')),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assessment_events_assessment ON assessment_events (assessment_uuid);

CREATE TRIGGER assessment_events_tombstone AFTER DELETE ON assessment_events
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'assessment_events', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TABLE scores (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    assessment_uuid TEXT NOT NULL REFERENCES assessments (uuid) ON DELETE CASCADE,
    code TEXT NOT NULL,
    value TEXT,
    numerator TEXT,
    denominator TEXT,
    override TEXT,
    override_reason TEXT NOT NULL DEFAULT '',
    explanation TEXT NOT NULL DEFAULT '',
    appraised_1 TEXT,
    appraisal_1_note TEXT NOT NULL DEFAULT '',
    appraised_2 TEXT,
    appraisal_2_note TEXT NOT NULL DEFAULT '',
    response TEXT NOT NULL DEFAULT '',
    UNIQUE (assessment_uuid, code)
);

CREATE TRIGGER scores_tombstone AFTER DELETE ON scores
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'scores', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- A set that has scores is never changed in place (a correction is a new version).
CREATE TRIGGER criteria_sets_frozen BEFORE UPDATE OF data, family, version ON criteria_sets
WHEN EXISTS (
    SELECT 1 FROM scores JOIN assessments ON assessments.uuid = scores.assessment_uuid
    WHERE assessments.criteria_set_uuid = old.uuid
)
BEGIN
    SELECT RAISE(ABORT, 'criteria set has scores');
END;

-- The evidence documents (tài liệu kiểm chứng) of a line: a document of the shared
-- documents table, so one document (and its files) serves many lines and years, and a
-- task's result document is linked without entering it again.
CREATE TABLE score_evidence (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    assessment_uuid TEXT NOT NULL REFERENCES assessments (uuid) ON DELETE CASCADE,
    code TEXT NOT NULL,
    document_uuid TEXT NOT NULL REFERENCES documents (uuid),
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (assessment_uuid, code, document_uuid)
);
CREATE INDEX score_evidence_document ON score_evidence (document_uuid);

CREATE TRIGGER score_evidence_tombstone AFTER DELETE ON score_evidence
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'score_evidence', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- Last year's codes → this year's (JSON list of {kind, old, new}), per pair of sets.
CREATE TABLE criteria_mappings (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    old_set_uuid TEXT NOT NULL REFERENCES criteria_sets (uuid),
    new_set_uuid TEXT NOT NULL REFERENCES criteria_sets (uuid),
    data TEXT NOT NULL CHECK (json_valid(data)),
    UNIQUE (old_set_uuid, new_set_uuid)
);

CREATE TRIGGER criteria_mappings_tombstone AFTER DELETE ON criteria_mappings
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'criteria_mappings', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- The criterion a task serves (a remedial task created from a lost point, or one the
-- officer linked). No foreign key on task_uuid: undoing a task's deletion restores it.
CREATE TABLE criterion_tasks (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    assessment_uuid TEXT NOT NULL REFERENCES assessments (uuid) ON DELETE CASCADE,
    code TEXT NOT NULL,
    task_uuid TEXT NOT NULL UNIQUE
);
CREATE INDEX criterion_tasks_line ON criterion_tasks (assessment_uuid, code);

CREATE TRIGGER criterion_tasks_tombstone AFTER DELETE ON criterion_tasks
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'criterion_tasks', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
