"""The task register's table: its columns (shown, sized, remembered) and its selection."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from cchc_desktop.store.database import Store
from cchc_desktop.store.task_table import shown_positions, shown_uuids
from cchc_desktop.ui.tasks.model import COLUMNS, DEFAULT_VISIBLE, TaskTableModel
from cchc_desktop.ui.toolkit.settings import TableSettings

# re-selecting more tasks than this after a change would cost more than it helps
RESELECT_LIMIT = 2000


def _column_keys() -> list[str]:
    return [c.key for c in COLUMNS]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[first, last) runs sorted and joined where they touch or overlap."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


class TaskTable(QTableView):
    """Rows of the register as the model reads them; the officer's columns are kept in
    ``table_settings`` (which, their order, widths and sort)."""

    def __init__(
        self,
        store: Store,
        model: TaskTableModel,
        table_settings: TableSettings,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._model = model
        self._table_settings = table_settings
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self._prepare_header()

    def _prepare_header(self) -> None:
        header = self.horizontalHeader()
        # The column titles keep a selection of their own: sharing the table's, Qt would
        # check every selected row for each title it paints (seconds after Ctrl+A).
        header.setSelectionModel(QItemSelectionModel(self._model, header))
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu_at)
        header.setSortIndicator(_column_keys().index("deadline"), Qt.SortOrder.AscendingOrder)
        width = self.fontMetrics().averageCharWidth()
        for index, column in enumerate(COLUMNS):
            self.setColumnWidth(index, column.width * width + 16)
        saved_header = self._table_settings.header_state(_column_keys())
        if saved_header is not None:
            header.restoreState(saved_header)  # order, widths and sort as the officer left them
        self._apply_column_visibility(self._table_settings.visible_columns(DEFAULT_VISIBLE))

    def save_header(self) -> None:
        """Remember the columns' order, widths and sort for the next time."""
        self._table_settings.set_header_state(_column_keys(), self.horizontalHeader().saveState())

    # --- columns --------------------------------------------------------------------------

    def _apply_column_visibility(self, visible: list[str]) -> None:
        for index, column in enumerate(COLUMNS):
            self.setColumnHidden(index, column.key not in visible and column.key != "content")

    def visible_columns(self) -> list[str]:
        return [c.key for i, c in enumerate(COLUMNS) if not self.isColumnHidden(i)]

    def column_menu(self) -> QMenu:
        """A tick for each column (the content always shown)."""
        menu = QMenu(self)
        for index, column in enumerate(COLUMNS):
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(index))
            action.setEnabled(column.key != "content")
            action.toggled.connect(lambda on, i=index: self.toggle_column(i, on))
        return menu

    def toggle_column(self, index: int, visible: bool) -> None:
        self.setColumnHidden(index, not visible)
        self._table_settings.set_visible_columns(self.visible_columns())

    def _column_menu_at(self, point: QPoint) -> None:
        self.column_menu().exec(self.horizontalHeader().mapToGlobal(point))

    # --- selection ------------------------------------------------------------------------

    def selected_ranges(self) -> list[tuple[int, int]]:
        """The chosen rows as [first, last) runs: the selection, or else the keyboard's row."""
        selection = self.selectionModel().selection()
        # a QItemSelection is a list of ranges; PySide6's stub leaves out its iteration
        spans = [(r.top(), r.bottom() + 1) for r in selection]  # type: ignore[attr-defined]
        merged = _merged(spans)
        if not merged and self.currentIndex().isValid():
            row = self.currentIndex().row()
            merged = [(row, row + 1)]
        return merged

    def selected_count(self) -> int:
        return sum(last - first for first, last in self.selected_ranges())

    def selected_uuids(self) -> list[str]:
        """The chosen tasks, in table order (read by position: Ctrl+A loads no rows)."""
        ranges = self.selected_ranges()
        return [u for first, last in ranges for u in shown_uuids(self._store, first, last)]

    def select_tasks(self, uuids: list[str], fallback_row: int | None = None) -> None:
        """Select these tasks again after a change (or else the row at ``fallback_row``)."""
        if len(uuids) > RESELECT_LIMIT:
            return
        model = self._model
        model.complete_now()  # the tasks may stand beyond the first rows
        positions = shown_positions(self._store, uuids) if uuids else []
        if not positions and fallback_row is not None and model.rowCount():
            positions = [min(fallback_row, model.rowCount() - 1)]
        if not positions:
            return
        selection = QItemSelection()
        last_column = model.columnCount() - 1
        start = previous = positions[0]
        for position in [*positions[1:], None]:
            if position is not None and position == previous + 1:
                previous = position
                continue
            selection.select(model.index(start, 0), model.index(previous, last_column))
            if position is not None:
                start = previous = position
        flag = QItemSelectionModel.SelectionFlag
        chosen = self.selectionModel()
        chosen.select(selection, flag.ClearAndSelect | flag.Rows)
        current = model.index(positions[0], 0)
        chosen.setCurrentIndex(current, flag.NoUpdate)
        self.scrollTo(current)
