"""Choosing a document already in the register as evidence for a line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.tasks import Document
from cchc_desktop.core.text import fold_for_search, format_date
from cchc_desktop.store.database import Store
from cchc_desktop.store.documents_repo import documents_for_choice
from cchc_desktop.store.scoring_evidence import task_results


def document_line(document: Document) -> str:
    """``"125/BC-UBND, 12/12/2025 — Báo cáo … (2 tệp)"``."""
    head = ", ".join(
        p
        for p in (document.number, format_date(document.issued_on) if document.issued_on else "")
        if p
    )
    text = " — ".join(p for p in (head, document.summary) if p) or "(tài liệu không tên)"
    if document.issuer:
        text += f" ({document.issuer})"
    if document.files:
        text += f" · {len(document.files)} tệp"
    return text


class ChooseDocumentDialog(QDialog):
    """Pick a document already in the store: a task's result, or any other document."""

    def __init__(self, store: Store, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Chọn tài liệu đã có")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm theo số, trích yếu, cơ quan (không cần dấu)")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        seen: set[str] = set()
        for result in task_results(store, year):
            if result.document.uuid in seen:
                continue
            seen.add(result.document.uuid or "")
            self._add(result.document, f"Kết quả nhiệm vụ: {result.task_content}", "[Nhiệm vụ] ")
        for document in documents_for_choice(store):
            if document.uuid not in seen:
                seen.add(document.uuid or "")
                self._add(document, "", "")
        self.empty = QLabel("Chưa có tài liệu nào trong dữ liệu.")
        self.empty.setVisible(self.list.count() == 0)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.button(QDialogButtonBox.StandardButton.Ok).setText("Gắn vào dòng này")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Tài liệu kết quả của các nhiệm vụ năm nay đứng đầu danh sách. Một tài liệu có "
                "thể làm minh chứng cho nhiều tiêu chí, không cần nhập lại."
            )
        )
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(box)
        self.search.textChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        if self.list.count():
            self.list.setCurrentRow(0)
        self.resize(720, 480)

    def _add(self, document: Document, extra: str, prefix: str) -> None:
        text = prefix + document_line(document)
        if extra:
            text += f"\n{extra}"
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, document)
        item.setData(Qt.ItemDataRole.UserRole + 1, fold_for_search(text))
        self.list.addItem(item)

    def _filter(self, text: str) -> None:
        wanted = fold_for_search(text)
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(wanted) and wanted not in item.data(Qt.ItemDataRole.UserRole + 1))

    def document(self) -> Document | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        document: Document | None = item.data(Qt.ItemDataRole.UserRole)
        return document
