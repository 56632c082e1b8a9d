"""The user guide: its sections, pictures, the words it quotes, and F1 on every screen."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cchc_desktop.paths import resources_dir
from cchc_desktop.ui.shell import help as guide
from cchc_desktop.ui.shell.main_window import PAGE_KEYS

HELP_DIR = resources_dir() / "help"
UI_DIR = Path(guide.__file__).resolve().parent.parent  # the whole interface package
# The check boxes of the reports screen take the documents' titles from exports/.
EXPORTS_DIR = UI_DIR.parent / "exports"

# Labels of the program the guide quotes. Each must still be in the interface's code, so
# renaming a button fails here until the guide is updated too.
QUOTED_LABELS = [
    "Khai báo thông tin đơn vị",
    "Lưu và bắt đầu",
    "Để sau",
    "Nhập từ gói dữ liệu (.cchc)…",
    "Lưu thông tin đơn vị",
    "Hoàn tác thay đổi",
    "Nhắc việc",
    "Xem danh sách",
    "Nhắc lại sau",
    "Không nhắc lại hôm nay",
    "Đơn vị tự đặt (không có văn bản giao)",
    "Thêm văn bản…",
    "Đính kèm tệp…",
    "Nhân bản",
    "Đổi trạng thái…",
    "Bỏ lọc",
    "Nhập từ Excel…",
    "Chọn tệp Excel…",
    "Báo cáo định kỳ…",
    "Lưu lịch",
    "Tạo nhiệm vụ báo cáo cho năm",
    "Tạo nhiệm vụ",
    "Số liệu tổng hợp…",
    "Xem số liệu",
    "Chép số liệu",
    "Danh sách cán bộ, công chức",
    "Chưa đạt chuẩn và kế hoạch chuẩn hóa",
    "Tỷ lệ đạt chuẩn",
    "Tiêu chuẩn theo chức danh, vị trí",
    "Sửa thông tin nhập sai (đúng cho mọi thời điểm)",
    "Thay đổi thực tế (tốt nghiệp, chuyển vị trí …) từ ngày:",
    "Thêm biện pháp…",
    "Tạo nhiệm vụ CCHC",
    "Chép câu cho báo cáo",
    "Sửa yêu cầu…",
    "Thêm ngành",
    "Lưu thành phiên bản mới…",
    "Bộ tiêu chí",
    "Đọc lại tệp",
    "Lưu bộ tiêu chí",
    "Dùng cho năm đang chấm",
    "Xuất ra Excel…",
    "Bắt đầu chấm điểm",
    "Bảng tự chấm điểm",
    "Lưu dòng này",
    "Thêm tài liệu…",
    "Chọn tài liệu đã có…",
    "Bỏ khỏi dòng này",
    "Chốt bảng điểm…",
    "Mở khóa…",
    "Lịch sử chốt, mở khóa",
    "Nhập điểm thẩm định…",
    "So sánh với năm trước",
    "Ánh xạ mã tiêu chí năm trước…",
    "Tạo nhiệm vụ khắc phục",
    "Báo cáo kết quả tự đánh giá, chấm điểm Chỉ số CCHC",
    "Báo cáo kết quả thực hiện nhiệm vụ CCHC",
    "Báo cáo chuẩn hóa đội ngũ cán bộ, công chức",
    "Nén thêm thành một tệp .zip để đính kèm thư điện tử",
    "Chọn thư mục…",
    "Tạo hồ sơ nộp",
    "Mở thư mục",
    "Mở tệp",
    "Mở nơi có tệp .zip",
    "Gói dữ liệu (USB)",
    "Tạo gói dữ liệu…",
    "Toàn bộ dữ liệu",
    "Chỉ các năm:",
    "Đặt mật khẩu cho gói",
    "Chọn nơi lưu và tạo gói…",
    "Nhập gói dữ liệu…",
    "Tất cả: giữ máy này",
    "Tất cả: lấy trong gói",
    "Khôi phục từ gói dữ liệu…",
    "Sao lưu tự động sau mỗi",
    "Sao lưu ngay",
    "Sao lưu ra USB…",
    "Chọn nơi lưu và sao lưu…",
    "Mở thư mục sao lưu",
    "Khôi phục bản đã chọn…",
    "Khôi phục từ tệp khác…",
    "Khôi phục dữ liệu",
    "Kiểm tra lại bản đã chọn",
    "Lịch sử thay đổi…",
    "Xuất Excel…",
    "Người dùng và đăng nhập…",
    "Chọn tệp khác…",
    "Dùng tệp mặc định",
    "Khôi phục từ bản sao lưu tốt gần nhất",
    "Mở thư mục nhật ký",
    "Phóng to chữ",
]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.names: list[str] = []
        self.images: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"])  # type: ignore[arg-type]
        if tag == "a" and values.get("name"):
            self.names.append(values["name"])  # type: ignore[arg-type]
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])  # type: ignore[arg-type]
        if tag == "img":
            self.images.append(values.get("src") or "")


@pytest.fixture(scope="module")
def html_text() -> str:
    return (HELP_DIR / guide.HELP_FILE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(html_text: str) -> _Collector:
    collector = _Collector()
    collector.feed(html_text)
    return collector


def _plain(text: str) -> str:
    """The guide's words without tags and entities, on one line."""
    text = re.sub(r"<[^>]+>", "", text).replace("&amp;", "&").replace("&lt;", "<")
    return re.sub(r"\s+", " ", text.replace("&gt;", ">"))


def test_every_section_has_an_id_and_an_anchor(parsed: _Collector) -> None:
    for section in guide.SECTIONS:
        assert section in parsed.ids, section
        assert section in parsed.names, section  # QTextBrowser scrolls to <a name>


def test_every_picture_exists_and_the_pictures_stay_small(parsed: _Collector) -> None:
    assert parsed.images
    for source in parsed.images:
        assert (HELP_DIR / source).is_file(), source
    total = sum(path.stat().st_size for path in (HELP_DIR / "anh").glob("*.png"))
    assert total < 1_600_000


def test_internal_links_lead_to_sections(parsed: _Collector) -> None:
    for link in parsed.links:
        if link.startswith("#"):
            assert link[1:] in guide.SECTIONS, link


def test_every_screen_has_its_section() -> None:
    assert set(guide.PAGE_SECTIONS) == set(PAGE_KEYS)
    assert set(guide.PAGE_SECTIONS.values()) <= set(guide.SECTIONS)
    assert guide.PACKAGES_SECTION in guide.SECTIONS


def test_quoted_labels_are_in_the_guide_and_in_the_program(html_text: str) -> None:
    words = _plain(html_text)
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in (UI_DIR, EXPORTS_DIR)
        for path in folder.rglob("*.py")
        if path.name != "help.py"
    ).replace("&", "")
    missing_in_guide = [label for label in QUOTED_LABELS if label not in words]
    missing_in_code = [label for label in QUOTED_LABELS if label not in code]
    assert not missing_in_guide
    assert not missing_in_code


def test_help_menu_has_the_guide_on_f1(window) -> None:  # type: ignore[no-untyped-def]
    help_menu = next(
        action.menu() for action in window.menuBar().actions() if "giúp" in action.text()
    )
    texts = [action.text() for action in help_menu.actions()]
    assert "Hướng dẫn sử dụng" in texts
    assert window.help_action.shortcut().toString() == "F1"


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_f1_opens_the_section_of_the_screen(qtbot, window, key: str) -> None:  # type: ignore[no-untyped-def]
    window.show_page(key)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    shown = window._help_window
    assert shown.isVisible()
    assert shown.current_section == guide.PAGE_SECTIONS[key]
    assert shown.contents.currentItem().data(Qt.ItemDataRole.UserRole) == shown.current_section


def test_f1_on_the_packages_tab_opens_the_usb_section(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.show_page("backup")
    window.backup_page.tabs.setCurrentIndex(1)
    window.help_action.trigger()
    assert window._help_window.current_section == "usb"


def test_one_window_follows_the_sections_and_scrolls(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    first = window.show_help("bat-dau")
    qtbot.waitExposed(first)
    top = first.browser.verticalScrollBar().value()
    second = window.show_help("su-co")
    assert second is first
    assert first.current_section == "su-co"
    assert first.browser.verticalScrollBar().value() > top
    assert first.browser.document().toPlainText().count("Hướng dẫn sử dụng CCHC Desktop") == 1


def test_choosing_a_title_in_the_contents_shows_that_section(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    shown = window.show_help("bat-dau")
    row = list(guide.SECTIONS).index("cham-diem")
    shown.contents.itemClicked.emit(shown.contents.item(row))
    assert shown.current_section == "cham-diem"


def test_pictures_load_in_the_browser(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    shown = window.show_help()
    resource = shown.browser.loadResource(
        QTextDocument.ResourceType.ImageResource, QUrl("anh/tong-quan.png")
    )
    assert resource is not None and not resource.isNull()


def test_escape_closes_the_guide(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    shown = window.show_help("bat-dau")
    qtbot.waitExposed(shown)
    shown.activateWindow()
    shown.contents.setFocus()
    qtbot.keyClick(shown.contents, Qt.Key.Key_Escape)
    assert not shown.isVisible()
    assert window.show_help("cham-diem") is shown  # F1 brings the same window back
    assert shown.isVisible()
