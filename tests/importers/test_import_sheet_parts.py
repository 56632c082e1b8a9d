"""The pieces every sheet reader shares: finding the sheets with a header, walking a table's
rows, a row's own text, dates of numbers and the fold that keeps a text's length."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from cchc_desktop.importers.sheet import (
    HeaderMatch,
    ImportFileError,
    TableCell,
    body_lines,
    date_of_number,
    fold_keeping_length,
    merged_origin_map,
    only_first_sheet,
    own_text,
    sheets_of,
    table_lines,
)


def _header_of(ws: Worksheet) -> HeaderMatch | None:
    if ws["A1"].value != "STT":
        return None
    return HeaderMatch(ws.title, 1, {"number": 1, "title": 2}, {"number": "STT", "title": "Tên"})


def _workbook(tmp_path: Path, sheets: dict[str, list[list[object]]], hidden: str = "") -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
        if title == hidden:
            ws.sheet_state = "hidden"
    path = tmp_path / "bang.xlsx"
    workbook.save(path)
    return path


def test_sheets_of_gives_the_visible_sheets_with_a_header_in_order(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path,
        {
            "Bìa": [["KẾ HOẠCH"]],
            "Một": [["STT", "Tên"], [1, "a"]],
            "Ẩn": [["STT", "Tên"]],
            "Hai": [["STT", "Tên"]],
        },
        hidden="Ẩn",
    )
    with sheets_of(path, None, _header_of, "Không tìm thấy") as found:
        assert [(ws.title, header.row) for ws, header in found] == [("Một", 1), ("Hai", 1)]
        assert only_first_sheet(found, "bảng tiêu chí") == (
            "Tệp có bảng tiêu chí ở nhiều trang; chỉ đọc trang «Một» (không đọc «Hai»)."
        )
        assert only_first_sheet(found[:1], "bảng tiêu chí") is None
    with sheets_of(path, "Hai", _header_of, "Không tìm thấy") as found:
        assert [ws.title for ws, _ in found] == ["Hai"]


def test_sheets_of_says_which_sheets_it_looked_at(tmp_path: Path) -> None:
    path = _workbook(tmp_path, {"Bìa": [["KẾ HOẠCH"]], "Ẩn": [["STT"]]}, hidden="Ẩn")
    with pytest.raises(ImportFileError) as caught:
        with sheets_of(path, None, _header_of, "Không tìm thấy dòng tiêu đề"):
            pass
    assert caught.value.message == "Không tìm thấy dòng tiêu đề trong các trang: «Bìa»."


def test_sheets_of_refuses_a_sheet_the_file_does_not_have(tmp_path: Path) -> None:
    path = _workbook(tmp_path, {"Một": [["STT", "Tên"]]})
    with pytest.raises(ImportFileError, match="không có trang «Ba» \\(các trang: «Một»\\)"):
        with sheets_of(path, "Ba", _header_of, "Không tìm thấy"):
            pass


def test_table_lines_pass_over_empty_and_merged_rows_and_count_the_empty_ones() -> None:
    workbook = Workbook()
    ws = workbook.active
    for row in (["STT", "Tên"], [1, "Một"], [None, None], [None, None], [2, "Hai"], [None, None]):
        ws.append(row)
    ws.append([3, "Ba"])
    ws.merge_cells("B7:B8")  # the lower half of a range merged from above
    ws["A9"] = 4
    origins = merged_origin_map(ws)
    lines = list(table_lines(ws, 2, {"number": 1, "title": 2}, ["number", "title"], origins))
    assert [(line.row, line.blanks_before) for line in lines] == [(2, 0), (5, 2), (7, 1), (9, 0)]
    assert lines[1].cells["title"].text == "Hai"
    assert set(lines[3].filled) == {"number"}


def test_own_text_leaves_out_what_a_range_from_above_gives() -> None:
    cells = {
        "number": TableCell(1.0, (3, 1), False),
        "title": TableCell("Nội dung", (2, 2), True),
    }
    assert own_text(cells, "number") == "1"
    assert own_text(cells, "title") == ""
    assert own_text(cells, "notes") == ""


def test_a_number_is_a_date_only_in_a_cell_formatted_as_one() -> None:
    assert date_of_number(46203, "dd/mm/yyyy") == date(2026, 6, 30)
    assert date_of_number(46203, "General") is None
    assert date_of_number(46203, None) is None


def test_the_fold_keeps_the_length_so_a_match_cuts_the_original() -> None:
    text = "Kế hoạch số 45/KH-UBND của UBND huyện Đà Bắc"
    folded = fold_keeping_length(text)
    assert folded == "ke hoach so 45/kh-ubnd cua ubnd huyen da bac"
    assert len(folded) == len(text)
    start = folded.index("huyen")
    assert text[start:] == "huyện Đà Bắc"


def test_the_body_leaves_out_numbering_and_header_again_and_ends_at_the_signature() -> None:
    workbook = Workbook()
    ws = workbook.active
    for row in (
        ["STT", "Tên"],
        ["(1)", "(2)"],
        [1, "Một"],
        [None, None],
        ["STT", "Tên"],  # the header printed again on the next page
        [2, "Hai"],
        [None, "Nơi nhận:"],
        [3, "Sau chữ ký"],
    ):
        ws.append(row)
    header = HeaderMatch(ws.title, 1, {"number": 1, "title": 2}, {"number": "STT", "title": "Tên"})
    blanks: list[int] = []
    lines = list(
        body_lines(ws, header, ["number", "title"], merged_origin_map(ws), "title", blanks.append)
    )
    assert [line.row for line in lines] == [3, 6]
    assert blanks == [0, 0, 1, 0]  # told for every row read before the end, skipped or not
