"""Validating a package's records like the officer's own input, before anything is written.

A package is checked whole by :mod:`~cchc_desktop.transfer.reader` (zip, hashes, JSON
lines). What its records *say* is checked here, with the same rules as the forms: each
row goes through the repository's own conversion to a domain object (a task, an official,
a score …) and then through that object's validation in ``core``. A hand-edited package
(hashes recomputed) with a deadline 31/02, a score «mười», a birth date 2026-13-45 or
coordinators that are not JSON is refused here, with the record's kind, its name and
the reason, instead of making the task list, the overview, the sheet or the exports
fail later.

Three more things are refused whatever the manifest says: a record of another commune
(its ``_unit``, or a profile with another code), and a time of change (or deletion) more
than a day after now — a PC whose clock is wrong would otherwise win every later
comparison.

Rules that depend on the day (a completion date cannot be after today …) are judged on
``now`` plus one day: dates are typed in Vietnam's time, a few hours ahead of UTC.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import PureWindowsPath
from typing import Any, TypeVar

from cchc_desktop.core.criteria import CriteriaSet, parse_criteria_set, shipped_criteria_sets
from cchc_desktop.core.criteria import validate_criteria_set as criteria_set_problems
from cchc_desktop.core.periodic_reports import schedule_with_overrides, validate_due
from cchc_desktop.core.profile import CommuneProfile, validate_profile
from cchc_desktop.core.scoring import CodeLink, LinkKind, Score, validate_mapping, validate_score
from cchc_desktop.core.staff import (
    LEVEL_ATTRIBUTES,
    Birth,
    Gender,
    StaffLists,
    load_staff_lists,
    validate_official,
)
from cchc_desktop.core.standard_plan import ActionKind, validate_action
from cchc_desktop.core.standards import (
    StandardSet,
    attribute_label,
    parse_standard_set,
    shipped_standard_sets,
    validate_standard_set,
)
from cchc_desktop.core.tasks import (
    Document,
    SourceKind,
    Status,
    Task,
    document_date_problem,
    validate_task,
)
from cchc_desktop.core.text import format_date, normalize_text
from cchc_desktop.store.kinds import (
    BY_NAME,
    HISTORY_PERSONAL,
    KINDS,
    LOCAL_COLUMNS,
    column_label,
    label_of,
)
from cchc_desktop.store.records import iso_date, stored_date
from cchc_desktop.store.scoring_repo import AssessmentEvent
from cchc_desktop.store.settings_repo import BACKUP_WARNING_DAYS, DUE_SOON_DAYS, REPORT_SCHEDULE
from cchc_desktop.store.staff_repo import (
    _ACTION_COLUMNS,
    _action,
    known_positions,
    official_from_values,
)
from cchc_desktop.transfer import PackageError

# How far after now a time of change may be: more is a wrong clock on the sending PC.
FUTURE_TOLERANCE = timedelta(days=1)
# The day-count settings, as their spin boxes allow them (tasks page, backups tab).
DAY_SETTINGS = {DUE_SOON_DAYS: (1, 90), BACKUP_WARNING_DAYS: (1, 90)}

_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_DATE_COLUMNS = ("deadline", "valid_until", "effective_from")
_NAME_LENGTH = 80


class _Refused(Exception):
    """A record breaks a rule; ``reason`` is the Vietnamese sentence saying which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --- the names the officer reads ----------------------------------------------------------

# Columns that kinds.column_label does not name (it falls back to the column itself).
_LABELS = {
    "uuid": "Mã định danh",
    "updated_at": "Thời điểm sửa",
    "created_at": "Thời điểm tạo",
    "code": "Mã",
    "sort_order": "Thứ tự",
    "position": "Chức danh, vị trí việc làm",
    "province": "Tỉnh, thành phố",
    "unit_kind": "Loại đơn vị",
    "commune_code": "Mã đơn vị hành chính",
    "place_name": "Địa danh ghi ở dòng ngày tháng",
    "preparer_title": "Chức vụ người lập",
    "preparer_phone": "Số điện thoại người lập",
    "preparer_email": "Thư điện tử người lập",
    "signer_title": "Chức vụ người ký",
    "assessment_year": "Năm đánh giá",
    "document_uuid": "Văn bản",
    "sha256": "Mã kiểm tra nội dung tệp",
    "size": "Dung lượng tệp",
    "added_at": "Thời điểm đính kèm",
    "self_assigned": "Đơn vị tự đặt",
    "source_document_uuid": "Văn bản giao nhiệm vụ",
    "recurrence_key": "Mã báo cáo định kỳ",
    "search_text": "Nội dung để tìm kiếm",
    "content_sort": "Khóa sắp xếp",
    "lead_sort": "Khóa sắp xếp",
    "source_sort": "Khóa sắp xếp",
    "issuer_sort": "Khóa sắp xếp",
    "name_sort": "Khóa sắp xếp",
    "source_issuer": "Cơ quan giao (để lọc)",
    "task_uuid": "Nhiệm vụ",
    "family": "Nhóm phiên bản",
    "version": "Phiên bản",
    "effective_from": "Ngày áp dụng",
    "gender": "Giới tính",
    "birth": "Ngày sinh",
    "ethnicity": "Dân tộc",
    "standard_family": "Bộ tiêu chuẩn",
    "started_on": "Ngày bắt đầu giữ chức danh",
    "field_of_study": "Chuyên ngành đào tạo",
    "training": "Khóa đào tạo đang học",
    "official_uuid": "Cán bộ, công chức",
    "valid_until": "Ngày hồ sơ mới thay thế",
    "attribute": "Tiêu chuẩn cần đạt",
    "old_set_uuid": "Bộ tiêu chí năm trước",
    "new_set_uuid": "Bộ tiêu chí năm nay",
    "year": "Năm",
    "criteria_set_uuid": "Bộ tiêu chí",
    "assessment_uuid": "Phiếu tự chấm điểm",
    "happened_at": "Thời điểm",
    "who": "Người thực hiện",
    "action": "Thao tác",
    "note": "Ghi chú",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "appraisal_1_note": "Ghi chú thẩm định lần 1",
    "appraisal_2_note": "Ghi chú thẩm định lần 2",
    "record_kind": "Loại bản ghi",
    "deleted_at": "Thời điểm xóa",
}
_KIND_LABELS = {
    ("reform_fields", "code"): "Mã lĩnh vực",
    ("scores", "code"): "Mã tiêu chí",
    ("score_evidence", "code"): "Mã tiêu chí",
    ("criterion_tasks", "code"): "Mã tiêu chí",
    ("score_evidence", "document_uuid"): "Tài liệu kiểm chứng",
    ("task_documents", "position"): "Thứ tự",
    ("score_evidence", "position"): "Thứ tự",
    ("standard_sets", "name"): "Tên bộ tiêu chuẩn",
    ("criteria_sets", "name"): "Tên bộ tiêu chí",
}


def column_name(kind: str, column: str) -> str:
    """What the officer reads for a column of a record: never the column's own identifier."""
    found = _KIND_LABELS.get((kind, column)) or _LABELS.get(column)
    if found:
        return found
    if column in LEVEL_ATTRIBUTES:
        return attribute_label(column, load_staff_lists())
    label = column_label(kind, column)
    return label if label != column else "một cột dữ liệu"


# The settings the program knows, by what they set (their keys are identifiers).
_SETTING_NAMES = {
    DUE_SOON_DAYS: "Số ngày báo nhiệm vụ sắp đến hạn",
    BACKUP_WARNING_DAYS: "Số ngày không sao lưu thì nhắc",
    REPORT_SCHEDULE: "Lịch nộp báo cáo định kỳ",
    "reports.parent_line": "Dòng tên cơ quan cấp trên ở đầu văn bản",
    "reports.recipients": "Nơi nhận của văn bản",
}


def _record_name(kind: str, row: Mapping[str, Any]) -> str:
    """The readable name of a record: its kind's title column, else its uuid."""
    title = BY_NAME[kind].title if kind in BY_NAME else ""
    value: Any = row.get(title) if title else None
    if kind == "settings" and value in _SETTING_NAMES:
        value = _SETTING_NAMES[value]
    if kind == "official_history":  # an earlier record: the person's name and until when
        try:
            data = json.loads(row.get("data") or "")
            until = date.fromisoformat(str(row.get("valid_until")))
            value = f"{normalize_text(data['full_name'])}, đến ngày {format_date(until)}"
        except (ValueError, TypeError, KeyError):
            pass
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = normalize_text(value) if isinstance(value, str) else ""
    if not text:
        return str(row.get("uuid") or "không rõ mã")
    return text if len(text) <= _NAME_LENGTH else text[: _NAME_LENGTH - 1].rstrip() + "…"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _shown(value: Any) -> str:
    """A value inside «»: the text itself, shortened; "trống" for none."""
    text = "trống" if value is None else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _refusal(kind: str, row: Mapping[str, Any], reason: str) -> PackageError:
    return PackageError(
        f"Gói có một bản ghi không hợp lệ nên không nhập được. {label_of(kind)} "
        f"«{_record_name(kind, row)}»: {_sentence(reason)} Hãy sửa bản ghi này trên máy gửi "
        "rồi tạo lại gói (gói cũng có thể đã bị sửa ngoài chương trình). Chưa có gì thay đổi.",
        member=f"data/{kind}.jsonl",
    )


# --- reading values the way the repositories read them ----------------------------------


def _text(kind: str, row: Mapping[str, Any], column: str, *, required: bool = False) -> str:
    value = row.get(column)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _Refused(f"«{column_name(kind, column)}» phải là chữ, không phải «{_shown(value)}».")
    if required and not normalize_text(value):
        raise _Refused(f"«{column_name(kind, column)}» để trống.")
    return value


def _optional_text(kind: str, row: Mapping[str, Any], column: str) -> str | None:
    value = row.get(column)
    return None if value is None else _text(kind, row, column)


def _int(kind: str, row: Mapping[str, Any], column: str) -> int:
    value = row.get(column)
    if value is None:
        raise _Refused(f"«{column_name(kind, column)}» để trống.")
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Refused(
            f"«{column_name(kind, column)}» phải là số nguyên, không phải «{_shown(value)}»."
        )
    return value


def _date(kind: str, row: Mapping[str, Any], column: str) -> date | None:
    """A stored date (``2026-11-22``) as the repositories read it; refused unless it is a real
    day written exactly that way (SQL compares dates as text)."""
    value = row.get(column)
    if value is None:
        return None
    try:
        day = stored_date(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None or iso_date(day) != value:
        raise _Refused(
            f"«{column_name(kind, column)}» ghi «{_shown(value)}», không phải một ngày có thật "
            "(cần dạng năm-tháng-ngày, ví dụ 2026-02-28)."
        )
    return day


def _time(value: Any) -> datetime | None:
    """A stored UTC time (``2026-11-22T03:04:05.678Z``), or None if it is not one."""
    if not isinstance(value, str) or not _TIME_RE.match(value):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _json(kind: str, row: Mapping[str, Any], column: str) -> Any:
    value = row.get(column)
    try:
        if not isinstance(value, str):
            raise TypeError(column)
        return json.loads(value)
    except (TypeError, ValueError):
        raise _Refused(
            f"«{column_name(kind, column)}» không phải dữ liệu JSON hợp lệ (ghi «{_shown(value)}»)."
        ) from None


def _values(enum: Iterable[Any]) -> frozenset[str]:
    return frozenset(member.value for member in enum)


_SOURCE_KINDS = _values(SourceKind)
_STATUSES = _values(Status)
_GENDERS = _values(Gender)
_ACTION_KINDS = _values(ActionKind)


def _choice(kind: str, row: Mapping[str, Any], column: str, allowed: frozenset[str]) -> str:
    value = row.get(column)
    if value is None:
        raise _Refused(f"«{column_name(kind, column)}» để trống.")
    if value not in allowed:
        raise _Refused(f"«{column_name(kind, column)}» có giá trị lạ «{_shown(value)}».")
    return str(value)


def _problems(errors: Mapping[str, str]) -> None:
    """The messages of a domain validation, as one reason."""
    if errors:
        raise _Refused(" ".join(_sentence(m) for m in errors.values()))


# --- the columns of the store ----------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    type: str
    notnull: bool
    has_default: bool


@dataclass(frozen=True)
class _Columns:
    """The columns of one kind: each one's declaration, the required ones (NOT NULL without
    a default), the dates (``…_on``, a deadline …) and the times (``…_at``)."""

    all: dict[str, _Column]
    required: tuple[str, ...]
    dates: tuple[str, ...]
    times: tuple[str, ...]

    @classmethod
    def of(cls, columns: dict[str, _Column]) -> _Columns:
        return cls(
            columns,
            tuple(
                name
                for name, c in columns.items()
                if c.notnull and not c.has_default and name not in HISTORY_PERSONAL
            ),
            tuple(n for n in columns if n.endswith("_on") or n in _DATE_COLUMNS),
            tuple(n for n in columns if n.endswith("_at") and n != "updated_at"),
        )


Schema = dict[str, _Columns]


def _schema_of(conn: sqlite3.Connection) -> Schema:
    return {
        kind.name: _Columns.of(
            {
                row[1]: _Column(str(row[2]).upper(), bool(row[3]), row[4] is not None)
                for row in conn.execute(f'PRAGMA table_info("{kind.name}")')
                if row[1] not in LOCAL_COLUMNS
            }
        )
        for kind in KINDS
    }


@functools.cache
def _current_schema() -> Schema:
    """The columns of a store of this version: the migrations, run on an empty database."""
    from cchc_desktop.paths import migrations_dir
    from cchc_desktop.store import migrations

    conn = sqlite3.connect(":memory:")
    try:
        for migration in migrations.discover(migrations_dir()):
            for statement in migration.statements():
                conn.execute(statement)
        return _schema_of(conn)
    finally:
        conn.close()


def _columns(kind: str, row: Mapping[str, Any], columns: _Columns) -> None:
    """Each value has its column's type (TEXT: text, INTEGER: a 64-bit integer), a required
    column is neither empty nor missing. Unknown columns are the merge's to refuse."""
    declared = columns.all
    for column, value in row.items():
        spec = declared.get(column)
        if spec is None:  # "_base", "_unit" … and unknown columns
            continue
        if value is None:
            if spec.notnull:
                raise _Refused(f"«{column_name(kind, column)}» để trống.")
            continue
        if spec.type == "INTEGER":
            fits = isinstance(value, int) and not isinstance(value, bool)
            if not fits or not -(2**63) <= value < 2**63:
                raise _Refused(
                    f"«{column_name(kind, column)}» phải là số nguyên, không phải "
                    f"«{_shown(value)}»."
                )
        elif spec.type == "TEXT" and not isinstance(value, str):
            raise _Refused(
                f"«{column_name(kind, column)}» phải là chữ, không phải «{_shown(value)}»."
            )
        elif spec.type in ("REAL", "NUMERIC") and (
            not isinstance(value, int | float) or isinstance(value, bool)
        ):
            raise _Refused(
                f"«{column_name(kind, column)}» phải là số, không phải «{_shown(value)}»."
            )
    for column in columns.required:
        if column not in row:
            raise _Refused(f"Thiếu «{column_name(kind, column)}».")


def _dates_and_times(kind: str, row: Mapping[str, Any], columns: _Columns) -> None:
    """Every date column holds a real day; every time column (``…_at``) a real UTC time."""
    for column in columns.dates:
        _date(kind, row, column)
    for column in columns.times:
        value = row.get(column)
        if value is not None and _time(value) is None:
            raise _Refused(
                f"«{column_name(kind, column)}» ghi «{_shown(value)}», không phải một thời "
                "điểm có thật."
            )


# --- what the other records of the package (and this PC) say -------------------------------


@dataclass
class _Context:
    today: date
    lists: StaffLists
    field_codes: set[str] | None
    positions: set[tuple[str, str]]
    documents: dict[str, Document] = field(default_factory=dict)
    results: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    criteria: dict[str, CriteriaSet] = field(default_factory=dict)
    assessment_sets: dict[str, str] = field(default_factory=dict)
    conn: sqlite3.Connection | None = None

    def document(self, uuid: str) -> Document | None:
        if uuid in self.documents:
            return self.documents[uuid]
        if self.conn is not None:
            row = self.conn.execute(
                "SELECT number, issued_on, issuer, summary FROM documents WHERE uuid = ?", (uuid,)
            ).fetchone()
            if row is not None:
                return _lenient(lambda: Document(row[0], stored_date(row[1]), row[2], row[3], uuid))
        return None

    def criteria_of(self, assessment_uuid: str) -> CriteriaSet | None:
        set_uuid = self.assessment_sets.get(assessment_uuid)
        if set_uuid is None and self.conn is not None:
            row = self.conn.execute(
                "SELECT criteria_set_uuid FROM assessments WHERE uuid = ?", (assessment_uuid,)
            ).fetchone()
            set_uuid = row[0] if row else None
        return self.criteria_set(set_uuid) if set_uuid else None

    def criteria_set(self, uuid: Any) -> CriteriaSet | None:
        return self.criteria.get(uuid) if isinstance(uuid, str) else None


_Made = TypeVar("_Made")


def _lenient(make: Callable[[], _Made]) -> _Made | None:
    """What ``make`` builds, or None when the record is broken (it is refused on its turn)."""
    try:
        return make()
    except Exception:
        return None


def _from_json(parse: Callable[[Any], _Made], text: Any) -> _Made:
    return parse(json.loads(text))


def _document_of_row(row: dict[str, Any]) -> Document:
    return Document(
        row.get("number") or "",
        stored_date(row.get("issued_on")),
        row.get("issuer") or "",
        row.get("summary") or "",
        row.get("uuid"),
    )


def _context(
    records: Mapping[str, list[dict[str, Any]]], today: date, conn: sqlite3.Connection | None
) -> _Context:
    lists = load_staff_lists()
    codes = {r.get("code") for r in records.get("reform_fields", ())}
    standard_sets: list[StandardSet] = list(shipped_standard_sets())
    criteria = {s.uuid: s for s in shipped_criteria_sets()}
    set_rows = [r.get("data") for r in records.get("standard_sets", ())]
    # Criteria sets by the uuid of their row, as scoring_repo.load_criteria_set finds them.
    criteria_rows = [(r.get("uuid"), r.get("data")) for r in records.get("criteria_sets", ())]
    if conn is not None:
        codes |= {r[0] for r in conn.execute("SELECT code FROM reform_fields")}
        set_rows += [r[0] for r in conn.execute("SELECT data FROM standard_sets")]
        # the package's version of a set comes last and wins
        criteria_rows[:0] = conn.execute("SELECT uuid, data FROM criteria_sets").fetchall()
    for data in set_rows:
        standard_set = _lenient(functools.partial(_from_json, parse_standard_set, data))
        if standard_set is not None:
            standard_sets.append(standard_set)
    for uuid, data in criteria_rows:
        criteria_set = _lenient(functools.partial(_from_json, parse_criteria_set, data))
        if criteria_set is not None and isinstance(uuid, str):
            criteria[uuid] = criteria_set
    ctx = _Context(
        today=today,
        lists=lists,
        field_codes={c for c in codes if isinstance(c, str)} or None,
        positions=known_positions(standard_sets),
        criteria=criteria,
        conn=conn,
    )
    for row in records.get("documents", ()):
        document = _lenient(functools.partial(_document_of_row, row))
        if document is not None:
            ctx.documents[str(row.get("uuid"))] = document
    for row in records.get("task_documents", ()):
        position = row.get("position")
        ctx.results.setdefault(str(row.get("task_uuid")), []).append(
            (position if isinstance(position, int) else 0, str(row.get("document_uuid")))
        )
    for row in records.get("assessments", ()):
        if isinstance(row.get("criteria_set_uuid"), str):
            ctx.assessment_sets[str(row.get("uuid"))] = row["criteria_set_uuid"]
    return ctx


# --- the rules of each kind ------------------------------------------------------------------


def _reform_field(row: dict[str, Any], ctx: _Context) -> None:
    _text("reform_fields", row, "code", required=True)
    _text("reform_fields", row, "name", required=True)


def _setting(row: dict[str, Any], ctx: _Context) -> None:
    key = _text("settings", row, "key", required=True)
    value = _json("settings", row, "value")
    if key in DAY_SETTINGS:
        low, high = DAY_SETTINGS[key]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise _Refused(
                f"Số ngày phải là số nguyên từ {low} đến {high}, không phải «{_shown(value)}»."
            )
    elif key == REPORT_SCHEDULE and value is not None:
        _report_schedule(value)


def _report_schedule(value: Any) -> None:
    """The commune's own due dates of the periodic reports, as the calendar dialog saves them."""
    if not isinstance(value, dict):
        raise _Refused("Lịch báo cáo định kỳ không đúng dạng.")
    for key, due in value.items():
        if not due:
            continue
        day = due.get("day") if isinstance(due, dict) else None
        month = due.get("month") if isinstance(due, dict) else None
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (day, month)):
            raise _Refused(f"Hạn nộp báo cáo «{_shown(key)}» không đúng dạng ngày, tháng.")
        assert isinstance(day, int) and isinstance(month, int)
        if problem := validate_due(day, month):
            raise _Refused(f"Hạn nộp báo cáo «{_shown(key)}»: {problem}")
    if _lenient(lambda: schedule_with_overrides(value)) is None:
        raise _Refused("Lịch báo cáo định kỳ không đúng dạng.")


_PROFILE_FIELDS = {f.name: f for f in fields(CommuneProfile)}


def _profile(row: dict[str, Any], ctx: _Context) -> None:
    values: dict[str, Any] = {}
    for name in _PROFILE_FIELDS:
        if name not in row:
            continue
        if name == "assessment_year":
            values[name] = _int("commune_profile", row, name)
        else:
            values[name] = _text("commune_profile", row, name)
    _problems(validate_profile(CommuneProfile(**values), ctx.today))


def _document(row: dict[str, Any], ctx: _Context) -> None:
    for column in ("number", "issuer", "summary"):
        _text("documents", row, column)
    if problem := document_date_problem(_date("documents", row, "issued_on"), ctx.today):
        raise _Refused(problem)


def _document_file(row: dict[str, Any], ctx: _Context) -> None:
    name = _text("document_files", row, "file_name", required=True)
    if PureWindowsPath(name).name in ("", ".", ".."):  # either kind of slash
        raise _Refused(f"Tên tệp «{_shown(name)}» không dùng được làm tên tệp.")
    if not _SHA256_RE.match(_text("document_files", row, "sha256")):
        raise _Refused("Mã kiểm tra nội dung tệp không đúng dạng.")
    if _int("document_files", row, "size") < 0:
        raise _Refused("Dung lượng tệp không được là số âm.")


def _task(row: dict[str, Any], ctx: _Context) -> None:
    k = "tasks"
    assigned_on = _date(k, row, "assigned_on")
    if assigned_on is None:
        raise _Refused(f"«{column_name(k, 'assigned_on')}» để trống.")
    coordinators = _json(k, row, "coordinators") if row.get("coordinators") is not None else []
    if not isinstance(coordinators, list) or not all(isinstance(c, str) for c in coordinators):
        raise _Refused(
            f"«{column_name(k, 'coordinators')}» phải là một danh sách tên người, đơn vị."
        )
    self_assigned = row.get("self_assigned", 0)
    if self_assigned not in (0, 1) or isinstance(self_assigned, bool):
        raise _Refused(
            f"«{column_name(k, 'self_assigned')}» có giá trị lạ «{_shown(self_assigned)}»."
        )
    source_uuid = _optional_text(k, row, "source_document_uuid")
    source = ctx.document(source_uuid) if source_uuid else None
    results = tuple(
        document
        for _position, uuid in sorted(ctx.results.get(str(row.get("uuid")), ()))
        if (document := ctx.document(uuid)) is not None
    )
    task = Task(
        content=_text(k, row, "content"),
        lead=_text(k, row, "lead"),
        assigned_on=assigned_on,
        kind=SourceKind(_choice(k, row, "kind", _SOURCE_KINDS)),
        field_code=_optional_text(k, row, "field_code"),
        self_assigned=bool(self_assigned),
        source=source,
        coordinators=tuple(coordinators),
        deadline=_date(k, row, "deadline"),
        status=Status(_choice(k, row, "status", _STATUSES)),
        completed_on=_date(k, row, "completed_on"),
        notes=_text(k, row, "notes"),
        results=results,
        uuid=row.get("uuid"),
        recurrence_key=_optional_text(k, row, "recurrence_key"),
    )
    errors = validate_task(task, ctx.today, ctx.field_codes)
    if source_uuid and source is None:
        # The document is neither in the package nor on this PC: the merge decides on it.
        errors.pop("source_number", None)
    _problems(errors)


def _task_document(row: dict[str, Any], ctx: _Context) -> None:
    _text("task_documents", row, "task_uuid", required=True)
    _text("task_documents", row, "document_uuid", required=True)


def _standard_set(row: dict[str, Any], ctx: _Context) -> None:
    k = "standard_sets"
    _text(k, row, "family", required=True)
    if _int(k, row, "version") < 1:
        raise _Refused("Phiên bản phải từ 1 trở lên.")
    data = _json(k, row, "data")
    parsed = _lenient(lambda: parse_standard_set(data))
    if parsed is None:
        raise _Refused("Nội dung bộ tiêu chuẩn không đọc được (thiếu mục hoặc sai dạng).")
    _problems(validate_standard_set(parsed, ctx.lists))


def _official_values(kind: str, values: dict[str, Any], ctx: _Context) -> None:
    """A record of an official (the row, or an earlier record kept in the history), read as
    ``staff_repo`` reads it and validated as the form validates it."""
    if values.get("gender") is not None:
        _choice(kind, values, "gender", _GENDERS)
    birth = values.get("birth")
    if birth is not None:
        parsed = _lenient(lambda: Birth.from_stored(birth)) if isinstance(birth, str) else None
        if parsed is None or parsed.stored() != birth:
            raise _Refused(
                f"«{column_name(kind, 'birth')}» ghi «{_shown(birth)}», không phải một ngày "
                "sinh có thật (cần dạng năm-tháng-ngày, hoặc chỉ năm sinh)."
            )
    for column in ("full_name", "category", "status"):
        _text(kind, values, column)
    for column in ("ethnicity", "position_title", "field_of_study", "notes"):
        _optional_text(kind, values, column)
    for column in ("standard_family", "position", "department", *LEVEL_ATTRIBUTES):
        _optional_text(kind, values, column)
    _date(kind, values, "started_on")
    _date(kind, values, "status_on")
    training = values.get("training")
    if training:
        raw = _json(kind, values, "training")
        if not isinstance(raw, dict) or not all(
            isinstance(raw.get(name, ""), str)
            for name in ("attribute", "level", "field_of_study", "name")
        ):
            raise _Refused(f"«{column_name(kind, 'training')}» không đúng dạng.")
        for name in ("starts_on", "ends_on"):
            _date(kind, {"training": raw.get(name)}, "training")
    official = _lenient(lambda: official_from_values(values))
    if official is None:
        raise _Refused("Hồ sơ cán bộ không đọc được (thiếu mục hoặc sai dạng).")
    _problems(validate_official(official, ctx.today, ctx.lists, ctx.positions))


def _official(row: dict[str, Any], ctx: _Context) -> None:
    _official_values("officials", row, ctx)


def _official_history(row: dict[str, Any], ctx: _Context) -> None:
    k = "official_history"
    _text(k, row, "official_uuid", required=True)
    if _date(k, row, "valid_until") is None:
        raise _Refused(f"«{column_name(k, 'valid_until')}» để trống.")
    data = _json(k, row, "data")
    if not isinstance(data, dict):
        raise _Refused("Hồ sơ cũ không đúng dạng.")
    _official_values(k, data, ctx)


def _standard_action(row: dict[str, Any], ctx: _Context) -> None:
    k = "standard_actions"
    _text(k, row, "official_uuid", required=True)
    _text(k, row, "attribute", required=True)
    _choice(k, row, "kind", _ACTION_KINDS)
    for column in ("content", "responsible", "notes"):
        _text(k, row, column)
    _optional_text(k, row, "task_uuid")
    _date(k, row, "deadline")
    action = _lenient(lambda: _action(tuple(row.get(c) for c in _ACTION_COLUMNS)))
    if action is None:
        raise _Refused("Biện pháp không đọc được (thiếu mục hoặc sai dạng).")
    _problems(validate_action(action))


def _criteria_set(row: dict[str, Any], ctx: _Context) -> None:
    k = "criteria_sets"
    _text(k, row, "family", required=True)
    if _int(k, row, "version") < 1:
        raise _Refused("Phiên bản phải từ 1 trở lên.")
    data = _json(k, row, "data")
    parsed = _lenient(lambda: parse_criteria_set(data))
    if parsed is None:
        raise _Refused("Nội dung bộ tiêu chí không đọc được (thiếu mục hoặc sai dạng).")
    _problems(criteria_set_problems(parsed))


def _criteria_mapping(row: dict[str, Any], ctx: _Context) -> None:
    k = "criteria_mappings"
    data = _json(k, row, "data")
    links: list[CodeLink] = []
    items: list[Any] = data if isinstance(data, list) else [None]  # None: refused below
    for item in items:
        try:
            old, new = item["old"], item["new"]
            if not all(isinstance(c, str) for c in (*old, *new)) or not isinstance(old, list):
                raise TypeError(k)
            links.append(CodeLink(LinkKind(item["kind"]), tuple(old), tuple(new)))
        except (TypeError, KeyError, ValueError):
            raise _Refused("Bảng đối chiếu mã tiêu chí không đúng dạng.") from None
    old_set = ctx.criteria_set(row.get("old_set_uuid"))
    new_set = ctx.criteria_set(row.get("new_set_uuid"))
    if old_set is not None and new_set is not None:
        if problems := validate_mapping(links, old_set, new_set):
            raise _Refused(" ".join(problems))


def _assessment(row: dict[str, Any], ctx: _Context) -> None:
    k = "assessments"
    _int(k, row, "year")
    _text(k, row, "criteria_set_uuid", required=True)
    _text(k, row, "locked_by")


def _assessment_event(row: dict[str, Any], ctx: _Context) -> None:
    k = "assessment_events"
    action = row.get("action")
    if not isinstance(action, str) or AssessmentEvent("", "", action, "").label == action:
        raise _Refused(f"«{column_name(k, 'action')}» có giá trị lạ «{_shown(action)}».")
    _text(k, row, "who")
    _text(k, row, "note")


_SCORE_NUMBERS = ("value", "numerator", "denominator", "override", "appraised_1", "appraised_2")
_SCORE_TEXTS = (
    "override_reason",
    "explanation",
    "appraisal_1_note",
    "appraisal_2_note",
    "response",
)


def _score(row: dict[str, Any], ctx: _Context) -> None:
    k = "scores"
    code = _text(k, row, "code", required=True)
    values: dict[str, Any] = {}
    for column in _SCORE_NUMBERS:
        # as scoring_repo.load_scores reads them: empty is none, else a decimal number
        value = row.get(column)
        if value is None or value == "":
            values[column] = None
            continue
        try:
            number = Decimal(_text(k, row, column))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise _Refused(f"«{column_name(k, column)}» ghi «{_shown(value)}», không phải một số.")
        values[column] = number
    for column in _SCORE_TEXTS:
        values[column] = _text(k, row, column)
    score = Score(code=code, uuid=str(row.get("uuid")), **values)
    criteria = ctx.criteria_of(str(row.get("assessment_uuid")))
    node = criteria.by_code.get(code) if criteria else None
    if node is not None and node.is_leaf:
        _problems(validate_score(node, score))


def _score_evidence(row: dict[str, Any], ctx: _Context) -> None:
    _text("score_evidence", row, "code", required=True)
    _text("score_evidence", row, "document_uuid", required=True)


def _criterion_task(row: dict[str, Any], ctx: _Context) -> None:
    _text("criterion_tasks", row, "code", required=True)
    _text("criterion_tasks", row, "task_uuid", required=True)


_CHECKS: dict[str, Callable[[dict[str, Any], _Context], None]] = {
    "reform_fields": _reform_field,
    "settings": _setting,
    "commune_profile": _profile,
    "documents": _document,
    "document_files": _document_file,
    "tasks": _task,
    "task_documents": _task_document,
    "standard_sets": _standard_set,
    "officials": _official,
    "official_history": _official_history,
    "standard_actions": _standard_action,
    "criteria_sets": _criteria_set,
    "criteria_mappings": _criteria_mapping,
    "assessments": _assessment,
    "assessment_events": _assessment_event,
    "scores": _score,
    "score_evidence": _score_evidence,
    "criterion_tasks": _criterion_task,
}


# --- the commune and the clock --------------------------------------------------------------


def _check_communes(
    records: Mapping[str, list[dict[str, Any]]], tombstones: list[dict[str, Any]], unit_code: str
) -> None:
    expected = unit_code or None
    if expected is None:  # a new store: the package's own profile says whose data it is
        for row in records.get("commune_profile", ()):
            code = row.get("commune_code")
            expected = code if isinstance(code, str) and code else None
    for kind in KINDS:
        for row in records.get(kind.name, ()):
            if kind.name == "commune_profile" and expected is not None:
                code = row.get("commune_code")
                if code != expected:
                    name = normalize_text(
                        f"{row.get('unit_kind') or ''} {row.get('commune_name') or ''}"
                    )
                    raise PackageError(
                        f"Gói có thông tin đơn vị của {name or 'một đơn vị khác'} (mã "
                        f"{_shown(code)}), còn tệp dữ liệu này là của đơn vị mã {expected}. Tệp "
                        "dữ liệu của một xã chỉ nhận dữ liệu của chính xã đó. Chưa có gì thay đổi.",
                        member=f"data/{kind.name}.jsonl",
                    )
            unit = row.get("_unit")
            if unit is None:
                continue
            if expected is None:
                expected = unit
            elif unit != expected:
                raise PackageError(
                    f"Gói có dữ liệu của một đơn vị khác: {kind.label} "
                    f"«{_record_name(kind.name, row)}» thuộc đơn vị mã {_shown(unit)}, còn tệp "
                    f"dữ liệu này là của đơn vị mã {expected}. Tệp dữ liệu của một xã chỉ nhận "
                    "dữ liệu của chính xã đó. Chưa có gì thay đổi.",
                    member=f"data/{kind.name}.jsonl",
                )
    for tomb in tombstones:
        unit = tomb.get("_unit")
        if unit is not None and expected is not None and unit != expected:
            raise PackageError(
                f"Gói xóa một bản ghi «{label_of(str(tomb.get('record_kind')))}» của đơn vị mã "
                f"{_shown(unit)}, còn tệp dữ liệu này là của đơn vị mã {expected}. Tệp dữ liệu "
                "của một xã chỉ nhận dữ liệu của chính xã đó. Chưa có gì thay đổi.",
                member="data/tombstones.jsonl",
            )


def _clock_message(what: str, moment: datetime) -> str:
    return (
        f"{what} ghi ngày {format_date(moment.date())}, muộn hơn hôm nay quá một ngày: đồng hồ "
        "của máy tạo gói có vẻ bị sai (hoặc đồng hồ của máy này bị chậm). Hãy chỉnh lại ngày "
        "giờ của máy bị sai, sửa lại bản ghi này trên máy gửi rồi tạo lại gói. Chưa có gì "
        "thay đổi."
    )


def _check_times(
    records: Mapping[str, list[dict[str, Any]]], tombstones: list[dict[str, Any]], limit: datetime
) -> None:
    for kind in KINDS:
        for row in records.get(kind.name, ()):
            moment = _time(row.get("updated_at"))
            what = f"{kind.label} «{_record_name(kind.name, row)}»"
            if moment is None:
                raise PackageError(
                    f"{what} có thời điểm sửa «{_shown(row.get('updated_at'))}» không có thật. "
                    "Gói đã bị hỏng hoặc bị sửa ngoài chương trình. Chưa có gì thay đổi.",
                    member=f"data/{kind.name}.jsonl",
                )
            if moment > limit:
                raise PackageError(
                    _clock_message(f"{what} có thời điểm sửa", moment),
                    member=f"data/{kind.name}.jsonl",
                )
    for tomb in tombstones:
        moment = _time(tomb.get("deleted_at"))
        what = (
            f"Một bản ghi đã xóa ({label_of(str(tomb.get('record_kind')))}, mã {tomb.get('uuid')})"
        )
        if moment is None:
            raise PackageError(
                f"{what} có thời điểm xóa «{_shown(tomb.get('deleted_at'))}» không có thật. Gói "
                "đã bị hỏng hoặc bị sửa ngoài chương trình. Chưa có gì thay đổi.",
                member="data/tombstones.jsonl",
            )
        if moment > limit:
            raise PackageError(
                _clock_message(f"{what} có thời điểm xóa", moment), member="data/tombstones.jsonl"
            )


# --- the whole package -----------------------------------------------------------------------


def validate_records(
    records: dict[str, list[dict[str, Any]]],
    tombstones: list[dict[str, Any]],
    *,
    unit_code: str,
    now: str,
    conn: sqlite3.Connection | None = None,
) -> None:
    """Raise :class:`~cchc_desktop.transfer.PackageError` for the first record that fails.

    ``records`` maps a kind (table) to its rows as read from a package (keys starting with
    "_" are ignored, except ``_unit``: the commune the record belongs to); ``unit_code`` is
    the commune of the receiving store ("" for a store without a profile yet: the package's
    profile decides); ``now`` is the current UTC time as the store writes it
    (``2026-11-22T03:04:05.678Z``). ``conn``, when given, is the receiving store: records
    that refer to what only it holds (a criteria set, a document) are checked against it.

    The message names the record's kind, its readable name (the kind's title column, else
    its uuid) and the reason, in Vietnamese.
    """
    moment = _time(now)
    if moment is None:
        moment = datetime.fromisoformat(now.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    limit = moment + FUTURE_TOLERANCE
    _check_communes(records, tombstones, unit_code)
    _check_times(records, tombstones, limit)
    ctx = _context(records, limit.date(), conn)
    schema = _schema_of(conn) if conn is not None else _current_schema()
    for kind in KINDS:
        check = _CHECKS[kind.name]
        for row in records.get(kind.name, ()):
            try:
                _columns(kind.name, row, schema[kind.name])
                _dates_and_times(kind.name, row, schema[kind.name])
                check(row, ctx)
            except _Refused as refused:
                raise _refusal(kind.name, row, refused.reason) from None
