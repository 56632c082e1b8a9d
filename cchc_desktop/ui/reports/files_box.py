"""The «Tệp và nơi lưu» box of the reports screen: the formats, the zip and the folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.text import os_error_text
from cchc_desktop.exports.request import FORMATS, PDF, XLSX
from cchc_desktop.ui.toolkit.widgets import mark_invalid

DEFAULT_FOLDER_NAME = "Hồ sơ nộp CCHC"


def default_folder() -> Path:
    """``Documents/Hồ sơ nộp CCHC`` (the home folder when the PC has no Documents)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return (Path(documents) if documents else Path.home()) / DEFAULT_FOLDER_NAME


def folder_problem(text: str) -> tuple[Path | None, str]:
    """The folder typed, and why it cannot take the submission ("" when it can); the default
    folder is made on first use."""
    folder = Path(text).expanduser() if text else None
    if folder is None:
        return None, "Chọn thư mục để lưu hồ sơ nộp."
    if not folder.is_dir() and folder == default_folder() and not folder.exists():
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            return folder, f"Không tạo được thư mục «{folder}» ({os_error_text(exc)})."
    elif not folder.is_dir():
        return folder, (
            f"Không tìm thấy thư mục «{folder}». Chọn một thư mục có sẵn bằng nút «Chọn "
            "thư mục…» (hoặc cắm lại ổ USB)."
        )
    return folder, ""


class FilesBox(QGroupBox):
    """PDF and/or Excel, an extra zip, and the folder the submission goes in (``folder``:
    the one remembered on this PC, else the default)."""

    def __init__(self, folder: Path | None, parent: QWidget | None = None):
        super().__init__("Tệp và nơi lưu", parent)
        column = QVBoxLayout(self)
        formats_row = QHBoxLayout()
        formats_row.addWidget(QLabel("Định dạng:"))
        self.format_checks = {
            PDF: QCheckBox("PDF (để trình ký, gửi đi)"),
            XLSX: QCheckBox("Excel (để cấp trên tổng hợp số liệu)"),
        }
        for check in self.format_checks.values():
            check.setChecked(True)
            formats_row.addWidget(check)
        formats_row.addStretch(1)
        column.addLayout(formats_row)
        self.zip_check = QCheckBox("Nén thêm thành một tệp .&zip để đính kèm thư điện tử")
        column.addWidget(self.zip_check)
        column.addLayout(self._folder_row(folder))
        hint = QLabel(
            "Mỗi lần tạo là một thư mục hồ sơ mới trong thư mục này; hồ sơ đã tạo trước đó "
            "được giữ nguyên."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("QLabel { color:#555; }")
        column.addWidget(hint)
        self.choose_button.clicked.connect(self.choose_folder)
        self.folder_edit.textEdited.connect(lambda _text: mark_invalid(self.folder_edit, False))

    def _folder_row(self, folder: Path | None) -> QHBoxLayout:
        folder_row = QHBoxLayout()
        folder_label = QLabel("Thư mục &lưu:")
        self.folder_edit = QLineEdit(str(folder or default_folder()))
        self.folder_edit.setAccessibleName("Thư mục lưu hồ sơ")
        folder_label.setBuddy(self.folder_edit)
        self.choose_button = QPushButton("C&họn thư mục…")
        folder_row.addWidget(folder_label)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_button)
        return folder_row

    def focus_order(self) -> list[QWidget]:
        return [*self.format_checks.values(), self.zip_check, self.folder_edit, self.choose_button]

    def selected_formats(self) -> tuple[str, ...]:
        return tuple(f for f in FORMATS if self.format_checks[f].isChecked())

    def checked_folder(self) -> tuple[Path | None, str]:
        """The folder typed, or the problem with it marked on the field."""
        folder, problem = folder_problem(self.folder_edit.text().strip())
        mark_invalid(self.folder_edit, bool(problem))
        return (None, problem) if problem else (folder, "")

    def choose_folder(self) -> None:
        current = Path(self.folder_edit.text().strip() or Path.home())
        start = current if current.is_dir() else current.parent
        chosen = QFileDialog.getExistingDirectory(
            self,
            "Chọn thư mục để lưu hồ sơ nộp",
            str(start if start.is_dir() else Path.home()),
        )
        if chosen:
            self.folder_edit.setText(str(Path(chosen)))
            mark_invalid(self.folder_edit, False)
