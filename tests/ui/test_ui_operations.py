"""The one operation runner: a refusal shown once, changes announced, screens that refresh
themselves without the main window wiring them."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from cchc_desktop.context import AppContext
from cchc_desktop.core.changes import Changes
from cchc_desktop.jobs import JobCancelled
from cchc_desktop.store import StoreWriteError
from cchc_desktop.store.opening import open_store
from cchc_desktop.store.task_repo import add_tasks
from cchc_desktop.ui.tasks.page import TasksPage
from cchc_desktop.ui.toolkit import errors
from cchc_desktop.ui.toolkit.ask import ask_yes_no
from cchc_desktop.ui.toolkit.operations import announce, refusal_shown, run_operation, subscribe
from tests.support.task_factory import task

TODAY = date(2026, 11, 22)
FULL = "Không ghi được vào tệp dữ liệu: ổ đĩa đã đầy."
WAIT = 5000


def _boxes(monkeypatch) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: shown.append((title, text)))
    return shown


@pytest.fixture
def other_store(tmp_path):  # type: ignore[no-untyped-def]
    opened = open_store(tmp_path / "other.db")
    yield opened
    opened.close()


def _heard(qtbot, store) -> tuple[QWidget, list[Changes]]:  # type: ignore[no-untyped-def]
    page = QWidget()
    qtbot.addWidget(page)
    heard: list[Changes] = []
    subscribe(page, store, heard.append)
    return page, heard


def test_a_failed_operation_shows_the_refusal_text_once_and_announces_nothing(
    qtbot, store, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    shown = _boxes(monkeypatch)
    unexpected: list[BaseException] = []
    monkeypatch.setattr(errors, "report_unexpected", unexpected.append)
    _page, heard = _heard(qtbot, store)

    def job(progress, cancelled):  # type: ignore[no-untyped-def]
        raise StoreWriteError(FULL)

    done: list[object] = []
    task_ = run_operation(
        None, "Lưu", job, on_success=done.append, store=store, changes=Changes(tasks=True)
    )
    with qtbot.waitSignal(task_.finished, timeout=WAIT):
        pass
    assert shown == [("Lưu", FULL)]
    assert not done and not heard and not unexpected


def test_an_unforeseen_failure_goes_to_the_unexpected_error_path(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown = _boxes(monkeypatch)
    unexpected: list[BaseException] = []
    monkeypatch.setattr(errors, "report_unexpected", unexpected.append)

    def job(progress, cancelled):  # type: ignore[no-untyped-def]
        raise KeyError("x")

    task_ = run_operation(None, "Lưu", job)
    with qtbot.waitSignal(task_.finished, timeout=WAIT):
        pass
    assert not shown
    assert [type(exc) for exc in unexpected] == [KeyError]


def test_success_announces_its_changes_to_every_screen_but_the_one_that_asked(
    qtbot, store, other_store
) -> None:  # type: ignore[no-untyped-def]
    asking, heard_by_asker = _heard(qtbot, store)
    _other, heard = _heard(qtbot, store)
    _elsewhere, heard_elsewhere = _heard(qtbot, other_store)
    order: list[str] = []
    task_ = run_operation(
        asking,
        "Lưu",
        lambda progress, cancelled: 7,
        on_success=lambda result: order.append(f"success {result} after {len(heard)}"),
        store=store,
        changes=Changes(tasks=True),
    )
    with qtbot.waitSignal(task_.finished, timeout=WAIT):
        pass
    assert heard == [Changes(tasks=True)]
    assert order == ["success 7 after 1"]
    assert not heard_by_asker and not heard_elsewhere


def test_cancel_stops_the_job_shows_nothing_and_announces_nothing(
    qtbot, store, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    shown = _boxes(monkeypatch)
    _page, heard = _heard(qtbot, store)
    started = threading.Event()

    def job(progress, cancelled):  # type: ignore[no-untyped-def]
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        raise JobCancelled()

    task_ = run_operation(None, "Việc dài", job, store=store, changes=Changes.everything())
    assert started.wait(WAIT / 1000)
    task_.dialog.reject()  # Escape
    with qtbot.waitSignal(task_.finished, timeout=WAIT):
        pass
    assert not shown and not heard


def test_a_quick_save_shows_its_refusal_once_and_goes_on_only_after_success(
    qtbot, store, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    shown = _boxes(monkeypatch)
    _page, heard = _heard(qtbot, store)
    with refusal_shown(None, "Xóa", store=store, changes=Changes(staff=True)) as done:
        raise StoreWriteError(FULL)
    assert not done and done.refused is not None and done.refused.message == FULL
    assert shown == [("Xóa", FULL)] and not heard
    with refusal_shown(None, "Xóa", store=store, changes=Changes(staff=True)) as done:
        pass
    assert done and heard == [Changes(staff=True)] and len(shown) == 1


def test_a_screen_forgets_its_subscription_when_it_is_gone(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    page = QWidget()
    heard: list[Changes] = []
    subscribe(page, store, heard.append)
    page.deleteLater()
    qtbot.waitUntil(lambda: not _alive(page), timeout=WAIT)
    announce(store, Changes(tasks=True))
    assert not heard


def _alive(widget: QWidget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)


def test_the_register_reads_again_after_another_screens_operation(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    page = TasksPage(AppContext(store, settings, today=lambda: TODAY))
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 0
    other = QWidget()
    qtbot.addWidget(other)

    def job(progress, cancelled):  # type: ignore[no-untyped-def]
        return None

    add_tasks(store, [task("Rà soát thủ tục hành chính")], TODAY)  # as the other screen did
    task_ = run_operation(other, "Tạo nhiệm vụ", job, store=store, changes=Changes(tasks=True))
    with qtbot.waitSignal(task_.finished, timeout=WAIT):
        pass
    assert page.model.rowCount() == 1
    page.hide()
    add_tasks(store, [task("Công khai thủ tục hành chính")], TODAY)
    announce(store, Changes(tasks=True), other)
    assert page.model.rowCount() == 1  # hidden: read when shown again
    page.show()
    assert page.model.rowCount() == 2


def test_the_yes_no_question_keeps_no_as_its_default(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[tuple[object, ...]] = []

    def question(*args):  # type: ignore[no-untyped-def]
        asked.append(args[1:])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    assert ask_yes_no(None, "Xóa", "Xóa?")
    yes_no = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    assert asked == [("Xóa", "Xóa?", yes_no, QMessageBox.StandardButton.No)]
