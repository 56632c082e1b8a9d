"""The task table: a Qt model over the selection kept in the store.

Rows are read a page at a time, by position, and only the pages near what is
on screen are kept, so memory stays flat while the officer scrolls through
100,000 tasks.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from cchc_desktop.core.clock import Clock
from cchc_desktop.core.tasks import SELF_ASSIGNED_LABEL, DerivedState
from cchc_desktop.core.text import format_date
from cchc_desktop.store.database import Store
from cchc_desktop.store.task_query import TaskFilter
from cchc_desktop.store.task_table import TaskRow, TaskSelection, select_tasks, shown_ids, task_rows


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sort: str | None
    width: int  # in average character widths


# What an officer looks for first comes first: the task, how it stands, by when, who.
COLUMNS = (
    Column("content", "Nội dung nhiệm vụ", "content", 46),
    Column("state", "Tình trạng", "state", 22),
    Column("deadline", "Thời hạn", "deadline", 12),
    Column("lead", "Chủ trì", "lead", 20),
    Column("status", "Trạng thái", "status", 14),
    Column("completed_on", "Ngày hoàn thành", "completed_on", 13),
    Column("field", "Lĩnh vực", "field", 22),
    Column("source", "Văn bản giao", "source", 22),
    Column("issuer", "Cơ quan giao", "issuer", 18),
    Column("kind", "Loại nguồn", "kind", 18),
    Column("coordinators", "Phối hợp", None, 20),
    Column("assigned_on", "Ngày giao", "assigned_on", 11),
    Column("results", "Kết quả, tài liệu", None, 20),
    Column("notes", "Ghi chú", None, 20),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
# Shown by default; the rest can be switched on by the officer.
DEFAULT_VISIBLE = (
    "content",
    "field",
    "source",
    "lead",
    "deadline",
    "status",
    "completed_on",
    "state",
)

# Text and background of each state: every pair readable on an old office screen (contrast
# at least 4.5:1, the WCAG level for text; «Sắp đến hạn» was amber on pale yellow, 2.2:1).
STATE_COLOURS = {
    DerivedState.OVERDUE: ("#c62828", "#fde4e4"),
    DerivedState.DUE_SOON: ("#8a5a00", "#fff5d6"),
    DerivedState.DONE_LATE: ("#b85c00", None),
    DerivedState.DONE_ON_TIME: ("#2e7d32", None),
    DerivedState.IN_TIME: ("#1f5fa8", None),
    DerivedState.NO_DEADLINE: ("#6b6b6b", None),
    DerivedState.PAUSED: ("#6b6b6b", None),
    DerivedState.CANCELLED: ("#767676", None),
}
# Built once: the table asks for them for every cell it paints.
_FOREGROUNDS = {state: QBrush(QColor(text)) for state, (text, _) in STATE_COLOURS.items()}
_BACKGROUNDS = {
    state: QBrush(QColor(background))
    for state, (_, background) in STATE_COLOURS.items()
    if background
}


def state_icon(state: DerivedState) -> QIcon:
    """A small filled mark in the state's colour (the text says the same, for print)."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(STATE_COLOURS[state][0]))
    if state in (DerivedState.OVERDUE, DerivedState.DUE_SOON):  # a warning triangle
        painter.drawPolygon([QPointF(7, 1), QPointF(13, 13), QPointF(1, 13)])
    else:
        painter.drawEllipse(2, 2, 10, 10)
    painter.end()
    return QIcon(pixmap)


class TaskTableModel(QAbstractTableModel):
    """Rows of the task table, read a page at a time.

    A new selection shows its first rows at once and is completed just after they
    are painted (``selection_completed`` then fires): on a large register the table
    appears without waiting for every matching task to be counted and ordered.
    """

    PAGE = 200
    KEEP_PAGES = 12
    FIRST_ROWS = 300
    COMPLETE_AFTER_MS = 15

    selection_completed = Signal()

    def __init__(
        self,
        store: Store,
        today: Clock,
        due_soon_days: Callable[[], int],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._today = today
        self._due_soon_days = due_soon_days
        self._filter = TaskFilter()
        self._sort = "deadline"
        self._descending = False
        self._selection = TaskSelection(0, Counter())
        self._known_counts: Counter[DerivedState] | None = None
        # page number → rows with their display texts, most recently used last
        self._pages: OrderedDict[int, list[tuple[TaskRow, tuple[str, ...]]]] = OrderedDict()
        self._icons = {state: state_icon(state) for state in DerivedState}
        # the day and the due-soon days the selection was judged with, read once per query
        self._judged_on = today()
        self._soon_days = 0
        self._active = False  # no query until the first set_query (the page is shown)
        # completes a selection shown by its first rows; owned by the model, so it never
        # fires for a model that is gone, and restarted (or stopped) by a newer query
        self._completion = QTimer(self)
        self._completion.setSingleShot(True)
        self._completion.setTimerType(Qt.TimerType.PreciseTimer)
        self._completion.timeout.connect(self._complete)

    # --- the query ------------------------------------------------------------------------

    @property
    def selection(self) -> TaskSelection:
        return self._selection

    @property
    def task_filter(self) -> TaskFilter:
        return self._filter

    @property
    def sort_key(self) -> tuple[str, bool]:
        return self._sort, self._descending

    def set_query(
        self, flt: TaskFilter | None = None, sort: str | None = None, descending: bool | None = None
    ) -> None:
        only_order = self._active and (flt is None or flt == self._filter)
        if flt is not None:
            self._filter = flt
        if sort is not None:
            self._sort = sort
        if descending is not None:
            self._descending = descending
        self._active = True
        self.refresh(only_order=only_order)

    def refresh(self, only_order: bool = False) -> None:
        """Run the query again (after a change, or when the day or a setting changed).

        ``only_order``: the same tasks in another order, so their counts are kept.
        """
        if not self._active:
            return
        self.beginResetModel()
        judged_on = self._today()
        soon_days = self._due_soon_days()
        keep_counts = (
            only_order
            and judged_on == self._judged_on
            and soon_days == self._soon_days
            and self._selection.complete
        )
        self._known_counts = self._selection.counts if keep_counts else None
        self._judged_on = judged_on
        self._soon_days = soon_days
        self._completion.stop()  # a completion pending for an older query is dropped
        self._selection = self._select(first_rows=self.FIRST_ROWS)
        self._pages.clear()
        self.endResetModel()
        if self._selection.complete:
            self.selection_completed.emit()
        else:
            self._completion.start(self.COMPLETE_AFTER_MS)

    def _select(self, first_rows: int | None) -> TaskSelection:
        return select_tasks(
            self._store,
            self._filter,
            self._judged_on,
            self._soon_days,
            self._sort,
            self._descending,
            counts=self._known_counts,
            first_rows=first_rows,
        )

    def _complete(self) -> None:
        if not self._selection.complete:
            self.complete_now()

    def complete_now(self) -> None:
        """Finish the selection (the rest of the rows and the counts) without waiting."""
        self._completion.stop()
        if self._selection.complete:
            return
        shown = self._selection.count
        full = self._select(first_rows=None)
        if full.count < shown:  # the register changed meanwhile: the first rows may have too
            self.beginResetModel()
            self._selection = full
            self._pages.clear()
            self.endResetModel()
        else:
            inserting = full.count > shown
            if inserting:
                self.beginInsertRows(QModelIndex(), shown, full.count - 1)
            self._selection = full
            # A page read before completion stopped at the first rows (rows 200–399 held
            # only 200–299); the first rows keep their positions, so full pages stay.
            for number in [n for n, page in self._pages.items() if len(page) < self.PAGE]:
                del self._pages[number]
            if inserting:
                self.endInsertRows()
        self.selection_completed.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column].sort if 0 <= column < len(COLUMNS) else None
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if not self._active:  # before the first query: only remember the order
            self._sort, self._descending = key, descending
            return
        self.set_query(sort=key, descending=descending)

    # --- rows -----------------------------------------------------------------------------

    def _page(self, number: int) -> list[tuple[TaskRow, tuple[str, ...]]]:
        page = self._pages.get(number)
        if page is None:
            ids = shown_ids(self._store, number * self.PAGE, (number + 1) * self.PAGE)
            rows = task_rows(self._store, ids, self._judged_on, self._soon_days)
            page = [(row, tuple(display_text(row, key) for key in COLUMN_KEYS)) for row in rows]
            self._pages[number] = page
            while len(self._pages) > self.KEEP_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    def _entry(self, row: int) -> tuple[TaskRow, tuple[str, ...]] | None:
        if not 0 <= row < self._selection.count:
            return None
        page = self._page(row // self.PAGE)
        offset = row % self.PAGE
        return page[offset] if offset < len(page) else None

    def row(self, row: int) -> TaskRow | None:
        entry = self._entry(row)
        return entry[0] if entry else None

    def cached_pages(self) -> int:
        return len(self._pages)

    # --- Qt -------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._selection.count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section].title
        return str(section + 1)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        entry = self._entry(index.row())
        if entry is None:
            return None
        task, texts = entry
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return texts[column]
        key = COLUMN_KEYS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in ("content", "notes", "results", "coordinators", "source"):
                return texts[column] or None
            if key == "state":
                return task.state.label
            return None
        if role == Qt.ItemDataRole.DecorationRole and key == "state":
            return self._icons[task.state]
        if role == Qt.ItemDataRole.BackgroundRole:
            return _BACKGROUNDS.get(task.state)
        if role == Qt.ItemDataRole.ForegroundRole and key == "state":
            return _FOREGROUNDS[task.state]
        if role == Qt.ItemDataRole.TextAlignmentRole and key in (
            "assigned_on",
            "deadline",
            "completed_on",
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def display_text(task: TaskRow, key: str) -> str:
    if key == "content":
        return task.content
    if key == "field":
        return task.field_name or "(chưa xác định)"
    if key == "kind":
        return task.kind.label
    if key == "source":
        if task.self_assigned:
            return SELF_ASSIGNED_LABEL
        dated = f" ngày {format_date(task.source_date)}" if task.source_date else ""
        return f"{task.source_number}{dated}"
    if key == "issuer":
        return SELF_ASSIGNED_LABEL if task.self_assigned else task.issuer
    if key == "lead":
        return task.lead
    if key == "coordinators":
        return "; ".join(task.coordinators)
    if key == "assigned_on":
        return format_date(task.assigned_on)
    if key == "deadline":
        return format_date(task.deadline) if task.deadline else "Không thời hạn"
    if key == "status":
        return task.status.label
    if key == "completed_on":
        return format_date(task.completed_on) if task.completed_on else ""
    if key == "state":
        return task.state.label
    if key == "results":
        return task.results
    if key == "notes":
        return task.notes
    raise KeyError(key)
