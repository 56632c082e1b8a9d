"""CCHC tasks: what a task is, its rules, and the states derived from its dates.

The derived state ("quá hạn", "sắp đến hạn", …) is never typed: it follows
from the status, the deadline, the completion date and the day it is judged
on. It is computed here in Python (statistics, reports) and, for the task
table, by the SQL expression of :func:`derived_state_sql`; the tests check
that the two agree.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from cchc_desktop.core.text import fold_for_search, format_date, normalize_text

DEFAULT_DUE_SOON_DAYS = 7


class Status(enum.StrEnum):
    NOT_STARTED = "chua_thuc_hien"
    IN_PROGRESS = "dang_thuc_hien"
    DONE = "hoan_thanh"
    PAUSED = "tam_dung"
    CANCELLED = "huy"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.NOT_STARTED: "Chưa thực hiện",
    Status.IN_PROGRESS: "Đang thực hiện",
    Status.DONE: "Hoàn thành",
    Status.PAUSED: "Tạm dừng",
    Status.CANCELLED: "Hủy",
}


class SourceKind(enum.StrEnum):
    ANNUAL_PLAN = "ke_hoach_nam"
    DIRECTIVE = "chi_dao_cap_tren"
    INSPECTION = "ket_luan_kiem_tra"
    INDEX_REMEDY = "khac_phuc_chi_so"
    PERIODIC_REPORT = "bao_cao_dinh_ky"
    OTHER = "khac"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    SourceKind.ANNUAL_PLAN: "Kế hoạch CCHC năm",
    SourceKind.DIRECTIVE: "Văn bản chỉ đạo của cấp trên",
    SourceKind.INSPECTION: "Kết luận kiểm tra",
    SourceKind.INDEX_REMEDY: "Khắc phục tồn tại Chỉ số CCHC",
    SourceKind.PERIODIC_REPORT: "Báo cáo định kỳ",
    SourceKind.OTHER: "Khác",
}


class DerivedState(enum.StrEnum):
    DONE_ON_TIME = "dung_han"
    DONE_LATE = "hoan_thanh_qua_han"
    OVERDUE = "qua_han"
    DUE_SOON = "sap_den_han"
    IN_TIME = "trong_han"
    NO_DEADLINE = "khong_thoi_han"
    PAUSED = "tam_dung"
    CANCELLED = "da_huy"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    DerivedState.DONE_ON_TIME: "Hoàn thành đúng hạn",
    DerivedState.DONE_LATE: "Hoàn thành quá hạn",
    DerivedState.OVERDUE: "Quá hạn chưa hoàn thành",
    DerivedState.DUE_SOON: "Sắp đến hạn",
    DerivedState.IN_TIME: "Đang trong hạn",
    DerivedState.NO_DEADLINE: "Không thời hạn",
    DerivedState.PAUSED: "Tạm dừng",
    DerivedState.CANCELLED: "Đã hủy",
}

SELF_ASSIGNED_LABEL = "Đơn vị tự đặt"
# Tasks with no assigning body named: set by the commune itself, or citing a document
# whose issuer was not written down. Filters and statistics group them together.
NO_ISSUER_LABEL = "Đơn vị tự đặt / văn bản không ghi cơ quan giao"


def derived_state(
    status: Status,
    deadline: date | None,
    completed_on: date | None,
    today: date,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> DerivedState:
    """The state of a task on ``today``.

    A paused task is not counted as overdue (it was stopped by decision); a
    cancelled task counts nowhere but "đã hủy". A task completed after
    ``today`` (judging an earlier day) is still open on that day.
    """
    if status == Status.CANCELLED:
        return DerivedState.CANCELLED
    if status == Status.DONE and completed_on is not None and completed_on <= today:
        if deadline is not None and completed_on > deadline:
            return DerivedState.DONE_LATE
        return DerivedState.DONE_ON_TIME
    if status == Status.PAUSED:
        return DerivedState.PAUSED
    if deadline is None:
        return DerivedState.NO_DEADLINE
    if deadline < today:
        return DerivedState.OVERDUE
    if deadline <= today + timedelta(days=due_soon_days):
        return DerivedState.DUE_SOON
    return DerivedState.IN_TIME


def states_named_by(phrase: str) -> tuple[list[DerivedState], list[Status]]:
    """The derived states and statuses whose label contains the folded ``phrase``: a search
    for «qua han» also finds the rows shown «Quá hạn chưa hoàn thành»."""
    from cchc_desktop.core.text import fold_for_search

    if not phrase:
        return [], []
    states = [s for s in DerivedState if phrase in fold_for_search(s.label)]
    statuses = [s for s in Status if phrase in fold_for_search(s.label)]
    return states, statuses


def derived_state_sql(today: date, due_soon_days: int) -> tuple[str, dict[str, str]]:
    """The same rule as :func:`derived_state`, as an SQL CASE over a ``tasks`` row."""
    sql = (
        "CASE"
        " WHEN status = 'huy' THEN 'da_huy'"
        " WHEN status = 'hoan_thanh' AND completed_on <= :state_today THEN"
        "  CASE WHEN deadline IS NOT NULL AND completed_on > deadline"
        "   THEN 'hoan_thanh_qua_han' ELSE 'dung_han' END"
        " WHEN status = 'tam_dung' THEN 'tam_dung'"
        " WHEN deadline IS NULL THEN 'khong_thoi_han'"
        " WHEN deadline < :state_today THEN 'qua_han'"
        " WHEN deadline <= :state_soon THEN 'sap_den_han'"
        " ELSE 'trong_han' END"
    )
    params = {
        "state_today": today.isoformat(),
        "state_soon": (today + timedelta(days=due_soon_days)).isoformat(),
    }
    return sql, params


def in_period_sql(start: date, end: date) -> tuple[str, dict[str, str]]:
    """Tasks that belong to a period: assigned in it, or carried over into it.

    A task assigned before the period counts in it while it is still open at
    its start — unfinished tasks do not disappear at New Year. A cancelled
    task counts only in the period it was assigned in (its cancellation date
    is not recorded).
    """
    sql = (
        "(assigned_on <= :period_end AND ("
        " assigned_on >= :period_start"
        " OR (status NOT IN ('hoan_thanh', 'huy'))"
        " OR (status = 'hoan_thanh' AND completed_on >= :period_start)))"
    )
    return sql, {"period_start": start.isoformat(), "period_end": end.isoformat()}


def in_period(
    assigned_on: date, status: Status, completed_on: date | None, start: date, end: date
) -> bool:
    """Python twin of :func:`in_period_sql`."""
    if assigned_on > end:
        return False
    if assigned_on >= start:
        return True
    if status == Status.DONE:
        return completed_on is not None and completed_on >= start
    return status != Status.CANCELLED


@dataclass(frozen=True)
class DocumentFile:
    """A file attached to a document: stored (``uuid`` set) or about to be added (``source``)."""

    name: str
    size: int = 0
    sha256: str = ""
    uuid: str | None = None
    source: Path | None = None


@dataclass(frozen=True)
class Document:
    """A document: the one that assigned a task, or one that proves a result."""

    number: str = ""  # số, ký hiệu: "90/QĐ-UBND"
    issued_on: date | None = None
    issuer: str = ""  # cơ quan ban hành
    summary: str = ""  # trích yếu
    uuid: str | None = None
    files: tuple[DocumentFile, ...] = ()

    def is_empty(self) -> bool:
        return not (self.number or self.issued_on or self.issuer or self.summary or self.files)

    def title(self) -> str:
        """``"Số 90/QĐ-UBND ngày 25/01/2022"`` — how a document is cited."""
        parts = []
        if self.number:
            parts.append(f"Số {self.number}")
        if self.issued_on:
            parts.append(f"ngày {format_date(self.issued_on)}")
        text = " ".join(parts)
        if self.issuer:
            text = f"{text} của {self.issuer}" if text else self.issuer
        return text


@dataclass(frozen=True)
class Task:
    content: str
    lead: str
    assigned_on: date
    kind: SourceKind = SourceKind.ANNUAL_PLAN
    field_code: str | None = None
    self_assigned: bool = False
    source: Document | None = None
    coordinators: tuple[str, ...] = ()
    deadline: date | None = None
    status: Status = Status.NOT_STARTED
    completed_on: date | None = None
    results: tuple[Document, ...] = ()
    notes: str = ""
    uuid: str | None = None
    recurrence_key: str | None = None

    def state(self, today: date, due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> DerivedState:
        return derived_state(self.status, self.deadline, self.completed_on, today, due_soon_days)


def _clean_document(document: Document | None) -> Document | None:
    if document is None:
        return None
    return replace(
        document,
        number=normalize_text(document.number),
        issuer=normalize_text(document.issuer),
        summary=normalize_text(document.summary),
    )


def normalized_task(task: Task) -> Task:
    """Text in NFC and tidied; empty coordinators dropped; no source for a self-set task."""
    source = None if task.self_assigned else _clean_document(task.source)
    if source is not None and source.is_empty():
        source = None
    return replace(
        task,
        content=normalize_text(task.content),
        lead=normalize_text(task.lead),
        coordinators=tuple(c for c in (normalize_text(x) for x in task.coordinators) if c),
        notes=normalize_text(task.notes),
        source=source,
        results=tuple(
            d for d in (_clean_document(r) for r in task.results) if d and not d.is_empty()
        ),
    )


def completion_date_problem(completed_on: date | None, today: date) -> str | None:
    """The rule for the completion date of a finished task (task form, bulk change)."""
    if completed_on is None:
        return "Nhiệm vụ đã hoàn thành phải có ngày hoàn thành."
    if completed_on > today:
        return (
            f"Ngày hoàn thành {format_date(completed_on)} chưa tới (hôm nay là "
            f"{format_date(today)})."
        )
    return None


def document_date_problem(issued_on: date | None, today: date) -> str | None:
    """A document cannot be dated after today."""
    if issued_on is not None and issued_on > today:
        return f"Ngày ban hành {format_date(issued_on)} không được sau hôm nay."
    return None


def validate_task(task: Task, today: date, known_fields: set[str] | None = None) -> dict[str, str]:
    """Vietnamese messages keyed by field; empty when the task may be saved."""
    t = normalized_task(task)
    errors: dict[str, str] = {}
    if not t.content:
        errors["content"] = "Chưa nhập nội dung nhiệm vụ."
    if not t.lead:
        errors["lead"] = "Chưa nhập người hoặc đơn vị chủ trì."
    if known_fields is not None and t.field_code is not None and t.field_code not in known_fields:
        errors["field_code"] = "Lĩnh vực này không có trong danh mục."
    if not t.self_assigned:
        if t.source is None or not t.source.number:
            errors["source_number"] = (
                "Nhập số, ký hiệu văn bản giao nhiệm vụ, hoặc chọn «Đơn vị tự đặt»."
            )
        if t.source is not None and (problem := document_date_problem(t.source.issued_on, today)):
            errors["source_issued_on"] = problem
    if t.deadline is not None and t.deadline < t.assigned_on:
        errors["deadline"] = (
            f"Thời hạn {format_date(t.deadline)} trước ngày giao {format_date(t.assigned_on)}."
        )
    if t.status != Status.DONE and t.completed_on is not None:
        errors["completed_on"] = "Chỉ nhiệm vụ có trạng thái «Hoàn thành» mới có ngày hoàn thành."
    elif t.status == Status.DONE:
        if problem := completion_date_problem(t.completed_on, today):
            errors["completed_on"] = problem
        elif t.completed_on is not None and t.completed_on < t.assigned_on:
            errors["completed_on"] = (
                f"Ngày hoàn thành {format_date(t.completed_on)} trước ngày giao "
                f"{format_date(t.assigned_on)}."
            )
    for index, document in enumerate(t.results):
        if problem := document_date_problem(document.issued_on, today):
            errors[f"result_{index}"] = f"Văn bản kết quả: {problem[0].lower()}{problem[1:]}"
    return errors


def fingerprint(content: str, deadline: date | None) -> str:
    """What makes an imported row "the same task" as one already in the register."""
    return f"{fold_for_search(content)}|{deadline.isoformat() if deadline else ''}"


# Words by which plans name the standard reform fields in their section headings.
_FIELD_WORDS = (
    ("CDDH", ("chi dao", "dieu hanh")),
    ("THECHE", ("the che", "quy pham phap luat", "qppl", "van ban quy pham")),
    ("TTHC", ("thu tuc hanh chinh", "tthc", "mot cua")),
    ("TCBM", ("to chuc bo may", "bo may")),
    ("CDCV", ("che do cong vu", "cong vu", "can bo, cong chuc", "doi ngu")),
    ("TCC", ("tai chinh cong", "tai chinh")),
    ("CQS", ("chinh quyen dien tu", "chinh quyen so", "chuyen doi so", "hien dai hoa")),
)


def guess_field(heading: str | None) -> str | None:
    """The reform field a plan's section heading names, if it names one."""
    text = fold_for_search(heading)
    if not text:
        return None
    for code, words in _FIELD_WORDS:
        if any(word in text for word in words):
            return code
    return None
