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

from cchc_desktop.demo import fill_demo_store
from cchc_desktop.jobs import JobCancelled
from cchc_desktop.store import Store, open_store
from cchc_desktop.store.documents_repo import store_blob
from cchc_desktop.store.kinds import KINDS
from cchc_desktop.store.records import new_uuid
from cchc_desktop.store.scoring_repo import (
    assessment_for_year,
)
from cchc_desktop.store.task_repo import add_tasks, delete_tasks
from cchc_desktop.transfer import PackageError
from cchc_desktop.transfer.merge import apply_import, create_store_from_package, plan_import
from cchc_desktop.transfer.model import (
    DELETED_THERE,
    KEEP_LOCAL,
    PackageOptions,
)
from cchc_desktop.transfer.reader import read_manifest, verify_package
from cchc_desktop.transfer.writer import export_package, package_file_name
from tests.support.task_factory import task
from tests.support.transfer_helpers import (
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


def test_a_deletion_here_is_not_undone_by_an_old_copy(
    pair: tuple[Store, Store], templates: Templates
) -> None:
    _a, b = pair
    uuid = task_uuid(b)
    b.conn.execute("DELETE FROM tasks WHERE uuid = ?", (uuid,))
    plan, _ = import_package(b, templates.package)
    assert summary(plan) == {} and task_content(b, uuid) is None


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
    peers = {r["node"] for r in rows(b.conn, "sync_peers")}
    assert peers == {one(a.conn, "SELECT value FROM store_meta WHERE key = 'store_id'")}
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

    _plan, result = import_package(b, package)
    last = b.conn.execute(
        "SELECT direction, package_id, summary, backup_path FROM exchanges ORDER BY id DESC"
    ).fetchone()
    assert last[:2] == ("nhap", manifest.package_id)
    assert json.loads(last[2]) == {"tasks": {"new": 0, "updated": 1, "deleted": 0, "conflicts": 0}}
    assert last[3] == str(result.backup) and result.backup is not None and result.backup.is_file()
    assert one(b.conn, "SELECT updated_at FROM tasks WHERE uuid = ?", uuid) == stamp(1)
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
    monkeypatch.setattr(logging.getLogger("cchc_desktop.files"), "disabled", True)
    opened: list[_FailingFile] = []

    def fake_open(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = open(path, mode, *args, **kwargs)
        if "w" not in mode:
            return handle
        opened.append(_FailingFile(handle, limit, action))
        return opened[-1]

    monkeypatch.setattr("cchc_desktop.files.open", fake_open, raising=False)
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
    assert content(b.conn)["tasks"] == content(a.conn)["tasks"]
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
