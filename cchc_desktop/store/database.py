"""Opening a store: one SQLite file that survives crashes, power cuts and upgrades.

The order of :func:`open_store` is the safety argument:

1. the folder and file must be writable (else a message and a way out);
2. a lock file keeps a second copy of the program off the same file;
3. an existing file is inspected read-only: is it SQLite, is it ours, is it
   from a newer version, does it pass SQLite's quick check — any "no" leaves
   the file exactly as it was;
4. only then is it opened for writing (WAL, foreign keys, synchronous=FULL);
5. pending migrations run after a verified copy of the file has been taken,
   each in its own transaction.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_desktop import __version__
from cchc_desktop.core.text import os_error_text
from cchc_desktop.paths import migrations_dir
from cchc_desktop.store import backup as backups
from cchc_desktop.store import migrations as migration_files
from cchc_desktop.store.errors import (
    BackupError,
    DamagedStoreError,
    ForeignFileError,
    MigrationError,
    NewerStoreError,
    StoreError,
    StoreInUseError,
    StoreLocationError,
    StoreWriteError,
)
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
                "Không lưu được: thay đổi này trái với quy tắc của tệp dữ liệu "
                f"({exc}). Thay đổi vừa rồi chưa được lưu; dữ liệu đã lưu trước đó vẫn "
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


_WRITE_PROBLEMS = {
    "database or disk is full": "ổ đĩa đã đầy",
    "attempt to write a readonly database": "tệp hoặc ổ đĩa chỉ cho đọc",
    "disk I/O error": "lỗi đọc ghi ổ đĩa (USB bị rút ra hoặc ổ đĩa hỏng?)",
    "database is locked": "tệp đang bị một chương trình khác giữ",
}


def _write_error(path: Path, exc: sqlite3.OperationalError) -> StoreWriteError:
    detail = _WRITE_PROBLEMS.get(str(exc), str(exc))
    log.error("Write to %s failed: %s", path, exc)
    return StoreWriteError(
        f"Không lưu được vào tệp dữ liệu {path}: {detail}. Thay đổi vừa rồi chưa được lưu; "
        "dữ liệu đã lưu trước đó vẫn nguyên vẹn. Hãy khắc phục rồi lưu lại.",
        path,
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
        raise StoreLocationError(
            f"Không ghi được vào thư mục {folder} ({os_error_text(exc)}; có thể USB bị khóa "
            "ghi). Hãy chọn nơi lưu khác.",
            path,
        ) from exc
    if path.exists():
        try:
            with open(path, "r+b"):
                pass
        except OSError as exc:
            raise StoreLocationError(
                f"Không ghi được vào tệp dữ liệu {path} ({os_error_text(exc)}; có thể tệp chỉ "
                "cho đọc). Hãy chọn nơi lưu khác.",
                path,
            ) from exc


def _acquire_lock(path: Path) -> BaseFileLock:
    from filelock import FileLock, Timeout

    lock = FileLock(f"{path}.lock", timeout=0, is_singleton=False)
    try:
        lock.acquire()
    except Timeout as exc:
        raise StoreInUseError(
            f"Tệp dữ liệu {path} đang được mở trong một cửa sổ CCHC Desktop khác. "
            "Hãy dùng cửa sổ đang mở, hoặc đóng cửa sổ đó rồi mở lại.",
            path,
        ) from exc
    except OSError as exc:
        raise StoreLocationError(
            f"Không tạo được tệp khóa cạnh {path} ({os_error_text(exc)}). Hãy chọn nơi lưu khác.",
            path,
        ) from exc
    return lock


_SQLITE_DETAILS = {
    "database disk image is malformed": "cấu trúc bên trong tệp bị hỏng",
    "file is not a database": "tệp không phải là cơ sở dữ liệu",
    "file is encrypted or is not a database": "tệp không phải là cơ sở dữ liệu",
}


def _damaged(path: Path, detail: str) -> DamagedStoreError:
    backup = backups.newest_good_backup(path)
    if backup:
        advice = f"Bản sao lưu tốt gần nhất: {backup}"
    else:
        advice = "Không tìm thấy bản sao lưu nào còn tốt trong thư mục sao lưu."
    log.error("Store %s failed its check: %s", path, detail)
    detail = _SQLITE_DETAILS.get(detail, detail)
    return DamagedStoreError(
        f"Tệp dữ liệu {path} bị hỏng hoặc không đọc được ({detail}). "
        f"Chương trình không sửa, không xóa và không ghi đè tệp này. {advice}",
        path,
        backup,
    )


def _inspect_existing(path: Path, latest: int, known: set[str]) -> int:
    """Check an existing file without writing to it; return its schema version."""
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise _damaged(path, "không phải định dạng SQLite")
    try:
        conn = backups.connect_read_only(path)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
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
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, str(exc)) from exc
    if problems != ["ok"]:
        raise _damaged(path, "; ".join(problems[:3]))
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
        failed = migrations.pending(db)[0].name if migrations.pending(db) else "?"
        reached = db.execute("PRAGMA user_version").fetchone()[0]
        log.exception("Migration %s of %s failed", failed, path)
        where = f" Bản sao trước khi nâng cấp: {backup_path}." if backup_path else ""
        raise MigrationError(
            f"Nâng cấp cấu trúc dữ liệu thất bại ở bước {failed} ({exc}). Bước này đã được hoàn "
            f"tác; tệp đang ở phiên bản {reached}.{where}",
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


def open_store(path: Path | str, *, migrations_folder: Path | None = None) -> Store:
    """Open (creating if needed) the store at ``path``, upgraded to this version's schema.

    Raises a :class:`~cchc_desktop.store.errors.StoreError` subclass whose
    ``message`` tells the user what happened and what to do.
    """
    path = Path(path).absolute()
    files = migration_files.discover(migrations_folder or migrations_dir())
    latest = migration_files.latest_version(files)
    _check_location(path)
    lock = _acquire_lock(path)
    conn: sqlite3.Connection | None = None
    try:
        version = 0
        if path.exists() and path.stat().st_size > 0:
            version = _inspect_existing(path, latest, {f.name for f in files})
        conn = _connect(path)
        store = Store(path, conn, lock, version)
        if version < latest:
            store.schema_version = _migrate(store.db, path, version, files)
        _record_opening(store)
        from cchc_desktop.store import history

        history.sync_actor(store)
    except BaseException:
        if conn is not None:
            conn.close()
        lock.release()
        raise
    log.info("Opened store %s (schema v%s)", path, store.schema_version)
    return store


def restore_damaged_store(path: Path, backup: Path) -> Path:
    """Put a verified copy of ``backup`` in place of a damaged store; keep the damaged file.

    The damaged file (with its -wal and -shm, which must never be replayed onto
    the restored copy) is renamed to ``<name>-hong-<time>.db`` beside it and
    never deleted. Returns that name.
    """
    path = Path(path).absolute()
    problems = backups.integrity_problems(backup)
    if problems:
        raise BackupError(f"Bản sao lưu {backup} cũng bị hỏng; chọn bản sao lưu khác.", backup)
    lock = _acquire_lock(path)
    try:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = path.with_name(f"{path.stem}-hong-{stamp}{path.suffix}")
        try:
            os.replace(path, kept)
            for suffix in ("-wal", "-shm"):
                side = Path(f"{path}{suffix}")
                if side.exists():
                    os.replace(side, Path(f"{kept}{suffix}"))
        except OSError as exc:
            raise BackupError(
                f"Không đổi tên được tệp hỏng {path} ({os_error_text(exc)}). Chưa có gì thay đổi.",
                path,
            ) from exc
        try:
            source = backups.connect_read_only(backup)
        except sqlite3.Error as exc:
            raise BackupError(
                f"Không đọc được bản sao lưu {backup}: {exc}. Tệp hỏng vẫn được giữ tại {kept}.",
                path,
            ) from exc
        try:
            backups.copy_database(source, path)
        except BackupError as exc:
            raise BackupError(f"{exc.message} Tệp hỏng vẫn được giữ tại {kept}.", path) from exc
        finally:
            source.close()
    finally:
        lock.release()
    log.warning("Restored %s from %s; the damaged file is kept as %s", path, backup, kept)
    return kept
