"""The document's tables as a workbook: live formulas that give the application's values
(computed by a real Excel-formula engine, ``formulas``), text that stays text, print setup,
and the hidden machine-readable sheet that reads back only while it is intact."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from cchc_desktop.core.submission_data import DATA_FORMAT_VERSION, DATA_SHEET
from cchc_desktop.exports import ExportError
from cchc_desktop.exports.document import (
    Column,
    Difference,
    Kind,
    Ratio,
    Row,
    RowStyle,
    Table,
    Term,
    make_table,
    table_data,
)
from cchc_desktop.exports.excel_document import (
    DATA_WARNING,
    build_document_workbook,
    sheet_title,
    sum_formula,
    write_workbook,
)
from cchc_desktop.importers.submission_excel import SubmissionDataError, read_submission_data
from tests.support.document_samples import sample_document

D = Decimal
EXCEL_CELL_LIMIT = 32_767


def edge_table() -> Table:
    """What the sample lacks: an empty total of empty lines, a total that only deducts
    from a non-adjacent line, a ratio in a points column (×100), a difference of counts."""
    columns = (
        Column("Nhóm", Kind.TEXT, 20),
        Column("Đạt", Kind.INTEGER, 8, summed=True),
        Column("Tổng", Kind.INTEGER, 8, summed=True),
        Column("Tỷ lệ (điểm)", Kind.POINTS, 9, derived=Ratio(1, 2)),
        Column("Chưa đạt", Kind.INTEGER, 8, derived=Difference(2, 1)),
    )
    rows = (
        Row(("Nhóm A", 3, 4, D(75), 1)),
        Row(("Nhóm trống", None, None, None, None)),
        Row(("Nhóm C", 1, 2, D(50), 1)),
        Row(("Cộng nhóm trống", None, None, None, None), RowStyle.TOTAL, (Term(1),)),
        Row(("A trừ C", 2, 2, D(100), 0), RowStyle.TOTAL, (Term(0), Term(2, -1))),
    )
    return make_table("bien", "Trường hợp biên", "Bảng: biên?", columns, rows)


def formula_document():
    doc = sample_document()
    return dataclasses.replace(doc, appendix=(*doc.appendix, edge_table()))


def by_key(doc, key: str) -> Table:
    return next(t for t in doc.tables if t.key == key)


def written_payload(doc) -> dict:
    """What ``read_submission_data`` must give: the data and every table, as JSON has it."""
    return json.loads(json.dumps({**doc.data, "tables": [table_data(t) for t in doc.tables]}))


def header_row(ws, t: Table) -> int:
    headers = [c.header for c in t.columns]
    for row in ws.iter_rows(max_col=len(headers)):
        if [c.value for c in row] == headers:
            return row[0].row
    raise AssertionError(f"no header row on {ws.title}")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    doc = formula_document()
    path = write_workbook(doc, tmp_path_factory.mktemp("xlsx") / "ho-so.xlsx")
    return doc, path, load_workbook(path)


@pytest.fixture(scope="module")
def computed(written):
    _, path, _ = written
    return computed_values(path)


def computed_values(path: Path) -> dict[tuple[str, str], object]:
    """Every cell's value as the ``formulas`` engine computes the saved file."""
    import formulas

    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = {}
    for key, ranges in solution.items():
        if isinstance(key, str) and "!" in key and ":" not in key.split("!")[1]:
            book_sheet, coordinate = key.rsplit("!", 1)
            sheet = book_sheet.strip("'").split("]", 1)[1]
            values[(sheet.casefold(), coordinate)] = ranges.value[0][0]
    return values


def test_formulas_give_the_documents_values(written, computed):
    doc, _, wb = written
    checked = {"sum": 0, "deducted": 0, "empty": 0, "ratio": 0, "difference": 0}
    for t, ws in zip(doc.tables, wb.worksheets, strict=False):
        first = header_row(ws, t) + 1
        for index, row in enumerate(t.rows):
            for column, spec in enumerate(t.columns):
                cell = ws.cell(first + index, column + 1)
                value = row.cells[column]
                expects_formula = not isinstance(value, str) and (
                    (spec.summed and row.sum_of) or (spec.derived is not None and value is not None)
                )
                if expects_formula:
                    assert cell.data_type == "f", (ws.title, cell.coordinate)
                if cell.data_type != "f":
                    continue
                result = computed[(ws.title.casefold(), cell.coordinate)]
                where = (ws.title, cell.coordinate, cell.value, result, value)
                if value is None:
                    assert result in ("", None) or str(result) == "empty", where
                    checked["empty"] += 1
                    continue
                assert isinstance(result, int | float), where
                expected = float(value) / 100 if spec.kind == Kind.PERCENT else float(value)
                assert result == pytest.approx(expected, abs=1e-9), where
                if spec.summed:
                    checked["sum"] += 1
                    checked["deducted"] += "-SUM(" in cell.value
                elif isinstance(spec.derived, Ratio):
                    checked["ratio"] += 1
                else:
                    checked["difference"] += 1
    assert all(checked.values()), checked
    score, score_table = wb["Bảng điểm"], by_key(doc, "bang-diem")
    total = header_row(score, score_table) + len(score_table.rows)
    assert score[f"C{total}"].value == "=SUM(C6,C13,C16)-SUM(C17)"
    assert score[f"D{total}"].value == "=SUM(D6,D13,D16)-SUM(D17)"


def test_constants_are_numbers_with_the_formats_officials_read(written):
    doc, _, wb = written
    for t, ws in zip(doc.tables, wb.worksheets, strict=False):
        first = header_row(ws, t) + 1
        for index, row in enumerate(t.rows):
            for column, spec in enumerate(t.columns):
                cell = ws.cell(first + index, column + 1)
                value = row.cells[column]
                if spec.kind == Kind.PERCENT and (value is not None or cell.data_type == "f"):
                    assert cell.number_format == "0.0%"
                if spec.kind == Kind.INTEGER and (value is not None or cell.data_type == "f"):
                    assert cell.number_format == "#,##0"
                if cell.data_type == "f" or value is None:
                    continue
                if isinstance(value, Decimal | int) and not isinstance(value, bool):
                    expected = value / 100 if spec.kind == Kind.PERCENT else value
                    assert cell.value == pytest.approx(float(expected), abs=1e-12)
                    assert type(cell.value) is (int if expected == int(expected) else float)
                if spec.kind == Kind.POINTS and isinstance(value, Decimal):
                    assert cell.number_format == ("0" if value == int(value) else "0.0#")
                if spec.kind == Kind.DATE and value is not None:
                    assert cell.value.date() == value
                    assert cell.number_format == "dd/mm/yyyy"
    comparison = wb["So sánh"]
    assert comparison["C7"].value == 6.25 and comparison["C7"].number_format == "0.0#"
    assert comparison["B9"].number_format == "General"  # a live total: no pointless ",0"


def test_sheets_title_block_bold_rows_and_notes(written):
    doc, _, wb = written
    names = [ws.title for ws in wb.worksheets]
    assert names == ["So sánh", "Theo lĩnh vực", "Bảng điểm", "Bảng- biên-", DATA_SHEET]
    assert [ws.sheet_state for ws in wb.worksheets][:-1] == ["visible"] * 4
    assert wb.active.title == "So sánh"
    score, score_table = wb["Bảng điểm"], by_key(doc, "bang-diem")
    assert score["A1"].value == "ỦY BAN NHÂN DÂN XÃ VÂN CANH"
    assert score["A2"].value == score_table.title.upper()
    assert score["A3"].value == doc.summary
    first = header_row(score, score_table) + 1
    assert score.cell(first - 1, 1).font.b and score.cell(first - 1, 1).fill.fgColor.rgb.endswith(
        "DDEBF7"
    )
    for index, row in enumerate(score_table.rows):
        bold = row.style in (RowStyle.GROUP, RowStyle.TOTAL)
        assert bool(score.cell(first + index, 2).font.b) == bold
    note_row = first + len(score_table.rows) + 1
    assert score.cell(note_row, 1).value == score_table.notes[0]
    assert any(str(r).startswith(f"A{note_row}:G{note_row}") for r in score.merged_cells.ranges)
    assert score.column_dimensions["B"].width == 40  # the width the document chose


def test_formula_like_text_is_written_as_text(written):
    _, _, wb = written
    cells = [c for row in wb["Bảng điểm"].iter_rows() for c in row if c.value]
    typed = [c for c in cells if str(c.value).startswith("=SUM(A1:A9) là chữ")]
    assert len(typed) == 1
    assert typed[0].data_type == "s" and typed[0].quotePrefix


def test_print_setup_and_frozen_header(written):
    doc, _, wb = written
    frozen_columns = {"So sánh": "B", "Theo lĩnh vực": "B", "Bảng điểm": "C", "Bảng- biên-": "B"}
    for t, ws in zip(doc.tables, wb.worksheets, strict=False):
        h = header_row(ws, t)
        setup = ws.page_setup
        assert int(setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert setup.orientation == ("landscape" if t.landscape else "portrait")
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == f"${h}:${h}"
        assert ws.freeze_panes == f"{frozen_columns[ws.title]}{h + 1}"
        assert ws.oddFooter.center.text == "Trang &P/&N"
        assert ws.page_margins.left >= 0.8 and ws.page_margins.right >= 0.5
    assert wb["Bảng điểm"].page_setup.orientation == "landscape"


def test_hidden_data_reads_back_equal(written):
    doc, path, wb = written
    data = wb[DATA_SHEET]
    assert data.sheet_state == "hidden"
    assert data["A1"].value == DATA_WARNING
    assert [data["A2"].value, data["C2"].value] == ["format", DATA_FORMAT_VERSION]
    assert data.cell(data.max_row, 1).value == "checksum"
    assert read_submission_data(path) == written_payload(doc)


def _edit_data(path: Path, target: Path, edit) -> Path:
    wb = load_workbook(path)
    edit(wb[DATA_SHEET])
    wb.save(target)
    return target


def _replace_in_row(ws, old: str, new: str) -> None:
    for (cell,) in ws.iter_rows(min_col=2, max_col=2):
        if isinstance(cell.value, str) and old in cell.value:
            cell.value = cell.value.replace(old, new, 1)
            return
    raise AssertionError(old)


@pytest.mark.parametrize(
    "edit",
    [
        lambda ws: _replace_in_row(ws, '"10.5"', '"11.5"'),  # a score raised by hand
        lambda ws: _replace_in_row(ws, "xã Vân Canh", "xã Khác"),
        lambda ws: ws.delete_rows(6),  # a line removed
        lambda ws: _replace_in_row(ws, "]", ""),  # JSON broken
        lambda ws: ws.delete_rows(ws.max_row),  # no checksum
    ],
    ids=["score", "unit", "row-removed", "broken-json", "no-checksum"],
)
def test_edited_data_is_refused(written, tmp_path, edit):
    _, path, _ = written
    tampered = _edit_data(path, tmp_path / "sua.xlsx", edit)
    with pytest.raises(SubmissionDataError) as caught:
        read_submission_data(tampered)
    assert caught.value.message.startswith("Dữ liệu trong tệp đã bị sửa hoặc hỏng (")


def test_changed_value_names_the_checksum(written, tmp_path):
    _, path, _ = written
    tampered = _edit_data(
        path, tmp_path / "sua.xlsx", lambda ws: _replace_in_row(ws, '"6.25"', '"7"')
    )
    with pytest.raises(SubmissionDataError, match=r"mã kiểm tra không khớp"):
        read_submission_data(tampered)


def test_newer_format_version_names_both_versions(written, tmp_path):
    _, path, _ = written
    newer = _edit_data(path, tmp_path / "moi.xlsx", lambda ws: ws.cell(2, 3, 7))
    with pytest.raises(SubmissionDataError) as caught:
        read_submission_data(newer)
    assert "phiên bản 7" in caught.value.message
    assert f"đến phiên bản {DATA_FORMAT_VERSION}" in caught.value.message


def test_other_files_are_refused_with_a_message(tmp_path):
    plain = tmp_path / "bang-tinh.xlsx"
    wb = Workbook()
    wb.active["A1"] = "Số liệu"
    wb.save(plain)
    with pytest.raises(SubmissionDataError, match="không phải hồ sơ do CCHC Desktop xuất"):
        read_submission_data(plain)
    other = tmp_path / "khac.xlsx"
    wb.create_sheet(DATA_SHEET)["A2"] = "something"
    wb.save(other)
    with pytest.raises(SubmissionDataError, match="không phải hồ sơ do CCHC Desktop xuất"):
        read_submission_data(other)
    text = tmp_path / "ghi-chu.xlsx"
    text.write_text("STT;Nội dung\n1;abc\n", encoding="utf-8")
    with pytest.raises(SubmissionDataError, match="không phải tệp Excel"):
        read_submission_data(text)
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(plain.read_bytes()[:300])
    with pytest.raises(SubmissionDataError, match="bị hỏng"):
        read_submission_data(broken)
    with pytest.raises(SubmissionDataError, match="Không tìm thấy"):
        read_submission_data(tmp_path / "khong-co.xlsx")


def test_a_large_table_and_a_long_text_fit_excel_and_read_back(tmp_path):
    doc = sample_document(lines=2500)
    long_text = ("Giải trình" + " " * 31) * 1250 + "=cuối"  # 51,255 characters
    long = make_table(
        "dai",
        "Giải trình",
        "Giải trình",
        (Column("Nội dung", Kind.TEXT, 60),),
        (Row((long_text,)), Row(("ngắn",))),
    )
    doc = dataclasses.replace(doc, blocks=(*doc.blocks, long))
    path = write_workbook(doc, tmp_path / "lon.xlsx")
    assert read_submission_data(path) == written_payload(doc)
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    units = len(cell.value.encode("utf-16-le")) // 2
                    assert units <= EXCEL_CELL_LIMIT, (ws.title, cell.coordinate)
    pieces = [c.value for (c,) in wb[DATA_SHEET].iter_rows(min_col=2, max_col=2) if c.value]
    assert any(p.startswith(" ") or p.endswith(" ") for p in pieces)  # kept across a cut
    shown = wb["Giải trình"].cell(header_row(wb["Giải trình"], long) + 1, 1).value
    assert shown.startswith("Giải trình ") and shown.endswith("…")
    score = wb["Bảng điểm"]
    assert score["C6"].value == "=SUM(C7:C2506)"  # a field of 2,500 lines: one range


def test_unbalanced_table_is_a_bug():
    t = edge_table()
    rows = list(t.rows)
    rows[4] = dataclasses.replace(rows[4], cells=("A trừ C", 3, 2, D(150), -1))
    doc = dataclasses.replace(sample_document(), blocks=(dataclasses.replace(t, rows=tuple(rows)),))
    with pytest.raises(ValueError, match="does not add up"):
        build_document_workbook(doc)


def test_write_failure_leaves_nothing(tmp_path):
    folder = tmp_path / "xuat"
    folder.mkdir()
    with pytest.raises(ExportError) as caught:
        write_workbook(sample_document(), folder / "khong-co" / "ho-so.xlsx")
    assert "ho-so.xlsx" in caught.value.message
    assert list(folder.iterdir()) == []


def test_progress_is_reported(tmp_path):
    steps = []
    write_workbook(sample_document(), tmp_path / "a.xlsx", progress=lambda *a: steps.append(a))
    assert steps[-1][:2] == (5, 5)
    assert [s[0] for s in steps] == sorted(s[0] for s in steps)


def test_sheet_titles_are_valid_and_unique():
    used: set[str] = set()
    assert sheet_title("Bảng điểm", used) == "Bảng điểm"
    assert sheet_title("bảng ĐIỂM", used) == "bảng ĐIỂM (2)"
    assert sheet_title("Quý I/2026: [tổng]*?", used) == "Quý I-2026- -tổng---"
    assert sheet_title("_du_lieu", used) == "_du_lieu (2)"
    long = sheet_title("Một tên trang rất dài hơn ba mươi mốt ký tự", used)
    assert len(long) == 31
    assert len(sheet_title("Một tên trang rất dài hơn ba mươi mốt ký tự", used)) <= 31
    assert sheet_title("  ''  ", used) == "Bảng"


def test_sum_formula_shapes():
    assert sum_formula("C", [5, 6, 7, 9], []) == "=SUM(C5:C7,C9)"
    assert sum_formula("C", [9, 5], [12]) == "=SUM(C5,C9)-SUM(C12)"
    assert sum_formula("D", [], [4]) == "=-SUM(D4)"
    many = sum_formula("B", list(range(1, 600, 2)), [])  # 300 separate cells
    assert many.count("SUM(") == 2 and many.startswith("=SUM(B1,B3,")


def test_empty_table_says_so(tmp_path):
    columns = (Column("Lĩnh vực", Kind.TEXT, 30), Column("Số", Kind.INTEGER, 8))
    empty = make_table("rong", "Bảng rỗng", "Rỗng", columns, (), notes=("Ghi chú.",))
    doc = dataclasses.replace(sample_document(), blocks=(empty,))
    wb = build_document_workbook(doc)
    ws = wb["Rỗng"]
    first = header_row(ws, empty) + 1
    assert ws.cell(first, 1).value == empty.empty_text
    assert ws.cell(first + 2, 1).value == "Ghi chú."
    assert ws.page_setup.orientation == "portrait"


def test_modules_load_neither_openpyxl_nor_qt():
    code = (
        "import sys\n"
        "import cchc_desktop.exports.excel_document, cchc_desktop.importers.submission_excel\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('openpyxl', 'PySide6', 'shiboken6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_document_without_tables_still_opens_on_a_sheet(tmp_path):
    doc = dataclasses.replace(sample_document(), blocks=(), appendix=())
    path = write_workbook(doc, tmp_path / "van-ban.xlsx")
    wb = load_workbook(path)
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible", "hidden"]
    assert read_submission_data(path)["tables"] == []
