"""The names the officer reads in a refusal, and the values of a record read the way the
repositories read them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from cchc_desktop.core.staff import LEVEL_ATTRIBUTES, Gender, load_staff_lists
from cchc_desktop.core.standard_plan import ActionKind
from cchc_desktop.core.standards import attribute_label
from cchc_desktop.core.tasks import SourceKind, Status
from cchc_desktop.core.text import format_date, normalize_text
from cchc_desktop.store.kinds import BY_NAME, column_label, label_of
from cchc_desktop.store.records import iso_date, stored_date
from cchc_desktop.store.settings_repo import BACKUP_WARNING_DAYS, DUE_SOON_DAYS, REPORT_SCHEDULE
from cchc_desktop.transfer import PackageError

_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")


_NAME_LENGTH = 80


class Refused(Exception):
    """A record breaks a rule; ``reason`` is the Vietnamese sentence saying which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


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


def record_name(kind: str, row: Mapping[str, Any]) -> str:
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


def shown(value: Any) -> str:
    """A value inside «»: the text itself, shortened; "trống" for none."""
    text = "trống" if value is None else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def refusal(kind: str, row: Mapping[str, Any], reason: str) -> PackageError:
    return PackageError(
        f"Gói có một bản ghi không hợp lệ nên không nhập được. {label_of(kind)} "
        f"«{record_name(kind, row)}»: {_sentence(reason)} Hãy sửa bản ghi này trên máy gửi "
        "rồi tạo lại gói (gói cũng có thể đã bị sửa ngoài chương trình). Chưa có gì thay đổi.",
        member=f"data/{kind}.jsonl",
    )


# --- reading values the way the repositories read them ----------------------------------


def read_text(kind: str, row: Mapping[str, Any], column: str, *, required: bool = False) -> str:
    value = row.get(column)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Refused(f"«{column_name(kind, column)}» phải là chữ, không phải «{shown(value)}».")
    if required and not normalize_text(value):
        raise Refused(f"«{column_name(kind, column)}» để trống.")
    return value


def read_optional_text(kind: str, row: Mapping[str, Any], column: str) -> str | None:
    value = row.get(column)
    return None if value is None else read_text(kind, row, column)


def read_int(kind: str, row: Mapping[str, Any], column: str) -> int:
    value = row.get(column)
    if value is None:
        raise Refused(f"«{column_name(kind, column)}» để trống.")
    if not isinstance(value, int) or isinstance(value, bool):
        raise Refused(
            f"«{column_name(kind, column)}» phải là số nguyên, không phải «{shown(value)}»."
        )
    return value


def read_date(kind: str, row: Mapping[str, Any], column: str) -> date | None:
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
        raise Refused(
            f"«{column_name(kind, column)}» ghi «{shown(value)}», không phải một ngày có thật "
            "(cần dạng năm-tháng-ngày, ví dụ 2026-02-28)."
        )
    return day


def read_time(value: Any) -> datetime | None:
    """A stored UTC time (``2026-11-22T03:04:05.678Z``), or None if it is not one."""
    if not isinstance(value, str) or not _TIME_RE.match(value):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def read_json(kind: str, row: Mapping[str, Any], column: str) -> Any:
    value = row.get(column)
    try:
        if not isinstance(value, str):
            raise TypeError(column)
        return json.loads(value)
    except (TypeError, ValueError):
        raise Refused(
            f"«{column_name(kind, column)}» không phải dữ liệu JSON hợp lệ (ghi «{shown(value)}»)."
        ) from None


def _values(enum: Iterable[Any]) -> frozenset[str]:
    return frozenset(member.value for member in enum)


SOURCE_KINDS = _values(SourceKind)
STATUSES = _values(Status)
GENDERS = _values(Gender)
ACTION_KINDS = _values(ActionKind)


def read_choice(kind: str, row: Mapping[str, Any], column: str, allowed: frozenset[str]) -> str:
    value = row.get(column)
    if value is None:
        raise Refused(f"«{column_name(kind, column)}» để trống.")
    if value not in allowed:
        raise Refused(f"«{column_name(kind, column)}» có giá trị lạ «{shown(value)}».")
    return str(value)


def refuse_problems(errors: Mapping[str, str]) -> None:
    """The messages of a domain validation, as one reason."""
    if errors:
        raise Refused(" ".join(_sentence(m) for m in errors.values()))
