"""Problems with a data file, each carrying the Vietnamese message a user reads.

A problem outside the file (a full disk, a lock held by another program, no permission, a
failing disk) is never reported as damage: :class:`DamagedStoreError` is raised only on
evidence of damage (a bad header, a failed ``quick_check``, SQLite saying the file is
malformed or not a database). :func:`sqlite_problem` sorts SQLite's errors that way.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cchc_desktop.core.errors import UserError


class StoreError(UserError):
    """Base class: ``message`` is shown to the user as it is; ``reason``, when set, is the
    cause in a few Vietnamese words (ổ đĩa đã đầy …) for a caller that words its own
    sentence."""

    def __init__(self, message: str, path: Path | None = None, *, reason: str = ""):
        super().__init__(message)
        self.message = message
        self.path = path
        self.reason = reason


class StoreLocationError(StoreError):
    """The folder or file cannot be used: missing, read-only, no permission."""


class StoreNotFoundError(StoreLocationError):
    """An existing store was asked for and there is no file there; none was created."""


class StorePermissionError(StoreLocationError):
    """No permission to write the file or its folder, or a read-only file or medium."""


class StoreUnavailableError(StoreError):
    """The file cannot be used just now for a reason outside it: it is not damaged, it was
    left exactly as it was, and opening it again may work once the cause is gone."""


class StoreDiskFullError(StoreUnavailableError):
    """The disk (or USB stick) that holds the file is full."""


class StoreLockedError(StoreUnavailableError):
    """Another program (not CCHC Desktop) holds a lock on the file (SQLite: busy, locked)."""


class StoreIOError(StoreUnavailableError):
    """The system could not read or write the file (disk I/O error, a pulled USB stick)."""


class StoreInUseError(StoreError):
    """Another copy of the program has the file open."""


class NewerStoreError(StoreError):
    """The file was written by a newer version of the program; left untouched."""


class ForeignFileError(StoreError):
    """The file is a database of some other program."""


class DamagedStoreError(StoreError):
    """The file fails its integrity check; it is never recreated or emptied."""

    def __init__(self, message: str, path: Path | None = None, backup: Path | None = None):
        super().__init__(message, path)
        self.backup = backup


class StoreWriteError(StoreError):
    """A write failed (disk full, USB stick pulled, read-only); nothing of it was saved."""


class MigrationError(StoreError):
    """An upgrade of the file's structure failed and was rolled back."""


class BackupError(StoreError):
    """A backup could not be written or did not verify."""


class DemoRefusedError(StoreError):
    """Sample data would be written into a file that holds real data."""


# --- SQLite's errors, sorted ----------------------------------------------------------------

DAMAGED = "damaged"  # evidence of damage: malformed, not a database
NOT_A_DATABASE = "not-a-database"  # (also damage, said differently)
DISK_FULL = "disk-full"
LOCKED = "locked"  # another program holds a lock
READ_ONLY = "read-only"  # no permission, read-only file or medium
CANNOT_OPEN = "cannot-open"
DISK_IO = "disk-io"
NO_MEMORY = "no-memory"
INTERRUPTED_WRITE = "interrupted-write"  # a hot rollback journal a read-only reader cannot undo
UNKNOWN = "unknown"

_BY_CODE = {
    sqlite3.SQLITE_CORRUPT: DAMAGED,
    sqlite3.SQLITE_NOTADB: NOT_A_DATABASE,
    sqlite3.SQLITE_FULL: DISK_FULL,
    sqlite3.SQLITE_BUSY: LOCKED,
    sqlite3.SQLITE_LOCKED: LOCKED,
    sqlite3.SQLITE_PROTOCOL: LOCKED,
    sqlite3.SQLITE_READONLY: READ_ONLY,
    sqlite3.SQLITE_PERM: READ_ONLY,
    sqlite3.SQLITE_AUTH: READ_ONLY,
    sqlite3.SQLITE_CANTOPEN: CANNOT_OPEN,
    sqlite3.SQLITE_IOERR: DISK_IO,
    sqlite3.SQLITE_NOMEM: NO_MEMORY,
}
# When an error carries no code (raised by hand, or by an older driver): its text.
_BY_TEXT = (
    ("malformed", DAMAGED),
    ("not a database", NOT_A_DATABASE),
    ("database or disk is full", DISK_FULL),
    ("database is locked", LOCKED),
    ("database table is locked", LOCKED),
    ("locking protocol", LOCKED),
    ("readonly database", READ_ONLY),
    ("access permission denied", READ_ONLY),
    ("unable to open database file", CANNOT_OPEN),
    ("disk i/o error", DISK_IO),
    ("out of memory", NO_MEMORY),
)
_TEXTS = {
    DAMAGED: "cấu trúc bên trong tệp bị hỏng",
    NOT_A_DATABASE: "tệp không phải là cơ sở dữ liệu",
    DISK_FULL: "ổ đĩa đã đầy",
    LOCKED: "tệp đang bị một chương trình khác giữ",
    READ_ONLY: "tệp hoặc ổ đĩa chỉ cho đọc, hoặc không có quyền ghi",
    CANNOT_OPEN: "hệ thống không cho mở tệp (không có quyền, thư mục không còn, hoặc USB đã bị "
    "rút ra)",
    DISK_IO: "lỗi đọc ghi ổ đĩa (USB bị rút ra, ổ đĩa đầy hoặc hỏng?)",
    NO_MEMORY: "máy tính hết bộ nhớ",
    INTERRUPTED_WRITE: "một lần ghi trước đó bị ngắt giữa chừng",
    UNKNOWN: "SQLite báo một lỗi khác (chi tiết đã ghi vào nhật ký)",
}
# Problems that say nothing about the file itself.
ACCESS_PROBLEMS = frozenset({DISK_FULL, LOCKED, READ_ONLY, CANNOT_OPEN, DISK_IO, NO_MEMORY})


def sqlite_problem(exc: BaseException) -> str:
    """What a SQLite error means, as one of the constants above (:data:`UNKNOWN` when unsure).

    Only :data:`DAMAGED` and :data:`NOT_A_DATABASE` are evidence of damage.
    """
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        if code == sqlite3.SQLITE_READONLY_ROLLBACK:
            return INTERRUPTED_WRITE
        found = _BY_CODE.get(code & 0xFF)
        if found is not None:
            return found
    text = str(exc).lower()
    for words, problem in _BY_TEXT:
        if words in text:
            return problem
    return UNKNOWN


def sqlite_problem_text(exc: BaseException) -> str:
    """A SQLite error in words an officer reads, for the end of a sentence: "… (ổ đĩa đã đầy)".

    Never SQLite's own (English) text: an unknown error says so, and the caller logs it.
    """
    return _TEXTS[sqlite_problem(exc)]
