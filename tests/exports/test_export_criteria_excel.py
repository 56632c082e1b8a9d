"""A criteria set written as Excel, and read back into the same tree."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cchc_desktop.core.criteria import (
    AssessedBy,
    AutoSource,
    Band,
    CriteriaSet,
    Criterion,
    Decision,
    Method,
    MethodKind,
    RatioBand,
    shipped_criteria_sets,
    validate_criteria_set,
)
from cchc_desktop.exports import ExportError
from cchc_desktop.exports.criteria_excel import HEADERS, SHEET, export_criteria_set
from cchc_desktop.importers.criteria_excel import read_criteria_workbook
from cchc_desktop.paths import data_resource

D = Decimal


def _leaf(
    code: str, title: str, maximum: str, method: Method | None = None, **kw: object
) -> Criterion:
    return Criterion(code, title, D(maximum), method=method or Method(), **kw)  # type: ignore[arg-type]


def _sample() -> CriteriaSet:
    fields = (
        Criterion(
            "I",
            "Công tác chỉ đạo, điều hành CCHC",
            D("5.5"),
            field_code="CDDH",
            children=(
                _leaf(
                    "1",
                    "Kế hoạch CCHC năm",
                    "2",
                    Method(MethodKind.FIXED),
                    guidance="Ban hành trước 31/12: 2 điểm\n- Ban hành sau: 0 điểm",
                    evidence="Kế hoạch CCHC năm",
                ),
                Criterion(
                    "2",
                    "Báo cáo CCHC",
                    D("3.5"),
                    children=(
                        _leaf(
                            "2.a",
                            "Đủ số lượng",
                            "1.5",
                            Method(MethodKind.STEPS, (D(0), D("0.5"), D("1.5"))),
                        ),
                        _leaf(
                            "2.b",
                            "Đúng hạn",
                            "2",
                            Method(
                                MethodKind.AUTO,
                                bands=(
                                    RatioBand(D(100), D(2)),
                                    RatioBand(D(75), D(1)),
                                    RatioBand(D(0), D(0)),
                                ),
                                source=AutoSource.REPORTS_ON_TIME,
                            ),
                        ),
                    ),
                ),
                _leaf("3", "Điểm thưởng: sáng kiến", "1", Method(MethodKind.BONUS)),
                _leaf("4", "Điểm trừ: sai phạm", "0.5", Method(MethodKind.PENALTY)),
            ),
        ),
        Criterion(
            "II",
            "Cải cách thủ tục hành chính",
            D("2.5"),
            field_code="TTHC",
            children=(
                _leaf(
                    "5",
                    "Hồ sơ đúng hạn",
                    "2.5",
                    Method(
                        MethodKind.RATIO,
                        bands=(RatioBand(D(100), D("2.5")), RatioBand(D(90), D(1))),
                        numerator="Số hồ sơ giải quyết đúng hạn",
                        denominator="Tổng số hồ sơ",
                    ),
                ),
            ),
        ),
        Criterion(
            "III",
            "Điều tra xã hội học",
            D(2),
            assessed_by=AssessedBy.SURVEY,
            children=(
                _leaf(
                    "6",
                    "Sự hài lòng",
                    "2",
                    Method(MethodKind.SURVEY),
                    assessed_by=AssessedBy.SURVEY,
                ),
            ),
        ),
    )
    return CriteriaSet(
        uuid="u-1",
        family="thu-nghiem",
        version=2,
        name="Bộ tiêu chí Chỉ số CCHC cấp xã năm 2025",
        fields=fields,
        province="Tỉnh Lai Châu",
        years=(2025, 2026),
        decision=Decision("15/QĐ-UBND", date(2025, 1, 20), "Ủy ban nhân dân tỉnh Lai Châu"),
        note="Áp dụng từ kỳ đánh giá năm 2025.",
        bands=(Band("Tốt", D(80)), Band("Khá", D("65.5")), Band("Chưa đạt", D(0))),
    )


def _tree(s: CriteriaSet) -> list[tuple[object, ...]]:
    return [
        (n.code, n.title, n.maximum, n.guidance, n.evidence, n.kind, n.assessed_by, n.method)
        for n in s.walk()
    ]


def test_the_sheet_has_the_provinces_shape(tmp_path: Path) -> None:
    s = _sample()
    assert validate_criteria_set(s) == {}
    path = export_criteria_set(s, tmp_path / "bo-tieu-chi.xlsx")
    assert path == tmp_path / "bo-tieu-chi.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames == [SHEET]
    ws = wb[SHEET]
    texts = [ws.cell(row, 1).value for row in range(1, 5)]
    assert texts == [
        "Bộ tiêu chí Chỉ số CCHC cấp xã năm 2025",
        "(Ban hành kèm theo Quyết định số 15/QĐ-UBND ngày 20/01/2025 của Ủy ban nhân dân "
        "tỉnh Lai Châu)",
        "Tỉnh, thành phố: Tỉnh Lai Châu",
        "Năm áp dụng: 2025, 2026",
    ]
    header = 6
    assert [ws.cell(header, c).value for c in range(1, 7)] == list(HEADERS)
    assert ws.freeze_panes == f"A{header + 1}"
    # Codes and maxima; whole numbers without decimals, others with them.
    first = header + 1
    assert [ws.cell(first + i, 1).value for i in range(3)] == ["I", 1, 2]
    assert ws.cell(first, 3).value == 5.5 and ws.cell(first, 3).number_format == "0.0#"
    assert ws.cell(first + 1, 3).value == 2 and ws.cell(first + 1, 3).number_format == "0"
    assert ws.cell(first + 1, 4).value == MethodKind.FIXED.label
    assert ws.cell(first + 1, 5).value == "Ban hành trước 31/12: 2 điểm\n- Ban hành sau: 0 điểm"
    assert ws.cell(first + 1, 5).alignment.wrap_text
    # Fields bold, criteria not; the total sums the field rows with a live formula.
    assert ws.cell(first, 2).font.b and not ws.cell(first + 1, 2).font.b
    field_rows = [
        r for r in range(first, ws.max_row + 1) if ws.cell(r, 1).value in ("I", "II", "III")
    ]
    total_row = next(r for r in range(first, ws.max_row + 1) if ws.cell(r, 2).value == "Tổng cộng")
    assert ws.cell(total_row, 3).value == "=SUM(" + ",".join(f"C{r}" for r in field_rows) + ")"
    assert ws.cell(total_row, 3).font.b
    assert ws.cell(total_row + 2, 2).value.startswith("Xếp loại: Tốt ≥ 80; Khá 65,5 đến dưới 80")
    # Printing: A4 landscape, one page wide, the header on every page.
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.column_dimensions["B"].width >= 30
    assert ws.column_dimensions["E"].width >= 30


def test_a_set_comes_back_as_it_went(tmp_path: Path) -> None:
    s = _sample()
    reading = read_criteria_workbook(export_criteria_set(s, tmp_path / "a.xlsx"))
    assert reading.errors == [] and reading.warnings == []
    back = reading.criteria_set
    assert back is not None
    assert _tree(back) == _tree(s)
    assert [f.field_code for f in back.fields] == ["CDDH", "TTHC", None]
    assert (back.name, back.province, back.years, back.decision, back.note) == (
        s.name,
        s.province,
        s.years,
        s.decision,
        s.note,
    )
    assert back.bands == s.bands
    assert back.total == s.total == D(10)


def test_an_edited_method_comes_back_as_manual_with_a_warning(tmp_path: Path) -> None:
    path = export_criteria_set(_sample(), tmp_path / "a.xlsx")
    wb = load_workbook(path)
    ws = wb[SHEET]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "2.b")
    ws.cell(row, 4).value = f"{MethodKind.AUTO.label}: theo số liệu của xã"
    wb.save(path)
    reading = read_criteria_workbook(path)
    assert reading.criteria_set is not None
    assert reading.criteria_set.by_code["2.b"].kind == MethodKind.MANUAL
    assert [(w.row, w.column) for w in reading.warnings] == [(row, "D")]


def test_shipped_sample_sets_come_back_as_they_went(tmp_path: Path) -> None:
    if not data_resource("criteria").is_dir():
        pytest.skip("no shipped criteria sets yet")
    sets = shipped_criteria_sets()
    if not sets:
        pytest.skip("no shipped criteria sets yet")
    for index, s in enumerate(sets):
        reading = read_criteria_workbook(export_criteria_set(s, tmp_path / f"{index}.xlsx"))
        assert reading.errors == [], [p.text for p in reading.errors]
        back = reading.criteria_set
        assert back is not None
        assert [(n.code, n.title, n.maximum, n.guidance, n.evidence) for n in back.walk()] == [
            (n.code, n.title, n.maximum, n.guidance, n.evidence) for n in s.walk()
        ]
        assert [n.kind for n in back.walk()] == [n.kind for n in s.walk()]
        assert back.total == s.total
        assert (back.name, back.province, back.years, back.decision) == (
            s.name,
            s.province,
            s.years,
            s.decision,
        )


@pytest.mark.parametrize("title", ["=SUM(A1)", "+1", "-", "@x", "-2 điểm"])
def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, title: str) -> None:
    s = _sample()
    first = s.fields[0]
    leaf = first.children[0]
    changed = Criterion(
        first.code,
        first.title,
        first.maximum,
        field_code=first.field_code,
        children=(
            Criterion(
                leaf.code, title, leaf.maximum, guidance=title, evidence=title, method=leaf.method
            ),
            *first.children[1:],
        ),
    )
    s = CriteriaSet(s.uuid, s.family, s.version, '=HYPERLINK("x")', (changed, *s.fields[1:]))
    path = export_criteria_set(s, tmp_path / "a.xlsx")
    ws = load_workbook(path)[SHEET]
    cells = [ws.cell(1, 1)] + [
        ws.cell(r, c)
        for r in range(1, ws.max_row + 1)
        for c in (2, 5, 6)
        if ws.cell(r, c).value == title
    ]
    assert len(cells) == 4
    for cell in cells:
        assert cell.data_type == "s"
        assert cell.quotePrefix
    back = read_criteria_workbook(path).criteria_set
    assert back is not None
    assert back.name == '=HYPERLINK("x")'
    assert (back.by_code["1"].title, back.by_code["1"].guidance) == (title, title)


def test_replaces_an_existing_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "xuat"
    folder.mkdir()
    target = folder / "bo-tieu-chi.xlsx"
    target.write_bytes(b"old")
    export_criteria_set(_sample(), target)
    assert load_workbook(target).sheetnames == [SHEET]
    assert sorted(p.name for p in folder.iterdir()) == ["bo-tieu-chi.xlsx"]


def test_a_missing_folder_raises_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"Không ghi được tệp Excel «a\.xlsx»") as caught:
        export_criteria_set(_sample(), tmp_path / "khong-co" / "a.xlsx")
    assert "thử lại" in caught.value.message


def test_a_failed_rename_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "xuat"
    folder.mkdir()

    def refuse(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("cchc_desktop.exports.criteria_excel.os.replace", refuse)
    with pytest.raises(ExportError):
        export_criteria_set(_sample(), folder / "a.xlsx")
    assert list(folder.iterdir()) == []


def test_importing_the_export_does_not_load_openpyxl() -> None:
    code = (
        "import sys, cchc_desktop.exports.criteria_excel, cchc_desktop.importers.criteria_excel\n"
        "print('openpyxl' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
