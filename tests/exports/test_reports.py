"""The three reports built from the store: the values are the application's own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc_desktop.core.score_comparison import compare_totals
from cchc_desktop.core.scoring import Score
from cchc_desktop.core.staff import load_staff_lists
from cchc_desktop.core.standard_checks import evaluate_on
from cchc_desktop.core.standard_ratios import overall_ratio
from cchc_desktop.core.tasks import Status
from cchc_desktop.demo import fill_demo_store
from cchc_desktop.exports import ExportError
from cchc_desktop.exports.document import (
    OfficialDocument,
    Paragraph,
    RowStyle,
    Table,
    appendix_note,
    cell_text,
    official_date_line,
    signing_lines,
    sum_problems,
)
from cchc_desktop.exports.reports import build_document
from cchc_desktop.exports.reports.common import (
    SELF_ASSESSMENT,
    STAFF,
    TASKS,
    ReportOptions,
    default_recipients,
)
from cchc_desktop.exports.reports.tasks import period_of
from cchc_desktop.store.database import Store
from cchc_desktop.store.profile_repo import load_profile, save_profile
from cchc_desktop.store.scoring_repo import assessment_for_year, save_score, sheet_state
from cchc_desktop.store.staff_repo import load_standard_sets, officials_on
from cchc_desktop.store.task_repo import add_tasks
from tests.support.profile import PROFILE
from tests.support.task_factory import task

TODAY = date(2026, 11, 22)


@pytest.fixture
def demo(store: Store) -> Store:
    fill_demo_store(store, TODAY)
    return store


def _table(document: OfficialDocument, key: str) -> Table:
    return next(t for t in document.tables if t.key == key)


def _texts(document: OfficialDocument) -> str:
    return "\n".join(b.text for b in document.blocks if isinstance(b, Paragraph))


def _column(table: Table, header: str) -> int:
    return next(i for i, c in enumerate(table.columns) if c.header == header)


# --- shared layout -----------------------------------------------------------------------------


def test_date_line_has_leading_zeros_as_the_decree_writes_them() -> None:
    assert official_date_line("Vân Canh", date(2026, 2, 5)) == "Vân Canh, ngày 05 tháng 02 năm 2026"
    assert official_date_line("Vân Canh", date(2021, 6, 24)) == "Vân Canh, ngày 24 tháng 6 năm 2021"
    assert official_date_line("An Bình", date(2026, 12, 1)) == "An Bình, ngày 01 tháng 12 năm 2026"


def test_signing_block_follows_the_signers_title() -> None:
    assert signing_lines("Chủ tịch") == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert signing_lines("Phó Chủ tịch") == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def test_header_and_signature_come_from_the_profile(demo: Store) -> None:
    document = build_document(demo, STAFF, 2026, ReportOptions(TODAY, number="15"))
    assert document.parent_lines == ("UBND TỈNH GIA LAI",)
    assert document.issuer_lines == ("ỦY BAN NHÂN DÂN", "XÃ AN BÌNH")
    assert document.number == "Số: 15/BC-UBND"
    assert document.place_date == "An Bình, ngày 22 tháng 11 năm 2026"
    assert document.signing.name == "Trần Văn Minh"
    assert document.recipients == default_recipients(load_profile(demo))
    assert document.recipients[0] == "- Sở Nội vụ tỉnh Gia Lai (b/c);"
    assert document.recipients[-1].startswith("- Lưu: VT")
    assert document.file_stem.isascii() and " " not in document.file_stem
    assert document.data["unit_code"] == "99999"


def test_a_number_below_ten_has_a_leading_zero(demo: Store) -> None:
    for typed, printed in (("7", "07"), ("07", "07"), ("15", "15"), ("7/BC-UBND", "07")):
        document = build_document(demo, STAFF, 2026, ReportOptions(TODAY, number=typed))
        assert document.number == f"Số: {printed}/BC-UBND"
        assert f"số {printed}/BC-UBND ngày 22 tháng 11 năm 2026" in appendix_note(document)


def test_options_replace_the_defaults(demo: Store) -> None:
    options = ReportOptions(TODAY, parent_line="", recipients=("- Sở Nội vụ;", "- Lưu: VT."))
    document = build_document(demo, STAFF, 2026, options)
    assert document.parent_lines == ()
    assert document.recipients == ("- Sở Nội vụ;", "- Lưu: VT.")
    assert document.number == "Số:        /BC-UBND"


def test_without_a_profile_the_export_is_refused(store: Store) -> None:
    with pytest.raises(ExportError, match="Thông tin đơn vị"):
        build_document(store, STAFF, 2026, ReportOptions(TODAY))


# --- 1. self-assessment -----------------------------------------------------------------------


def test_self_assessment_totals_are_the_sheets(demo: Store) -> None:
    for year in (2025, 2026):
        document = build_document(demo, SELF_ASSESSMENT, year, ReportOptions(TODAY))
        state = sheet_state(demo, assessment_for_year(demo, year), TODAY)
        sheet = _table(document, "bang-diem")
        assert all(not sum_problems(t) for t in document.tables)
        total = sheet.rows[-1]
        assert total.style == RowStyle.TOTAL and total.sum_of  # a live formula in Excel
        assert total.cells[2:5] == (state.sheet.maximum, state.sheet.total, state.sheet.percent)
        leaves = [r for r in sheet.rows if r.style == RowStyle.NORMAL]
        assert len(leaves) == sum(1 for _ in state.criteria.leaves())
        assert document.data["totals"]["self"] == format(state.sheet.total, "f")
        text = _texts(document)
        assert f"đạt {cell_text(state.sheet.total, sheet.columns[3].kind)}/99 điểm" in text


def test_appraised_columns_appear_only_when_appraised(demo: Store) -> None:
    appraised = build_document(demo, SELF_ASSESSMENT, 2025, ReportOptions(TODAY))
    table = _table(appraised, "bang-diem")
    column = _column(table, "Điểm thẩm định")
    state = sheet_state(demo, assessment_for_year(demo, 2025), TODAY)
    assert table.rows[-1].cells[column] == state.sheet.appraised_1
    assert "Điểm sau thẩm định" in _texts(appraised)
    fresh = build_document(demo, SELF_ASSESSMENT, 2026, ReportOptions(TODAY))
    headers = [c.header for c in _table(fresh, "bang-diem").columns]
    assert "Điểm thẩm định" not in headers


def test_year_on_year_table_adds_up_to_both_totals(demo: Store) -> None:
    document = build_document(demo, SELF_ASSESSMENT, 2026, ReportOptions(TODAY))
    table = _table(document, "so-sanh")
    old = sheet_state(demo, assessment_for_year(demo, 2025), TODAY).sheet
    new = sheet_state(demo, assessment_for_year(demo, 2026), TODAY).sheet
    expected = compare_totals(old, new)
    total = table.rows[-1]
    assert total.cells[3] == expected.old_score and total.cells[5] == expected.new_score
    assert total.cells[6] == expected.change
    assert not sum_problems(table) and total.sum_of
    parts = sum((r.cells[3] or Decimal(0) for r in table.rows[:-1]), Decimal(0))
    assert parts == expected.old_score  # bonus points have a row of their own
    assert "So với năm 2025" in _texts(document)


def test_first_year_says_there_is_nothing_to_compare(demo: Store) -> None:
    document = build_document(demo, SELF_ASSESSMENT, 2025, ReportOptions(TODAY))
    text = _texts(document)
    # an official report speaks about the commune's results, never about the program
    assert "Năm 2024 chưa có kết quả tự chấm điểm để so sánh." in text
    assert "trong chương trình" not in text


def _unscore_field(store: Store, year: int, field: str) -> None:
    """Last year's field left without any score this year (its lines not yet self-scored)."""
    assessment = assessment_for_year(store, year)
    criteria = sheet_state(store, assessment, TODAY).criteria
    node = next(f for f in criteria.fields if f.code == field)

    def leaves(n):  # type: ignore[no-untyped-def]
        return [n] if n.is_leaf else [leaf for c in n.children for leaf in leaves(c)]

    for leaf in leaves(node):
        save_score(store, assessment, leaf, Score(leaf.code))


def test_the_year_on_year_total_compares_like_with_like(demo: Store) -> None:
    """A field scored last year and not yet this year is left out of both totals (and the
    text says so), so that the total's change is the sum of the fields' changes."""
    _unscore_field(demo, 2026, "VII")
    document = build_document(demo, SELF_ASSESSMENT, 2026, ReportOptions(TODAY))
    table = _table(document, "so-sanh")
    assert not sum_problems(table)
    rows = {r.cells[0]: r for r in table.rows if r.cells[0]}
    seventh = rows["VII"]
    assert seventh.cells[3] is not None and seventh.cells[5] is None  # scored in 2025 only
    assert "chưa chấm" in seventh.cells[7]
    total = table.rows[-1]
    compared = [r for r in table.rows[:-1] if r.cells[6] is not None]
    assert seventh not in compared
    for column in (2, 3, 4, 5, 6):
        assert total.cells[column] == sum((r.cells[column] or 0 for r in compared), Decimal(0))
    assert {t.row for t in total.sum_of} == {table.rows.index(r) for r in compared}
    old = sheet_state(demo, assessment_for_year(demo, 2025), TODAY).sheet
    assert total.cells[3] != old.final_total  # not last year's whole total
    assert "VII" not in total.cells[1] or "cả hai năm" in total.cells[1]
    text = _texts(document)
    assert "lĩnh vực VII" in text and "chưa chấm" in text
    change = cell_text(abs(total.cells[6]), table.columns[6].kind)
    assert f"{'tăng' if total.cells[6] > 0 else 'giảm'} {change} điểm" in text


def test_the_report_says_which_criteria_are_not_yet_scored(demo: Store) -> None:
    document = build_document(demo, SELF_ASSESSMENT, 2026, ReportOptions(TODAY))
    sheet = sheet_state(demo, assessment_for_year(demo, 2026), TODAY).sheet
    unscored = len(sheet.unscored())
    assert unscored  # the sample's sheet of this year is half scored
    assert f"còn {unscored} tiêu chí chưa chấm điểm" in _texts(document)
    table = _table(document, "so-sanh")
    notes = [r.cells[7] for r in table.rows[:-1] if r.cells[0]]
    assert any("chưa chấm" in n for n in notes)  # the fields they belong to say so too


def test_evidence_and_explanations_are_in_the_sheet(demo: Store) -> None:
    document = build_document(demo, SELF_ASSESSMENT, 2025, ReportOptions(TODAY))
    table = _table(document, "bang-diem")
    evidence = [r.cells[5] for r in table.rows if r.cells[5]]
    assert evidence and any("/KH-UBND" in e for e in evidence)


def test_a_year_without_a_sheet_is_refused(demo: Store) -> None:
    with pytest.raises(ExportError, match="Năm 2024 chưa có bảng tự chấm điểm"):
        build_document(demo, SELF_ASSESSMENT, 2024, ReportOptions(TODAY))


# --- 2. tasks of a period ---------------------------------------------------------------------


@pytest.fixture
def tasks_store(store: Store) -> Store:
    save_profile(store, PROFILE, date.today())
    add_tasks(
        store,
        [
            task(
                "Đúng hạn",
                deadline=date(2026, 2, 20),
                status=Status.DONE,
                completed_on=date(2026, 2, 10),
            ),
            task(
                "Trễ hạn",
                deadline=date(2026, 2, 20),
                status=Status.DONE,
                completed_on=date(2026, 3, 1),
            ),
            task("Quá hạn", deadline=date(2026, 3, 1)),
            task("Còn hạn", deadline=date(2026, 6, 30), field_code="CDDH"),
            task("Đã hủy", status=Status.CANCELLED),
            task("Giao sau kỳ", assigned_on=date(2026, 3, 20)),
        ],
        TODAY,
    )
    return store


def test_period_cut_offs_are_the_report_calendars(tasks_store: Store) -> None:
    assert period_of(tasks_store, "quy-1", 2026)[1:] == (date(2025, 12, 15), date(2026, 3, 14))
    assert period_of(tasks_store, "quy-3", 2026)[1:] == (date(2026, 6, 15), date(2026, 9, 14))


def test_task_report_counts_by_field(tasks_store: Store) -> None:
    document = build_document(tasks_store, TASKS, 2026, ReportOptions(TODAY), period="quy-1")
    fields = _table(document, "theo-linh-vuc")
    total = fields.rows[-1]
    # total, on time, late, overdue, in progress, paused, on-time rate
    assert total.cells[2:8] == (4, 1, 1, 1, 1, 0)
    assert total.cells[8] == Decimal(25)
    assert total.sum_of and not sum_problems(fields)
    names = [r.cells[1] for r in fields.rows[:-1]]
    assert len(names) == 2  # TTHC and CDDH
    listed = _table(document, "danh-sach-nhiem-vu")
    contents = [r.cells[1] for r in listed.rows if r.style == RowStyle.NORMAL]
    assert sorted(contents) == ["Còn hạn", "Quá hạn", "Trễ hạn", "Đúng hạn"]
    state = next(r.cells[6] for r in listed.rows if r.cells[1] == "Quá hạn")
    assert state == "Quá hạn chưa hoàn thành"
    assert "từ ngày 15/12/2025 đến ngày 14/03/2026" in _texts(document)
    assert document.summary == "Kết quả thực hiện nhiệm vụ cải cách hành chính quý I năm 2026"
    assert document.data["period"]["key"] == "quy-1"


def test_a_period_judged_before_its_end_says_so(tasks_store: Store) -> None:
    day = date(2026, 2, 25)
    document = build_document(tasks_store, TASKS, 2026, ReportOptions(day), period="quy-1")
    assert "đến ngày 25/02/2026, kỳ báo cáo đến ngày 14/03/2026" in _texts(document)
    listed = _table(document, "danh-sach-nhiem-vu")
    late = next(r for r in listed.rows if r.cells[1] == "Trễ hạn")
    assert late.cells[5] is None  # completed after the day the report is judged on
    assert late.cells[6] == "Quá hạn chưa hoàn thành"


@pytest.mark.parametrize(
    ("period", "phrase"),
    [
        ("quy-1", "quý I năm 2026"),
        ("6-thang", "6 tháng đầu năm 2026"),
        ("quy-3", "quý III năm 2026"),
        ("nam", "năm 2026"),
    ],
)
def test_the_period_reads_as_officials_write_it(tasks_store: Store, period, phrase) -> None:  # type: ignore[no-untyped-def]
    document = build_document(tasks_store, TASKS, 2026, ReportOptions(TODAY), period=period)
    assert document.summary == f"Kết quả thực hiện nhiệm vụ cải cách hành chính {phrase}"
    assert f"nhiệm vụ cải cách hành chính {phrase} (số liệu từ ngày" in _texts(document)
    for text in (document.summary, _texts(document), document.title):
        assert "năm năm" not in text


def test_a_period_not_started_names_it_once(tasks_store: Store) -> None:
    with pytest.raises(ExportError) as refused:
        build_document(tasks_store, TASKS, 2027, ReportOptions(TODAY), period="6-thang")
    assert "Kỳ báo cáo 6 tháng đầu năm 2027 bắt đầu từ ngày 15/12/2026" in refused.value.message


def test_a_period_not_started_is_refused(tasks_store: Store) -> None:
    with pytest.raises(ExportError, match="chưa có số liệu"):
        build_document(tasks_store, TASKS, 2026, ReportOptions(date(2026, 5, 1)), period="quy-3")


# --- 3. staff standardisation -----------------------------------------------------------------


def test_staff_ratios_are_the_evaluations(demo: Store) -> None:
    document = build_document(demo, STAFF, 2026, ReportOptions(TODAY))
    evaluations = evaluate_on(
        officials_on(demo, TODAY), load_standard_sets(demo), load_staff_lists(), TODAY
    )
    ratio = overall_ratio(evaluations)
    for key in ("theo-doi-tuong", "theo-phong"):
        table = _table(document, key)
        assert table.rows[-1].cells[2:6] == (ratio.total, ratio.met, ratio.not_met, ratio.unknown)
        assert not sum_problems(table)
    gaps = _table(document, "chua-dat-chuan")
    named = {r.cells[1] for r in gaps.rows if r.cells[1]}
    not_met = {e.official.full_name for e in evaluations if e.gaps}
    assert named == not_met
    assert all(r.cells[4] for r in gaps.rows)  # each says what is missing


def test_staff_report_carries_no_birth_dates(demo: Store) -> None:
    document = build_document(demo, STAFF, 2026, ReportOptions(TODAY))
    births = {o.birth.day for o in officials_on(demo, TODAY) if o.birth and o.birth.day is not None}
    cells = {c for t in document.tables for r in t.rows for c in r.cells}
    assert births and not births & cells


def test_documents_from_the_demo_store_say_so(demo: Store, store_path) -> None:  # type: ignore[no-untyped-def]
    document = build_document(demo, STAFF, 2026, ReportOptions(TODAY))
    assert "DỮ LIỆU MẪU" in _texts(document) and document.data["demo"] is True


def test_documents_from_real_data_carry_no_demo_notice(tasks_store: Store) -> None:
    document = build_document(tasks_store, TASKS, 2026, ReportOptions(TODAY), period="quy-1")
    assert "DỮ LIỆU MẪU" not in _texts(document) and document.data["demo"] is False
