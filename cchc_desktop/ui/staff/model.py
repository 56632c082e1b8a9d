"""Table models of the staff screens: a list of rows shown through columns.

A commune has tens of officials, not thousands: the rows are held in memory
and a :class:`QSortFilterProxyModel` sorts (by each column's sort key, so names
go the Vietnamese way) and filters them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from cchc_desktop.core.staff import Official, StaffLists, name_sort_key
from cchc_desktop.core.standard_checks import Evaluation, Outcome, deadline_text
from cchc_desktop.core.text import vietnamese_sort_key

R = TypeVar("R")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

# Light backgrounds that keep black text readable (and distinct in grey print-outs).
OUTCOME_COLOURS = {
    Outcome.MET: QColor("#e3f4e1"),
    Outcome.NOT_MET: QColor("#fbe3e1"),
    Outcome.UNKNOWN: QColor("#fff4d6"),
}
WILL_MEET_COLOUR = QColor("#e1ecfb")


@dataclass(frozen=True)
class Column(Generic[R]):
    key: str
    title: str
    text: Callable[[R], str]
    sort: Callable[[R], Any] | None = None
    tooltip: Callable[[R], str] | None = None
    align_right: bool = False


class RowsModel(QAbstractTableModel, Generic[R]):
    """Rows of any kind, columns that say how to show and sort them."""

    def __init__(
        self,
        columns: Sequence[Column[R]],
        background: Callable[[R], QColor | None] | None = None,
        bold: Callable[[R], bool] | None = None,
        parent: Any = None,
    ):
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[R] = []
        # Sort keys are asked for at every comparison of a sort: computed once per cell.
        self._sort_keys: dict[tuple[int, int], Any] = {}
        self._background = background
        self._bold = bold

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._sort_keys = {}
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def column_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.columns[section].title
            return str(section + 1)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == SORT_ROLE:
            key = (index.row(), index.column())
            if key not in self._sort_keys:
                self._sort_keys[key] = (
                    column.sort(row) if column.sort else vietnamese_sort_key(column.text(row))
                )
            return self._sort_keys[key]
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else column.text(row) or None
        if role == Qt.ItemDataRole.BackgroundRole and self._background:
            colour = self._background(row)
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.FontRole and self._bold and self._bold(row):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RowFilter(QSortFilterProxyModel):
    """Sorts by each column's sort key; shows the rows a predicate accepts."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._accept: Callable[[Any], bool] | None = None

    def set_predicate(self, accept: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        self._accept = accept
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RowsModel)
        return self._accept is None or self._accept(model.row_at(source_row))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        # Rows are numbered as shown (STT), not by their place in the unfiltered list.
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return super().headerData(section, orientation, role)

    def row_at(self, proxy_row: int) -> Any:
        model = self.sourceModel()
        assert isinstance(model, RowsModel)
        return model.row_at(self.mapToSource(self.index(proxy_row, 0)).row())


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
