"""«Hồ sơ nộp»: every file of a submission in one folder, and optionally one zip.

The documents are built from the store first (on the store's own thread: a SQLite
connection belongs to one thread); writing them — the slow part — needs no store and
runs as a job (:mod:`cchc_desktop.jobs`) off the GUI thread or from the command line.

Before building, the screen and the command line check the request with
:func:`cchc_desktop.exports.request.check_request` (the same rules for both).

The folder is written under a temporary name and renamed when every file is complete;
each file inside is itself written under a temporary name. A full disk, a pulled USB
stick or a cancel therefore leaves nothing under the final names — the temporary folder
is removed — and an earlier submission is never overwritten: a second export of the same
documents goes to a new folder ("…-lan-2").
"""

from __future__ import annotations

import logging
import os
import shutil
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from cchc_desktop.core.text import ascii_slug, os_error_text
from cchc_desktop.exports import ExportError, write_atomically
from cchc_desktop.exports.document import OfficialDocument
from cchc_desktop.exports.reports import build_document
from cchc_desktop.exports.reports.common import DOCUMENT_KEYS, ReportOptions
from cchc_desktop.exports.request import (
    FORMAT_NAMES,
    FORMATS,
    PDF,
    XLSX,
    SubmissionRequest,
    shape_problems,
)
from cchc_desktop.jobs import CancelledFn, JobCancelled, ProgressFn, never_cancelled, no_progress
from cchc_desktop.store.database import Store

log = logging.getLogger(__name__)

__all__ = [
    "FORMATS",
    "FORMAT_NAMES",
    "PDF",
    "XLSX",
    "SubmissionRequest",
    "SubmissionResult",
    "build_documents",
    "folder_name",
    "write_submission",
    "write_zip",
]


@dataclass
class SubmissionResult:
    folder: Path
    files: list[Path] = field(default_factory=list)
    zip_path: Path | None = None


def validate_request(request: SubmissionRequest) -> None:
    """The documents and formats are known ones (the other rules of a request, which need
    today's date and the store, are :func:`cchc_desktop.exports.request.check_request`)."""
    problems = shape_problems(request)
    if problems:
        raise ExportError(next(iter(problems.values())))


def build_documents(
    store: Store, request: SubmissionRequest, options: ReportOptions
) -> list[OfficialDocument]:
    """The request's documents, read from ``store`` (call on the store's thread)."""
    validate_request(request)
    ordered = [k for k in DOCUMENT_KEYS if k in request.documents]
    return [build_document(store, k, request.year, options, request.period) for k in ordered]


def folder_name(unit_name: str, request: SubmissionRequest) -> str:
    """``"ho-so-nop-xa-an-binh-tu-danh-gia-nam-2026"``: the commune, the documents, the period."""
    from cchc_desktop.exports.reports.common import TASKS

    documents = request.documents[0] if len(request.documents) == 1 else "bao-cao-cchc"
    period = request.period if TASKS in request.documents else "nam"
    return f"ho-so-nop-{ascii_slug(unit_name, 40)}-{documents}-{period}-{request.year}"


def _free_name(parent: Path, name: str, suffix: str = "") -> Path:
    """``parent/name`` or, when taken, ``parent/name-lan-2`` … (an earlier export is kept)."""
    candidate = parent / f"{name}{suffix}"
    number = 2
    while candidate.exists():
        candidate = parent / f"{name}-lan-{number}{suffix}"
        number += 1
    return candidate


def write_submission(
    documents: Sequence[OfficialDocument],
    request: SubmissionRequest,
    out_dir: str | os.PathLike[str],
    name: str,
    progress: ProgressFn = no_progress,
    cancelled: CancelledFn = never_cancelled,
) -> SubmissionResult:
    """Write every document in every format into ``out_dir/name`` (and ``name.zip``)."""
    from cchc_desktop.exports.excel_document import write_workbook
    from cchc_desktop.exports.pdf_document import write_pdf

    validate_request(request)
    parent = Path(out_dir)
    if not parent.is_dir():
        raise ExportError(
            f"Không tìm thấy thư mục «{parent}». Chọn một thư mục có sẵn (hoặc cắm lại ổ USB)."
        )
    final = _free_name(parent, name)
    partial = parent / f".{final.name}.dang-ghi"
    steps = len(documents) * len(request.formats) + (1 if request.make_zip else 0)
    done = 0
    result = SubmissionResult(final)
    try:
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        written: list[str] = []
        for document in documents:
            for fmt in request.formats:
                if cancelled():
                    raise JobCancelled()
                what = f"{document.doc_type.capitalize()} {document.summary[:1].lower()}"
                progress(done, steps, f"Đang ghi {FORMAT_NAMES[fmt]}: {what}{document.summary[1:]}")
                target = partial / f"{document.file_stem}.{fmt}"
                if fmt == PDF:
                    write_pdf(document, target)
                else:
                    write_workbook(document, target)
                written.append(target.name)
                done += 1
        os.replace(partial, final)
        result.files = [final / n for n in written]
    except OSError as exc:
        raise ExportError(_write_message(parent, exc)) from exc
    finally:
        if partial.exists():
            shutil.rmtree(partial, ignore_errors=True)
    if request.make_zip:  # the folder is complete: a cancel no longer stops it
        progress(done, steps, "Đang nén thành một tệp zip…")
        result.zip_path = write_zip(final, _free_name(parent, final.name, ".zip"))
        done += 1
    progress(steps, steps, "Đã xong.")
    return result


def write_zip(folder: Path, target: Path) -> Path:
    """The folder's files in one zip (``folder-name/file``), written under a temporary name."""

    def write(handle: IO[bytes]) -> None:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.iterdir()):
                if path.is_file():
                    archive.write(path, f"{folder.name}/{path.name}")

    return write_atomically(target, write, "tệp nén", "chương trình khác")


def _write_message(folder: Path, exc: OSError) -> str:
    log.warning("Submission export to %s failed: %s", folder, exc)
    return (
        f"Không ghi được hồ sơ vào thư mục {folder} ({os_error_text(exc)}). Kiểm tra ổ đĩa "
        "hoặc USB còn cắm, còn chỗ trống và không bị khóa ghi, rồi xuất lại. Không có tệp "
        "nào dở dang được để lại."
    )
