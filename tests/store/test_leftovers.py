"""Temporary files of cut-off writes are removed at the next opening — only the program's own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from cchc_desktop.paths import backup_dir_for
from cchc_desktop.store import open_store
from cchc_desktop.store.backup import REASON_MANUAL, make_backup
from cchc_desktop.store.profile_repo import load_profile, save_profile
from tests.support.profile import PROFILE

OLD = time.time() - 2 * 3600


def _old(path: Path) -> Path:
    os.utime(path, (OLD, OLD))
    return path


def _touch(path: Path, data: bytes = b"x") -> Path:
    path.write_bytes(data)
    return path


def test_leftovers_of_cut_off_writes_are_removed_and_nothing_else(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    with open_store(store_path) as store:
        save_profile(store, PROFILE, date.today())
    manual = make_backup(store_path, REASON_MANUAL)
    folder, backups = store_path.parent, backup_dir_for(store_path)
    leftovers = [
        # a restore's copy (and the copy of that copy being written), with side files
        _touch(folder / ".cchc.db.khoi-phuc"),
        _touch(folder / ".cchc.db.khoi-phuc-journal"),
        _touch(folder / "..cchc.db.khoi-phuc.dang-ghi"),
        # the store built from a package before a restore from it
        _touch(folder / ".cchc-tu-goi-0a1b2c3d.db"),
        _touch(folder / ".cchc-tu-goi-0a1b2c3d.db-wal"),
        # backups of this store cut off while being written
        _touch(backups / ".cchc-20260301-101500-tu-dong.db.dang-ghi"),
        _touch(backups / ".cchc-20260301-101500-tu-dong.db.dang-ghi-journal"),
        _touch(backups / ".cchc-20260302-080000-truoc-nang-cap-v6-v7.db.dang-ghi"),
        # an export into the data folder, abandoned long ago (file and folder)
        _old(_touch(folder / ".bao-cao-2026.pdf.dang-ghi")),
    ]
    partial_folder = folder / ".Ho so nop 2026.dang-ghi"
    partial_folder.mkdir()
    _touch(partial_folder / "bao-cao.pdf")
    _old(partial_folder)
    others = [
        manual,
        _touch(folder / "ghi-chu.txt"),
        _touch(folder / ".an"),
        _touch(folder / "cchc-hong-20260301-101500.db"),  # a damaged file set aside: kept
        _touch(folder / "bao-cao.pdf.dang-ghi"),  # not our name (no leading dot)
        _touch(folder / ".cchc.db.khoi-phuc.txt"),
        _touch(folder / ".cchc-tu-goi-xyz.db"),
        _touch(folder / ".cchc-mau-tu-goi-0a1b2c3d.db"),  # another store's
        _touch(folder / ".bao-cao-moi.pdf.dang-ghi"),  # another write, happening now
        _touch(backups / "ghi-chu.txt"),
        _touch(backups / ".cchc-mau-20260301-101500-tu-dong.db.dang-ghi"),  # another store's
    ]
    with open_store(store_path) as store:
        assert load_profile(store) == PROFILE
    assert [p for p in leftovers if p.exists()] == []
    assert not partial_folder.exists()
    assert [p for p in others if not p.exists()] == []


def test_a_package_store_held_by_another_window_is_left_alone(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    open_store(store_path).close()
    temporary = store_path.parent / ".cchc-tu-goi-0a1b2c3d.db"
    with open_store(temporary):
        open_store(store_path).close()
        assert temporary.exists()
    open_store(store_path).close()
    assert not temporary.exists()


def _crashed_copy(store_path: Path, folder: Path) -> Path:
    """A copy of an open store with its -wal and -shm: committed data not yet in the file."""
    folder.mkdir()
    target = folder / store_path.name
    with open_store(store_path) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("PRAGMA wal_autocheckpoint = 0")
        save_profile(store, PROFILE, date.today())
        for suffix in ("", "-wal", "-shm"):
            shutil.copy(f"{store_path}{suffix}", f"{target}{suffix}")
    return target


# A restore killed at a given point (os._exit: no handler, no ``finally`` runs), as by a
# power cut or the task manager.
_KILLED = """
import os, sys
from pathlib import Path

how, store, backup = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
real_replace, real_unlink = os.replace, Path.unlink

def replace(src, dst):
    if how.endswith("before-last-rename") and Path(dst) == store:
        if Path(src).name.endswith(".khoi-phuc"):
            os._exit(9)
    return real_replace(src, dst)

def unlink(self, *args, **kwargs):
    if how.endswith("after-last-rename") and self.name.endswith(".truoc-khoi-phuc"):
        os._exit(9)
    return real_unlink(self, *args, **kwargs)

os.replace, Path.unlink = replace, unlink
if how.startswith("damaged"):
    from cchc_desktop.store.opening import restore_damaged_store as restore
else:
    from cchc_desktop.store.restore import restore_from_file as restore
restore(store, backup)
"""


def _killed_during(how: str, store: Path, backup: Path, home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _KILLED, how, str(store), str(backup)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, CCHC_DESKTOP_HOME=str(home)),
        timeout=120,
    )
    assert result.returncode == 9, result.stdout + result.stderr


def test_side_files_set_aside_by_a_killed_restore_are_put_back(
    store_path: Path, tmp_path: Path, home: Path
) -> None:
    store_path.parent.mkdir(parents=True)
    open_store(store_path).close()
    backup = make_backup(store_path, REASON_MANUAL)  # before the profile: restoring loses it
    crashed = _crashed_copy(store_path, tmp_path / "may-bi-tat")
    _killed_during("file-before-last-rename", crashed, backup, home)
    assert not Path(f"{crashed}-wal").exists()  # the data of the WAL is set aside
    assert Path(crashed.parent / ".cchc.db.khoi-phuc").exists()
    with open_store(crashed) as store:
        assert load_profile(store) == PROFILE  # the store as it was before the restore
    assert [p.name for p in crashed.parent.iterdir() if p.name.startswith(".")] == []


def test_a_restore_killed_after_its_last_rename_leaves_nothing(
    store_path: Path, tmp_path: Path, home: Path
) -> None:
    store_path.parent.mkdir(parents=True)
    open_store(store_path).close()
    backup = make_backup(store_path, REASON_MANUAL)
    crashed = _crashed_copy(store_path, tmp_path / "may-bi-tat")
    _killed_during("file-after-last-rename", crashed, backup, home)
    assert Path(crashed.parent / ".cchc.db-wal.truoc-khoi-phuc").exists()
    with open_store(crashed) as store:
        assert load_profile(store) is None  # the restored data, the old WAL never replayed
    assert [p.name for p in crashed.parent.iterdir() if p.name.startswith(".")] == []


def test_a_damaged_store_restore_killed_before_its_last_rename_is_finished(
    store_path: Path, home: Path
) -> None:
    from tests.store.test_store_open import _damaged_store_with_backup

    backup, damaged = _damaged_store_with_backup(store_path)
    _killed_during("damaged-before-last-rename", store_path, backup, home)
    assert not store_path.exists()  # the damaged file is set aside, the copy not yet in place
    with open_store(store_path) as store:  # never an empty new store here
        assert load_profile(store) == PROFILE
    kept = list(store_path.parent.glob("cchc-hong-*.db"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    assert Path(f"{kept[0]}-wal").exists()
    assert [p.name for p in store_path.parent.iterdir() if ".khoi-phuc" in p.name] == []
