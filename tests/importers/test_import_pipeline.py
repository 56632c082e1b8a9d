"""The import pipeline of every importer, without Qt: reading and planning write nothing,
applying writes all or nothing, and a plan is refused once the store changed under it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from cchc_desktop.core.criteria import shipped_criteria_sets
from cchc_desktop.core.scoring import Score
from cchc_desktop.core.staff import Official, load_staff_lists
from cchc_desktop.core.tasks import Document
from cchc_desktop.core.year_list import parse_years
from cchc_desktop.exports.criteria_excel import export_criteria_set
from cchc_desktop.importers import pipeline
from cchc_desktop.importers.appraisal_import import (
    appraisal_import_state,
    plan_appraisal_import,
    read_appraisal_file,
)
from cchc_desktop.importers.criteria_excel import read_criteria_workbook
from cchc_desktop.importers.criteria_import import (
    CriteriaDetails,
    criteria_import_state,
    plan_criteria_import,
)
from cchc_desktop.importers.sheet import ImportFileError
from cchc_desktop.importers.staff_excel import read_staff_workbook
from cchc_desktop.importers.staff_import import plan_from_state, staff_import_state
from cchc_desktop.importers.task_import import ImportDefaults, plan_task_import, task_import_state
from cchc_desktop.importers.tasks_excel import read_task_workbook
from cchc_desktop.jobs import JobCancelled
from cchc_desktop.store import imports
from cchc_desktop.store.criteria_repo import list_criteria_sets
from cchc_desktop.store.database import Store
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.imports import (
    StaleImportError,
    apply_appraisal_import,
    apply_criteria_import,
    apply_staff_import,
    apply_task_import,
)
from cchc_desktop.store.scoring_repo import (
    assessment_for_year,
    load_scores,
    save_score,
    start_assessment,
)
from cchc_desktop.store.staff_repo import add_officials
from cchc_desktop.store.task_repo import add_tasks
from cchc_desktop.store.task_table import task_count
from tests.importers.test_import_appraisal import _body, _workbook
from tests.support.paths import IMPORT_SAMPLES
from tests.support.task_factory import task

TODAY = date(2026, 3, 2)
TASKS_FILE = IMPORT_SAMPLES / "ke-hoach-cchc-2026-xa-an-binh.xlsx"
LISTS = load_staff_lists()
SAMPLE = shipped_criteria_sets()[0]
D = Decimal


def _store_bytes(store: Store) -> str:
    """The store's file and its write-ahead log, as they are on disk."""
    digest = hashlib.sha256()
    for path in (store.path, store.path.with_name(store.path.name + "-wal")):
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()


def _staff_file(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    rows = [
        ["Họ và tên", "Năm sinh", "Chức danh"],
        ["Nguyễn Văn An", 1975, "Văn phòng - thống kê"],
        ["Lê Thị Bình", 1982, "Tư pháp - hộ tịch"],
    ]
    for row in rows:
        ws.append(row)
    path = tmp_path / "danh-sach.xlsx"
    wb.save(path)
    return path


# --- one case per importer: plan it, change the store, apply it ------------------------------


def _plan_tasks(store: Store, tmp_path: Path) -> Any:
    state = task_import_state(store)
    reading = read_task_workbook(TASKS_FILE, default_year=2026)
    defaults = ImportDefaults(
        assigned_on=date(2026, 1, 1), source=Document(number="12/KH-UBND"), lead="Văn phòng"
    )
    return plan_task_import(
        reading, defaults, state.fingerprints, TODAY, set(state.field_names), basis=state.basis
    )


def _plan_staff(store: Store, tmp_path: Path) -> Any:
    state = staff_import_state(store)
    reading = read_staff_workbook(
        _staff_file(tmp_path), lists=LISTS, standard_sets=state.standard_sets
    )
    return plan_from_state(reading, state, TODAY, LISTS)


def _plan_criteria(store: Store, tmp_path: Path) -> Any:
    state = criteria_import_state(store)
    reading = read_criteria_workbook(export_criteria_set(SAMPLE, tmp_path / "bo.xlsx"))
    plan, errors = plan_criteria_import(
        reading, CriteriaDetails(name="Bộ tiêu chí tỉnh", years="2026"), TODAY, state.basis
    )
    assert plan is not None and not errors
    return plan


def _plan_appraisal(store: Store, tmp_path: Path) -> Any:
    sheet = assessment_for_year(store, 2025)
    if sheet is None:
        sheet = start_assessment(store, 2025, SAMPLE)
        save_score(store, sheet, SAMPLE.by_code["1.1"], Score("1.1", value=D(1)))
    path = _workbook(tmp_path, _body(SAMPLE, {"1.1": D("0.5")}))
    read = read_appraisal_file(path, SAMPLE, lambda *_: None, lambda: False)
    return plan_appraisal_import(read.for_round(1), appraisal_import_state(store, sheet, TODAY), 1)


def _apply_tasks(store: Store, plan: Any) -> object:
    return apply_task_import(store, plan, TODAY)


def _apply_staff(store: Store, plan: Any) -> object:
    return apply_staff_import(store, plan, TODAY, LISTS)


def _change_tasks(store: Store) -> None:
    add_tasks(store, [task("Một nhiệm vụ thêm sau khi xem trước")], TODAY)


def _change_staff(store: Store) -> None:
    add_officials(store, [Official(full_name="Trần Văn Cường", category="cong_chuc")], TODAY)


def _change_criteria(store: Store) -> None:
    start_assessment(store, 2024, SAMPLE)  # stores the sample: a new stored set


def _change_appraisal(store: Store) -> None:
    sheet = assessment_for_year(store, 2025)
    assert sheet is not None
    save_score(store, sheet, SAMPLE.by_code["5"], Score("5", value=D(3)))


def _written(store: Store) -> list[str]:
    return list(store.conn.iterdump())


CASES: dict[str, tuple[Callable[..., Any], Callable[..., Any], Callable[[Store], None], str]] = {
    "tasks": (_plan_tasks, _apply_tasks, _change_tasks, "add_tasks"),
    "staff": (_plan_staff, _apply_staff, _change_staff, "update_officials"),
    "criteria": (_plan_criteria, apply_criteria_import, _change_criteria, "save_new_criteria_set"),
    "appraisal": (_plan_appraisal, apply_appraisal_import, _change_appraisal, "save_appraisals"),
}


@pytest.mark.parametrize("kind", CASES)
def test_reading_and_planning_write_nothing(store, tmp_path, kind) -> None:  # type: ignore[no-untyped-def]
    make_plan = CASES[kind][0]
    if kind == "appraisal":  # the sheet the appraisal goes into is made first
        _plan_appraisal(store, tmp_path)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before, rows = _store_bytes(store), _written(store)
    plan = make_plan(store, tmp_path)
    assert plan.basis is not None
    assert _store_bytes(store) == before and _written(store) == rows


@pytest.mark.parametrize("kind", CASES)
def test_apply_writes_what_was_planned(store, tmp_path, kind) -> None:  # type: ignore[no-untyped-def]
    make_plan, apply, _change, _ = CASES[kind]
    plan = make_plan(store, tmp_path)
    before = _written(store)
    apply(store, plan)
    assert _written(store) != before


@pytest.mark.parametrize("kind", CASES)
def test_a_plan_is_refused_once_the_store_changed(store, tmp_path, kind) -> None:  # type: ignore[no-untyped-def]
    make_plan, apply, change, _ = CASES[kind]
    plan = make_plan(store, tmp_path)
    change(store)
    before = _written(store)
    with pytest.raises(StaleImportError) as refused:
        apply(store, plan)
    assert "Chưa có gì được lưu" in refused.value.message
    assert _written(store) == before


@pytest.mark.parametrize("kind", CASES)
def test_a_failure_midway_leaves_nothing_written(store, tmp_path, kind, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    make_plan, apply, _change, writer = CASES[kind]
    plan = make_plan(store, tmp_path)
    if kind == "staff":  # one added, then the update fails
        (person,) = add_officials(
            store, [Official(full_name="Phạm Văn Dũng", category="cong_chuc")], TODAY
        )
        plan = make_plan(store, tmp_path)
        monkeypatch.setattr(plan.__class__, "to_update", property(lambda _self: [person]))
    original = getattr(imports, writer)

    def write_then_fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        original(*args, **kwargs)
        raise StoreError("Không ghi được vào tệp dữ liệu: ổ đĩa đầy.")

    monkeypatch.setattr(imports, writer, write_then_fail)
    before = _written(store)
    with pytest.raises(StoreError, match="ổ đĩa đầy"):
        apply(store, plan)
    assert _written(store) == before


def test_a_plan_without_its_basis_is_not_applied(store) -> None:  # type: ignore[no-untyped-def]
    reading = read_task_workbook(TASKS_FILE, default_year=2026)
    plan = plan_task_import(
        reading, ImportDefaults(assigned_on=date(2026, 1, 1)), set(), TODAY, {"CDDH"}
    )
    with pytest.raises(ValueError):
        apply_task_import(store, plan, TODAY)
    assert task_count(store) == 0


def test_the_staff_importer_no_longer_writes() -> None:
    """Writing is the store's: the planner module has no writing function any more."""
    from cchc_desktop.importers import staff_import

    assert not hasattr(staff_import, "apply_staff_import")
    assert not hasattr(staff_import, "add_officials")


# --- the reading job and what a failed read says ------------------------------------------------


def test_the_reading_job_reports_then_reads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    job = pipeline.reading_job(
        pipeline.simple_reader(lambda path: path.name), tmp_path / "tep.xlsx"
    )
    assert job(lambda _d, _t, text: said.append(text), lambda: False) == "tep.xlsx"
    assert said == ["Đang đọc tệp Excel…"]
    with pytest.raises(JobCancelled):
        job(lambda *_: None, lambda: True)


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (ImportFileError("Tệp là dạng Excel cũ (.xls)."), "Tệp là dạng Excel cũ (.xls)."),
        (PermissionError(13, "Permission denied"), "Không có quyền đọc tệp «a.xlsx»"),
        (OSError(5, "Input/output error"), "Không đọc được tệp «a.xlsx»: tệp có thể"),
    ],
)
def test_a_file_that_cannot_be_read_is_said_in_vietnamese(error, said) -> None:  # type: ignore[no-untyped-def]
    text = pipeline.unreadable_text(error, Path("/x/a.xlsx"))
    assert text is not None and text.startswith(said)
    assert "Permission denied" not in text and "Input/output" not in text
    assert pipeline.unreadable_text(RuntimeError("x"), Path("a.xlsx")) is None


# --- the criteria set's details ----------------------------------------------------------------


def test_the_details_of_a_criteria_set_are_checked(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    reading = read_criteria_workbook(export_criteria_set(SAMPLE, tmp_path / "bo.xlsx"))
    plan, errors = plan_criteria_import(
        reading,
        CriteriaDetails(name=" ", years="1999, 2026", decision_date=date(2030, 1, 1)),
        TODAY,
    )
    assert plan is None
    assert errors["name"] == "Chưa nhập tên bộ tiêu chí."
    assert "từ 2000 đến 2100" in errors["years"]
    assert errors["decision_date"]
    _plan, errors = plan_criteria_import(
        reading, CriteriaDetails(name="Bộ", as_version=True), TODAY
    )
    assert errors == {"mode": "Chọn bộ tiêu chí được đính chính."}


def test_a_correction_is_the_next_version_of_the_family(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = apply_criteria_import(store, _plan_criteria(store, tmp_path))
    state = criteria_import_state(store)
    (family,) = state.families
    assert state.same_name("bộ tiêu chí TỈNH") is family
    reading = read_criteria_workbook(export_criteria_set(SAMPLE, tmp_path / "bo-2.xlsx"))
    details = CriteriaDetails(name="Bộ tiêu chí tỉnh", as_version=True, corrected=family)
    plan, _ = plan_criteria_import(reading, details, TODAY, state.basis)
    assert plan is not None
    second = apply_criteria_import(store, plan)
    assert (second.family, second.version) == (first.family, first.version + 1)
    assert len([s for s in list_criteria_sets(store) if s.stored]) == 2


def test_an_appraisal_plan_projects_the_round(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    plan = _plan_appraisal(store, tmp_path)
    assert plan.ok and plan.replaced == 0
    assert plan.projected.appraised_1 is not None
    assert apply_appraisal_import(store, plan) == len(plan.reading.items)
    sheet = assessment_for_year(store, 2025)
    assert sheet is not None
    assert load_scores(store, sheet)["1.1"].appraised_1 == D("0.5")


# --- the years a criteria set or a package is for ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [("", ()), ("2026", (2026,)), ("2026; 2025", (2025, 2026)), ("2025–2027", (2025, 2026, 2027))],
)
def test_one_reader_of_years(text: str, years: tuple[int, ...]) -> None:
    assert parse_years(text) == years
    assert parse_years(text, bounds=None) == years


def test_the_bounds_are_the_callers() -> None:
    with pytest.raises(ValueError, match="từ 2000 đến 2100"):
        parse_years("1999")
    assert parse_years("1999", bounds=None) == (1999,)  # the package's: years with data
    with pytest.raises(ValueError, match="Năm «20x5» không hợp lệ"):
        parse_years("20x5", bounds=None)


def test_the_command_line_reads_years_as_the_interface_does() -> None:
    from cchc_desktop.cli.common import Refused
    from cchc_desktop.cli.package import years_option

    assert years_option("2025-2027") == (2025, 2026, 2027)  # a range, as in the dialog
    assert years_option("2026,2025") == (2025, 2026)
    assert years_option("1999") == (1999,)  # judged against the store's data after
    with pytest.raises(Refused, match="Năm «20x5» không hợp lệ"):
        years_option("20x5")
    with pytest.raises(Refused, match="ít nhất một năm"):
        years_option(" , ")


def test_the_pipeline_runs_without_qt() -> None:
    import subprocess
    import sys

    modules = [
        "cchc_desktop.core.year_list",
        "cchc_desktop.importers.pipeline",
        "cchc_desktop.importers.task_import",
        "cchc_desktop.importers.staff_import",
        "cchc_desktop.importers.criteria_import",
        "cchc_desktop.importers.appraisal_import",
        "cchc_desktop.store.imports",
    ]
    code = (
        f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
