"""«Báo cáo & hồ sơ nộp» as a commune officer uses it: choose, check, create, send."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QShortcut
from PySide6.QtWidgets import QMessageBox

from cchc_desktop.core.points import format_percent, format_points
from cchc_desktop.core.text import format_date
from cchc_desktop.demo import fill_demo_store
from cchc_desktop.exports import ExportError
from cchc_desktop.exports.reports.common import (
    DOCUMENT_NAMES,
    SELF_ASSESSMENT,
    STAFF,
    TASKS,
    default_recipients,
)
from cchc_desktop.exports.reports.tasks import period_of
from cchc_desktop.exports.request import PARENT_LINE_KEY, RECIPIENTS_KEY
from cchc_desktop.exports.submission import build_documents
from cchc_desktop.jobs import JobCancelled
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.store.scoring_repo import assessment_for_year, sheet_state
from cchc_desktop.store.settings_repo import get_setting
from cchc_desktop.ui.reports import page as page_module
from cchc_desktop.ui.reports.page import ReportsPage
from cchc_desktop.ui.shell.main_window import MainWindow
from tests.support.profile import PROFILE

WAIT = 30_000  # ms: writing three PDF and three Excel files


@pytest.fixture
def demo_window(qtbot, store, settings) -> MainWindow:  # type: ignore[no-untyped-def]
    fill_demo_store(store, date.today())
    main = MainWindow(store, settings)
    qtbot.addWidget(main)
    main.resize(1100, 720)
    main.show()
    qtbot.waitExposed(main)
    main.show_page("reports")
    return main


@pytest.fixture
def page(demo_window) -> ReportsPage:  # type: ignore[no-untyped-def]
    return demo_window.reports_page


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "ho-so"
    folder.mkdir()
    return folder


@pytest.fixture
def opened(monkeypatch) -> list[QUrl]:  # type: ignore[no-untyped-def]
    urls: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls


def _only(page: ReportsPage, *keys: str) -> None:
    for key, check in page.checks.items():
        check.setChecked(key in keys)
        page._wanted[key] = key in keys


def _create_and_wait(qtbot, page: ReportsPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.task is not None, page.message.text()
    qtbot.waitUntil(lambda: page.result is not None and not page.task.is_running, timeout=WAIT)


def test_all_three_reports_make_one_folder_and_a_zip(  # type: ignore[no-untyped-def]
    qtbot, page, out, opened, settings
) -> None:
    assert page.demo_notice.isVisible()
    assert "DỮ LIỆU MẪU" in page.demo_notice.text()
    assert page.selected_documents() == (SELF_ASSESSMENT, TASKS, STAFF)
    assert [page.checks[k].text() for k in page.checks] == list(DOCUMENT_NAMES.values())
    page.files_box.folder_edit.setText(str(out))
    page.files_box.zip_check.setChecked(True)
    written: list[object] = []
    page.submission_written.connect(written.append)

    _create_and_wait(qtbot, page)

    result = page.result
    assert written == [result]
    folders = [p for p in out.iterdir() if p.is_dir()]
    assert folders == [result.folder]
    files = sorted(result.folder.iterdir())
    assert len(files) == 6
    assert sorted(p.suffix for p in files) == [".pdf"] * 3 + [".xlsx"] * 3
    stems = {p.stem for p in files}
    assert len(stems) == 3 and all(p.stat().st_size > 0 for p in files)
    # nothing half-written is left next to it
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [result.folder.name, result.zip_path.name]
    )

    assert page.result_box.isVisible()
    shown = [page.result_box.files.item(i).text() for i in range(page.result_box.files.count())]
    assert [text.split()[0] for text in shown] == [p.name for p in result.files]
    assert all("KB" in text or "MB" in text for text in shown)
    assert str(result.folder) in page.result_box.result_folder.text()
    assert "Đã tạo hồ sơ nộp gồm 6 tệp" in page.message.text()
    assert "Sở Nội vụ tỉnh Gia Lai" in page.result_box.send_hint.text()
    assert ".zip" in page.result_box.send_hint.text()

    assert result.zip_path is not None and result.zip_path.parent == out
    assert result.zip_path.name.startswith(result.folder.name)
    with zipfile.ZipFile(result.zip_path) as archive:
        assert sorted(archive.namelist()) == sorted(f"{result.folder.name}/{p.name}" for p in files)
    assert str(result.zip_path) in page.result_box.zip_label.text()

    qtbot.mouseClick(page.result_box.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == QUrl.fromLocalFile(str(result.folder))
    page.result_box.files.setCurrentRow(2)
    qtbot.mouseClick(page.result_box.open_file_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == QUrl.fromLocalFile(str(result.files[2]))
    item = page.result_box.files.item(1)
    page.result_box.files.itemActivated.emit(item)  # a double-click or Enter on the line
    assert opened[-1] == QUrl.fromLocalFile(str(result.files[1]))
    qtbot.mouseClick(page.result_box.open_zip_folder_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == QUrl.fromLocalFile(str(out))

    # the folder is remembered on this PC
    assert settings.submission_folder == out


def test_a_second_submission_never_overwrites_the_first(qtbot, page, out) -> None:  # type: ignore[no-untyped-def]
    _only(page, STAFF)
    page.files_box.format_checks["xlsx"].setChecked(False)
    page.files_box.folder_edit.setText(str(out))
    _create_and_wait(qtbot, page)
    first = page.result.folder
    page.result = None
    _create_and_wait(qtbot, page)
    assert page.result.folder != first and first.is_dir()
    assert [p.suffix for p in page.result.folder.iterdir()] == [".pdf"]
    assert (
        not page.result_box.zip_label.isVisible()
        and not page.result_box.open_zip_folder_button.isVisible()
    )
    assert ".zip" not in page.result_box.send_hint.text()


def test_a_year_without_a_sheet_cannot_be_chosen(qtbot, page, out) -> None:  # type: ignore[no-untyped-def]
    this_year = page.year.value()
    page.year.setValue(this_year - 2)  # the sample has this year's and last year's sheets
    check = page.checks[SELF_ASSESSMENT]
    reason = f"Năm {this_year - 2} chưa có bảng tự chấm điểm"
    assert not check.isEnabled() and not check.isChecked()
    assert reason in page.readiness_labels[SELF_ASSESSMENT].text()
    assert reason in check.toolTip()
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert not check.isChecked()

    # only that report wanted: nothing to create
    for key in (TASKS, STAFF):
        qtbot.mouseClick(page.checks[key], Qt.MouseButton.LeftButton)
        assert not page.checks[key].isChecked()
    page.files_box.folder_edit.setText(str(out))
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.task is None
    assert page.message.isVisible()
    assert "Chọn ít nhất một báo cáo" in page.message.text()
    assert list(out.iterdir()) == []

    # back to a year with a sheet: the officer's own choice comes back
    page.year.setValue(this_year)
    assert check.isEnabled() and check.isChecked()
    assert not page.checks[TASKS].isChecked()


def test_a_folder_that_does_not_exist_is_said_at_the_place(qtbot, page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "usb" / "ho-so"
    page.files_box.folder_edit.setText(str(missing))
    # Ctrl+Enter creates from anywhere on the page (the key itself needs an active window,
    # which the offscreen platform does not reliably give after a progress dialog)
    shortcuts = {s.key().toString(): s for s in page.findChildren(QShortcut)}
    assert {"Ctrl+Return", "Ctrl+Enter"} <= set(shortcuts)
    assert shortcuts["Ctrl+Return"].context() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    shortcuts["Ctrl+Return"].activated.emit()
    assert page.task is None
    assert "Không tìm thấy thư mục" in page.message.text()
    assert str(missing) in page.message.text()
    assert page.files_box.folder_edit.property("invalid") is True
    assert page.window().focusWidget() is page.files_box.folder_edit
    assert not (tmp_path / "usb").exists()
    # choosing a folder clears the mark
    (tmp_path / "usb").mkdir()
    page.files_box.folder_edit.clear()
    qtbot.keyClicks(page.files_box.folder_edit, str(tmp_path / "usb"))
    assert page.files_box.folder_edit.property("invalid") is False


def test_the_form_refuses_what_would_make_a_wrong_document(qtbot, page, out) -> None:  # type: ignore[no-untyped-def]
    page.files_box.folder_edit.setText(str(out))
    form = page.form
    page.number.setText("15")  # one number for three documents
    form.editors["day"].edit.setText("31/02/2026")
    page.recipients.setPlainText("  \n ")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.task is None
    assert "Mỗi báo cáo có số riêng" in form.error_text("number")
    assert form.error_text("day")
    assert "ít nhất một nơi nhận" in form.error_text("recipients")
    assert "đánh dấu đỏ" in page.message.text()

    tomorrow = date.fromordinal(date.today().toordinal() + 1)
    form.editors["day"].set_date(tomorrow)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    _only(page, STAFF)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.task is None
    assert "không được sau hôm nay" in form.error_text("day")
    assert not form.error_text("number") and not form.error_text("recipients")

    form.editors["day"].set_date(date.today())
    for check in page.files_box.format_checks.values():
        check.setChecked(False)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.task is None
    assert "ít nhất một định dạng" in page.message.text()
    assert list(out.iterdir()) == []


def test_readiness_shows_the_sheet_and_the_period(page, store) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    year = page.year.value()
    assert year == load_profile(store).assessment_year == today.year
    sheet = sheet_state(store, assessment_for_year(store, year), today).sheet
    expected = (
        f"Năm {year}: tự chấm {format_points(sheet.total)}/{format_points(sheet.maximum)} điểm "
        f"({format_percent(sheet.percent)}), chưa chốt; còn {len(sheet.unscored())} tiêu chí "
        f"chưa chấm; {len(sheet.without_evidence())} tiêu chí chưa có tài liệu kiểm chứng."
    )
    assert sheet.unscored() and sheet.without_evidence()  # the sample is half scored
    assert page.readiness_labels[SELF_ASSESSMENT].text() == expected
    assert page.readiness[SELF_ASSESSMENT].caution

    page.year.setValue(year - 1)  # locked and appraised in the sample
    text = page.readiness_labels[SELF_ASSESSMENT].text()
    assert text.startswith(f"Năm {year - 1}: tự chấm ") and "đã chốt, điểm thẩm định" in text
    assert page.readiness_labels[STAFF].text().startswith(f"Số liệu tại ngày 31/12/{year - 1}: ")
    page.year.setValue(year)
    staff_day = min(date(year, 12, 31), today)
    assert (
        page.readiness_labels[STAFF]
        .text()
        .startswith(f"Số liệu tại ngày {format_date(staff_day)}: ")
    )

    seen = set()
    for key in ("quy-1", "6-thang", "quy-3", "nam"):
        page.period.setCurrentIndex(page.period.findData(key))
        _label, start, end = period_of(store, key, year)
        text = page.readiness_labels[TASKS].text()
        if start > today:
            assert "chưa có số liệu" in text and not page.checks[TASKS].isEnabled()
        else:
            assert text.startswith(
                f"Số liệu từ {format_date(start)} đến {format_date(min(end, today))}"
            )
        seen.add(text)
    assert len(seen) == 4
    assert [page.period.itemText(i) for i in range(4)] == [
        "Quý I",
        "6 tháng đầu năm",
        "Quý III",
        "Năm",
    ]

    # a document dated earlier counts the officials on that day
    page.form.editors["day"].set_date(date(year, 1, 15))
    page.refresh_readiness()
    assert page.readiness_labels[STAFF].text().startswith(f"Số liệu tại ngày 15/01/{year}: ")


def test_recipients_typed_are_used_and_remembered(  # type: ignore[no-untyped-def]
    qtbot, demo_window, page, out, store, settings
) -> None:
    profile = load_profile(store)
    assert page.recipients.toPlainText() == "\n".join(default_recipients(profile))
    assert page.parent_line.text() == "UBND TỈNH GIA LAI"
    typed = ("- Sở Nội vụ tỉnh Gia Lai (b/c);", "- Đảng ủy xã (b/c);", "- Lưu: VT.")
    page.recipients.setPlainText(f"{typed[0]}\n\n  {typed[1]}  \n{typed[2]}\n")
    page.parent_line.clear()  # the officer's province prints no line above the commune
    page.number.setText("27")
    _only(page, STAFF)

    options = page.report_options()
    assert options.recipients == typed
    assert options.parent_line == "" and options.number == "27"
    assert options.day == date.today()
    (document,) = build_documents(store, page.submission_request(), options)
    assert document.recipients == typed
    assert document.parent_lines == ()
    assert document.number == "Số: 27/BC-UBND"

    assert get_setting(store, RECIPIENTS_KEY) is None
    page.files_box.folder_edit.setText(str(out))
    _create_and_wait(qtbot, page)
    assert get_setting(store, RECIPIENTS_KEY) == list(typed)
    assert get_setting(store, PARENT_LINE_KEY) == ""

    # another session (or another PC with this data) starts from them
    again = MainWindow(store, settings)
    qtbot.addWidget(again)
    again.show()
    again.show_page("reports")
    assert again.reports_page.recipient_lines() == typed
    assert again.reports_page.parent_line.text() == ""
    assert again.reports_page.files_box.folder_edit.text() == str(out)

    # «Khôi phục mặc định» brings the profile's lines back; saved defaults are not stored
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert page.recipient_lines() == default_recipients(profile)
    assert page.parent_line.text() == "UBND TỈNH GIA LAI"
    page.number.clear()
    page.result = None
    _create_and_wait(qtbot, page)
    assert get_setting(store, RECIPIENTS_KEY) is None
    assert get_setting(store, PARENT_LINE_KEY) is None


def test_lines_typed_survive_a_visit_to_another_screen(demo_window, page) -> None:  # type: ignore[no-untyped-def]
    page.recipients.setPlainText("- Lưu: VT.")
    demo_window.show_page("tasks")
    demo_window.show_page("reports")
    assert page.recipient_lines() == ("- Lưu: VT.",)


def test_write_failures_are_told_in_vietnamese(qtbot, page, out, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: warned.append(a[2])))
    message = "Không ghi được hồ sơ vào thư mục (ổ đĩa đầy)."

    def full_disk(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise ExportError(message)

    monkeypatch.setattr(page_module, "write_submission", full_disk)
    page.files_box.folder_edit.setText(str(out))
    task = page.create()
    qtbot.waitUntil(lambda: not task.is_running and page.create_button.isEnabled(), timeout=WAIT)
    qtbot.waitUntil(lambda: bool(warned), timeout=WAIT)
    assert warned == [message]
    assert page.message.text() == message
    assert not page.result_box.isVisible()

    def cancelled(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise JobCancelled()

    monkeypatch.setattr(page_module, "write_submission", cancelled)
    task = page.create()
    qtbot.waitUntil(lambda: "Đã hủy" in page.message.text(), timeout=WAIT)
    assert warned == [message]
    assert list(out.iterdir()) == []


def test_without_a_profile_the_page_points_to_it(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window.show_page("reports")
    page = window.reports_page
    assert page.profile_box.isVisible()
    assert not page.demo_notice.isVisible()
    assert "Thông tin đơn vị" in page.profile_notice.text()
    assert not page.checks[SELF_ASSESSMENT].isEnabled()
    page.files_box.folder_edit.setText(str(tmp_path))
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.task is None
    assert "Chưa có thông tin của xã" in page.message.text()
    qtbot.mouseClick(page.profile_button, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "profile"

    # once the profile is saved, the page's untouched lines follow it
    assert page.parent_line.text() == ""
    window.profile_page.form.set_profile(PROFILE)
    assert window.profile_page.save()
    window.show_page("reports")
    assert not page.profile_box.isVisible()
    assert page.parent_line.text() == "UBND TỈNH GIA LAI"
    assert page.recipient_lines() == default_recipients(PROFILE)
    assert page.recipient_lines()[0] == "- Sở Nội vụ tỉnh Gia Lai (b/c);"
    assert page.year.value() == date.today().year  # chosen on first showing, kept since


def test_every_control_is_reached_with_tab_in_reading_order(page) -> None:  # type: ignore[no-untyped-def]
    order = []
    widget = page.year
    for _ in range(40):
        order.append(widget)
        widget = widget.nextInFocusChain()
        while widget.focusPolicy() == Qt.FocusPolicy.NoFocus or widget.focusProxy():
            widget = widget.nextInFocusChain()
        if widget is page.result_box.open_zip_folder_button:
            break
    expected = [
        page.year,
        page.checks[SELF_ASSESSMENT],
        page.checks[TASKS],
        page.period,
        page.checks[STAFF],
        page.number,
        page.form.editors["day"].edit,
        page.parent_line,
        page.recipients,
        page.restore_button,
        *page.files_box.format_checks.values(),
        page.files_box.zip_check,
        page.files_box.folder_edit,
        page.files_box.choose_button,
        page.create_button,
        page.result_box.files,
        page.result_box.open_file_button,
        page.result_box.open_folder_button,
    ]
    assert [w for w in order if w in expected] == expected


def test_the_page_fits_the_window_and_stacks_when_narrow(qtbot, demo_window, page) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QBoxLayout, QScrollArea

    scroll = page.parentWidget().parentWidget()
    assert isinstance(scroll, QScrollArea)
    qtbot.waitUntil(lambda: page.width() == scroll.viewport().width())
    assert page.minimumSizeHint().width() <= scroll.viewport().width()
    assert not scroll.horizontalScrollBar().isVisible()
    assert page.columns.direction() == QBoxLayout.Direction.LeftToRight
    # the document's fields are never squeezed: below the reports when there is no room
    demo_window.resize(700, 500)
    qtbot.waitUntil(lambda: page.columns.direction() == QBoxLayout.Direction.TopToBottom)
    wide = page.fontMetrics().horizontalAdvance("để trống nếu chưa có số")
    qtbot.waitUntil(lambda: page.number.width() > wide)
    demo_window.resize(1100, 720)
    qtbot.waitUntil(lambda: page.columns.direction() == QBoxLayout.Direction.LeftToRight)


def test_the_screen_asks_the_same_module() -> None:
    """The screen keeps no rule of its own: it imports them from the Qt-free module."""
    import cchc_desktop.ui.reports.page as page

    source = Path(page.__file__).read_text(encoding="utf-8")
    assert "from cchc_desktop.exports.request import" in source
    for rule in ("không được sau hôm nay", "Mỗi báo cáo có số riêng", "ít nhất một nơi nhận"):
        assert rule not in source
