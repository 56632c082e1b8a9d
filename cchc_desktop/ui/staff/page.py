"""Cán bộ & chuẩn hóa: the staff list, the gaps and their plan, the ratios, the standards."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.context import AppContext
from cchc_desktop.core.changes import Changes
from cchc_desktop.core.staff import LEVEL_ATTRIBUTES, StaffLists, load_staff_lists
from cchc_desktop.core.standard_checks import Evaluation, evaluate
from cchc_desktop.core.standard_plan import gap_rows
from cchc_desktop.core.standards import AGE, FIELD, POSITION, attribute_label, position_names
from cchc_desktop.core.text import dated_file_name, fold_for_search
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.store.staff_repo import (
    delete_officials,
    load_actions,
    load_official,
    load_officials,
    load_standard_sets,
    task_states,
)
from cchc_desktop.ui.staff.export_dialog import ExportChoiceDialog, plan_lines
from cchc_desktop.ui.staff.filters import (
    ALL,
    OUTCOME_FILTERS,
    StaffFilter,
    outcome_key,
    position_key,
)
from cchc_desktop.ui.staff.model import evaluation_details, outcome_colour, staff_columns
from cchc_desktop.ui.staff.plan import PlanPanel
from cchc_desktop.ui.staff.ratios import RatiosPanel
from cchc_desktop.ui.toolkit.actions import page_action
from cchc_desktop.ui.toolkit.ask import ask_yes_no
from cchc_desktop.ui.toolkit.operations import announce, refusal_shown, subscribe
from cchc_desktop.ui.toolkit.rows_model import RowFilter, RowsModel
from cchc_desktop.ui.toolkit.save_as import ask_excel_path
from cchc_desktop.ui.toolkit.widgets import HeadingLabel, NoticeLabel


class StaffPage(QWidget):
    title = "Cán bộ & chuẩn hóa"
    open_task_requested = Signal(str)
    tasks_changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = context.store
        self._today = context.today
        self.lists: StaffLists = load_staff_lists()
        self._loaded = False
        self._sized_with_rows = False
        self._position_names: dict[tuple[str, str], str] = {}
        self.evaluations: list[Evaluation] = []

        layout = QVBoxLayout(self)
        layout.addWidget(HeadingLabel(self.title))
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._list_tab(), "Danh sách cán bộ, công chức")
        self._add_other_tabs()
        self._connect()
        self._update_actions()

    # --- layout -------------------------------------------------------------------------

    def _list_tab(self) -> QWidget:
        """The list of officials: toolbar, filters, the table over the chosen one's details."""
        list_tab = QWidget()
        self._build_toolbar()
        filters = self._filter_grid()
        splitter = self._build_table()
        self.counts = QLabel()
        self.notice = NoticeLabel()
        self.notice.hide()
        list_layout = QVBoxLayout(list_tab)
        list_layout.addWidget(self.toolbar)
        list_layout.addLayout(filters)
        list_layout.addWidget(self.notice)
        list_layout.addWidget(splitter, 1)
        list_layout.addWidget(self.counts)
        return list_tab

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = page_action(
            self, "Thêm", self.add_official, QKeySequence.StandardKey.New, "Thêm cán bộ, công chức"
        )
        self.edit_action = page_action(
            self, "Sửa", self.edit_selected, None, "Sửa người đang chọn (Enter)"
        )
        self.delete_action = page_action(
            self, "Xóa", self.delete_selected, None, "Xóa người nhập nhầm (Delete)"
        )
        self.import_action = page_action(
            self,
            "Nhập từ Excel…",
            self.import_staff,
            "Ctrl+I",
            "Nhập danh sách cán bộ, công chức từ tệp Excel",
        )
        self.export_action = page_action(
            self,
            "Xuất Excel…",
            self.export_staff,
            None,
            "Xuất danh sách đang hiện, kết quả đối chiếu, tỷ lệ và kế hoạch chuẩn hóa ra tệp Excel",
        )
        for action in (self.add_action, self.edit_action, self.delete_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.import_action)
        self.toolbar.addAction(self.export_action)

    def _filter_grid(self) -> QGridLayout:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm theo họ tên, chức danh, chuyên ngành… (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.position_filter = QComboBox()
        self.department_filter = QComboBox()
        self.category_filter = QComboBox()
        self.status_filter = QComboBox()
        self.outcome_filter = QComboBox()
        self.requirement_filter = QComboBox()
        filters = QGridLayout()
        cells = (
            ("Tìm", self.search),
            ("Chức danh, vị trí", self.position_filter),
            ("Phòng, bộ phận", self.department_filter),
            ("Đối tượng", self.category_filter),
            ("Tình trạng", self.status_filter),
            ("Kết quả", self.outcome_filter),
            ("Tiêu chuẩn chưa đạt", self.requirement_filter),
        )
        self.clear_button = QPushButton("Bỏ lọc")
        for index, (text, widget) in enumerate(cells):
            label = QLabel(text)
            label.setBuddy(widget)
            if index == 0:
                filters.addWidget(label, 0, 0)
                filters.addWidget(widget, 0, 1, 1, 3)
                filters.addWidget(self.clear_button, 0, 5)
                continue
            row, column = 1 + (index - 1) // 3, ((index - 1) % 3) * 2
            filters.addWidget(label, row, column)
            filters.addWidget(widget, row, column + 1)
        for column in (1, 3, 5):
            filters.setColumnStretch(column, 1)
        return filters

    def _build_table(self) -> QSplitter:
        self.model: RowsModel[Evaluation] = RowsModel([], background=outcome_colour)
        self.proxy = RowFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setAccessibleName("Danh sách cán bộ, công chức")
        # Column widths from the first rows only: long lists stay quick to show.
        self.table.horizontalHeader().setResizeContentsPrecision(200)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.activated.connect(lambda _i: self.edit_selected())
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setTabChangesFocus(True)
        self.details.setAccessibleName("Kết quả đối chiếu tiêu chuẩn của người đang chọn")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        return splitter

    def _add_other_tabs(self) -> None:
        store, today = self._store, self._today
        self.plan = PlanPanel(store, today())
        self.plan.changed.connect(self.reload)
        self.plan.open_task_requested.connect(self.open_task_requested)
        self.plan.task_created.connect(lambda _uuid: self.tasks_changed.emit())
        self.tabs.addTab(self.plan, "Chưa đạt chuẩn và kế hoạch chuẩn hóa")
        self.ratios = RatiosPanel(store, self.lists, today())
        self.tabs.addTab(self.ratios, "Tỷ lệ đạt chuẩn")
        from cchc_desktop.ui.staff.standards_editor import StandardsPanel

        self.standards = StandardsPanel(store, today())
        self.standards.standards_saved.connect(self.reload)
        self.tabs.addTab(self.standards, "Tiêu chuẩn theo chức danh, vị trí")
        self.tabs.currentChanged.connect(self._tab_changed)
        # a task made from the plan: the register (on its own page) reads again
        self.tasks_changed.connect(lambda: announce(store, Changes(tasks=True), self))
        subscribe(self, store, self._on_changes)

    def _connect(self) -> None:
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(150)
        self._filter_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._filter_timer.start())
        for combo in (
            self.position_filter,
            self.department_filter,
            self.category_filter,
            self.status_filter,
            self.outcome_filter,
            self.requirement_filter,
        ):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.clear_button.clicked.connect(self.clear_filters)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(self._find)
        self.addAction(find)
        delete = QAction(self)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_selected)
        self.table.addAction(delete)

    def _find(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus()
        self.search.selectAll()

    # --- loading ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        # Read when first shown, and again on return (a task finished meanwhile shows on
        # its action).
        self.reload()
        super().showEvent(event)

    def _on_changes(self, changes: Changes) -> None:
        """Another screen changed the data: the staff (or, when on screen, the tasks linked
        to their plan) read again; a hidden page reads when it is shown."""
        if changes.staff or (changes.tasks and self.isVisible()):
            self.reload()

    def has_unsaved_changes(self) -> bool:
        return self.standards.has_unsaved_changes()

    def reload(self) -> None:
        today = self._today()
        sets = load_standard_sets(self._store)
        self._position_names = position_names(sets)
        officials = load_officials(self._store)
        self.evaluations = [evaluate(o, sets, self.lists, today) for o in officials]
        chosen = self.selected_uuids()
        self.model.columns = staff_columns(self.lists, self._position_names, today)
        self.model.set_rows(self.evaluations)
        self._fill_filters()
        self.apply_filters()
        if not self._loaded:
            self.table.sortByColumn(self.model.column_index("name"), Qt.SortOrder.AscendingOrder)
            self._loaded = True
        self._size_columns()
        self._select(chosen)
        in_post = [e for e in self.evaluations if e.official.is_counted_on(today, self.lists)]
        actions = load_actions(self._store)
        self.plan.set_rows(
            gap_rows(
                self.evaluations,
                actions,
                self._position_names,
                task_states(self._store, [a.task_uuid for a in actions if a.task_uuid]),
                {e.official.uuid or "" for e in in_post},
            )
        )
        self.ratios.set_positions(self._position_names)
        self.standards.reload()
        if self.tabs.currentWidget() is self.ratios:
            self.ratios.refresh()

    def _size_columns(self) -> None:
        """Columns from the data once there is data (the first import on a fresh store too);
        afterwards only the name column grows, so two people never both read «Nguyễn V…»
        and the widths the officer chose stay."""
        if not self.evaluations:
            return
        if not self._sized_with_rows:
            self.table.resizeColumnsToContents()
            for key in ("position", "outcome", "professional"):
                index = self.model.column_index(key)
                self.table.setColumnWidth(index, min(self.table.columnWidth(index), 300))
            self._sized_with_rows = True
        name = self.model.column_index("name")
        wanted = min(self.table.sizeHintForColumn(name), 360)
        if self.table.columnWidth(name) < wanted:
            self.table.setColumnWidth(name, wanted)

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.ratios:
            self.ratios.refresh()

    def _fill_filters(self) -> None:
        def refill(
            combo: QComboBox, items: Sequence[tuple[str, object]], default: object = None
        ) -> None:
            current = combo.currentData() if combo.count() else default
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL, None)
            for text, data in items:
                combo.addItem(text, data)
            index = combo.findData(current)
            combo.setCurrentIndex(index if index >= 0 else 0)
            combo.blockSignals(False)

        used_positions = sorted(
            {position_key(e) for e in self.evaluations} - {("", "")},
        )
        refill(
            self.position_filter,
            [(self._position_label(k), k) for k in used_positions],
        )
        refill(self.department_filter, [(d.name, d.code) for d in self.lists.departments])
        refill(self.category_filter, [(c.name, c.code) for c in self.lists.categories])
        refill(
            self.status_filter,
            [("Đang công tác", "active")] + [(s.name, s.code) for s in self.lists.statuses],
            "active",
        )
        refill(self.outcome_filter, list(OUTCOME_FILTERS))
        requirements = [*LEVEL_ATTRIBUTES[:2], FIELD, *LEVEL_ATTRIBUTES[2:], AGE, POSITION]
        refill(
            self.requirement_filter,
            [(attribute_label(a, self.lists), a) for a in requirements],
        )

    def _position_label(self, key: tuple[str, str]) -> str:
        return self._position_names.get(key, key[1]) if key[0] else key[1]

    # --- filtering ----------------------------------------------------------------------

    def apply_filters(self) -> None:
        chosen = StaffFilter(
            today=self._today(),
            lists=self.lists,
            position_names=self._position_names,
            words=fold_for_search(self.search.text()).split(),
            position=self.position_filter.currentData(),
            department=self.department_filter.currentData(),
            category=self.category_filter.currentData(),
            status=self.status_filter.currentData(),
            outcome=self.outcome_filter.currentData(),
            requirement=self.requirement_filter.currentData(),
        )
        self.proxy.set_predicate(chosen.accepts)
        self._show_counts()
        self._selection_changed()

    def clear_filters(self) -> None:
        for combo in (
            self.position_filter,
            self.department_filter,
            self.category_filter,
            self.outcome_filter,
            self.requirement_filter,
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.status_filter.blockSignals(True)
        self.status_filter.setCurrentIndex(max(self.status_filter.findData("active"), 0))
        self.status_filter.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filters()

    def _show_counts(self) -> None:
        shown = [self.proxy.row_at(r) for r in range(self.proxy.rowCount())]
        counted = {k: 0 for _label, k in OUTCOME_FILTERS}
        for e in shown:
            counted[outcome_key(e)] += 1
        parts = [
            f"{label.lower()}: {counted[key]}" for label, key in OUTCOME_FILTERS if counted[key]
        ]
        if not self.evaluations:
            self.counts.setText(
                "Chưa có cán bộ, công chức nào. Bấm «Thêm» để nhập từng người, hoặc «Nhập từ "
                "Excel…» để nhập danh sách có sẵn."
            )
            return
        text = f"Đang hiện {len(shown)}/{len(self.evaluations)} người"
        self.counts.setText(text + (f" — {'; '.join(parts)}." if parts else "."))

    # --- selection ----------------------------------------------------------------------

    def selected_uuids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [self.proxy.row_at(i.row()).official.uuid for i in rows]

    def _select(self, uuids: list[str]) -> None:
        wanted = set(uuids)
        selection = self.table.selectionModel()
        selection.clearSelection()
        first = None
        for row in range(self.proxy.rowCount()):
            if self.proxy.row_at(row).official.uuid in wanted:
                index = self.proxy.index(row, 0)
                selection.select(
                    index,
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                first = first or index
        if first is not None:
            selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(first)

    def _selection_changed(self, *_args: object) -> None:
        self._update_actions()
        rows = self.table.selectionModel().selectedRows()
        if len(rows) != 1:
            self.details.setPlainText(
                "Chọn một người để xem từng tiêu chuẩn: đạt, chưa đạt hay thiếu thông tin, "
                "và lý do."
            )
            return
        e: Evaluation = self.proxy.row_at(rows[0].row())
        self.details.setPlainText(evaluation_details(e, self._today()))

    def _update_actions(self) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.edit_action.setEnabled(count == 1)
        self.delete_action.setEnabled(count > 0)

    # --- actions ------------------------------------------------------------------------

    def _run(self, dialog: QDialog) -> int:
        result = dialog.exec()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return result

    def add_official(self) -> None:
        from cchc_desktop.ui.staff.editor import OfficialEditorDialog

        self.tabs.setCurrentIndex(0)
        dialog = OfficialEditorDialog(self._store, self.lists, None, self._today(), self)
        if self._run(dialog) and dialog.saved is not None:
            self.reload()
            self._select([dialog.saved.uuid or ""])

    def edit_selected(self) -> None:
        uuids = self.selected_uuids()
        if len(uuids) != 1:
            return
        official = load_official(self._store, uuids[0])
        if official is None:
            return
        from cchc_desktop.ui.staff.editor import OfficialEditorDialog

        dialog = OfficialEditorDialog(self._store, self.lists, official, self._today(), self)
        if self._run(dialog) and dialog.saved is not None:
            self.reload()
            self._select(uuids)

    def delete_selected(self) -> None:
        uuids = self.selected_uuids()
        if not uuids:
            return
        names = [
            self.proxy.row_at(i.row()).official.full_name
            for i in self.table.selectionModel().selectedRows()
        ]
        shown = ", ".join(names[:5]) + (
            f" và {len(names) - 5} người khác" if len(names) > 5 else ""
        )
        if not ask_yes_no(
            self,
            "Xóa cán bộ, công chức",
            f"Xóa hẳn {len(uuids)} người khỏi danh sách: {shown}?\n\n"
            "Chỉ xóa người nhập nhầm. Người nghỉ hưu, chuyển công tác hay thôi việc nên giữ lại "
            "và đổi «Tình trạng công tác», để tỷ lệ của các năm trước vẫn đúng. Kế hoạch chuẩn "
            "hóa của người bị xóa cũng bị xóa (nhiệm vụ CCHC đã tạo vẫn còn).",
        ):
            return
        with refusal_shown(self, self.title) as done:
            delete_officials(self._store, uuids)
        if not done:
            return
        self.reload()

    def import_staff(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Chọn tệp Excel danh sách cán bộ, công chức",
            "",
            "Tệp Excel (*.xlsx *.xlsm);;Mọi tệp (*)",
        )
        if not path:
            return
        from cchc_desktop.ui.staff.import_dialog import StaffImportDialog

        dialog = StaffImportDialog(self._store, Path(path), self._today(), self)
        if self._run(dialog):
            self.reload()
            self._select(list(getattr(dialog, "imported_uuids", [])))

    def export_staff(self) -> None:
        """The officials shown (filter and order as on screen) to an Excel workbook."""
        shown = [self.proxy.row_at(r) for r in range(self.proxy.rowCount())]
        if not shown:
            QMessageBox.information(self, "Xuất Excel", "Danh sách đang hiện không có ai để xuất.")
            return
        dialog = ExportChoiceDialog(len(shown), len(self.evaluations), self)
        if not self._run(dialog):
            return
        today = self._today()
        profile = load_profile(self._store)
        unit = profile.unit_name if profile else ""
        suggested = Path.home() / dated_file_name(
            "danh-sach-chuan-hoa-can-bo", unit, today, ".xlsx"
        )
        path = ask_excel_path(self, "Lưu tệp Excel", suggested)
        if path is None:
            return
        shown_uuids = {e.official.uuid for e in shown}
        plan = plan_lines(self.plan.model.rows(), shown_uuids)
        from cchc_desktop.exports.staff_excel import export_staff_list

        with refusal_shown(self, "Xuất Excel") as done:
            written = export_staff_list(
                path,
                shown,
                self.lists,
                self._position_names,
                on=today,
                commune_title=profile.short_name if profile else "",
                include_personal=dialog.include_personal.isChecked(),
                plan=plan,
            )
        if not done:
            return
        self.notice.say(f"Đã lưu {len(shown)} người vào tệp {written}.")
