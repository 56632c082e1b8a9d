"""An unexpected error is logged and explained; the window does not close."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtWidgets import QPushButton

from cchc_desktop.logs import setup_logging
from cchc_desktop.paths import log_dir
from cchc_desktop.ui.toolkit import errors


@pytest.fixture
def hooked(monkeypatch, settings):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    log_file = setup_logging(log_dir())
    errors.install_exception_hook()
    presented: list[str] = []
    monkeypatch.setattr(errors.reporter(), "present", presented.append)
    yield log_file, presented
    setup_logging(log_dir())


@pytest.mark.qt_no_exception_capture
def test_error_in_a_button_is_logged_and_shown(qtbot, hooked) -> None:  # type: ignore[no-untyped-def]
    log_file, presented = hooked
    button = QPushButton("Thử")
    qtbot.addWidget(button)
    button.show()
    button.clicked.connect(lambda: 1 / 0)
    button.click()
    qtbot.waitUntil(lambda: bool(presented))
    assert "ZeroDivisionError" in presented[-1]
    assert "ZeroDivisionError" in log_file.read_text(encoding="utf-8")
    assert button.isVisible()


@pytest.mark.qt_no_exception_capture
def test_error_in_a_thread_is_shown_on_the_gui_thread(qtbot, hooked) -> None:  # type: ignore[no-untyped-def]
    _, presented = hooked

    def fail() -> None:
        raise RuntimeError("lỗi ở luồng phụ")

    worker = threading.Thread(target=fail)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(presented))
    assert "lỗi ở luồng phụ" in presented[-1]


def test_message_is_vietnamese_and_names_the_log(hooked) -> None:  # type: ignore[no-untyped-def]
    log_file, _ = hooked
    text = errors.error_message_text()
    assert text.startswith("Đã xảy ra lỗi không mong muốn.")
    assert str(log_file) in text
    assert "dữ liệu đã lưu trước đó vẫn an toàn" in text
