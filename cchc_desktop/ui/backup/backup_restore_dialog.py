"""«Khôi phục dữ liệu»: what restoring a backup would bring, read before anything changes.

The preview (counts now and in the backup, the commune, the warnings) is the store's
(:class:`~cchc_desktop.store.restore.RestorePreview`); this dialog only shows it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.text import format_datetime, format_size
from cchc_desktop.paths import backup_dir_for
from cchc_desktop.store.restore import RestorePreview
from cchc_desktop.ui.backup.widgets import label_and_numbers, selectable_label
from cchc_desktop.ui.toolkit.dialogs import default_accept_buttons
from cchc_desktop.ui.toolkit.widgets import HeadingLabel, NoticeLabel

RESTORE_TITLE = "Khôi phục dữ liệu"


def _count_text(value: int | None) -> str:
    return "—" if value is None else f"{value:,}".replace(",", ".")


class RestorePreviewDialog(QDialog):
    """What a restore would bring: counts now and in the backup, the commune, warnings."""

    def __init__(
        self,
        preview: RestorePreview,
        store_path: Path,
        parent: QWidget | None = None,
        *,
        protected: bool = False,
    ):
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(RESTORE_TITLE)
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.addWidget(HeadingLabel("Khôi phục dữ liệu từ bản sao lưu", 1.25))
        layout.addLayout(self._facts(protected))
        self.warnings = [NoticeLabel(text, "warning") for text in preview.warnings]
        for notice in self.warnings:
            layout.addWidget(notice)
        self._build_counts()
        layout.addWidget(self.table, 1)

        self.safety_note = QLabel(
            "Trước khi khôi phục, chương trình sẽ tự sao lưu dữ liệu hiện tại (vào thư mục "
            f"{backup_dir_for(store_path)}, loại «Trước khi khôi phục») để có thể quay lại "
            "nếu cần. Cửa sổ sẽ đóng rồi mở lại với dữ liệu đã khôi phục."
        )
        self.safety_note.setWordWrap(True)
        layout.addWidget(self.safety_note)

        buttons, self.restore_button, self.cancel_button = default_accept_buttons(
            self, "Khôi phục", accept_is_default=False
        )
        layout.addWidget(buttons)
        self.cancel_button.setFocus()
        hint = self.sizeHint()
        self.resize(max(680, hint.width()), max(620, hint.height()))

    def _facts(self, protected: bool) -> QFormLayout:
        """The backup's file, size, password, commune, last change and schema."""
        preview = self.preview
        form = QFormLayout()
        form.addRow("Tệp:", selectable_label(str(preview.source)))
        form.addRow("Dung lượng:", QLabel(format_size(preview.size)))
        if protected:
            form.addRow("Mật khẩu:", QLabel("có (mã hóa AES-256), đã mở bằng mật khẩu đã nhập"))
        form.addRow("Đơn vị:", selectable_label(preview.commune_text))
        newest = format_datetime(preview.newest_change) if preview.newest_change else "không có"
        form.addRow("Thay đổi gần nhất:", QLabel(newest))
        form.addRow("Cấu trúc dữ liệu:", QLabel(f"phiên bản {preview.schema_version}"))
        return form

    def _build_counts(self) -> None:
        """Rows per kind now and in the backup; a kind whose count changes is bold."""
        preview = self.preview
        shown = [c for c in preview.counts if c.current or c.source] or preview.counts
        self.table = QTableWidget(len(shown), 3)
        self.table.setHorizontalHeaderLabels(["Loại dữ liệu", "Hiện tại", "Trong bản sao lưu"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        for row, count in enumerate(shown):
            self.table.setItem(row, 0, QTableWidgetItem(count.label))
            for col, value in ((1, count.current), (2, count.source)):
                item = QTableWidgetItem(_count_text(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if count.current != count.source:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, col, item)
        label_and_numbers(self.table)
        self.table.setMinimumHeight(
            min(8, len(shown)) * self.table.verticalHeader().defaultSectionSize()
            + self.table.horizontalHeader().sizeHint().height()
            + 4
        )
