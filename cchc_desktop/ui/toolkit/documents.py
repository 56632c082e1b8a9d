"""A document (result or evidence) with its attached files: the dialog that edits one, and
opening an attached file in the system's viewer. The task editor and the scoring sheet share
both."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QWidget,
)

from cchc_desktop.core.tasks import Document, DocumentFile, document_date_problem
from cchc_desktop.core.text import format_size, os_error_text
from cchc_desktop.paths import data_dir
from cchc_desktop.store import StoreError
from cchc_desktop.store.database import Store
from cchc_desktop.store.documents_repo import export_file, prune_viewed_copies
from cchc_desktop.ui.toolkit.dialogs import form_with_buttons
from cchc_desktop.ui.toolkit.errors import show_user_error
from cchc_desktop.ui.toolkit.forms import DateField, FieldForm, GuardedDialog


def open_attached_file(store: Store, attached: DocumentFile, parent: QWidget) -> None:
    """Show a stored (or about to be stored) file in the system's viewer."""
    try:
        if attached.source is not None:
            path = attached.source
        else:
            assert attached.uuid is not None
            viewed = data_dir() / "tep-mo"
            prune_viewed_copies(viewed)
            path = export_file(store, attached.uuid, viewed / attached.uuid)
    except OSError as exc:
        QMessageBox.warning(
            parent, "Mở tệp", f"Không mở được tệp {attached.name} ({os_error_text(exc)})."
        )
        return
    except StoreError as exc:
        show_user_error(parent, "Mở tệp", exc)
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class DocumentDialog(GuardedDialog):
    """One result or evidence document: số/ký hiệu, ngày, cơ quan, trích yếu, files."""

    def __init__(
        self, store: Store, document: Document | None, today: date, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._store = store
        self._today = today
        self._uuid = document.uuid if document else None
        self.setWindowTitle("Văn bản kết quả, tài liệu kiểm chứng")
        self.form = FieldForm()
        self.number = QLineEdit()
        self.number.setPlaceholderText("ví dụ: 125/BC-UBND")
        self.issued_on = DateField()
        self.issuer = QLineEdit()
        self.summary = QLineEdit()
        self.summary.setPlaceholderText("ví dụ: Báo cáo kết quả rà soát thủ tục hành chính")
        self.files = QListWidget()
        self.files.setMinimumHeight(90)
        self.form.add_field("number", "Số, ký hiệu", self.number)
        self.form.add_field("issued_on", "Ngày ban hành", self.issued_on)
        self.form.add_field("issuer", "Cơ quan ban hành", self.issuer)
        self.form.add_field("summary", "Trích yếu", self.summary)
        self.form.add_field("files", "Tệp đính kèm", self.files)
        buttons_row = QHBoxLayout()
        self.attach_button = QPushButton("Đính kèm tệp…")
        self.open_button = QPushButton("Mở tệp")
        self.remove_button = QPushButton("Bỏ tệp")
        for button in (self.attach_button, self.open_button, self.remove_button):
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)
        holder = QWidget()
        holder.setLayout(buttons_row)
        self.form.layout_.addRow("", holder)
        self.form.add_hint(
            "Tệp được chép vào tệp dữ liệu của chương trình; một tệp dùng cho nhiều văn bản "
            "chỉ lưu một lần."
        )
        form_with_buttons(self, self.form)
        self.attach_button.clicked.connect(self._attach)
        self.open_button.clicked.connect(self._open)
        self.remove_button.clicked.connect(self._remove)
        self.files.itemDoubleClicked.connect(lambda _item: self._open())
        if document is not None:
            self.number.setText(document.number)
            self.issued_on.set_date(document.issued_on)
            self.issuer.setText(document.issuer)
            self.summary.setText(document.summary)
            for attached in document.files:
                self._add_file_item(attached)
        self._initial = self.document()
        self.resize(560, 420)

    def _add_file_item(self, attached: DocumentFile) -> None:
        item = QListWidgetItem(f"{attached.name} ({format_size(attached.size)})")
        item.setData(Qt.ItemDataRole.UserRole, attached)
        self.files.addItem(item)

    def _attach(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Chọn tệp đính kèm")
        for name in paths:
            path = Path(name)
            try:
                size = path.stat().st_size
            except OSError as exc:
                QMessageBox.warning(
                    self, "Đính kèm tệp", f"Không đọc được {path} ({os_error_text(exc)})."
                )
                continue
            self._add_file_item(DocumentFile(name=path.name, size=size, source=path))

    def _selected_file(self) -> DocumentFile | None:
        item = self.files.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _open(self) -> None:
        attached = self._selected_file()
        if attached is not None:
            open_attached_file(self._store, attached, self)

    def _remove(self) -> None:
        row = self.files.currentRow()
        if row >= 0:
            self.files.takeItem(row)

    def document(self) -> Document:
        issued_on = self.issued_on.date()
        return Document(
            number=self.number.text(),
            issued_on=issued_on,
            issuer=self.issuer.text(),
            summary=self.summary.text(),
            uuid=self._uuid,
            files=tuple(
                self.files.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.files.count())
            ),
        )

    def has_unsaved_changes(self) -> bool:
        try:
            return self.document() != self._initial
        except ValueError:  # a date being typed
            return True

    def accept(self) -> None:
        errors: dict[str, str] = {}
        try:
            problem = document_date_problem(self.issued_on.date(), self._today)
        except ValueError as exc:
            problem = str(exc)
        if problem:
            errors["issued_on"] = problem
        if not errors and self.document().is_empty():
            errors["number"] = "Nhập ít nhất số, ký hiệu hoặc trích yếu của văn bản."
        if errors:
            self.form.show_errors(errors)
            return
        super().accept()
