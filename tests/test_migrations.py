"""Ordered migrations: discovery, atomic steps, the copy taken before upgrading."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from cchc_desktop.paths import backup_dir_for, migrations_dir
from cchc_desktop.store import MigrationError, open_store
from cchc_desktop.store.backup import integrity_problems, list_backups
from cchc_desktop.store.migrations import discover, latest_version, split_statements
from cchc_desktop.store.profile_repo import load_profile

FIXTURES = Path(__file__).resolve().parent / "data" / "stores"
LATEST = latest_version(discover(migrations_dir()))

V2_OK = """
-- a harmless second version, for the tests only
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TRIGGER notes_tombstone AFTER DELETE ON notes
BEGIN
    INSERT OR REPLACE INTO tombstones (uuid, record_kind, deleted_at)
    VALUES (old.uuid, 'notes', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
"""

V2_FAILS_HALFWAY = """
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
INSERT INTO notes (body) VALUES ('written before the failure');
INSERT INTO table_that_does_not_exist VALUES (1);
"""


def _version_of(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


NEXT = LATEST + 1
NEXT_NAME = f"{NEXT:04d}_notes"


def _v1_store(tmp_path: Path) -> Path:
    target = tmp_path / "data" / "cchc.db"
    target.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "v1.db", target)
    return target


def test_shipped_migrations_are_numbered_without_gaps() -> None:
    files = discover(migrations_dir())
    assert [m.number for m in files] == list(range(1, len(files) + 1))
    assert files[0].name == "0001_foundation"


def test_every_earlier_schema_version_has_a_stored_file() -> None:
    for version in range(1, LATEST):
        assert (FIXTURES / f"v{version}.db").exists(), (
            f"keep a v{version} store in tests/data/stores (make_fixture.py) before adding "
            f"migration {version + 1}"
        )


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("v*.db")), ids=lambda p: p.name)
def test_stored_file_of_each_version_opens_and_upgrades(fixture: Path, tmp_path: Path) -> None:
    target = tmp_path / fixture.name
    shutil.copy(fixture, target)
    old_version = _version_of(target)
    with open_store(target) as store:
        assert store.schema_version == LATEST
        assert store.integrity_problems() == []
        profile = load_profile(store)
        assert profile is not None and profile.commune_name == "An Bình"
    upgrades = [b for b in list_backups(target) if b.reason.startswith("truoc-nang-cap")]
    assert len(upgrades) == (1 if old_version < LATEST else 0)


def test_upgrade_copies_the_file_first_then_migrates(tmp_path: Path, migrations_copy: Path) -> None:
    path = _v1_store(tmp_path)
    (migrations_copy / f"{NEXT_NAME}.sql").write_text(V2_OK, encoding="utf-8")
    with open_store(path, migrations_folder=migrations_copy) as store:
        assert store.schema_version == NEXT
        assert "notes" in _tables(path)
        assert load_profile(store) is not None
    backups = list_backups(path)
    assert len(backups) == 1
    copy = backups[0]
    assert copy.reason == f"truoc-nang-cap-v1-v{NEXT}"
    assert f"phiên bản 1 → {NEXT}" in copy.label
    assert copy.path.parent == backup_dir_for(path)
    assert _version_of(copy.path) == 1
    assert "notes" not in _tables(copy.path)
    assert integrity_problems(copy.path) == []
    # Opening again runs nothing and copies nothing.
    with open_store(path, migrations_folder=migrations_copy) as store:
        assert store.schema_version == NEXT
    assert len(list_backups(path)) == 1


def test_failing_migration_is_rolled_back_whole(tmp_path: Path, migrations_copy: Path) -> None:
    path = _v1_store(tmp_path)
    (migrations_copy / f"{NEXT_NAME}.sql").write_text(V2_FAILS_HALFWAY, encoding="utf-8")
    with pytest.raises(MigrationError) as caught:
        open_store(path, migrations_folder=migrations_copy)
    message = caught.value.message
    assert NEXT_NAME in message
    assert "đã được hoàn tác" in message
    assert f"phiên bản {LATEST}" in message  # the migrations before it stay applied
    assert str(list_backups(path)[0].path) in message
    assert _version_of(path) == LATEST
    assert "notes" not in _tables(path)
    # The file still opens with the program that knows only the shipped versions.
    with open_store(path) as store:
        assert store.schema_version == LATEST
        assert load_profile(store) is not None


def test_no_migration_without_the_copy(tmp_path: Path, migrations_copy: Path) -> None:
    path = _v1_store(tmp_path)
    (migrations_copy / f"{NEXT_NAME}.sql").write_text(V2_OK, encoding="utf-8")
    backup_dir_for(path).write_text("a file where the backup folder should be")
    with pytest.raises(MigrationError) as caught:
        open_store(path, migrations_folder=migrations_copy)
    assert "không tạo được bản sao trước khi nâng cấp" in caught.value.message
    assert _version_of(path) == 1
    assert "notes" not in _tables(path)


def test_split_keeps_trigger_bodies_whole() -> None:
    statements = split_statements(V2_OK)
    assert len(statements) == 2
    assert statements[1].startswith("CREATE TRIGGER")
    assert statements[1].rstrip().endswith("END;")


def test_split_rejects_an_unfinished_statement() -> None:
    with pytest.raises(ValueError):
        split_statements("CREATE TABLE a (x);\nCREATE TABLE b (")


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ({"0001_a.sql": "", "0003_c.sql": ""}, "without gaps"),
        ({"0001_a.sql": "", "2_b.sql": ""}, "NNNN_name.sql"),
        ({"0001_a.sql": "BEGIN;\nCREATE TABLE a (x);\nCOMMIT;"}, "transaction control"),
    ],
)
def test_discover_rejects_bad_migration_folders(
    tmp_path: Path, files: dict[str, str], problem: str
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(ValueError, match=problem):
        discover(tmp_path)
