"""Ordered migrations: discovery, atomic steps, the copy taken before upgrading."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from cchc_desktop import __version__
from cchc_desktop.paths import backup_dir_for, migrations_dir
from cchc_desktop.store import MigrationError, open_store
from cchc_desktop.store.backup import integrity_problems, list_backups
from cchc_desktop.store.identity import rekey_natural_records
from cchc_desktop.store.migrations import discover, latest_version, split_statements
from cchc_desktop.store.profile_repo import load_profile
from tests.support.migration_fingerprints import (
    FIXTURES,
    RECORDED,
    Row,
    columns,
    fingerprint,
    rows,
    sorted_texts,
    summary,
    tables,
    upgraded_copy,
)

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


# Every table's records across an upgrade. What an upgrade changes by design:
# * _sqlite_migrations gains one row per migration run;
# * store_meta's last_opened_by_version becomes this program's version (store/database.py);
# * migration 0008 gives each record with a natural key the uuid every PC computes alike, and
#   every reference follows (store/identity.py): in the stored files, the records of these
#   tables move.
REKEY_VERSION = 8
REKEYED_TABLES = {
    "assessments",
    "commune_profile",
    "criterion_tasks",
    "official_history",
    "score_evidence",
    "scores",
    "task_documents",
    "tasks",
}
FIXTURE_FILES = sorted(FIXTURES.glob("v*.db"), key=lambda p: int(p.stem[1:]))
TableContent = dict[str, tuple[list[str], list[Row]]]


def _content(conn: sqlite3.Connection) -> TableContent:
    return {t: (columns(conn, t), rows(conn, t, columns(conn, t))) for t in tables(conn)}


def _renamed_uuids(before: TableContent, after: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """table → {old uuid: new uuid} of the records whose uuid changed (paired by ``id``)."""
    renamed: dict[str, dict[str, str]] = {}
    for table, (names, old_rows) in before.items():
        if "id" not in names or "uuid" not in names:
            continue
        now = {int(str(i)): str(u) for i, u in rows(after, table, ["id", "uuid"])}
        i, u = names.index("id"), names.index("uuid")
        was = {int(str(r[i])): str(r[u]) for r in old_rows}
        moved = {old: now[id_] for id_, old in was.items() if now.get(id_, old) != old}
        if moved:
            renamed[table] = moved
    return renamed


def _renamed(value: object, to_new: dict[str, str]) -> object:
    return to_new.get(value, value) if isinstance(value, str) else value


def _difference(expected: list[Row], found: list[Row]) -> str:
    old, new = set(sorted_texts(expected)), set(sorted_texts(found))
    return f"lost or changed: {sorted(old - new)[:3]}; new or changed: {sorted(new - old)[:3]}"


def _upgrade_problems(
    before: TableContent, old_version: int, after: sqlite3.Connection
) -> list[str]:
    """Where the upgraded store ``after`` lost or changed a record of ``before``."""
    renamed = _renamed_uuids(before, after)
    problems = []
    if old_version >= REKEY_VERSION and renamed:
        problems.append(f"uuids moved after migration {REKEY_VERSION}: {sorted(renamed)}")
    if not set(renamed) <= REKEYED_TABLES:
        problems.append(f"uuids moved in {sorted(set(renamed) - REKEYED_TABLES)}")
    to_new = {old: new for moved in renamed.values() for old, new in moved.items()}
    present = set(tables(after))
    for table, (names, old_rows) in before.items():
        if table not in present or not set(names) <= set(columns(after, table)):
            problems.append(f"{table}: table or columns gone")
            continue
        expected = [tuple(_renamed(v, to_new) for v in row) for row in old_rows]
        found = rows(after, table, names)
        if table == "_sqlite_migrations":
            # the rows of the migrations this upgrade ran: "0009_name" …
            found = [r for r in found if int(str(r[names.index("name")])[:4]) <= old_version]
        elif table == "store_meta":
            assert ("last_opened_by_version", __version__) in found
            expected = [r for r in expected if r[0] != "last_opened_by_version"]
            found = [r for r in found if r[0] != "last_opened_by_version"]
        if len(found) != len(expected):
            problems.append(f"{table}: {len(expected)} records before, {len(found)} after")
        elif fingerprint(found) != fingerprint(expected):
            problems.append(f"{table}: content changed ({_difference(expected, found)})")
    return problems


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.name)
def test_upgrade_keeps_every_record_of_every_table(fixture: Path, tmp_path: Path) -> None:
    """Each old table keeps its record count and the content of the columns it had."""
    with contextlib.closing(sqlite3.connect(fixture)) as old:
        before = _content(old)
    upgraded = upgraded_copy(fixture, tmp_path)
    with contextlib.closing(sqlite3.connect(upgraded)) as after:
        assert _upgrade_problems(before, _version_of(fixture), after) == []
        with after:  # the moved uuids are the stable ones: moving again moves nothing
            assert rekey_natural_records(after) == 0
        ran = after.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert ran == LATEST


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.name)
def test_upgrade_gives_the_recorded_counts_and_fingerprints(fixture: Path, tmp_path: Path) -> None:
    """Every table after the upgrade, the new ones too, against upgraded.json."""
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    assert fixture.name in recorded, "run tests/data/stores/make_fingerprints.py (see its note)"
    found = summary(upgraded_copy(fixture, tmp_path))
    expected = recorded[fixture.name]
    differing = sorted(t for t in expected.keys() | found.keys() if expected.get(t) != found.get(t))
    assert differing == [], {t: (expected.get(t), found.get(t)) for t in differing}


def test_the_record_check_finds_a_migration_that_loses_or_changes_data(
    tmp_path: Path, migrations_copy: Path
) -> None:
    fixture = FIXTURE_FILES[-1]
    (migrations_copy / f"{NEXT_NAME}.sql").write_text(
        "DELETE FROM score_evidence WHERE id = 1;\n"
        "UPDATE officials SET notes = 'changed' WHERE id = 2;\n"
        "UPDATE assessment_events SET uuid = 'x' || uuid WHERE id = 1;\n",
        encoding="utf-8",
    )
    with contextlib.closing(sqlite3.connect(fixture)) as old:
        before = _content(old)
    target = tmp_path / fixture.name
    shutil.copy(fixture, target)
    open_store(target, migrations_folder=migrations_copy).close()
    with contextlib.closing(sqlite3.connect(target)) as after:
        problems = _upgrade_problems(before, _version_of(fixture), after)
    assert [p.split(":")[0] for p in problems] == [
        "uuids moved in ['assessment_events']",  # not a record 0008 gives a stable uuid
        "change_log",  # the history of the two changes below
        "officials",
        "score_evidence",
        "tombstones",  # the deleted evidence
    ], problems
    assert "content changed" in problems[2]
    assert "43 records before, 42 after" in problems[3]


# The header fields that SQLite's backup rewrites in the copy: the file change counter,
# the schema cookie, "version valid for" and the library version that wrote last.
_COUNTERS = (range(24, 28), range(40, 44), range(92, 100))


def _differing_bytes(a: bytes, b: bytes) -> list[int]:
    skip = {i for block in _COUNTERS for i in block}
    return [i for i in range(len(a)) if i not in skip and a[i] != b[i]]


@pytest.mark.parametrize(
    "fixture", [f for f in FIXTURE_FILES if _version_of(f) < LATEST], ids=lambda p: p.name
)
def test_copy_before_upgrade_is_the_original_file(fixture: Path, tmp_path: Path) -> None:
    upgraded = upgraded_copy(fixture, tmp_path)
    (copy,) = [b.path for b in list_backups(upgraded) if b.reason.startswith("truoc-nang-cap")]
    original, copied = fixture.read_bytes(), copy.read_bytes()
    assert len(copied) == len(original)
    assert _differing_bytes(original, copied) == []  # every page, byte for byte
    with (
        contextlib.closing(sqlite3.connect(fixture)) as a,
        contextlib.closing(sqlite3.connect(copy)) as b,
    ):
        schema = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        assert a.execute(schema).fetchall() == b.execute(schema).fetchall()
        assert _version_of(copy) == _version_of(fixture)
        assert _content(b) == _content(a)
