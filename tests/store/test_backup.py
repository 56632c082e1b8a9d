"""Backups: verified copies under a temporary name, listed newest first."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from cchc_desktop.jobs import JobCancelled
from cchc_desktop.paths import backup_dir_for
from cchc_desktop.store import BackupError, open_store
from cchc_desktop.store.backup import (
    AUTOMATIC_REASONS,
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_RECENT,
    KEEP_WEEKLY,
    REASON_AUTO,
    REASON_BEFORE_IMPORT,
    REASON_BEFORE_RESTORE,
    REASON_CLOSE,
    REASON_MANUAL,
    backup_name,
    copy_database,
    integrity_problems,
    is_automatic,
    list_backups,
    make_backup,
    newest_good_backup,
    reason_label,
    rotate_backups,
)
from cchc_desktop.store.profile_repo import load_profile, save_profile
from tests.support.profile import PROFILE


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_backup_is_a_verified_single_file_copy(store) -> None:  # type: ignore[no-untyped-def]
    save_profile(store, PROFILE, date.today())
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
    save_profile(store, PROFILE, date.today())
    with store.transaction():
        store.conn.execute("INSERT INTO store_meta (key, value) VALUES ('pending', 'x')")
        target = make_backup(store.path)  # another connection, while a write is open
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM commune_profile").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM store_meta WHERE key='pending'").fetchone()[0] == 0
    conn.close()


def test_cancelled_backup_leaves_nothing(store) -> None:  # type: ignore[no-untyped-def]
    save_profile(store, PROFILE, date.today())
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


# --- reasons and rotation -------------------------------------------------------------------


def test_labels_of_the_automatic_reasons() -> None:
    assert reason_label(REASON_AUTO) == "Tự động (có thay đổi)"
    assert reason_label(REASON_CLOSE) == "Khi đóng chương trình"
    assert reason_label(REASON_BEFORE_IMPORT) == "Trước khi nhập gói dữ liệu"
    assert reason_label(REASON_BEFORE_RESTORE + "-2") == "Trước khi khôi phục"
    assert all(is_automatic(r) for r in (*AUTOMATIC_REASONS, "truoc-nang-cap-v3-v4"))
    assert not is_automatic(REASON_MANUAL) and not is_automatic("thu-cong-2")
    assert not is_automatic("la-lung")


NOW = datetime(2026, 11, 20, 15, 30)
AUTO_KINDS = [REASON_AUTO, REASON_CLOSE, REASON_BEFORE_IMPORT, REASON_BEFORE_RESTORE]


def _synthetic(folder: Path, store_path: Path, reason: str, when: datetime) -> Path:
    path = folder / backup_name(store_path, reason, when)
    path.write_bytes(b"not a database")  # rotation reads names; only the newest good is opened
    return path


def _history(store_path: Path) -> tuple[list[Path], list[Path]]:
    """About 400 days of backups: automatic ones every 5 hours, a manual one every 9 days."""
    folder = backup_dir_for(store_path)
    folder.mkdir(parents=True)
    automatic, manual = [], []
    start = NOW - timedelta(days=400)
    step = 0
    when = start
    while when <= NOW:
        automatic.append(_synthetic(folder, store_path, AUTO_KINDS[step % 4], when))
        step += 1
        when += timedelta(hours=5)
    for day in range(0, 400, 9):
        manual.append(_synthetic(folder, store_path, REASON_MANUAL, start + timedelta(days=day)))
    automatic.append(_synthetic(folder, store_path, "truoc-nang-cap-v3-v4", start))
    return automatic, manual


def _expected_kept(automatic: list[Path]) -> set[Path]:
    """The policy stated again, by hand, from the file names."""
    stamped = sorted(
        ((datetime.strptime(p.name[5:20], "%Y%m%d-%H%M%S"), p) for p in automatic),
        reverse=True,
    )
    kept = {p for _, p in stamped[:KEEP_RECENT]}
    periods = [
        ({(NOW.date() - timedelta(days=d)) for d in range(7)}, lambda w: w.date()),
        (
            {(NOW.date() - timedelta(weeks=w)).isocalendar()[:2] for w in range(5)},
            lambda w: w.isocalendar()[:2],
        ),
        (
            {(2026, m) for m in range(1, 12)} | {(2025, 12)},
            lambda w: (w.year, w.month),
        ),
    ]
    for wanted, key in periods:
        seen = set()
        for when, path in stamped:
            if key(when) in wanted and key(when) not in seen:
                seen.add(key(when))
                kept.add(path)
    return kept


def test_rotation_keeps_recent_daily_weekly_monthly_and_every_manual_backup(store_path) -> None:  # type: ignore[no-untyped-def]
    store_path.parent.mkdir(parents=True)
    automatic, manual = _history(store_path)
    folder = backup_dir_for(store_path)
    other = folder / backup_name(folder / "khac.db", REASON_AUTO, NOW - timedelta(days=300))
    other.write_bytes(b"x")
    unknown = folder / backup_name(store_path, "la-lung", NOW - timedelta(days=300))
    unknown.write_bytes(b"x")
    notes = folder / "ghi-chu.txt"
    notes.write_text("x")
    assert len(automatic) > 1900

    removed = rotate_backups(store_path, now=NOW)

    left = set(folder.iterdir())
    expected = _expected_kept(automatic)
    assert {p for p in automatic if p in left} == expected
    assert set(removed) == set(automatic) - expected
    assert len(expected) <= KEEP_RECENT + KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY
    assert len(expected) > 20
    assert set(manual) <= left  # a manual backup is never removed
    assert {other, unknown, notes} <= left  # nor a file it did not name
    # every one of the last 7 days, 5 weeks and 12 months still has a backup
    days = {datetime.strptime(p.name[5:13], "%Y%m%d").date() for p in expected}
    assert all(NOW.date() - timedelta(days=d) in days for d in range(7))
    assert {(d.year, d.month) for d in days} >= {(2026, m) for m in range(1, 12)} | {(2025, 12)}
    assert rotate_backups(store_path, now=NOW) == []  # a second run finds nothing to do


def test_rotation_keeps_the_newest_good_backup_even_when_it_is_old(store) -> None:  # type: ignore[no-untyped-def]
    folder = backup_dir_for(store.path)
    folder.mkdir()
    yesterday = datetime.combine(NOW.date() - timedelta(days=1), datetime.min.time())
    good = folder / backup_name(store.path, REASON_AUTO, yesterday + timedelta(hours=8))
    copy_database(store.conn, good)
    bad = [
        _synthetic(folder, store.path, REASON_AUTO, yesterday + timedelta(hours=9, minutes=m))
        for m in range(12)
    ]
    removed = rotate_backups(store.path, now=NOW)
    assert good.exists()  # neither among the 10 newest nor the newest of its day, but good
    assert len(removed) == 2 and set(removed) <= set(bad)


def test_rotation_skips_a_file_it_cannot_remove(store_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store_path.parent.mkdir(parents=True)
    folder = backup_dir_for(store_path)
    folder.mkdir()
    paths = [
        _synthetic(folder, store_path, REASON_AUTO, NOW - timedelta(minutes=10 * i))
        for i in range(14)
    ]
    stuck = paths[-1]
    real_unlink = Path.unlink

    def unlink(self, missing_ok=False):  # type: ignore[no-untyped-def]
        if self == stuck:
            raise PermissionError(13, "in use")
        return real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    removed = rotate_backups(store_path, now=NOW)
    assert stuck.exists() and stuck not in removed
    assert set(removed) == set(paths[KEEP_RECENT:-1])


def test_automatic_backups_are_listed_with_their_label(store) -> None:  # type: ignore[no-untyped-def]
    make_backup(store.path, REASON_CLOSE)
    [info] = list_backups(store.path)
    assert info.label == "Khi đóng chương trình"
    assert rotate_backups(store.path) == []
