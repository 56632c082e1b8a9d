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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from cchc_desktop.core.text import os_error_text
from cchc_desktop.jobs import CancelledFn, JobCancelled, ProgressFn, never_cancelled, no_progress
from cchc_desktop.paths import backup_dir_for
from cchc_desktop.store.errors import BackupError, sqlite_problem_text
from cchc_desktop.store.leftovers import partial_path

log = logging.getLogger(__name__)

REASON_MANUAL = "thu-cong"  # «Sao lưu ngay»: never removed by the program
REASON_AUTO = "tu-dong"  # periodic, after changes
REASON_CLOSE = "khi-dong"  # when the program closes
REASON_BEFORE_IMPORT = "truoc-nhap-goi"  # before a data package is imported
REASON_BEFORE_RESTORE = "truoc-khoi-phuc"  # the current data, before a restore replaces it

_LABELS = {
    REASON_MANUAL: "Sao lưu thủ công",
    REASON_AUTO: "Tự động (có thay đổi)",
    REASON_CLOSE: "Khi đóng chương trình",
    REASON_BEFORE_IMPORT: "Trước khi nhập gói dữ liệu",
    REASON_BEFORE_RESTORE: "Trước khi khôi phục",
}
# Backups the program makes by itself: only these are ever rotated away.
AUTOMATIC_REASONS = frozenset(
    {REASON_AUTO, REASON_CLOSE, REASON_BEFORE_IMPORT, REASON_BEFORE_RESTORE}
)

# Rotation of automatic backups (see rotate_backups).
KEEP_RECENT = 10  # the most recent ones, whatever their age
KEEP_DAILY = 7  # the newest of each of the last 7 days
KEEP_WEEKLY = 5  # the newest of each of the last 5 ISO weeks
KEEP_MONTHLY = 12  # the newest of each of the last 12 months

_PAGES_PER_STEP = 256
# How long a reader waits for another program's write lock before it says "locked".
READ_BUSY_TIMEOUT_MS = 5000
_NAME_RE = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z0-9-]+)\.db$")
_UPGRADE_RE = re.compile(r"^truoc-nang-cap-v(\d+)-v(\d+)$")


def upgrade_reason(from_version: int, to_version: int) -> str:
    return f"truoc-nang-cap-v{from_version}-v{to_version}"


def base_reason(reason: str) -> str:
    """The reason without the suffix that keeps two names of the same second apart."""
    return re.sub(r"-\d+$", "", reason)


def is_automatic(reason: str) -> bool:
    """Made by the program itself (and so subject to rotation), not asked for by the officer."""
    reason = base_reason(reason)
    return reason in AUTOMATIC_REASONS or bool(_UPGRADE_RE.match(reason))


def reason_label(reason: str) -> str:
    """What a backup was made for, in the words the officer reads."""
    reason = base_reason(reason)
    if reason in _LABELS:
        return _LABELS[reason]
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
    conn.execute(f"PRAGMA busy_timeout = {READ_BUSY_TIMEOUT_MS}")
    return conn


def _connect_source(path: Path) -> sqlite3.Connection:
    """Making a backup never creates or changes the file it copies."""
    try:
        return connect_read_only(path)
    except sqlite3.Error as exc:
        log.error("Could not read %s to back it up: %s", path, exc)
        reason = sqlite_problem_text(exc)
        raise BackupError(
            f"Không đọc được tệp dữ liệu {path} ({reason}).", Path(path), reason=reason
        ) from exc


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


def remove_store_files(path: Path) -> None:
    """Remove a (temporary) database file with its journal, WAL, shared memory and lock file;
    what cannot be removed stays."""
    suffixes = ("-journal", "-wal", "-shm", ".lock")
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in suffixes)):
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
    partial = partial_path(target)
    remove_store_files(partial)

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
            log.error("The copy at %s failed its check: %s", target, problems[:3])
            raise BackupError(
                f"Bản sao tại {target} không qua được bước kiểm tra (SQLite tìm thấy lỗi cấu "
                "trúc; chi tiết đã ghi vào nhật ký).",
                target,
                reason="bản sao không qua được bước kiểm tra",
            )
        _fsync_file(partial)
        os.replace(partial, target)
        _fsync_dir(target.parent)
    except JobCancelled:
        remove_store_files(partial)
        raise
    except BackupError:
        remove_store_files(partial)
        raise
    except (OSError, sqlite3.Error) as exc:
        remove_store_files(partial)
        log.exception("Backup to %s failed", target)
        reason = os_error_text(exc) if isinstance(exc, OSError) else sqlite_problem_text(exc)
        raise BackupError(
            f"Không ghi được bản sao lưu vào {target.parent} ({reason}). "
            "Hãy kiểm tra ổ đĩa (còn chỗ trống, USB còn cắm, không bị khóa ghi) rồi thử lại.",
            target,
            reason=reason,
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


def _newest_per(
    backups: list[BackupInfo], key: Callable[[datetime], object], wanted: set[Any]
) -> set[Path]:
    """The newest backup of each period in ``wanted`` (``backups`` is newest first)."""
    kept: dict[object, Path] = {}
    for info in backups:
        period = key(info.created)
        if period in wanted and period not in kept:
            kept[period] = info.path
    return set(kept.values())


def _month_back(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + (day.month - 1) - months
    return index // 12, index % 12 + 1


def backups_to_keep(backups: list[BackupInfo], now: datetime) -> set[Path]:
    """Of the automatic ``backups`` (newest first), those the rotation keeps.

    The :data:`KEEP_RECENT` most recent ones; the newest of each of the last
    :data:`KEEP_DAILY` days, of each of the last :data:`KEEP_WEEKLY` ISO weeks and of each
    of the last :data:`KEEP_MONTHLY` months (all counted back from ``now``, the current one
    included); and the newest that passes SQLite's quick check, so that a run of damaged
    copies never pushes the last good one out.
    """
    today = now.date()
    days = {today - timedelta(days=back) for back in range(KEEP_DAILY)}
    weeks = {(today - timedelta(weeks=back)).isocalendar()[:2] for back in range(KEEP_WEEKLY)}
    months = {_month_back(today, back) for back in range(KEEP_MONTHLY)}
    keep = {info.path for info in backups[:KEEP_RECENT]}
    keep |= _newest_per(backups, lambda when: when.date(), days)
    keep |= _newest_per(backups, lambda when: when.isocalendar()[:2], weeks)
    keep |= _newest_per(backups, lambda when: (when.year, when.month), months)
    for info in backups:
        if not integrity_problems(info.path, quick=True):
            keep.add(info.path)
            break
    return keep


def rotate_backups(store_path: Path, now: datetime | None = None) -> list[Path]:
    """Remove the automatic backups the policy no longer needs; return the removed files.

    Only files this program named for an automatic reason (:func:`is_automatic`) are
    candidates: a manual backup («Sao lưu ngay»), a file of another store and any other
    file are never touched. A file that cannot be removed (open elsewhere, read-only) is
    left and logged; rotation never fails.
    """
    now = now or datetime.now()
    automatic = [info for info in list_backups(store_path) if is_automatic(info.reason)]
    keep = backups_to_keep(automatic, now)
    removed: list[Path] = []
    for info in automatic:
        if info.path in keep:
            continue
        try:
            info.path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("Could not remove the old backup %s: %s", info.path, exc)
            continue
        removed.append(info.path)
    if removed:
        log.info("Rotation removed %d old automatic backup(s) of %s", len(removed), store_path)
    return removed
