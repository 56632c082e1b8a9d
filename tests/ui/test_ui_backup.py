"""The backup screen, automatic backups, and restoring through the application."""

from __future__ import annotations

import argparse
import dataclasses
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from cchc_desktop.demo import fill_demo_store
from cchc_desktop.store import BackupError, open_store
from cchc_desktop.store.backup import REASON_MANUAL, list_backups, make_backup
from cchc_desktop.store.profile_repo import load_profile, save_profile
from cchc_desktop.ui.backup import scheduler
from cchc_desktop.ui.backup.page import BackupPage
from cchc_desktop.ui.backup.scheduler import AutoBackup
from cchc_desktop.ui.shell.app import AppController
from tests.store.test_restore import _content
from tests.support.profile import PROFILE

TODAY = date(2026, 11, 20)


def _reasons(store_path: Path) -> list[str]:
    return [info.reason for info in list_backups(store_path)]


def test_the_screen_has_a_backup_tab_and_a_package_tab(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = window.backup_page
    assert isinstance(page, BackupPage)
    assert page.title == "Sao lưu & trao đổi dữ liệu"
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Sao lưu",
        "Gói dữ liệu (USB)",
    ]
    assert page.tabs.widget(0) is page.backups_tab
    assert page.tabs.widget(1) is page.packages_tab
    tab = page.backups_tab
    assert [tab.table.horizontalHeaderItem(c).text() for c in range(5)] == [
        "Thời điểm",
        "Loại",
        "Dung lượng",
        "Đã kiểm tra",
        "Tệp",
    ]
    assert tab.last_backup_label.text() == "Lần sao lưu gần nhất: chưa có."
    assert not tab.restore_button.isEnabled()  # nothing chosen yet


def test_backup_now_adds_a_row(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    tab = window.backup_page.backups_tab
    tab.backup_button.click()
    with qtbot.waitSignal(tab.task.finished, timeout=10000):
        pass
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, 1).text() == "Sao lưu thủ công"
    assert tab.table.item(0, 3).text() == "Đã kiểm tra khi ghi"
    assert tab.last_backup_label.text().startswith("Lần sao lưu gần nhất: ")
    assert "(Sao lưu thủ công)" in tab.last_backup_label.text()
    tab.table.selectRow(0)
    assert tab.restore_button.isEnabled()
    tab.check_button.click()
    with qtbot.waitSignal(tab.task.finished, timeout=10000):
        pass
    assert tab.table.item(0, 3).text().startswith("Tốt (kiểm tra lại lúc ")


def test_backup_to_usb_starts_on_the_stick(qtbot, window, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.ui.backup import backups_tab

    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(backups_tab, "removable_drives", lambda: [usb])
    monkeypatch.setattr(backups_tab, "suggested_folder", lambda fallback: usb)
    asked: list[str] = []

    def choose(parent, title, start):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(usb)

    monkeypatch.setattr(backups_tab.QFileDialog, "getExistingDirectory", choose)
    tab = window.backup_page.backups_tab
    tab._update_usb_hint()
    assert str(usb) in tab.backup_elsewhere_button.toolTip()
    tab.backup_elsewhere_button.click()
    dialog = tab.usb_dialog
    assert dialog is not None and dialog.isVisible()
    assert asked == []  # the password comes first
    dialog.ok_button.click()  # no password: a plain copy, said plainly
    with qtbot.waitSignal(tab.task.finished, timeout=10000):
        pass
    assert asked == [str(usb)]
    assert [p.name.endswith("-thu-cong.db") for p in usb.iterdir()] == [True]
    assert "KHÔNG có mật khẩu" in tab.result.text()


def test_the_interval_is_saved(qtbot, window, settings) -> None:  # type: ignore[no-untyped-def]
    tab = window.backup_page.backups_tab
    assert tab.auto_minutes.value() == 30
    tab.auto_minutes.setValue(0)
    assert settings.auto_backup_minutes == 0
    assert tab.auto_minutes.text() == "tắt"
    tab.auto_minutes.setValue(45)
    assert settings.auto_backup_minutes == 45


def _fast(auto: AutoBackup) -> None:
    auto.timer.setInterval(20)
    auto.minute = timedelta(0)


def test_automatic_backup_after_a_change_only(qtbot, window, store) -> None:  # type: ignore[no-untyped-def]
    auto = window.auto_backup
    _fast(auto)
    qtbot.wait(150)
    assert list_backups(store.path) == []  # no change, no backup
    save_profile(store, PROFILE, date.today())
    with qtbot.waitSignal(auto.backed_up, timeout=10000):
        pass
    assert _reasons(store.path) == ["tu-dong"]
    assert window.statusBar().currentMessage().startswith("Đã tự động sao lưu lúc ")
    assert window.backup_page.backups_tab.table.item(0, 1).text() == "Tự động (có thay đổi)"
    qtbot.wait(150)
    assert len(list_backups(store.path)) == 1  # nothing changed since
    window.tasks_page.reload_choices()  # reading (and the task table's temp table) is no change
    qtbot.wait(150)
    assert len(list_backups(store.path)) == 1


def test_automatic_backup_waits_the_interval_and_can_be_off(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    now = [datetime(2026, 11, 20, 14, 0)]
    auto = AutoBackup(store, settings, check_every_ms=3_600_000, clock=lambda: now[0])
    save_profile(store, PROFILE, date.today())
    assert auto.has_changes()
    with qtbot.waitSignal(auto.backed_up, timeout=10000):
        assert auto.check()  # the first change, no backup yet: at once
    save_profile(store, dataclasses.replace(PROFILE, preparer_phone="0912345678"), date.today())
    now[0] += timedelta(minutes=29)
    assert not auto.check()  # changed, but less than 30 minutes since
    now[0] += timedelta(minutes=1)
    settings.auto_backup_minutes = 0
    assert not auto.check()  # off
    settings.auto_backup_minutes = 30
    with qtbot.waitSignal(auto.backed_up, timeout=10000):
        assert auto.check()
    assert [info.label for info in list_backups(store.path)] == ["Tự động (có thay đổi)"] * 2
    assert not auto.has_changes()
    auto.timer.stop()


def test_a_failed_automatic_backup_is_said_in_the_status_bar(
    qtbot, window, store, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise BackupError("Không ghi được bản sao lưu vào E:\\ (ổ đĩa đã đầy).")

    monkeypatch.setattr(scheduler, "make_backup", refuse)
    _fast(window.auto_backup)
    save_profile(store, PROFILE, date.today())
    with qtbot.waitSignal(window.auto_backup.failed, timeout=10000):
        pass
    assert "ổ đĩa đã đầy" in window.statusBar().currentMessage()
    assert window.statusBar().currentMessage().startswith("Chưa tự động sao lưu được (")
    monkeypatch.undo()  # the closing backup at the end of the test may work


def test_closing_backs_up_when_something_changed(qtbot, window, store) -> None:  # type: ignore[no-untyped-def]
    save_profile(store, PROFILE, date.today())
    assert window.close()
    assert _reasons(store.path) == ["khi-dong"]


def test_closing_without_change_makes_no_backup(qtbot, window, store) -> None:  # type: ignore[no-untyped-def]
    assert window.close()
    assert list_backups(store.path) == []


def test_closing_with_data_and_no_backup_at_all_backs_up(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.ui.shell.main_window import MainWindow

    save_profile(store, PROFILE, date.today())  # before the window: not a change of this session
    main = MainWindow(store, settings)
    qtbot.addWidget(main)
    main.show()
    assert not main.auto_backup.has_changes()
    assert main.close()
    assert _reasons(store.path) == ["khi-dong"]


def test_a_failed_closing_backup_asks(qtbot, window, store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise BackupError("Không ghi được bản sao lưu (USB bị rút ra).")

    monkeypatch.setattr(scheduler, "make_backup", refuse)
    asked: list[str] = []
    answers = [False, True]
    monkeypatch.setattr(
        window, "ask_close_without_backup", lambda reason: asked.append(reason) or answers.pop(0)
    )
    save_profile(store, PROFILE, date.today())
    assert not window.close()  # «Quay lại»
    assert asked == ["Không ghi được bản sao lưu (USB bị rút ra)"]
    assert window.isVisible() and window.auto_backup.timer.isActive()
    assert window.close()  # «Đóng»
    assert list_backups(store.path) == []


@pytest.fixture
def demo_path(store_path: Path) -> Path:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    with open_store(store_path) as store:
        fill_demo_store(store, TODAY)
    return store_path


def _wait_preview(qtbot, tab, source: Path):  # type: ignore[no-untyped-def]
    task = tab.preview_restore(source)
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    qtbot.waitUntil(lambda: tab.preview_dialog is not None and tab.preview_dialog.isVisible())
    return tab.preview_dialog


def test_the_preview_dialog_shows_the_counts(qtbot, demo_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.ui.shell.main_window import MainWindow

    backup = make_backup(demo_path, REASON_MANUAL)
    with open_store(demo_path) as store:
        window = MainWindow(store, settings)
        qtbot.addWidget(window)
        window.show()
        with store.transaction():
            store.conn.execute("DELETE FROM criterion_tasks")
        tab = window.backup_page.backups_tab
        tab.refresh()
        tab.table.selectRow(0)
        tab.restore_button.click()
        with qtbot.waitSignal(tab.task.finished, timeout=10000):
            pass
        qtbot.waitUntil(lambda: tab.preview_dialog is not None and tab.preview_dialog.isVisible())
        dialog = tab.preview_dialog
        rows = {
            dialog.table.item(r, 0).text(): (
                dialog.table.item(r, 1).text(),
                dialog.table.item(r, 2).text(),
            )
            for r in range(dialog.table.rowCount())
        }
        assert rows["Nhiệm vụ CCHC"] == ("27", "27")
        assert rows["Nhiệm vụ khắc phục theo tiêu chí"] == ("0", "1")
        assert dialog.preview.source == backup
        assert dialog.safety_note.text().startswith(
            "Trước khi khôi phục, chương trình sẽ tự sao lưu dữ liệu hiện tại ("
        )
        assert dialog.restore_button.text() == "Khôi phục"
        assert dialog.cancel_button.text() == "Hủy"
        emitted: list[object] = []
        window.replace_store_requested.connect(emitted.append)
        dialog.cancel_button.click()
        assert emitted == []
        window.skip_close_backup = True
        window.close()


def test_a_refused_file_is_explained(qtbot, window, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.ui.backup import backups_tab

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    not_a_backup = tmp_path / "ghi-chu.db"
    not_a_backup.write_text("x" * 200)
    monkeypatch.setattr(
        backups_tab.QFileDialog,
        "getOpenFileName",
        lambda *args: (str(not_a_backup), ""),
    )
    tab = window.backup_page.backups_tab
    tab.restore_file_button.click()
    with qtbot.waitSignal(tab.task.finished, timeout=10000):
        pass
    qtbot.waitUntil(lambda: bool(shown))
    assert "không phải tệp dữ liệu CCHC Desktop" in shown[0]
    assert tab.preview_dialog is None


def _args(**values) -> argparse.Namespace:  # type: ignore[no-untyped-def]
    return argparse.Namespace(**{"db": None, "demo": False, "measure_startup": False, **values})


def test_restore_through_the_application(qtbot, demo_path: Path, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    backup = make_backup(demo_path, REASON_MANUAL)
    expected = _content(backup)
    controller = AppController(settings, _args(db=str(demo_path)))
    assert controller.start()
    first_window = controller.window
    try:
        with controller.store.transaction():
            controller.store.conn.execute("UPDATE tasks SET content = 'Sửa sau sao lưu'")
        assert _content(demo_path) != expected
        dialog = _wait_preview(qtbot, first_window.backup_page.backups_tab, backup)
        with qtbot.waitSignal(controller.store_replaced, timeout=20000):
            dialog.restore_button.click()
        assert controller.window is not first_window and controller.window.isVisible()
        assert controller.store.path == demo_path.absolute()
        assert _content(controller.store.path) == expected
        assert told and told[0].startswith(f"Đã khôi phục dữ liệu từ {backup}.")
        assert "Bản sao dữ liệu trước khi khôi phục: " in told[0]
        reasons = _reasons(demo_path)
        assert "truoc-khoi-phuc" in reasons and "khi-dong" not in reasons
        # the new window's list shows the safety backup
        tab = controller.window.backup_page.backups_tab
        assert "Trước khi khôi phục" in [
            tab.table.item(r, 1).text() for r in range(tab.table.rowCount())
        ]
    finally:
        controller.window.close()
        controller.shutdown()


def test_a_failing_swap_reopens_the_store_as_it_was(
    qtbot, demo_path: Path, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    controller = AppController(settings, _args(db=str(demo_path)))
    assert controller.start()
    before = _content(demo_path)
    seen: list[Path] = []

    def swap(store_path, progress, cancelled):  # type: ignore[no-untyped-def]
        seen.append(store_path)
        with open_store(store_path):  # the file is free while the swap runs
            pass
        raise BackupError("Không thay được tệp dữ liệu (ổ đĩa đã đầy). Chưa khôi phục.")

    try:
        with qtbot.waitSignal(controller.store_replaced, timeout=20000):
            controller.window.replace_store_requested.emit(swap)
        assert seen == [demo_path.absolute()]
        assert warned == ["Không thay được tệp dữ liệu (ổ đĩa đã đầy). Chưa khôi phục."]
        assert _content(controller.store.path) == before
        assert load_profile(controller.store) is not None
    finally:
        controller.window.close()
        controller.shutdown()


def test_a_workers_commit_counts_and_a_temporary_table_does_not(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.store.opening import connect_worker

    auto = AutoBackup(store, settings, check_every_ms=3_600_000)
    store.conn.execute("CREATE TEMP TABLE seen (x)")
    store.conn.execute("INSERT INTO temp.seen VALUES (1)")  # as the task table does
    assert not auto.has_changes()
    worker = connect_worker(store.path)
    worker.execute("INSERT INTO store_meta (key, value) VALUES ('x', 'y')")
    worker.close()
    assert auto.has_changes()
    auto.stop()
    assert auto._watcher is None  # nothing holds the file once stopped
    assert auto.needs_backup_on_close()


def test_an_imported_package_reloads_the_screens(qtbot, window, store) -> None:  # type: ignore[no-untyped-def]
    save_profile(store, PROFILE, date.today())
    window.backup_page.packages_tab.data_changed.emit()
    assert window.windowTitle() == "UBND xã Vân Canh — CCHC Desktop"


_OUTLIVED_SCRIPT = """
import gc, sys, time
from datetime import date
from pathlib import Path
from PySide6.QtWidgets import QApplication
from cchc_desktop.store import open_store
from cchc_desktop.store.profile_repo import save_profile
from cchc_desktop.ui.backup import scheduler
from cchc_desktop.ui.toolkit.settings import UiSettings
from tests.support.profile import PROFILE

app = QApplication([])
folder = Path(sys.argv[1])
store = open_store(folder / "cchc.db")
def slow_backup(path, reason):
    def job(progress, cancelled):
        time.sleep(0.8)
        return path
    return job
scheduler.backup_and_rotate = slow_backup
auto = scheduler.AutoBackup(store, UiSettings(folder / "ui.ini"), check_every_ms=3_600_000)
save_profile(store, PROFILE, date.today())
assert auto.check()
del auto  # the window (and its AutoBackup) goes away while the backup runs
gc.collect()
end = time.monotonic() + 2
while time.monotonic() < end:
    app.processEvents()
    time.sleep(0.02)
assert not scheduler._running, "an ended thread is still held"
print("outlived")
"""


def _run_program(script: str, *args: str) -> str:
    """Run ``script`` as a program of its own (Qt aborts a whole process, not a test); its
    last line of output, after checking that it ended well."""
    import subprocess
    import sys

    from tests.support.paths import REPO

    result = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1]


def test_a_running_automatic_backup_outlives_the_window_that_started_it(tmp_path: Path) -> None:
    """Qt aborts the program when a QThread object dies while its thread runs."""
    assert _run_program(_OUTLIVED_SCRIPT, str(tmp_path)) == "outlived"


def test_no_text_of_the_backup_screen_shows_a_template_mark(window) -> None:  # type: ignore[no-untyped-def]
    """A text written as a template but never filled shows «{SUFFIX}» to the officer."""
    from PySide6.QtWidgets import QWidget

    page = window.backup_page
    texts = [
        text
        for widget in [page, *page.findChildren(QWidget)]
        for text in (widget.toolTip(), getattr(widget, "text", lambda: "")())
        if isinstance(text, str)
    ]
    assert [text for text in texts if "{" in text or "}" in text] == []
    assert any(".cchcbak" in text for text in texts)


_RESTORE_IN_A_RUNNING_APP = """
import argparse, sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from cchc_desktop.ui.shell.app import AppController, create_application
from cchc_desktop.ui.toolkit.settings import UiSettings

folder = Path(sys.argv[1])
settings = UiSettings(folder / "giao-dien.ini")
app = create_application(settings)
QMessageBox.information = lambda *args: None
args = argparse.Namespace(db=sys.argv[2], demo=False, measure_startup=False)
controller = AppController(settings, args)
assert controller.start()
seen = []

def swap(path, progress, cancelled):
    time.sleep(0.5)  # the window is gone while this runs
    return "Đã khôi phục."

def reopened():
    seen.append(controller.window is not None and controller.window.isVisible())
    controller.window.close()
    controller.shutdown()
    app.quit()

controller.store_replaced.connect(reopened)
QTimer.singleShot(0, lambda: controller.window.replace_store_requested.emit(swap))
QTimer.singleShot(20000, app.quit)
app.exec()
print("reopened" if seen == [True] else f"not reopened: {seen}")
"""


def test_a_restore_in_the_running_program_does_not_end_it(tmp_path: Path, demo_path: Path) -> None:
    """The window closes for the swap: that last window closing must not quit the program
    (which then died with «QThread: Destroyed while thread is still running»)."""
    assert _run_program(_RESTORE_IN_A_RUNNING_APP, str(tmp_path), str(demo_path)) == "reopened"


def test_tab_leaves_the_list_of_backups(window) -> None:  # type: ignore[no-untyped-def]
    """Arrows move in the list; Tab goes on to the next control, as in the other lists."""
    assert not window.backup_page.backups_tab.table.tabKeyNavigation()
