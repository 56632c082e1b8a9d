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

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.jobs import Job
from cchc_desktop.ui.toolkit import errors

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


# A job that ends sooner than this shows no progress box at all.
SHOW_AFTER_MS = 300


class ProgressBox(QDialog):
    """The progress of one job: a text, a bar, and «Hủy» when the job can stop.

    A plain dialog, not ``QProgressDialog``: that one keeps a show timer and a cancel
    behaviour of its own, and a quick job's box appeared seconds after the job had ended
    and never went away. Here the job runner decides when the box shows and when it goes;
    Escape and the title bar's × ask the job to stop (when it can) and never close the box
    under a running job.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None, title: str, cancellable: bool):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._cancellable = cancellable
        layout = QVBoxLayout(self)
        self.label = QLabel(title + "…")
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(self.fontMetrics().averageCharWidth() * 44)
        layout.addWidget(self.label)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        layout.addWidget(self.bar)
        self.cancel_button: QPushButton | None = None
        if cancellable:
            row = QHBoxLayout()
            row.addStretch(1)
            self.cancel_button = QPushButton("Hủy")
            self.cancel_button.setAutoDefault(False)
            self.cancel_button.clicked.connect(self.cancel_requested)
            row.addWidget(self.cancel_button)
            layout.addLayout(row)

    # the names tests and callers read, as QProgressDialog had them
    def labelText(self) -> str:
        return self.label.text()

    def setLabelText(self, text: str) -> None:
        self.label.setText(text)

    def value(self) -> int:
        return self.bar.value()

    def maximum(self) -> int:
        return self.bar.maximum()

    def reject(self) -> None:
        """Escape: stop the job when it can stop; the box stays until the job has ended."""
        if self._cancellable:
            self.cancel_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.property("job_over"):
            event.accept()
            return
        event.ignore()
        self.reject()


class BackgroundTask(QObject):
    """One running job with its progress box. ``finished`` fires last."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, parent: QWidget | None, title: str, job: Job, *, cancellable: bool):
        super().__init__()
        self._cancel = threading.Event()
        self.dialog = ProgressBox(parent, title, cancellable)
        self.dialog.cancel_requested.connect(self.cancel)
        self.times_shown = 0
        # The runner's own timer: the box shows only while the job is still running.
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(SHOW_AFTER_MS)
        self._show_timer.timeout.connect(self._show_box)

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
        self._show_timer.start()

    @Slot()
    def _show_box(self) -> None:
        if self._thread.isRunning() and not self.dialog.property("job_over"):
            self.times_shown += 1
            self.dialog.show()

    @Slot()
    def cancel(self) -> None:
        if self._cancel.is_set() or self.dialog.property("job_over"):
            return
        self._cancel.set()
        self.dialog.setLabelText("Đang hủy…")
        if self.dialog.cancel_button is not None:
            self.dialog.cancel_button.setEnabled(False)

    @property
    def is_running(self) -> bool:
        return self._thread.isRunning()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            if self.dialog.bar.maximum() != total:
                self.dialog.bar.setRange(0, total)
            self.dialog.bar.setValue(min(done, total))
        if text and not self._cancel.is_set():
            self.dialog.setLabelText(text)
        self.progressed.emit(done, total, text)

    def _finish(self) -> None:
        self._thread.quit()
        self._thread.wait()
        self._show_timer.stop()
        self.dialog.setProperty("job_over", True)
        self.dialog.hide()
        self.dialog.deleteLater()
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
    """The usual answer to a failed job (see :func:`..errors.show_failure`)."""
    errors.show_failure(parent, title, exc)


def run_in_background(
    parent: QWidget | None,
    title: str,
    job: Job,
    on_success: Callable[[Any], object],
    on_failure: Callable[[BaseException], object] | None = None,
    *,
    cancellable: bool = True,
) -> BackgroundTask:
    task = BackgroundTask(parent, title, job, cancellable=cancellable)
    task.succeeded.connect(on_success)
    task.failed.connect(on_failure or (lambda exc: report_failure(parent, title, exc)))
    task.start()
    return task
