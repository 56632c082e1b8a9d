"""Sao lưu & trao đổi dữ liệu: verified backups now; USB packages later."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.text import format_datetime, format_size, os_error_text
from cchc_desktop.paths import backup_dir_for
from cchc_desktop.store.backup import REASON_MANUAL, list_backups, make_backup
from cchc_desktop.store.database import Store
from cchc_desktop.ui.background import BackgroundTask, run_in_background
from cchc_desktop.ui.pages.placeholder import not_built_notice, planned_list
from cchc_desktop.ui.widgets import HeadingLabel, NoticeLabel

PLANNED = [
    "Tạo gói dữ liệu (.cchc) để chuyển sang máy khác hoặc gửi cấp trên bằng USB, có thể "
    "đặt mật khẩu; nhập gói với bước xem trước và xử lý dữ liệu trùng.",
    "Sao lưu tự động khi đóng chương trình và định kỳ, giữ bản theo ngày, tuần, tháng.",
    "Khôi phục dữ liệu từ một bản sao lưu hoặc một gói dữ liệu, có xem trước.",
]


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class BackupPage(QWidget):
    title = "Sao lưu & trao đổi dữ liệu"

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self.task: BackgroundTask | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(HeadingLabel(self.title))

        box = QGroupBox("Sao lưu")
        column = QVBoxLayout(box)
        form = QFormLayout()
        form.addRow("Tệp dữ liệu:", _selectable(str(store.path)))
        form.addRow("Thư mục sao lưu:", _selectable(str(self.backup_folder)))
        column.addLayout(form)

        buttons = QHBoxLayout()
        self.backup_button = QPushButton("Sao lưu ngay")
        self.backup_button.setToolTip("Tạo một bản sao đã kiểm tra của toàn bộ dữ liệu")
        self.backup_elsewhere_button = QPushButton("Sao lưu ra USB…")
        self.backup_elsewhere_button.setToolTip("Lưu một bản sao vào USB hoặc một thư mục khác")
        self.open_folder_button = QPushButton("Mở thư mục sao lưu")
        for button in (self.backup_button, self.backup_elsewhere_button, self.open_folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.personal_note = NoticeLabel(
            "Bản sao lưu là toàn bộ dữ liệu, gồm cả dữ liệu cá nhân của cán bộ, công chức "
            "(ngày sinh, giới tính, dân tộc — Nghị định 13/2023/NĐ-CP): giữ USB cẩn thận, "
            "không gửi bản sao lưu cho người khác. Để gửi danh sách không kèm dữ liệu cá nhân, "
            "dùng «Xuất Excel…» ở trang Cán bộ & chuẩn hóa.",
            "warning",
        )
        column.addWidget(self.personal_note)

        self.result = NoticeLabel("", "info")
        self.result.hide()
        column.addWidget(self.result)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Thời điểm", "Nội dung", "Dung lượng", "Tên tệp"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        column.addWidget(self.table, 1)
        self.summary = QLabel()
        column.addWidget(self.summary)
        layout.addWidget(box, 1)

        layout.addWidget(
            NoticeLabel("Trao đổi dữ liệu và khôi phục: " + not_built_notice(), "warning")
        )
        layout.addWidget(planned_list(PLANNED))

        self.backup_button.clicked.connect(lambda: self.backup_now())
        self.backup_elsewhere_button.clicked.connect(self._backup_elsewhere)
        self.open_folder_button.clicked.connect(self._open_folder)
        self.refresh()

    @property
    def backup_folder(self) -> Path:
        return backup_dir_for(self._store.path)

    def refresh(self) -> None:
        backups = list_backups(self._store.path)
        self.table.setRowCount(len(backups))
        for row, info in enumerate(backups):
            for col, text in enumerate(
                (format_datetime(info.created), info.label, format_size(info.size), info.path.name)
            ):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if backups:
            self.summary.setText(
                f"Có {len(backups)} bản sao lưu; "
                f"gần nhất lúc {format_datetime(backups[0].created)}."
            )
        else:
            self.summary.setText("Chưa có bản sao lưu nào.")

    def backup_now(self, folder: Path | None = None) -> BackgroundTask:
        path = self._store.path

        def job(progress, cancelled):  # type: ignore[no-untyped-def]
            return make_backup(path, REASON_MANUAL, folder, progress=progress, cancelled=cancelled)

        self._set_busy(True)
        self.task = run_in_background(self, "Sao lưu dữ liệu", job, self._on_done)
        self.task.finished.connect(lambda: self._set_busy(False))
        return self.task

    def _set_busy(self, busy: bool) -> None:
        for button in (self.backup_button, self.backup_elsewhere_button):
            button.setEnabled(not busy)

    def _on_done(self, target: Path) -> None:
        self.result.setText(f"Đã sao lưu và kiểm tra xong: {target}")
        self.result.show()
        self.refresh()

    def _backup_elsewhere(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục hoặc ổ USB để lưu bản sao")
        if folder:
            self.backup_now(Path(folder))

    def _open_folder(self) -> None:
        folder = self.backup_folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            QMessageBox.warning(
                self, self.title, f"Không mở được thư mục {folder} ({os_error_text(exc)})."
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
