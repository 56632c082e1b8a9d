"""Long work runs off the GUI thread behind a progress bar; the window stays alive."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton

from cchc_desktop.jobs import JobCancelled
from cchc_desktop.store import BackupError
from cchc_desktop.ui.backup.backups_tab import BackupsTab
from cchc_desktop.ui.toolkit.background import run_in_background


def test_job_runs_on_a_worker_thread_while_the_gui_keeps_ticking(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)

    def job(progress, cancelled):  # type: ignore[no-untyped-def]
        for step in range(1, 6):
            progress(step, 5, f"Bước {step}/5")
            time.sleep(0.05)
        return threading.get_ident()

    results: list[int] = []
    task = run_in_background(None, "Thử việc dài", job, results.append)
    shown: list[tuple[int, int, str]] = []
    task.progressed.connect(
        lambda done, total, text: shown.append(
            (task.dialog.value(), total, task.dialog.labelText())
        )
    )
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    timer.stop()
    assert results and results[0] != threading.get_ident()
    assert len(ticks) >= 5  # the event loop ran while the job worked
    assert [value for value, _, _ in shown] == [1, 2, 3, 4, 5]
    assert shown[-1] == (5, 5, "Bước 5/5")
    assert task.dialog.maximum() == 5
    assert not task.is_running


def test_failure_comes_back_to_the_gui_thread(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    def job(progress, cancelled):  # type: ignore[no-untyped-def]
        raise ValueError("hỏng")

    failures: list[BaseException] = []
    task = run_in_background(None, "Thử", job, lambda _: None, failures.append)
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert isinstance(failures[0], ValueError)


def test_cancel_stops_the_job(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    started = threading.Event()

    def job(progress, cancelled):  # type: ignore[no-untyped-def]
        started.set()
        deadline = time.monotonic() + 5  # never spin forever, even if the test fails
        while not cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        raise JobCancelled()

    failures: list[BaseException] = []
    task = run_in_background(None, "Thử", job, lambda _: None, failures.append)
    assert started.wait(5)
    cancel_button = task.dialog.findChild(QPushButton)
    assert cancel_button.text() == "Hủy"
    cancel_button.click()
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert isinstance(failures[0], JobCancelled)


def test_known_problem_is_shown_as_its_message(qtbot, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))

    def job(progress, cancelled):  # type: ignore[no-untyped-def]
        raise BackupError("Không ghi được bản sao lưu vào E:\\: ổ đầy.")

    task = run_in_background(None, "Sao lưu dữ liệu", job, lambda _: None)
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["Không ghi được bản sao lưu vào E:\\: ổ đầy."]


def test_backup_screen_makes_and_lists_a_backup(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    page = BackupsTab(store, settings)
    qtbot.addWidget(page)
    page.show()
    assert page.summary.text() == "Chưa có bản sao lưu nào."
    task = page.backup_now()
    assert not page.backup_button.isEnabled()  # no second backup while one runs
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert page.backup_button.isEnabled()
    assert page.table.rowCount() == 1
    assert page.table.item(0, 1).text() == "Sao lưu thủ công"
    assert page.result.text().startswith("Đã sao lưu và kiểm tra xong: ")
    assert page.summary.text().startswith("Có 1 bản sao lưu; gần nhất lúc ")


def test_window_does_not_close_under_a_running_job(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    release = threading.Event()
    task = run_in_background(window, "Thử", lambda p, c: release.wait(5), lambda _: None)
    assert not window.close()
    assert "đang làm một việc chạy nền" in told[0]
    release.set()
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert window.close()


def test_a_quick_job_never_shows_its_box_even_after_waiting(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    """0.6.0: about four seconds after a quick job (an Excel read, «Sao lưu ngay», a small
    export) the progress box appeared, «Đã xong 100%», and never went away."""
    from PySide6.QtWidgets import QApplication

    results: list[int] = []
    task = run_in_background(None, "Đọc tệp Excel", lambda p, c: 7, results.append)
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    qtbot.wait(4600)  # longer than QProgressDialog's own 4-second show timer
    assert results == [7]
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert not [w for w in visible if w.windowTitle() == "Đọc tệp Excel"]
    assert task.times_shown == 0


def test_a_slow_job_shows_its_box_and_it_goes_when_the_job_ends(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    task = run_in_background(None, "Sao lưu dữ liệu", lambda p, c: release.wait(5), lambda _: None)
    qtbot.waitUntil(lambda: task.dialog.isVisible(), timeout=10000)
    box = task.dialog
    release.set()
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    qtbot.wait(50)
    try:
        still = box.isVisible()
    except RuntimeError:  # already deleted: gone for good
        still = False
    assert not still and task.times_shown == 1


def test_escape_and_the_close_button_cancel_a_slow_job(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    for how in ("escape", "close"):
        started = threading.Event()

        def job(progress, cancelled, started=started):  # type: ignore[no-untyped-def]
            started.set()
            deadline = time.monotonic() + 5
            while not cancelled() and time.monotonic() < deadline:
                time.sleep(0.01)
            raise JobCancelled()

        failures: list[BaseException] = []
        task = run_in_background(None, "Xuất hồ sơ", job, lambda _: None, failures.append)
        assert started.wait(5)
        qtbot.waitUntil(lambda task=task: task.dialog.isVisible(), timeout=10000)
        if how == "escape":
            qtbot.keyClick(task.dialog, Qt.Key.Key_Escape)
        else:
            task.dialog.close()
        assert task.dialog.labelText() == "Đang hủy…"
        assert task.dialog.isVisible()  # stays until the job has really stopped
        with qtbot.waitSignal(task.finished, timeout=10000):
            pass
        assert isinstance(failures[0], JobCancelled), how


def test_a_job_that_cannot_stop_ignores_escape(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    release = threading.Event()
    results: list[object] = []
    task = run_in_background(
        None, "Khôi phục", lambda p, c: release.wait(5), results.append, cancellable=False
    )
    qtbot.waitUntil(lambda: task.dialog.isVisible(), timeout=10000)
    qtbot.keyClick(task.dialog, Qt.Key.Key_Escape)
    assert task.dialog.isVisible() and task.dialog.labelText() == "Khôi phục…"
    release.set()
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert results == [True]
