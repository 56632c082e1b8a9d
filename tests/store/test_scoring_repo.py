"""The self-assessment in the store: sheets, scores, lock, evidence, sets, remedial tasks."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cchc_desktop.core.criteria import (
    AutoSource,
    CriteriaSet,
    Criterion,
    Method,
    MethodKind,
    RatioBand,
    shipped_criteria_sets,
)
from cchc_desktop.core.lost_points import lost_points
from cchc_desktop.core.score_comparison import LinkKind
from cchc_desktop.core.scoring import Score
from cchc_desktop.core.tasks import Document, DocumentFile, SourceKind, Status, Task
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store.criteria_repo import (
    correct_criteria_set,
    list_criteria_sets,
    load_mapping,
    save_mapping,
    save_new_criteria_set,
)
from cchc_desktop.store.database import Store
from cchc_desktop.store.scoring_evidence import (
    add_evidence,
    create_remedial_task,
    criterion_of_task,
    evidence_of,
    line_tasks,
    remove_evidence,
)
from cchc_desktop.store.scoring_repo import (
    assessment_events,
    assessment_for_year,
    auto_figures,
    carried_codes,
    change_assessment_set,
    evidence_counts,
    load_scores,
    lock_assessment,
    save_score,
    sheet_state,
    start_assessment,
    unlock_assessment,
)
from cchc_desktop.store.task_repo import add_tasks, load_task

TODAY = date(2026, 11, 22)
D = Decimal


def small_set(name: str = "Bộ tiêu chí tỉnh A năm 2026", **changes) -> CriteriaSet:  # type: ignore[no-untyped-def]
    fields = (
        Criterion(
            "I",
            "Công tác chỉ đạo, điều hành",
            D(4),
            field_code="CDDH",
            children=(
                Criterion("1", "Ban hành kế hoạch CCHC", D(1), method=Method(MethodKind.FIXED)),
                Criterion(
                    "2",
                    "Hoàn thành kế hoạch",
                    D(3),
                    method=Method(
                        MethodKind.AUTO,
                        source=AutoSource.PLAN_TASKS_ON_TIME,
                        bands=(
                            RatioBand(D(100), D(3)),
                            RatioBand(D(50), D(1)),
                            RatioBand(D(0), D(0)),
                        ),
                    ),
                ),
            ),
        ),
        Criterion(
            "II",
            "Cải cách thủ tục hành chính",
            D(6),
            field_code="TTHC",
            children=(
                Criterion(
                    "3",
                    "Tỷ lệ hồ sơ đúng hạn",
                    D(2),
                    method=Method(
                        MethodKind.RATIO,
                        numerator="Hồ sơ đúng hạn",
                        denominator="Hồ sơ tiếp nhận",
                        bands=(RatioBand(D(100), D(2)), RatioBand(D(0), D(0))),
                    ),
                ),
                Criterion("4", "Công khai TTHC", D(4), method=Method(MethodKind.MANUAL)),
            ),
        ),
    )
    values = {"uuid": "", "family": "", "version": 1, "name": name, "fields": fields}
    values.update(changes)
    return CriteriaSet(**values)


def node(s: CriteriaSet, code: str) -> Criterion:
    return s.by_code[code]


def dump(store: Store) -> list:
    tables = (
        "criteria_sets",
        "assessments",
        "scores",
        "score_evidence",
        "documents",
        "criterion_tasks",
        "tasks",
    )
    return [list(store.conn.execute(f"SELECT * FROM {t} ORDER BY id")) for t in tables]


@pytest.fixture
def sheet(store: Store):  # type: ignore[no-untyped-def]
    criteria = save_new_criteria_set(store, small_set())
    return criteria, start_assessment(store, 2026, criteria)


def test_an_imported_set_is_stored_with_a_family_and_version(store: Store) -> None:
    saved = save_new_criteria_set(store, small_set())
    assert saved.uuid and saved.family and saved.version == 1
    assert saved.family == "bo-tieu-chi-tinh-a-nam-2026"
    # the same title next year is another set, not a version of this one
    again = save_new_criteria_set(store, small_set())
    assert again.family == "bo-tieu-chi-tinh-a-nam-2026-2" and again.version == 1
    third = save_new_criteria_set(store, small_set(family=saved.family))
    assert third.family == saved.family and third.version == 2
    assert {s.uuid for s in list_criteria_sets(store) if s.stored} == {
        saved.uuid,
        again.uuid,
        third.uuid,
    }


def test_an_unsound_set_is_refused_naming_the_node_and_nothing_is_stored(store: Store) -> None:
    bad = small_set()
    bad = replace(bad, fields=(replace(bad.fields[0], maximum=D(5)), bad.fields[1]))
    before = dump(store)
    with pytest.raises(ValidationError) as caught:
        save_new_criteria_set(store, bad)
    assert "«I»" in caught.value.errors["node:I"]
    assert dump(store) == before


def test_the_sample_set_is_offered_until_used_then_stored_once(store: Store) -> None:
    sample = shipped_criteria_sets()[0]
    offered = [s for s in list_criteria_sets(store) if s.uuid == sample.uuid]
    assert offered and not offered[0].stored
    start_assessment(store, 2025, sample)
    start_assessment(store, 2026, sample)
    (stored,) = [s for s in list_criteria_sets(store) if s.uuid == sample.uuid]
    assert stored.stored and stored.years == (2025, 2026)


def test_one_sheet_per_year(store: Store, sheet) -> None:  # type: ignore[no-untyped-def]
    criteria, _a = sheet
    with pytest.raises(ValidationError) as caught:
        start_assessment(store, 2026, criteria)
    assert "2026" in caught.value.errors["year"]


def test_scores_round_trip_exactly(store: Store, sheet) -> None:  # type: ignore[no-untyped-def]
    criteria, a = sheet
    save_score(store, a, node(criteria, "4"), Score("4", value=D("2.75"), explanation="Có"))
    save_score(store, a, node(criteria, "3"), Score("3", numerator=D(1870), denominator=D(1870)))
    scores = load_scores(store, a)
    assert scores["4"].value == D("2.75") and scores["4"].explanation == "Có"
    assert scores["3"].numerator == D(1870)
    state = sheet_state(store, a, TODAY)
    assert state.sheet.lines["II"].score == D("4.75")


def test_a_refused_score_is_not_saved(store: Store, sheet) -> None:  # type: ignore[no-untyped-def]
    criteria, a = sheet
    save_score(store, a, node(criteria, "4"), Score("4", value=D(3)))
    before = dump(store)
    for bad in (Score("4", value=D(5)), Score("4", value=D(-1)), Score("1", value=D("0.5"))):
        with pytest.raises(ValidationError):
            save_score(store, a, node(criteria, bad.code), bad)
    with pytest.raises(ValidationError) as caught:
        save_score(store, a, node(criteria, "2"), Score("2", override=D(2)))
    assert "lý do" in caught.value.errors["override_reason"]
    assert dump(store) == before


def test_an_empty_line_is_removed(store: Store, sheet) -> None:  # type: ignore[no-untyped-def]
    criteria, a = sheet
    save_score(store, a, node(criteria, "4"), Score("4", value=D(3)))
    save_score(store, a, node(criteria, "4"), Score("4"))
    assert "4" not in load_scores(store, a)
    kinds = [r[0] for r in store.conn.execute("SELECT record_kind FROM tombstones")]
    assert "scores" in kinds


def test_a_locked_sheet_refuses_self_scoring_but_takes_the_appraisal(store: Store, sheet) -> None:  # type: ignore[no-untyped-def]
    criteria, a = sheet
    save_score(store, a, node(criteria, "4"), Score("4", value=D(3)))
    with pytest.raises(ValidationError):
        lock_assessment(store, a, "  ")
    locked = lock_assessment(store, a, "Nguyễn Thị Thu Hà")
    assert assessment_for_year(store, 2026).locked  # type: ignore[union-attr]
    before = dump(store)
    with pytest.raises(ValidationError) as caught:
        save_score(store, locked, node(criteria, "4"), Score("4", value=D(2)))
    assert "đã chốt" in caught.value.errors["locked"]
    with pytest.raises(ValidationError):
        add_evidence(store, locked, "4", Document("01/BC", None, "", "Báo cáo"), TODAY)
    assert dump(store) == before
    appraised = Score("4", value=D(3), appraised_1=D("2.5"), appraisal_1_note="Thiếu ảnh")
    save_score(store, locked, node(criteria, "4"), appraised)
    assert load_scores(store, locked)["4"].appraised_1 == D("2.5")


def test_unlocking_needs_a_reason_and_is_recorded(store: Store, sheet) -> None:  # type: ignore[no-untyped-def]
    _criteria, a = sheet
    locked = lock_assessment(store, a, "Nguyễn Thị Thu Hà")
    with pytest.raises(ValidationError) as caught:
        unlock_assessment(store, locked, "Trần Văn Nam", "")
    assert "lý do" in caught.value.errors["reason"]
    unlocked = unlock_assessment(store, locked, "Trần Văn Nam", "Sửa điểm tiêu chí 4")
    assert not unlocked.locked
    events = assessment_events(store, a)
    assert [(e.action, e.who) for e in events] == [
        ("chot", "Nguyễn Thị Thu Hà"),
        ("mo_khoa", "Trần Văn Nam"),
    ]
    assert events[1].note == "Sửa điểm tiêu chí 4"


def test_a_scored_set_cannot_change_in_place(store: Store, sheet) -> None:  # type: ignore[no-untyped-def]
    criteria, a = sheet
    save_score(store, a, node(criteria, "4"), Score("4", value=D(3)))
    with pytest.raises(sqlite3.IntegrityError):
        with store.conn:
            store.conn.execute(
                "UPDATE criteria_sets SET data = '{}' WHERE uuid = ?", (criteria.uuid,)
            )


def test_a_correction_is_a_new_version_and_the_sheet_moves_with_its_scores(
    store: Store, sheet
) -> None:  # type: ignore[no-untyped-def]
    criteria, a = sheet
    save_score(store, a, node(criteria, "4"), Score("4", value=D(3)))
    save_score(store, a, node(criteria, "1"), Score("1", value=D(1)))
    fixed_field = replace(
        criteria.fields[1],
        children=(
            criteria.fields[1].children[0],
            replace(criteria.fields[1].children[1], title="Công khai đầy đủ TTHC"),
        ),
    )
    corrected = correct_criteria_set(
        store, criteria, replace(criteria, fields=(criteria.fields[0], fixed_field))
    )
    assert corrected.family == criteria.family and corrected.version == criteria.version + 1
    assert corrected.uuid != criteria.uuid
    assert carried_codes(store, a, corrected) == (2, [])
    moved = change_assessment_set(store, a, corrected, "Nguyễn Thị Thu Hà")
    assert moved.criteria_set_uuid == corrected.uuid
    assert load_scores(store, moved)["4"].value == D(3)
    assert assessment_events(store, moved)[-1].action == "doi_bo_tieu_chi"


def test_evidence_is_stored_once_and_shared(store: Store, sheet, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _criteria, a = sheet
    scan = tmp_path / "bao-cao.pdf"
    scan.write_bytes(b"%PDF-1.4 scan" * 1000)
    document = Document(
        "98/BC-UBND",
        date(2026, 6, 1),
        "UBND xã An Bình",
        "Báo cáo CCHC 6 tháng",
        files=(DocumentFile(name="bao-cao.pdf", size=scan.stat().st_size, source=scan),),
    )
    saved = add_evidence(store, a, "4", document, TODAY)
    add_evidence(store, a, "1", saved, TODAY, with_files=False)
    add_evidence(store, a, "1", saved, TODAY, with_files=False)  # twice: linked once
    assert evidence_counts(store, a) == {"1": 1, "4": 1}
    assert [d.uuid for d in evidence_of(store, a, "1")] == [saved.uuid]
    (blobs,) = store.conn.execute("SELECT COUNT(*) FROM file_blobs").fetchone()
    (documents,) = store.conn.execute("SELECT COUNT(*) FROM documents").fetchone()
    assert (blobs, documents) == (1, 1)
    remove_evidence(store, a, "1", saved.uuid or "")
    assert evidence_counts(store, a) == {"4": 1}
    with pytest.raises(ValidationError):
        add_evidence(store, a, "4", Document("", None, "", ""), TODAY)


def test_a_tasks_result_document_can_be_linked_as_evidence(store: Store, sheet) -> None:  # type: ignore[no-untyped-def]
    _criteria, a = sheet
    result = Document("15/BC-UBND", date(2026, 3, 1), "UBND xã", "Báo cáo rà soát TTHC")
    (task,) = add_tasks(
        store,
        [
            Task(
                content="Rà soát TTHC",
                lead="Văn phòng",
                assigned_on=date(2026, 1, 5),
                kind=SourceKind.OTHER,
                self_assigned=True,
                status=Status.DONE,
                completed_on=date(2026, 3, 1),
                results=(result,),
            )
        ],
        TODAY,
    )
    stored = load_task(store, task.uuid or "")
    linked = add_evidence(store, a, "4", stored.results[0], TODAY, with_files=False)  # type: ignore[union-attr]
    assert linked.uuid == stored.results[0].uuid  # type: ignore[union-attr]
    (documents,) = store.conn.execute("SELECT COUNT(*) FROM documents").fetchone()
    assert documents == 1


def test_auto_figures_count_the_years_plan_tasks(store: Store) -> None:
    plan = Document("12/KH-UBND", date(2026, 1, 10), "UBND xã", "Kế hoạch CCHC năm 2026")

    def task(done: date | None, deadline: date) -> Task:
        return Task(
            content=f"Nhiệm vụ hạn {deadline}",
            lead="Văn phòng",
            assigned_on=date(2026, 1, 10),
            kind=SourceKind.ANNUAL_PLAN,
            source=plan,
            deadline=deadline,
            status=Status.DONE if done else Status.IN_PROGRESS,
            completed_on=done,
        )

    add_tasks(
        store,
        [
            task(date(2026, 3, 1), date(2026, 3, 31)),
            task(date(2026, 5, 1), date(2026, 4, 30)),
            task(None, date(2026, 12, 31)),
        ],
        TODAY,
    )
    figures = auto_figures(store, 2026, TODAY)
    plan_figure = figures[AutoSource.PLAN_TASKS_ON_TIME]
    assert (plan_figure.numerator, plan_figure.denominator) == (1, 3)
    assert plan_figure.text().startswith("1/3 nhiệm vụ")
    criteria = save_new_criteria_set(store, small_set())
    a = start_assessment(store, 2026, criteria)
    state = sheet_state(store, a, TODAY)
    assert state.sheet.lines["2"].score == D(0)  # 33% is under the 50% band
    assert state.sheet.lines["2"].figure == plan_figure


def test_a_remedial_task_is_linked_to_its_line(store: Store, sheet) -> None:  # type: ignore[no-untyped-def]
    criteria, a = sheet
    save_score(store, a, node(criteria, "4"), Score("4", value=D("1.5")))
    item = lost_points(sheet_state(store, a, TODAY).sheet)[0]
    assert item.code == "4"
    task = create_remedial_task(
        store, a, item, "TTHC", "Nguyễn Thị Thu Hà", date(2027, 9, 30), TODAY
    )
    stored = load_task(store, task.uuid or "")
    assert stored is not None and stored.kind == SourceKind.INDEX_REMEDY
    assert stored.field_code == "TTHC" and stored.self_assigned
    assert "tiêu chí 4" in stored.content and "mất 2,5 điểm" in stored.content
    assert line_tasks(store, a) == {"4": [(task.uuid, Status.NOT_STARTED)]}
    assert criterion_of_task(store, task.uuid or "") == (
        "Tiêu chí 4 «Công khai TTHC» (Chỉ số CCHC năm 2026)"
    )


def test_a_mapping_is_saved_and_validated(store: Store) -> None:
    old = save_new_criteria_set(store, small_set("Bộ năm 2025"))
    new = save_new_criteria_set(store, small_set("Bộ năm 2026"))
    links = load_mapping(store, old, new)
    assert all(link.kind == LinkKind.SAME for link in links)
    from cchc_desktop.core.score_comparison import CodeLink

    changed = [link for link in links if not {"3", "4"} & {*link.old, *link.new}]
    changed += [CodeLink(LinkKind.MERGED, ("3", "4"), ("4",)), CodeLink(LinkKind.NEW, (), ("3",))]
    with pytest.raises(ValidationError):  # "4" twice on the new side
        save_mapping(store, old, new, [*links, CodeLink(LinkKind.MERGED, ("3", "4"), ("4",))])
    with pytest.raises(ValidationError):
        save_mapping(store, old, new, [CodeLink(LinkKind.SAME, ("9",), ("4",))])
    save_mapping(store, old, new, changed)
    assert CodeLink(LinkKind.MERGED, ("3", "4"), ("4",)) in load_mapping(store, old, new)
