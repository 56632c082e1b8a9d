"""The record catalogue: every kind of record that travels, how each one is matched and linked.

Every table with a ``uuid`` column (``Store.travelling_tables()``) is a kind;
tests/transfer/test_transfer.py checks that the list below covers them all, so a new
table cannot be forgotten by the packages.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from cchc_desktop.store.records import stable_uuid


@dataclass(frozen=True)
class Kind:
    name: str  # the table
    label: str  # what the officer reads
    # Columns that name another record by its uuid: (column, kind). A "hard"
    # reference is a foreign key: the record cannot exist without it.
    hard_refs: tuple[tuple[str, str], ...] = ()
    soft_refs: tuple[tuple[str, str], ...] = ()
    # Columns that identify the record apart from its uuid (a UNIQUE constraint):
    # a record with another uuid but the same natural key is the same record.
    natural_key: tuple[str, ...] | None = None
    # The column holding a readable name of the record, for conflicts.
    title: str = ""
    # Columns that are personal data (Nghị định 13/2023/NĐ-CP).
    personal: tuple[str, ...] = ()
    # The column naming the self-assessment the record belongs to.
    assessment: str = ""
    # Columns merged as one (a rule of the table ties them, e.g. a task's status and its
    # completion date): the side whose newest edit of the group wins brings all of them.
    groups: tuple[tuple[str, ...], ...] = ()
    # False for records whose uuid a migration fixed (the seven reform fields).
    stable: bool = True

    def stable_uuid(self, row: dict[str, Any]) -> str | None:
        """The uuid every PC gives this record (by its natural key), or None when the record
        has no natural key (its random uuid travels with it)."""
        if self.natural_key is None or not self.stable:
            return None
        if row.get("uuid") in shipped_uuids(self.name):
            return None  # a shipped set: its uuid is already the same on every PC
        key = [row.get(column) for column in self.natural_key]
        if any(value is None for value in key):
            return None
        return stable_uuid(self.name, *key)


# Parents before children: the order records are inserted in.
KINDS: tuple[Kind, ...] = (
    Kind("reform_fields", "Lĩnh vực CCHC", natural_key=("code",), title="name", stable=False),
    Kind("settings", "Thiết lập chung", natural_key=("key",), title="key"),
    Kind("commune_profile", "Thông tin đơn vị", natural_key=(), title="commune_name"),
    Kind("documents", "Văn bản, tài liệu", title="summary"),
    Kind(
        "document_files",
        "Tệp đính kèm",
        hard_refs=(("document_uuid", "documents"),),
        title="file_name",
    ),
    Kind(
        "tasks",
        "Nhiệm vụ CCHC",
        hard_refs=(("source_document_uuid", "documents"),),
        natural_key=("recurrence_key",),
        title="content",
        groups=(
            ("assigned_on", "deadline", "status", "completed_on"),
            ("self_assigned", "source_document_uuid"),
        ),
    ),
    Kind(
        "task_documents",
        "Tài liệu kết quả của nhiệm vụ",
        hard_refs=(("task_uuid", "tasks"), ("document_uuid", "documents")),
        natural_key=("task_uuid", "document_uuid"),
    ),
    Kind(
        "standard_sets",
        "Bộ tiêu chuẩn chức danh",
        natural_key=("family", "version"),
        title="name",
    ),
    Kind(
        "officials",
        "Cán bộ, công chức",
        title="full_name",
        personal=("gender", "birth", "ethnicity"),
        groups=(("position", "standard_family"),),
    ),
    Kind(
        "official_history",
        "Hồ sơ cũ của cán bộ",
        hard_refs=(("official_uuid", "officials"),),
        natural_key=("official_uuid", "valid_until"),
        title="valid_until",
    ),
    Kind(
        "standard_actions",
        "Kế hoạch chuẩn hóa cán bộ",
        hard_refs=(("official_uuid", "officials"),),
        soft_refs=(("task_uuid", "tasks"),),
        title="content",
    ),
    Kind(
        "criteria_sets",
        "Bộ tiêu chí Chỉ số CCHC",
        natural_key=("family", "version"),
        title="name",
    ),
    Kind(
        "criteria_mappings",
        "Đối chiếu mã tiêu chí giữa hai năm",
        hard_refs=(("old_set_uuid", "criteria_sets"), ("new_set_uuid", "criteria_sets")),
        natural_key=("old_set_uuid", "new_set_uuid"),
    ),
    Kind(
        "assessments",
        "Phiếu tự chấm điểm",
        hard_refs=(("criteria_set_uuid", "criteria_sets"),),
        natural_key=("year",),
        title="year",
        assessment="uuid",
    ),
    Kind(
        "assessment_events",
        "Lịch sử chốt, mở khóa phiếu",
        hard_refs=(("assessment_uuid", "assessments"),),
        title="action",
        assessment="assessment_uuid",
    ),
    Kind(
        "scores",
        "Điểm tự chấm",
        hard_refs=(("assessment_uuid", "assessments"),),
        natural_key=("assessment_uuid", "code"),
        title="code",
        assessment="assessment_uuid",
    ),
    Kind(
        "score_evidence",
        "Tài liệu kiểm chứng của tiêu chí",
        hard_refs=(("assessment_uuid", "assessments"), ("document_uuid", "documents")),
        natural_key=("assessment_uuid", "code", "document_uuid"),
        title="code",
        assessment="assessment_uuid",
    ),
    Kind(
        "criterion_tasks",
        "Nhiệm vụ khắc phục theo tiêu chí",
        hard_refs=(("assessment_uuid", "assessments"),),
        soft_refs=(("task_uuid", "tasks"),),
        natural_key=("task_uuid",),
        title="code",
    ),
)

BY_NAME = {kind.name: kind for kind in KINDS}


@functools.cache
def shipped_uuids(kind: str) -> frozenset[str]:
    """The fixed uuids of the sets the program ships (sample criteria, standards)."""
    if kind == "criteria_sets":
        from cchc_desktop.core.criteria import shipped_criteria_sets

        return frozenset(s.uuid for s in shipped_criteria_sets())
    if kind == "standard_sets":
        from cchc_desktop.core.standards import shipped_standard_sets

        return frozenset(s.uuid for s in shipped_standard_sets())
    return frozenset()


# Inside the JSON of an earlier record of an official: the same personal fields.
HISTORY_PERSONAL = BY_NAME["officials"].personal

# Columns that never travel: the row number is local to each file.
LOCAL_COLUMNS = frozenset({"id"})

# Columns each PC computes from the others (search text, sort keys, caches): they travel
# for older readers but are never merged; an import rebuilds them.
DERIVED_COLUMNS = frozenset(
    {
        "search_text",
        "content_sort",
        "lead_sort",
        "source_sort",
        "issuer_sort",
        "source_issuer",
        "name_sort",
    }
)
# Columns that carry no content of their own for the merge.
UNMERGED_COLUMNS = frozenset({"id", "uuid", "updated_at"}) | DERIVED_COLUMNS


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# Columns holding a number as text (a Decimal): shown with a decimal comma.
DECIMAL_COLUMNS = frozenset(
    {"value", "numerator", "denominator", "override", "appraised_1", "appraised_2"}
)


def value_text(value: Any, column: str = "") -> str:
    """A stored value as the officer reads it: decimal comma, dd/mm/yyyy, «(trống)»."""
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, float) or (column in DECIMAL_COLUMNS and isinstance(value, str)):
        try:
            number = float(value)
        except ValueError:
            return str(value)
        text = f"{number:.4f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    text = str(value)
    if _ISO_DATE.match(text):
        return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
    return text


def label_of(kind: str) -> str:
    found = BY_NAME.get(kind)
    return found.label if found else kind


def column_label(kind: str, column: str) -> str:
    """The readable name of a column shown in a conflict (else the column's own name)."""
    return _KIND_COLUMN_LABELS.get((kind, column)) or _COLUMN_LABELS.get(column, column)


_KIND_COLUMN_LABELS = {
    ("scores", "value"): "Điểm tự chấm",
    ("settings", "value"): "Giá trị",
    ("settings", "key"): "Tên thiết lập",
    ("standard_actions", "content"): "Nội dung biện pháp",
}


_COLUMN_LABELS = {
    "content": "Nội dung",
    "lead": "Chủ trì",
    "coordinators": "Phối hợp",
    "deadline": "Hạn",
    "status": "Trạng thái",
    "completed_on": "Ngày hoàn thành",
    "notes": "Ghi chú",
    "assigned_on": "Ngày giao",
    "field_code": "Lĩnh vực",
    "kind": "Loại",
    "full_name": "Họ và tên",
    "position_title": "Chức danh",
    "department": "Bộ phận",
    "category": "Nhóm",
    "status_on": "Ngày của trạng thái",
    "value": "Giá trị",
    "explanation": "Giải trình",
    "override": "Điểm sửa tay",
    "override_reason": "Lý do sửa tay",
    "appraised_1": "Điểm thẩm định lần 1",
    "appraised_2": "Điểm thẩm định lần 2",
    "response": "Ý kiến của xã",
    "number": "Số văn bản",
    "issued_on": "Ngày ban hành",
    "issuer": "Cơ quan ban hành",
    "summary": "Trích yếu",
    "file_name": "Tên tệp",
    "locked_at": "Chốt lúc",
    "locked_by": "Người chốt",
    "commune_name": "Tên đơn vị",
    "superior_body": "Cơ quan cấp trên",
    "signer_name": "Người ký",
    "preparer_name": "Người lập",
    "responsible": "Người phụ trách",
    "name": "Tên",
    "data": "Nội dung chi tiết",
}
