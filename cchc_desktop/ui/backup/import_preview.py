"""«Xem trước khi nhập gói dữ liệu»: the dry run of an import and a choice for each conflict.

The rows per kind are the transfer layer's (:func:`~cchc_desktop.transfer.summary.
summary_rows`, which the command line prints too); the conflicts are chosen in
:class:`~cchc_desktop.ui.backup.conflict_chooser.ConflictChooser`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from cchc_desktop.core.text import format_size
from cchc_desktop.transfer.model import ImportPlan
from cchc_desktop.transfer.summary import SUMMARY_COLUMNS, summary_rows
from cchc_desktop.ui.backup.conflict_chooser import ConflictChooser
from cchc_desktop.ui.backup.widgets import (
    cell,
    fit_height,
    label_and_numbers,
    manifest_grid,
    read_only_table,
)
from cchc_desktop.ui.toolkit.dialogs import default_accept_buttons
from cchc_desktop.ui.toolkit.widgets import HeadingLabel, NoticeLabel, fit_on_screen, scroll_area

SUMMARY_HEADERS = ["Loại dữ liệu", *SUMMARY_COLUMNS]


class ImportPreviewDialog(QDialog):
    """The dry run: what importing the package would change, and a choice for each conflict."""

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Xem trước khi nhập gói dữ liệu")
        outer = QVBoxLayout(self)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(HeadingLabel(f"Nhập gói «{plan.package.path.name}»", 1.2))
        layout.addWidget(manifest_grid(plan.package.manifest))
        self._build_summary(layout)
        self.conflict_box = ConflictChooser(plan.conflicts)
        layout.addWidget(self.conflict_box, 1)
        self.conflict_box.setVisible(bool(plan.conflicts))
        if not plan.conflicts:
            layout.addStretch(1)
        outer.addWidget(scroll_area(content, framed=False), 1)
        self._build_footer(outer)
        fit_on_screen(self, 900, content.sizeHint().height() + 110)
        if plan.conflicts:
            self.conflict_box.conflicts.selectRow(0)
            self.conflict_box.conflicts.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_summary(self, layout: QVBoxLayout) -> None:
        """The changes per kind of record, and the facts beside them (new files, notes)."""
        plan = self.plan
        self.summary = read_only_table(SUMMARY_HEADERS, "Thay đổi theo loại dữ liệu")
        shown = summary_rows(plan.summaries)
        self.summary.setRowCount(len(shown))
        for row, (label, values) in enumerate(shown):
            self.summary.setItem(row, 0, cell(label))
            for column, value in enumerate(values, start=1):
                self.summary.setItem(row, column, cell(str(value) if value else "–", True))
        label_and_numbers(self.summary)
        fit_height(self.summary, 4 if plan.conflicts else 12)
        layout.addWidget(self.summary)

        facts: list[str] = []
        if plan.new_files:
            facts.append(
                f"Tệp đính kèm mới: {plan.new_files} tệp ({format_size(plan.new_file_bytes)})."
            )
        facts.extend(plan.notes)
        self.facts = QLabel("\n".join(f"• {fact}" for fact in facts))
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts.setVisible(bool(facts))
        layout.addWidget(self.facts)

    def _build_footer(self, outer: QVBoxLayout) -> None:
        """What importing does (or that there is nothing new), «Nhập» and «Hủy»."""
        has_changes = self.plan.has_changes
        if has_changes:
            self.notice = NoticeLabel(
                "Trước khi nhập, chương trình tự sao lưu dữ liệu hiện tại. Dữ liệu được ghi trong "
                "một lần: hoặc nhập xong hết, hoặc không thay đổi gì.",
                "info",
            )
        else:
            self.notice = NoticeLabel("Gói này không có gì mới so với dữ liệu trên máy.", "success")
        outer.addWidget(self.notice)
        buttons, self.import_button, self.cancel_button = default_accept_buttons(
            self, "Nhập", accept_is_default=has_changes
        )
        self.import_button.setEnabled(has_changes)
        outer.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.plan.conflicts:
            self.conflict_box.differences.resizeRowsToContents()

    def resolutions(self) -> dict[str, str]:
        return dict(self.conflict_box.choices)
