"""The staff list exported to Excel (Qt-free): read back with openpyxl."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from cchc_desktop.core.staff import StaffLists, load_staff_lists
from cchc_desktop.core.standard_checks import Evaluation, Outcome, evaluate
from cchc_desktop.core.standard_ratios import ratios_by, report_sentence
from cchc_desktop.core.standards import AGE, Requirement, latest_versions
from cchc_desktop.demo import fill_demo_staff
from cchc_desktop.exports import ExportError
from cchc_desktop.exports.staff_excel import (
    LIST_SHEET,
    LIST_TITLE,
    PLAN_SHEET,
    RATIO_SHEET,
    export_staff_list,
    list_headers,
)
from cchc_desktop.store import Store
from cchc_desktop.store.staff_repo import load_officials, load_standard_sets

ON = date(2026, 11, 22)
LISTS = load_staff_lists()
COMMUNE = "UBND xã Vân Canh"
PERSONAL_HEADERS = ("Giới tính", "Ngày sinh", "Dân tộc")
PLAN = [
    (
        "Võ Văn Ân",
        "Tin học",
        "Bồi dưỡng: học chứng chỉ ứng dụng CNTT cơ bản",
        "30/06/2027 (còn 220 ngày)",
    ),
    ("Đặng Thị Ánh", "Quản lý nhà nước", "Bồi dưỡng QLNN ngạch chuyên viên", "31/10/2027"),
]


@pytest.fixture
def demo(store: Store) -> tuple[list[Evaluation], dict[tuple[str, str], str]]:
    fill_demo_staff(store, ON)
    sets = load_standard_sets(store)
    evaluations = [evaluate(o, sets, LISTS, ON) for o in load_officials(store)]
    names = {(s.family, p.code): p.name for s in latest_versions(sets) for p in s.positions}
    return evaluations, names


def _export(
    path: Path,
    evaluations: list[Evaluation],
    names: dict[tuple[str, str], str],
    *,
    include_personal: bool,
    plan: list[tuple[str, str, str, str]] | None = None,
    lists: StaffLists = LISTS,
) -> Workbook:
    written = export_staff_list(
        path,
        evaluations,
        lists,
        names,
        on=ON,
        commune_title=COMMUNE,
        include_personal=include_personal,
        plan=plan or (),
    )
    assert written == path
    return load_workbook(path)


def _header_row(ws: Worksheet) -> int:
    return next(row[0].row for row in ws.iter_rows() if row[0].value in ("STT", "Nhóm"))


def _table(ws: Worksheet) -> tuple[list[str], list[tuple[object, ...]]]:
    top = _header_row(ws)
    headers = [c.value for c in ws[top] if c.value is not None]
    rows = []
    for row in ws.iter_rows(min_row=top + 1):
        if row[0].value is None:  # the table ends at the first empty row
            break
        rows.append(tuple(c.value for c in row[: len(headers)]))
    return headers, rows


def _all_cells(wb: Workbook) -> Iterator[Any]:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


def test_list_sheet_with_personal_data(
    tmp_path: Path, demo: tuple[list[Evaluation], dict[tuple[str, str], str]]
) -> None:
    evaluations, names = demo
    wb = _export(tmp_path / "ds.xlsx", evaluations, names, include_personal=True)
    assert wb.sheetnames == [LIST_SHEET, RATIO_SHEET]
    ws = wb[LIST_SHEET]
    assert ws["A1"].value == "UBND XÃ VÂN CANH" and ws["A1"].font.b
    assert ws["A2"].value == LIST_TITLE
    assert ws["A3"].value == "Tại ngày 22/11/2026"
    assert "Nghị định 13/2023/NĐ-CP" in ws["A4"].value
    headers, rows = _table(ws)
    assert headers == [
        "STT",
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Dân tộc",
        "Chức danh/vị trí việc làm",
        "Phòng",
        "Đối tượng",
        "Trình độ chuyên môn",
        "Chuyên ngành",
        "Lý luận chính trị",
        "Quản lý nhà nước",
        "Tin học",
        "Ngoại ngữ",
        "Kết quả",
        "Tiêu chuẩn chưa đạt / thiếu thông tin",
        "Hạn chuẩn hóa",
    ]
    assert headers == list_headers(include_personal=True)
    # One row per evaluation, in the order given.
    assert [r[1] for r in rows] == [e.official.full_name for e in evaluations]
    assert [r[0] for r in rows] == list(range(1, len(evaluations) + 1))
    by_name = {r[1]: dict(zip(headers, r, strict=True)) for r in rows}

    hyanh = by_name["Rơ Châm Hyanh"]  # born in 1987: only the year is known
    assert hyanh["Ngày sinh"] == "1987" and hyanh["Dân tộc"] == "Jrai"
    birth_column = headers.index("Ngày sinh") + 1
    top = _header_row(ws)
    for offset, e in enumerate(evaluations, start=1):
        cell = ws.cell(top + offset, birth_column)
        birth = e.official.birth
        if birth is None:
            assert cell.value is None
        elif birth.day is None:
            assert cell.data_type == "s" and cell.value == str(birth.year)
        else:
            assert cell.is_date and cell.number_format == "dd/mm/yyyy"
            assert cell.value == datetime(birth.day.year, birth.day.month, birth.day.day)

    minh = by_name["Trần Văn Minh"]
    assert minh["Giới tính"] == "Nam"
    assert minh["Chức danh/vị trí việc làm"] == "Chủ tịch Ủy ban nhân dân"
    assert minh["Đối tượng"] == "Cán bộ" and minh["Kết quả"] == "Đạt chuẩn"
    assert (
        minh["Lý luận chính trị"] == "Cao cấp"
        and minh["Tiêu chuẩn chưa đạt / thiếu thông tin"] is None
    )
    an = by_name["Võ Văn Ân"]
    assert an["Kết quả"] == "Chưa đạt" and an["Phòng"] == "Phòng Kinh tế"
    gaps = an["Tiêu chuẩn chưa đạt / thiếu thông tin"].split("\n")
    assert len(gaps) == 4 and any(g.startswith("• Tin học: chưa có chứng chỉ") for g in gaps)
    assert an["Hạn chuẩn hóa"] == "01/07/2027 (còn 221 ngày)"
    mo = by_name["Lý Thị Mơ"]
    assert mo["Kết quả"] == "Không thuộc diện chuẩn hóa"
    assert mo["Chức danh/vị trí việc làm"] == "Nhân viên phục vụ"
    assert mo["Hạn chuẩn hóa"] is None


def test_without_personal_data_nothing_personal_is_written(
    tmp_path: Path, demo: tuple[list[Evaluation], dict[tuple[str, str], str]]
) -> None:
    evaluations, names = demo
    wb = _export(tmp_path / "ds.xlsx", evaluations, names, include_personal=False, plan=PLAN)
    headers, rows = _table(wb[LIST_SHEET])
    assert headers == list_headers(include_personal=False)
    assert not set(PERSONAL_HEADERS) & set(headers)
    assert len(rows) == len(evaluations)
    years = {str(e.official.birth.year) for e in evaluations if e.official.birth}
    assert "1987" in years
    for cell in _all_cells(wb):
        assert not isinstance(cell.value, datetime), cell.coordinate
        text = str(cell.value or "")
        assert "Jrai" not in text and "Nghị định 13/2023" not in text, cell.coordinate
        assert not any(year in text for year in years), (cell.coordinate, text)
    assert "Nghị định 13/2023/NĐ-CP" not in str(wb[LIST_SHEET]["A4"].value)


def test_an_age_is_not_given_away_without_personal_data(tmp_path: Path, store: Store) -> None:
    fill_demo_staff(store, ON)
    sets = load_standard_sets(store)
    an = next(o for o in load_officials(store) if o.full_name == "Võ Văn Ân")  # born 1974
    family = next(s for s in latest_versions(sets) if s.family == an.standard_family)
    capped = replace(family, common=(Requirement(AGE, min_age=18, max_age=45),))
    e = evaluate(an, [capped], LISTS, ON)
    age_check = next(c for c in e.checks if c.attribute == AGE)
    assert age_check.outcome == Outcome.NOT_MET and "51 hoặc 52" in age_check.reason

    hidden = _export(tmp_path / "an.xlsx", [e], {}, include_personal=False)
    gaps = _table(hidden[LIST_SHEET])[1][0][-2]
    assert "Tuổi: không đáp ứng (yêu cầu từ 18 tuổi và không quá 45 tuổi)" in gaps
    assert "51" not in gaps and "52" not in gaps
    shown = _export(tmp_path / "an-ca-nhan.xlsx", [e], {}, include_personal=True)
    assert "Tuổi: 51 hoặc 52 (chỉ có năm sinh)" in _table(shown[LIST_SHEET])[1][0][-2]


def _value(ws: Worksheet, coordinate: str) -> float:
    """The value of a cell as Excel computes it: numbers, SUM(range) and IF(B>0,C/B,0)."""
    value = ws[coordinate].value
    if not isinstance(value, str):
        return float(value)
    if match := re.fullmatch(r"=SUM\(([A-Z])(\d+):([A-Z])(\d+)\)", value):
        column, first, _same, last = match.groups()
        return sum(_value(ws, f"{column}{row}") for row in range(int(first), int(last) + 1))
    if match := re.fullmatch(r"=IF\(([A-Z]\d+)>0,([A-Z]\d+)/([A-Z]\d+),0\)", value):
        test, top, bottom = match.groups()
        return _value(ws, top) / _value(ws, bottom) if _value(ws, test) > 0 else 0.0
    raise AssertionError(f"unexpected formula {value!r} in {coordinate}")


def test_ratio_sheet_has_live_formulas_giving_the_ratios(
    tmp_path: Path, demo: tuple[list[Evaluation], dict[tuple[str, str], str]]
) -> None:
    evaluations, names = demo
    wb = _export(tmp_path / "ds.xlsx", evaluations, names, include_personal=False)
    ws = wb[RATIO_SHEET]
    headers, rows = _table(ws)
    assert headers == ["Nhóm", "Số người", "Đạt chuẩn", "Chưa đạt", "Thiếu thông tin", "Tỷ lệ"]
    in_post = [e for e in evaluations if e.official.is_counted_on(ON, LISTS)]
    expected = ratios_by(in_post, lambda e: e.official.category)
    assert [r[0] for r in rows] == [LISTS.name("categories", r.group) for r in expected] + [
        "Tổng số"
    ]
    top = _header_row(ws)
    for offset, ratio in enumerate(expected, start=1):
        row = top + offset
        assert [ws.cell(row, c).value for c in range(2, 6)] == [
            ratio.total,
            ratio.met,
            ratio.not_met,
            ratio.unknown,
        ]
        assert ws[f"F{row}"].value == f"=IF(B{row}>0,C{row}/B{row},0)"
        assert ws[f"F{row}"].number_format == "0.0%"
        assert _value(ws, f"F{row}") == pytest.approx(ratio.met / ratio.total)
    total = top + len(expected) + 1
    assert ws[f"B{total}"].value == f"=SUM(B{top + 1}:B{total - 1})"
    assert ws[f"F{total}"].number_format == "0.0%"
    counted = [e for e in in_post if e.outcome != Outcome.NOT_APPLICABLE]
    assert _value(ws, f"B{total}") == len(counted)
    met = sum(e.outcome == Outcome.MET for e in counted)
    assert _value(ws, f"C{total}") == met
    assert _value(ws, f"F{total}") == pytest.approx(met / len(counted))
    texts = [c.value for c in _all_cells(wb) if isinstance(c.value, str)]
    assert report_sentence(in_post, LISTS, ON) in texts
    # The only formulas of the workbook are those of the ratios.
    formulas = {
        ws.title
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    }
    assert formulas == {RATIO_SHEET}


def test_ratio_sheet_of_an_empty_list(tmp_path: Path) -> None:
    wb = _export(tmp_path / "trong.xlsx", [], {}, include_personal=False)
    ws = wb[RATIO_SHEET]
    _headers, rows = _table(ws)
    assert [r[0] for r in rows] == ["Tổng số"]
    total = _header_row(ws) + 1
    assert _value(ws, f"B{total}") == 0 and _value(ws, f"F{total}") == 0
    assert len(_table(wb[LIST_SHEET])[1]) == 0


def test_text_that_looks_like_a_formula_stays_text(
    tmp_path: Path, demo: tuple[list[Evaluation], dict[tuple[str, str], str]]
) -> None:
    evaluations, names = demo
    first = evaluations[0]
    tricky = replace(
        first,
        position=None,
        official=replace(
            first.official,
            full_name='=HYPERLINK("http://x.invalid","Bấm")',
            field_of_study="+Luật",
            ethnicity="@Kinh",
            position=None,
            standard_family=None,
            position_title="-1+2",
        ),
    )
    plan = [("=1+1", "-Tin học", "@SUM(A1)", "+30/06/2027")]
    wb = _export(tmp_path / "ds.xlsx", [tricky], names, include_personal=True, plan=plan)
    ws = wb[LIST_SHEET]
    top = _header_row(ws)
    headers = [c.value for c in ws[top]]
    for header, expected in [
        ("Họ và tên", '=HYPERLINK("http://x.invalid","Bấm")'),
        ("Chuyên ngành", "+Luật"),
        ("Dân tộc", "@Kinh"),
        ("Chức danh/vị trí việc làm", "-1+2"),
    ]:
        cell = ws.cell(top + 1, headers.index(header) + 1)
        assert cell.data_type == "s" and cell.value == expected, header
        assert cell.quotePrefix
    plan_ws = wb[PLAN_SHEET]
    plan_top = _header_row(plan_ws)
    cells = [plan_ws.cell(plan_top + 1, column) for column in range(2, 6)]
    assert [c.value for c in cells] == list(plan[0])
    assert all(c.data_type == "s" for c in cells)


def test_plan_sheet_only_when_a_plan_is_given(
    tmp_path: Path, demo: tuple[list[Evaluation], dict[tuple[str, str], str]]
) -> None:
    evaluations, names = demo
    wb = _export(tmp_path / "ds.xlsx", evaluations, names, include_personal=False, plan=PLAN)
    assert wb.sheetnames == [LIST_SHEET, RATIO_SHEET, PLAN_SHEET]
    headers, rows = _table(wb[PLAN_SHEET])
    assert headers == ["STT", "Họ và tên", "Tiêu chuẩn cần đáp ứng", "Biện pháp", "Thời hạn"]
    assert rows == [(n, *values) for n, values in enumerate(PLAN, start=1)]


def test_print_setup_freeze_and_widths(
    tmp_path: Path, demo: tuple[list[Evaluation], dict[tuple[str, str], str]]
) -> None:
    evaluations, names = demo
    wb = _export(tmp_path / "ds.xlsx", evaluations, names, include_personal=True, plan=PLAN)
    for ws in wb.worksheets:
        top = _header_row(ws)
        assert ws.page_setup.orientation == "landscape", ws.title
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == f"${top}:${top}"
        assert ws.freeze_panes is not None and int(ws.freeze_panes[1:]) == top + 1
    ws = wb[LIST_SHEET]
    assert ws.freeze_panes == f"C{_header_row(ws) + 1}"
    headers, _rows = _table(ws)
    # Every cell wraps; the name column shows the longest name on one line.
    longest_name = max(len(e.official.full_name) for e in evaluations)
    assert ws.column_dimensions["B"].width >= longest_name
    for index in range(len(headers)):
        letter = get_column_letter(index + 1)
        assert ws.column_dimensions[letter].width >= len(max(headers[index].split(), key=len))
    body = ws.cell(_header_row(ws) + 1, headers.index("Tiêu chuẩn chưa đạt / thiếu thông tin") + 1)
    assert body.alignment.wrap_text


def test_replaces_an_existing_file(
    tmp_path: Path, demo: tuple[list[Evaluation], dict[tuple[str, str], str]]
) -> None:
    evaluations, names = demo
    folder = tmp_path / "xuat"
    folder.mkdir()
    target = folder / "ds.xlsx"
    target.write_bytes(b"old")
    _export(target, evaluations, names, include_personal=False)
    assert target.read_bytes()[:2] == b"PK"
    assert [p.name for p in folder.iterdir()] == ["ds.xlsx"]


def test_a_missing_folder_raises_export_error(
    tmp_path: Path, demo: tuple[list[Evaluation], dict[tuple[str, str], str]]
) -> None:
    evaluations, names = demo
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(ExportError) as caught:
        _export(tmp_path / "khong-co" / "ds.xlsx", evaluations, names, include_personal=False)
    message = caught.value.message
    assert message.startswith("Không ghi được tệp Excel «ds.xlsx»")
    assert "không tìm thấy tệp hoặc thư mục" in message
    assert sorted(tmp_path.rglob("*")) == before


def test_a_failed_rename_leaves_no_temporary_file(
    tmp_path: Path, demo: tuple[list[Evaluation], dict[tuple[str, str], str]]
) -> None:
    evaluations, names = demo
    folder = tmp_path / "xuat"
    target = folder / "ds.xlsx"
    target.mkdir(parents=True)  # the rename over a folder fails after the workbook was written
    with pytest.raises(ExportError) as caught:
        _export(target, evaluations, names, include_personal=True)
    assert "Không ghi được tệp Excel" in caught.value.message
    assert "đây là một thư mục, không phải tệp" in caught.value.message
    assert [p.name for p in folder.iterdir()] == ["ds.xlsx"] and target.is_dir()


def test_importing_the_export_does_not_load_openpyxl() -> None:
    code = (
        "import sys, cchc_desktop.exports.staff_excel\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'reportlab')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_ratios_count_only_those_in_post_on_the_day(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from cchc_desktop.core.standard_checks import evaluate
    from cchc_desktop.core.standards import latest_versions
    from cchc_desktop.demo import fill_demo_staff
    from cchc_desktop.exports.staff_excel import export_staff_list
    from cchc_desktop.store.staff_repo import load_officials, load_standard_sets

    day = date(2026, 11, 22)
    fill_demo_staff(store, day)
    lists = load_staff_lists()
    sets = load_standard_sets(store)
    everyone = [evaluate(o, sets, lists, day) for o in load_officials(store)]
    assert any(e.official.full_name == "Ngô Văn Tư" for e in everyone)  # retired 01/03
    names = {(s.family, p.code): p.name for s in latest_versions(sets) for p in s.positions}
    path = export_staff_list(
        tmp_path / "ds.xlsx",
        everyone,
        lists,
        names,
        on=day,
        commune_title="UBND xã An Bình",
        include_personal=False,
    )
    sheet = load_workbook(path)["Tỷ lệ"]
    counts = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    in_post = [
        e
        for e in everyone
        if e.official.is_counted_on(day, lists) and e.official.category == "cong_chuc"
    ]
    assert counts["Công chức"] == len(in_post)
