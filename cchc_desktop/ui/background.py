"""Run a plain-Python job (see :mod:`cchc_desktop.jobs`) off the GUI thread.

The job runs on a ``QThread`` while a progress dialog shows how far it got;
the window keeps repainting and answering. Results and errors come back to the
GUI thread through queued signals. A job that touches the store opens its own
SQLite connection: a connection belongs to one thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from cchc_desktop.jobs import Job, JobCancelled
from cchc_desktop.store.errors import StoreError
from cchc_desktop.ui import errors

log = logging.getLogger(__name__)

_running: set[BackgroundTask] = set()


class _Worker(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Job, cancel: threading.Event):
        super().__init__()
        self._job = job
        self._cancel = cancel

    @Slot()
    def run(self) -> None:
        try:
            result = self._job(self._report, self._cancel.is_set)
        except BaseException as exc:
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)

    def _report(self, done: int, total: int, text: str) -> None:
        self.progressed.emit(done, total, text)


class BackgroundTask(QObject):
    """One running job with its progress dialog. ``finished`` fires last."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, parent: QWidget | None, title: str, job: Job, *, cancellable: bool):
        super().__init__()
        self._cancel = threading.Event()
        self.dialog = QProgressDialog(parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setLabelText(title + "…")
        self.dialog.setRange(0, 0)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if cancellable:
            self.dialog.setCancelButtonText("Hủy")
            self.dialog.canceled.connect(self.cancel)
        else:
            self.dialog.setCancelButton(None)

        self._thread = QThread()
        self._worker = _Worker(job, self._cancel)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._worker.succeeded.connect(self._on_succeeded, Qt.ConnectionType.QueuedConnection)
        self._worker.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        _running.add(self)
        self._thread.start()

    @Slot()
    def cancel(self) -> None:
        self._cancel.set()
        self.dialog.setLabelText("Đang hủy…")

    @property
    def is_running(self) -> bool:
        return self._thread.isRunning()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            if self.dialog.maximum() != total:
                self.dialog.setRange(0, total)
            self.dialog.setValue(min(done, total))
        if text and not self._cancel.is_set():
            self.dialog.setLabelText(text)
        self.progressed.emit(done, total, text)

    def _finish(self) -> None:
        self._thread.quit()
        self._thread.wait()
        # Closing a QProgressDialog emits canceled(); the job is over, so it must not count.
        self.dialog.blockSignals(True)
        self.dialog.close()
        _running.discard(self)
        self.finished.emit()

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._finish()
        self.succeeded.emit(result)

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self._finish()
        self.failed.emit(exc)


def running_tasks() -> list[BackgroundTask]:
    """Jobs still working; the window must not close under them."""
    return [task for task in _running if task.is_running]


def report_failure(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """The usual answer to a failed job: a message for known problems, the error hook else."""
    if isinstance(exc, JobCancelled):
        return
    if isinstance(exc, StoreError):
        QMessageBox.warning(parent, title, exc.message)
        return
    errors.report_unexpected(exc)


def run_in_background(
    parent: QWidget | None,
    title: str,
    job: Job,
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    cancellable: bool = True,
) -> BackgroundTask:
    task = BackgroundTask(parent, title, job, cancellable=cancellable)
    task.succeeded.connect(on_success)
    task.failed.connect(on_failure or (lambda exc: report_failure(parent, title, exc)))
    task.start()
    return task
