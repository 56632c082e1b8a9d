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
   a failing disk get their own error (:func:`.inspection.opening_problem`);
5. only then is it opened for writing (WAL, foreign keys, synchronous=FULL);
6. pending migrations run after a verified copy of the file has been taken,
   each in its own transaction.

Only a path where no file exists is ever created, and only with ``create=True``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import cchc_desktop.store.backup as backups
import cchc_desktop.store.leftovers as leftovers
import cchc_desktop.store.migrations as migration_files
from cchc_desktop import __version__
from cchc_desktop.core.text import os_error_text
from cchc_desktop.paths import migrations_dir
from cchc_desktop.store.database import KIND_USER, Store
from cchc_desktop.store.errors import (
    ACCESS_PROBLEMS,
    BackupError,
    MigrationError,
    StoreInUseError,
    StoreWriteError,
    sqlite_problem,
    sqlite_problem_text,
)
from cchc_desktop.store.history import sync_actor
from cchc_desktop.store.inspection import (
    check_location,
    inspect_existing,
    not_found,
    opening_problem,
    os_problem,
)
from cchc_desktop.store.records import new_uuid, utc_now

if TYPE_CHECKING:
    from filelock import BaseFileLock
    from sqlite_utils import Database

log = logging.getLogger(__name__)


def lock_file_for(path: Path) -> Path:
    """The instance lock of the store at ``path``: beside the real file, so that a symbolic
    link (or another spelling of the path) to the same file meets the same lock."""
    return Path(f"{os.path.realpath(path)}.lock")


def acquire_lock(path: Path) -> BaseFileLock:
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
        raise os_problem(path, exc, f"Không tạo được tệp khóa cạnh {path}") from exc
    return lock


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
            problem = opening_problem(path, exc)
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
    check_location(path)
    if not create and not path.exists() and not leftovers.restore_copy_path(path).exists():
        raise not_found(path)
    lock = acquire_lock(path)
    conn: sqlite3.Connection | None = None
    created = False
    try:
        leftovers.tidy_leftovers(path)
        version = 0
        created = not path.exists()
        if not created:
            version = inspect_existing(path, latest, {f.name for f in files})
        elif not create:
            raise not_found(path)
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
            raise opening_problem(path, exc) from exc
        if isinstance(exc, StoreWriteError) and isinstance(exc.__cause__, sqlite3.Error):
            # A write of the opening itself (its version, its identity): not "a change".
            raise opening_problem(path, exc.__cause__) from exc
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
    lock = acquire_lock(path)
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
