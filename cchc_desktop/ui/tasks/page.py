"""Nhiệm vụ CCHC: the task register — filters, table, editor, bulk changes, undo.

The dialogs (editor, import, statistics …) are imported when first opened: the
page is built at start-up, and start-up should not pay for what it does not show.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.context import AppContext
from cchc_desktop.core.changes import Changes
from cchc_desktop.core.tasks import (
    NO_ISSUER_LABEL,
    DerivedState,
    SourceKind,
    Status,
)
from cchc_desktop.core.text import format_decimal
from cchc_desktop.store import StoreError, StoreWriteError
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.store.settings_repo import DUE_SOON_DAYS, due_soon_days, set_setting
from cchc_desktop.store.task_query import TaskFilter, helpful_filter
from cchc_desktop.store.task_repo import (
    delete_tasks,
    duplicate_task,
    load_task,
    reform_fields,
    set_status,
    task_years,
)
from cchc_desktop.store.task_table import (
    distinct_issuers,
    distinct_leads,
    shown_positions,
    shown_uuids,
    task_count,
)
from cchc_desktop.store.task_undo import TaskSnapshot, added_snapshot, restore_tasks, snapshot_tasks
from cchc_desktop.ui.tasks.model import COLUMNS, DEFAULT_VISIBLE, TaskTableModel
from cchc_desktop.ui.toolkit.actions import page_action
from cchc_desktop.ui.toolkit.ask import ask_yes_no
from cchc_desktop.ui.toolkit.errors import show_user_error
from cchc_desktop.ui.toolkit.operations import announce, refusal_shown, subscribe
from cchc_desktop.ui.toolkit.page import ui_settings
from cchc_desktop.ui.toolkit.settings import TableSettings
from cchc_desktop.ui.toolkit.widgets import (
    NO_FIELD_LABEL,
    HeadingLabel,
    Shortcut,
    enum_of,
    fill_enum_combo,
)

ANY = "(Tất cả)"
UNDO_DEPTH = 20
# as the counts under the table name them: what needs doing first
_COUNTED_STATES = (
    DerivedState.OVERDUE,
    DerivedState.DUE_SOON,
    DerivedState.IN_TIME,
    DerivedState.NO_DEADLINE,
    DerivedState.DONE_ON_TIME,
    DerivedState.DONE_LATE,
    DerivedState.PAUSED,
    DerivedState.CANCELLED,
)
# re-selecting more tasks than this after a change would cost more than it helps
RESELECT_LIMIT = 2000


class TasksPage(QWidget):
    title = "Nhiệm vụ CCHC"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self._store = store = context.store
        self._today = today = context.today
        settings = ui_settings(context)
        subscribe(self, store, lambda changes: self.mark_stale() if changes.tasks else None)
        self._table_settings = TableSettings(settings, "tasks")
        self._undo: list[tuple[str, TaskSnapshot]] = []
        self._total: int | None = None  # tasks in the register, read once per change
        self.model = TaskTableModel(store, today, self.due_soon_days, self)
        self.model.selection_completed.connect(self._show_counts)

        layout = QVBoxLayout(self)
        layout.addWidget(HeadingLabel(self.title))
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout.addWidget(self.toolbar)
        self._build_actions()
        layout.addLayout(self._build_filters())

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        # The column titles keep a selection of their own: sharing the table's, Qt would
        # check every selected row for each title it paints (seconds after Ctrl+A).
        header.setSelectionModel(QItemSelectionModel(self.model, header))
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu_at)
        header.setSortIndicator(
            [c.key for c in COLUMNS].index("deadline"), Qt.SortOrder.AscendingOrder
        )
        self._size_columns()
        saved_header = self._table_settings.header_state(self._column_keys())
        if saved_header is not None:
            header.restoreState(saved_header)  # order, widths and sort as the officer left them
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        # Enter and Delete act on the table only, never on what is typed in the search box.
        for key, slot in (
            (Qt.Key.Key_Return, self.edit_selected),
            (Qt.Key.Key_Enter, self.edit_selected),
            (QKeySequence.StandardKey.Delete, self.delete_selected),
        ):
            shortcut = QShortcut(QKeySequence(key), self.table, slot)
            # set apart: PySide ignores a context given to the constructor by keyword
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.customContextMenuRequested.connect(self._context_menu)
        layout.addWidget(self.table, 1)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.counts, 1)
        bottom.addWidget(self.soon_control)
        layout.addLayout(bottom)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_filters)
        self._search_pending = False
        # the due-soon days are saved and applied once the officer stops changing them
        self._soon_timer = QTimer(self)
        self._soon_timer.setSingleShot(True)
        self._soon_timer.setInterval(400)
        self._soon_timer.timeout.connect(self._save_soon_days)
        chain = [
            self.search,
            self.year,
            self.field,
            self.status,
            self.state,
            self.lead,
            self.kind,
            self.issuer,
            self.clear_button,
            self.table,
            self.soon,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.search.returnPressed.connect(self._go_to_results)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search, self._go_to_results)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._focus_search)
        find.setContext(Qt.ShortcutContext.WindowShortcut)  # also from the sidebar
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.selectionModel().currentChanged.connect(self._update_actions)
        self._apply_column_visibility(self._table_settings.visible_columns(DEFAULT_VISIBLE))
        self._loaded = False
        self._stale = False

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def showEvent(self, event: QShowEvent) -> None:
        # The first query waits until the page is first shown: start-up does not pay for it.
        if not self._loaded:
            self.load()
        elif self._stale:
            self._stale = False
            self._reload()
        elif self._search_pending:
            self.apply_filters()  # what was typed just before the page was left
        self._search_pending = False
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # A search typed just before the window closed (or another data file was opened)
        # must not run afterwards, on a store that may be closed by then; it runs when
        # the page is shown again.
        self._search_pending = self._search_timer.isActive()
        self._search_timer.stop()
        if self._soon_timer.isActive():
            self._soon_timer.stop()
            self._save_soon_days()
        self._table_settings.set_header_state(
            self._column_keys(), self.table.horizontalHeader().saveState()
        )
        super().hideEvent(event)

    def mark_stale(self) -> None:
        """Another screen changed the register (a task made from the staff plan): the table
        is read again when this page is next shown."""
        if self.isVisible():
            self._reload()
        else:
            self._stale = True

    def load(self) -> None:
        self._loaded = True
        self.reload_choices()
        self.apply_filters()

    # --- building -------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: Shortcut | None = None,
        tip: str = "",
    ) -> QAction:
        return page_action(self, text, slot, shortcut, tip)

    def _build_actions(self) -> None:
        self.add_action = self._action(
            "Thêm", self.add_task, QKeySequence.StandardKey.New, "Thêm nhiệm vụ"
        )
        self.edit_action = self._action(
            "Sửa", self.edit_selected, None, "Sửa nhiệm vụ đang chọn (Enter)"
        )
        self.duplicate_action = self._action(
            "Nhân bản",
            self.duplicate_selected,
            "Ctrl+D",
            "Tạo một nhiệm vụ mới giống nhiệm vụ đang chọn",
        )
        self.status_action = self._action(
            "Đổi trạng thái…", self.change_status, "Ctrl+T", "Đổi trạng thái các nhiệm vụ đang chọn"
        )
        self.delete_action = self._action(
            "Xóa", self.delete_selected, None, "Xóa các nhiệm vụ đang chọn (Delete)"
        )
        self.undo_action = self._action("Hoàn tác", self.undo, QKeySequence.StandardKey.Undo)
        self.import_action = self._action(
            "Nhập từ Excel…",
            self.import_tasks,
            "Ctrl+I",
            "Nhập bảng nhiệm vụ của kế hoạch từ tệp Excel",
        )
        self.reports_action = self._action(
            "Báo cáo định kỳ…",
            self.periodic_reports,
            None,
            "Lịch báo cáo định kỳ và tạo nhiệm vụ báo cáo của năm",
        )
        self.stats_action = self._action(
            "Số liệu tổng hợp…",
            self.statistics,
            None,
            "Số nhiệm vụ hoàn thành, quá hạn… của một năm hoặc một kỳ",
        )
        self.columns_action = self._action(
            "Cột hiển thị…", self._column_menu_here, None, "Chọn các cột hiện trong bảng"
        )
        for action in (
            self.add_action,
            self.edit_action,
            self.duplicate_action,
            self.status_action,
            self.delete_action,
            self.undo_action,
        ):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        for action in (
            self.import_action,
            self.reports_action,
            self.stats_action,
            self.columns_action,
        ):
            self.toolbar.addAction(action)

    def _combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        return combo

    def _build_filters(self) -> QGridLayout:
        grid = QGridLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            "Tìm cụm từ trong nội dung, chủ trì, văn bản… (gõ không dấu cũng được; Ctrl+F)"
        )
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.year: QComboBox = self._combo()
        self.year.setToolTip("Một năm gồm cả những nhiệm vụ của các năm trước chưa hoàn thành")
        self.field: QComboBox = self._combo()
        self.status: QComboBox = self._combo()
        self.state: QComboBox = self._combo()
        self.lead: QComboBox = self._combo()
        self.kind: QComboBox = self._combo()
        self.issuer: QComboBox = self._combo()
        fixed = ((self.status, Status), (self.state, DerivedState), (self.kind, SourceKind))
        for combo, members in fixed:
            combo.blockSignals(True)
            fill_enum_combo(combo, members, any_label=ANY)
            combo.blockSignals(False)
        self.soon: QSpinBox = QSpinBox()
        self.soon.setRange(1, 90)
        self.soon.setValue(self.due_soon_days())
        self.soon.setSuffix(" ngày")
        self.soon.setMinimumWidth(self.soon.fontMetrics().horizontalAdvance("90 ngày") + 40)
        self.soon.setToolTip("Nhiệm vụ có thời hạn trong số ngày này được coi là sắp đến hạn")
        self.soon.setKeyboardTracking(False)
        self.soon.valueChanged.connect(lambda _v: self._soon_timer.start())
        self.clear_button: QPushButton = QPushButton("Bỏ lọc")
        self.clear_button.clicked.connect(self.clear_filters)

        def labelled(text: str, widget: QWidget) -> QWidget:
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            caption = QLabel(text)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget, 1)
            return holder

        # Three to a row: each list keeps room for its label at 125–150 % and large text.
        grid.addWidget(labelled("Tìm:", self.search), 0, 0, 1, 2)
        grid.addWidget(labelled("Năm:", self.year), 0, 2)
        grid.addWidget(labelled("Lĩnh vực:", self.field), 1, 0)
        grid.addWidget(labelled("Trạng thái:", self.status), 1, 1)
        grid.addWidget(labelled("Tình trạng:", self.state), 1, 2)
        grid.addWidget(labelled("Chủ trì:", self.lead), 2, 0)
        grid.addWidget(labelled("Loại nguồn:", self.kind), 2, 1)
        grid.addWidget(labelled("Cơ quan giao:", self.issuer), 2, 2)
        grid.addWidget(self.clear_button, 0, 3)
        self.soon_control: QWidget = labelled("Sắp đến hạn khi còn:", self.soon)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        return grid

    def reload_choices(self) -> None:
        """Fill the filter lists from the register, keeping what is chosen."""

        def refill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            index = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

        this_year = self._today().year
        years = sorted({this_year, *task_years(self._store)}, reverse=True)
        first_fill = self.year.count() == 0
        refill(self.year, [("Tất cả các năm", None), *((str(y), y) for y in years)])
        if first_fill:
            self.year.blockSignals(True)
            self.year.setCurrentIndex(max(self.year.findData(this_year), 0))
            self.year.blockSignals(False)
        refill(
            self.field,
            [
                (ANY, None),
                (NO_FIELD_LABEL, ""),
                *((f.name, f.code) for f in reform_fields(self._store)),
            ],
        )
        refill(self.lead, [(ANY, None), *((lead, lead) for lead in distinct_leads(self._store))])
        refill(
            self.issuer,
            [(ANY, None), (NO_ISSUER_LABEL, ""), *((i, i) for i in distinct_issuers(self._store))],
        )

    # --- filtering ------------------------------------------------------------------------

    def due_soon_days(self) -> int:
        return due_soon_days(self._store)

    def _save_soon_days(self) -> None:
        value = self.soon.value()
        if value == self.due_soon_days():
            return
        with refusal_shown(self, self.title) as done:
            set_setting(self._store, DUE_SOON_DAYS, value)
        if not done:
            return
        self.model.refresh()

    def current_filter(self) -> TaskFilter:
        year = self.year.currentData()
        values = {
            "field_code": self.field.currentData(),
            "status": enum_of(self.status, Status),
            "state": enum_of(self.state, DerivedState),
            "lead": self.lead.currentData(),
            "kind": enum_of(self.kind, SourceKind),
            "issuer": self.issuer.currentData(),
            "text": self.search.text(),
        }
        return TaskFilter.for_year(year, **values) if year else TaskFilter(**values)

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self.model.set_query(self.current_filter())
        self._update_actions()

    def _go_to_results(self) -> None:
        """From the search box to the first task found (Enter or Down)."""
        if self._search_timer.isActive():  # typed faster than the search ran
            self.apply_filters()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def show_state(self, state: DerivedState | None, kind: SourceKind | None = None) -> None:
        """Show every task (all years) in ``state`` and of ``kind``, other filters cleared."""
        if not self._loaded:
            self._loaded = True
            self.reload_choices()
        self._stale = False
        for combo, value in (
            (self.year, None),
            (self.field, None),
            (self.status, None),
            (self.state, state),
            (self.lead, None),
            (self.kind, kind),
            (self.issuer, None),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value.value), 0) if value is not None else 0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filters()

    def clear_filters(self) -> None:
        for combo in (self.field, self.status, self.state, self.lead, self.kind, self.issuer):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        # not blocked: the box's clear button listens to its text too
        self.search.clear()
        self.apply_filters()

    def _show_counts(self) -> None:
        selection = self.model.selection
        if not selection.complete:
            return
        if self._total is None:
            self._total = task_count(self._store)
        total = self._total
        parts = [
            f"Đang hiển thị {format_decimal(selection.count, 0)} nhiệm vụ"
            + (f" (trong tổng số {format_decimal(total, 0)})" if total != selection.count else "")
        ]
        for state in _COUNTED_STATES:
            if selection.counts[state]:
                parts.append(f"{state.label}: {format_decimal(selection.counts[state], 0)}")
        if total == 0:
            parts = ["Chưa có nhiệm vụ nào. Bấm «Thêm» để nhập, hoặc «Nhập từ Excel…»."]
        elif selection.count == 0:
            parts = [self._empty_hint()]
        self.counts.setText(" · ".join(parts))

    def _empty_hint(self) -> str:
        """Nothing matches: say which filter hides the tasks, rather than a bare zero."""
        found = helpful_filter(
            self._store, self.current_filter(), self._today(), self.due_soon_days()
        )
        if found is None:
            return "Không có nhiệm vụ nào khớp. Bấm «Bỏ lọc» để xem tất cả."
        key, label, count = found
        if key == "year":
            return (
                f"Không có nhiệm vụ nào khớp trong năm {self.year.currentText()}; ở các năm "
                f"khác có {format_decimal(count, 0)} nhiệm vụ khớp: chọn «Năm: Tất cả các năm»."
            )
        return (
            f"Không có nhiệm vụ nào khớp; bỏ lọc «{label}» thì có {format_decimal(count, 0)} "
            "nhiệm vụ. Bấm «Bỏ lọc» để xem tất cả."
        )

    # --- columns --------------------------------------------------------------------------

    @staticmethod
    def _column_keys() -> list[str]:
        return [c.key for c in COLUMNS]

    def _size_columns(self) -> None:
        width = self.table.fontMetrics().averageCharWidth()
        for index, column in enumerate(COLUMNS):
            self.table.setColumnWidth(index, column.width * width + 16)

    def _apply_column_visibility(self, visible: list[str]) -> None:
        for index, column in enumerate(COLUMNS):
            self.table.setColumnHidden(index, column.key not in visible and column.key != "content")

    def visible_columns(self) -> list[str]:
        return [c.key for i, c in enumerate(COLUMNS) if not self.table.isColumnHidden(i)]

    def _column_menu(self) -> QMenu:
        menu = QMenu(self)
        for index, column in enumerate(COLUMNS):
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(index))
            action.setEnabled(column.key != "content")
            action.toggled.connect(lambda on, i=index: self._toggle_column(i, on))
        return menu

    def _toggle_column(self, index: int, visible: bool) -> None:
        self.table.setColumnHidden(index, not visible)
        self._table_settings.set_visible_columns(self.visible_columns())

    def _column_menu_at(self, point: QPoint) -> None:
        self._column_menu().exec(self.table.horizontalHeader().mapToGlobal(point))

    def _column_menu_here(self) -> None:
        self._column_menu().exec(self.mapToGlobal(self.table.geometry().topLeft()))

    # --- selection ------------------------------------------------------------------------

    def _selected_ranges(self) -> list[tuple[int, int]]:
        """The chosen rows as [first, last) runs: the selection, or else the keyboard's row."""
        selection = self.table.selectionModel().selection()
        # a QItemSelection is a list of ranges; PySide6's stub leaves out its iteration
        spans = sorted((r.top(), r.bottom() + 1) for r in selection)  # type: ignore[attr-defined]
        merged: list[tuple[int, int]] = []
        for first, last in spans:
            if merged and first <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], last))
            else:
                merged.append((first, last))
        if not merged and self.table.currentIndex().isValid():
            row = self.table.currentIndex().row()
            merged = [(row, row + 1)]
        return merged

    def selected_uuids(self) -> list[str]:
        """The chosen tasks, in table order (read by position: Ctrl+A loads no rows)."""
        ranges = self._selected_ranges()
        return [u for first, last in ranges for u in shown_uuids(self._store, first, last)]

    def _update_actions(self) -> None:
        count = sum(last - first for first, last in self._selected_ranges())
        for action in (self.status_action, self.delete_action):
            action.setEnabled(count > 0)
        for action in (self.edit_action, self.duplicate_action):
            action.setEnabled(count == 1)
        self.undo_action.setEnabled(bool(self._undo))
        self.undo_action.setToolTip(
            f"Hoàn tác: {self._undo[-1][0]} (Ctrl+Z)" if self._undo else "Không có gì để hoàn tác"
        )

    def _select(self, uuids: list[str], fallback_row: int | None = None) -> None:
        """Select these tasks again after a change (or else the row at ``fallback_row``)."""
        if len(uuids) > RESELECT_LIMIT:
            return
        self.model.complete_now()  # the tasks may stand beyond the first rows
        positions = shown_positions(self._store, uuids) if uuids else []
        if not positions and fallback_row is not None and self.model.rowCount():
            positions = [min(fallback_row, self.model.rowCount() - 1)]
        if not positions:
            return
        selection = QItemSelection()
        last_column = self.model.columnCount() - 1
        start = previous = positions[0]
        for position in [*positions[1:], None]:
            if position is not None and position == previous + 1:
                previous = position
                continue
            selection.select(self.model.index(start, 0), self.model.index(previous, last_column))
            if position is not None:
                start = previous = position
        flag = QItemSelectionModel.SelectionFlag
        chosen = self.table.selectionModel()
        chosen.select(selection, flag.ClearAndSelect | flag.Rows)
        current = self.model.index(positions[0], 0)
        chosen.setCurrentIndex(current, flag.NoUpdate)
        self.table.scrollTo(current)

    def _reload(self) -> None:
        """After a change: the filter lists, then the table (with what the lists now allow)."""
        self._total = None
        self.reload_choices()
        wanted = self.current_filter()  # a chosen lead or year may have gone from the lists
        if wanted != self.model.task_filter:
            self.model.set_query(wanted)
        else:
            self.model.refresh()

    def _changed(
        self,
        label: str,
        before: TaskSnapshot,
        select: list[str] | None = None,
        fallback_row: int | None = None,
    ) -> None:
        self._undo.append((label, before))
        del self._undo[:-UNDO_DEPTH]
        self._reload()
        announce(self._store, Changes(tasks=True), self)
        self._select(select or [], fallback_row)
        self._update_actions()

    def _run(self, dialog: QDialog) -> int:
        """Show a dialog; the keyboard comes back to the table after it."""
        result = dialog.exec()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return result

    # --- actions --------------------------------------------------------------------------

    def add_task(self) -> None:
        from cchc_desktop.ui.tasks.editor import TaskEditorDialog

        dialog = TaskEditorDialog(self._store, None, self._today(), self)
        if self._run(dialog) and dialog.saved and dialog.saved.uuid:
            uuid = dialog.saved.uuid
            self._changed("thêm nhiệm vụ", added_snapshot([uuid]), [uuid])

    def edit_selected(self) -> None:
        uuids = self.selected_uuids()
        if len(uuids) == 1:
            self.edit_task(uuids[0])

    def edit_task(self, uuid: str) -> None:
        """Open one task in the editor (also from the staff plan, whatever the filter shows)."""
        uuids = [uuid]
        task = load_task(self._store, uuid)
        if task is None:
            return
        if not self._loaded:
            self.load()
        from cchc_desktop.ui.tasks.editor import TaskEditorDialog

        before = snapshot_tasks(self._store, uuids)
        dialog = TaskEditorDialog(self._store, task, self._today(), self)
        if self._run(dialog) and dialog.saved:
            if dialog.saved == task:  # saved as it was: nothing to undo
                return
            self._changed("sửa nhiệm vụ", before, uuids)

    def duplicate_selected(self) -> None:
        uuids = self.selected_uuids()
        if len(uuids) != 1:
            return
        try:
            copy = duplicate_task(self._store, uuids[0], self._today())
        except (StoreError, ValueError) as exc:
            QMessageBox.warning(self, self.title, getattr(exc, "message", str(exc)))
            return
        assert copy.uuid
        self._changed("nhân bản nhiệm vụ", added_snapshot([copy.uuid]), [copy.uuid])

    def change_status(self) -> None:
        uuids = self.selected_uuids()
        if not uuids:
            return
        from cchc_desktop.ui.tasks.dialogs import StatusDialog

        dialog = StatusDialog(len(uuids), self._today(), self)
        if not self._run(dialog):
            return
        status, completed_on = dialog.choice()
        before = snapshot_tasks(self._store, uuids)
        with refusal_shown(self, self.title) as done:
            result = set_status(self._store, uuids, status, completed_on, self._today())
        if not done:
            return
        self._changed(f"đổi trạng thái {len(result.changed)} nhiệm vụ", before, uuids)
        if result.refused:
            lines = "\n".join(
                f"• {content}: {reason}" for _, content, reason in result.refused[:15]
            )
            more = len(result.refused) - 15
            QMessageBox.information(
                self,
                "Đổi trạng thái",
                f"Đã đổi {len(result.changed)} nhiệm vụ. {len(result.refused)} nhiệm vụ không "
                f"đổi được:\n{lines}" + (f"\n… và {more} nhiệm vụ khác." if more > 0 else ""),
            )

    def confirm_delete(self, count: int) -> bool:
        return ask_yes_no(
            self,
            "Xóa nhiệm vụ",
            f"Xóa {count} nhiệm vụ đang chọn? Ngay sau khi xóa vẫn có thể hoàn tác (Ctrl+Z).",
        )

    def delete_selected(self) -> None:
        uuids = self.selected_uuids()
        if not uuids or not self.confirm_delete(len(uuids)):
            return
        first_row = self._selected_ranges()[0][0]
        before = snapshot_tasks(self._store, uuids)
        with refusal_shown(self, self.title) as done:
            deleted = delete_tasks(self._store, uuids)
        if not done:
            return
        # the keyboard stays where the deleted tasks were: on the next one
        self._changed(f"xóa {deleted} nhiệm vụ", before, fallback_row=first_row)

    def undo(self) -> None:
        if not self._undo:
            return
        label, before = self._undo.pop()
        try:
            restore_tasks(self._store, before)
        except StoreError as exc:
            if isinstance(exc, StoreWriteError):  # the disk, not the change: it can be retried
                self._undo.append((label, before))
            show_user_error(self, self.title, exc)
            self._update_actions()
            return
        self._reload()
        announce(self._store, Changes(tasks=True), self)
        self._select([row["uuid"] for row in before.rows["tasks"]])
        self._update_actions()
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(f"Đã hoàn tác: {label}", 4000)

    def _default_lead(self) -> str:
        profile = load_profile(self._store)
        return profile.preparer_name if profile else ""

    def import_tasks(self) -> None:
        from cchc_desktop.ui.tasks.import_dialog import ImportTasksDialog

        dialog = ImportTasksDialog(self._store, self._today(), self._default_lead(), self)
        if self._run(dialog) and dialog.added:
            uuids = [t.uuid for t in dialog.added if t.uuid]
            self._changed(f"nhập {len(uuids)} nhiệm vụ từ Excel", added_snapshot(uuids), uuids)

    def periodic_reports(self) -> None:
        year = self._context.working_year()
        from cchc_desktop.ui.tasks.dialogs import PeriodicReportsDialog

        dialog = PeriodicReportsDialog(
            self._store, year, self._default_lead() or "Văn phòng HĐND và UBND", self._today(), self
        )
        self._run(dialog)
        if dialog.added:
            uuids = [t.uuid for t in dialog.added if t.uuid]
            label = f"tạo {len(uuids)} nhiệm vụ báo cáo định kỳ"
            self._changed(label, added_snapshot(uuids), uuids)

    def statistics(self) -> None:
        from cchc_desktop.ui.tasks.dialogs import StatisticsDialog

        year = self.year.currentData() or self._today().year
        self._run(StatisticsDialog(self._store, year, self._today(), self.due_soon_days(), self))

    def _context_menu(self, point: QPoint) -> None:
        menu = QMenu(self)
        for action in (
            self.edit_action,
            self.duplicate_action,
            self.status_action,
            self.delete_action,
        ):
            menu.addAction(action)
        menu.exec(self.table.viewport().mapToGlobal(point))
