"""Planning an import of a plan's task table: defaults, duplicates, problems."""

from __future__ import annotations

from datetime import date

import pytest

from cchc_desktop.core.tasks import SourceKind, guess_field
from cchc_desktop.importers.task_import import ImportDefaults, plan_task_import
from cchc_desktop.importers.tasks_excel import read_task_workbook
from cchc_desktop.store.task_repo import add_tasks, existing_fingerprints
from tests.support.paths import IMPORT_SAMPLES
from tests.support.task_factory import PLAN

SAMPLES = IMPORT_SAMPLES
TODAY = date(2026, 11, 22)
FIELDS = {"CDDH", "THECHE", "TTHC", "TCBM", "CDCV", "TCC", "CQS"}


@pytest.mark.parametrize(
    ("heading", "code"),
    [
        ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "CDDH"),
        ("II. Xây dựng và tổ chức thực hiện văn bản QPPL", "THECHE"),
        ("3. Cải cách thủ tục hành chính", "TTHC"),
        ("IV. CẢI CÁCH TỔ CHỨC BỘ MÁY", "TCBM"),
        ("V. Cải cách chế độ công vụ", "CDCV"),
        ("VI. Cải cách tài chính công", "TCC"),
        ("VII. XÂY DỰNG, PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", "CQS"),
        ("Nhiệm vụ khác", None),
        (None, None),
    ],
)
def test_section_headings_name_fields(heading, code) -> None:  # type: ignore[no-untyped-def]
    assert guess_field(heading) == code


def _defaults(**values) -> ImportDefaults:  # type: ignore[no-untyped-def]
    return ImportDefaults(
        assigned_on=date(2026, 1, 1), source=PLAN, lead="Văn phòng HĐND và UBND", **values
    )


def test_sample_plan_is_planned_with_fields_from_sections() -> None:
    reading = read_task_workbook(SAMPLES / "ke-hoach-cchc-2026-xa-an-binh.xlsx", default_year=2026)
    plan = plan_task_import(reading, _defaults(), set(), TODAY, FIELDS)
    assert len(plan.to_add) == len(reading.rows) > 20
    assert {task.field_code for task in plan.tasks} == FIELDS
    assert all(task.source == PLAN and task.kind == SourceKind.ANNUAL_PLAN for task in plan.tasks)


def test_importing_the_same_file_twice_adds_nothing(store) -> None:  # type: ignore[no-untyped-def]
    path = SAMPLES / "ke-hoach-cchc-2026-xa-an-binh.xlsx"
    reading = read_task_workbook(path, default_year=2026)
    first = plan_task_import(reading, _defaults(), existing_fingerprints(store), TODAY, FIELDS)
    add_tasks(store, first.tasks, TODAY)
    again = plan_task_import(reading, _defaults(), existing_fingerprints(store), TODAY, FIELDS)
    assert again.to_add == []
    assert len(again.already_there) == len(first.to_add)


def test_rows_breaking_a_rule_become_problems_with_their_place() -> None:
    reading = read_task_workbook(SAMPLES / "ke-hoach-khac-phuc-chi-so.xlsx", default_year=2026)
    late_start = ImportDefaults(assigned_on=date(2026, 10, 1), source=PLAN, lead="")
    plan = plan_task_import(reading, late_start, set(), TODAY, FIELDS)
    deadline_problems = [p for p in plan.problems if "trước ngày giao" in p.message]
    assert deadline_problems, "deadlines before 01/10/2026 must be refused"
    assert all("trước ngày giao 01/10/2026" in p.message for p in deadline_problems)
    # named as the sheet prints the column («Thời gian» over «Hoàn thành»)
    assert {p.column for p in deadline_problems} == {"Thời gian – Hoàn thành"}
    assert all(p.sheet and p.row > 0 for p in plan.problems)
