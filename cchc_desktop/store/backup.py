"""Verified copies of a store, made with SQLite's backup API.

The backup API gives a consistent copy even while the program writes. Each
copy is written under a temporary name, checked with ``PRAGMA integrity_check``,
flushed to disk and only then renamed, so a full disk or a pulled USB stick
never leaves a half-written file under a backup's name.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cchc_desktop.core.text import os_error_text
from cchc_desktop.jobs import (
    CancelledFn,
    JobCancelled,
    ProgressFn,
    never_cancelled,
    no_progress,
)
from cchc_desktop.paths import backup_dir_for
from cchc_desktop.store.errors import BackupError

log = logging.getLogger(__name__)

REASON_MANUAL = "thu-cong"
_PAGES_PER_STEP = 256
_NAME_RE = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z0-9-]+)\.db$")
_UPGRADE_RE = re.compile(r"^truoc-nang-cap-v(\d+)-v(\d+)$")


def upgrade_reason(from_version: int, to_version: int) -> str:
    return f"truoc-nang-cap-v{from_version}-v{to_version}"


def reason_label(reason: str) -> str:
    """What a backup was made for, in the words the officer reads."""
    reason = re.sub(r"-\d+$", "", reason)  # uniqueness suffix
    if reason == REASON_MANUAL:
        return "Sao lưu thủ công"
    upgrade = _UPGRADE_RE.match(reason)
    if upgrade:
        return (
            "Trước khi nâng cấp cấu trúc dữ liệu "
            f"(phiên bản {upgrade.group(1)} → {upgrade.group(2)})"
        )
    return reason


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    size: int
    reason: str

    @property
    def label(self) -> str:
        return reason_label(self.reason)


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open a file for reading only: it is never created or changed (sqlite3 errors pass)."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def _connect_source(path: Path) -> sqlite3.Connection:
    """Making a backup never creates or changes the file it copies."""
    try:
        return connect_read_only(path)
    except sqlite3.Error as exc:
        raise BackupError(f"Không đọc được tệp dữ liệu {path}: {exc}.", Path(path)) from exc


def integrity_problems(path: Path, *, quick: bool = False) -> list[str]:
    """Problems reported by SQLite for the file at ``path``; empty when sound.

    Opens the file read-only, so checking never changes it.
    """
    pragma = "quick_check" if quick else "integrity_check"
    try:
        conn = connect_read_only(path)
        try:
            rows = [row[0] for row in conn.execute(f"PRAGMA {pragma}")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory; NTFS journals the rename itself
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    for candidate in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):
            candidate.unlink()


def copy_database(
    source: sqlite3.Connection,
    target: Path,
    *,
    progress: ProgressFn = no_progress,
    cancelled: CancelledFn = never_cancelled,
) -> Path:
    """Write a verified, self-contained copy of ``source`` at ``target``.

    Raises :class:`BackupError` (nothing left at ``target``) or
    :class:`JobCancelled`.
    """
    target = Path(target)
    partial = target.with_name(f".{target.name}.dang-ghi")
    _remove_quietly(partial)

    def step(status: int, remaining: int, total: int) -> None:
        if cancelled():
            raise JobCancelled()
        progress(total - remaining, total, "Đang sao chép dữ liệu…")

    try:
        dest = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(dest, pages=_PAGES_PER_STEP, progress=step)
            # One file, no -wal beside it: the copy can travel on its own.
            dest.execute("PRAGMA journal_mode = DELETE")
            progress(1, 1, "Đang kiểm tra bản sao…")
            problems = [row[0] for row in dest.execute("PRAGMA integrity_check")]
        finally:
            dest.close()
        if problems != ["ok"]:
            raise BackupError(
                f"Bản sao tại {target} không qua được bước kiểm tra: {'; '.join(problems[:3])}",
                target,
            )
        _fsync_file(partial)
        os.replace(partial, target)
        _fsync_dir(target.parent)
    except JobCancelled:
        _remove_quietly(partial)
        raise
    except BackupError:
        _remove_quietly(partial)
        raise
    except (OSError, sqlite3.Error) as exc:
        _remove_quietly(partial)
        log.exception("Backup to %s failed", target)
        raise BackupError(
            f"Không ghi được bản sao lưu vào {target.parent} "
            f"({os_error_text(exc) if isinstance(exc, OSError) else exc}). "
            "Hãy kiểm tra ổ đĩa (còn chỗ trống, USB còn cắm, không bị khóa ghi) rồi thử lại.",
            target,
        ) from exc
    return target


def backup_name(store_path: Path, reason: str, when: datetime | None = None) -> str:
    when = when or datetime.now()
    return f"{Path(store_path).stem}-{when:%Y%m%d-%H%M%S}-{reason}.db"


def _unique_target(folder: Path, name: str) -> Path:
    target = folder / name
    counter = 2
    while target.exists():
        target = folder / name.replace(".db", f"-{counter}.db")
        counter += 1
    return target


def make_backup(
    store_path: Path,
    reason: str = REASON_MANUAL,
    folder: Path | None = None,
    *,
    progress: ProgressFn = no_progress,
    cancelled: CancelledFn = never_cancelled,
) -> Path:
    """Back up the store at ``store_path`` into ``folder`` (its backup folder by default).

    Opens its own connection, so it may run on a worker thread while the
    program goes on using the store.
    """
    store_path = Path(store_path)
    folder = Path(folder) if folder else backup_dir_for(store_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(
            f"Không tạo được thư mục sao lưu {folder} ({os_error_text(exc)}). Hãy chọn thư mục "
            "khác.",
            folder,
        ) from exc
    target = _unique_target(folder, backup_name(store_path, reason))
    source = _connect_source(store_path)
    try:
        copy_database(source, target, progress=progress, cancelled=cancelled)
    finally:
        source.close()
    log.info("Backup written: %s", target)
    return target


def list_backups(store_path: Path) -> list[BackupInfo]:
    """The backups in the store's backup folder, newest first."""
    store_path = Path(store_path)
    folder = backup_dir_for(store_path)
    found: list[tuple[datetime, int, BackupInfo]] = []
    if not folder.is_dir():
        return []
    for path in folder.glob(f"{store_path.stem}-*.db"):
        match = _NAME_RE.match(path.name)
        if not match or match.group("stem") != store_path.stem:
            continue
        try:
            created = datetime.strptime(match.group("stamp"), "%Y%m%d-%H%M%S")
            stat = path.stat()
        except (ValueError, OSError):
            continue
        found.append(
            (
                created,
                stat.st_mtime_ns,
                BackupInfo(path, created, stat.st_size, match.group("reason")),
            )
        )
    # Within one second of the name's stamp, the file written later is the newer.
    found.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    return [entry[2] for entry in found]


def newest_good_backup(store_path: Path) -> Path | None:
    """The most recent backup that passes SQLite's quick check, if any."""
    for info in list_backups(store_path):
        if not integrity_problems(info.path, quick=True):
            return info.path
    return None
