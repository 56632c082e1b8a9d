"""Columns and colours of the staff screens (the table model is ui.toolkit.rows_model)."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor

from cchc_desktop.core.staff import Official, StaffLists, name_sort_key
from cchc_desktop.core.standard_checks import Evaluation, Outcome, deadline_text
from cchc_desktop.ui.toolkit.rows_model import Column

# Light backgrounds that keep black text readable (and distinct in grey print-outs).
OUTCOME_COLOURS = {
    Outcome.MET: QColor("#e3f4e1"),
    Outcome.NOT_MET: QColor("#fbe3e1"),
    Outcome.UNKNOWN: QColor("#fff4d6"),
}
WILL_MEET_COLOUR = QColor("#e1ecfb")


def outcome_colour(evaluation: Evaluation) -> QColor | None:
    if evaluation.meets_on is not None:
        return WILL_MEET_COLOUR
    return OUTCOME_COLOURS.get(evaluation.outcome)


def level_text(official: Official, attribute: str, lists: StaffLists) -> str:
    code = official.level_of(attribute)
    return lists.scales[attribute].name(code) if code else ""


def professional_text(official: Official, lists: StaffLists) -> str:
    level = level_text(official, "professional", lists)
    if official.field_of_study:
        return f"{level} {official.field_of_study}".strip() if level else official.field_of_study
    return level


def position_text(official: Official, position_names: dict[tuple[str, str], str]) -> str:
    if official.standard_family and official.position:
        found = position_names.get((official.standard_family, official.position))
        if found:
            return found
    return official.position_title


def staff_columns(
    lists: StaffLists, position_names: dict[tuple[str, str], str], today: date
) -> list[Column[Evaluation]]:
    """The columns of the staff table (one row per official, with their evaluation)."""

    def birth(e: Evaluation) -> str:
        return e.official.birth.text() if e.official.birth else ""

    def deadline(e: Evaluation) -> str:
        if e.outcome not in (Outcome.NOT_MET, Outcome.UNKNOWN) or e.deadline is None:
            return ""
        return deadline_text(e.deadline, today)

    def details(e: Evaluation) -> str:
        lines = [e.summary()]
        lines += [f"• {c.outcome.label}: {c.reason}" for c in e.checks]
        return "\n".join(lines)

    return [
        Column(
            "name",
            "Họ và tên",
            lambda e: e.official.full_name,
            sort=lambda e: name_sort_key(e.official.full_name),
        ),
        Column("outcome", "Kết quả đối chiếu tiêu chuẩn", lambda e: e.summary(), tooltip=details),
        Column(
            "birth",
            "Ngày sinh",
            birth,
            sort=lambda e: e.official.birth.stored() if e.official.birth else "",
        ),
        Column(
            "position",
            "Chức danh, vị trí việc làm",
            lambda e: position_text(e.official, position_names),
        ),
        Column(
            "department",
            "Phòng, bộ phận",
            lambda e: lists.name("departments", e.official.department),
        ),
        Column("category", "Đối tượng", lambda e: lists.name("categories", e.official.category)),
        Column(
            "professional", "Trình độ chuyên môn", lambda e: professional_text(e.official, lists)
        ),
        Column(
            "political_theory",
            "Lý luận chính trị",
            lambda e: level_text(e.official, "political_theory", lists),
        ),
        Column("status", "Tình trạng", lambda e: lists.name("statuses", e.official.status)),
        Column(
            "deadline",
            "Hạn chuẩn hóa",
            deadline,
            sort=lambda e: e.deadline.isoformat() if e.deadline and deadline(e) else "9",
        ),
    ]


def evaluation_details(e: Evaluation, today: date) -> str:
    """Each standard of one official: met, not met or unknown, and why; the deadline; a
    course past its end."""
    lines = [f"{e.official.full_name} — {e.summary()}"]
    if e.standard is not None:
        lines.append(f"Theo: {e.standard.title()}. Căn cứ: {e.standard.legal_basis}.")
    for c in e.checks:
        lines.append(f"• {c.outcome.label}: {c.reason}")
    if e.gaps and e.deadline is not None and e.standard is not None:
        lines.append(f"{e.standard.deadline_label}: {deadline_text(e.deadline, today)}.")
    t = e.official.training
    if t is not None and t.ends_on is not None and t.ends_on < today:
        lines.append(
            "Khóa học đã quá ngày dự kiến kết thúc: nếu đã tốt nghiệp, hãy cập nhật trình độ "
            "(chọn «Thay đổi thực tế từ ngày» khi lưu)."
        )
    return "\n".join(lines)
