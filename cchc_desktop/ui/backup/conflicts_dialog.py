"""«Xung đột khi trao đổi»: the concurrent edits imports met, with both values, who and when.

The rule already decided each one the same way on every PC; here the officer reads them
after the import, marks them seen, or takes the value that lost (a new edit that travels).
The reading and writing is ``transfer.conflicts``; this dialog presents it.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.transfer.conflicts import LoggedConflict, list_conflicts, mark_seen
from cchc_desktop.transfer.conflicts import use_other_value as take_other
from cchc_desktop.ui.backup.widgets import local_time
from cchc_desktop.ui.backup.widgets import read_only_table as table_widget

TITLE = "Xung đột khi trao đổi dữ liệu"
HEADERS = ["Lúc nhập", "Loại", "Bản ghi", "Tình huống", "Đang giữ", "Đã xem"]


class ConflictsDialog(QDialog):
    """The log of conflicts, newest first; unseen ones marked."""

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None):
        super().__init__(parent)
        self.conn = conn
        self.changed = False
        self.entries: list[LoggedConflict] = []
        self.setWindowTitle(TITLE)
        self.resize(980, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Những lần hai máy cùng sửa một mục (hoặc một máy xóa, máy kia sửa) mà chưa thấy "
            "bản của nhau. Mọi máy đều giữ bản sửa sau cùng nên dữ liệu giống nhau; giá trị "
            "kia vẫn được ghi ở đây. Chọn «Dùng bản còn lại» để lấy giá trị kia — việc này "
            "được lưu như một lần sửa mới và gửi sang máy kia ở lần trao đổi sau."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = table_widget(HEADERS, "Các xung đột đã gặp")
        header = self.table.horizontalHeader()
        for column in range(len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 2)
        self.detail = table_widget(["Mục", "Máy này", "Máy kia"], "Hai giá trị")
        self.detail.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.detail.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.detail.setWordWrap(True)
        detail_header = self.detail.horizontalHeader()
        detail_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        detail_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        detail_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.detail, 1)
        self.empty = QLabel("Chưa có xung đột nào khi trao đổi dữ liệu trên máy này.")
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.other_button = QPushButton("Dùng bản còn lại")
        self.seen_button = QPushButton("Đánh dấu đã xem")
        for button in (self.other_button, self.seen_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.table.currentCellChanged.connect(lambda r, *_: self._show(r))
        self.other_button.clicked.connect(self.use_other)
        self.seen_button.clicked.connect(self.mark_current_seen)
        self.reload()

    def reload(self, keep: int = 0) -> None:
        self.entries = list_conflicts(self.conn)
        self.table.setRowCount(len(self.entries))
        for index, entry in enumerate(self.entries):
            cells = (
                local_time(entry.found_at),
                entry.kind_label,
                entry.title,
                entry.description,
                entry.kept_text,
                "Đã xem" if entry.seen else "Chưa xem",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if not entry.seen:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(index, column, item)
        has = bool(self.entries)
        self.table.setVisible(has)
        self.detail.setVisible(has)
        self.empty.setVisible(not has)
        if has:
            self.table.selectRow(min(keep, len(self.entries) - 1))
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show(self.table.currentRow() if has else -1)

    def current(self) -> LoggedConflict | None:
        row = self.table.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _show(self, row: int) -> None:
        entry = self.entries[row] if 0 <= row < len(self.entries) else None
        fields = entry.fields if entry else ()
        self.detail.setRowCount(len(fields))
        for index, (label, here, there) in enumerate(fields):
            self.detail.setItem(index, 0, QTableWidgetItem(label))
            for column, side in ((1, here), (2, there)):
                item = QTableWidgetItem(f"{side.text}\n({side.who_and_when})")
                item.setToolTip(side.text)
                self.detail.setItem(index, column, item)
        self.detail.resizeRowsToContents()
        self.other_button.setEnabled(entry is not None)
        self.seen_button.setEnabled(entry is not None and not entry.seen)

    def use_other(self) -> None:
        entry = self.current()
        if entry is None:
            return
        row = self.table.currentRow()
        try:
            message = take_other(self.conn, entry)
        except (ValueError, sqlite3.Error) as exc:
            text = str(exc) if isinstance(exc, ValueError) else "Không ghi được vào tệp dữ liệu."
            QMessageBox.warning(self, TITLE, text)
            return
        self.changed = True
        self.reload(row)
        QMessageBox.information(self, TITLE, message)

    def mark_current_seen(self) -> None:
        entry = self.current()
        if entry is None:
            return
        row = self.table.currentRow()
        mark_seen(self.conn, entry)
        self.reload(row + 1)
