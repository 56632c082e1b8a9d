"""The overview page and the start-up reminder as an officer sees them."""

from __future__ import annotations

import argparse
from datetime import date

from PySide6.QtCore import Qt

from cchc_desktop.core.tasks import DerivedState
from cchc_desktop.demo import fill_demo_store
from cchc_desktop.store.overview_repo import overview
from cchc_desktop.ui.shell.app import AppController
from cchc_desktop.ui.shell.main_window import MainWindow


def _demo_window(qtbot, store, settings) -> MainWindow:  # type: ignore[no-untyped-def]
    fill_demo_store(store, date.today())
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show_page("overview")
    window.show()
    qtbot.waitExposed(window)
    return window


def test_cards_show_the_figures(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    window = _demo_window(qtbot, store, settings)
    page = window.overview_page
    data = overview(store, date.today())
    assert page.overdue_card.number.text() == str(data.overdue)
    assert page.due_soon_card.number.text() == str(data.due_soon)
    assert page.staff_card.number.text() == str(data.staff_not_met)
    assert page.evidence_card.number.text() == str(data.without_evidence)
    assert page.backup_card.number.text() == "Chưa có"
    assert "," in page.score_card.number.text() or "/" in page.score_card.number.text()
    for chart in (page.status_chart, page.points_chart, page.ratio_chart):
        assert not chart.is_empty
    assert "hoàn thành" in page.status_chart.description()


def test_overdue_card_opens_the_filtered_task_list(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    window = _demo_window(qtbot, store, settings)
    card = window.overview_page.overdue_card
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "tasks"
    flt = window.tasks_page.filters.current_filter()
    assert flt.state == DerivedState.OVERDUE and flt.start is None
    assert window.tasks_page.model.rowCount() == window.overview_page.data.overdue
    window.show_page("overview")
    window.overview_page.due_soon_card.setFocus()
    qtbot.keyClick(window.overview_page.due_soon_card, Qt.Key.Key_Return)
    assert window.tasks_page.filters.current_filter().state == DerivedState.DUE_SOON


def test_empty_store_says_the_charts_have_no_data(window) -> None:  # type: ignore[no-untyped-def]
    page = window.overview_page
    window.show_page("overview")
    page.refresh()
    for chart in (page.status_chart, page.points_chart, page.ratio_chart):
        assert chart.is_empty
        assert chart.description().startswith("Chưa có dữ liệu để vẽ biểu đồ")
    assert page.overdue_card.number.text() == "0"
    assert page.score_card.number.text() == "—"


def _args(**values) -> argparse.Namespace:  # type: ignore[no-untyped-def]
    return argparse.Namespace(**{"db": None, "demo": False, "measure_startup": False, **values})


def test_reminder_at_start_and_snoozed_for_the_day(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    controller = AppController(settings, _args(demo=True))
    assert controller.start()
    try:
        assert controller.reminder is None  # not asked for: never shown
    finally:
        controller.window.close()
        controller.shutdown()

    controller = AppController(settings, _args(demo=True))
    controller.remind_at_start = True
    assert controller.start()
    try:
        reminder = controller.reminder
        assert reminder is not None and reminder.isVisible() and not reminder.isModal()
        assert reminder.windowTitle() == "Nhắc việc"
        reminder.snooze.setChecked(True)
        reminder.list_button.click()
        assert controller.window.current_page_key() == "tasks"
        assert settings.reminder_snoozed_on == date.today()
    finally:
        controller.window.close()
        controller.shutdown()

    controller = AppController(settings, _args(demo=True))
    controller.remind_at_start = True
    assert controller.start()
    try:
        assert controller.reminder is None  # snoozed today
    finally:
        controller.window.close()
        controller.shutdown()


def test_evidence_card_opens_the_sheet_filtered_to_lines_without_evidence(  # type: ignore[no-untyped-def]
    qtbot, store, settings
) -> None:
    window = _demo_window(qtbot, store, settings)
    card = window.overview_page.evidence_card
    assert int(card.number.text()) > 0
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "scoring"
    button = window.scoring_page.sheet_tab.evidence_button
    assert button.isChecked()
    assert button.text() == f"Thiếu minh chứng: {card.number.text()}"


def test_backup_warning_days_is_set_on_the_backup_screen(  # type: ignore[no-untyped-def]
    qtbot, store, settings
) -> None:
    from cchc_desktop.store.settings_repo import backup_warning_days

    window = _demo_window(qtbot, store, settings)
    spin = window.backup_page.backups_tab.warning_days
    assert spin.value() == backup_warning_days(store) == 7
    spin.setValue(14)
    assert backup_warning_days(store) == 14
    window.show_page("backup")
    window.show_page("overview")  # the overview reads its figures again when shown
    assert window.overview_page.data.backup_warning_days == 14
