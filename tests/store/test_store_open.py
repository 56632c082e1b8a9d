"""Opening a store: creation, reopening, refusals that leave the file untouched."""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest

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
from tests.support.files import file_fingerprint
from tests.support.paths import STORE_FIXTURES
from tests.support.profile import PROFILE

LATEST = latest_version(discover(migrations_dir()))


def _make_store_with_profile(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_store(path) as store:
        save_profile(store, PROFILE, date.today())


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


def test_zero_byte_file_is_damage_never_a_new_store(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"")
    for create in (True, False):
        with pytest.raises(DamagedStoreError) as caught:
            open_store(store_path, create=create)
        assert "0 byte" in caught.value.message
        assert store_path.read_bytes() == b""  # not turned into a store
    assert {p.name for p in store_path.parent.iterdir()} <= {"cchc.db", "cchc.db.lock"}


def test_truncated_file_is_damage(store_path: Path) -> None:
    _make_store_with_profile(store_path)
    with open_store(store_path) as store:
        with store.transaction():
            store.conn.executemany(
                "INSERT INTO store_meta (key, value) VALUES (?, ?)",
                [(f"k{i}", "x" * 3000) for i in range(40)],
            )
    whole = store_path.read_bytes()
    for length in (len(whole) // 2, 60):  # cut at a page boundary; inside the header
        store_path.write_bytes(whole[:length])
        before = file_fingerprint(store_path)
        with pytest.raises(DamagedStoreError) as caught:
            open_store(store_path)
        assert "cắt ngắn" in caught.value.message
        assert file_fingerprint(store_path) == before


def test_only_a_missing_path_is_created_and_never_when_reading(store_path: Path) -> None:
    from cchc_desktop.store import StoreNotFoundError

    store_path.parent.mkdir(parents=True)
    with pytest.raises(StoreNotFoundError) as caught:
        open_store(store_path, create=False)
    assert "Không tìm thấy tệp dữ liệu" in caught.value.message
    assert "không tạo tệp mới" in caught.value.message
    assert list(store_path.parent.iterdir()) == []  # not even a lock file
    with open_store(store_path) as store:  # the first run of the interface creates it
        assert store.schema_version == LATEST
    with open_store(store_path, create=False) as store:
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
    save_profile(store, PROFILE, date.today())
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
    monkeypatch.setattr("cchc_desktop.store.opening.__version__", "9.9.9")
    with open_store(store_path) as store:
        assert store.meta("last_opened_by_version") == "9.9.9"
        assert store.meta("created_by_version") != "9.9.9"


def test_damaged_store_is_restored_from_a_backup_and_kept(store_path: Path) -> None:
    from cchc_desktop.store.opening import restore_damaged_store

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
    from cchc_desktop.store.opening import restore_damaged_store

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

    save_profile(store, PROFILE, date.today())
    _fill_the_disk(store)
    with pytest.raises(StoreWriteError) as caught:
        save_profile(store, replace(PROFILE, preparer_title="x" * 20000), date.today())
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


# --- a full disk, a lock, a permission are not damage ------------------------------------


def _disk_full_error() -> sqlite3.OperationalError:
    """A genuine SQLITE_FULL, from a database that may grow no further."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("PRAGMA max_page_count = 2")
        conn.execute("INSERT INTO t VALUES (randomblob(100000))")
    except sqlite3.OperationalError as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError("SQLite did not refuse")


def _sqlite_error(text: str, code: int) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(text)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


class _ReadsThatFail:
    """A read-only connection whose quick check meets ``error``, as SQLite does when the disk
    under the file is full, another program holds it, or the system refuses it."""

    def __init__(self, conn: sqlite3.Connection, error: sqlite3.Error):
        self.conn, self.error = conn, error

    def execute(self, sql: str, *args):  # type: ignore[no-untyped-def]
        if "quick_check" in sql:
            raise self.error
        return self.conn.execute(sql, *args)

    def close(self) -> None:
        self.conn.close()


def _inject(monkeypatch: pytest.MonkeyPatch, error: sqlite3.Error) -> None:
    from cchc_desktop.store import backup as backups

    real = backups.connect_read_only
    monkeypatch.setattr(
        backups, "connect_read_only", lambda path: _ReadsThatFail(real(path), error)
    )


def _assert_left_alone(store_path: Path, before: tuple[bytes, int]) -> None:
    assert file_fingerprint(store_path) == before
    assert list(store_path.parent.glob("*-hong-*")) == []


def test_a_full_disk_at_start_is_not_damage(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.store import StoreDiskFullError

    _make_store_with_profile(store_path)
    make_backup(store_path)  # a good backup exists: it must not be offered as a cure
    before = file_fingerprint(store_path)
    _inject(monkeypatch, _disk_full_error())
    with pytest.raises(StoreDiskFullError) as caught:
        open_store(store_path)
    message = caught.value.message
    assert "ổ đĩa chứa tệp đã đầy" in message and "không bị hỏng" in message
    assert "giải phóng chỗ trống" in message and "thử mở lại" in message
    assert "database or disk is full" not in message
    assert not isinstance(caught.value, DamagedStoreError)
    _assert_left_alone(store_path, before)
    monkeypatch.undo()  # space freed: the same file opens, as it was
    with open_store(store_path) as store:
        assert load_profile(store) == PROFILE


def test_an_io_error_on_a_nearly_full_disk_is_a_full_disk(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    from collections import namedtuple

    from cchc_desktop.store import StoreDiskFullError

    _make_store_with_profile(store_path)
    before = file_fingerprint(store_path)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda folder: usage(10**9, 10**9 - 4096, 4096))
    # What SQLite says when the shared-memory file beside the store cannot grow.
    _inject(monkeypatch, _sqlite_error("disk I/O error", sqlite3.SQLITE_IOERR_SHMSIZE))
    with pytest.raises(StoreDiskFullError):
        open_store(store_path)
    _assert_left_alone(store_path, before)


@pytest.mark.parametrize(
    ("text", "code", "kind", "words"),
    [
        ("database is locked", sqlite3.SQLITE_BUSY, "StoreLockedError", "chương trình khác giữ"),
        (
            "attempt to write a readonly database",
            sqlite3.SQLITE_READONLY,
            "StorePermissionError",
            "chỉ cho đọc",
        ),
        (
            "unable to open database file",
            sqlite3.SQLITE_CANTOPEN,
            "StoreIOError",
            "hệ thống không cho mở tệp",
        ),
        ("disk I/O error", sqlite3.SQLITE_IOERR_READ, "StoreIOError", "lỗi đọc ghi ổ đĩa"),
        (
            "no such vfs: something new",
            sqlite3.SQLITE_ERROR,
            "StoreUnavailableError",
            "lỗi chưa gặp",
        ),
    ],
)
def test_other_problems_at_start_are_not_damage(
    store_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    text: str,
    code: int,
    kind: str,
    words: str,
) -> None:
    from cchc_desktop.store import errors

    _make_store_with_profile(store_path)
    make_backup(store_path)
    before = file_fingerprint(store_path)
    _inject(monkeypatch, _sqlite_error(text, code))
    with pytest.raises(errors.StoreError) as caught:
        open_store(store_path)
    assert type(caught.value) is getattr(errors, kind)
    assert not isinstance(caught.value, DamagedStoreError)
    assert words in caught.value.message
    assert "bị hỏng hoặc không đọc được" not in caught.value.message
    assert text not in caught.value.message  # SQLite's English goes to the log only
    assert text in caplog.text
    _assert_left_alone(store_path, before)


def _hold_with_another_program(path: Path, *, wal: bool) -> sqlite3.Connection:
    """Another SQLite program (a database viewer …) holding the file."""
    other = sqlite3.connect(path, isolation_level=None)
    if wal:  # in WAL mode readers pass a plain transaction; an exclusive locking mode not
        other.execute("PRAGMA locking_mode = EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("INSERT INTO store_meta (key, value) VALUES ('khac', 'x')")
        other.execute("COMMIT")
    else:
        other.execute("BEGIN EXCLUSIVE")
    return other


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_a_lock_held_by_another_sqlite_program_is_not_damage(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, wal: bool
) -> None:
    from cchc_desktop.store import StoreLockedError
    from cchc_desktop.store import backup as backups

    monkeypatch.setattr(backups, "READ_BUSY_TIMEOUT_MS", 50)
    _make_store_with_profile(store_path)
    make_backup(store_path)
    if not wal:  # as a store copied from a backup (one file, no -wal) is until opened
        conn = sqlite3.connect(store_path)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
    other = _hold_with_another_program(store_path, wal=wal)
    try:
        before = file_fingerprint(store_path)
        with pytest.raises(StoreLockedError) as caught:
            open_store(store_path)
        assert "đang bị một chương trình khác giữ" in caught.value.message
        assert "không bị hỏng" in caught.value.message
        assert "database is locked" not in caught.value.message
        _assert_left_alone(store_path, before)
    finally:
        other.close()
    with open_store(store_path) as store:  # the other program closed: it opens
        assert load_profile(store) == PROFILE


def test_an_interrupted_write_is_undone_not_taken_for_damage(store_path: Path) -> None:
    import shutil

    _make_store_with_profile(store_path)
    conn = sqlite3.connect(store_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA cache_size = 1")  # the write spills into the file before its commit
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO store_meta (key, value) VALUES (?, ?)",
        [(f"k{i}", "x" * 1000) for i in range(500)],
    )
    cut = store_path.parent / "cut"  # the file and its journal as a power cut leaves them
    cut.mkdir()
    for suffix in ("", "-journal"):
        shutil.copy(f"{store_path}{suffix}", cut / f"cchc.db{suffix}")
    conn.execute("ROLLBACK")
    conn.close()
    with open_store(cut / "cchc.db") as store:
        assert load_profile(store) == PROFILE
        assert store.meta("k0") is None  # the cut-off write was undone
        assert store.integrity_problems() == []


def test_a_full_disk_during_an_upgrade_is_not_an_upgrade_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from cchc_desktop.store import StoreDiskFullError, opening

    path = tmp_path / "cchc.db"
    shutil.copy(STORE_FIXTURES / "v1.db", path)
    real_connect = opening._connect

    def full_disk(target: Path) -> sqlite3.Connection:  # the file may grow no further
        conn = real_connect(target)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(opening, "_connect", full_disk)
    with pytest.raises(StoreDiskFullError) as caught:
        open_store(path)
    message = caught.value.message
    assert "Chưa nâng cấp được cấu trúc dữ liệu" in message and "đã được hoàn tác" in message
    assert "ổ đĩa chứa tệp đã đầy" in message
    assert "database or disk is full" not in message
    monkeypatch.undo()
    with open_store(path) as store:
        assert store.schema_version == LATEST


def test_the_lock_cannot_be_bypassed_through_a_symbolic_link(store_path: Path) -> None:
    _make_store_with_profile(store_path)
    link = store_path.parent / "loi-tat.db"
    try:
        link.symlink_to(store_path)
    except OSError:  # Windows without the right to make links
        pytest.skip("symbolic links are not allowed here")
    with open_store(store_path):
        with pytest.raises(StoreInUseError):
            open_store(link)
    with open_store(link):
        with pytest.raises(StoreInUseError):
            open_store(store_path)


def test_messages_of_failed_writes_hold_no_english(store, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.store import StoreError, StoreWriteError

    with pytest.raises(StoreWriteError) as caught, store.transaction():
        raise _sqlite_error("no more widgets available", sqlite3.SQLITE_ERROR)
    assert "no more widgets" not in caught.value.message
    assert "chưa được lưu" in caught.value.message
    with pytest.raises(StoreError) as refused, store.transaction():
        store.conn.execute("INSERT INTO store_meta (key, value) VALUES ('a', '1')")
        store.conn.execute("INSERT INTO store_meta (key, value) VALUES ('a', '2')")
    assert "trái với quy tắc của tệp dữ liệu" in refused.value.message
    assert "UNIQUE" not in refused.value.message and "UNIQUE" in caplog.text


# --- restoring a damaged store: copy and verify first, then swap -------------------------


def _damaged_store_with_backup(store_path: Path) -> tuple[Path, bytes]:
    _make_store_with_profile(store_path)
    backup = make_backup(store_path)
    _corrupt_pages(store_path)
    Path(f"{store_path}-wal").write_bytes(b"stale write-ahead log of the damaged file")
    return backup, store_path.read_bytes()


def _tiny_disk_for_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files being written (``….dang-ghi``) may grow to 3 pages only: a genuine SQLITE_FULL,
    as on a disk with almost no room left."""
    real_connect = sqlite3.connect

    def connect(target, *args, **kwargs):  # type: ignore[no-untyped-def]
        conn = real_connect(target, *args, **kwargs)
        if str(target).endswith(".dang-ghi"):
            conn.execute("PRAGMA max_page_count = 3")
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)


def test_a_restore_that_cannot_copy_changes_nothing(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.store import BackupError
    from cchc_desktop.store.opening import restore_damaged_store

    backup, damaged = _damaged_store_with_backup(store_path)
    names = sorted(p.name for p in store_path.parent.iterdir())
    _tiny_disk_for_copies(monkeypatch)
    with pytest.raises(BackupError) as caught:
        restore_damaged_store(store_path, backup)
    monkeypatch.undo()
    message = caught.value.message
    assert "ổ đĩa đã đầy" in message and "Tệp hỏng vẫn giữ nguyên tên" in message
    assert "database or disk is full" not in message
    assert store_path.read_bytes() == damaged  # under its own name, not set aside
    assert Path(f"{store_path}-wal").exists()
    assert sorted(p.name for p in store_path.parent.iterdir()) == names  # no copy left
    with pytest.raises(DamagedStoreError):  # the next start says the same, offers the same
        open_store(store_path)
    assert backup.exists()


def test_a_restore_whose_last_rename_fails_puts_everything_back(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.store import BackupError
    from cchc_desktop.store.opening import restore_damaged_store

    backup, damaged = _damaged_store_with_backup(store_path)
    names = sorted(p.name for p in store_path.parent.iterdir())
    real_replace = os.replace

    def replace(src, dst):  # type: ignore[no-untyped-def]
        if Path(src).name.endswith(".khoi-phuc") and Path(dst) == store_path:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(BackupError) as caught:
        restore_damaged_store(store_path, backup)
    monkeypatch.undo()
    assert "ổ đĩa đã đầy" in caught.value.message
    assert store_path.read_bytes() == damaged
    assert sorted(p.name for p in store_path.parent.iterdir()) == names


def test_a_new_store_on_a_full_disk_leaves_no_empty_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.store import StoreDiskFullError, opening

    path = tmp_path / "cchc.db"
    real_connect = opening._connect
    error = _disk_full_error()

    def full_disk(target: Path) -> sqlite3.Connection:
        sqlite3.connect(target).close()  # SQLite makes the empty file, then cannot write
        raise error

    monkeypatch.setattr(opening, "_connect", full_disk)
    with pytest.raises(StoreDiskFullError):
        open_store(path)
    assert not path.exists()  # else the next start would find a 0-byte "damaged" file
    monkeypatch.setattr(opening, "_connect", real_connect)
    with open_store(path) as store:
        assert store.schema_version == LATEST
