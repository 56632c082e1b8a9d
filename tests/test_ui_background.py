"""Long work runs off the GUI thread behind a progress bar; the window stays alive."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton

from cchc_desktop.jobs import JobCancelled
from cchc_desktop.store import BackupError
from cchc_desktop.ui.background import run_in_background
from cchc_desktop.ui.backup.backups_tab import BackupsTab


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
    with qtbot.waitSignal(task.finished, timeout=5000):
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
    with qtbot.waitSignal(task.finished, timeout=5000):
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
    with qtbot.waitSignal(task.finished, timeout=5000):
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
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert window.close()
