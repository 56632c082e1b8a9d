"""Exports: workbooks and documents written from the data, Qt-free.

Importing this package loads neither openpyxl nor reportlab; each export imports
the library it needs when it runs, so that start-up stays fast. Files are written
under a temporary name in the target folder and renamed when complete
(:func:`cchc_desktop.files.write_atomically`), so that a failed export never leaves
half a file where the officer expects one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO

from cchc_desktop import files
from cchc_desktop.core.errors import UserError


class ExportError(UserError):
    """The file cannot be written. ``.message`` is Vietnamese, shown to the user as is."""


def write_atomically(
    target: Path, write: Callable[[IO[bytes]], None], what: str, program: str
) -> Path:
    """:func:`cchc_desktop.files.write_atomically`, its failure an :class:`ExportError`."""
    try:
        return files.write_atomically(target, write, what, program)
    except files.WriteError as exc:
        raise ExportError(exc.message) from exc


__all__ = ["ExportError", "write_atomically"]
