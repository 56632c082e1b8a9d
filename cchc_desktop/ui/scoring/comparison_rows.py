"""The rows and columns of the comparison with the year before: points per field, and the
criteria that lost points with the remedial tasks made for them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtGui import QColor

from cchc_desktop.core.lost_points import LostPoints, lost_points
from cchc_desktop.core.points import format_percent, format_points
from cchc_desktop.core.score_comparison import ComparisonRow
from cchc_desktop.core.scoring import Sheet
from cchc_desktop.core.standard_checks import Outcome
from cchc_desktop.core.tasks import Status
from cchc_desktop.store.scoring_repo import SheetState
from cchc_desktop.ui.staff.model import OUTCOME_COLOURS
from cchc_desktop.ui.toolkit.rows_model import Column

DASH = "—"


TOTAL_TITLE = "Tổng điểm"


def score_text(score: Decimal | None, maximum: Decimal | None) -> str:
    """``"13/16"`` as seed 001 writes it; ``"—"`` when the year has no figure."""
    if maximum is None:
        return DASH
    return f"{format_points(score, DASH)}/{format_points(maximum)}"


def signed_points(value: Decimal | None) -> str:
    """``+1,5`` / ``-1`` / ``0``; empty when there is nothing to compare."""
    if value is None:
        return ""
    if value > 0:
        return f"+{format_points(value)}"
    if value < 0:
        return f"-{format_points(-value)}"
    return "0"


def signed_percent_points(value: Decimal | None) -> str:
    """A change of the share of the maximum, in percentage points: ``+5,2``."""
    if value is None:
        return ""
    text = format_percent(abs(value)).removesuffix("%")
    if text in ("0,0", "0"):
        return "0"
    return f"+{text}" if value > 0 else f"-{text}"


def remark(row: ComparisonRow, old_year: int, new_year: int) -> str:
    """The row's «Nhận xét»: ``change_text`` («Tăng 1,5 điểm», «Đạt tối đa», «Lĩnh vực mới»…),
    naming the year that has no score where the core would only say it cannot compare."""
    if row.change is None and not row.note:
        if row.new_score is None:
            return f"Năm {new_year} chưa chấm điểm"
        if row.old_score is None:
            return f"Năm {old_year} chưa chấm điểm"
    return row.change_text()


def field_columns(old_year: int, new_year: int) -> list[Column[ComparisonRow]]:
    def old_score(r: ComparisonRow) -> str:
        return score_text(r.old_score, r.old_maximum)

    def new_score(r: ComparisonRow) -> str:
        return score_text(r.new_score, r.new_maximum)

    return [
        Column("code", "STT", lambda r: r.code),
        Column("title", "Lĩnh vực", lambda r: r.title),
        Column("old", f"Năm {old_year}\n(điểm/tối đa)", old_score, align_right=True),
        Column(
            "old_percent", "Tỷ lệ", lambda r: format_percent(r.old_percent, ""), align_right=True
        ),
        Column("new", f"Năm {new_year}\n(điểm/tối đa)", new_score, align_right=True),
        Column(
            "new_percent", "Tỷ lệ", lambda r: format_percent(r.new_percent, ""), align_right=True
        ),
        Column("change", "Tăng/giảm\n(điểm)", lambda r: signed_points(r.change), align_right=True),
        Column(
            "percent_change",
            "Tăng/giảm tỷ lệ\n(điểm %)",
            lambda r: signed_percent_points(r.percent_change),
            align_right=True,
        ),
        Column("remark", "Nhận xét", lambda r: remark(r, old_year, new_year)),
    ]


DONE_COLOUR = OUTCOME_COLOURS[Outcome.MET]


@dataclass(frozen=True)
class LostRow:
    item: LostPoints
    field_code: str | None  # the reform field of the task register (from the line's field)
    tasks: tuple[tuple[str, Status], ...] = ()

    @property
    def code(self) -> str:
        return self.item.code

    @property
    def first_task(self) -> str | None:
        return self.tasks[0][0] if self.tasks else None

    def task_text(self) -> str:
        """The status of each linked task («Chưa thực hiện»), or «—» when none."""
        if not self.tasks:
            return DASH
        return "; ".join(status.label for _uuid, status in self.tasks)


def lost_columns() -> list[Column[LostRow]]:
    return [
        Column("code", "Mã", lambda r: r.code),
        Column("title", "Nội dung tiêu chí", lambda r: r.item.line.node.title),
        Column(
            "maximum",
            "Tối đa",
            lambda r: format_points(r.item.line.node.maximum),
            align_right=True,
        ),
        Column("final", "Đạt", lambda r: format_points(r.item.line.final, DASH), align_right=True),
        Column("lost", "Mất", lambda r: format_points(r.item.lost), align_right=True),
        Column("tasks", "Nhiệm vụ khắc phục", lambda r: r.task_text()),
    ]


def _lost_colour(row: LostRow) -> QColor | None:
    if row.tasks and all(status == Status.DONE for _uuid, status in row.tasks):
        return DONE_COLOUR
    return None


def lost_rows(state: SheetState, tasks: dict[str, list[tuple[str, Status]]]) -> list[LostRow]:
    """The lines of the sheet that lost points, most lost first, with their tasks."""
    field_of = state.criteria.field_of
    return [
        LostRow(
            item,
            field_of[item.code].field_code if item.code in field_of else None,
            tuple(tasks.get(item.code, ())),
        )
        for item in lost_points(state.sheet)
    ]


def lost_summary(rows: list[LostRow], sheet: Sheet, year: int) -> str:
    """``"Tổng số điểm bị mất: 2,5/99 điểm ở 2 tiêu chí"`` with what is not counted yet."""
    if rows:
        lost = sum((r.item.lost for r in rows), Decimal(0))
        text = (
            f"Tổng số điểm bị mất: {format_points(lost)}/{format_points(sheet.maximum)} điểm "
            f"ở {len(rows)} tiêu chí"
        )
    else:
        text = f"Năm {year} không có tiêu chí nào bị mất điểm"
    pending = []
    unscored = len(sheet.unscored())
    if unscored:
        pending.append(f"{unscored} tiêu chí chưa chấm điểm")
    if sheet.survey_pending:
        pending.append(f"{format_points(sheet.survey_pending)} điểm điều tra xã hội học chưa có")
    if pending:
        text += f" (chưa tính {', '.join(pending)})"
    return text + "."
