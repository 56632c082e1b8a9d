"""The «Hồ sơ vừa tạo» box of the reports screen: the files just written, to open and send."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.text import format_size
from cchc_desktop.exports.submission import SubmissionResult
from cchc_desktop.ui.toolkit.widgets import NoticeLabel


def _selectable_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ResultBox(QGroupBox):
    """Hidden until a submission is written; then its folder, files, zip and what to do next.
    ``title`` names the screen in the warnings about a file that cannot be opened."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__("Hồ sơ vừa tạo", parent)
        self._title = title
        self.result: SubmissionResult | None = None
        column = QVBoxLayout(self)
        self.result_folder = _selectable_label()
        column.addWidget(self.result_folder)
        self.files = QListWidget()
        self.files.setAccessibleName("Các tệp đã tạo")
        self.files.setToolTip("Nhấp đúp (hoặc Enter) để mở tệp")
        column.addWidget(self.files)
        self.zip_label = _selectable_label()
        column.addWidget(self.zip_label)
        buttons = QHBoxLayout()
        self.open_file_button = QPushButton("Mở tệp")
        self.open_folder_button = QPushButton("Mở thư mục")
        self.open_zip_folder_button = QPushButton("Mở nơi có tệp .zip")
        for button in (self.open_file_button, self.open_folder_button, self.open_zip_folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.send_hint = NoticeLabel("", "success")
        column.addWidget(self.send_hint)
        self.hide()
        self.files.itemActivated.connect(lambda item: self.open_file(item))
        self.files.currentItemChanged.connect(
            lambda item, _old: self.open_file_button.setEnabled(item is not None)
        )
        self.open_file_button.clicked.connect(lambda: self.open_file())
        self.open_folder_button.clicked.connect(self.open_folder)
        self.open_zip_folder_button.clicked.connect(self.open_zip_folder)

    def focus_order(self) -> list[QWidget]:
        return [
            self.files,
            self.open_file_button,
            self.open_folder_button,
            self.open_zip_folder_button,
        ]

    def show_result(self, result: SubmissionResult, superior: str) -> None:
        """List what was written; ``superior`` is who the files go to (the profile's)."""
        self.result = result
        count = len(result.files)
        self.result_folder.setText(f"Thư mục hồ sơ:\n{result.folder}")
        self.files.clear()
        for path in result.files:
            item = QListWidgetItem(f"{path.name}   ({format_size(path.stat().st_size)})")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.files.addItem(item)
        self.files.setCurrentRow(0)
        rows = max(3, min(count, 8))
        self.files.setFixedHeight(
            self.files.sizeHintForRow(0) * rows + 2 * self.files.frameWidth() + 4
        )
        zip_path = result.zip_path
        if zip_path is not None:
            self.zip_label.setText(
                f"Tệp nén để đính kèm thư điện tử ({format_size(zip_path.stat().st_size)}):\n"
                f"{zip_path}"
            )
        self.zip_label.setVisible(zip_path is not None)
        self.open_zip_folder_button.setVisible(zip_path is not None)
        what = "tệp .zip (hoặc các tệp trong thư mục)" if zip_path else "các tệp trong thư mục"
        self.send_hint.setText(
            f"Kiểm tra các tệp, trình lãnh đạo ký, rồi gửi {what} cho {superior or 'cấp trên'}."
        )
        self.show()
        self.files.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open(self, path: Path, what: str) -> None:
        if not path.exists():
            QMessageBox.warning(
                self,
                self._title,
                f"Không còn {what} «{path}» (có thể đã bị chuyển đi hoặc xóa).",
            )
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(
                self,
                self._title,
                f"Không mở được {what} «{path}». Máy có thể chưa cài chương trình đọc loại tệp "
                "này (trình đọc PDF, Excel hoặc LibreOffice).",
            )

    def open_file(self, item: QListWidgetItem | None = None) -> None:
        item = item or self.files.currentItem()
        if item is not None:
            self._open(Path(item.data(Qt.ItemDataRole.UserRole)), "tệp")

    def open_folder(self) -> None:
        if self.result is not None:
            self._open(self.result.folder, "thư mục")

    def open_zip_folder(self) -> None:
        if self.result is not None and self.result.zip_path is not None:
            self._open(self.result.zip_path.parent, "thư mục")
