"""Temporary files of writes that were cut off (power cut, killed program, full disk).

Every file the program writes goes through a temporary name first; when the write is cut
off, that name stays behind. :func:`tidy_leftovers` runs at every opening of a store, with
its lock held, and removes only the program's own temporary names, in the store's folder
and its backup folder:

- ``.<name>.dang-ghi`` (and its SQLite side files): a file being written (a backup,
  a restore's copy, an export, a package). Those tied to this store (its backups, its
  restore copy) are removed at once — no one else writes them while we hold the lock —,
  any other one only when it is more than :data:`UNTIED_AGE` seconds old, so that a write
  another window is doing right now is not disturbed;
- ``.<store>.khoi-phuc``: the verified copy a restore puts in place. When the store file
  itself is missing, the restore was cut off between its two renames: the copy is
  complete and verified, so it is moved into place (the restore is finished) instead;
- ``.<store>-wal.truoc-khoi-phuc`` (and ``-shm``, ``-journal``): the store's side files
  a restore set aside just before its last rename. If the restore's copy is still there,
  that rename never happened and they are put back; otherwise they belonged to the
  replaced data (kept in the ``truoc-khoi-phuc`` backup) and are removed;
- ``.<stem>-tu-goi-<8 hex digits>.db``: the store built from a package before a restore
  from it; ``.<stem>-ma-hoa-….db`` and ``.<stem>-giai-ma-….db``: the plain copy of a
  password-protected backup being written or restored (all skipped while another window
  holds them open).

Nothing else is ever removed; a file that cannot be removed is logged and left.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sqlite3
import time
from pathlib import Path

from cchc_desktop.paths import backup_dir_for

log = logging.getLogger(__name__)

PARTIAL_SUFFIX = ".dang-ghi"  # a file being written (backups, exports, packages)
RESTORE_SUFFIX = ".khoi-phuc"  # the verified copy a restore puts in place
SET_ASIDE_SUFFIX = ".truoc-khoi-phuc"  # the store's side files, set aside by a restore
SIDE_SUFFIXES = ("-journal", "-wal", "-shm")
UNTIED_AGE = 3600  # seconds: a partial file of another write older than this is abandoned

_STORE_SIDES = ("", *SIDE_SUFFIXES, ".lock")
_BACKUP_PARTIAL_RE = r"\d{8}-\d{6}-[a-z0-9-]+\.db"


def partial_path(target: Path) -> Path:
    """Where ``target`` is written before it is renamed into place."""
    target = Path(target)
    return target.with_name(f".{target.name}{PARTIAL_SUFFIX}")


def restore_copy_path(store_path: Path) -> Path:
    """Where a restore writes (and verifies) the copy it then puts in place of the store."""
    store_path = Path(store_path)
    return store_path.with_name(f".{store_path.name}{RESTORE_SUFFIX}")


def set_aside_path(side: Path) -> Path:
    """Where a restore sets aside one of the store's side files (``-wal`` …)."""
    side = Path(side)
    return side.with_name(f".{side.name}{SET_ASIDE_SUFFIX}")


def _with_sides(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in _STORE_SIDES]


def _remove(path: Path, removed: list[Path]) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:  # open elsewhere (Windows), no permission: left for later
        log.warning("Could not remove the leftover %s: %s", path, exc)
        return
    removed.append(path)


def _remove_with_sides(path: Path, removed: list[Path]) -> None:
    for candidate in _with_sides(path):
        if candidate.exists() or candidate.is_symlink():
            _remove(candidate, removed)


def _held_elsewhere(path: Path) -> bool:
    """A window of the program has this (temporary) store open: its lock is taken."""
    from filelock import FileLock, Timeout

    lock = FileLock(f"{os.path.realpath(path)}.lock", timeout=0, is_singleton=False)
    try:
        lock.acquire()
    except Timeout:
        return True
    except OSError:
        return False
    lock.release()
    return False


def _finish_restore(store_path: Path, copy: Path) -> bool:
    """The store is missing and the restore's verified copy is there: put it in place."""
    if any(Path(f"{store_path}{s}").exists() for s in SIDE_SUFFIXES):
        return False  # side files of some other data: never pair them with the copy
    try:
        if Path(f"{copy}-journal").exists():
            # A note written into the copy was cut off: let SQLite undo it first.
            conn = sqlite3.connect(copy, isolation_level=None)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                conn.close()
        os.replace(copy, store_path)
    except (OSError, sqlite3.Error) as exc:
        log.error("Could not finish the restore of %s from %s: %s", store_path, copy, exc)
        return False
    log.warning("Finished a restore of %s that was cut off before its last rename", store_path)
    return True


def _tidy_restore(store_path: Path, removed: list[Path]) -> None:
    copy = restore_copy_path(store_path)
    if not store_path.exists() and copy.is_file():
        _finish_restore(store_path, copy)
    copy_left = copy.exists()
    for suffix in SIDE_SUFFIXES:
        side = Path(f"{store_path}{suffix}")
        aside = set_aside_path(side)
        if not aside.exists():
            continue
        if copy_left and store_path.exists() and not side.exists():
            try:
                os.replace(aside, side)  # the restore never swapped: the store keeps its side
                log.warning("Put %s back after a restore that was cut off", side)
                continue
            except OSError as exc:
                log.error("Could not put %s back: %s", side, exc)
                continue
        _remove(aside, removed)
    _remove_with_sides(copy, removed)
    _remove_with_sides(partial_path(copy), removed)


def _partial_target(name: str) -> str | None:
    """``.x.dang-ghi`` (or one of its side files) → ``x``; None for any other name."""
    for suffix in _STORE_SIDES:
        if suffix and name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    if (
        name.startswith(".")
        and name.endswith(PARTIAL_SUFFIX)
        and len(name) > 1 + len(PARTIAL_SUFFIX)
    ):
        return name[1 : -len(PARTIAL_SUFFIX)]
    return None


def _tidy_partials(folder: Path, tied: re.Pattern[str], removed: list[Path]) -> None:
    """``.x.dang-ghi`` in ``folder``: at once when ``x`` is one of this store's names,
    else only when abandoned (older than :data:`UNTIED_AGE`)."""
    now = time.time()
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        target = _partial_target(entry.name)
        if target is None:
            continue
        if not tied.fullmatch(target):
            try:
                if now - entry.stat().st_mtime < UNTIED_AGE:
                    continue
            except OSError:
                continue
        _remove(entry, removed)


def tidy_leftovers(store_path: Path) -> list[Path]:
    """Remove what cut-off writes left beside the store at ``store_path`` (whose lock the
    caller holds) and in its backup folder; finish a restore cut off before its last
    rename. Returns the removed files; never raises."""
    store_path = Path(store_path)
    removed: list[Path] = []
    try:
        _tidy_restore(store_path, removed)
        folder, name, stem = store_path.parent, store_path.name, store_path.stem
        package_copy = re.compile(
            rf"\.{re.escape(stem)}-(?:tu-goi|ma-hoa|giai-ma)-[0-9a-f]{{8}}\.db"
        )
        with contextlib.suppress(OSError):
            for entry in list(folder.iterdir()):
                if package_copy.fullmatch(entry.name) and not _held_elsewhere(entry):
                    _remove_with_sides(entry, removed)
        tied_here = re.compile(rf"{re.escape(name)}|\.{re.escape(name)}{re.escape(RESTORE_SUFFIX)}")
        _tidy_partials(folder, tied_here, removed)
        backups = backup_dir_for(store_path)
        if backups.is_dir():
            tied_backup = re.compile(rf"{re.escape(stem)}-{_BACKUP_PARTIAL_RE}")
            _tidy_partials(backups, tied_backup, removed)
    except Exception:  # tidying must never keep the store from opening
        log.exception("Tidying the leftovers beside %s failed", store_path)
    if removed:
        log.info("Removed leftovers of cut-off writes: %s", ", ".join(str(p) for p in removed))
    return removed
