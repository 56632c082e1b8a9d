"""An area that a later version fills: says so plainly and what it will do."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cchc_desktop import __version__
from cchc_desktop.ui.widgets import HeadingLabel, NoticeLabel


def not_built_notice(version: str = __version__) -> str:
    return (
        f"Chức năng này chưa được xây dựng trong phiên bản {version}. "
        "Màn hình này chưa hiển thị hay lưu dữ liệu nào."
    )


def planned_list(planned: list[str]) -> QLabel:
    label = QLabel(
        "<p>Khi hoàn thành, màn hình này sẽ giúp:</p><ul>"
        + "".join(f"<li>{escape(item)}</li>" for item in planned)
        + "</ul>"
    )
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    return label


class PlaceholderPage(QWidget):
    def __init__(self, title: str, planned: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        layout = QVBoxLayout(self)
        layout.addWidget(HeadingLabel(title))
        self.notice = NoticeLabel(not_built_notice(), "warning")
        layout.addWidget(self.notice)
        layout.addWidget(planned_list(planned))
        layout.addStretch(1)
