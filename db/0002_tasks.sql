-- 0002: the task register, the documents it cites, attached files, and settings.
--
-- References between travelling records use UUIDs (the integer ids differ from
-- PC to PC). Dates are ISO text 'YYYY-MM-DD'; NULL means "none".

-- The reform fields (lĩnh vực) until the province's criteria set provides them.
-- Fixed UUIDs: the same default row on every PC, so a merge never duplicates it.
CREATE TABLE reform_fields (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);

CREATE TRIGGER reform_fields_tombstone AFTER DELETE ON reform_fields
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'reform_fields', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

INSERT INTO reform_fields (uuid, updated_at, code, name, sort_order) VALUES
    ('5f0c1e52-3a1b-4c4e-9b1e-000000000001', '2026-01-01T00:00:00.000Z', 'CDDH',
     'Công tác chỉ đạo, điều hành cải cách hành chính', 1),
    ('5f0c1e52-3a1b-4c4e-9b1e-000000000002', '2026-01-01T00:00:00.000Z', 'THECHE',
     'Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật', 2),
    ('5f0c1e52-3a1b-4c4e-9b1e-000000000003', '2026-01-01T00:00:00.000Z', 'TTHC',
     'Cải cách thủ tục hành chính', 3),
    ('5f0c1e52-3a1b-4c4e-9b1e-000000000004', '2026-01-01T00:00:00.000Z', 'TCBM',
     'Cải cách tổ chức bộ máy', 4),
    ('5f0c1e52-3a1b-4c4e-9b1e-000000000005', '2026-01-01T00:00:00.000Z', 'CDCV',
     'Cải cách chế độ công vụ', 5),
    ('5f0c1e52-3a1b-4c4e-9b1e-000000000006', '2026-01-01T00:00:00.000Z', 'TCC',
     'Cải cách tài chính công', 6),
    ('5f0c1e52-3a1b-4c4e-9b1e-000000000007', '2026-01-01T00:00:00.000Z', 'CQS',
     'Xây dựng và phát triển chính quyền điện tử, chính quyền số', 7);

-- A document: one that assigns tasks (kế hoạch, thông báo kết luận …) or one
-- that proves a result (báo cáo, quyết định …).
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    issued_on TEXT,
    issuer TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT ''
);

CREATE TRIGGER documents_tombstone AFTER DELETE ON documents
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'documents', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- The bytes of attached files, stored once by content hash: one file serves
-- many documents and years without copies. Identified by its hash, so it needs
-- no uuid; a blob no document uses any more is kept (never silently dropped).
CREATE TABLE file_blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);

CREATE TABLE document_files (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    document_uuid TEXT NOT NULL REFERENCES documents (uuid) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES file_blobs (sha256),
    size INTEGER NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX document_files_document ON document_files (document_uuid);

CREATE TRIGGER document_files_tombstone AFTER DELETE ON document_files
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'document_files', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    content TEXT NOT NULL CHECK (length(trim(content)) > 0),
    field_code TEXT REFERENCES reform_fields (code),
    kind TEXT NOT NULL CHECK (kind IN ('ke_hoach_nam', 'chi_dao_cap_tren', 'ket_luan_kiem_tra',
                                       'khac_phuc_chi_so', 'bao_cao_dinh_ky', 'khac')),
    self_assigned INTEGER NOT NULL DEFAULT 0 CHECK (self_assigned IN (0, 1)),
    source_document_uuid TEXT REFERENCES documents (uuid),
    lead TEXT NOT NULL CHECK (length(trim(lead)) > 0),
    coordinators TEXT NOT NULL DEFAULT '[]',
    assigned_on TEXT NOT NULL,
    deadline TEXT,
    status TEXT NOT NULL CHECK (status IN ('chua_thuc_hien', 'dang_thuc_hien', 'hoan_thanh',
                                           'tam_dung', 'huy')),
    completed_on TEXT,
    notes TEXT NOT NULL DEFAULT '',
    -- generated periodic reports: one per report and year, never twice
    recurrence_key TEXT UNIQUE,
    -- Caches kept by the repository (never typed, rebuilt from the columns above and the
    -- source document): folded text for search, Vietnamese sort keys, and the source
    -- document's issuer, so that filtering and sorting 100,000 tasks needs no join.
    search_text TEXT NOT NULL DEFAULT '',
    content_sort TEXT NOT NULL DEFAULT '',
    lead_sort TEXT NOT NULL DEFAULT '',
    source_issuer TEXT NOT NULL DEFAULT '',
    source_sort TEXT NOT NULL DEFAULT '',
    issuer_sort TEXT NOT NULL DEFAULT '',
    CHECK (deadline IS NULL OR deadline >= assigned_on),
    CHECK ((status = 'hoan_thanh') = (completed_on IS NOT NULL)),
    CHECK (self_assigned = 1 OR source_document_uuid IS NOT NULL)
);
-- Covers the default view (a year, by deadline) and the state, status, field and kind
-- filters: they are read from the index alone, without touching the rows. The id right
-- after the deadline gives ties in the order of entry without a sort.
CREATE INDEX tasks_by_deadline
    ON tasks (deadline, id, status, assigned_on, completed_on, field_code, kind);
CREATE INDEX tasks_assigned_on ON tasks (assigned_on);
-- One covering index per group a table can be sorted by: each group is read in order
-- of deadline straight from its index, so sorting by status, kind or field sorts nothing.
CREATE INDEX tasks_by_status
    ON tasks (status, deadline, id, assigned_on, completed_on, field_code, kind);
CREATE INDEX tasks_by_field
    ON tasks (field_code, deadline, id, status, assigned_on, completed_on, kind);
CREATE INDEX tasks_by_kind
    ON tasks (kind, deadline, id, status, assigned_on, completed_on, field_code);
CREATE INDEX tasks_lead_sort ON tasks (lead_sort, lead);
CREATE INDEX tasks_content_sort ON tasks (content_sort);
CREATE INDEX tasks_source_document ON tasks (source_document_uuid);
CREATE INDEX tasks_completed_on ON tasks (completed_on);
CREATE INDEX tasks_source_issuer ON tasks (source_issuer);
CREATE INDEX tasks_source_sort ON tasks (source_sort);
CREATE INDEX tasks_issuer_sort ON tasks (issuer_sort);
-- Searching reads this index alone: a third of what reading the rows would take.
CREATE INDEX tasks_search ON tasks (search_text);

CREATE TRIGGER tasks_tombstone AFTER DELETE ON tasks
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'tasks', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- Result (evidence) documents of a task.
CREATE TABLE task_documents (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    task_uuid TEXT NOT NULL REFERENCES tasks (uuid) ON DELETE CASCADE,
    document_uuid TEXT NOT NULL REFERENCES documents (uuid),
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (task_uuid, document_uuid)
);
CREATE INDEX task_documents_document ON task_documents (document_uuid);

CREATE TRIGGER task_documents_tombstone AFTER DELETE ON task_documents
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'task_documents', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- Settings of the commune's data (due-soon days, report calendar …), as JSON.
CREATE TABLE settings (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL
);

CREATE TRIGGER settings_tombstone AFTER DELETE ON settings
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'settings', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
