"""Files on disk: written whole or not at all, and a failure told in words an officer reads.

Below every layer that writes a file (the store's backups, the data packages, the
exports): a file is written under a temporary name in its folder, flushed to disk and
renamed when complete, so that a failed write never leaves half a file where the officer
expects one.
"""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

# What the system said, in words an officer reads (its own text is English on most PCs).
_OS_ERRORS = {
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục",
    errno.EACCES: "không có quyền, hoặc tệp đang mở ở chương trình khác",
    errno.EPERM: "không có quyền thực hiện",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENOTDIR: "đường dẫn không phải thư mục",
    errno.EBUSY: "tệp đang được chương trình khác dùng",
    errno.EIO: "lỗi đọc, ghi ổ đĩa (USB có thể đã bị rút ra)",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
}


def os_error_text(exc: OSError) -> str:
    """A system error in Vietnamese, for the end of a sentence: "… (ổ đĩa đã đầy)"."""
    known = _OS_ERRORS.get(exc.errno) if exc.errno is not None else None
    return known or f"lỗi hệ thống: {exc.strerror or exc}"


class WriteError(Exception):
    """A file cannot be written. ``.message`` is Vietnamese; the caller raises its own
    error (an export's, a backup's, a package's) with it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def write_atomically(
    target: Path, write: Callable[[IO[bytes]], None], what: str, program: str
) -> Path:
    """Write a file through a temporary name in its folder, flushed to disk, then renamed.

    ``write`` fills the open binary file. When anything fails, :class:`WriteError` says so
    in Vietnamese (``what``: "tệp PDF"; ``program``: the program that may hold the file
    open), the temporary file is removed, and an earlier file of that name is untouched.
    """
    partial = target.with_name(f".{target.name}.dang-ghi")
    try:
        with open(partial, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as exc:
        log.warning("Writing %s failed: %s", target, exc)
        raise WriteError(
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
