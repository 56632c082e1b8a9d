"""Nhiệm vụ CCHC: the task register — filters, table, counts; what the officer does to the
register is in ``actions``, the filter bar in ``filters``, the table in ``table``."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.context import AppContext
from cchc_desktop.core.tasks import DerivedState, SourceKind
from cchc_desktop.core.text import format_decimal
from cchc_desktop.store.settings_repo import DUE_SOON_DAYS, due_soon_days, set_setting
from cchc_desktop.store.task_query import TaskFilter, helpful_filter
from cchc_desktop.store.task_table import task_count
from cchc_desktop.ui.tasks.actions import TaskActions
from cchc_desktop.ui.tasks.filters import TaskFilterBar, labelled
from cchc_desktop.ui.tasks.model import TaskTableModel
from cchc_desktop.ui.tasks.table import TaskTable
from cchc_desktop.ui.toolkit.actions import page_action
from cchc_desktop.ui.toolkit.operations import refusal_shown, subscribe
from cchc_desktop.ui.toolkit.page import ui_settings
from cchc_desktop.ui.toolkit.settings import TableSettings
from cchc_desktop.ui.toolkit.widgets import HeadingLabel, Shortcut

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


class TasksPage(QWidget):
    title = "Nhiệm vụ CCHC"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self._store = store = context.store
        self._today = context.today
        subscribe(self, store, lambda changes: self.mark_stale() if changes.tasks else None)
        self._total: int | None = None  # tasks in the register, read once per change
        self._loaded = False
        self._stale = False
        self.model = TaskTableModel(store, context.today, self.due_soon_days, self)
        self.model.selection_completed.connect(self._show_counts)
        table_settings = TableSettings(ui_settings(context), "tasks")
        self.table = TaskTable(store, self.model, table_settings)
        self.filters = TaskFilterBar()
        self.controller = TaskActions(context, self, self)

        layout = QVBoxLayout(self)
        layout.addWidget(HeadingLabel(self.title))
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout.addWidget(self.toolbar)
        self._build_actions()
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._build_bottom())
        self._build_timers()
        self._connect_table()
        self._connect_keyboard()

    def _build_bottom(self) -> QHBoxLayout:
        """The counts under the table, and the days that make a task «due soon»."""
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.soon = QSpinBox()
        self.soon.setRange(1, 90)
        self.soon.setValue(self.due_soon_days())
        self.soon.setSuffix(" ngày")
        self.soon.setMinimumWidth(self.soon.fontMetrics().horizontalAdvance("90 ngày") + 40)
        self.soon.setToolTip("Nhiệm vụ có thời hạn trong số ngày này được coi là sắp đến hạn")
        self.soon.setKeyboardTracking(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.counts, 1)
        bottom.addWidget(labelled("Sắp đến hạn khi còn:", self.soon))
        return bottom

    def _build_timers(self) -> None:
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
        self.filters.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.filters.changed.connect(self.apply_filters)
        self.filters.clear_button.clicked.connect(self.clear_filters)
        self.soon.valueChanged.connect(lambda _v: self._soon_timer.start())

    def _connect_table(self) -> None:
        self.table.doubleClicked.connect(lambda _index: self.controller.edit_selected())
        # Enter and Delete act on the table only, never on what is typed in the search box.
        for key, slot in (
            (Qt.Key.Key_Return, self.controller.edit_selected),
            (Qt.Key.Key_Enter, self.controller.edit_selected),
            (QKeySequence.StandardKey.Delete, self.controller.delete_selected),
        ):
            shortcut = QShortcut(QKeySequence(key), self.table, slot)
            # set apart: PySide ignores a context given to the constructor by keyword
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(self.update_actions)
        self.table.selectionModel().currentChanged.connect(self.update_actions)

    def _connect_keyboard(self) -> None:
        chain = [*self.filters.widgets(), self.table, self.soon]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        search = self.filters.search
        search.returnPressed.connect(self._go_to_results)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), search, self._go_to_results)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._focus_search)
        find.setContext(Qt.ShortcutContext.WindowShortcut)  # also from the sidebar

    def _focus_search(self) -> None:
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    def showEvent(self, event: QShowEvent) -> None:
        # The first query waits until the page is first shown: start-up does not pay for it.
        if not self._loaded:
            self.load()
        elif self._stale:
            self._stale = False
            self.reload()
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
        self.table.save_header()
        super().hideEvent(event)

    def mark_stale(self) -> None:
        """Another screen changed the register (a task made from the staff plan): the table
        is read again when this page is next shown."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def load(self) -> None:
        self._loaded = True
        self.reload_choices()
        self.apply_filters()

    def ensure_loaded(self) -> None:
        """Read the register now if the page was never shown (a task opened from elsewhere)."""
        if not self._loaded:
            self.load()

    def reload(self) -> None:
        """After a change: the filter lists, then the table (with what the lists now allow)."""
        self._total = None
        self.reload_choices()
        wanted = self.current_filter()  # a chosen lead or year may have gone from the lists
        if wanted != self.model.task_filter:
            self.model.set_query(wanted)
        else:
            self.model.refresh()

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
        controller = self.controller
        self.add_action = self._action(
            "Thêm", controller.add_task, QKeySequence.StandardKey.New, "Thêm nhiệm vụ"
        )
        self.edit_action = self._action(
            "Sửa", controller.edit_selected, None, "Sửa nhiệm vụ đang chọn (Enter)"
        )
        self.duplicate_action = self._action(
            "Nhân bản",
            controller.duplicate_selected,
            "Ctrl+D",
            "Tạo một nhiệm vụ mới giống nhiệm vụ đang chọn",
        )
        self.status_action = self._action(
            "Đổi trạng thái…",
            controller.change_status,
            "Ctrl+T",
            "Đổi trạng thái các nhiệm vụ đang chọn",
        )
        self.delete_action = self._action(
            "Xóa", controller.delete_selected, None, "Xóa các nhiệm vụ đang chọn (Delete)"
        )
        self.undo_action = self._action("Hoàn tác", controller.undo, QKeySequence.StandardKey.Undo)
        self.import_action = self._action(
            "Nhập từ Excel…",
            controller.import_tasks,
            "Ctrl+I",
            "Nhập bảng nhiệm vụ của kế hoạch từ tệp Excel",
        )
        self.reports_action = self._action(
            "Báo cáo định kỳ…",
            controller.periodic_reports,
            None,
            "Lịch báo cáo định kỳ và tạo nhiệm vụ báo cáo của năm",
        )
        self.stats_action = self._action(
            "Số liệu tổng hợp…",
            controller.statistics,
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

    # --- filtering ------------------------------------------------------------------------

    def reload_choices(self) -> None:
        """Fill the filter lists from the register, keeping what is chosen."""
        self.filters.reload_choices(self._store, self._today().year)

    def current_filter(self) -> TaskFilter:
        return self.filters.current_filter()

    def due_soon_days(self) -> int:
        return due_soon_days(self._store)

    def statistics_year(self) -> int:
        """The year the statistics open on: the one the list shows, else this year."""
        year = self.filters.year.currentData()
        return int(year) if year else self._today().year

    def _save_soon_days(self) -> None:
        value = self.soon.value()
        if value == self.due_soon_days():
            return
        with refusal_shown(self, self.title) as done:
            set_setting(self._store, DUE_SOON_DAYS, value)
        if not done:
            return
        self.model.refresh()

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self.model.set_query(self.current_filter())
        self.update_actions()

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
        self.filters.show_only(state, kind)
        self.apply_filters()

    def clear_filters(self) -> None:
        self.filters.clear()
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
                f"Không có nhiệm vụ nào khớp trong năm {self.filters.year.currentText()}; ở các "
                f"năm khác có {format_decimal(count, 0)} nhiệm vụ khớp: chọn «Năm: Tất cả các năm»."
            )
        return (
            f"Không có nhiệm vụ nào khớp; bỏ lọc «{label}» thì có {format_decimal(count, 0)} "
            "nhiệm vụ. Bấm «Bỏ lọc» để xem tất cả."
        )

    # --- selection and menus --------------------------------------------------------------

    def selected_uuids(self) -> list[str]:
        """The chosen tasks, in table order."""
        return self.table.selected_uuids()

    def update_actions(self) -> None:
        count = self.table.selected_count()
        for action in (self.status_action, self.delete_action):
            action.setEnabled(count > 0)
        for action in (self.edit_action, self.duplicate_action):
            action.setEnabled(count == 1)
        undo = self.controller.undo_label()
        self.undo_action.setEnabled(undo is not None)
        self.undo_action.setToolTip(
            f"Hoàn tác: {undo} (Ctrl+Z)" if undo is not None else "Không có gì để hoàn tác"
        )

    def _column_menu_here(self) -> None:
        self.table.column_menu().exec(self.mapToGlobal(self.table.geometry().topLeft()))

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
