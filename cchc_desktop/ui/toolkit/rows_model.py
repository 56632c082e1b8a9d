"""A table model for rows held in memory, shown through columns that say how to show,
sort and explain each cell; and the proxy that sorts by those keys and filters by a predicate.

The lists of a commune are tens or hundreds of rows, not thousands: the rows are held in
memory and a :class:`QSortFilterProxyModel` sorts (by each column's sort key, so names go
the Vietnamese way) and filters them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from cchc_desktop.core.text import vietnamese_sort_key

R = TypeVar("R")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


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
