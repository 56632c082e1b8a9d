"""The user guide: a window beside the program, opened at the section of the current screen.

The guide is one HTML file, ``resources/help/huong-dan.html``; its pictures are in
``resources/help/anh/`` (made by ``resources/help/make_screenshots.py``). Each section is an
``<h2 id="…">`` with an ``<a name="…">`` inside (QTextBrowser scrolls to ``name`` anchors).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QWidget,
)

from cchc_desktop import APP_NAME
from cchc_desktop.paths import resources_dir

HELP_FILE = "huong-dan.html"

# The table of contents, in the order of the guide: section id → title.
SECTIONS: dict[str, str] = {
    "bat-dau": "Bắt đầu: cài đặt, thông tin đơn vị",
    "tong-quan": "Trang Tổng quan và nhắc việc",
    "nhiem-vu": "Nhiệm vụ CCHC",
    "can-bo": "Cán bộ & chuẩn hóa",
    "tieu-chi": "Bộ tiêu chí của tỉnh",
    "cham-diem": "Tự chấm điểm Chỉ số CCHC",
    "bao-cao": "Báo cáo, hồ sơ nộp và gửi thư",
    "usb": "Chuyển dữ liệu bằng USB (gói dữ liệu)",
    "sao-luu": "Sao lưu và khôi phục",
    "lich-su": "Lịch sử thay đổi",
    "dang-nhap": "Người dùng và đăng nhập",
    "su-co": "Khi gặp sự cố",
}

# The section F1 opens on each screen of the main window (PAGE_KEYS).
PAGE_SECTIONS: dict[str, str] = {
    "overview": "tong-quan",
    "tasks": "nhiem-vu",
    "staff": "can-bo",
    "scoring": "cham-diem",
    "reports": "bao-cao",
    "backup": "sao-luu",
    "profile": "bat-dau",
}
PACKAGES_SECTION = "usb"  # the «Gói dữ liệu (USB)» tab of the backup screen


def help_folder() -> Path:
    return resources_dir() / "help"


def section_for(page_key: str, on_packages_tab: bool = False) -> str:
    """The section about the screen ``page_key`` of the main window (PAGE_KEYS); the backup
    screen has its own section for its packages tab."""
    if page_key == "backup" and on_packages_tab:
        return PACKAGES_SECTION
    return PAGE_SECTIONS.get(page_key, "bat-dau")


class HelpWindow(QWidget):
    """Not modal: the officer reads a step and does it in the main window."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(f"Hướng dẫn sử dụng — {APP_NAME}")
        self.current_section = ""

        self.contents = QListWidget()
        self.contents.setAccessibleName("Mục lục hướng dẫn")
        for section, title in SECTIONS.items():
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, section)
            self.contents.addItem(item)
        self.contents.itemActivated.connect(self._item_chosen)
        self.contents.itemClicked.connect(self._item_chosen)

        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Nội dung hướng dẫn")
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(help_folder())])
        self.browser.setSource(QUrl.fromLocalFile(str(help_folder() / HELP_FILE)))

        splitter = QSplitter()
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 760])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)
        self.resize(1000, 700)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A window of its own, but read like a dialog: Escape puts it away."""
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.close()
            return
        super().keyPressEvent(event)

    def _item_chosen(self, item: QListWidgetItem) -> None:
        self.show_section(item.data(Qt.ItemDataRole.UserRole))

    def show_section(self, section: str) -> None:
        if section not in SECTIONS:
            section = "bat-dau"
        self.current_section = section
        row = list(SECTIONS).index(section)
        if self.contents.currentRow() != row:
            self.contents.setCurrentRow(row)
        self.browser.scrollToAnchor(section)


def show_help(window: HelpWindow | None, parent: QWidget, section: str) -> HelpWindow:
    """Bring the guide ``window`` forward at ``section``, opening one for ``parent`` first
    when there is none yet (one guide per main window)."""
    if window is None:
        window = HelpWindow(parent)
    window.show()
    window.show_section(section)
    window.raise_()
    window.activateWindow()
    return window
