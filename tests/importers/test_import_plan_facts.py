"""What a plan's sheet already states: its document, recurring deadlines, its column names.

Qt-free: the import dialog only presents these rules.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from cchc_desktop.importers.plan_document import StatedDocument, parse_document_reference
from cchc_desktop.importers.sheet import Recurrence, parse_recurrence
from cchc_desktop.importers.task_import import (
    DeadlineChoice,
    DeadlineChoices,
    DeadlineMapping,
    ImportDefaults,
    deadline_options,
    plan_task_import,
    rows_to_map,
)
from cchc_desktop.importers.tasks_excel import read_task_workbook
from tests.support.paths import IMPORT_SAMPLES
from tests.support.plan_workbooks import HA_QUANG_SUBTITLE, QUARTERLY, YEARLY, ha_quang_plan
from tests.support.task_factory import PLAN

SAMPLES = IMPORT_SAMPLES
TODAY = date(2026, 11, 22)
FIELDS = {"CDDH", "THECHE", "TTHC", "TCBM", "CDCV", "TCC", "CQS"}
PLAN_45 = StatedDocument("45/KH-UBND", date(2022, 3, 10), "UBND huyện Hà Quảng", HA_QUANG_SUBTITLE)


# ------------------------------------------------------------------ the stated document


@pytest.mark.parametrize(
    ("text", "number", "issued_on", "issuer"),
    [
        (HA_QUANG_SUBTITLE, "45/KH-UBND", date(2022, 3, 10), "UBND huyện Hà Quảng"),
        (
            "Kèm theo Kế hoạch số 45/KH-UBND ngày 10 tháng 3 năm 2022 của Ủy ban nhân dân "
            "xã An Bình",
            "45/KH-UBND",
            date(2022, 3, 10),
            "Ủy ban nhân dân xã An Bình",
        ),
        (
            "(Ban hành kèm theo Quyết định số 12/QĐ-UBND, ngày 05/01/2026 của Sở Nội vụ)",
            "12/QĐ-UBND",
            date(2026, 1, 5),
            "Sở Nội vụ",
        ),
        (
            "KẾ HOẠCH SỐ: 90/KH- UBND NGÀY 25/01/2022 CỦA UBND TỈNH CAO BẰNG VỀ VIỆC CẢI CÁCH "
            "HÀNH CHÍNH",
            "90/KH-UBND",
            date(2022, 1, 25),
            "UBND tỉnh Cao Bằng",
        ),
        (
            "(Kèm theo Thông báo số 215/TB-UBND ngày 3/7/2021 của UBND huyện Vân Canh về "
            "kết luận kiểm tra)",
            "215/TB-UBND",
            date(2021, 7, 3),
            "UBND huyện Vân Canh",
        ),
        (  # a draft: number and day not yet given by the văn thư
            "(Kèm theo Kế hoạch số      /KH-UBND ngày    tháng 3 năm 2022 của UBND huyện Hà Quảng)",
            "",
            None,
            "UBND huyện Hà Quảng",
        ),
        (
            "(Kèm theo Kế hoạch số 15/2022/KH-UBND ngày 31.12.2021)",
            "15/2022/KH-UBND",
            date(2021, 12, 31),
            "",
        ),
    ],
)
def test_a_subtitle_gives_number_date_and_issuer(
    text: str, number: str, issued_on: date | None, issuer: str
) -> None:
    found = parse_document_reference(text)
    assert found is not None
    assert (found.number, found.issued_on, found.issuer) == (number, issued_on, issuer)


@pytest.mark.parametrize(
    "text",
    [
        "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",
        "NHIỆM VỤ, GIẢI PHÁP NÂNG CAO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022",
        "Căn cứ Quyết định số 90/QĐ-UBND ngày 25/01/2022 của UBND tỉnh Cao Bằng",
        "",
    ],
)
def test_other_lines_state_no_document(text: str) -> None:
    assert parse_document_reference(text) is None


def test_the_sheet_states_its_plan(tmp_path: Path) -> None:
    reading = read_task_workbook(ha_quang_plan(tmp_path), default_year=2022)
    assert reading.document == PLAN_45


def test_the_annual_sample_states_its_plan() -> None:
    reading = read_task_workbook(SAMPLES / "ke-hoach-cchc-2026-xa-an-binh.xlsx", default_year=2026)
    assert reading.document is not None
    assert (reading.document.number, reading.document.issued_on, reading.document.issuer) == (
        "15/KH-UBND",
        date(2026, 1, 10),
        "UBND xã An Bình",
    )


def test_without_a_subtitle_the_title_block_says_it(tmp_path: Path) -> None:
    reading = read_task_workbook(ha_quang_plan(tmp_path, subtitle=None), default_year=2022)
    assert reading.document is not None
    assert (reading.document.number, reading.document.issued_on, reading.document.issuer) == (
        "45/KH-UBND",
        date(2022, 3, 10),
        "UBND huyện Hà Quảng",
    )


def test_a_bare_table_states_nothing(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["STT", "Nội dung nhiệm vụ", "Thời hạn"])
    wb.active.append([1, "Việc A", "30/6/2026"])
    wb.save(tmp_path / "a.xlsx")
    assert read_task_workbook(tmp_path / "a.xlsx", default_year=2026).document is None


# ------------------------------------------------------------------ recurring deadlines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trước ngày 03 hàng quý", Recurrence(3, 3, None)),
        ("trước ngày 3 hằng quý.", Recurrence(3, 3, None)),
        ("Trước ngày 03 của tháng cuối quý", Recurrence(3, 3, 3)),
        ("Trước ngày 20 tháng cuối mỗi quý", Recurrence(3, 20, 3)),
        ("Ngày 25 hằng tháng", Recurrence(1, 25, None)),
        ("Trước 15/11 hằng năm", Recurrence(12, 15, 11)),
        ("Trước ngày 15 tháng 11 hàng năm", Recurrence(12, 15, 11)),
        ("Định kỳ hằng quý", Recurrence(3, None, None)),
        ("Hằng tháng", Recurrence(1, None, None)),
        ("Định kỳ 6 tháng", Recurrence(6, None, None)),
        ("Thường xuyên", None),
        ("Quý II/2026", None),
        ("sớm nhất có thể", None),
        ("Trước ngày 40 hàng quý", None),
    ],
)
def test_recurring_deadline_texts(text: str, expected: Recurrence | None) -> None:
    assert parse_recurrence(text) == expected


def test_the_dates_of_a_recurrence() -> None:
    assert Recurrence(3, 3, 1).occurrences(2022) == [
        date(2022, 1, 3),
        date(2022, 4, 3),
        date(2022, 7, 3),
        date(2022, 10, 3),
    ]
    assert Recurrence(3, 3, 3).occurrences(2022)[0] == date(2022, 3, 3)
    assert Recurrence(3, None, None).occurrences(2022) == [
        date(2022, 3, 31),
        date(2022, 6, 30),
        date(2022, 9, 30),
        date(2022, 12, 31),
    ]
    assert Recurrence(12, 15, 11).occurrences(2022) == [date(2022, 11, 15)]
    assert Recurrence(1, 31, None).occurrences(2023)[1] == date(2023, 2, 28)
    # the month of the quarter is not said: both readings are offered, never guessed
    assert Recurrence(3, 3, None).variants() == [Recurrence(3, 3, 1), Recurrence(3, 3, 3)]


def test_unreadable_and_recurring_deadlines_are_kept_to_be_mapped(tmp_path: Path) -> None:
    reading = read_task_workbook(ha_quang_plan(tmp_path), default_year=2022)
    assert reading.problems == []
    assert len(reading.rows) == 12
    by_number = {r.number: r for r in reading.rows}
    quarterly = by_number["2"]
    assert (quarterly.deadline, quarterly.deadline_text) == (None, QUARTERLY)
    assert quarterly.recurrence == Recurrence(3, 3, None)
    assert "hạn lặp lại" in quarterly.deadline_problem
    assert by_number["9"].recurrence == Recurrence(12, 15, 11)
    assert by_number["5"].deadline_problem == ""  # «Thường xuyên»: no deadline, as before
    assert [r.number for r in rows_to_map(reading)] == ["2", "7", "9"]


# ------------------------------------------------------------------ planning


def _defaults(assigned_on: date) -> ImportDefaults:
    return ImportDefaults(assigned_on=assigned_on, source=PLAN, lead="Phòng Nội vụ")


def test_with_the_plans_date_only_the_unmapped_deadlines_wait(tmp_path: Path) -> None:
    reading = read_task_workbook(ha_quang_plan(tmp_path), default_year=2022)
    plan = plan_task_import(reading, _defaults(PLAN_45.issued_on), set(), TODAY, FIELDS)
    assert len(plan.to_add) == 9
    assert [r.number for r in plan.unmapped] == ["2", "7", "9"]
    assert [(p.row, p.column) for p in plan.problems] == [
        (11, "Thời gian hoàn thành"),
        (16, "Thời gian hoàn thành"),
        (18, "Thời gian hoàn thành"),
    ]
    assert all("Thời hạn cần chọn" in p.message for p in plan.problems)
    # the column is named as the sheet names it, for a rule of the task too
    late = plan_task_import(reading, _defaults(date(2026, 1, 1)), set(), TODAY, FIELDS)
    before = [p for p in late.problems if "trước ngày giao" in p.message]
    assert len(before) == 8
    assert {p.column for p in late.problems} == {"Thời gian hoàn thành"}


def test_a_mapping_for_a_text_applies_to_every_row_that_prints_it(tmp_path: Path) -> None:
    reading = read_task_workbook(ha_quang_plan(tmp_path), default_year=2022)
    choices = DeadlineChoices()
    choices.choose_text(
        QUARTERLY, DeadlineChoice(DeadlineMapping.RECURRING, None, Recurrence(3, 3, 1))
    )
    choices.choose_text(YEARLY, DeadlineChoice(DeadlineMapping.DATE, date(2022, 11, 15)))
    plan = plan_task_import(reading, _defaults(PLAN_45.issued_on), set(), TODAY, FIELDS, choices)
    assert plan.problems == [] and plan.unmapped == []
    quarterly = [
        (row.number, task.deadline) for row, task in plan.to_add if row.number in ("2", "7")
    ]
    # 03/01 is before the plan's date: the duty starts with the plan
    assert quarterly == [
        ("2", date(2022, 4, 3)),
        ("2", date(2022, 7, 3)),
        ("2", date(2022, 10, 3)),
        ("7", date(2022, 4, 3)),
        ("7", date(2022, 7, 3)),
        ("7", date(2022, 10, 3)),
    ]
    yearly = [task for row, task in plan.to_add if row.number == "9"]
    assert [t.deadline for t in yearly] == [date(2022, 11, 15)]
    assert f"Thời hạn trong kế hoạch: «{YEARLY}»" in yearly[0].notes
    assert len(plan.to_add) == 9 + 6 + 1

    # one row mapped differently from the others that print the same text
    row_7 = next(r for r in reading.rows if r.number == "7")
    choices.choose_row(row_7, DeadlineChoice(DeadlineMapping.NONE))
    plan = plan_task_import(reading, _defaults(PLAN_45.issued_on), set(), TODAY, FIELDS, choices)
    assert [task.deadline for row, task in plan.to_add if row.number == "7"] == [None]
    assert len([1 for row, _ in plan.to_add if row.number == "2"]) == 3

    # a chosen date not typed yet keeps the row waiting
    choices.choose_row(row_7, DeadlineChoice(DeadlineMapping.DATE))
    plan = plan_task_import(reading, _defaults(PLAN_45.issued_on), set(), TODAY, FIELDS, choices)
    assert [r.number for r in plan.unmapped] == ["7"]


def test_a_recurring_duty_is_not_added_twice(tmp_path: Path, store) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.store.task_repo import add_tasks, existing_fingerprints

    reading = read_task_workbook(ha_quang_plan(tmp_path), default_year=2022)
    choices = DeadlineChoices()
    for text in (QUARTERLY, YEARLY):
        choices.choose_text(text, DeadlineChoice(DeadlineMapping.NONE))
    first = plan_task_import(reading, _defaults(PLAN_45.issued_on), set(), TODAY, FIELDS, choices)
    add_tasks(store, first.tasks, TODAY)
    again = plan_task_import(
        reading, _defaults(PLAN_45.issued_on), existing_fingerprints(store), TODAY, FIELDS, choices
    )
    assert again.to_add == [] and len(again.already_there) == 12


def test_the_ways_a_deadline_can_be_read(tmp_path: Path) -> None:
    reading = read_task_workbook(ha_quang_plan(tmp_path), default_year=2022)
    quarterly, _, yearly = rows_to_map(reading)
    options = deadline_options(quarterly, PLAN_45.issued_on)
    assert [o.label for o in options] == [
        "Chưa chọn (dòng chưa được thêm)",
        "Định kỳ: ngày 03 tháng đầu mỗi quý (03/04/2022, 03/07/2022, 03/10/2022)",
        "Định kỳ: ngày 03 tháng cuối mỗi quý (03/06/2022, 03/09/2022, 03/12/2022)",
        "Một ngày cụ thể (nhập ở cột «Ngày»)",
        "Không thời hạn",
    ]
    assert options[0].choice is None
    assert options[3].choice == DeadlineChoice(DeadlineMapping.DATE)
    assert [o.label for o in deadline_options(yearly, PLAN_45.issued_on)][1] == (
        "Định kỳ: ngày 15/11 hằng năm (15/11/2022)"
    )


def test_problems_name_the_column_as_the_sheet_does() -> None:
    reading = read_task_workbook(SAMPLES / "ke-hoach-khac-phuc-chi-so.xlsx", default_year=2026)
    late_start = ImportDefaults(assigned_on=date(2026, 10, 1), source=PLAN, lead="")
    plan = plan_task_import(reading, late_start, set(), TODAY, FIELDS)
    assert {p.column for p in plan.problems if "trước ngày giao" in p.message} == {
        "Thời gian – Hoàn thành"
    }
