"""One way to import a file, whatever it holds: read → plan → apply.

1. **read** ``(path, progress, cancelled) -> Reading``: the file only, never the store; a
   :data:`~cchc_desktop.jobs.Job` once bound to its path (:func:`reading_job`), so the
   interface runs it on a worker thread and the command line directly.
2. **plan** ``(reading, state, decisions) -> Plan``: a dry run against the state of the store
   read beforehand (each importer's ``*_state(store)``, which also takes the
   :class:`~cchc_desktop.store.imports.Basis`: the fingerprint of the tables it read). The
   plan lists what would be added, updated or skipped and the problems, each with its sheet,
   row and column in Vietnamese. Decisions are the officer's (per row, per deadline …).
3. **apply** ``(store, plan)``: in the store (:mod:`cchc_desktop.store.imports`), in one
   transaction that first checks the basis; an importer never writes.

An importer present or future is a reader, a state, a planner and an apply function in the
store; :class:`ImportSource` describes its file for the generic dialog
(``ui/toolkit/import_dialog.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from cchc_desktop.core.text import os_error_text
from cchc_desktop.importers.sheet import ImportFileError
from cchc_desktop.jobs import CancelledFn, Job, JobCancelled, ProgressFn
from cchc_desktop.store.imports import Basis

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

EXCEL_FILES = "Tệp Excel (*.xlsx *.xlsm);;Mọi tệp (*)"
READING_TEXT = "Đang đọc tệp Excel…"


class Reader(Protocol[R_co]):
    """Reads one file; never touches the store."""

    def __call__(self, path: Path, progress: ProgressFn, cancelled: CancelledFn) -> R_co: ...


class Plan(Protocol):
    """What every plan tells: what it was computed against."""

    @property
    def basis(self) -> Basis | None: ...


@dataclass(frozen=True)
class ImportSource(Generic[R]):
    """A kind of file to import: how to ask for it and how to read it (``read`` None: the
    reader needs what the caller reads of the store first, and is made for each read)."""

    choose_caption: str  # the title of the file chooser
    read: Reader[R] | None = None
    file_filter: str = EXCEL_FILES
    job_title: str = "Đọc tệp Excel"  # the title of the progress box


def reading_job(read: Reader[R], path: Path) -> Job:
    """``read`` bound to ``path``, as a job; a cancel before it starts reads nothing."""

    def job(progress: ProgressFn, cancelled: CancelledFn) -> R:
        progress(0, 0, READING_TEXT)
        if cancelled():
            raise JobCancelled()
        return read(path, progress, cancelled)

    return job


def simple_reader(read: Callable[[Path], R]) -> Reader[R]:
    """A reader for a function that neither reports progress nor stops midway."""

    def reader(path: Path, progress: ProgressFn, cancelled: CancelledFn) -> R:
        return read(path)

    return reader


def unreadable_text(exc: BaseException, path: Path) -> str | None:
    """Why the file could not be read, in Vietnamese; None for an unexpected error."""
    if isinstance(exc, ImportFileError):
        return exc.message
    if isinstance(exc, PermissionError):
        return (
            f"Không có quyền đọc tệp «{path.name}». Hãy đóng tệp nếu đang mở ở chương trình "
            "khác, hoặc chép tệp sang thư mục khác rồi chọn lại."
        )
    if isinstance(exc, OSError):
        return (
            f"Không đọc được tệp «{path.name}»: tệp có thể đã bị chuyển, xóa, hoặc nằm trên ổ "
            f"USB, ổ mạng vừa bị ngắt ({os_error_text(exc)}). Hãy kiểm tra rồi chọn lại tệp."
        )
    return None
