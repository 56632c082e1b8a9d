"""Restoring a store from a backup file: a preview first, then a swap that keeps the old data.

:func:`restore_preview` reads both files read-only and says what the restore would bring
(counts per kind of record, the commune, how recent each side is, warnings).
:func:`restore_from_file` runs while the store is closed, in this order:

1. the source is checked again (SQLite, a CCHC Desktop file, not newer, sound);
2. the store's lock is taken (another window holding the file → :class:`StoreInUseError`);
3. a verified backup of the current data is written (``…-truoc-khoi-phuc.db``) —
   if that fails, nothing has changed;
4. a verified copy of the source is written beside the store under a temporary name
   (``.<name>.khoi-phuc``);
5. the store's old ``-wal`` and ``-shm`` are moved aside (they must never be replayed onto
   the restored copy), the copy is renamed over the store, and only then are they deleted.

Any failure before the last rename of step 5 leaves the store exactly as it was, with no
copy left behind (a killed program's copy and set-aside files are sorted out at the next
opening by :func:`~cchc_desktop.store.leftovers.tidy_leftovers`). An older schema is fine:
:func:`~cchc_desktop.store.opening.open_store` upgrades it when the store is reopened.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cchc_desktop.core.profile import FROM_BACKUP, other_unit_warning
from cchc_desktop.core.text import format_datetime, os_error_text
from cchc_desktop.jobs import CancelledFn, ProgressFn, never_cancelled, no_progress
from cchc_desktop.paths import migrations_dir
from cchc_desktop.store import backup as backups
from cchc_desktop.store import database, leftovers
from cchc_desktop.store import migrations as migration_files
from cchc_desktop.store.errors import (
    BackupError,
    DamagedStoreError,
    ForeignFileError,
    NewerStoreError,
    StoreLocationError,
    StoreUnavailableError,
    sqlite_problem_text,
)
from cchc_desktop.store.inspection import inspect_existing
from cchc_desktop.store.kinds import KINDS, label_of
from cchc_desktop.store.opening import acquire_lock
from cchc_desktop.store.records import utc_now

log = logging.getLogger(__name__)

# What each travelling table holds, in the officer's words (tests check that every
# travelling table has one).
# Every travelling table, parents first, with the label the packages use too.
RECORD_LABELS = {kind.name: kind.label for kind in KINDS}
BLOBS_LABEL = "Nội dung tệp đính kèm (không trùng lặp)"


def record_label(table: str) -> str:
    return label_of(table)


@dataclass(frozen=True)
class KindCount:
    """How many records of one kind there are now and in the source (None: no such table)."""

    table: str
    label: str
    current: int | None
    source: int | None


@dataclass(frozen=True)
class RestorePreview:
    source: Path
    size: int
    schema_version: int
    counts: list[KindCount]
    commune_name: str | None  # e.g. "xã Vân Canh", None when the source has no profile
    commune_code: str | None
    current_commune_name: str | None
    current_commune_code: str | None
    newest_change: datetime | None  # local time of the newest updated_at in the source
    current_newest_change: datetime | None
    warnings: list[str] = field(default_factory=list)

    @property
    def commune_text(self) -> str:
        if not self.commune_name:
            return "chưa có thông tin đơn vị"
        return f"{self.commune_name} (mã {self.commune_code})"


# --- reading a file ---------------------------------------------------------------------


def _tables(conn: sqlite3.Connection) -> list[str]:
    names = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    ]
    return [
        name
        for name in names
        if name not in database.LOCAL_TABLES
        and any(col[1] == "uuid" for col in conn.execute(f'PRAGMA table_info("{name}")'))
    ]


def _count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


def _newest_change(conn: sqlite3.Connection, tables: list[str]) -> datetime | None:
    stamps = [
        row[0]
        for table in tables
        if table not in database.SEEDED_TABLES
        for row in conn.execute(f'SELECT max(updated_at) FROM "{table}"')
        if row[0]
    ]
    if not stamps:
        return None
    newest = max(stamps)
    try:
        moment = datetime.strptime(newest[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return moment.astimezone().replace(tzinfo=None)


def _commune(conn: sqlite3.Connection) -> tuple[str | None, str | None]:
    if "commune_profile" not in _tables(conn):
        return None, None
    row = conn.execute(
        "SELECT unit_kind, commune_name, commune_code FROM commune_profile LIMIT 1"
    ).fetchone()
    if row is None:
        return None, None
    return f"{row[0]} {row[1]}", row[2]


def _store_id(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT value FROM store_meta WHERE key = 'store_id'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def check_source(store_path: Path, source: Path) -> int:
    """Refuse a file that cannot be restored, with the reason; return its schema version."""
    source = Path(source)
    if source.absolute() == Path(store_path).absolute():
        raise BackupError(
            f"{source} chính là tệp dữ liệu đang dùng; hãy chọn một bản sao lưu.", source
        )
    if not source.is_file():
        raise BackupError(f"Không tìm thấy tệp {source}.", source)
    try:
        if source.stat().st_size == 0:
            raise BackupError(f"Tệp {source} trống, không có dữ liệu để khôi phục.", source)
        files = migration_files.discover(migrations_dir())
        latest = migration_files.latest_version(files)
        version = inspect_existing(source, latest, {f.name for f in files})
        conn = backups.connect_read_only(source)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        finally:
            conn.close()
    except OSError as exc:
        raise BackupError(f"Không đọc được tệp {source} ({os_error_text(exc)}).", source) from exc
    except sqlite3.Error as exc:
        raise _unreadable(source, exc) from exc
    except (StoreUnavailableError, StoreLocationError) as exc:
        # A full disk, a lock, a permission: the file is not judged, only not readable now.
        raise BackupError(
            f"Không đọc được tệp {source} ({exc.reason or 'xem nhật ký'}). Dữ liệu hiện tại "
            "chưa bị thay đổi.",
            source,
            reason=exc.reason,
        ) from exc
    except ForeignFileError as exc:
        raise BackupError(
            f"Tệp {source} không phải bản sao lưu của CCHC Desktop (đây là cơ sở dữ liệu của "
            "một chương trình khác). Không khôi phục từ tệp này.",
            source,
        ) from exc
    except NewerStoreError as exc:
        raise BackupError(
            f"Tệp {source} được ghi bởi một phiên bản CCHC Desktop mới hơn phiên bản đang "
            "chạy. Hãy cài bản mới hơn rồi khôi phục; dữ liệu hiện tại chưa bị thay đổi.",
            source,
        ) from exc
    except DamagedStoreError as exc:
        raise BackupError(
            f"Tệp {source} bị hỏng hoặc không phải tệp dữ liệu CCHC Desktop, không khôi phục "
            "được. Hãy chọn bản sao lưu khác.",
            source,
        ) from exc
    if app_id != database.APPLICATION_ID:
        raise BackupError(
            f"Tệp {source} không phải bản sao lưu của CCHC Desktop. Không khôi phục từ tệp này.",
            source,
        )
    problems = backups.integrity_problems(source)
    if problems:
        log.error("Restore source %s failed its check: %s", source, problems[:3])
        raise BackupError(
            f"Bản sao lưu {source} không qua được bước kiểm tra (SQLite tìm thấy lỗi cấu trúc; "
            "chi tiết đã ghi vào nhật ký). Hãy chọn bản sao lưu khác.",
            source,
        )
    return version


def _unreadable(source: Path, exc: sqlite3.Error) -> BackupError:
    """A SQLite error reading ``source``, in Vietnamese; SQLite's own text goes to the log."""
    log.error("Could not read %s: %s", source, exc)
    reason = sqlite_problem_text(exc)
    return BackupError(f"Không đọc được tệp {source} ({reason}).", source, reason=reason)


def restore_preview(store_path: Path, source: Path) -> RestorePreview:
    """What restoring ``source`` over the store at ``store_path`` would bring; writes nothing.

    Raises :class:`BackupError` (a Vietnamese message) for a file that cannot be restored.
    """
    store_path, source = Path(store_path).absolute(), Path(source)
    version = check_source(store_path, source)
    try:
        src = _contents(source)
        cur = _contents(store_path)
        size = source.stat().st_size
    except sqlite3.Error as exc:
        raise _unreadable(source, exc) from exc
    except OSError as exc:
        raise BackupError(f"Không đọc được tệp {source} ({os_error_text(exc)}).", source) from exc

    order = [t for t in RECORD_LABELS if t in cur.counts or t in src.counts]
    order += sorted((set(cur.counts) | set(src.counts)) - set(order))
    counts = [
        KindCount(table, record_label(table), cur.counts.get(table), src.counts.get(table))
        for table in order
    ]
    counts.append(KindCount("file_blobs", BLOBS_LABEL, cur.blobs, src.blobs))
    return RestorePreview(
        source=source,
        size=size,
        schema_version=version,
        counts=counts,
        commune_name=src.commune,
        commune_code=src.code,
        current_commune_name=cur.commune,
        current_commune_code=cur.code,
        newest_change=src.newest,
        current_newest_change=cur.newest,
        warnings=_warnings(version, src, cur),
    )


@dataclass(frozen=True)
class _Contents:
    """What one file holds, as the preview shows it."""

    counts: dict[str, int]  # records per table
    blobs: int | None  # None: no table of file contents
    newest: datetime | None  # local time of the newest change
    commune: str | None
    code: str | None
    store_id: str | None


def _contents(path: Path) -> _Contents:
    conn = backups.connect_read_only(path)
    try:
        tables = _tables(conn)
        counts = {t: _count(conn, t) for t in tables}
        blobs = _count(conn, "file_blobs") if _has_table(conn, "file_blobs") else None
        newest = _newest_change(conn, tables)
        commune, code = _commune(conn)
        return _Contents(counts, blobs, newest, commune, code, _store_id(conn))
    finally:
        conn.close()


def _warnings(version: int, src: _Contents, cur: _Contents) -> list[str]:
    """What the officer should know before restoring ``src`` over ``cur``."""
    warnings: list[str] = []
    if other := other_unit_warning(FROM_BACKUP, src.commune, src.code, cur.commune, cur.code):
        warnings.append(other)
    elif src.store_id and cur.store_id and src.store_id != cur.store_id:
        warnings.append(
            "Bản sao lưu được tạo từ một tệp dữ liệu khác (có thể của máy khác), không phải "
            "từ tệp đang dùng."
        )
    if src.newest and cur.newest and src.newest < cur.newest:
        warnings.append(
            "Bản sao lưu cũ hơn dữ liệu hiện tại: thay đổi gần nhất trong bản sao lưu lúc "
            f"{format_datetime(src.newest)}, trong dữ liệu hiện tại lúc "
            f"{format_datetime(cur.newest)}. Những gì nhập sau thời điểm đó sẽ không còn."
        )
    user_rows = sum(
        n for t, n in src.counts.items() if t not in database.SEEDED_TABLES and n is not None
    )
    if user_rows == 0:
        warnings.append("Bản sao lưu không có dữ liệu nào do người dùng nhập.")
    latest = migration_files.latest_version(migration_files.discover(migrations_dir()))
    if version < latest:
        warnings.append(
            f"Bản sao lưu có cấu trúc dữ liệu phiên bản {version} (cũ hơn phiên bản {latest} "
            "đang dùng); chương trình sẽ tự nâng cấp khi mở lại."
        )
    return warnings


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return row is not None


# --- the swap ---------------------------------------------------------------------------


def _side_files(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


def restore_from_file(
    store_path: Path,
    source: Path,
    *,
    progress: ProgressFn = no_progress,
    cancelled: CancelledFn = never_cancelled,
    source_name: str | None = None,
) -> Path:
    """Replace the (closed) store at ``store_path`` by a verified copy of ``source``.

    Returns the backup of the data as it was before (reason ``truoc-khoi-phuc``). Raises
    :class:`BackupError` or :class:`StoreInUseError` (the store is open) with nothing
    changed, or :class:`~cchc_desktop.jobs.JobCancelled` before the swap. ``source_name``:
    the file the change history names, when ``source`` is a temporary copy of it.
    """
    store_path, source = Path(store_path).absolute(), Path(source)
    check_source(store_path, source)
    if not store_path.is_file():
        raise BackupError(f"Không tìm thấy tệp dữ liệu {store_path}.", store_path)
    lock = acquire_lock(store_path)
    try:
        progress(0, 0, "Đang sao lưu dữ liệu hiện tại…")
        try:
            safety = backups.make_backup(
                store_path,
                backups.REASON_BEFORE_RESTORE,
                progress=progress,
                cancelled=cancelled,
            )
        except BackupError as exc:
            raise BackupError(
                "Chưa khôi phục vì không sao lưu được dữ liệu hiện tại: "
                f"{exc.message} Dữ liệu hiện tại vẫn giữ nguyên.",
                store_path,
            ) from exc
        staging = leftovers.restore_copy_path(store_path)
        try:
            src = backups.connect_read_only(source)
        except sqlite3.Error as exc:
            raise _unreadable(source, exc) from exc
        try:
            backups.copy_database(src, staging, progress=progress, cancelled=cancelled)
        except BackupError as exc:
            raise BackupError(
                f"Chưa khôi phục: {exc.message} Dữ liệu hiện tại vẫn giữ nguyên.",
                store_path,
                reason=exc.reason,
            ) from exc
        finally:
            src.close()
        try:
            _note_restore(staging, source_name or source.name, safety)
            progress(1, 1, "Đang thay tệp dữ liệu…")
            _swap_in(store_path, staging)
        except BaseException:
            # Whatever stopped the swap, the store is as it was: the copy must not stay.
            backups.remove_store_files(staging)
            raise
    finally:
        lock.release()
    log.warning("Restored %s from %s; the data before is kept as %s", store_path, source, safety)
    return safety


def _note_restore(staging: Path, source_name: str, safety: Path) -> None:
    """Leave in the copy the change-history entry of this restore; the next opening writes it
    (after any migration, so that an older file gets it too)."""
    from cchc_desktop.store import history

    note = json.dumps(
        {"happened_at": utc_now(), "source": source_name, "backup": str(safety)},
        ensure_ascii=False,
    )
    try:
        conn = sqlite3.connect(staging, isolation_level=None)
        try:
            conn.execute(
                "INSERT INTO store_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (history.PENDING_RESTORE_KEY, note),
            )
        finally:
            conn.close()
    except sqlite3.Error as exc:  # the restore itself matters more than its history entry
        log.warning("Could not note the restore in %s: %s", staging, exc)


def _swap_in(store_path: Path, staging: Path) -> None:
    """Rename ``staging`` over the store, its old side files moved aside first."""
    aside: list[tuple[Path, Path]] = []
    try:
        for side in _side_files(store_path):
            if side.exists():
                kept = leftovers.set_aside_path(side)
                os.replace(side, kept)
                aside.append((side, kept))
        os.replace(staging, store_path)
    except BaseException as exc:  # (an interruption too: the store keeps its side files)
        for side, kept in reversed(aside):
            with contextlib.suppress(OSError):
                os.replace(kept, side)
        with contextlib.suppress(OSError):
            staging.unlink()
        if not isinstance(exc, OSError):
            raise
        raise BackupError(
            f"Không thay được tệp dữ liệu {store_path} ({os_error_text(exc)}). Chưa khôi "
            "phục; dữ liệu hiện tại vẫn giữ nguyên.",
            store_path,
            reason=os_error_text(exc),
        ) from exc
    with contextlib.suppress(OSError):
        backups._fsync_dir(store_path.parent)
    for _side, kept in aside:
        try:
            kept.unlink()
        except OSError as exc:  # harmless: the name is not one SQLite looks at
            log.warning("Could not remove %s after a restore: %s", kept, exc)
