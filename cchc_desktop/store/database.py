"""Opening a store: one SQLite file that survives crashes, power cuts and upgrades.

The order of :func:`open_store` is the safety argument:

1. the folder and file must be writable (else a message and a way out);
2. a lock file keeps a second copy of the program off the same file (named after the
   real path: a symbolic link meets the same lock);
3. leftovers of cut-off writes beside it are tidied (:mod:`.leftovers`);
4. an existing file is inspected read-only: is it whole (not empty, not cut short),
   is it SQLite, is it ours, is it from a newer version, does it pass SQLite's quick
   check — any "no" leaves the file exactly as it was. Only evidence of damage is
   reported as damage: a full disk, a lock held by another program, a permission or
   a failing disk get their own error (:func:`_opening_problem`);
5. only then is it opened for writing (WAL, foreign keys, synchronous=FULL);
6. pending migrations run after a verified copy of the file has been taken,
   each in its own transaction.

Only a path where no file exists is ever created, and only with ``create=True``.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import cchc_desktop.store.backup as backups
import cchc_desktop.store.leftovers as leftovers
import cchc_desktop.store.migrations as migration_files
from cchc_desktop import __version__
from cchc_desktop.core.text import os_error_text
from cchc_desktop.paths import log_dir, migrations_dir
from cchc_desktop.store.errors import (
    ACCESS_PROBLEMS,
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
    BackupError,
    DamagedStoreError,
    ForeignFileError,
    MigrationError,
    NewerStoreError,
    StoreDiskFullError,
    StoreError,
    StoreInUseError,
    StoreIOError,
    StoreLocationError,
    StoreLockedError,
    StoreNotFoundError,
    StorePermissionError,
    StoreUnavailableError,
    StoreWriteError,
    sqlite_problem,
    sqlite_problem_text,
)
from cchc_desktop.store.history import sync_actor
from cchc_desktop.store.records import new_uuid, utc_now

if TYPE_CHECKING:
    from filelock import BaseFileLock
    from sqlite_utils import Database

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x43434843  # "CCHC"

KIND_USER = "user"
KIND_DEMO = "demo"

# Tables that never travel between PCs, so carry no uuid.
LOCAL_TABLES = frozenset(
    {
        "store_meta",
        "tombstones",
        "_sqlite_migrations",
        "sync_state",
        "exchanges",
        "change_log",
        "change_actor",
        "users",
        "field_versions",
        "sync_clock",
        "sync_peers",
        "sync_conflicts",
    }
)
# Tables whose rows are identified by their content (a SHA-256), not by a uuid.
CONTENT_TABLES = frozenset({"file_blobs"})
# Tables that a migration fills with defaults: rows there are not the user's data.
SEEDED_TABLES = frozenset({"reform_fields"})


class Store:
    """An open store: the connection (for this thread only) and its lock."""

    def __init__(
        self, path: Path, conn: sqlite3.Connection, lock: BaseFileLock, schema_version: int
    ):
        self.path = path
        self.conn = conn
        self._lock = lock
        self.schema_version = schema_version

    @functools.cached_property
    def db(self) -> Database:
        """sqlite-utils over the same connection, made on first use.

        Importing sqlite-utils costs about a tenth of a second, which an
        up-to-date store does not need to pay at start-up.
        """
        return _wrap(self.conn)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """All writes go through here: everything or nothing is saved.

        A failure to write (full disk, pulled USB stick, read-only file) rolls
        the whole transaction back and becomes a :class:`StoreWriteError` with
        a message the officer can act on.
        """
        try:
            with self.db.atomic() as db:
                yield db
        except sqlite3.OperationalError as exc:
            raise _write_error(self.path, exc) from exc
        except sqlite3.IntegrityError as exc:
            # A rule of the file refused the change (the checks before it missed a case).
            log.error("Write to %s refused by a constraint: %s", self.path, exc)
            raise StoreError(
                "Không lưu được: thay đổi này trái với quy tắc của tệp dữ liệu (chi tiết đã "
                "ghi vào nhật ký). Thay đổi vừa rồi chưa được lưu; dữ liệu đã lưu trước đó vẫn "
                "nguyên vẹn.",
                self.path,
            ) from exc

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM store_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO store_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @property
    def store_id(self) -> str:
        return self.meta("store_id") or ""

    @property
    def is_demo(self) -> bool:
        return self.meta("store_kind") == KIND_DEMO

    def travelling_tables(self) -> list[str]:
        """Tables whose rows carry a uuid (and so may travel between PCs)."""
        names = [
            row[0]
            for row in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return [
            name
            for name in names
            if name not in LOCAL_TABLES
            and any(col[1] == "uuid" for col in self.conn.execute(f'PRAGMA table_info("{name}")'))
        ]

    def has_user_data(self) -> bool:
        """True once anything has been entered (defaults shipped by migrations do not count)."""
        return any(
            self.conn.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone()
            for name in self.travelling_tables()
            if name not in SEEDED_TABLES
        )

    def integrity_problems(self) -> list[str]:
        """The full ``PRAGMA integrity_check``; empty when the file is sound."""
        rows = [row[0] for row in self.conn.execute("PRAGMA integrity_check")]
        rows += [
            f"Khóa ngoại không hợp lệ ở bảng {row[0]} (dòng {row[1]})"
            for row in self.conn.execute("PRAGMA foreign_key_check")
        ]
        return [] if rows == ["ok"] else [r for r in rows if r != "ok"]

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _write_error(path: Path, exc: sqlite3.OperationalError) -> StoreWriteError:
    detail = sqlite_problem_text(exc)  # SQLite's own (English) text goes to the log only
    log.error("Write to %s failed: %s", path, exc)
    return StoreWriteError(
        f"Không lưu được vào tệp dữ liệu {path}: {detail}. Thay đổi vừa rồi chưa được lưu; "
        "dữ liệu đã lưu trước đó vẫn nguyên vẹn. Hãy khắc phục rồi lưu lại.",
        path,
    )


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


def _os_problem(path: Path, exc: OSError, what: str) -> StoreError:
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


def _not_found(path: Path) -> StoreNotFoundError:
    return StoreNotFoundError(
        f"Không tìm thấy tệp dữ liệu {path} (có thể USB chưa cắm, tệp đã được chuyển đi hoặc "
        "tên tệp gõ sai). Chương trình không tạo tệp mới ở đây.",
        path,
        reason="không tìm thấy tệp",
    )


def _check_location(path: Path) -> None:
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
        raise _os_problem(path, exc, f"Không ghi được vào thư mục {folder}") from exc
    if path.exists():
        try:
            with open(path, "r+b"):
                pass
        except OSError as exc:
            raise _os_problem(path, exc, f"Không ghi được vào tệp dữ liệu {path}") from exc


def lock_file_for(path: Path) -> Path:
    """The instance lock of the store at ``path``: beside the real file, so that a symbolic
    link (or another spelling of the path) to the same file meets the same lock."""
    return Path(f"{os.path.realpath(path)}.lock")


def _acquire_lock(path: Path) -> BaseFileLock:
    from filelock import FileLock, Timeout

    lock = FileLock(lock_file_for(path), timeout=0, is_singleton=False)
    try:
        lock.acquire()
    except Timeout as exc:
        raise StoreInUseError(
            f"Tệp dữ liệu {path} đang được mở trong một cửa sổ CCHC Desktop khác. "
            "Hãy dùng cửa sổ đang mở, hoặc đóng cửa sổ đó rồi mở lại.",
            path,
        ) from exc
    except OSError as exc:
        raise _os_problem(path, exc, f"Không tạo được tệp khóa cạnh {path}") from exc
    return lock


def _damaged(path: Path, detail: str, raw: str = "") -> DamagedStoreError:
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


def _opening_problem(path: Path, exc: sqlite3.Error) -> StoreError:
    """What a SQLite error met while opening means for the officer.

    Damage only on SQLite's evidence of damage; a full disk, a lock, a permission or a
    failing disk get their own message (the file was left as it was, opening it again may
    work), and SQLite's own text goes to the log only.
    """
    problem = sqlite_problem(exc)
    if problem in (DAMAGED, NOT_A_DATABASE):
        return _damaged(path, sqlite_problem_text(exc), str(exc))
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


def _inspect_existing(path: Path, latest: int, known: set[str]) -> int:
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
        raise _os_problem(path, exc, f"Không đọc được tệp dữ liệu {path}") from exc
    if size == 0:
        raise _damaged(path, "tệp trống, dài 0 byte: trong tệp không còn dữ liệu nào")
    if not header.startswith(SQLITE_MAGIC):
        raise _damaged(path, "không phải định dạng SQLite")
    if len(header) < _HEADER_SIZE:
        raise _damaged(path, f"tệp bị cắt ngắn: chỉ dài {size} byte")
    truncated = _truncation(path, header, size)
    if truncated:
        raise _damaged(path, truncated)
    try:
        try:
            return _check_contents(path, latest, known)
        except sqlite3.DatabaseError as exc:
            if sqlite_problem(exc) != INTERRUPTED_WRITE:
                raise
            _roll_back_interrupted_write(path)
            return _check_contents(path, latest, known)
    except sqlite3.DatabaseError as exc:
        raise _opening_problem(path, exc) from exc


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
        raise _damaged(
            path, "SQLite tìm thấy lỗi cấu trúc khi kiểm tra tệp", "; ".join(problems[:3])
        )
    return version


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions; every write goes through
    # Store.transaction(), which commits all of it or none.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA recursive_triggers = ON")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    # FULL in WAL mode: a committed transaction survives a power cut.
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def connect_worker(path: Path) -> sqlite3.Connection:
    """A second connection to a store this process already holds open, for a worker thread.

    A SQLite connection belongs to the thread that made it: long work (packages,
    imports) opens its own with the store's settings and closes it when done.
    """
    return _connect(Path(path))


def _wrap(conn: sqlite3.Connection) -> Database:
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False)


def _migrate(
    db: Database, path: Path, version: int, files: list[migration_files.MigrationFile]
) -> int:
    """Apply pending migrations, after a verified copy of a file that holds data."""
    latest = migration_files.latest_version(files)
    migrations = migration_files.build_migration_set(files)
    pending = migrations.pending(db)
    if not pending:
        return version
    backup_path: Path | None = None
    if version > 0:
        try:
            backup_path = backups.make_backup(path, backups.upgrade_reason(version, latest))
        except BackupError as exc:
            raise MigrationError(
                "Chưa nâng cấp được cấu trúc dữ liệu vì không tạo được bản sao trước khi nâng "
                f"cấp. {exc.message} Tệp dữ liệu vẫn được giữ nguyên.",
                path,
            ) from exc
        log.info("Copied %s to %s before migrating v%s → v%s", path, backup_path, version, latest)
    try:
        migrations.apply(db)
    except Exception as exc:
        failed, reached = "?", version
        with contextlib.suppress(sqlite3.Error):  # the disk may refuse these too
            still = migrations.pending(db)
            failed = still[0].name if still else "?"
            reached = db.execute("PRAGMA user_version").fetchone()[0]
        log.exception("Migration %s of %s failed", failed, path)
        where = f" Bản sao trước khi nâng cấp: {backup_path}." if backup_path else ""
        undone = f"Bước {failed} đã được hoàn tác; tệp đang ở phiên bản {reached}.{where}"
        if isinstance(exc, sqlite3.Error) and sqlite_problem(exc) in ACCESS_PROBLEMS:
            problem = _opening_problem(path, exc)
            raise type(problem)(
                f"Chưa nâng cấp được cấu trúc dữ liệu. {undone} {problem.message}",
                path,
                reason=problem.reason,
            ) from exc
        if isinstance(exc, sqlite3.Error):
            detail = sqlite_problem_text(exc)
        else:
            detail = "lỗi trong bước nâng cấp; chi tiết đã ghi vào nhật ký"
        raise MigrationError(
            f"Nâng cấp cấu trúc dữ liệu thất bại ở bước {failed} ({detail}). {undone}",
            path,
        ) from exc
    return latest


def _record_opening(store: Store) -> None:
    """Write the file's identity once, and the version that opened it when it changes.

    A usual opening writes nothing, so merely starting the program never
    modifies the file.
    """
    wanted = {
        "store_id": new_uuid(),
        "store_kind": KIND_USER,
        "created_at": utc_now(),
        "created_by_version": __version__,
    }
    present = {row[0]: row[1] for row in store.conn.execute("SELECT key, value FROM store_meta")}
    missing = {key: value for key, value in wanted.items() if key not in present}
    if not missing and present.get("last_opened_by_version") == __version__:
        return
    with store.transaction():
        for key, value in missing.items():
            store.conn.execute("INSERT INTO store_meta (key, value) VALUES (?, ?)", (key, value))
        store.set_meta("last_opened_by_version", __version__)


def _forget_empty_new_file(path: Path) -> None:
    """A new store whose very first write failed (a full disk): remove the empty file SQLite
    made, which the next opening would otherwise rightly call damaged."""
    with contextlib.suppress(OSError):
        if path.stat().st_size == 0:
            path.unlink()
            log.warning("Removed the empty file of a store that could not be created: %s", path)


def open_store(
    path: Path | str, *, create: bool = True, migrations_folder: Path | None = None
) -> Store:
    """Open the store at ``path``, upgraded to this version's schema.

    Only a path where no file exists is created, and only with ``create`` (the interface's
    first run); ``create=False`` (the command line, a file remembered from last time)
    refuses a missing file with :class:`StoreNotFoundError`. An existing file is never
    taken for a new store, not even an empty one (that is damage). Leftovers of cut-off
    writes beside the file are tidied first (:func:`leftovers.tidy_leftovers`).

    Raises a :class:`~cchc_desktop.store.errors.StoreError` subclass whose
    ``message`` tells the user what happened and what to do.
    """
    path = Path(path).absolute()
    files = migration_files.discover(migrations_folder or migrations_dir())
    latest = migration_files.latest_version(files)
    _check_location(path)
    if not create and not path.exists() and not leftovers.restore_copy_path(path).exists():
        raise _not_found(path)
    lock = _acquire_lock(path)
    conn: sqlite3.Connection | None = None
    created = False
    try:
        leftovers.tidy_leftovers(path)
        version = 0
        created = not path.exists()
        if not created:
            version = _inspect_existing(path, latest, {f.name for f in files})
        elif not create:
            raise _not_found(path)
        conn = _connect(path)
        created = False  # SQLite has written its header: the file is a store from now on
        store = Store(path, conn, lock, version)
        if version < latest:
            store.schema_version = _migrate(store.db, path, version, files)
        _record_opening(store)
        sync_actor(store)
    except BaseException as exc:
        if conn is not None:
            conn.close()
        if created:
            _forget_empty_new_file(path)
        lock.release()
        if isinstance(exc, sqlite3.Error):
            raise _opening_problem(path, exc) from exc
        if isinstance(exc, StoreWriteError) and isinstance(exc.__cause__, sqlite3.Error):
            # A write of the opening itself (its version, its identity): not "a change".
            raise _opening_problem(path, exc.__cause__) from exc
        raise
    log.info("Opened store %s (schema v%s)", path, store.schema_version)
    return store


def restore_damaged_store(path: Path, backup: Path) -> Path:
    """Put a verified copy of ``backup`` in place of a damaged store; keep the damaged file.

    In this order, so that a failure at any step (a full disk during the copy …) leaves
    everything as it was — the damaged file under its own name, no copy left behind:

    1. the backup is checked (``integrity_check``) and the store's lock is taken;
    2. a verified copy of the backup is written beside the store under a temporary name
       (``.<name>.khoi-phuc``);
    3. only then is the damaged file set aside as ``<name>-hong-<time>.db`` — its -wal,
       -shm and -journal first, since they must never be replayed onto the restored copy;
    4. the copy is renamed into place.

    A failure at 3 or 4 moves the damaged file (and its side files) back and removes the
    copy; a program killed between 3 and 4 is finished at the next opening
    (:func:`leftovers.tidy_leftovers`). The damaged file is never deleted. Returns its new
    name.
    """
    path = Path(path).absolute()
    problems = backups.integrity_problems(backup)
    if problems:
        log.error("Backup %s failed its check: %s", backup, problems[:3])
        raise BackupError(f"Bản sao lưu {backup} cũng bị hỏng; chọn bản sao lưu khác.", backup)
    unchanged = f"Tệp hỏng vẫn giữ nguyên tên và chỗ cũ ({path}); chưa có gì thay đổi."
    lock = _acquire_lock(path)
    try:
        copy = leftovers.restore_copy_path(path)
        backups.remove_store_files(copy)
        try:
            source = backups.connect_read_only(backup)
        except sqlite3.Error as exc:
            log.error("Could not read the backup %s: %s", backup, exc)
            raise BackupError(
                f"Không đọc được bản sao lưu {backup} ({sqlite_problem_text(exc)}). {unchanged}",
                path,
            ) from exc
        try:
            backups.copy_database(source, copy)
        except BackupError as exc:
            raise BackupError(
                f"Chưa khôi phục: không chép được bản sao lưu vào cạnh tệp dữ liệu "
                f"({exc.reason or 'xem nhật ký'}). {unchanged}",
                path,
                reason=exc.reason,
            ) from exc
        finally:
            source.close()
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = path.with_name(f"{path.stem}-hong-{stamp}{path.suffix}")
        counter = 2
        while kept.exists():
            kept = path.with_name(f"{path.stem}-hong-{stamp}-{counter}{path.suffix}")
            counter += 1
        moved: list[tuple[Path, Path]] = []
        try:
            for suffix in (*leftovers.SIDE_SUFFIXES, ""):  # the main file last
                piece = Path(f"{path}{suffix}")
                if piece.exists():
                    os.replace(piece, Path(f"{kept}{suffix}"))
                    moved.append((piece, Path(f"{kept}{suffix}")))
            os.replace(copy, path)
        except BaseException as exc:  # (an interruption too: everything goes back)
            for piece, aside in reversed(moved):
                with contextlib.suppress(OSError):
                    os.replace(aside, piece)
            backups.remove_store_files(copy)
            if not isinstance(exc, OSError):
                raise
            log.error("Swapping in the restored copy of %s failed: %s", path, exc)
            raise BackupError(
                f"Chưa khôi phục: không thay được tệp hỏng ({os_error_text(exc)}). {unchanged}",
                path,
                reason=os_error_text(exc),
            ) from exc
        with contextlib.suppress(OSError):
            backups._fsync_dir(path.parent)
    finally:
        lock.release()
    log.warning("Restored %s from %s; the damaged file is kept as %s", path, backup, kept)
    return kept
