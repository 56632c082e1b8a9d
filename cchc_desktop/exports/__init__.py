"""Exports: workbooks and documents written from the data, Qt-free.

Importing this package loads neither openpyxl nor reportlab; each export imports
the library it needs when it runs, so that start-up stays fast. Files are written
under a temporary name in the target folder and renamed when complete, so that a
failed export never leaves half a file where the officer expects one.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from cchc_desktop.core.errors import UserError

log = logging.getLogger(__name__)


class ExportError(UserError):
    """The file cannot be written. ``.message`` is Vietnamese, shown to the user as is."""


def write_atomically(
    target: Path, write: Callable[[IO[bytes]], None], what: str, program: str
) -> Path:
    """Write a file through a temporary name in its folder, flushed to disk, then renamed.

    ``write`` fills the open binary file. When anything fails, :class:`ExportError` says so
    in Vietnamese (``what``: "tệp PDF"; ``program``: the program that may hold the file
    open), the temporary file is removed, and an earlier file of that name is untouched.
    """
    from cchc_desktop.core.text import os_error_text

    partial = target.with_name(f".{target.name}.dang-ghi")
    try:
        with open(partial, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as exc:
        log.warning("Export to %s failed: %s", target, exc)
        raise ExportError(
            f"Không ghi được {what} «{target.name}» vào thư mục {target.parent} "
            f"({os_error_text(exc)}). Nếu tệp này đang mở trong {program}, hãy đóng lại; kiểm "
            "tra thư mục còn đó, ổ đĩa còn chỗ trống và không bị khóa ghi, rồi thử lại."
        ) from exc
    finally:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            log.warning("Could not remove the partial file %s", partial)
    return target


__all__ = ["ExportError", "write_atomically"]
