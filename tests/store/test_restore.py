"""Restoring from a backup: a preview, refusals that change nothing, a round trip."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from cchc_desktop.demo import fill_demo_store
from cchc_desktop.jobs import JobCancelled
from cchc_desktop.paths import backup_dir_for
from cchc_desktop.store import BackupError, StoreInUseError, open_store
from cchc_desktop.store import backup as backups
from cchc_desktop.store import restore as restore_module
from cchc_desktop.store.backup import REASON_MANUAL, list_backups, make_backup
from cchc_desktop.store.profile_repo import load_profile, save_profile
from cchc_desktop.store.restore import (
    BLOBS_LABEL,
    RECORD_LABELS,
    restore_from_file,
    restore_preview,
)
from tests.support.files import file_fingerprint
from tests.support.paths import STORE_FIXTURES
from tests.support.profile import PROFILE

TODAY = date(2026, 11, 20)


def _content(path: Path) -> dict[str, list[tuple]]:
    """Every travelling table's rows sorted by uuid, and the file contents by hash."""
    conn = backups.connect_read_only(path)
    try:
        tables = restore_module._tables(conn)
        rows = {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY uuid').fetchall() for t in tables}
        rows["file_blobs"] = conn.execute("SELECT * FROM file_blobs ORDER BY sha256").fetchall()
    finally:
        conn.close()
    return rows


def _add_blob(store, data: bytes) -> None:  # type: ignore[no-untyped-def]
    with store.transaction():
        store.conn.execute(
            "INSERT INTO file_blobs (sha256, size, data) VALUES (?, ?, ?)",
            (hashlib.sha256(data).hexdigest(), len(data), data),
        )


def _change(store) -> None:  # type: ignore[no-untyped-def]
    with store.transaction():
        store.conn.execute(
            "UPDATE tasks SET content = 'Đã sửa sau khi sao lưu', "
            "updated_at = '2099-01-01T00:00:00.000Z' WHERE id IN (SELECT id FROM tasks LIMIT 3)"
        )
        store.conn.execute("DELETE FROM criterion_tasks")
    _add_blob(store, b"added after the backup")


@pytest.fixture
def demo_store(store_path: Path):  # type: ignore[no-untyped-def]
    store_path.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(store_path)
    fill_demo_store(store, TODAY)
    _add_blob(store, "Biên bản kiểm tra.pdf".encode() * 100)
    return store


def test_every_travelling_table_has_a_label(store) -> None:  # type: ignore[no-untyped-def]
    assert set(store.travelling_tables()) <= set(RECORD_LABELS)


def test_round_trip_gives_back_exactly_the_backup(demo_store, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    backup = make_backup(store_path, REASON_MANUAL)
    expected = _content(backup)
    _change(demo_store)
    changed = _content(store_path)
    assert changed != expected
    demo_store.close()

    seen: list[str] = []
    safety = restore_from_file(store_path, backup, progress=lambda d, t, s: seen.append(s))

    assert safety.parent == backup_dir_for(store_path)
    assert safety.name.endswith("-truoc-khoi-phuc.db")
    assert _content(safety) == changed  # the data as it was before is kept
    assert "Đang sao lưu dữ liệu hiện tại…" in seen
    leftovers = [p.name for p in store_path.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []
    with open_store(store_path) as reopened:
        assert _content(reopened.path) == expected
        assert reopened.integrity_problems() == []


def test_preview_counts_commune_and_warnings(demo_store, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    backup = make_backup(store_path, REASON_MANUAL)
    _change(demo_store)
    preview = restore_preview(store_path, backup)
    counts = {c.table: c for c in preview.counts}
    assert set(demo_store.travelling_tables()) <= set(counts)
    assert counts["tasks"].label == "Nhiệm vụ CCHC"
    assert counts["tasks"].current == counts["tasks"].source == 27
    assert counts["criterion_tasks"].current == 0 and counts["criterion_tasks"].source == 1
    assert counts["file_blobs"].label == BLOBS_LABEL
    assert (counts["file_blobs"].current, counts["file_blobs"].source) == (2, 1)
    profile = load_profile(demo_store)
    assert preview.commune_code == profile.commune_code
    assert profile.commune_name in preview.commune_text
    assert preview.size == backup.stat().st_size
    assert preview.schema_version == demo_store.schema_version
    assert preview.newest_change is not None and preview.current_newest_change is not None
    assert preview.newest_change < preview.current_newest_change
    assert len(preview.warnings) == 1
    assert preview.warnings[0].startswith("Bản sao lưu cũ hơn dữ liệu hiện tại: ")
    demo_store.close()


def test_preview_warns_about_another_commune(demo_store, store_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other_path = tmp_path / "khac" / "xa-khac.db"
    other_path.parent.mkdir()
    with open_store(other_path) as other:
        save_profile(other, PROFILE, date.today())
    preview = restore_preview(store_path, other_path)
    assert any(w.startswith("Bản sao lưu là của đơn vị khác: ") for w in preview.warnings)
    assert preview.commune_code == PROFILE.commune_code
    demo_store.close()


def _not_sqlite(folder: Path) -> Path:
    path = folder / "ghi-chu.db"
    path.write_text("Đây không phải cơ sở dữ liệu" * 100)
    return path


def _foreign(folder: Path) -> Path:
    path = folder / "khac.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    return path


def _newer(folder: Path, backup: Path) -> Path:
    path = folder / "moi-hon.db"
    shutil.copy(backup, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    return path


def _damaged(folder: Path, backup: Path) -> Path:
    path = folder / "hong.db"
    data = bytearray(backup.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for number in range(2, len(data) // page):
        data[number * page + 8 : number * page + 200] = b"\xff" * 192
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda folder, backup: _not_sqlite(folder), "bị hỏng hoặc không phải"),
        (lambda folder, backup: _foreign(folder), "không phải bản sao lưu của CCHC Desktop"),
        (_newer, "phiên bản CCHC Desktop mới hơn"),
        (_damaged, "bị hỏng"),
        (lambda folder, backup: folder / "khong-co.db", "Không tìm thấy tệp"),
    ],
    ids=["not-sqlite", "foreign", "newer", "damaged", "missing"],
)
def test_refused_sources_change_nothing(
    demo_store, store_path: Path, tmp_path: Path, make, words
) -> None:  # type: ignore[no-untyped-def]
    backup = make_backup(store_path, REASON_MANUAL)
    folder = tmp_path / "usb"
    folder.mkdir()
    source = make(folder, backup)
    with pytest.raises(BackupError) as caught:
        restore_preview(store_path, source)
    assert words in caught.value.message
    demo_store.close()
    before = file_fingerprint(store_path)
    listed = list_backups(store_path)
    with pytest.raises(BackupError) as caught:
        restore_from_file(store_path, source)
    assert words in caught.value.message
    assert file_fingerprint(store_path) == before
    assert list_backups(store_path) == listed  # not even a safety backup


def test_the_store_itself_is_refused(demo_store, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BackupError) as caught:
        restore_preview(store_path, store_path)
    assert "chính là tệp dữ liệu đang dùng" in caught.value.message
    demo_store.close()


def test_an_open_store_is_not_replaced(demo_store, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    backup = make_backup(store_path, REASON_MANUAL)
    _change(demo_store)
    before = _content(store_path)
    with pytest.raises(StoreInUseError):
        restore_from_file(store_path, backup)
    assert _content(store_path) == before
    demo_store.close()


def test_failing_copy_leaves_the_store_intact(demo_store, store_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    backup = make_backup(store_path, REASON_MANUAL)
    _change(demo_store)
    demo_store.close()
    before = file_fingerprint(store_path)
    real_copy = backups.copy_database

    def copy(source, target, **kwargs):  # type: ignore[no-untyped-def]
        if ".khoi-phuc" in Path(target).name:
            raise BackupError(f"Không ghi được bản sao lưu vào {Path(target).parent} (đầy).")
        return real_copy(source, target, **kwargs)

    monkeypatch.setattr(backups, "copy_database", copy)
    with pytest.raises(BackupError) as caught:
        restore_from_file(store_path, backup)
    assert "Dữ liệu hiện tại vẫn giữ nguyên" in caught.value.message
    assert file_fingerprint(store_path) == before


def test_failing_safety_backup_changes_nothing(demo_store, store_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    backup = make_backup(store_path, REASON_MANUAL)
    demo_store.close()
    before = file_fingerprint(store_path)

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise BackupError("Không tạo được thư mục sao lưu X (ổ đĩa đã đầy).")

    monkeypatch.setattr(backups, "make_backup", refuse)
    with pytest.raises(BackupError) as caught:
        restore_from_file(store_path, backup)
    assert caught.value.message.startswith("Chưa khôi phục vì không sao lưu được")
    assert file_fingerprint(store_path) == before


def test_cancelling_changes_nothing(demo_store, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    backup = make_backup(store_path, REASON_MANUAL)
    demo_store.close()
    before = file_fingerprint(store_path)
    with pytest.raises(JobCancelled):
        restore_from_file(store_path, backup, cancelled=lambda: True)
    assert file_fingerprint(store_path) == before


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


def test_the_old_wal_is_never_replayed_onto_the_restored_copy(
    store_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store_path.parent.mkdir(parents=True)
    with open_store(store_path) as store:
        fill_demo_store(store, TODAY)
    backup = make_backup(store_path, REASON_MANUAL)
    expected = _content(backup)
    crashed = _crashed_copy(store_path, tmp_path / "may-bi-tat")
    assert Path(f"{crashed}-wal").stat().st_size > 0

    safety = restore_from_file(crashed, backup)

    with open_store(safety) as before:  # the WAL's data went into the safety backup
        assert load_profile(before) == PROFILE
    assert not Path(f"{crashed}-wal").exists()
    assert [p.name for p in crashed.parent.iterdir() if p.name.startswith(".")] == []
    with open_store(crashed) as reopened:
        assert _content(reopened.path) == expected
        assert load_profile(reopened).commune_name != PROFILE.commune_name


def test_a_failed_swap_puts_the_wal_back(store_path: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store_path.parent.mkdir(parents=True)
    with open_store(store_path) as store:
        fill_demo_store(store, TODAY)
    backup = make_backup(store_path, REASON_MANUAL)
    crashed = _crashed_copy(store_path, tmp_path / "may-bi-tat")
    # (the -shm is SQLite's shared index, which readers update: not compared)
    before = {s: file_fingerprint(Path(f"{crashed}{s}"))[0] for s in ("", "-wal")}
    real_replace = restore_module.os.replace

    def replace(src, dst):  # type: ignore[no-untyped-def]
        if Path(dst) == crashed:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(restore_module.os, "replace", replace)
    with pytest.raises(BackupError) as caught:
        restore_from_file(crashed, backup)
    assert "ổ đĩa đã đầy" in caught.value.message
    monkeypatch.undo()
    after = {s: file_fingerprint(Path(f"{crashed}{s}"))[0] for s in ("", "-wal")}
    assert Path(f"{crashed}-shm").exists()
    assert after == before
    with open_store(crashed) as reopened:
        assert load_profile(reopened) == PROFILE


def test_an_older_schema_is_restored_and_upgraded(store_path: Path) -> None:  # type: ignore[no-untyped-def]
    fixtures = STORE_FIXTURES
    oldest = sorted(fixtures.glob("v*.db"), key=lambda p: int(p.stem[1:]))[0]
    store_path.parent.mkdir(parents=True)
    with open_store(store_path) as store:
        latest = store.schema_version
    source = store_path.parent / "cu.db"
    shutil.copy(oldest, source)
    preview = restore_preview(store_path, source)
    assert preview.schema_version < latest
    assert any("sẽ tự nâng cấp" in w for w in preview.warnings)
    restore_from_file(store_path, source)
    with open_store(store_path) as reopened:
        assert reopened.schema_version == latest


def test_a_full_disk_during_the_copy_changes_nothing_and_says_so(
    store_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.store.test_store_open import _tiny_disk_for_copies

    store_path.parent.mkdir(parents=True)
    with open_store(store_path) as store:
        fill_demo_store(store, TODAY)
    backup = make_backup(store_path, REASON_MANUAL)
    before = file_fingerprint(store_path)
    names = sorted(p.name for p in store_path.parent.rglob("*"))
    _tiny_disk_for_copies(monkeypatch)
    with pytest.raises(BackupError) as caught:
        restore_from_file(store_path, backup)
    monkeypatch.undo()
    assert "ổ đĩa đã đầy" in caught.value.message
    assert "database or disk is full" not in caught.value.message
    assert file_fingerprint(store_path) == before
    assert sorted(p.name for p in store_path.parent.rglob("*")) == names


def test_a_failure_after_the_copy_leaves_no_copy_behind(demo_store, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    backup = make_backup(store_path, REASON_MANUAL)
    demo_store.close()
    before = file_fingerprint(store_path)

    def progress(done: int, total: int, text: str) -> None:
        if text == "Đang thay tệp dữ liệu…":
            raise RuntimeError("the window went away")

    with pytest.raises(RuntimeError):
        restore_from_file(store_path, backup, progress=progress)
    assert file_fingerprint(store_path) == before
    assert [p.name for p in store_path.parent.iterdir() if p.name.startswith(".")] == []


def test_a_source_locked_by_another_program_is_not_called_damaged(
    demo_store, store_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(backups, "READ_BUSY_TIMEOUT_MS", 50)
    backup = make_backup(store_path, REASON_MANUAL)  # one file, rollback journal
    other = sqlite3.connect(backup, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(BackupError) as caught:
            restore_preview(store_path, backup)
    finally:
        other.close()
    assert "chương trình khác giữ" in caught.value.message
    assert "hỏng" not in caught.value.message
    assert "database is locked" not in caught.value.message
    assert restore_preview(store_path, backup).source == backup
