"""What is wrong with a store file, judged without writing to it: its place, its header, its
contents.

Only evidence of damage is reported as damage: a full disk, a lock held by another program,
a permission or a failing disk get their own error (:func:`opening_problem`)."""

from __future__ import annotations

import contextlib
import errno
import logging
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import cchc_desktop.store.backup as backups
import cchc_desktop.store.migrations as migration_files
from cchc_desktop import __version__
from cchc_desktop.core.text import os_error_text
from cchc_desktop.paths import log_dir
from cchc_desktop.store.database import APPLICATION_ID, SQLITE_MAGIC
from cchc_desktop.store.errors import (
    CANNOT_OPEN,
    DAMAGED,
    DISK_FULL,
    DISK_IO,
    INTERRUPTED_WRITE,
    LOCKED,
    NO_MEMORY,
    NOT_A_DATABASE,
    READ_ONLY,
    UNKNOWN,
    DamagedStoreError,
    ForeignFileError,
    NewerStoreError,
    StoreDiskFullError,
    StoreError,
    StoreIOError,
    StoreLocationError,
    StoreLockedError,
    StoreNotFoundError,
    StorePermissionError,
    StoreUnavailableError,
    sqlite_problem,
    sqlite_problem_text,
)

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)


_DISK_FULL_ADVICE = (
    "Tệp dữ liệu không bị hỏng và được giữ nguyên. Hãy giải phóng chỗ trống trên ổ đĩa (xóa "
    "bớt hoặc chuyển tệp không cần sang nơi khác) rồi thử mở lại, hoặc chọn nơi lưu khác."
)

# Windows: the file is open in another program that shares nothing (sharing or lock violation).
_WINDOWS_SHARING_ERRORS = frozenset({32, 33})


def _disk_nearly_full(folder: Path) -> bool:
    """Under 1 MB free where the file lives: an I/O error there is most likely a full disk."""
    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


def os_problem(path: Path, exc: OSError, what: str) -> StoreError:
    """The system refused ``what`` (a Vietnamese phrase: "Không ghi được vào thư mục X"): a
    full disk, a lock, no permission or another cause, never damage."""
    log.error("%s: %s", path, exc)
    reason = os_error_text(exc)
    if exc.errno == errno.ENOSPC:
        return StoreDiskFullError(f"{what}: ổ đĩa đã đầy. {_DISK_FULL_ADVICE}", path, reason=reason)
    if getattr(exc, "winerror", None) in _WINDOWS_SHARING_ERRORS:
        return StoreLockedError(
            f"{what}: tệp đang được một chương trình khác mở. Tệp dữ liệu không bị hỏng và được "
            "giữ nguyên. Hãy đóng chương trình đó rồi thử mở lại.",
            path,
            reason="tệp đang được một chương trình khác mở",
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorePermissionError(
            f"{what} ({reason}; có thể USB bị khóa ghi hoặc tệp chỉ cho đọc). Hãy cho phép ghi "
            "rồi thử mở lại, hoặc chọn nơi lưu khác.",
            path,
            reason=reason,
        )
    if exc.errno == errno.EIO:
        return StoreIOError(
            f"{what} ({reason}). Tệp dữ liệu không bị coi là hỏng và được giữ nguyên. Hãy kiểm "
            "tra ổ đĩa hoặc USB rồi thử mở lại.",
            path,
            reason=reason,
        )
    return StoreLocationError(f"{what} ({reason}). Hãy chọn nơi lưu khác.", path, reason=reason)


def not_found(path: Path) -> StoreNotFoundError:
    return StoreNotFoundError(
        f"Không tìm thấy tệp dữ liệu {path} (có thể USB chưa cắm, tệp đã được chuyển đi hoặc "
        "tên tệp gõ sai). Chương trình không tạo tệp mới ở đây.",
        path,
        reason="không tìm thấy tệp",
    )


def check_location(path: Path) -> None:
    folder = path.parent
    if not folder.exists():
        raise StoreLocationError(
            f"Thư mục {folder} không tồn tại (có thể USB chưa cắm hoặc đường dẫn gõ sai). "
            "Hãy chọn nơi lưu khác.",
            path,
        )
    if not folder.is_dir():
        raise StoreLocationError(f"{folder} không phải là thư mục. Hãy chọn nơi lưu khác.", path)
    if path.is_dir():
        raise StoreLocationError(
            f"{path} là một thư mục, không phải tệp dữ liệu. Hãy chọn tệp khác.", path
        )
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise os_problem(path, exc, f"Không ghi được vào thư mục {folder}") from exc
    if path.exists():
        try:
            with open(path, "r+b"):
                pass
        except OSError as exc:
            raise os_problem(path, exc, f"Không ghi được vào tệp dữ liệu {path}") from exc


def damaged(path: Path, detail: str, raw: str = "") -> DamagedStoreError:
    """Damage, on evidence: ``detail`` in Vietnamese; SQLite's own text (``raw``) is logged."""
    backup = backups.newest_good_backup(path)
    if backup:
        advice = f"Bản sao lưu tốt gần nhất: {backup}"
    else:
        advice = "Không tìm thấy bản sao lưu nào còn tốt trong thư mục sao lưu."
    log.error("Store %s failed its check: %s%s", path, detail, f" ({raw})" if raw else "")
    return DamagedStoreError(
        f"Tệp dữ liệu {path} bị hỏng hoặc không đọc được ({detail}). "
        f"Chương trình không sửa, không xóa và không ghi đè tệp này. {advice}",
        path,
        backup,
    )


def opening_problem(path: Path, exc: sqlite3.Error) -> StoreError:
    """What a SQLite error met while opening means for the officer.

    Damage only on SQLite's evidence of damage; a full disk, a lock, a permission or a
    failing disk get their own message (the file was left as it was, opening it again may
    work), and SQLite's own text goes to the log only.
    """
    problem = sqlite_problem(exc)
    if problem in (DAMAGED, NOT_A_DATABASE):
        return damaged(path, sqlite_problem_text(exc), str(exc))
    log.error("Opening %s failed (%s, not damage): %s", path, problem, exc)
    reason = sqlite_problem_text(exc)
    unsure = problem in (DISK_IO, CANNOT_OPEN, UNKNOWN)
    if problem == DISK_FULL or (unsure and _disk_nearly_full(path.parent)):
        return StoreDiskFullError(
            f"Không mở được tệp dữ liệu {path}: ổ đĩa chứa tệp đã đầy, không còn chỗ cho các "
            f"tệp làm việc của SQLite cạnh tệp dữ liệu. {_DISK_FULL_ADVICE}",
            path,
            reason="ổ đĩa đã đầy",
        )
    if problem == LOCKED:
        return StoreLockedError(
            f"Tệp dữ liệu {path} đang bị một chương trình khác giữ (ví dụ một chương trình xem "
            "cơ sở dữ liệu SQLite, hoặc một chương trình sao lưu, đồng bộ đang chép tệp). Tệp "
            "không bị hỏng và được giữ nguyên. Hãy đóng chương trình đó rồi thử mở lại.",
            path,
            reason=reason,
        )
    if problem == READ_ONLY:
        return StorePermissionError(
            f"Không ghi được vào tệp dữ liệu {path} ({reason}). Tệp không bị hỏng và được giữ "
            "nguyên. Hãy bỏ chế độ chỉ đọc của tệp, hoặc gạt khóa ghi trên USB, rồi thử mở lại; "
            "hoặc chọn nơi lưu khác.",
            path,
            reason=reason,
        )
    if problem in (CANNOT_OPEN, DISK_IO):
        return StoreIOError(
            f"Không mở được tệp dữ liệu {path}: {reason}. Đây không phải dấu hiệu tệp bị hỏng; "
            "tệp được giữ nguyên. Hãy kiểm tra ổ đĩa hoặc USB (còn cắm, còn chỗ trống) rồi thử "
            "mở lại.",
            path,
            reason=reason,
        )
    if problem == NO_MEMORY:
        return StoreUnavailableError(
            f"Không mở được tệp dữ liệu {path}: {reason}. Tệp được giữ nguyên. Hãy đóng bớt "
            "chương trình khác rồi thử mở lại.",
            path,
            reason=reason,
        )
    return StoreUnavailableError(
        f"Không mở được tệp dữ liệu {path}: SQLite báo một lỗi chưa gặp (chi tiết đã ghi vào "
        f"nhật ký, trong thư mục {log_dir()}). Lỗi này không cho thấy tệp bị hỏng; tệp được "
        "giữ nguyên. Hãy thử mở lại; nếu vẫn lỗi, hãy gửi tệp nhật ký cho người hỗ trợ.",
        path,
        reason=reason,
    )


_HEADER_SIZE = 100


def _truncation(path: Path, header: bytes, size: int) -> str | None:
    """Why the file is shorter than its own header says, or None.

    The header's page count is trusted only when SQLite marks it valid, and only without a
    write-ahead log or a rollback journal beside the file (whose pages SQLite has yet to
    put in the file, or take out of it).
    """
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "phần đầu tệp ghi kích thước trang không hợp lệ"
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96] and pages > 0
    for side in ("-wal", "-journal"):
        with contextlib.suppress(OSError):
            if Path(f"{path}{side}").stat().st_size > 0:
                return None
    if valid and size < pages * page_size:
        return (
            f"tệp bị cắt ngắn: dài {size} byte, trong khi phần đầu tệp ghi {pages} trang "
            f"× {page_size} byte"
        )
    if size < page_size:
        return f"tệp bị cắt ngắn: dài {size} byte, chưa đủ một trang {page_size} byte"
    return None


def _roll_back_interrupted_write(path: Path) -> None:
    """Let SQLite undo a write that was cut off (a hot rollback journal beside the file).

    A read-only reader cannot; this is SQLite's own crash recovery, which any opening for
    writing does first, and it puts the file back as it was before that write.
    """
    log.warning("Rolling back an interrupted write left in %s-journal", path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def inspect_existing(path: Path, latest: int, known: set[str]) -> int:
    """Check an existing file without writing to it; return its schema version.

    Damage is reported only on evidence (an empty or short file, a bad header, SQLite's
    quick check or its "malformed" / "not a database"); a full disk, a lock, a permission
    or a failing disk get their own :class:`StoreError`.
    """
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(_HEADER_SIZE)
    except OSError as exc:
        raise os_problem(path, exc, f"Không đọc được tệp dữ liệu {path}") from exc
    if size == 0:
        raise damaged(path, "tệp trống, dài 0 byte: trong tệp không còn dữ liệu nào")
    if not header.startswith(SQLITE_MAGIC):
        raise damaged(path, "không phải định dạng SQLite")
    if len(header) < _HEADER_SIZE:
        raise damaged(path, f"tệp bị cắt ngắn: chỉ dài {size} byte")
    truncated = _truncation(path, header, size)
    if truncated:
        raise damaged(path, truncated)
    try:
        try:
            return _check_contents(path, latest, known)
        except sqlite3.DatabaseError as exc:
            if sqlite_problem(exc) != INTERRUPTED_WRITE:
                raise
            _roll_back_interrupted_write(path)
            return _check_contents(path, latest, known)
    except sqlite3.DatabaseError as exc:
        raise opening_problem(path, exc) from exc


def _check_contents(path: Path, latest: int, known: set[str]) -> int:
    conn = backups.connect_read_only(path)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        applied: set[str] = set()
        if "_sqlite_migrations" in tables:
            applied = {
                row[0]
                for row in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                    (migration_files.MIGRATION_SET,),
                )
            }
        # A file whose very first migration failed holds only the runner's table.
        fresh = app_id == 0 and tables <= {"_sqlite_migrations"}
        if app_id != APPLICATION_ID and not fresh:
            raise ForeignFileError(
                f"Tệp {path} là cơ sở dữ liệu của một chương trình khác, không phải tệp dữ "
                "liệu CCHC Desktop. Chương trình không mở tệp này để khỏi làm hỏng nó.",
                path,
            )
        unknown = applied - known
        if version > latest or unknown:
            raise NewerStoreError(
                f"Tệp dữ liệu {path} được ghi bởi một phiên bản CCHC Desktop mới hơn "
                f"(cấu trúc dữ liệu phiên bản {version}; phiên bản {__version__} đang chạy "
                f"chỉ đọc được đến phiên bản {latest}). Hãy cài bản CCHC Desktop mới hơn để "
                "mở tệp này. Tệp được giữ nguyên, không bị thay đổi.",
                path,
            )
        problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    finally:
        conn.close()
    if problems != ["ok"]:
        raise damaged(
            path, "SQLite tìm thấy lỗi cấu trúc khi kiểm tra tệp", "; ".join(problems[:3])
        )
    return version
