"""Automatic backups of the open store: after changes every N minutes, and on closing.

"Changed" means a transaction was committed to the file, by the window's connection or a
worker's. A connection of its own (read-only, idle between checks) watches
``PRAGMA data_version``, which SQLite changes whenever another connection commits.
``Connection.total_changes`` of the window's connection would also count the rows the task
table writes into its temporary table ``shown_tasks`` at every filter (merely browsing would
look like a change) and would miss the workers' writes.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QWidget

from cchc_desktop.jobs import CancelledFn, JobCancelled, ProgressFn
from cchc_desktop.store.backup import (
    REASON_AUTO,
    REASON_CLOSE,
    connect_read_only,
    list_backups,
    make_backup,
    rotate_backups,
)
from cchc_desktop.store.database import Store
from cchc_desktop.store.errors import StoreError
from cchc_desktop.ui.toolkit.background import run_in_background
from cchc_desktop.ui.toolkit.settings import UiSettings

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 60_000


def backup_and_rotate(store_path: Path, reason: str) -> Callable[[ProgressFn, CancelledFn], Path]:
    """The job of an automatic backup: a verified copy, then the rotation of old ones."""

    def job(progress: ProgressFn, cancelled: CancelledFn) -> Path:
        target = make_backup(store_path, reason, progress=progress, cancelled=cancelled)
        rotate_backups(store_path)
        return target

    return job


def failure_text(exc: BaseException) -> str:
    if isinstance(exc, StoreError):
        return exc.message
    if isinstance(exc, JobCancelled):
        return "đã hủy sao lưu"
    return f"lỗi không lường trước ({exc})"


class _BackupThread(QThread):
    """Runs one automatic backup without a dialog; ``done`` or ``failed`` then ``finished``.

    A running thread is held in ``_running`` until it has ended: Qt aborts the whole
    program when a QThread object is destroyed while its thread runs, which would happen
    if the AutoBackup that started it (or its window) went away first.
    """

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Callable[[ProgressFn, CancelledFn], Path]):
        super().__init__()
        self._job = job

    def run(self) -> None:
        try:
            result = self._job(lambda *_: None, lambda: False)
        except BaseException as exc:
            log.warning("Automatic backup failed: %s", exc)
            self.failed.emit(exc)
        else:
            self.done.emit(result)


_running: set[_BackupThread] = set()


def _forget_when_ended(thread: _BackupThread) -> None:
    """Keep ``thread`` alive until its ``run`` has returned, whoever started it."""
    _running.add(thread)

    def forget() -> None:  # on the GUI thread (``thread`` lives there): run is over
        thread.wait()
        _running.discard(thread)

    thread.finished.connect(forget, Qt.ConnectionType.QueuedConnection)


class AutoBackup(QObject):
    """Backs up one open store by itself.

    Every ``check_every_ms`` (60 s) it makes a ``tu-dong`` backup on a worker thread, without
    a dialog, when the store changed since the last backup and at least
    ``settings.auto_backup_minutes`` × ``minute`` passed since it (0 minutes: never).
    :meth:`backup_before_closing` makes a ``khi-dong`` backup behind a progress dialog.
    ``check_every_ms``, ``minute`` and ``clock`` are there for tests.
    """

    backed_up = Signal(object)  # the new backup's Path
    failed = Signal(str)  # why an automatic backup could not be made

    def __init__(
        self,
        store: Store,
        settings: UiSettings,
        parent: QObject | None = None,
        *,
        check_every_ms: int = CHECK_EVERY_MS,
        minute: timedelta = timedelta(minutes=1),
        clock: Callable[[], datetime] = datetime.now,
    ):
        super().__init__(parent)
        self._store = store
        self._settings = settings
        self.minute = minute
        self._clock = clock
        self._watcher: sqlite3.Connection | None = None
        self._seen_version: int | None = None
        self._dirty = False  # committed changes not yet in a backup of this session
        self._stopped = False
        self._watch()
        self._thread: _BackupThread | None = None
        newest = list_backups(store.path)
        self.last_backup: datetime | None = newest[0].created if newest else None
        self._last_attempt: datetime | None = self.last_backup
        self.timer = QTimer(self)
        self.timer.setInterval(check_every_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    # --- what changed --------------------------------------------------------------------

    def _watch(self) -> None:
        """Fold the commits seen since the last look into ``_dirty``."""
        if self._stopped:
            return
        try:
            if self._watcher is None:
                self._watcher = connect_read_only(self._store.path)
            version = int(self._watcher.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as exc:
            log.warning("Cannot watch %s for changes: %s", self._store.path, exc)
            self._unwatch()
            return
        if self._seen_version is not None and version != self._seen_version:
            self._dirty = True
        self._seen_version = version

    def _unwatch(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
        self._watcher = None
        self._seen_version = None

    def has_changes(self) -> bool:
        """Committed changes since the last backup of this session (or since it started)."""
        self._watch()
        return self._dirty

    def _store_is_open(self) -> bool:
        try:
            self._store.conn.execute("SELECT 1")
        except sqlite3.ProgrammingError:
            return False
        return True

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def due(self) -> bool:
        minutes = self._settings.auto_backup_minutes
        if minutes <= 0 or self.is_running() or not self.has_changes():
            return False
        if self._last_attempt is None:
            return True
        return self._clock() - self._last_attempt >= minutes * self.minute

    # --- periodic ------------------------------------------------------------------------

    def check(self) -> bool:
        """Start an automatic backup when one is due; True when started."""
        if not self.due() or not self._store_is_open():
            return False
        self._dirty = False  # what is committed from now on goes into the next one
        self._last_attempt = self._clock()
        thread = _BackupThread(backup_and_rotate(self._store.path, REASON_AUTO))
        thread.done.connect(self._on_done)
        thread.failed.connect(self._on_failed)
        self._thread = thread
        _forget_when_ended(thread)
        thread.start()
        return True

    def _on_done(self, target: Path) -> None:
        self.last_backup = self._clock()
        self.backed_up.emit(target)

    def _on_failed(self, exc: BaseException) -> None:
        self._dirty = True
        self.failed.emit(failure_text(exc))

    def wait_idle(self) -> None:
        """Let a running automatic backup finish (the window keeps painting meanwhile)."""
        thread = self._thread
        if thread is None or not thread.isRunning():
            return
        loop = QEventLoop()
        thread.finished.connect(loop.quit)
        if thread.isRunning():
            loop.exec()

    def stop(self) -> None:
        """No more checks; the watching connection is closed (the file may be replaced)."""
        self.timer.stop()
        self.wait_idle()
        self._watch()
        self._unwatch()
        self._stopped = True

    def resume(self) -> None:
        self._stopped = False
        self._watch()
        self.timer.start()

    # --- on closing ----------------------------------------------------------------------

    def needs_backup_on_close(self) -> bool:
        """Changes since the last backup, or data and no backup at all yet."""
        if not self._store_is_open():
            return False
        if self.has_changes():
            return True
        try:
            return not list_backups(self._store.path) and self._store.has_user_data()
        except sqlite3.Error:
            return False

    def backup_before_closing(self, parent: QWidget | None) -> str | None:
        """Make a ``khi-dong`` backup behind a progress dialog; None when done, else why not.

        Returns only when the job is over (a local event loop keeps the window alive), so
        ``close()`` keeps meaning "the window closed".
        """
        outcome: dict[str, object] = {}
        self._watch()
        self._dirty = False
        task = run_in_background(
            parent,
            "Sao lưu trước khi đóng chương trình",
            backup_and_rotate(self._store.path, REASON_CLOSE),
            lambda target: outcome.setdefault("target", target),
            lambda exc: outcome.setdefault("error", exc),
        )
        loop = QEventLoop()
        task.finished.connect(loop.quit)
        loop.exec()
        if "target" in outcome:
            self.last_backup = self._clock()
            self.backed_up.emit(outcome["target"])
            return None
        self._dirty = True
        error = outcome.get("error")
        return failure_text(error) if isinstance(error, BaseException) else "không rõ lý do"
