"""Backups: verified copies under a temporary name, listed newest first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cchc_desktop.jobs import JobCancelled
from cchc_desktop.paths import backup_dir_for
from cchc_desktop.store import BackupError, open_store
from cchc_desktop.store.backup import (
    REASON_MANUAL,
    copy_database,
    integrity_problems,
    list_backups,
    make_backup,
    newest_good_backup,
    reason_label,
)
from cchc_desktop.store.profile_repo import load_profile, save_profile
from tests.test_store_open import PROFILE


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_backup_is_a_verified_single_file_copy(store) -> None:  # type: ignore[no-untyped-def]
    save_profile(store, PROFILE)
    seen: list[tuple[int, int, str]] = []
    target = make_backup(store.path, progress=lambda d, t, s: seen.append((d, t, s)))
    assert target.parent == backup_dir_for(store.path)
    assert target.name.startswith("cchc-") and target.name.endswith("-thu-cong.db")
    assert integrity_problems(target) == []
    assert _leftovers(target.parent) == [target.name]  # no -wal, no partial file
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    with open_store(target) as copy:
        assert load_profile(copy) == PROFILE
    assert seen and seen[0][1] > 0


def test_backup_sees_committed_data_while_the_store_is_in_use(store) -> None:  # type: ignore[no-untyped-def]
    save_profile(store, PROFILE)
    with store.transaction():
        store.conn.execute("INSERT INTO store_meta (key, value) VALUES ('pending', 'x')")
        target = make_backup(store.path)  # another connection, while a write is open
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM commune_profile").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM store_meta WHERE key='pending'").fetchone()[0] == 0
    conn.close()


def test_cancelled_backup_leaves_nothing(store) -> None:  # type: ignore[no-untyped-def]
    save_profile(store, PROFILE)
    with pytest.raises(JobCancelled):
        make_backup(store.path, cancelled=lambda: True)
    assert _leftovers(backup_dir_for(store.path)) == []


def test_unwritable_target_gives_a_message_and_no_file(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "usb"
    blocker.write_text("not a folder")
    with pytest.raises(BackupError) as caught:
        make_backup(store.path, folder=blocker / "sao-luu")
    assert "Không tạo được thư mục sao lưu" in caught.value.message
    with pytest.raises(BackupError) as caught:
        copy_database(store.conn, tmp_path / "missing-folder" / "copy.db")
    assert "Không ghi được bản sao lưu" in caught.value.message
    assert not (tmp_path / "missing-folder").exists()


def test_backup_into_a_chosen_folder(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    usb = tmp_path / "usb"
    usb.mkdir()
    target = make_backup(store.path, REASON_MANUAL, usb)
    assert target.parent == usb
    assert list_backups(store.path) == []  # only the store's own folder is listed


def test_list_is_newest_first_and_names_are_unique(store) -> None:  # type: ignore[no-untyped-def]
    first = make_backup(store.path)
    second = make_backup(store.path)
    third = make_backup(store.path)
    assert len({first, second, third}) == 3
    listed = list_backups(store.path)
    assert [b.path for b in listed] == [third, second, first]
    assert all(b.label == "Sao lưu thủ công" for b in listed)
    assert newest_good_backup(store.path) == third


def test_list_ignores_other_files(store) -> None:  # type: ignore[no-untyped-def]
    folder = backup_dir_for(store.path)
    folder.mkdir()
    (folder / "ghi-chu.txt").write_text("x")
    (folder / "other-20250101-010101-thu-cong.db").write_text("x")
    assert list_backups(store.path) == []
    assert newest_good_backup(store.path) is None


def test_reason_labels() -> None:
    assert reason_label("thu-cong") == "Sao lưu thủ công"
    assert reason_label("thu-cong-3") == "Sao lưu thủ công"
    assert reason_label("truoc-nang-cap-v1-v2") == (
        "Trước khi nâng cấp cấu trúc dữ liệu (phiên bản 1 → 2)"
    )


def test_backup_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.db"
    with pytest.raises(BackupError):
        make_backup(missing)
    assert not missing.exists()
