"""The main window as an officer uses it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication

from cchc_desktop import __version__
from cchc_desktop.demo import fill_demo_store
from cchc_desktop.store.profile_repo import save_profile
from cchc_desktop.ui.shell.main_window import MainWindow
from cchc_desktop.ui.toolkit.fonts import DEFAULT_POINT_SIZE, MAX_POINT_SIZE
from cchc_desktop.ui.toolkit.settings import UiSettings
from tests.support.profile import PROFILE

AREAS = [
    "Tổng quan",
    "Nhiệm vụ CCHC",
    "Cán bộ & chuẩn hóa",
    "Tự chấm điểm",
    "Báo cáo & hồ sơ nộp",
    "Sao lưu & trao đổi dữ liệu",
    "Thông tin đơn vị",
]


def test_navigation_lists_the_seven_areas(window) -> None:  # type: ignore[no-untyped-def]
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles == AREAS
    assert window.windowTitle() == "CCHC Desktop"  # no profile yet
    assert not window.demo_banner.isVisible()


def test_keyboard_moves_between_screens(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "staff"
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    assert window.current_page_key() == "scoring"
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "profile"


def test_every_area_is_a_real_screen(window) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.ui.reports.page import ReportsPage

    window.show_page("reports")
    assert window.pages["reports"] is window.reports_page
    assert isinstance(window.reports_page, ReportsPage)
    assert window.reports_page.create_button.isVisible()


def test_title_and_overview_follow_the_profile(window) -> None:  # type: ignore[no-untyped-def]
    assert window.overview_page.missing_profile.isVisibleTo(window.overview_page)
    window.profile_page.form.set_profile(PROFILE)
    assert window.profile_page.save()
    assert window.windowTitle() == "UBND xã Vân Canh — CCHC Desktop"
    assert window.overview_page.unit_label.text() == "Ủy ban nhân dân xã Vân Canh (mã 21607)"
    assert not window.overview_page.missing_profile.isVisibleTo(window.overview_page)


def test_demo_store_is_marked_everywhere(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    fill_demo_store(store, date.today())
    main = MainWindow(store, settings)
    qtbot.addWidget(main)
    main.show()
    assert main.demo_banner.isVisible()
    assert "DỮ LIỆU MẪU" in main.demo_banner.text()
    assert main.windowTitle().endswith("— DỮ LIỆU MẪU")


def test_text_size_keys_change_and_remember_it(window, settings, qtbot, home) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    assert QApplication.font().pointSize() == DEFAULT_POINT_SIZE
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSize() == DEFAULT_POINT_SIZE + 2
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSize() == DEFAULT_POINT_SIZE + 1
    settings.sync()
    assert UiSettings(home / "giao-dien.ini").point_size == DEFAULT_POINT_SIZE + 1
    for _ in range(30):
        window.change_text_size(+1)
    assert QApplication.font().pointSize() == MAX_POINT_SIZE
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSize() == DEFAULT_POINT_SIZE
    # the navigation grows with the text so that no title is cut off
    window.change_text_size(+6)
    metrics = window.navigation.fontMetrics()
    widest = max(metrics.horizontalAdvance(t) for t in AREAS)
    assert window.navigation.width() > widest
    window.reset_text_size()


def test_window_size_and_screen_are_remembered(qtbot, store, settings, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(700, 500)  # the offscreen screen is 800×600
    window.show_page("backup")
    assert window.close()
    again = MainWindow(store, settings)
    qtbot.addWidget(again)
    assert again.size() == QSize(700, 500)
    assert again.current_page_key() == "backup"


def test_closing_with_unsaved_profile_asks_first(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    save_profile(window.store, PROFILE, date.today())
    window.profile_page.reload()
    window.profile_page.form.signer_name.setText("Phạm Văn Bình")
    answers = iter(["cancel", "save"])
    monkeypatch.setattr(window, "ask_about_unsaved_changes", lambda: next(answers))
    assert not window.close()
    assert window.isVisible() and window.current_page_key() == "profile"
    assert window.close()
    from cchc_desktop.store.profile_repo import load_profile

    assert load_profile(window.store).signer_name == "Phạm Văn Bình"


def test_unsaved_invalid_profile_keeps_the_window_open(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window.profile_page.form.commune_code.setText("12")
    monkeypatch.setattr(window, "ask_about_unsaved_changes", lambda: "save")
    assert not window.close()
    assert window.profile_page.form.error_text("commune_code")


def test_about_tells_version_and_where_data_lives(window) -> None:  # type: ignore[no-untyped-def]
    text = window.about_text()
    assert __version__ in text
    assert str(window.store.path) in text
    assert "Thư mục dữ liệu" in text


def test_ctrl_f_searches_the_tasks_shown_even_from_the_sidebar(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "tasks"
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tasks_page.filters.search.hasFocus()
    # on another screen the key does not pull the officer back to the hidden task search
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "profile"
    assert not window.tasks_page.filters.search.hasFocus()


def test_a_task_made_from_the_staff_plan_shows_in_the_task_register(window, store) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from cchc_desktop.demo import fill_demo_staff

    fill_demo_staff(store, date.today())
    window.show_page("tasks")
    before = window.tasks_page.model.rowCount()
    window.show_page("staff")
    plan = window.staff_page.plan
    row = next(r for r in plan.model.rows() if r.action is not None and r.action.task_uuid is None)
    plan._select(row.evaluation.official.uuid, row.check.attribute, row.action)
    plan.make_task()
    window.show_page("tasks")
    window.tasks_page.model.fetchMore(window.tasks_page.model.index(0, 0).parent())
    assert window.tasks_page.model.rowCount() == before + 1


def test_the_menu_shows_the_ampersand_of_page_titles(window) -> None:  # type: ignore[no-untyped-def]
    """0.6.0: «Cán bộ _chuẩn hóa», «Sao lưu _trao đổi dữ liệu» (an unescaped «&»)."""
    go_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "Chức &năng")
    shown = [a.text().replace("&&", "\x00") for a in go_menu.actions()]
    assert all("&" not in text for text in shown)
    assert [t.replace("\x00", "&") for t in shown] == AREAS


def test_page_shortcuts_work_right_after_a_click_in_the_sidebar(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """0.6.0: after clicking «Nhiệm vụ CCHC» in the sidebar, Ctrl+N did nothing."""
    from cchc_desktop.ui.staff.editor import OfficialEditorDialog
    from cchc_desktop.ui.tasks.editor import TaskEditorDialog

    opened: list[str] = []
    monkeypatch.setattr(TaskEditorDialog, "exec", lambda d: opened.append("task") or 0)
    monkeypatch.setattr(OfficialEditorDialog, "exec", lambda d: opened.append("official") or 0)
    window.activateWindow()
    for key, wanted in (("tasks", "task"), ("staff", "official")):
        row = ["overview", "tasks", "staff"].index(key)
        rect = window.navigation.visualItemRect(window.navigation.item(row))
        qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.current_page_key() == key
        assert window.navigation.hasFocus() or QApplication.focusWidget() is window.navigation
        qtbot.keyClick(window.navigation, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert opened[-1:] == [wanted]
    assert opened == ["task", "official"]
