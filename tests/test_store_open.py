"""Opening a store: creation, reopening, refusals that leave the file untouched."""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from pathlib import Path

import pytest

from cchc_desktop.core.profile import CommuneProfile
from cchc_desktop.paths import backup_dir_for, migrations_dir
from cchc_desktop.store import (
    DamagedStoreError,
    ForeignFileError,
    NewerStoreError,
    StoreInUseError,
    StoreLocationError,
    open_store,
)
from cchc_desktop.store.backup import make_backup
from cchc_desktop.store.database import APPLICATION_ID, KIND_USER
from cchc_desktop.store.migrations import discover, latest_version
from cchc_desktop.store.profile_repo import load_profile, save_profile
from tests.conftest import file_fingerprint

LATEST = latest_version(discover(migrations_dir()))

PROFILE = CommuneProfile(
    province="Tỉnh Gia Lai",
    unit_kind="xã",
    commune_name="Vân Canh",
    commune_code="21607",
    superior_body="Sở Nội vụ tỉnh Gia Lai",
    preparer_name="Lê Thị Hồng",
    signer_name="Nguyễn Văn An",
    signer_title="Chủ tịch",
    assessment_year=2025,
)


def _make_store_with_profile(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_store(path) as store:
        save_profile(store, PROFILE)


def test_fresh_store_is_created_with_safe_settings(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    with open_store(store_path) as store:
        assert store_path.exists()
        assert store.schema_version == LATEST
        conn = store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert len(store.store_id) == 36
        assert store.meta("store_kind") == KIND_USER
        assert not store.is_demo
        assert store.integrity_problems() == []
        assert not store.has_user_data()
    # nothing to protect in a brand-new file, so no pre-migration copy
    assert not backup_dir_for(store_path).exists()


def test_reopen_keeps_data_and_identity(store_path: Path) -> None:
    _make_store_with_profile(store_path)
    with open_store(store_path) as store:
        first_id = store.store_id
    with open_store(store_path) as store:
        assert store.store_id == first_id
        assert load_profile(store) == PROFILE
        assert store.has_user_data()
    assert not backup_dir_for(store_path).exists()


def test_zero_byte_file_becomes_a_store(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"")
    with open_store(store_path) as store:
        assert store.schema_version == LATEST


def test_newer_schema_version_is_refused_and_untouched(store_path: Path) -> None:
    _make_store_with_profile(store_path)
    conn = sqlite3.connect(store_path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.commit()
    conn.close()
    before = file_fingerprint(store_path)
    with pytest.raises(NewerStoreError) as caught:
        open_store(store_path)
    assert "phiên bản CCHC Desktop mới hơn" in caught.value.message
    assert f"phiên bản {LATEST + 1}" in caught.value.message
    assert file_fingerprint(store_path) == before


def test_unknown_applied_migration_is_refused(store_path: Path) -> None:
    _make_store_with_profile(store_path)
    conn = sqlite3.connect(store_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('cchc_desktop', '9999_from_the_future', 'x')"
    )
    conn.commit()
    conn.close()
    before = file_fingerprint(store_path)
    with pytest.raises(NewerStoreError):
        open_store(store_path)
    assert file_fingerprint(store_path) == before


def test_file_that_is_not_sqlite_is_reported_not_overwritten(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 100)
    before = file_fingerprint(store_path)
    with pytest.raises(DamagedStoreError) as caught:
        open_store(store_path)
    assert "bị hỏng" in caught.value.message
    assert "không ghi đè" in caught.value.message
    assert file_fingerprint(store_path) == before


def _corrupt_pages(path: Path) -> None:
    """Overwrite everything after the first page (the schema) with noise."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for index in range(page_size, len(data)):
        data[index] = (index * 7 + 13) % 256
    path.write_bytes(bytes(data))


def test_damaged_pages_are_reported_with_newest_good_backup(store_path: Path) -> None:
    _make_store_with_profile(store_path)
    older = make_backup(store_path)
    newest = make_backup(store_path)
    # The newest backup is itself damaged: the message must name the older one.
    _corrupt_pages(newest)
    os.utime(newest)
    _corrupt_pages(store_path)
    before = file_fingerprint(store_path)
    with pytest.raises(DamagedStoreError) as caught:
        open_store(store_path)
    assert caught.value.backup == older
    assert str(older) in caught.value.message
    assert file_fingerprint(store_path) == before


def test_damaged_file_without_backups_says_so(store_path: Path) -> None:
    _make_store_with_profile(store_path)
    _corrupt_pages(store_path)
    with pytest.raises(DamagedStoreError) as caught:
        open_store(store_path)
    assert caught.value.backup is None
    assert "Không tìm thấy bản sao lưu" in caught.value.message


def test_database_of_another_program_is_refused(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(store_path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()
    before = file_fingerprint(store_path)
    with pytest.raises(ForeignFileError) as caught:
        open_store(store_path)
    assert "chương trình khác" in caught.value.message
    assert file_fingerprint(store_path) == before


def test_second_opening_is_told_the_file_is_in_use(store_path: Path) -> None:
    _make_store_with_profile(store_path)
    first = open_store(store_path)
    try:
        with pytest.raises(StoreInUseError) as caught:
            open_store(store_path)
        assert "đang được mở" in caught.value.message
        assert load_profile(first) == PROFILE
    finally:
        first.close()
    with open_store(store_path) as again:
        assert load_profile(again) == PROFILE
        assert again.integrity_problems() == []


def test_missing_folder_is_reported_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "khong-co" / "cchc.db"
    with pytest.raises(StoreLocationError) as caught:
        open_store(path)
    assert "không tồn tại" in caught.value.message
    assert "chọn nơi lưu khác" in caught.value.message
    assert not path.parent.exists()


def test_folder_that_is_a_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(StoreLocationError):
        open_store(tmp_path / "a-file" / "cchc.db")


def test_path_that_is_a_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "cchc.db").mkdir()
    with pytest.raises(StoreLocationError) as caught:
        open_store(tmp_path / "cchc.db")
    assert "là một thư mục" in caught.value.message


def test_read_only_medium_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "TemporaryFile", read_only)
    with pytest.raises(StoreLocationError) as caught:
        open_store(tmp_path / "cchc.db")
    assert "Không ghi được vào thư mục" in caught.value.message
    assert not (tmp_path / "cchc.db").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_folder_without_write_permission_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreLocationError):
            open_store(folder / "cchc.db")
    finally:
        folder.chmod(0o700)


def test_read_only_store_file_is_reported(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make_store_with_profile(store_path)
    real_open = open

    def guarded_open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(file) == store_path and "+" in mode:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded_open)
    with pytest.raises(StoreLocationError) as caught:
        open_store(store_path)
    assert "Không ghi được vào tệp dữ liệu" in caught.value.message


def test_deleting_a_record_leaves_a_tombstone(store) -> None:  # type: ignore[no-untyped-def]
    save_profile(store, PROFILE)
    uuid = store.conn.execute("SELECT uuid FROM commune_profile").fetchone()[0]
    with store.transaction():
        store.conn.execute("DELETE FROM commune_profile")
    row = store.conn.execute(
        "SELECT record_kind, deleted_at FROM tombstones WHERE uuid = ?", (uuid,)
    ).fetchone()
    assert row[0] == "commune_profile"
    assert row[1].endswith("Z")


def test_failed_transaction_saves_nothing(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), store.transaction():
        store.conn.execute("INSERT INTO store_meta (key, value) VALUES ('half', 'written')")
        raise RuntimeError("power cut")
    assert store.meta("half") is None


def test_a_usual_opening_does_not_modify_the_file(store_path: Path) -> None:
    _make_store_with_profile(store_path)
    open_store(store_path).close()
    before = file_fingerprint(store_path)
    with open_store(store_path) as store:
        assert load_profile(store) == PROFILE
    assert file_fingerprint(store_path) == before


def test_a_new_program_version_is_recorded_once(store_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _make_store_with_profile(store_path)
    monkeypatch.setattr("cchc_desktop.store.database.__version__", "9.9.9")
    with open_store(store_path) as store:
        assert store.meta("last_opened_by_version") == "9.9.9"
        assert store.meta("created_by_version") != "9.9.9"


def test_damaged_store_is_restored_from_a_backup_and_kept(store_path: Path) -> None:
    from cchc_desktop.store.database import restore_damaged_store

    _make_store_with_profile(store_path)
    backup = make_backup(store_path)
    _corrupt_pages(store_path)
    Path(f"{store_path}-wal").write_bytes(b"stale write-ahead log of the damaged file")
    damaged = store_path.read_bytes()
    with pytest.raises(DamagedStoreError) as caught:
        open_store(store_path)
    kept = restore_damaged_store(store_path, caught.value.backup)
    assert kept.name.startswith("cchc-hong-") and kept.read_bytes() == damaged
    assert Path(f"{kept}-wal").exists() and not Path(f"{store_path}-wal").exists()
    with open_store(store_path) as store:
        assert load_profile(store) == PROFILE
    assert backup.exists()


def test_damaged_backup_is_not_restored(store_path: Path) -> None:
    from cchc_desktop.store import BackupError
    from cchc_desktop.store.database import restore_damaged_store

    _make_store_with_profile(store_path)
    backup = make_backup(store_path)
    _corrupt_pages(backup)
    before = file_fingerprint(store_path)
    with pytest.raises(BackupError):
        restore_damaged_store(store_path, backup)
    assert file_fingerprint(store_path) == before


def _fill_the_disk(store) -> None:  # type: ignore[no-untyped-def]
    """Let the file grow no further, as on a full disk or USB stick."""
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")


def test_full_disk_saves_nothing_and_says_so(store) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from cchc_desktop.store import StoreWriteError

    save_profile(store, PROFILE)
    _fill_the_disk(store)
    with pytest.raises(StoreWriteError) as caught:
        save_profile(store, replace(PROFILE, preparer_title="x" * 20000))
    assert "ổ đĩa đã đầy" in caught.value.message
    assert "chưa được lưu" in caught.value.message
    assert load_profile(store) == PROFILE


def test_fresh_file_whose_first_migration_failed_opens_later(
    tmp_path: Path, migrations_copy: Path
) -> None:
    path = tmp_path / "cchc.db"
    good = (migrations_copy / "0001_foundation.sql").read_text(encoding="utf-8")
    (migrations_copy / "0001_foundation.sql").write_text(good + "\nBROKEN;\n", encoding="utf-8")
    from cchc_desktop.store import MigrationError

    with pytest.raises(MigrationError):
        open_store(path, migrations_folder=migrations_copy)
    with open_store(path) as store:
        assert store.schema_version == LATEST
