"""The staff register in the store: records, history by date, standard versions, the plan."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from cchc_desktop.core.staff import Birth, Gender, Official, Training, load_staff_lists
from cchc_desktop.core.standard_checks import Outcome, evaluate, evaluate_on
from cchc_desktop.core.standard_plan import (
    STAFF_FIELD_CODE,
    ActionKind,
    PlanAction,
    action_state_text,
)
from cchc_desktop.core.standard_ratios import overall_ratio
from cchc_desktop.core.standards import Requirement, standard_in_force, with_position_requirement
from cchc_desktop.core.tasks import SourceKind, Status
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import open_store
from cchc_desktop.store.records import stable_uuid
from cchc_desktop.store.staff_repo import (
    action_for_task,
    add_officials,
    create_task_for_action,
    current_standard_sets,
    delete_officials,
    history_of,
    load_action,
    load_actions,
    load_official,
    load_officials,
    load_standard_sets,
    official_count,
    officials_on,
    save_action,
    save_official,
    save_standard_version,
    task_states,
)
from cchc_desktop.store.task_repo import delete_tasks, load_task, set_status
from cchc_desktop.store.task_table import task_count
from tests.support.paths import STORE_FIXTURES

TODAY = date(2026, 11, 22)
LAST_YEAR_END = date(2025, 12, 31)
LISTS = load_staff_lists()
FIXTURES = STORE_FIXTURES


def official(full_name: str = "Phan Thị Hồng", **values: object) -> Official:
    """A Tư pháp – hộ tịch civil servant (ND33) who meets every requirement."""
    base = Official(
        full_name=full_name,
        category="cong_chuc",
        birth=Birth.of(date(1990, 5, 17)),
        standard_family="nd33-2023",
        position="tp_ht",
        department="vp_hdnd_ubnd",
        started_on=date(2019, 7, 1),
        general_education="thpt",
        professional="trung_cap",
        field_of_study="Luật",
        it="co_ban",
    )
    return replace(base, **values)  # type: ignore[arg-type]


def _count(store, table: str) -> int:  # type: ignore[no-untyped-def]
    return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _ratio(store, day: date) -> str:  # type: ignore[no-untyped-def]
    evaluations = evaluate_on(officials_on(store, day), load_standard_sets(store), LISTS, day)
    return overall_ratio(evaluations).text("công chức")


# --- records -----------------------------------------------------------------------------------


def test_full_record_round_trips(store) -> None:  # type: ignore[no-untyped-def]
    full = official(
        "  Nguyễn   Thị Minh Khai ",
        gender=Gender.FEMALE,
        birth=Birth(1984),
        ethnicity="Tày",
        position_title="Công chức Tư pháp – hộ tịch",
        political_theory="so_cap",
        state_management="chuyen_vien",
        foreign_language="bac_2",
        ethnic_language="chung_chi",
        training=Training(
            "professional",
            "dai_hoc",
            "Luật kinh tế",
            "Đại học Luật, Trường Đại học Luật Huế (hệ vừa làm vừa học)",
            starts_on=date(2024, 9, 1),
            ends_on=date(2027, 6, 30),
        ),
        notes="Đang học đại học",
    )
    saved = save_official(store, full, TODAY)
    assert saved.uuid
    assert saved.full_name == "Nguyễn Thị Minh Khai"
    loaded = load_official(store, saved.uuid)
    assert loaded == saved
    assert loaded.birth == Birth(1984) and loaded.birth.day is None
    assert loaded.training == full.training
    row = store.conn.execute("SELECT birth, training FROM officials").fetchone()
    assert row[0] == "1984"
    assert "Luật kinh tế" in row[1]  # kept readable, not escaped
    assert official_count(store) == 1


def test_officials_are_listed_the_vietnamese_way(store) -> None:  # type: ignore[no-untyped-def]
    names = ["Bùi Văn Đức", "Đỗ Văn Bình", "Hoàng Văn Ân", "Trần Đức Ánh", "Lê Thị An"]
    add_officials(store, [official(n) for n in names], TODAY)
    assert [o.full_name for o in load_officials(store)] == [
        "Lê Thị An",
        "Trần Đức Ánh",
        "Hoàng Văn Ân",
        "Đỗ Văn Bình",
        "Bùi Văn Đức",
    ]


def test_saving_an_unchanged_record_writes_nothing(store) -> None:  # type: ignore[no-untyped-def]
    saved = save_official(store, official(), TODAY)
    stamp = "2000-01-01T00:00:00.000Z"
    store.conn.execute("UPDATE officials SET updated_at = ?", (stamp,))
    store.conn.commit()
    again = save_official(store, replace(saved, full_name=" Phan  Thị Hồng "), TODAY)
    assert again == saved
    assert store.conn.execute("SELECT updated_at FROM officials").fetchone()[0] == stamp
    # while a real change is written
    save_official(store, replace(saved, it="nang_cao"), TODAY)
    assert store.conn.execute("SELECT updated_at FROM officials").fetchone()[0] != stamp
    assert _count(store, "official_history") == 0  # a correction keeps no history


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"full_name": "  "}, "full_name"),
        ({"birth": Birth.of(date(2030, 1, 1)), "started_on": None}, "birth"),
        ({"birth": Birth(2010)}, "birth"),
        ({"professional": "dai_hoc_x"}, "professional"),
        (
            {
                "training": Training(
                    "professional", "dai_hoc", starts_on=date(2026, 9, 1), ends_on=date(2026, 1, 1)
                )
            },
            "training_ends_on",
        ),
        ({"position": "khong_co"}, "position"),
    ],
)
def test_invalid_record_saves_nothing(store, changes: dict[str, object], field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        save_official(store, official(**changes), TODAY)
    assert set(caught.value.errors) == {field}
    assert official_count(store) == 0
    # an edit of a saved record is refused the same way, and the record stays as it was
    saved = save_official(store, official(), TODAY)
    before = store.conn.execute("SELECT * FROM officials").fetchall()
    with pytest.raises(ValidationError):
        save_official(store, replace(official(**changes), uuid=saved.uuid), TODAY)
    assert store.conn.execute("SELECT * FROM officials").fetchall() == before


def test_edit_of_a_deleted_record_is_refused(store) -> None:  # type: ignore[no-untyped-def]
    saved = save_official(store, official(), TODAY)
    delete_officials(store, [saved.uuid])
    with pytest.raises(ValidationError):
        save_official(store, replace(saved, it="nang_cao"), TODAY)
    assert official_count(store) == 0


# --- a change from a date ------------------------------------------------------------------------


def test_change_from_a_date_keeps_the_earlier_record(store) -> None:  # type: ignore[no-untyped-def]
    first = save_official(store, official(), TODAY)
    graduated = replace(first, professional="dai_hoc", field_of_study="Luật kinh tế")
    save_official(store, graduated, TODAY, change_from=date(2026, 3, 1))
    assert load_official(store, first.uuid) == graduated
    assert history_of(store, first.uuid) == [(date(2026, 3, 1), first)]
    assert officials_on(store, date(2026, 2, 28)) == [first]
    assert officials_on(store, date(2026, 3, 1)) == [graduated]
    assert officials_on(store, TODAY) == [graduated]

    moved = replace(graduated, department="phong_vh_xh")
    save_official(store, moved, TODAY, change_from=date(2026, 9, 1))
    assert [d for d, _ in history_of(store, first.uuid)] == [date(2026, 3, 1), date(2026, 9, 1)]
    assert officials_on(store, date(2025, 1, 1)) == [first]
    assert officials_on(store, date(2026, 8, 31)) == [graduated]
    assert officials_on(store, date(2026, 9, 1)) == [moved]

    # a second change from the same day: the record before the first still holds before it
    renamed = replace(moved, full_name="Phan Thị Thu Hồng")
    save_official(store, renamed, TODAY, change_from=date(2026, 9, 1))
    assert len(history_of(store, first.uuid)) == 2
    assert officials_on(store, date(2026, 8, 31)) == [graduated]
    assert officials_on(store, date(2026, 9, 1)) == [renamed]


@pytest.mark.parametrize(
    ("change_from", "message"),
    [
        (
            date(2026, 2, 1),
            "Ngày áp dụng phải từ ngày của lần thay đổi trước (01/03/2026) trở về sau.",
        ),
        (date(2026, 11, 23), "Ngày áp dụng 23/11/2026 ở sau hôm nay."),
    ],
)
def test_change_from_is_refused_before_the_last_change_or_after_today(
    store, change_from: date, message: str
) -> None:  # type: ignore[no-untyped-def]
    first = save_official(store, official(), TODAY)
    second = replace(first, professional="dai_hoc")
    save_official(store, second, TODAY, change_from=date(2026, 3, 1))
    history = history_of(store, first.uuid)
    with pytest.raises(ValidationError) as caught:
        save_official(store, replace(second, it="nang_cao"), TODAY, change_from=change_from)
    assert caught.value.errors == {"change_from": message}
    assert load_official(store, first.uuid) == second
    assert history_of(store, first.uuid) == history


def test_ratio_last_year_and_today_differ_when_someone_qualified_this_year(store) -> None:  # type: ignore[no-untyped-def]
    saved = add_officials(
        store,
        [
            official("Nguyễn Văn An"),
            official("Trần Văn Bình"),
            official("Lê Thị Chi", professional="so_cap"),
            official("Hồ Văn Dũng", started_on=date(2026, 4, 1)),  # joined this year
        ],
        TODAY,
    )
    chi = saved[2]
    save_official(
        store, replace(chi, professional="trung_cap"), TODAY, change_from=date(2026, 6, 1)
    )
    assert _ratio(store, LAST_YEAR_END) == "2/3 công chức đạt chuẩn, tỷ lệ 66,7%"
    assert _ratio(store, TODAY) == "4/4 công chức đạt chuẩn, tỷ lệ 100%"
    # and someone who retired this year still counts at 31/12 last year
    an = saved[0]
    save_official(store, replace(an, status="nghi_huu", status_on=date(2026, 7, 1)), TODAY)
    assert _ratio(store, LAST_YEAR_END) == "2/3 công chức đạt chuẩn, tỷ lệ 66,7%"
    assert _ratio(store, TODAY) == "3/3 công chức đạt chuẩn, tỷ lệ 100%"


# --- many at once, and deletion -----------------------------------------------------------------


def test_add_officials_is_all_or_none(store) -> None:  # type: ignore[no-untyped-def]
    rows = [official("Nguyễn Văn An"), official("Trần Văn Bình"), official("Lê Thị Chi", it="x")]
    with pytest.raises(ValidationError) as caught:
        add_officials(store, rows, TODAY)
    # the row is named by its place, so an import can point at it
    assert caught.value.errors == {"2.it": "«x» không có trong danh sách mức tin học."}
    assert official_count(store) == 0
    with pytest.raises(ValidationError) as caught:
        add_officials(store, [rows[0], official(" ")], TODAY)
    assert set(caught.value.errors) == {"1.full_name"}
    assert official_count(store) == 0
    added = add_officials(store, [rows[0], replace(rows[2], it="co_ban")], TODAY)
    assert [o.full_name for o in added] == ["Nguyễn Văn An", "Lê Thị Chi"]
    assert all(o.uuid for o in added) and added[0].uuid != added[1].uuid
    assert official_count(store) == 2


def test_delete_leaves_tombstones_for_the_official_its_history_and_actions(store) -> None:  # type: ignore[no-untyped-def]
    kept = save_official(store, official("Nguyễn Văn An"), TODAY)
    gone = save_official(store, official("Trần Văn Bình", professional="so_cap"), TODAY)
    save_official(store, replace(gone, it="nang_cao"), TODAY, change_from=date(2026, 6, 1))
    action = save_action(
        store,
        PlanAction(gone.uuid, "professional", ActionKind.TRAINING, date(2027, 6, 30), "Văn phòng"),
    )
    history_uuid = store.conn.execute("SELECT uuid FROM official_history").fetchone()[0]
    assert delete_officials(store, [gone.uuid, "khong-co"]) == 1
    assert [o.uuid for o in load_officials(store)] == [kept.uuid]
    assert _count(store, "official_history") == 0
    assert load_actions(store) == []
    tombstones = dict(store.conn.execute("SELECT uuid, record_kind FROM tombstones").fetchall())
    assert tombstones == {
        gone.uuid: "officials",
        history_uuid: "official_history",
        action.uuid: "standard_actions",
    }


# --- standard versions -------------------------------------------------------------------------


def _nd33(store):  # type: ignore[no-untyped-def]
    return next(s for s in current_standard_sets(store) if s.family == "nd33-2023")


def test_save_standard_version_adds_the_next_version(store) -> None:  # type: ignore[no-untyped-def]
    v1 = _nd33(store)
    edited = with_position_requirement(
        v1, "tp_ht", Requirement("professional", "dai_hoc"), "professional"
    )
    v2 = save_standard_version(store, edited, date(2026, 1, 1), "  Theo Quyết định 5/2026  ")
    assert (v2.version, v2.effective_from, v2.change_note) == (
        2,
        date(2026, 1, 1),
        "Theo Quyết định 5/2026",
    )
    assert v2.uuid and v2.uuid != v1.uuid and not v2.shipped
    sets = load_standard_sets(store)
    assert v1 in sets and v2 in sets  # the earlier version is unchanged
    assert _nd33(store) == v2
    v3 = save_standard_version(store, v2, date(2026, 6, 1), "Sửa tên")
    assert v3.version == 3
    assert sorted(s.version for s in load_standard_sets(store) if s.family == "nd33-2023") == [
        1,
        2,
        3,
    ]

    person = save_official(store, official(), TODAY)
    sets = load_standard_sets(store)
    assert evaluate(person, sets, LISTS, LAST_YEAR_END).outcome == Outcome.MET
    later = evaluate(person, sets, LISTS, TODAY)
    assert later.outcome == Outcome.NOT_MET and later.standard == v3
    assert _ratio(store, LAST_YEAR_END) == "1/1 công chức đạt chuẩn, tỷ lệ 100%"
    assert _ratio(store, TODAY) == "0/1 công chức đạt chuẩn, tỷ lệ 0%"


@pytest.mark.parametrize("note", ["", "   "])
def test_a_new_version_needs_a_change_note(store, note: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        save_standard_version(store, _nd33(store), TODAY, note)
    assert caught.value.errors == {
        "change_note": "Ghi ngắn gọn nội dung thay đổi (ví dụ: theo văn bản nào)."
    }
    assert _count(store, "standard_sets") == 0


def test_an_invalid_set_is_not_saved(store) -> None:  # type: ignore[no-untyped-def]
    broken = with_position_requirement(
        _nd33(store), "tp_ht", Requirement("professional", "giao_su"), "professional"
    )
    with pytest.raises(ValidationError) as caught:
        save_standard_version(store, broken, TODAY, "Thử")
    assert set(caught.value.errors) == {"position:tp_ht:professional"}
    assert _count(store, "standard_sets") == 0


def test_a_version_dated_before_the_previous_one_is_refused_or_used(store) -> None:  # type: ignore[no-untyped-def]
    v1 = _nd33(store)
    edited = with_position_requirement(
        v1, "tp_ht", Requirement("professional", "dai_hoc"), "professional"
    )
    try:
        v2 = save_standard_version(store, edited, date(2023, 1, 1), "Áp dụng từ đầu năm 2023")
    except ValidationError:
        return  # refusing the date is one right answer
    assert _nd33(store) == v2
    assert standard_in_force(load_standard_sets(store), "nd33-2023", TODAY) == v2


# --- the plan ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"deadline": None}, {"deadline": "Nhập thời hạn hoàn thành biện pháp."}),
        ({"responsible": "  "}, {"responsible": "Nhập người hoặc bộ phận chịu trách nhiệm."}),
    ],
)
def test_save_action_validates(store, changes: dict[str, object], errors: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    person = save_official(store, official(professional="so_cap"), TODAY)
    action = PlanAction(
        person.uuid, "professional", ActionKind.TRAINING, date(2027, 6, 30), "Văn phòng"
    )
    with pytest.raises(ValidationError) as caught:
        save_action(store, replace(action, **changes))  # type: ignore[arg-type]
    assert caught.value.errors == errors
    assert _count(store, "standard_actions") == 0


def test_actions_round_trip_and_sort_by_deadline(store) -> None:  # type: ignore[no-untyped-def]
    person = save_official(store, official(professional="so_cap", it="chua_co"), TODAY)
    late = save_action(
        store,
        PlanAction(
            person.uuid,
            "professional",
            ActionKind.TRAINING,
            date(2027, 6, 30),
            "  Văn phòng  HĐND và UBND ",
            content="Cử đi học trung cấp luật",
            notes="Kinh phí của xã",
        ),
    )
    soon = save_action(
        store, PlanAction(person.uuid, "it", ActionKind.COURSE, date(2026, 12, 31), "Chị Hồng")
    )
    assert late.responsible == "Văn phòng HĐND và UBND"
    assert load_action(store, late.uuid) == late
    assert load_actions(store, person.uuid) == [soon, late]
    changed = save_action(store, replace(late, kind=ActionKind.REASSIGN))
    assert load_action(store, late.uuid) == changed
    assert {a.kind for a in load_actions(store)} == {ActionKind.REASSIGN, ActionKind.COURSE}


def test_action_becomes_a_task_linked_both_ways(store) -> None:  # type: ignore[no-untyped-def]
    person = save_official(store, official(professional="so_cap"), TODAY)
    action = PlanAction(
        person.uuid,
        "professional",
        ActionKind.TRAINING,
        date(2027, 6, 30),
        "Văn phòng HĐND và UBND",
        content="Cử đi học trung cấp luật",
    )
    assert action_state_text(None, None, linked=False) == "Chưa tạo nhiệm vụ"
    linked, task = create_task_for_action(
        store, action, person.full_name, "Trình độ chuyên môn", TODAY
    )
    assert task_count(store) == 1
    stored = load_task(store, task.uuid)
    assert stored is not None
    assert stored.field_code == STAFF_FIELD_CODE == "CDCV"
    assert stored.self_assigned and stored.source is None and stored.kind == SourceKind.OTHER
    assert stored.lead == "Văn phòng HĐND và UBND"
    assert stored.deadline == date(2027, 6, 30) and stored.assigned_on == TODAY
    assert stored.status == Status.NOT_STARTED
    assert stored.content == (
        "Chuẩn hóa cán bộ, công chức: đào tạo cho Phan Thị Hồng (trình độ chuyên môn) "
        "— Cử đi học trung cấp luật"
    )
    assert linked.task_uuid == task.uuid and linked.uuid
    assert load_action(store, linked.uuid) == linked
    assert action_for_task(store, task.uuid) == linked

    states = task_states(store, [task.uuid])
    assert states == {task.uuid: (Status.NOT_STARTED, None)}
    assert action_state_text(*states[task.uuid], linked=True) == "Chưa thực hiện"

    # completing the task shows on the action
    result = set_status(store, [task.uuid], Status.DONE, date(2026, 12, 10), date(2026, 12, 15))
    assert result.changed == [task.uuid] and result.refused == []
    states = task_states(store, [linked.task_uuid])
    assert states == {task.uuid: (Status.DONE, date(2026, 12, 10))}
    assert action_state_text(*states[task.uuid], linked=True) == "Hoàn thành ngày 10/12/2026"

    # a second task for the same action is refused
    with pytest.raises(ValidationError):
        create_task_for_action(store, linked, person.full_name, "Trình độ chuyên môn", TODAY)
    assert task_count(store) == 1

    # deleting the task leaves the action, which says so
    delete_tasks(store, [task.uuid])
    assert load_action(store, linked.uuid) == linked
    assert task_states(store, [task.uuid]) == {}
    assert action_state_text(None, None, linked=True) == "Nhiệm vụ đã bị xóa"


def test_an_invalid_action_creates_no_task(store) -> None:  # type: ignore[no-untyped-def]
    person = save_official(store, official(professional="so_cap"), TODAY)
    action = PlanAction(person.uuid, "professional", ActionKind.TRAINING, None, "Văn phòng")
    with pytest.raises(ValidationError):
        create_task_for_action(store, action, person.full_name, "Trình độ chuyên môn", TODAY)
    assert task_count(store) == 0
    assert _count(store, "standard_actions") == 0


def test_an_overdue_action_makes_a_valid_task(store) -> None:  # type: ignore[no-untyped-def]
    person = save_official(store, official(it="chua_co"), TODAY)
    action = save_action(
        store, PlanAction(person.uuid, "it", ActionKind.COURSE, date(2026, 10, 1), "Chị Hồng")
    )
    linked, task = create_task_for_action(store, action, person.full_name, "Tin học", TODAY)
    assert linked.uuid == action.uuid  # the saved action is linked, not copied
    assert _count(store, "standard_actions") == 1
    assert task.assigned_on == date(2026, 10, 1) and task.deadline == date(2026, 10, 1)


# --- upgrading a store of the task register -------------------------------------------------


def test_v2_store_upgrades_with_empty_staff_tables_and_its_tasks_intact(tmp_path: Path) -> None:
    target = tmp_path / "cchc.db"
    shutil.copy(FIXTURES / "v2.db", target)
    conn = sqlite3.connect(target)
    tasks_before = conn.execute("SELECT * FROM tasks ORDER BY id").fetchall()
    conn.close()
    assert len(tasks_before) > 0
    with open_store(target) as store:
        assert store.schema_version >= 3
        for table in ("officials", "official_history", "standard_sets", "standard_actions"):
            assert _count(store, table) == 0
        # intact; a periodic report task takes the identity every PC gives it (0008)
        after = store.conn.execute("SELECT * FROM tasks ORDER BY id").fetchall()
        assert [row[2:] for row in after] == [row[2:] for row in tasks_before]
        assert [stable_uuid("tasks", row[16]) if row[16] else row[1] for row in tasks_before] == [
            row[1] for row in after
        ]
        # the upgraded store takes officials and plans at once
        person = save_official(store, official(professional="so_cap"), TODAY)
        action = PlanAction(
            person.uuid, "professional", ActionKind.TRAINING, date(2027, 6, 30), "Văn phòng"
        )
        linked, task = create_task_for_action(store, action, person.full_name, "Trình độ", TODAY)
        assert action_for_task(store, task.uuid) == linked
        assert task_count(store) == len(tasks_before) + 1


def test_a_correction_is_true_for_earlier_days_too(store) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.store.staff_repo import officials_on, save_official

    first = save_official(
        store,
        Official("Nguyễn Văn An", "cong_chuc", birth=Birth(2005), professional="trung_cap"),
        date(2026, 1, 10),
    )
    save_official(
        store,
        replace(first, professional="dai_hoc"),
        date(2026, 3, 1),
        change_from=date(2026, 3, 1),
    )
    current = load_official(store, first.uuid)
    save_official(
        store, replace(current, full_name="Nguyễn Văn Ân", birth=Birth(1990)), date(2026, 4, 1)
    )
    (earlier,) = officials_on(store, date(2025, 12, 31))
    # The mistaken name and birth are corrected in the earlier record; the degree obtained
    # on 01/03 really changed, so the earlier record keeps trung cấp.
    assert (earlier.full_name, earlier.birth, earlier.professional) == (
        "Nguyễn Văn Ân",
        Birth(1990),
        "trung_cap",
    )


def test_a_position_change_of_the_set_is_refused_for_unknown_positions(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        save_official(
            store,
            replace(Official("Lê Văn Tám", "cong_chuc"), standard_family="x", position="y"),
            TODAY,
        )
    assert "position" in caught.value.errors
