"""The one import dialog: choose a file, read it off the GUI thread, preview, decide, confirm.

Every importer's dialog is this dialog with a small adapter (a subclass) that lays out its
own widgets and shows its own preview; what they share lives here, once:

- the file: ``choose_file`` (the importer's :class:`~cchc_desktop.importers.pipeline.
  ImportSource` names the chooser and the filter), ``load(path)`` and ``reload_file``;
- reading on a worker thread through :func:`~cchc_desktop.ui.toolkit.background.run_in_background`;
  a read that a newer one (or closing) made stale is dropped: the only guard against stale
  reads, ``read_finished`` fires after each read that counts;
- why a file cannot be read, in Vietnamese, and the error hook for the unexpected;
- applying (:meth:`apply`): the store refuses a plan the store changed under
  (:class:`~cchc_desktop.store.imports.StaleImportError`); the dialog then plans again
  (:meth:`store_changed`) and says so; the store's other refusals are shown, nothing saved.

Hooks for the adapter: :meth:`make_reader`, :meth:`reading_started`, :meth:`show_reading`,
:meth:`show_read_failure`, :meth:`failure_text`, :meth:`store_changed`, and ``confirm``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from cchc_desktop.core.validation import ValidationError
from cchc_desktop.importers.pipeline import ImportSource, Reader, reading_job, unreadable_text
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.imports import StaleImportError
from cchc_desktop.ui.toolkit.background import BackgroundTask, report_failure, run_in_background
from cchc_desktop.ui.toolkit.forms import GuardedDialog
from cchc_desktop.ui.toolkit.widgets import NoticeLabel

T = TypeVar("T")


def preview_table(
    headers: list[str], stretch: tuple[int, ...], *, select_rows: bool = True
) -> QTableWidget:
    """A read-only list; the ``stretch`` columns take the room left and wrap their text."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    if select_rows:
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table


SIDE_COLUMN_MAX = 200  # px: a long issuer or field name wraps rather than squeeze the content


def fit_side_columns(table: QTableWidget, widest: int = SIDE_COLUMN_MAX) -> None:
    """After filling: every column but the stretching ones as wide as its contents, at most
    ``widest`` (its text wraps), so the stretching column keeps the room left."""
    header = table.horizontalHeader()
    for column in range(table.columnCount()):
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            continue
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        wanted = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        table.setColumnWidth(column, min(wanted, widest))


class ImportDialog(GuardedDialog):
    """The shared part of every import dialog; see the module's description."""

    read_finished = Signal()  # a read that counts ended: the preview, or why it failed, shows

    # Said after a failed apply the store refused for a rule (ValidationError).
    refused_prefix = "Không nhập được, chưa có gì được lưu: "

    def __init__(
        self,
        source: ImportSource[Any],
        parent: QWidget | None = None,
        *,
        confirm_text: str,
        choose_text: str = "Chọn tệp Excel…",
        notice: str = "",
    ):
        super().__init__(parent)
        self.source = source
        self.path: Path | None = None
        self.reading: Any = None
        self.read_error: str | None = None  # why the last file could not be read
        self._read_serial = 0  # a newer read (or closing) makes an older one's result stale
        self._read_task: BackgroundTask | None = None
        self._first_path: Path | None = None
        self._ask_on_open = False
        self._opened = False

        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(choose_text)
        self.choose_button.clicked.connect(self.choose_file)
        self.reread_button = QPushButton("Đọc lại tệp")
        self.reread_button.setToolTip("Đọc lại tệp này sau khi đã sửa trong Excel")
        self.reread_button.setEnabled(False)
        self.reread_button.clicked.connect(self.reload_file)
        self.notice = NoticeLabel(notice, "info")
        self.tabs = QTabWidget()
        self.buttons = QDialogButtonBox()
        self.confirm_button: QPushButton = self.buttons.addButton(
            confirm_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setEnabled(False)
        self.close_button = self.buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)

    # --- the file --------------------------------------------------------------------------

    def read_when_open(self, path: Path | None, *, ask: bool = False) -> None:
        """Read ``path`` as soon as the dialog runs; with no path and ``ask``, ask for the
        file once the dialog shows (and close when none is chosen)."""
        self._first_path = Path(path) if path is not None else None
        self._ask_on_open = ask
        if self._first_path is not None:
            QTimer.singleShot(0, self._first_read)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._opened:
            self._opened = True
            if self._ask_on_open and self._first_path is None:
                QTimer.singleShot(0, self._first_read)

    def _first_read(self) -> None:
        if self._read_serial or self.reading is not None or self.read_error is not None:
            return  # a file was read already, or the dialog closed
        if self._first_path is not None:
            self.load(self._first_path)
        elif not self.choose_file():
            self.reject()  # «Nhập từ Excel…» then no file: nothing to do

    def choose_file(self) -> bool:
        """Ask for the file; reading starts at once. False when none was chosen."""
        start = str(self.path.parent) if self.path is not None else ""
        name, _ = QFileDialog.getOpenFileName(
            self, self.source.choose_caption, start, self.source.file_filter
        )
        if not name:
            return False
        self.file_chosen(Path(name))
        return True

    def file_chosen(self, path: Path) -> None:
        """The officer chose ``path``: read it."""
        self.load(path)

    def reload_file(self) -> BackgroundTask | None:
        return self.load(self.path) if self.path is not None else None

    def load(self, path: Path | str) -> BackgroundTask:
        """Read ``path`` off the GUI thread; the preview (or the reason) follows."""
        path = Path(path)
        self.path = path
        self._read_serial += 1
        serial = self._read_serial
        self.reading = None
        self.read_error = None
        self.reading_started(path)
        self._read_task = run_in_background(
            self,
            self.source.job_title,
            reading_job(self.make_reader(), path),
            lambda reading: self._read_done(reading, serial),
            lambda exc: self._read_failed(exc, path, serial),
        )
        return self._read_task

    def done(self, result: int) -> None:
        """Closing (confirm, «Đóng», Esc, the window's ×): a read under way is not wanted."""
        self._read_serial += 1
        super().done(result)

    def _read_done(self, reading: object, serial: int) -> None:
        if serial != self._read_serial:
            return
        self.reading = reading
        self.show_reading(reading)
        self.read_finished.emit()

    def _read_failed(self, exc: BaseException, path: Path, serial: int) -> None:
        if serial != self._read_serial:
            return
        text = self.failure_text(exc, path)
        if text is None:
            report_failure(self, self.windowTitle(), exc)
            text = self.unexpected_text(path)
        self.read_error = text
        self.show_read_failure(text)
        self.read_finished.emit()

    # --- hooks -----------------------------------------------------------------------------

    def make_reader(self) -> Reader[Any]:
        """The reader of the next read (bound here to what it needs of the store)."""
        if self.source.read is None:
            raise NotImplementedError("this import binds its reader for each read")
        return self.source.read

    def reading_started(self, path: Path) -> None:
        """A read begins: forget the previous preview."""
        self.confirm_button.setEnabled(False)

    def show_reading(self, reading: Any) -> None:
        raise NotImplementedError

    def failure_text(self, exc: BaseException, path: Path) -> str | None:
        """Why ``path`` could not be read; None for an unexpected error (reported)."""
        return unreadable_text(exc, path)

    def unexpected_text(self, path: Path) -> str | None:
        """Said after an unexpected error was reported; None: nothing more."""
        return None

    def show_read_failure(self, text: str | None) -> None:
        if text:
            self.notice.say(text, "error")
        self.confirm_button.setEnabled(False)

    def store_changed(self) -> None:
        """The store changed since the preview: plan again against what it holds now."""

    def confirm(self) -> None:
        raise NotImplementedError

    # --- applying ----------------------------------------------------------------------------

    def apply(self, write: Callable[[], T]) -> T | None:
        """Run the store's apply; on a refusal say why (nothing was saved) and return None."""
        try:
            return write()
        except StaleImportError as exc:
            self.store_changed()
            self.notice.say(exc.message, "error")
        except StoreError as exc:
            self.store_refused(exc)
        except ValidationError as exc:
            self.rules_refused(exc)
        return None

    def store_refused(self, exc: StoreError) -> None:
        self.notice.say(exc.message, "error")

    def rules_refused(self, exc: ValidationError) -> None:
        self.notice.say(self.refused_prefix + " ".join(exc.errors.values()), "error")
