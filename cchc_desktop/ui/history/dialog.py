"""The change history (lịch sử thay đổi): read-only, filterable, exportable to Excel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.clock import system_clock
from cchc_desktop.core.text import dated_file_name
from cchc_desktop.store.database import Store
from cchc_desktop.store.history import HistoryEntry, history, kind_label, kinds_present, people
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.ui.toolkit.operations import refusal_shown

NOTE = "Lịch sử chỉ được ghi trên máy này và không sửa được; gồm cả dữ liệu cá nhân của cán bộ."
ALL = "Tất cả"
HEADERS = ("Thời điểm", "Người thực hiện", "Thao tác", "Loại dữ liệu", "Bản ghi")
LIMIT = 2000

_IndexType = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.entries: list[HistoryEntry] = []

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: _IndexType = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _IndexType = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _IndexType, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        e = self.entries[index.row()]
        values = (e.time_text, e.who, e.action_label, e.kind_label, e.record_title)
        return values[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None


class HistoryDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Lịch sử thay đổi")
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_filters(store))
        layout.addLayout(self._build_search_row())
        layout.addWidget(self._build_tables(), 1)
        self._build_footer(layout)
        self._connect()
        self.resize(1000, 640)
        self.reload()

    def _build_filters(self, store: Store) -> QHBoxLayout:
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Người thực hiện:"))
        self.person = QComboBox()
        self.person.addItem(ALL, None)
        for name in people(store):
            self.person.addItem(name, name)
        filters.addWidget(self.person)
        filters.addWidget(QLabel("Loại dữ liệu:"))
        self.kind = QComboBox()
        self.kind.addItem(ALL, None)
        for kind in kinds_present(store):
            self.kind.addItem(kind_label(kind), kind)
        filters.addWidget(self.kind)
        self.use_since = QCheckBox("Từ ngày")
        self.since = self._date_edit()
        self.use_until = QCheckBox("Đến ngày")
        self.until = self._date_edit()
        for widget in (self.use_since, self.since, self.use_until, self.until):
            filters.addWidget(widget)
        return filters

    def _build_search_row(self) -> QHBoxLayout:
        search_row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm theo tên bản ghi, người hoặc giá trị (gõ không dấu)")
        self.search.setClearButtonEnabled(True)
        search_row.addWidget(self.search, 1)
        self.export_button = QPushButton("Xuất Excel…")
        search_row.addWidget(self.export_button)
        return search_row

    def _build_tables(self) -> QSplitter:
        """The changes above, the fields of the chosen one below."""
        self.model = HistoryModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(len(HEADERS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)

        self.detail = QTableWidget(0, 3)
        self.detail.setHorizontalHeaderLabels(["Trường dữ liệu", "Trước", "Sau"])
        self.detail.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detail.verticalHeader().hide()
        self.detail.setWordWrap(True)
        detail_header = self.detail.horizontalHeader()
        detail_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        detail_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        detail_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        return splitter

    def _build_footer(self, layout: QVBoxLayout) -> None:
        self.count_label = QLabel()
        note = QLabel(NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("font-style: italic;")
        layout.addWidget(self.count_label)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _connect(self) -> None:
        for combo in (self.person, self.kind):
            combo.currentIndexChanged.connect(self.reload)
        for box, edit in ((self.use_since, self.since), (self.use_until, self.until)):
            edit.setEnabled(False)
            box.toggled.connect(edit.setEnabled)
            box.toggled.connect(self.reload)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.reload)
        self.search.textChanged.connect(self.reload)
        self.export_button.clicked.connect(self.export)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(QDate.currentDate())
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setCalendarPopup(True)
        return edit

    @staticmethod
    def _day(edit: QDateEdit) -> date:
        value = edit.date()
        return date(value.year(), value.month(), value.day())

    def filters(self) -> dict[str, object]:
        kind = self.kind.currentData()
        return {
            "who": self.person.currentData(),
            "kinds": {kind} if kind else None,
            "since": self._day(self.since) if self.use_since.isChecked() else None,
            "until": self._day(self.until) if self.use_until.isChecked() else None,
            "text": self.search.text(),
        }

    def reload(self) -> None:
        entries = history(self.store, limit=LIMIT, **self.filters())  # type: ignore[arg-type]
        self.model.set_entries(entries)
        more = " (chỉ hiện các mục mới nhất; hãy lọc thêm)" if len(entries) >= LIMIT else ""
        self.count_label.setText(f"{len(entries)} mục{more}.")
        self.export_button.setEnabled(bool(entries))
        if entries:
            self.table.selectRow(0)
        else:
            self._show_detail(QModelIndex())

    def _show_detail(self, current: QModelIndex, _previous: object = None) -> None:
        changes = self.model.entries[current.row()].changes if current.isValid() else ()
        self.detail.setRowCount(len(changes))
        for row, change in enumerate(changes):
            for column, text in enumerate((change.label, change.old, change.new)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.detail.setItem(row, column, item)
        self.detail.resizeRowsToContents()

    def export(self) -> None:
        profile = load_profile(self.store)
        unit = profile.unit_name if profile else ""
        today = system_clock()
        suggested = Path.home() / dated_file_name("lich-su-thay-doi", unit, today, ".xlsx")
        path, _ = QFileDialog.getSaveFileName(
            self, "Lưu tệp Excel", str(suggested), "Tệp Excel (*.xlsx)"
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        from cchc_desktop.exports.history_excel import export_history

        entries = self.model.entries
        with refusal_shown(self, "Xuất Excel") as done:
            written = export_history(entries, path, unit=unit)
        if not done:
            return
        self.count_label.setText(f"Đã lưu {len(entries)} mục vào tệp {written}.")
