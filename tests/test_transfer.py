"""Data packages (.cchc): round trip, options, merge rules, conflicts, locked sheets, atomicity."""

from __future__ import annotations

import errno
import gc
import json
import logging
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cchc_desktop.core.criteria import shipped_criteria_sets
from cchc_desktop.demo import fill_demo_store
from cchc_desktop.jobs import JobCancelled
from cchc_desktop.store import Store, open_store
from cchc_desktop.store.documents_repo import store_blob
from cchc_desktop.store.records import new_uuid
from cchc_desktop.store.scoring_repo import (
    assessment_for_year,
    lock_assessment,
    start_assessment,
    unlock_assessment,
)
from cchc_desktop.store.settings_repo import DUE_SOON_DAYS, get_setting, set_setting
from cchc_desktop.store.task_repo import add_tasks, delete_tasks
from cchc_desktop.transfer import PackageError
from cchc_desktop.transfer.kinds import KINDS
from cchc_desktop.transfer.merge import apply_import, create_store_from_package, plan_import
from cchc_desktop.transfer.model import (
    BOTH_CHANGED,
    DELETED_HERE,
    DELETED_THERE,
    KEEP_LOCAL,
    TAKE_INCOMING,
    PackageOptions,
)
from cchc_desktop.transfer.reader import read_manifest, verify_package
from cchc_desktop.transfer.writer import export_package, package_file_name
from tests.task_factory import task
from tests.transfer_helpers import (
    BIG_FILE,
    FILE_BYTES,
    SECRET_NAME,
    TEXT_FILE,
    TODAY,
    Templates,
    content,
    copy_store,
    export,
    fingerprint,
    import_package,
    new_store,
    parse_jsonl,
    read_members,
    read_only,
    rows,
    set_row,
    sha,
    stamp,
    summary,
)


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    return Templates(tmp_path_factory.mktemp("transfer"))


@pytest.fixture
def pair(tmp_path: Path, templates: Templates) -> Iterator[tuple[Store, Store]]:
    """PC A and PC B of the same commune, in step after one package A → B."""
    a = copy_store(templates.a, tmp_path / "a" / "cchc.db")
    b = copy_store(templates.b, tmp_path / "b" / "cchc.db")
    yield a, b
    a.close()
    b.close()


def one(conn: Any, sql: str, *params: Any) -> Any:
    return conn.execute(sql, params).fetchone()[0]


def task_uuid(store: Store, offset: int = 0) -> str:
    """A task of the register that is not a generated report (no natural key)."""
    return one(
        store.conn,
        "SELECT uuid FROM tasks WHERE recurrence_key IS NULL AND uuid NOT IN "
        "(SELECT task_uuid FROM task_documents) ORDER BY content LIMIT 1 OFFSET ?",
        offset,
    )


def task_content(store: Store, uuid: str) -> str | None:
    row = store.conn.execute("SELECT content FROM tasks WHERE uuid = ?", (uuid,)).fetchone()
    return row[0] if row else None


# --- the list of kinds ------------------------------------------------------------------


def test_every_travelling_table_is_a_kind_of_the_packages(store: Store) -> None:
    assert {k.name for k in KINDS} == set(store.travelling_tables())
    assert len(KINDS) == len({k.name for k in KINDS}) == 18


def test_parents_come_before_their_children_in_the_kinds() -> None:
    position = {k.name: i for i, k in enumerate(KINDS)}
    for kind in KINDS:
        for _column, parent in kind.hard_refs:
            assert position[parent] < position[kind.name], (kind.name, parent)


# --- round trip -------------------------------------------------------------------------


def test_round_trip_to_a_fresh_store_gives_equal_content_files_included(
    templates: Templates,
) -> None:
    with read_only(templates.a) as a:
        expected = content(a)
        counts = {k.name: one(a, f'SELECT count(*) FROM "{k.name}"') for k in KINDS}
    manifest = read_manifest(templates.package)
    assert {k: v for k, v in manifest.counts.items() if k in counts} == counts
    assert manifest.counts["files"] == 3
    assert manifest.counts["tombstones"] == len(expected["tombstones"]) >= 1
    assert counts["tasks"] > 20 and counts["officials"] == 14 and counts["assessments"] == 2
    assert counts["document_files"] == 3 and counts["settings"] == 1
    assert manifest.unit_code == "21607" and manifest.unit_name == "xã Vân Canh"
    assert not manifest.demo and not manifest.encrypted and manifest.personal_data

    with read_only(templates.b) as b:
        got = content(b)
        assert one(b, "SELECT value FROM store_meta WHERE key = 'store_kind'") == "user"
    assert got == expected
    assert {s: data for s, (_size, data) in got["file_blobs"].items()} == {
        sha(data): data for data in FILE_BYTES.values()
    }


def test_round_trip_with_a_password(templates: Templates, tmp_path: Path) -> None:
    package = tmp_path / "mat-khau.cchc"
    a = copy_store(templates.a, tmp_path / "a" / "cchc.db")
    try:
        export(a, package, password="Mật khẩu 2026")
        expected = content(a.conn)
    finally:
        a.close()
    raw = package.read_bytes()
    assert SECRET_NAME.encode() not in raw and BIG_FILE[:64] not in raw and TEXT_FILE not in raw
    manifest = read_manifest(package)
    assert manifest.encrypted and manifest.encryption["method"] == "AES-256-GCM"
    fresh = tmp_path / "fresh" / "cchc.db"
    fresh.parent.mkdir()
    create_store_from_package(verify_package(package, "Mật khẩu 2026"), fresh)
    with open_store(fresh) as store:
        assert content(store.conn) == expected


def test_round_trip_through_plan_and_apply_into_an_empty_store(
    templates: Templates, store: Store
) -> None:
    verified = verify_package(templates.package)
    plan = plan_import(store.conn, verified)
    assert plan.conflicts == []
    assert plan.new_files == 3 and plan.new_file_bytes == sum(map(len, FILE_BYTES.values()))
    got = summary(plan)
    assert got["tasks"] == {"new": verified.manifest.counts["tasks"]}
    assert got["scores"] == {"new": verified.manifest.counts["scores"]}
    assert "reform_fields" not in got  # the same seeded rows on every PC
    result = apply_import(store.conn, store.path, plan)
    assert result.new_files == 3
    assert result.backup is not None and result.backup.is_file()
    with read_only(templates.a) as a:
        assert content(store.conn) == content(a)


def test_reimport_is_idempotent(pair: tuple[Store, Store], templates: Templates) -> None:
    _a, b = pair
    before = content(b.conn)
    plan, _result = import_package(b, templates.package)
    assert not plan.has_changes and plan.conflicts == [] and summary(plan) == {}
    assert plan.new_files == 0
    unchanged = {s.kind: s.unchanged for s in plan.summaries}
    assert unchanged["tasks"] == one(b.conn, "SELECT count(*) FROM tasks")
    assert content(b.conn) == before
    plan, _result = import_package(b, templates.package)
    assert not plan.has_changes
    assert content(b.conn) == before


# --- merge rules ------------------------------------------------------------------------


def test_a_change_on_one_side_only_is_taken(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = pair
    edited, removed = task_uuid(a, 0), task_uuid(a, 1)
    set_row(a.conn, "tasks", edited, stamp(1), content="Nội dung đã sửa ở máy A")
    a.conn.execute("DELETE FROM tasks WHERE uuid = ?", (removed,))
    package = export(a, tmp_path / "p1.cchc")
    plan, result = import_package(b, package)
    assert plan.conflicts == []
    assert summary(plan)["tasks"] == {"updated": 1, "deleted": 1}
    assert task_content(b, edited) == "Nội dung đã sửa ở máy A"
    assert task_content(b, removed) is None
    assert one(b.conn, "SELECT updated_at FROM tasks WHERE uuid = ?", edited) == stamp(1)
    assert one(b.conn, "SELECT record_kind FROM tombstones WHERE uuid = ?", removed) == "tasks"
    assert content(b.conn)["tasks"] == content(a.conn)["tasks"]
    assert summary(result) == summary(plan)


def test_a_change_on_this_pc_only_is_kept(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = pair
    edited = task_uuid(b, 0)
    set_row(b.conn, "tasks", edited, stamp(1), content="Máy B đã sửa")
    b.conn.execute("DELETE FROM tasks WHERE uuid = ?", (task_uuid(b, 1),))
    before = content(b.conn)
    package = export(a, tmp_path / "p1.cchc")
    plan, _result = import_package(b, package)
    assert summary(plan) == {} and plan.conflicts == []
    assert content(b.conn) == before


def test_b_changes_go_back_to_a(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = pair
    edited, removed = task_uuid(b, 0), task_uuid(b, 1)
    set_row(b.conn, "tasks", edited, stamp(1), content="Máy B đã sửa")
    b.conn.execute("DELETE FROM tasks WHERE uuid = ?", (removed,))
    plan, _result = import_package(a, export(b, tmp_path / "p-b.cchc"))
    assert summary(plan)["tasks"] == {"updated": 1, "deleted": 1}
    assert plan.conflicts == []
    assert task_content(a, edited) == "Máy B đã sửa" and task_content(a, removed) is None


def test_a_change_on_both_sides_is_a_conflict_kept_here_by_default(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    uuid = task_uuid(a)
    original = task_content(a, uuid)
    set_row(a.conn, "tasks", uuid, stamp(2), content="Máy A sửa", notes="ghi chú A")
    set_row(b.conn, "tasks", uuid, stamp(1), content="Máy B sửa")
    package = export(a, tmp_path / "p1.cchc")
    plan = plan_import(b.conn, verify_package(package))
    assert len(plan.conflicts) == 1
    conflict = plan.conflicts[0]
    assert (conflict.key, conflict.kind, conflict.nature) == (uuid, "tasks", BOTH_CHANGED)
    assert conflict.title == "Máy A sửa"
    assert conflict.description == "Cả hai máy đã sửa"
    assert (conflict.local_updated, conflict.incoming_updated) == (stamp(1), stamp(2))
    shown = {d.column: (d.local, d.incoming) for d in conflict.differences}
    assert shown == {"Nội dung": ("Máy B sửa", "Máy A sửa"), "Ghi chú": ("(trống)", "ghi chú A")}
    assert original not in ("Máy A sửa", "Máy B sửa")
    assert summary(plan) == {"tasks": {"conflicts": 1}}

    apply_import(b.conn, b.path, plan)  # no choice made: this PC's version stays
    assert task_content(b, uuid) == "Máy B sửa"
    # decided once: the same package again raises no conflict
    again = plan_import(b.conn, verify_package(package))
    assert again.conflicts == [] and not again.has_changes
    # and B's version, built on A's, goes back to A without a conflict
    plan_a, _ = import_package(a, export(b, tmp_path / "p-b.cchc"))
    assert plan_a.conflicts == [] and summary(plan_a) == {"tasks": {"updated": 1}}
    assert task_content(a, uuid) == "Máy B sửa"


def test_a_conflict_resolved_for_the_package(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = pair
    uuid = task_uuid(a)
    set_row(a.conn, "tasks", uuid, stamp(1), content="Máy A sửa")
    set_row(b.conn, "tasks", uuid, stamp(2), content="Máy B sửa")  # newer, yet not "winning"
    package = export(a, tmp_path / "p1.cchc")
    plan, result = import_package(b, package, resolutions={uuid: TAKE_INCOMING})
    assert [c.key for c in plan.conflicts] == [uuid]
    assert summary(result) == {"tasks": {"updated": 1, "conflicts": 1}}  # one decided
    assert task_content(b, uuid) == "Máy A sửa"
    assert rows(b.conn, "tasks", "WHERE uuid = ?", uuid) == rows(
        a.conn, "tasks", "WHERE uuid = ?", uuid
    )
    assert not plan_import(b.conn, verify_package(package)).has_changes


def test_an_unknown_resolution_is_refused_and_changes_nothing(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    uuid = task_uuid(a)
    set_row(a.conn, "tasks", uuid, stamp(1), content="Máy A sửa")
    set_row(b.conn, "tasks", uuid, stamp(2), content="Máy B sửa")
    plan = plan_import(b.conn, verify_package(export(a, tmp_path / "p1.cchc")))
    before = fingerprint(b.conn)
    with pytest.raises(ValueError):
        apply_import(b.conn, b.path, plan, {uuid: "ca-hai"})
    assert fingerprint(b.conn) == before


def test_deleted_there_and_changed_here_is_a_conflict(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    uuid = task_uuid(a)
    a.conn.execute("DELETE FROM tasks WHERE uuid = ?", (uuid,))
    set_row(b.conn, "tasks", uuid, stamp(1), content="Máy B vẫn sửa")
    package = export(a, tmp_path / "p1.cchc")
    plan = plan_import(b.conn, verify_package(package))
    assert [(c.key, c.nature, c.description) for c in plan.conflicts] == [
        (uuid, DELETED_THERE, "Máy kia đã xóa, máy này đã sửa")
    ]
    assert plan.conflicts[0].title == "Máy B vẫn sửa"
    apply_import(b.conn, b.path, plan, {uuid: KEEP_LOCAL})
    assert task_content(b, uuid) == "Máy B vẫn sửa"
    assert plan_import(b.conn, verify_package(package)).conflicts == []

    plan = plan_import(b.conn, verify_package(package))
    assert not plan.has_changes


def test_deleted_there_and_changed_here_taken_deletes(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    uuid = task_uuid(a)
    a.conn.execute("DELETE FROM tasks WHERE uuid = ?", (uuid,))
    deleted_at = one(a.conn, "SELECT deleted_at FROM tombstones WHERE uuid = ?", uuid)
    set_row(b.conn, "tasks", uuid, stamp(1), content="Máy B vẫn sửa")
    _plan, result = import_package(b, export(a, tmp_path / "p1.cchc"), None, {uuid: TAKE_INCOMING})
    assert summary(result) == {"tasks": {"deleted": 1, "conflicts": 1}}
    assert task_content(b, uuid) is None
    assert one(b.conn, "SELECT deleted_at FROM tombstones WHERE uuid = ?", uuid) == deleted_at


def test_deleted_here_and_changed_there_is_a_conflict(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    uuid = task_uuid(a)
    set_row(a.conn, "tasks", uuid, stamp(1), content="Máy A sửa tiếp")
    b.conn.execute("DELETE FROM tasks WHERE uuid = ?", (uuid,))
    package = export(a, tmp_path / "p1.cchc")
    plan = plan_import(b.conn, verify_package(package))
    assert [(c.key, c.nature, c.local_updated) for c in plan.conflicts] == [
        (uuid, DELETED_HERE, "")
    ]
    apply_import(b.conn, b.path, plan)  # kept deleted
    assert task_content(b, uuid) is None
    plan, _result = import_package(b, package, None, {uuid: TAKE_INCOMING})
    assert plan.conflicts == []  # decided: staying deleted is this PC's choice
    assert task_content(b, uuid) is None


def test_deleted_here_and_changed_there_restored_when_chosen(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    uuid = task_uuid(a)
    set_row(a.conn, "tasks", uuid, stamp(1), content="Máy A sửa tiếp")
    b.conn.execute("DELETE FROM tasks WHERE uuid = ?", (uuid,))
    _plan, result = import_package(b, export(a, tmp_path / "p1.cchc"), None, {uuid: TAKE_INCOMING})
    assert summary(result) == {"tasks": {"new": 1, "conflicts": 1}}
    assert task_content(b, uuid) == "Máy A sửa tiếp"
    assert b.conn.execute("SELECT 1 FROM tombstones WHERE uuid = ?", (uuid,)).fetchone() is None


def test_a_deletion_here_is_not_undone_by_an_old_copy(
    pair: tuple[Store, Store], templates: Templates
) -> None:
    _a, b = pair
    uuid = task_uuid(b)
    b.conn.execute("DELETE FROM tasks WHERE uuid = ?", (uuid,))
    plan, _ = import_package(b, templates.package)
    assert summary(plan) == {} and task_content(b, uuid) is None


def test_without_a_common_version_the_newer_update_wins(tmp_path: Path) -> None:
    with new_store(tmp_path / "a" / "cchc.db") as a, new_store(tmp_path / "b" / "cchc.db") as b:
        for store, due, header, times in ((a, 14, "A", (2, 3)), (b, 5, "B", (1, 9))):
            set_setting(store, DUE_SOON_DAYS, due)
            set_setting(store, "reports.header", header)
            for key, n in zip((DUE_SOON_DAYS, "reports.header"), times, strict=True):
                store.conn.execute(
                    "UPDATE settings SET updated_at = ? WHERE key = ?", (stamp(n), key)
                )
        plan, _ = import_package(b, export(a, tmp_path / "a.cchc"))
        assert plan.conflicts == []
        assert summary(plan)["settings"] == {"updated": 1}
        assert get_setting(b, DUE_SOON_DAYS) == 14
        assert get_setting(b, "reports.header") == "B"  # newer here
        assert one(b.conn, "SELECT count(*) FROM settings") == 2  # matched by key, not doubled


def test_a_change_after_matching_by_natural_key_is_not_a_conflict(tmp_path: Path) -> None:
    """The same setting saved separately on two PCs, same value: after one exchange, a change
    made on A only reaches B without a conflict."""
    with new_store(tmp_path / "a" / "cchc.db") as a, new_store(tmp_path / "b" / "cchc.db") as b:
        for store, n in ((a, 1), (b, 2)):
            set_setting(store, DUE_SOON_DAYS, 10)
            store.conn.execute("UPDATE settings SET updated_at = ?", (stamp(n),))
        plan, _ = import_package(b, export(a, tmp_path / "a1.cchc"))
        assert summary(plan) == {}
        uuid = one(a.conn, "SELECT uuid FROM settings")
        set_row(a.conn, "settings", uuid, stamp(3), value="21")
        plan, _ = import_package(b, export(a, tmp_path / "a2.cchc"))
        assert plan.conflicts == []
        assert get_setting(b, DUE_SOON_DAYS) == 21


def test_the_same_years_sheet_started_on_two_pcs_is_one_sheet(tmp_path: Path) -> None:
    criteria = shipped_criteria_sets()[0]
    c1, c2, c3 = (node.code for node in list(criteria.leaves())[:3])
    with new_store(tmp_path / "a" / "cchc.db") as a, new_store(tmp_path / "b" / "cchc.db") as b:
        sheets = {}
        for store, n, scores in (
            (a, 5, ((c1, "1", 1), (c2, "2", 3))),
            (b, 4, ((c2, "0.5", 2), (c3, "1", 2))),
        ):
            sheet = start_assessment(store, 2026, criteria)
            sheets[store.path] = sheet.uuid
            store.conn.execute("UPDATE assessments SET updated_at = ?", (stamp(n),))
            for code, value, when in scores:
                store.conn.execute(
                    "INSERT INTO scores (uuid, updated_at, assessment_uuid, code, value) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (new_uuid(), stamp(when), sheet.uuid, code, value),
                )
        b_sheet = sheets[b.path]
        assert b_sheet != sheets[a.path]
        package = export(a, tmp_path / "a.cchc")
        plan, _ = import_package(b, package)
        assert plan.conflicts == []
        got = summary(plan)
        assert got["assessments"] == {"updated": 1}  # A's is newer
        assert got["scores"] == {"new": 1, "updated": 1}
        assert "criteria_sets" not in got  # the shipped set has the same uuid everywhere
        assert [(r["uuid"], r["year"]) for r in rows(b.conn, "assessments")] == [(b_sheet, 2026)]
        assert {(r["assessment_uuid"], r["code"], r["value"]) for r in rows(b.conn, "scores")} == {
            (b_sheet, c1, "1"),
            (b_sheet, c2, "2"),
            (b_sheet, c3, "1"),
        }
        assert not plan_import(b.conn, verify_package(package)).has_changes


def test_a_line_cleared_and_scored_again_keeps_its_score(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    sheet = assessment_for_year(a, 2026)
    assert sheet is not None
    old, code = a.conn.execute(
        "SELECT uuid, code FROM scores WHERE assessment_uuid = ? ORDER BY code LIMIT 1",
        (sheet.uuid,),
    ).fetchone()
    a.conn.execute("DELETE FROM scores WHERE uuid = ?", (old,))
    a.conn.execute(
        "INSERT INTO scores (uuid, updated_at, assessment_uuid, code, value) "
        "VALUES (?, ?, ?, ?, ?)",
        (new_uuid(), stamp(1), sheet.uuid, code, "0.25"),
    )
    import_package(b, export(a, tmp_path / "p1.cchc"))
    assert b.conn.execute(
        "SELECT value FROM scores WHERE assessment_uuid = ? AND code = ?", (sheet.uuid, code)
    ).fetchall() == [("0.25",)]


def test_a_record_kept_against_a_deletion_goes_back_without_a_new_conflict(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    uuid = task_uuid(a)
    a.conn.execute("DELETE FROM tasks WHERE uuid = ?", (uuid,))
    set_row(b.conn, "tasks", uuid, stamp(1), content="Máy B giữ lại")
    plan, _ = import_package(b, export(a, tmp_path / "p1.cchc"), None, {uuid: KEEP_LOCAL})
    assert len(plan.conflicts) == 1
    plan, _ = import_package(a, export(b, tmp_path / "p-b.cchc"))
    assert plan.conflicts == [] and summary(plan) == {"tasks": {"new": 1}}
    assert task_content(a, uuid) == "Máy B giữ lại"
    assert a.conn.execute("SELECT 1 FROM tombstones WHERE uuid = ?", (uuid,)).fetchone() is None


def test_a_package_that_never_arrived_does_not_make_a_conflict(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    uuid = task_uuid(a)
    set_row(a.conn, "tasks", uuid, stamp(1), content="Lần sửa thứ nhất")
    export(a, tmp_path / "sao-luu.cchc")  # e.g. kept as a copy: never imported on B
    set_row(a.conn, "tasks", uuid, stamp(2), content="Lần sửa thứ hai")
    plan, _ = import_package(b, export(a, tmp_path / "p2.cchc"))
    assert plan.conflicts == []
    assert task_content(b, uuid) == "Lần sửa thứ hai"


def test_a_change_in_a_lost_package_and_a_change_there_is_a_conflict(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    uuid = task_uuid(a)
    set_row(a.conn, "tasks", uuid, stamp(1), content="Máy A sửa")
    export(a, tmp_path / "that-lac.cchc")  # lost on the way: B never sees A's change
    set_row(b.conn, "tasks", uuid, stamp(2), content="Máy B sửa")
    plan = plan_import(a.conn, verify_package(export(b, tmp_path / "tu-b.cchc")))
    assert [(c.key, c.nature) for c in plan.conflicts] == [(uuid, BOTH_CHANGED)]
    apply_import(a.conn, a.path, plan)
    assert task_content(a, uuid) == "Máy A sửa"  # never overwritten silently


def test_a_deletion_of_a_record_never_seen_is_kept(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    (added,) = add_tasks(a, [task("Nhiệm vụ chỉ có ở máy A")], TODAY)
    old_package = export(a, tmp_path / "cu.cchc")
    delete_tasks(a, [added.uuid])
    deleted_at = one(a.conn, "SELECT deleted_at FROM tombstones WHERE uuid = ?", added.uuid)
    plan, _ = import_package(b, export(a, tmp_path / "moi.cchc"))
    assert summary(plan) == {"documents": {"new": 1}}  # the task's source document
    assert b.conn.execute(
        "SELECT record_kind, deleted_at FROM tombstones WHERE uuid = ?", (added.uuid,)
    ).fetchall() == [("tasks", deleted_at)]
    # an older package that still holds the task does not bring it back
    plan, _ = import_package(b, old_package)
    assert summary(plan) == {} and task_content(b, added.uuid) is None


# --- locked self-assessments ------------------------------------------------------------


def test_a_locked_self_assessment_is_never_overwritten(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    sheet = assessment_for_year(b, 2026)
    assert sheet is not None
    scored = [
        r[0]
        for r in b.conn.execute(
            "SELECT uuid FROM scores WHERE assessment_uuid = ? ORDER BY code", (sheet.uuid,)
        )
    ]
    edited, removed = scored[0], scored[1]
    set_row(b.conn, "scores", edited, stamp(1), explanation="Máy B giải trình")
    lock_assessment(b, sheet, "Trần Văn Minh")
    kept = {t: rows(b.conn, t) for t in ("assessments", "scores", "score_evidence")}

    set_row(a.conn, "scores", edited, stamp(2), explanation="Máy A giải trình")  # both changed
    a.conn.execute("DELETE FROM scores WHERE uuid = ?", (removed,))
    unscored = next(
        n.code
        for n in shipped_criteria_sets()[0].leaves()
        if n.code not in {r["code"] for r in kept["scores"] if r["assessment_uuid"] == sheet.uuid}
    )
    a.conn.execute(
        "INSERT INTO scores (uuid, updated_at, assessment_uuid, code, value) "
        "VALUES (?, ?, ?, ?, ?)",
        (new_uuid(), stamp(3), sheet.uuid, unscored, "1"),
    )
    evidence = one(
        a.conn, "SELECT uuid FROM score_evidence WHERE assessment_uuid = ? LIMIT 1", sheet.uuid
    )
    a.conn.execute("DELETE FROM score_evidence WHERE uuid = ?", (evidence,))
    set_row(a.conn, "tasks", task_uuid(a), stamp(4), content="Việc khác vẫn nhận")
    package = export(a, tmp_path / "p1.cchc")

    plan, _ = import_package(b, package)
    assert plan.conflicts == []
    assert summary(plan) == {
        "scores": {"kept_locked": 3},
        "score_evidence": {"kept_locked": 1},
        "tasks": {"updated": 1},
    }
    assert any("đã chốt" in note for note in plan.notes)
    assert {t: rows(b.conn, t) for t in kept} == kept

    # unlocked, the same package brings the changes (the both-sides edit is a conflict)
    unlock_assessment(b, assessment_for_year(b, 2026), "Trần Văn Minh", "Bổ sung tài liệu")
    plan = plan_import(b.conn, verify_package(package))
    assert summary(plan)["scores"] == {"new": 1, "deleted": 1, "conflicts": 1}
    assert summary(plan)["score_evidence"] == {"deleted": 1}


def test_a_locked_sheet_is_not_deleted_by_a_tombstone(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    last = assessment_for_year(a, 2025)
    assert last is not None and last.locked
    a.conn.execute("DELETE FROM assessment_events WHERE assessment_uuid = ?", (last.uuid,))
    a.conn.execute("DELETE FROM assessments WHERE uuid = ?", (last.uuid,))
    before = {t: rows(b.conn, t) for t in ("assessments", "scores", "assessment_events")}
    plan, _ = import_package(b, export(a, tmp_path / "p1.cchc"))
    assert summary(plan)["assessments"] == {"kept_locked": 1}
    assert {t: rows(b.conn, t) for t in before} == before


# --- options ----------------------------------------------------------------------------


PERSONAL = ("gender", "birth", "ethnicity")


def test_a_package_without_personal_data(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = pair
    official, history = a.conn.execute(
        "SELECT official_uuid, uuid FROM official_history LIMIT 1"
    ).fetchone()
    set_row(a.conn, "officials", official, stamp(1), notes="Đã học xong đại học", gender="nu")
    data = json.loads(one(a.conn, "SELECT data FROM official_history WHERE uuid = ?", history))
    assert {"gender", "birth"} <= set(data) and data["gender"] == "nu"
    set_row(
        a.conn,
        "official_history",
        history,
        stamp(2),
        data=json.dumps({**data, "notes": "sửa ở máy A", "ethnicity": "Ba Na"}, sort_keys=True),
    )
    b_personal = {r["uuid"]: tuple(r[k] for k in PERSONAL) for r in rows(b.conn, "officials")}
    assert sum(1 for v in b_personal.values() if v[0] is not None) == 14
    b_history = json.loads(one(b.conn, "SELECT data FROM official_history WHERE uuid = ?", history))

    package = export(a, tmp_path / "p.cchc", personal_data=False)
    manifest = read_manifest(package)
    assert not manifest.personal_data
    _manifest, members = read_members(package)
    officials = parse_jsonl(members["data/officials.jsonl"])
    assert len(officials) == 14 and all(not set(PERSONAL) & set(o) for o in officials)
    assert all(o["full_name"] for o in officials)
    for h in parse_jsonl(members["data/official_history.jsonl"]):
        assert not set(PERSONAL) & set(json.loads(h["data"]))

    plan, _ = import_package(b, package)
    assert plan.conflicts == []
    assert summary(plan) == {"officials": {"updated": 1}, "official_history": {"updated": 1}}
    assert any("dữ liệu cá nhân" in note for note in plan.notes)
    after = {r["uuid"]: r for r in rows(b.conn, "officials")}
    assert {u: tuple(r[k] for k in PERSONAL) for u, r in after.items()} == b_personal
    assert after[official]["notes"] == "Đã học xong đại học"
    merged = json.loads(one(b.conn, "SELECT data FROM official_history WHERE uuid = ?", history))
    assert merged["notes"] == "sửa ở máy A"
    assert {k: merged.get(k) for k in PERSONAL} == {k: b_history.get(k) for k in PERSONAL}

    # a new store made from it has the officials, without their personal data
    fresh = tmp_path / "fresh" / "cchc.db"
    fresh.parent.mkdir()
    create_store_from_package(verify_package(package), fresh)
    with open_store(fresh) as store:
        got = rows(store.conn, "officials")
        assert len(got) == 14
        assert {(r["gender"], r["birth"], r["ethnicity"]) for r in got} == {(None, None, "")}


def test_a_package_of_chosen_years(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = pair
    package = export(a, tmp_path / "p.cchc", years=(2025,))
    verified = verify_package(package)
    assert verified.manifest.years == (2025,)
    records = {k: {r["uuid"]: r for r in v} for k, v in verified.records.items()}
    sheet = assessment_for_year(a, 2025)
    assert sheet is not None
    assert list(records["assessments"]) == [sheet.uuid]
    for kind in ("scores", "score_evidence", "assessment_events", "criterion_tasks"):
        expected = {r["uuid"] for r in rows(a.conn, kind) if r["assessment_uuid"] == sheet.uuid}
        assert set(records[kind]) == expected and expected, kind
    remedial = {r["task_uuid"] for r in records["criterion_tasks"].values()}
    all_tasks = rows(a.conn, "tasks")
    expected_tasks = {
        t["uuid"]
        for t in all_tasks
        if any((t[c] or "").startswith("2025") for c in ("assigned_on", "deadline", "completed_on"))
    } | remedial
    assert set(records["tasks"]) == expected_tasks and 0 < len(expected_tasks) < len(all_tasks)
    needed_documents = (
        {t["source_document_uuid"] for t in records["tasks"].values()}
        | {r["document_uuid"] for r in records["task_documents"].values()}
        | {r["document_uuid"] for r in records["score_evidence"].values()}
    ) - {None}
    assert set(records["documents"]) == needed_documents
    assert verified.files == {} and records["document_files"] == {}  # 2026 evidence only
    for kind, count in (("officials", 14), ("settings", 1), ("commune_profile", 1)):
        assert len(records[kind]) == count, kind
    assert (
        package_file_name(
            "xã Vân Canh", PackageOptions(years=(2026, 2025), personal_data=False), TODAY
        )
        == "cchc-xa-van-canh-nam-2025-2026-khong-du-lieu-ca-nhan-2026-11-22.cchc"
    )
    assert package_file_name("xã Vân Canh", PackageOptions(), TODAY) == (
        "cchc-xa-van-canh-toan-bo-2026-11-22.cchc"
    )

    # what the package leaves out is not deleted on B
    before = content(b.conn)
    plan, _ = import_package(b, package)
    assert summary(plan) == {} and content(b.conn) == before
    # and a new store made from it holds every link it needs
    fresh = tmp_path / "fresh" / "cchc.db"
    fresh.parent.mkdir()
    create_store_from_package(verified, fresh)
    with open_store(fresh) as store:
        assert [r["year"] for r in rows(store.conn, "assessments")] == [2025]
        assert one(store.conn, "SELECT count(*) FROM tasks") == len(expected_tasks)


def test_an_empty_choice_of_years_is_refused(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, _b = pair
    with pytest.raises(PackageError, match="ít nhất một năm"):
        export(a, tmp_path / "p.cchc", years=())
    assert list(tmp_path.glob("*.cchc")) == []


def test_a_store_without_a_profile_cannot_be_exported(store: Store, tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="Chưa có thông tin đơn vị"):
        export(store, tmp_path / "p.cchc")
    assert not (tmp_path / "p.cchc").exists()


# --- the exchange history ---------------------------------------------------------------


def test_exports_and_imports_are_recorded(
    pair: tuple[Store, Store], templates: Templates, tmp_path: Path
) -> None:
    a, b = pair
    first = read_manifest(templates.package)
    versions = {r["uuid"]: r["updated_at"] for k in KINDS for r in rows(a.conn, k.name)}
    for store in (a, b):
        state = {r["uuid"]: r["base_updated_at"] for r in rows(store.conn, "sync_state")}
        assert state == versions
    (sent,) = rows(a.conn, "exchanges")
    assert (sent["direction"], sent["package_id"], sent["unit_code"]) == (
        "xuat",
        first.package_id,
        "21607",
    )
    assert json.loads(sent["summary"]) == {"counts": first.counts}
    (received,) = rows(b.conn, "exchanges")
    assert (received["direction"], received["package_id"], received["backup_path"]) == (
        "nhap",
        first.package_id,
        "",
    )

    uuid = task_uuid(a)
    set_row(a.conn, "tasks", uuid, stamp(1), content="Sửa lần hai")
    package = export(a, tmp_path / "p1.cchc")
    manifest = read_manifest(package)
    last = a.conn.execute(
        "SELECT direction, package_id, file_name FROM exchanges ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert last == ("xuat", manifest.package_id, str(package))
    assert (
        one(a.conn, "SELECT base_updated_at FROM sync_state WHERE uuid = ?", uuid)
        == (versions[uuid])
    )  # a package may never arrive: only an import moves the common version

    _plan, result = import_package(b, package)
    last = b.conn.execute(
        "SELECT direction, package_id, summary, backup_path FROM exchanges ORDER BY id DESC"
    ).fetchone()
    assert last[:2] == ("nhap", manifest.package_id)
    assert json.loads(last[2]) == {"tasks": {"new": 0, "updated": 1, "deleted": 0, "conflicts": 0}}
    assert last[3] == str(result.backup) and result.backup is not None and result.backup.is_file()
    assert one(b.conn, "SELECT base_updated_at FROM sync_state WHERE uuid = ?", uuid) == stamp(1)
    assert one(b.conn, "SELECT count(*) FROM exchanges") == 2


def test_a_store_changed_after_the_preview_is_not_imported(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    set_row(a.conn, "tasks", task_uuid(a, 0), stamp(1), content="Máy A sửa")
    plan = plan_import(b.conn, verify_package(export(a, tmp_path / "p1.cchc")))
    set_row(b.conn, "tasks", task_uuid(b, 1), stamp(2), content="Sửa trong lúc xem trước")
    before = fingerprint(b.conn)
    with pytest.raises(PackageError, match="đã thay đổi sau khi xem trước"):
        apply_import(b.conn, b.path, plan)
    assert fingerprint(b.conn) == before


# --- creating a store from a package ----------------------------------------------------


def test_a_new_store_is_not_written_over_an_existing_file(
    templates: Templates, tmp_path: Path
) -> None:
    target = tmp_path / "co-roi.db"
    target.write_bytes(b"du lieu khac")
    with pytest.raises(PackageError, match="đã có"):
        create_store_from_package(verify_package(templates.package), target)
    assert target.read_bytes() == b"du lieu khac"


def test_a_demo_package_makes_a_demo_store(tmp_path: Path) -> None:
    source = tmp_path / "demo" / "cchc.db"
    source.parent.mkdir()
    with open_store(source) as demo:
        fill_demo_store(demo, TODAY)
        package = export(demo, tmp_path / "mau.cchc")
        expected = content(demo.conn)
    assert read_manifest(package).demo
    fresh = tmp_path / "fresh" / "cchc.db"
    fresh.parent.mkdir()
    create_store_from_package(verify_package(package), fresh)
    with open_store(fresh) as store:
        assert store.is_demo
        assert content(store.conn) == expected
    # and a demo pair exchanges: a fresh store marked demo takes it
    other = tmp_path / "other" / "cchc.db"
    with new_store(other, profile=None) as store:
        store.set_meta("store_kind", "demo")
        plan, _ = import_package(store, package)
        assert plan.conflicts == [] and content(store.conn) == expected


# --- writing atomically -----------------------------------------------------------------


class _FailingFile:
    """A file on a USB stick that fails after ``limit`` bytes (``action`` raises)."""

    def __init__(self, handle: Any, limit: int, action: Any):
        self._handle = handle
        self._limit = limit
        self._action = action
        self.written = 0

    def write(self, data: bytes) -> int:
        if self.written + len(data) > self._limit:
            self._action()
        self.written += len(data)
        return self._handle.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._handle.close()


def _usb_fails(monkeypatch: pytest.MonkeyPatch, limit: int, action: Any) -> list[_FailingFile]:
    """Make the next package written fail after ``limit`` bytes.

    The failure is logged with the exception; the log capture of pytest would keep it (and
    through its traceback the writer's generators) alive past the test, so it is silenced.
    """
    monkeypatch.setattr(logging.getLogger("cchc_desktop.exports"), "disabled", True)
    opened: list[_FailingFile] = []

    def fake_open(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = open(path, mode, *args, **kwargs)
        if "w" not in mode:
            return handle
        opened.append(_FailingFile(handle, limit, action))
        return opened[-1]

    monkeypatch.setattr("cchc_desktop.exports.open", fake_open, raising=False)
    return opened


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "ổ đĩa đã đầy"), (errno.EIO, "USB có thể đã bị rút ra")],
)
def test_a_full_or_removed_usb_stick_leaves_no_partial_package(
    pair: tuple[Store, Store],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    words: str,
) -> None:
    a, _b = pair
    usb = tmp_path / "usb"
    usb.mkdir()
    target = usb / "goi.cchc"
    target.write_bytes(b"goi cu")  # an earlier package of that name stays as it was

    def fail() -> None:
        raise OSError(code, "simulated")

    opened = _usb_fails(monkeypatch, 400_000, fail)
    before = fingerprint(a.conn)
    with pytest.raises(PackageError) as caught:
        export_package(a.conn, target)
    message = caught.value.message
    del caught
    gc.collect()  # see test_a_failed_export_leaves_no_blob_open
    assert 0 < opened[0].written <= 400_000  # it failed in the middle of the evidence files
    assert words in message and "goi.cchc" in message
    assert [p.name for p in usb.iterdir()] == ["goi.cchc"]
    assert target.read_bytes() == b"goi cu"
    assert fingerprint(a.conn) == before  # nothing recorded as sent


def test_a_usb_stick_pulled_out_while_writing(
    pair: tuple[Store, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _b = pair
    usb = tmp_path / "usb"
    usb.mkdir()
    _usb_fails(monkeypatch, 100_000, lambda: shutil.rmtree(usb, ignore_errors=True))
    before = fingerprint(a.conn)
    with pytest.raises(PackageError) as caught:
        export_package(a.conn, usb / "goi.cchc")
    message = caught.value.message
    del caught
    gc.collect()  # see test_a_failed_export_leaves_no_blob_open
    assert "không tìm thấy tệp hoặc thư mục" in message
    assert not usb.exists()
    assert fingerprint(a.conn) == before


def test_a_missing_folder_is_named(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, _b = pair
    with pytest.raises(PackageError) as caught:
        export_package(a.conn, tmp_path / "usb-da-rut" / "goi.cchc")
    assert "Không tìm thấy thư mục" in caught.value.message
    assert "USB còn cắm" in caught.value.message
    assert not (tmp_path / "usb-da-rut").exists()


def test_a_cancelled_export_leaves_nothing(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, _b = pair
    usb = tmp_path / "usb"
    usb.mkdir()
    before = fingerprint(a.conn)
    with pytest.raises(JobCancelled):
        export_package(a.conn, usb / "goi.cchc", cancelled=lambda: True)
    assert list(usb.iterdir()) == []
    assert fingerprint(a.conn) == before


def test_a_failed_export_leaves_no_blob_open(
    templates: Templates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(u.exc_value))
    a = copy_store(templates.a, tmp_path / "a" / "cchc.db")

    def fail() -> None:
        raise OSError(errno.ENOSPC, "simulated")

    _usb_fails(monkeypatch, 400_000, fail)
    kept: list[PackageError] = []
    try:
        export_package(a.conn, tmp_path / "goi.cchc")
    except PackageError as exc:
        kept.append(exc)  # as a background job keeps its error for the window to show
    a.close()  # the officer opens another store
    kept.clear()
    gc.collect()
    assert seen == []


# --- details ----------------------------------------------------------------------------


def test_unusual_text_travels_unchanged(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = pair
    uuid = task_uuid(a)
    text = 'Dòng 1\r\nDòng 2\u2028dòng 3\ttab "ngoặc" \\ 🚀 \x00 Ðđ Ư ư 𝔸'
    set_row(a.conn, "tasks", uuid, stamp(1), content=text, notes='{"json": [1, 2]}\n')
    import_package(b, export(a, tmp_path / "p1.cchc", password="ổ đĩa"), "ổ đĩa")
    assert rows(b.conn, "tasks", "WHERE uuid = ?", uuid) == rows(
        a.conn, "tasks", "WHERE uuid = ?", uuid
    )
    assert task_content(b, uuid) == text


def test_a_conflict_on_a_setting_is_labelled_as_a_setting(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    uuid = one(a.conn, "SELECT uuid FROM settings")
    set_row(a.conn, "settings", uuid, stamp(1), value="12")
    set_row(b.conn, "settings", uuid, stamp(2), value="3")
    plan = plan_import(b.conn, verify_package(export(a, tmp_path / "p1.cchc")))
    (conflict,) = plan.conflicts
    assert [d.column for d in conflict.differences] == ["Giá trị"]


@pytest.mark.parametrize("choice", [KEEP_LOCAL, TAKE_INCOMING])
def test_a_deletion_still_needed_here_stays_undone(
    pair: tuple[Store, Store], tmp_path: Path, choice: str
) -> None:
    a, b = pair
    # a task citing a document that nothing else uses
    uuid, document = a.conn.execute(
        "SELECT uuid, source_document_uuid FROM tasks t WHERE source_document_uuid IS NOT NULL "
        "AND (SELECT count(*) FROM tasks u WHERE u.source_document_uuid = t.source_document_uuid)"
        " = 1 AND source_document_uuid NOT IN (SELECT document_uuid FROM task_documents) AND "
        "source_document_uuid NOT IN (SELECT document_uuid FROM score_evidence) AND uuid NOT IN "
        "(SELECT task_uuid FROM task_documents) LIMIT 1"
    ).fetchone()
    a.conn.execute("DELETE FROM tasks WHERE uuid = ?", (uuid,))
    a.conn.execute("DELETE FROM documents WHERE uuid = ?", (document,))
    set_row(b.conn, "tasks", uuid, stamp(1), notes="Máy B vẫn theo dõi")
    package = export(a, tmp_path / "p1.cchc")
    plan = plan_import(b.conn, verify_package(package))
    assert [c.key for c in plan.conflicts] == [uuid]
    assert summary(plan) == {"tasks": {"conflicts": 1}}  # the document is not deleted
    assert any("được giữ lại" in note for note in plan.notes)
    result = apply_import(b.conn, b.path, plan, {uuid: choice})
    if choice == KEEP_LOCAL:  # B's task stays, and so does the document it cites
        assert summary(result) == {"tasks": {"conflicts": 1}}
        assert task_content(b, uuid) is not None
        assert one(b.conn, "SELECT count(*) FROM documents WHERE uuid = ?", document) == 1
    else:
        assert summary(result) == {
            "tasks": {"deleted": 1, "conflicts": 1},
            "documents": {"deleted": 1},
        }
        assert task_content(b, uuid) is None
        assert one(b.conn, "SELECT count(*) FROM documents WHERE uuid = ?", document) == 0


def _a_file_for_a_document_deleted_here(a: Store, b: Store, tmp_path: Path) -> Path:
    """B deletes the 2026 evidence document with its files; A adds a file to it."""
    document = one(b.conn, "SELECT document_uuid FROM document_files LIMIT 1")
    b.conn.execute("DELETE FROM score_evidence WHERE document_uuid = ?", (document,))
    b.conn.execute("DELETE FROM documents WHERE uuid = ?", (document,))
    extra = tmp_path / "them.txt"
    extra.write_bytes(b"tep them o may A")
    with a.transaction():
        digest, size = store_blob(a, extra)
        a.conn.execute(
            "INSERT INTO document_files (uuid, updated_at, document_uuid, file_name, sha256, "
            "size, added_at) VALUES (?, ?, ?, 'them.txt', ?, ?, ?)",
            (new_uuid(), stamp(1), document, digest, size, stamp(1)),
        )
    return export(a, tmp_path / "p1.cchc")


def test_a_record_whose_parent_was_deleted_here_is_not_written(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    package = _a_file_for_a_document_deleted_here(a, b, tmp_path)
    before = content(b.conn)
    plan, result = import_package(b, package)
    assert plan.conflicts == [] and summary(result) == {} and result.new_files == 0
    assert any("không nhập vì bản ghi liên quan" in note for note in plan.notes)
    after = content(b.conn)
    assert {k: v for k, v in after.items() if k != "file_blobs"} == {
        k: v for k, v in before.items() if k != "file_blobs"
    }


def test_a_record_not_written_brings_no_file(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = pair
    package = _a_file_for_a_document_deleted_here(a, b, tmp_path)
    blobs = content(b.conn)["file_blobs"]
    plan, _result = import_package(b, package)
    assert plan.new_files == 0
    assert content(b.conn)["file_blobs"] == blobs
