"""The change history (lịch sử thay đổi): written by the store, read here.

Triggers of migration 0006 write one ``change_log`` row for every insert, update
(only the columns that really changed) and delete of the records an officer works
on, with who was working (``change_actor``: the officer named in the commune
profile until there is a sign-in). A package import, a restore and the sample data
pause the row triggers and write one entry each with their summary. The history is
local to this PC, never travels and cannot be edited from the interface.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol

from cchc_desktop.core.text import fold_for_search, format_date, format_utc_time
from cchc_desktop.store.kinds import column_label, label_of
from cchc_desktop.store.records import utc_now

log = logging.getLogger(__name__)


class _Store(Protocol):
    """What the history needs of an open store (:class:`~cchc_desktop.store.database.Store`,
    whose opening names the actor here: this module does not import it)."""

    conn: sqlite3.Connection

    def transaction(self) -> contextlib.AbstractContextManager[object]: ...

    def meta(self, key: str) -> str | None: ...


INSERT = "them"
UPDATE = "sua"
DELETE = "xoa"
IMPORT = "nhap_goi"
RESTORE = "khoi_phuc"

ACTION_LABELS = {
    INSERT: "Thêm",
    UPDATE: "Sửa",
    DELETE: "Xóa",
    IMPORT: "Nhập gói dữ liệu",
    RESTORE: "Khôi phục",
}

# Record kinds of the entries that are not one record.
KIND_PACKAGE = "goi_du_lieu"
KIND_STORE = "tep_du_lieu"
KIND_DEMO = "du_lieu_mau"
_OWN_KIND_LABELS = {
    KIND_PACKAGE: "Gói dữ liệu",
    KIND_STORE: "Tệp dữ liệu",
    KIND_DEMO: "Dữ liệu mẫu",
}

# store_meta key: a restore done while the store was closed, written into the history at
# the next opening (after any migration, when the change log surely exists).
PENDING_RESTORE_KEY = "pending_restore_entry"

DAMAGED_TEXT = "(mục lịch sử bị hỏng, không đọc được)"
_MAX_VALUE = 300

_MORE_COLUMN_LABELS = {
    "province": "Tỉnh, thành phố",
    "unit_kind": "Loại đơn vị",
    "commune_code": "Mã đơn vị",
    "place_name": "Địa danh",
    "preparer_title": "Chức vụ người lập",
    "preparer_phone": "Điện thoại người lập",
    "preparer_email": "Thư điện tử người lập",
    "signer_title": "Chức vụ người ký",
    "assessment_year": "Năm đánh giá",
    "key": "Tên thiết lập",
    "document_uuid": "Văn bản",
    "task_uuid": "Nhiệm vụ",
    "official_uuid": "Cán bộ",
    "assessment_uuid": "Phiếu tự chấm điểm",
    "criteria_set_uuid": "Bộ tiêu chí",
    "source_document_uuid": "Văn bản giao",
    "source_issuer": "Cơ quan giao",
    "self_assigned": "Đơn vị tự đặt",
    "recurrence_key": "Khóa lặp lại",
    "sha256": "Mã băm tệp",
    "size": "Dung lượng (byte)",
    "added_at": "Thêm lúc",
    "position": "Thứ tự",
    "code": "Mã tiêu chí",
    "year": "Năm",
    "family": "Nhóm",
    "version": "Phiên bản",
    "effective_from": "Hiệu lực từ",
    "gender": "Giới tính",
    "birth": "Ngày sinh",
    "ethnicity": "Dân tộc",
    "standard_family": "Nhóm tiêu chuẩn",
    "started_on": "Ngày bắt đầu công tác",
    "general_education": "Giáo dục phổ thông",
    "professional": "Chuyên môn",
    "field_of_study": "Ngành học",
    "political_theory": "Lý luận chính trị",
    "state_management": "Quản lý nhà nước",
    "it": "Tin học",
    "foreign_language": "Ngoại ngữ",
    "ethnic_language": "Tiếng dân tộc",
    "training": "Đào tạo, bồi dưỡng",
    "attribute": "Tiêu chuẩn",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "appraisal_1_note": "Ghi chú thẩm định lần 1",
    "appraisal_2_note": "Ghi chú thẩm định lần 2",
    "happened_at": "Thời điểm",
    "who": "Người thực hiện",
    "action": "Thao tác",
    "note": "Ghi chú",
    "old_set_uuid": "Bộ tiêu chí cũ",
    "new_set_uuid": "Bộ tiêu chí mới",
    # Summaries of imports and restores
    "file": "Tệp gói dữ liệu",
    "unit": "Đơn vị gửi",
    "source": "Khôi phục từ tệp",
    "backup": "Bản sao dữ liệu trước đó",
}

_VALUE_LABELS = {
    "chua_thuc_hien": "Chưa thực hiện",
    "dang_thuc_hien": "Đang thực hiện",
    "hoan_thanh": "Hoàn thành",
    "tam_dung": "Tạm dừng",
    "huy": "Hủy",
    "ke_hoach_nam": "Kế hoạch CCHC năm",
    "chi_dao_cap_tren": "Văn bản chỉ đạo của cấp trên",
    "ket_luan_kiem_tra": "Kết luận kiểm tra",
    "khac_phuc_chi_so": "Khắc phục tồn tại Chỉ số CCHC",
    "bao_cao_dinh_ky": "Báo cáo định kỳ",
    "chot": "Chốt phiếu",
    "mo_khoa": "Mở khóa phiếu",
    "doi_bo_tieu_chi": "Đổi bộ tiêu chí",
    "nam": "Nam",
    "nu": "Nữ",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str

    def line(self) -> str:
        if self.old and self.new:
            return f"{self.label}: {self.old} → {self.new}"
        if self.new:
            return f"{self.label}: {self.new}"
        if self.old:
            return f"{self.label}: {self.old} → (trống)"
        return self.label


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    happened_at: str  # UTC, as stored
    who: str
    action: str
    record_kind: str
    record_uuid: str
    record_title: str
    changes: tuple[FieldChange, ...]
    damaged: bool = False

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def kind_label(self) -> str:
        return kind_label(self.record_kind)

    @property
    def time_text(self) -> str:
        return format_utc_time(self.happened_at)

    def changes_text(self) -> str:
        return "\n".join(change.line() for change in self.changes)


def kind_label(kind: str) -> str:
    return _OWN_KIND_LABELS.get(kind) or label_of(kind)


def label_of_column(kind: str, column: str) -> str:
    label = column_label(kind, column)
    return _MORE_COLUMN_LABELS.get(column, label) if label == column else label


# --- writing ---------------------------------------------------------------------------


def _has_log(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'change_actor'"
    ).fetchone()
    return row is not None


def current_actor(store: _Store) -> str:
    if not _has_log(store.conn):
        return ""
    row = store.conn.execute("SELECT who FROM change_actor WHERE id = 1").fetchone()
    return row[0] if row else ""


def set_actor(store: _Store, name: str) -> None:
    """Name the person whose changes are recorded from now on (writes only when it differs)."""
    if not _has_log(store.conn):
        return
    name = (name or "").strip()
    row = store.conn.execute("SELECT who FROM change_actor WHERE id = 1").fetchone()
    if row is not None and row[0] == name:
        return
    with store.transaction():
        store.conn.execute(
            "INSERT INTO change_actor (id, who) VALUES (1, ?) "
            "ON CONFLICT(id) DO UPDATE SET who = excluded.who",
            (name,),
        )


def sync_actor(store: _Store) -> None:
    """At opening: the officer named in the commune profile, and a pending restore entry."""
    if not _has_log(store.conn):
        return
    row = store.conn.execute("SELECT preparer_name FROM commune_profile WHERE id = 1").fetchone()
    set_actor(store, row[0] if row else "")
    pending = store.meta(PENDING_RESTORE_KEY)
    if pending is None:
        return
    try:
        summary = json.loads(pending)
        happened_at = str(summary.pop("happened_at", "")) or utc_now()
    except (ValueError, AttributeError):
        summary, happened_at = {}, utc_now()
    with store.transaction():
        write_entry(store.conn, RESTORE, KIND_STORE, summary, happened_at=happened_at)
        store.conn.execute("DELETE FROM store_meta WHERE key = ?", (PENDING_RESTORE_KEY,))


def write_entry(
    conn: sqlite3.Connection,
    action: str,
    record_kind: str,
    changes: dict[str, Any],
    *,
    record_uuid: str = "",
    happened_at: str | None = None,
) -> None:
    """One entry written by the program itself (inside the caller's transaction)."""
    if not _has_log(conn):
        return
    conn.execute(
        "INSERT INTO change_log (happened_at, who, action, record_kind, record_uuid, changes) "
        "VALUES (?, coalesce((SELECT who FROM change_actor WHERE id = 1), ''), ?, ?, ?, ?)",
        (
            happened_at or utc_now(),
            action,
            record_kind,
            record_uuid,
            json.dumps(changes, ensure_ascii=False),
        ),
    )


@contextlib.contextmanager
def paused(conn: sqlite3.Connection) -> Iterator[None]:
    """Row triggers write nothing inside (call within the caller's transaction)."""
    if not _has_log(conn):
        yield
        return
    conn.execute("UPDATE change_actor SET paused = 1 WHERE id = 1")
    try:
        yield
    finally:
        conn.execute("UPDATE change_actor SET paused = 0 WHERE id = 1")


# --- reading ---------------------------------------------------------------------------


def people(store: _Store) -> list[str]:
    """Everyone named in the history, for the filter."""
    if not _has_log(store.conn):
        return []
    rows = store.conn.execute("SELECT DISTINCT who FROM change_log WHERE who <> '' ORDER BY who")
    return [row[0] for row in rows]


def kinds_present(store: _Store) -> list[str]:
    if not _has_log(store.conn):
        return []
    rows = store.conn.execute("SELECT DISTINCT record_kind FROM change_log")
    return sorted((row[0] for row in rows), key=kind_label)


def _utc_bound(day: date) -> str:
    """Local midnight of ``day`` as a stored UTC time."""
    local = datetime.combine(day, time()).astimezone()
    return local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def history(
    store: _Store,
    *,
    record_uuid: str | None = None,
    who: str | None = None,
    since: date | None = None,
    until: date | None = None,
    kinds: set[str] | None = None,
    text: str | None = None,
    limit: int = 2000,
) -> list[HistoryEntry]:
    """Entries newest first, filtered; a damaged entry is listed as such, never raises."""
    if not _has_log(store.conn):
        return []
    where, params = [], []
    if record_uuid:
        where.append("record_uuid = ?")
        params.append(record_uuid)
    if who is not None:
        where.append("who = ?")
        params.append(who)
    if since is not None:
        where.append("happened_at >= ?")
        params.append(_utc_bound(since))
    if until is not None:
        where.append("happened_at < ?")
        params.append(_utc_bound(until + timedelta(days=1)))
    if kinds:
        where.append(f"record_kind IN ({', '.join('?' * len(kinds))})")
        params.extend(sorted(kinds))
    sql = "SELECT id, happened_at, who, action, record_kind, record_uuid, changes FROM change_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY happened_at DESC, id DESC"
    needle = fold_for_search(text) if text and text.strip() else ""
    if not needle:
        sql += f" LIMIT {int(limit)}"
    titles = _Titles(store.conn)
    entries: list[HistoryEntry] = []
    for row in store.conn.execute(sql, params).fetchall():
        entry = _entry(row, titles)
        if needle and needle not in fold_for_search(
            " ".join((entry.record_title, entry.who, entry.changes_text()))
        ):
            continue
        entries.append(entry)
        if len(entries) >= limit:
            break
    return entries


def _entry(row: tuple[Any, ...], titles: _Titles) -> HistoryEntry:
    entry_id, happened_at, who, action, kind, uuid, raw = row
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        changes = _changes(action, kind, data)
        title = titles.title(action, kind, uuid, data)
        damaged = False
    except Exception:
        log.warning("Damaged change_log entry %s", entry_id)
        changes = (FieldChange(DAMAGED_TEXT, "", ""),)
        title, damaged = DAMAGED_TEXT, True
    return HistoryEntry(
        id=int(entry_id),
        happened_at=str(happened_at or ""),
        who=str(who or ""),
        action=str(action or ""),
        record_kind=str(kind or ""),
        record_uuid=str(uuid or ""),
        record_title=title,
        changes=changes,
        damaged=damaged,
    )


def value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    if _ISO_DATE.match(text):
        try:
            return format_date(date.fromisoformat(text))
        except ValueError:
            return text
    if _ISO_TIME.match(text):
        return format_utc_time(text)
    text = _VALUE_LABELS.get(text, text)
    if len(text) > _MAX_VALUE:
        text = text[:_MAX_VALUE] + "…"
    return text


def _changes(action: str, kind: str, data: dict[str, Any]) -> tuple[FieldChange, ...]:
    if action == IMPORT:
        return _import_changes(data)
    result = []
    for column, value in data.items():
        label = label_of_column(kind, column)
        if action == UPDATE and isinstance(value, list) and len(value) == 2:
            result.append(FieldChange(label, value_text(value[0]), value_text(value[1])))
        elif action == DELETE:
            result.append(FieldChange(label, value_text(value), ""))
        else:
            result.append(FieldChange(label, "", value_text(value)))
    return tuple(result)


def _import_changes(data: dict[str, Any]) -> tuple[FieldChange, ...]:
    result = []
    for key in ("file", "unit"):
        if data.get(key):
            result.append(FieldChange(label_of_column("", key), "", value_text(data[key])))
    for kind, counts in (data.get("kinds") or {}).items():
        parts = [
            f"{word} {counts.get(key, 0)}"
            for key, word in (
                ("new", "thêm"),
                ("updated", "sửa"),
                ("deleted", "xóa"),
                ("conflicts", "khác nhau"),
            )
            if counts.get(key)
        ]
        result.append(FieldChange(kind_label(kind), "", ", ".join(parts) or "không đổi"))
    return tuple(result)


class _Titles:
    """Readable names of records: from the current row, else from the logged values."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.cache: dict[tuple[str, str], dict[str, Any] | None] = {}

    def row(self, kind: str, uuid: str) -> dict[str, Any] | None:
        key = (kind, uuid)
        if key not in self.cache:
            found = None
            if uuid and label_of(kind) != kind:
                cursor = self.conn.execute(f'SELECT * FROM "{kind}" WHERE uuid = ?', (uuid,))
                values = cursor.fetchone()
                if values is not None:
                    found = dict(zip([d[0] for d in cursor.description], values, strict=True))
            self.cache[key] = found
        return self.cache[key]

    def year(self, assessment_uuid: Any) -> str:
        row = self.row("assessments", str(assessment_uuid or ""))
        return str(row["year"]) if row else ""

    def title(self, action: str, kind: str, uuid: str, data: dict[str, Any]) -> str:
        if action == IMPORT:
            return str(data.get("file") or "Gói dữ liệu")
        if action == RESTORE:
            return str(data.get("source") or "Tệp dữ liệu")
        if kind == KIND_DEMO:
            return "Dữ liệu mẫu"
        values = self.row(kind, uuid)
        if values is None:
            values = {
                k: (v[1] if action == UPDATE and isinstance(v, list) and len(v) == 2 else v)
                for k, v in data.items()
            }
        return _title(self, kind, values)


def _title(titles: _Titles, kind: str, v: dict[str, Any]) -> str:
    def text(key: str) -> str:
        return str(v.get(key) or "").strip()

    if kind == "tasks":
        return text("content")
    if kind == "officials":
        return text("full_name")
    if kind == "documents":
        return " – ".join(part for part in (text("number"), text("summary")) if part)
    if kind == "document_files":
        return text("file_name")
    if kind in ("standard_sets", "criteria_sets"):
        return text("name")
    if kind == "commune_profile":
        return text("commune_name") or "Thông tin đơn vị"
    if kind == "settings":
        return text("key")
    if kind == "task_documents":
        task = titles.row("tasks", text("task_uuid"))
        return f"Tài liệu của nhiệm vụ «{task['content']}»" if task else "Tài liệu của nhiệm vụ"
    if kind == "standard_actions":
        official = titles.row("officials", text("official_uuid"))
        name = f" – {official['full_name']}" if official else ""
        return (text("content") or text("attribute")) + name
    if kind == "assessments":
        return f"Phiếu tự chấm điểm năm {text('year')}"
    if kind in ("scores", "score_evidence", "criterion_tasks"):
        year = titles.year(v.get("assessment_uuid"))
        return f"Tiêu chí {text('code')}" + (f" (năm {year})" if year else "")
    if kind == "assessment_events":
        year = titles.year(v.get("assessment_uuid"))
        return value_text(text("action")) + (f" (năm {year})" if year else "")
    if kind == "criteria_mappings":
        return "Đối chiếu mã tiêu chí giữa hai năm"
    return label_of(kind)
