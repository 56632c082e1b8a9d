"""The one way a failure reaches the officer.

A refusal (:class:`~cchc_desktop.core.errors.UserError`, from any layer) shows its Vietnamese
text in one warning box; a cancelled job shows nothing; anything else is an unexpected
error: logged, shown in Vietnamese with the log's place, and the window stays.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cchc_desktop.core.errors import UserError
from cchc_desktop.jobs import JobCancelled
from cchc_desktop.logs import current_log_file

log = logging.getLogger(__name__)


def error_message_text() -> str:
    log_file = current_log_file()
    where = (
        f"Chi tiết kỹ thuật đã được ghi vào tệp nhật ký:\n{log_file}"
        if log_file
        else "Không ghi được tệp nhật ký trên máy này."
    )
    return (
        "Đã xảy ra lỗi không mong muốn. Thao tác vừa làm có thể chưa hoàn tất, "
        "nhưng dữ liệu đã lưu trước đó vẫn an toàn và chương trình vẫn tiếp tục chạy.\n\n"
        f"{where}\n\nNếu lỗi lặp lại, hãy gửi tệp nhật ký này cho người hỗ trợ kỹ thuật."
    )


class _ErrorReporter(QObject):
    """Shows the dialog on the GUI thread, whichever thread the error came from."""

    report = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.report.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._showing = False
        self.shown: list[str] = []  # what was reported, for tests and the log

    @Slot(str)
    def _show(self, details: str) -> None:
        self.shown.append(details)
        if self._showing:  # an error while the dialog is open: logged, not stacked
            return
        self._showing = True
        try:
            self.present(details)
        finally:
            self._showing = False

    def present(self, details: str) -> None:
        parent = QApplication.activeWindow()
        box = QMessageBox(parent if isinstance(parent, QWidget) else None)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Lỗi không mong muốn")
        box.setText(error_message_text())
        box.setDetailedText(details)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.button(QMessageBox.StandardButton.Ok).setText("Đóng")
        box.exec()


_reporter: _ErrorReporter | None = None


def reporter() -> _ErrorReporter | None:
    return _reporter


def _handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.error("Unexpected error", exc_info=(exc_type, exc, tb))
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    if _reporter is not None and QApplication.instance() is not None:
        _reporter.report.emit(details)


def report_unexpected(exc: BaseException) -> None:
    """Log and show an exception that was caught somewhere it could not be handled."""
    _handle(type(exc), exc, exc.__traceback__)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        _handle(args.exc_type, args.exc_value, args.exc_traceback)


def install_exception_hook() -> None:
    """Route every uncaught exception (GUI thread, Qt slots, threads) to the log and a dialog."""
    global _reporter
    if _reporter is None:
        _reporter = _ErrorReporter()
        app = QApplication.instance()
        if app is not None and QThread.currentThread() is not app.thread():
            _reporter.moveToThread(app.thread())
    sys.excepthook = _handle
    threading.excepthook = _thread_hook


def show_user_error(parent: QWidget | None, title: str, error: UserError) -> None:
    """The one box for a refusal: its Vietnamese text as it is, under ``title``."""
    QMessageBox.warning(parent, title, error.message)


def show_failure(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """The usual answer to a failure: a refusal's text, nothing for a cancel, the hook else."""
    if isinstance(exc, JobCancelled):
        return
    if isinstance(exc, UserError):
        show_user_error(parent, title, exc)
        return
    report_unexpected(exc)
