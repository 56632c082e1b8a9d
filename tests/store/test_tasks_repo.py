"""The task register in the store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from cchc_desktop.core.periodic_reports import default_schedule, report_tasks
from cchc_desktop.core.task_stats import compute_statistics
from cchc_desktop.core.tasks import DerivedState, Document, DocumentFile, SourceKind, Status
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store.documents_repo import export_file
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.task_query import TaskFilter, state_counts, task_ids
from cchc_desktop.store.task_repo import (
    add_periodic_reports,
    add_tasks,
    delete_tasks,
    duplicate_task,
    load_task,
    save_task,
    set_status,
    task_facts,
)
from cchc_desktop.store.task_table import distinct_issuers, distinct_leads, task_count, task_rows
from cchc_desktop.store.task_undo import restore_tasks, snapshot_tasks
from tests.support.task_factory import DIRECTIVE, PLAN, task

TODAY = date(2026, 11, 22)
LATER = date(2026, 12, 31)  # a deadline not yet passed on TODAY


def _uuids(store, flt=None, sort="deadline", descending=False):  # type: ignore[no-untyped-def]
    ids = task_ids(store, flt or TaskFilter(), TODAY, 7, sort, descending)
    return [row.content for row in task_rows(store, ids, TODAY, 7)]


def test_save_and_load_round_trip(store) -> None:  # type: ignore[no-untyped-def]
    original = task(
        coordinators=("Công an xã", "Phòng Kinh tế, Hạ tầng và Đô thị"),
        results=(Document(number="12/BC-UBND", issued_on=date(2026, 6, 20), summary="Báo cáo"),),
        notes="Ghi chú",
    )
    saved = save_task(store, original, TODAY)
    assert saved.uuid and saved.source.uuid and saved.results[0].uuid
    loaded = load_task(store, saved.uuid)
    assert loaded == saved
    assert loaded.coordinators == ("Công an xã", "Phòng Kinh tế, Hạ tầng và Đô thị")


def test_invalid_task_saves_nothing(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        save_task(store, task(deadline=date(2026, 1, 1)), TODAY)
    assert set(caught.value.errors) == {"deadline"}
    assert task_count(store) == 0
    assert store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_unchanged_save_writes_nothing(store) -> None:  # type: ignore[no-untyped-def]
    saved = save_task(store, task(), TODAY)
    stamp = store.conn.execute("SELECT updated_at FROM tasks").fetchone()[0]
    save_task(store, replace(saved, content=" Rà soát,  công bố thủ tục hành chính"), TODAY)
    assert store.conn.execute("SELECT updated_at FROM tasks").fetchone()[0] == stamp


def test_shared_source_document_is_stored_once_and_edited_for_all(store) -> None:  # type: ignore[no-untyped-def]
    a, b = add_tasks(store, [task("Nhiệm vụ A"), task("Nhiệm vụ B")], TODAY)
    assert a.source.uuid == b.source.uuid
    assert store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    corrected = replace(a, source=replace(a.source, number="46/KH-UBND"))
    save_task(store, corrected, TODAY)
    assert load_task(store, b.uuid).source.number == "46/KH-UBND"
    # and both are now found by the new number
    assert sorted(_uuids(store, TaskFilter(text="46/kh"))) == ["Nhiệm vụ A", "Nhiệm vụ B"]


def test_search_ignores_case_and_diacritics(store) -> None:  # type: ignore[no-untyped-def]
    add_tasks(
        store,
        [
            task("Khắc phục nhiệm vụ Quá hạn của năm trước", deadline=LATER),
            task("Đăng tải tin, bài về CCHC", lead="Đài truyền thanh xã", deadline=LATER),
            task("Rà soát thủ tục", coordinators=("Công an xã",), deadline=LATER),
        ],
        TODAY,
    )
    assert _uuids(store, TaskFilter(text="qua han")) == ["Khắc phục nhiệm vụ Quá hạn của năm trước"]
    assert _uuids(store, TaskFilter(text="dai truyen thanh")) == ["Đăng tải tin, bài về CCHC"]
    assert _uuids(store, TaskFilter(text="CÔNG AN")) == ["Rà soát thủ tục"]
    assert _uuids(store, TaskFilter(text="dang tai tin")) == ["Đăng tải tin, bài về CCHC"]
    # words side by side, as typed: "tải ... CCHC" is not the phrase "tai cchc"
    assert _uuids(store, TaskFilter(text="dang tai cchc")) == []
    assert _uuids(store, TaskFilter(text="100%")) == []


def test_filters(store) -> None:  # type: ignore[no-untyped-def]
    add_tasks(
        store,
        [
            task("A", field_code="CDDH", deadline=date(2026, 11, 1)),
            task("B", field_code="TTHC", deadline=date(2026, 11, 25), lead="Công an xã"),
            task("C", source=DIRECTIVE, kind=SourceKind.INSPECTION, deadline=None),
            task(
                "D",
                self_assigned=True,
                source=None,
                status=Status.DONE,
                completed_on=date(2026, 5, 1),
            ),
            task("E", field_code=None, status=Status.PAUSED, deadline=date(2026, 3, 1)),
        ],
        TODAY,
    )
    assert _uuids(store, TaskFilter(field_code="CDDH")) == ["A"]
    assert _uuids(store, TaskFilter(field_code="")) == ["E"]
    assert _uuids(store, TaskFilter(state=DerivedState.OVERDUE)) == ["A"]
    assert _uuids(store, TaskFilter(state=DerivedState.DUE_SOON)) == ["B"]
    assert _uuids(store, TaskFilter(state=DerivedState.NO_DEADLINE)) == ["C"]
    assert _uuids(store, TaskFilter(lead="Công an xã")) == ["B"]
    assert _uuids(store, TaskFilter(kind=SourceKind.INSPECTION)) == ["C"]
    assert _uuids(store, TaskFilter(issuer="UBND tỉnh Gia Lai")) == ["C"]
    assert _uuids(store, TaskFilter(issuer="")) == ["D"]
    assert _uuids(store, TaskFilter(status=Status.PAUSED)) == ["E"]
    counts = state_counts(store, TaskFilter(), TODAY, 7)
    assert counts[DerivedState.OVERDUE] == 1 and counts[DerivedState.DONE_ON_TIME] == 1
    assert distinct_leads(store) == ["Công an xã", "Văn phòng HĐND và UBND"]
    assert distinct_issuers(store) == ["UBND tỉnh Gia Lai", "UBND xã An Bình"]


def test_open_tasks_of_earlier_years_stay_in_later_years(store) -> None:  # type: ignore[no-untyped-def]
    old_plan = replace(PLAN, issued_on=date(2024, 1, 10))
    add_tasks(
        store,
        [
            task(
                "2024 còn dở",
                assigned_on=date(2024, 2, 1),
                deadline=date(2024, 6, 30),
                source=old_plan,
            ),
            task(
                "2024 xong 2025",
                assigned_on=date(2024, 2, 1),
                deadline=date(2024, 6, 30),
                source=old_plan,
                status=Status.DONE,
                completed_on=date(2025, 3, 1),
            ),
            task("2026 mới"),
        ],
        TODAY,
    )
    assert sorted(_uuids(store, TaskFilter.for_year(2026))) == ["2024 còn dở", "2026 mới"]
    assert sorted(_uuids(store, TaskFilter.for_year(2025))) == ["2024 còn dở", "2024 xong 2025"]


def test_sorting_is_vietnamese_and_dates_keep_empties_last(store) -> None:  # type: ignore[no-untyped-def]
    add_tasks(
        store,
        [
            task("Đăng ký", deadline=date(2026, 9, 1)),
            task("Dự thảo", deadline=None),
            task("Ban hành", deadline=date(2026, 3, 1)),
            task("Ứng dụng", deadline=date(2026, 12, 1)),
            task("Ước tính", deadline=date(2026, 4, 1)),
        ],
        TODAY,
    )
    assert _uuids(store, sort="content") == [
        "Ban hành",
        "Dự thảo",
        "Đăng ký",
        "Ứng dụng",  # ư-n before ư-ơ
        "Ước tính",
    ]
    assert _uuids(store, sort="deadline") == [
        "Ban hành",
        "Ước tính",
        "Đăng ký",
        "Ứng dụng",
        "Dự thảo",
    ]
    assert _uuids(store, sort="deadline", descending=True)[-1] == "Dự thảo"
    assert _uuids(store, sort="state")[0] == "Ban hành"  # overdue first


def test_bulk_status_change_refuses_what_breaks_a_rule(store) -> None:  # type: ignore[no-untyped-def]
    early, late = add_tasks(
        store,
        [task("Giao sớm"), task("Giao muộn", assigned_on=date(2026, 10, 1), deadline=None)],
        TODAY,
    )
    result = set_status(store, [early.uuid, late.uuid], Status.DONE, date(2026, 9, 1), TODAY)
    assert result.changed == [early.uuid]
    assert result.refused[0][0] == late.uuid
    assert "trước ngày giao" in result.refused[0][2]
    assert load_task(store, early.uuid).status == Status.DONE
    assert load_task(store, late.uuid).status == Status.IN_PROGRESS


def test_delete_leaves_tombstones_and_undo_brings_everything_back(store) -> None:  # type: ignore[no-untyped-def]
    first = save_task(store, task(results=(Document(number="1/BC", summary="Báo cáo"),)), TODAY)
    second = save_task(store, task("Khác"), TODAY)
    before = snapshot_tasks(store, [first.uuid, second.uuid])
    delete_tasks(store, [first.uuid, second.uuid])
    assert task_count(store) == 0
    tomb = {r[0] for r in store.conn.execute("SELECT uuid FROM tombstones")}
    assert {first.uuid, second.uuid} <= tomb
    restore_tasks(store, before)
    assert load_task(store, first.uuid) == first
    assert load_task(store, second.uuid) == second
    tomb = {r[0] for r in store.conn.execute("SELECT uuid FROM tombstones")}
    assert not ({first.uuid, second.uuid} & tomb)
    assert store.integrity_problems() == []


def test_undo_of_an_edit_and_of_an_addition(store) -> None:  # type: ignore[no-untyped-def]
    saved = save_task(store, task(), TODAY)
    before = snapshot_tasks(store, [saved.uuid])
    save_task(
        store, replace(saved, content="Đã sửa", source=replace(saved.source, number="9/KH")), TODAY
    )
    restore_tasks(store, before)
    assert load_task(store, saved.uuid) == saved
    added_before = snapshot_tasks(store, ["not-yet"])
    new = save_task(store, replace(task("Mới"), uuid="not-yet"), TODAY)
    assert load_task(store, new.uuid) is not None
    restore_tasks(store, added_before)
    assert load_task(store, "not-yet") is None


def test_duplicate_starts_again(store) -> None:  # type: ignore[no-untyped-def]
    done = save_task(
        store,
        task(status=Status.DONE, completed_on=date(2026, 6, 1), results=(Document(number="5/BC"),)),
        TODAY,
    )
    copy = duplicate_task(store, done.uuid, TODAY)
    assert copy.uuid != done.uuid
    assert copy.content == done.content and copy.source.uuid == done.source.uuid
    assert copy.status == Status.NOT_STARTED and copy.completed_on is None and copy.results == ()


def test_attached_files_are_stored_once_and_exported(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    scan = tmp_path / "bao-cao.pdf"
    scan.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 5000)
    copy = tmp_path / "ban-sao.pdf"
    copy.write_bytes(scan.read_bytes())
    files = (DocumentFile(name="bao-cao.pdf", source=scan),)
    first = save_task(store, task(results=(Document(number="1/BC", files=files),)), TODAY)
    save_task(
        store,
        task(
            "Khác",
            results=(
                Document(number="2/BC", files=(DocumentFile(name="ban-sao.pdf", source=copy),)),
            ),
        ),
        TODAY,
    )
    assert store.conn.execute("SELECT count(*) FROM file_blobs").fetchone()[0] == 1
    stored = load_task(store, first.uuid).results[0].files[0]
    assert stored.size == scan.stat().st_size and stored.uuid
    out = export_file(store, stored.uuid, tmp_path / "mo")
    assert out.read_bytes() == scan.read_bytes() and out.name == "bao-cao.pdf"
    # removing the file from the document keeps the other document's copy intact
    kept = load_task(store, first.uuid)
    save_task(store, replace(kept, results=(replace(kept.results[0], files=()),)), TODAY)
    assert load_task(store, first.uuid).results[0].files == ()
    assert store.conn.execute("SELECT count(*) FROM file_blobs").fetchone()[0] == 1


def test_periodic_reports_are_generated_once(store) -> None:  # type: ignore[no-untyped-def]
    tasks = report_tasks(default_schedule(), 2026, "Nguyễn Thị Thu Hà")
    added, present = add_periodic_reports(store, tasks, TODAY)
    assert (len(added), present) == (4, 0)
    added, present = add_periodic_reports(store, tasks, TODAY)
    assert (len(added), present) == (0, 4)
    deadlines = sorted(t.deadline for t in report_tasks(default_schedule(), 2026, "x"))
    assert deadlines == [
        date(2026, 3, 20),
        date(2026, 6, 20),
        date(2026, 9, 20),
        date(2026, 12, 20),
    ]
    contents = sorted(t.content for t in tasks)
    assert contents == [
        "Báo cáo kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2026",
        "Báo cáo kết quả thực hiện công tác cải cách hành chính năm 2026",
        "Báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2026",
        "Báo cáo kết quả thực hiện công tác cải cách hành chính quý III năm 2026",
    ]
    # on 22/11 the annual report (due 20/12) is due soon within 30 days, the others overdue
    ids = task_ids(store, TaskFilter(state=DerivedState.DUE_SOON), TODAY, 30)
    soon = [row.content for row in task_rows(store, ids, TODAY, 30)]
    assert soon == ["Báo cáo kết quả thực hiện công tác cải cách hành chính năm 2026"]
    assert len(task_ids(store, TaskFilter(state=DerivedState.OVERDUE), TODAY, 30)) == 3


def test_statistics_for_a_year(store) -> None:  # type: ignore[no-untyped-def]
    old = replace(PLAN, issued_on=date(2025, 1, 5))
    add_tasks(
        store,
        [
            task("đúng hạn", status=Status.DONE, completed_on=date(2026, 6, 1)),
            task("quá hạn xong", status=Status.DONE, completed_on=date(2026, 7, 15)),
            task("quá hạn", deadline=date(2026, 10, 1)),
            task(
                "từ 2025",
                assigned_on=date(2025, 2, 1),
                deadline=date(2025, 12, 31),
                source=old,
                field_code="CDDH",
            ),
            task(
                "tỉnh giao", source=DIRECTIVE, kind=SourceKind.DIRECTIVE, deadline=date(2026, 8, 1)
            ),
            task("đang làm", deadline=date(2026, 12, 31)),
            task("hủy", status=Status.CANCELLED),
            task("tạm dừng", status=Status.PAUSED, deadline=date(2026, 3, 1)),
        ],
        TODAY,
    )
    facts = task_facts(store, date(2026, 1, 1), date(2026, 12, 31))
    stats = compute_statistics(facts, date(2026, 1, 1), date(2026, 12, 31), TODAY)
    assert stats.total == 7 and stats.cancelled == 1
    assert (stats.done_on_time, stats.done_late, stats.overdue) == (1, 1, 3)
    assert stats.carried_over == 1 and stats.overdue_carried_over == 1
    assert stats.overdue_by_issuer == {"UBND xã An Bình": 2, "UBND tỉnh Gia Lai": 1}
    assert stats.overdue_by_field == {"TTHC": 2, "CDDH": 1}
    assert stats.sentences()[0] == "2/7 nhiệm vụ hoàn thành (1 đúng hạn, 1 quá hạn)."
    assert "Có 3 nhiệm vụ quá hạn chưa hoàn thành (trong đó 1 nhiệm vụ từ các năm trước)." in (
        stats.sentences()
    )
    assert stats.by_status == {
        Status.DONE: 2,
        Status.IN_PROGRESS: 4,
        Status.PAUSED: 1,
    }
    assert stats.status_line() == ("Theo trạng thái: Đang thực hiện 4; Hoàn thành 2; Tạm dừng 1.")
    # the same register judged at the end of June: fewer overdue, one not yet late
    june = compute_statistics(facts, date(2026, 1, 1), date(2026, 6, 30), TODAY)
    assert june.as_of == date(2026, 6, 30)
    assert june.done_on_time == 1 and june.done_late == 0
    assert june.by_status[Status.DONE] == 1  # the one finished in July was in progress


def test_undo_with_a_shared_document_and_an_added_file(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = add_tasks(store, [task("A", results=(Document(number="7/BC"),)), task("B")], TODAY)
    before = snapshot_tasks(store, [a.uuid])
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"scan")
    edited = replace(
        a,
        source=replace(a.source, number="99/KH"),
        results=(replace(a.results[0], files=(DocumentFile(name="scan.pdf", source=scan),)),),
    )
    save_task(store, edited, TODAY)
    assert load_task(store, b.uuid).source.number == "99/KH"
    delete_tasks(store, [a.uuid])
    restore_tasks(store, before)
    assert load_task(store, a.uuid) == a
    assert load_task(store, b.uuid).source.number == PLAN.number  # the shared document too
    assert store.conn.execute("SELECT count(*) FROM document_files").fetchone()[0] == 0
    assert store.integrity_problems() == []


def _scan(tmp_path: Path, name: str = "ke-hoach.pdf") -> DocumentFile:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4 " + name.encode())
    return DocumentFile(name=name, source=path)


def _column(store, table: str, column: str, uuid: str):  # type: ignore[no-untyped-def]
    return store.conn.execute(f"SELECT {column} FROM {table} WHERE uuid = ?", (uuid,)).fetchone()[0]


def test_citing_a_document_as_source_leaves_its_files(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # the document was first recorded as the result of one task, with its scan
    first = save_task(store, task(results=(replace(PLAN, files=(_scan(tmp_path),)),)), TODAY)
    document = first.results[0]
    assert len(document.files) == 1
    # another task picks it as its assigning document: the form carries no files
    chosen = replace(document, files=())
    second = save_task(store, task("Nhiệm vụ khác", source=chosen), TODAY)
    assert second.source.uuid == document.uuid
    assert [f.name for f in load_task(store, first.uuid).results[0].files] == ["ke-hoach.pdf"]
    assert [f.name for f in second.source.files] == ["ke-hoach.pdf"]


def test_undo_of_deleting_tasks_that_share_a_document_with_a_file(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shared = replace(DIRECTIVE, files=(_scan(tmp_path),))
    a, b = add_tasks(store, [task("A", results=(shared,)), task("B")], TODAY)
    b = save_task(store, replace(b, results=a.results), TODAY)
    before = snapshot_tasks(store, [a.uuid, b.uuid])
    assert len(before.rows["documents"]) == 2  # the plan and the result, each once
    assert len(before.rows["document_files"]) == 1
    delete_tasks(store, [a.uuid, b.uuid])
    restore_tasks(store, before)
    assert load_task(store, a.uuid) == a
    assert load_task(store, b.uuid) == b
    assert store.integrity_problems() == []


def test_undo_keeps_what_did_not_change(store) -> None:  # type: ignore[no-untyped-def]
    a, b = add_tasks(store, [task("A", results=(DIRECTIVE,)), task("B")], TODAY)
    id_of_a = _column(store, "tasks", "id", a.uuid)
    link_of_a = "SELECT uuid FROM task_documents WHERE task_uuid = ?"
    link = store.conn.execute(link_of_a, (a.uuid,)).fetchone()[0]
    plan_stamp = _column(store, "documents", "updated_at", a.source.uuid)
    b_stamp = _column(store, "tasks", "updated_at", b.uuid)
    before = snapshot_tasks(store, [a.uuid, b.uuid])
    set_status(store, [a.uuid], Status.PAUSED, None, TODAY)
    # a status change rewrites neither the result links nor the documents
    assert store.conn.execute(link_of_a, (a.uuid,)).fetchone()[0] == link
    restore_tasks(store, before)
    assert load_task(store, a.uuid) == a
    assert _column(store, "tasks", "id", a.uuid) == id_of_a  # the order of entry stays
    assert _column(store, "documents", "updated_at", a.source.uuid) == plan_stamp
    assert _column(store, "tasks", "updated_at", b.uuid) == b_stamp
    delete_tasks(store, [a.uuid])
    restore_tasks(store, before)
    assert _column(store, "tasks", "id", a.uuid) == id_of_a
    tomb = {r[0] for r in store.conn.execute("SELECT uuid FROM tombstones")}
    assert a.uuid not in tomb and link not in tomb


def test_undo_of_a_document_edit_refreshes_the_other_tasks_citing_it(store) -> None:  # type: ignore[no-untyped-def]
    a = add_tasks(store, [task("A"), task("B"), task("C")], TODAY)[0]
    before = snapshot_tasks(store, [a.uuid])
    save_task(store, replace(a, source=replace(a.source, issuer="Sở Nội vụ tỉnh Gia Lai")), TODAY)
    assert _uuids(store, TaskFilter(issuer="Sở Nội vụ tỉnh Gia Lai")) == ["A", "B", "C"]
    restore_tasks(store, before)
    assert _uuids(store, TaskFilter(issuer="Sở Nội vụ tỉnh Gia Lai")) == []
    assert sorted(_uuids(store, TaskFilter(issuer=PLAN.issuer))) == ["A", "B", "C"]
    assert sorted(_uuids(store, TaskFilter(text="so noi vu"))) == []


def test_undo_of_a_report_generated_again_never_makes_a_second_one(store) -> None:  # type: ignore[no-untyped-def]
    reports = report_tasks(default_schedule(), 2026, "Văn phòng HĐND và UBND")
    added, _ = add_periodic_reports(store, reports, TODAY)
    first = added[0]
    before = snapshot_tasks(store, [first.uuid])
    delete_tasks(store, [first.uuid])
    add_periodic_reports(store, reports, TODAY)  # generated again: the same task by nature
    again = load_task(store, first.uuid)
    assert again is not None  # a period's report has one identity, on every PC
    count = task_count(store)
    restore_tasks(store, before)  # the undo lands on the same task: never a second one
    assert task_count(store) == count
    restored = load_task(store, first.uuid)
    assert restored is not None and restored.recurrence_key == first.recurrence_key


def test_a_constraint_that_refuses_a_write_becomes_a_vietnamese_message(store) -> None:  # type: ignore[no-untyped-def]
    saved = save_task(store, task(), TODAY)
    with pytest.raises(StoreError, match="Không lưu được") as caught:
        with store.transaction():
            store.conn.execute("UPDATE tasks SET content = 'Tạm' WHERE uuid = ?", (saved.uuid,))
            store.conn.execute("UPDATE tasks SET lead = '' WHERE uuid = ?", (saved.uuid,))
    assert "chưa được lưu" in caught.value.message
    assert load_task(store, saved.uuid) == saved  # the first statement was rolled back too


def test_tasks_without_an_assigning_body_are_one_group_for_filter_and_statistics(store) -> None:  # type: ignore[no-untyped-def]
    overdue = {"deadline": date(2026, 3, 1)}
    add_tasks(
        store,
        [
            task("Tự đặt", self_assigned=True, source=None, **overdue),
            task("Không ghi cơ quan", source=replace(PLAN, issuer=""), **overdue),
            task("Của tỉnh", source=DIRECTIVE, **overdue),
        ],
        TODAY,
    )
    assert distinct_issuers(store) == ["UBND tỉnh Gia Lai"]  # no blank entry in the list
    assert sorted(_uuids(store, TaskFilter(issuer=""))) == ["Không ghi cơ quan", "Tự đặt"]
    year = (date(2026, 1, 1), date(2026, 12, 31))
    stats = compute_statistics(task_facts(store, *year), *year, TODAY)
    assert stats.overdue_by_issuer == {"": 2, "UBND tỉnh Gia Lai": 1}


def test_old_copies_written_for_viewing_are_removed(tmp_path: Path) -> None:
    import os
    import time

    from cchc_desktop.store.documents_repo import prune_viewed_copies

    old, recent = tmp_path / "old-uuid", tmp_path / "recent-uuid"
    for folder in (old, recent):
        folder.mkdir()
        (folder / "bao-cao.pdf").write_bytes(b"%PDF")
    three_days_ago = time.time() - 3 * 86400
    os.utime(old, (three_days_ago, three_days_ago))
    assert prune_viewed_copies(tmp_path) == 1
    assert not old.exists() and (recent / "bao-cao.pdf").exists()
    assert prune_viewed_copies(tmp_path / "missing") == 0


def test_search_finds_the_words_of_a_state_or_a_status(store) -> None:  # type: ignore[no-untyped-def]
    """0.6.0: «qua han» found nothing while nine rows showed «Quá hạn chưa hoàn thành»."""
    add_tasks(
        store,
        [
            task("Việc đã quá thời hạn", deadline=date(2026, 2, 10)),  # overdue on TODAY
            task("Việc còn xa", deadline=date(2026, 12, 30)),
            task(
                "Việc đã làm xong",
                deadline=date(2026, 12, 30),
                status=Status.DONE,
                completed_on=date(2026, 2, 20),
            ),
            task("Việc tạm ngừng", status=Status.PAUSED),
        ],
        TODAY,
    )
    assert _uuids(store, TaskFilter(text="qua han")) == ["Việc đã quá thời hạn"]
    assert _uuids(store, TaskFilter(text="tam dung")) == ["Việc tạm ngừng"]
    assert _uuids(store, TaskFilter(text="Hoàn thành đúng hạn")) == ["Việc đã làm xong"]
    # a state's words still combine with the other filters
    assert _uuids(store, TaskFilter(text="qua han", status=Status.DONE)) == []


def test_an_empty_result_names_the_filter_that_hides_the_tasks(store) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.store.task_query import helpful_filter

    add_tasks(store, [task("Rà soát thủ tục", deadline=LATER)], TODAY)
    other_year = TaskFilter.for_year(2025, text="ra soat")
    assert _uuids(store, other_year) == []
    assert helpful_filter(store, other_year, TODAY, 7) == ("year", "năm", 1)
    wrong_status = TaskFilter(text="ra soat", status=Status.DONE)
    assert helpful_filter(store, wrong_status, TODAY, 7) == ("status", "trạng thái", 1)
    assert helpful_filter(store, TaskFilter(text="khong co"), TODAY, 7) == (
        "text",
        "nội dung tìm",
        1,
    )
    assert helpful_filter(store, TaskFilter(text="khong co", status=Status.DONE), TODAY, 7) is None
