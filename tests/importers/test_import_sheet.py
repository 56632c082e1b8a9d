"""Generic reading of officials' workbooks: opening, finding the header, cells and deadlines."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from cchc_desktop.importers.sheet import (
    HeaderMatch,
    ImportFileError,
    ImportProblem,
    cell_date,
    cell_text,
    find_header,
    merged_value_map,
    open_workbook,
    parse_deadline_text,
    row_values,
)
from cchc_desktop.importers.tasks_excel import TASK_COLUMNS

UNREADABLE = (
    "Thời hạn «{}» không đọc được; hãy ghi ngày/tháng/năm (ví dụ 30/06/2026), "
    "«Quý II/2026», «Tháng 6/2026» hoặc «Thường xuyên»."
)
NOT_REAL = (
    "Thời hạn «{}» có ngày, tháng hoặc quý không có thật; hãy kiểm tra lại "
    "(ví dụ 30/06/2026, «Quý II/2026», «Tháng 6/2026»)."
)


# ------------------------------------------------------------------ deadlines

DEADLINES = [
    ("30/6/2026", date(2026, 6, 30)),
    ("30/06/2026", date(2026, 6, 30)),
    ("30-6-2026", date(2026, 6, 30)),
    ("30.6.2026", date(2026, 6, 30)),
    ("30/06/26", date(2026, 6, 30)),
    ("2026-06-30", date(2026, 6, 30)),
    ("Trước ngày 30/6/2026", date(2026, 6, 30)),
    ("Trước 30/6/2026", date(2026, 6, 30)),
    ("trước ngày 30/6/2026.", date(2026, 6, 30)),
    ("Hoàn thành trước 15/11/2026", date(2026, 11, 15)),
    ("chậm nhất ngày 15/11/2026", date(2026, 11, 15)),
    ("Ngày 30 tháng 6 năm 2026", date(2026, 6, 30)),
    ("15/11", date(2025, 11, 15)),
    ("Tháng 6/2026", date(2026, 6, 30)),
    ("Tháng 6 năm 2026", date(2026, 6, 30)),
    ("tháng 06/2026", date(2026, 6, 30)),
    ("Tháng 2/2028", date(2028, 2, 29)),
    ("Trong tháng 12/2026", date(2026, 12, 31)),
    ("6/2026", date(2026, 6, 30)),
    ("Tháng 6", date(2025, 6, 30)),
    ("Quý I/2026", date(2026, 3, 31)),
    ("Quý II năm 2026", date(2026, 6, 30)),
    ("Quý 3/2026", date(2026, 9, 30)),
    ("quý IV", date(2025, 12, 31)),
    ("QUÝ II/2026", date(2026, 6, 30)),
    ("Trong quý III/2026", date(2026, 9, 30)),
    ("6 tháng đầu năm 2026", date(2026, 6, 30)),
    ("6 tháng cuối năm 2026", date(2026, 12, 31)),
    ("06 tháng đầu năm", date(2025, 6, 30)),
    ("Năm 2026", date(2026, 12, 31)),
    ("Trong năm 2026", date(2026, 12, 31)),
    ("Cả năm", date(2025, 12, 31)),
    ("Cả năm 2026", date(2026, 12, 31)),
    ("Cuối năm", date(2025, 12, 31)),
    ("2026", date(2026, 12, 31)),
    ("Thường xuyên", None),
    ("Thường xuyên, liên tục", None),
    ("Hằng năm", None),
    ("Hàng năm", None),
    ("Liên tục", None),
    ("Định kỳ", None),
    ("Định kỳ hằng quý", None),
    ("", None),
    ("   ", None),
    ("Quy II/2026", date(2026, 6, 30)),  # typed without accents
    (unicodedata.normalize("NFD", "Quý II/2026"), date(2026, 6, 30)),
]


@pytest.mark.parametrize(("text", "expected"), DEADLINES, ids=[repr(t) for t, _ in DEADLINES])
def test_parse_deadline_text(text: str, expected: date | None) -> None:
    assert parse_deadline_text(text, 2025) == expected


UNREADABLE_DEADLINES = [
    ("sớm nhất có thể", UNREADABLE.format("sớm nhất có thể")),
    ("Theo hướng dẫn của tỉnh", UNREADABLE.format("Theo hướng dẫn của tỉnh")),
    ("Trước quý III", UNREADABLE.format("Trước quý III")),
    ("Quý II, III/2026", UNREADABLE.format("Quý II, III/2026")),
    ("30/6/202", UNREADABLE.format("30/6/202")),
    ("  Sớm\nnhất ", UNREADABLE.format("Sớm nhất")),
    ("31/6/2026", NOT_REAL.format("31/6/2026")),
    ("Tháng 13/2026", NOT_REAL.format("Tháng 13/2026")),
    ("Quý V/2026", NOT_REAL.format("Quý V/2026")),
    ("Quý 5", NOT_REAL.format("Quý 5")),
]


@pytest.mark.parametrize(
    ("text", "message"), UNREADABLE_DEADLINES, ids=[repr(t) for t, _ in UNREADABLE_DEADLINES]
)
def test_unreadable_deadline_text_says_why_in_vietnamese(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_deadline_text(text, 2025)
    assert str(caught.value) == message


# ------------------------------------------------------------------ cells


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("  Văn phòng\nHĐND  và UBND ", "Văn phòng HĐND và UBND"),
        ("Hòa", "Hòa"),  # NFD in, NFC out
        (5, "5"),
        (5.0, "5"),
        (1.5, "1.5"),
        (date(2026, 6, 4), "04/06/2026"),
        (datetime(2026, 6, 4), "04/06/2026"),
        (datetime(2026, 6, 4, 9, 5), "04/06/2026 09:05"),
        (True, "TRUE"),
    ],
)
def test_cell_text(value: object, expected: str) -> None:
    assert cell_text(value) == expected


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (None, None, None),
        ("", None, None),
        (datetime(2026, 6, 30, 0, 0), None, date(2026, 6, 30)),
        (date(2026, 6, 30), None, date(2026, 6, 30)),
        ("Quý II/2026", None, date(2026, 6, 30)),
        ("30/6/2026", None, date(2026, 6, 30)),
        (46203, "dd/mm/yyyy", date(2026, 6, 30)),
        (46203.0, "d/m/yy", date(2026, 6, 30)),
        (2026, "General", date(2026, 12, 31)),
    ],
)
def test_cell_date(value: object, number_format: str | None, expected: date | None) -> None:
    assert cell_date(value, 2025, number_format) == expected


@pytest.mark.parametrize("number_format", [None, "General", "0.00"])
def test_a_number_is_a_date_only_in_a_date_formatted_cell(number_format: str | None) -> None:
    with pytest.raises(ValueError) as caught:
        cell_date(46203, 2025, number_format)
    assert str(caught.value) == (
        "Thời hạn «46203» là một con số, không phải ngày; hãy ghi ngày/tháng/năm "
        "(ví dụ 30/06/2026) hoặc định dạng ô là kiểu Ngày."
    )


def test_cell_date_passes_on_the_text_message() -> None:
    with pytest.raises(ValueError, match="«Sớm nhất có thể» không đọc được"):
        cell_date("Sớm nhất có thể", 2025)


def test_merged_values_fill_every_cell_of_the_range() -> None:
    ws = Workbook().active
    ws["C3"] = "Văn phòng HĐND và UBND"
    ws.merge_cells("C3:C5")
    ws["A7"] = "II"
    ws.merge_cells("A7:B8")
    merged = merged_value_map(ws)
    assert merged[(3, 3)] == merged[(4, 3)] == merged[(5, 3)] == "Văn phòng HĐND và UBND"
    assert merged[(8, 2)] == "II"
    assert (6, 3) not in merged
    ws["B4"] = "Số hóa hồ sơ"
    assert row_values(ws, 4, {"content": 2, "lead": 3, "deadline": 5}, merged) == {
        "content": "Số hóa hồ sơ",
        "lead": "Văn phòng HĐND và UBND",
        "deadline": None,
    }


def test_problem_and_error_carry_their_vietnamese_message() -> None:
    problem = ImportProblem("Phụ lục", 12, "Thời hạn hoàn thành", "Thiếu nội dung nhiệm vụ")
    assert (problem.sheet, problem.row, problem.column) == ("Phụ lục", 12, "Thời hạn hoàn thành")
    error = ImportFileError("Tệp «a.xls» là dạng Excel cũ")
    assert error.message == str(error) == "Tệp «a.xls» là dạng Excel cũ"


# ------------------------------------------------------------------ headers


def _sheet(rows: list[list[object]], merges: tuple[str, ...] = ()):
    ws = Workbook().active
    ws.title = "Phụ lục"
    for row in rows:
        ws.append(row)
    for span in merges:
        ws.merge_cells(span)
    return ws


def test_header_below_a_title_block_with_line_breaks_in_its_cells() -> None:
    ws = _sheet(
        [
            ["UBND XÃ AN BÌNH", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            [],
            ["KẾ HOẠCH"],
            ["Cải cách hành chính năm 2026"],
            [],
            [
                "STT",
                "Nội dung\nnhiệm vụ",
                "Đơn vị\nchủ trì",
                "Đơn vị  phối hợp",
                "Thời hạn\nhoàn thành",
                "Sản phẩm",
                "Ghi chú",
            ],
            [1, "Ban hành kế hoạch", "Văn phòng"],
        ],
        merges=("A1:C1", "D1:G1", "A3:G3", "A4:G4"),
    )
    header = find_header(ws, TASK_COLUMNS, {"content"})
    assert header == HeaderMatch(
        sheet="Phụ lục",
        row=6,
        columns={
            "number": 1,
            "content": 2,
            "lead": 3,
            "coordinators": 4,
            "deadline": 5,
            "result": 6,
            "notes": 7,
        },
        labels={
            "number": "STT",
            "content": "Nội dung nhiệm vụ",
            "lead": "Đơn vị chủ trì",
            "coordinators": "Đơn vị phối hợp",
            "deadline": "Thời hạn hoàn thành",
            "result": "Sản phẩm",
            "notes": "Ghi chú",
        },
    )


def test_header_cells_may_carry_column_numbers_and_punctuation() -> None:
    ws = _sheet(
        [
            ["TT (1)", "Nội dung nhiệm vụ (2)", "Cơ quan, đơn vị chủ trì (3)", "Tiến độ (4)"],
            ["Số TT", "Nhiệm vụ, giải pháp", "Đơn vị/cá nhân chủ trì", "Thời gian thực hiện"],
        ]
    )
    header = find_header(ws, TASK_COLUMNS, {"content"})
    assert header is not None and header.row == 1
    assert header.columns == {"number": 1, "content": 2, "lead": 3, "deadline": 4}
    assert header.labels["lead"] == "Cơ quan, đơn vị chủ trì (3)"
    ws.delete_rows(1)
    header = find_header(ws, TASK_COLUMNS, {"content"})
    assert header is not None
    assert header.columns == {"number": 1, "content": 2, "lead": 3, "deadline": 4}


def test_a_synonym_matches_whole_words_only() -> None:
    ws = _sheet([["STT", "Nội dung", "TTHC liên quan", "Phối hợp"]])
    header = find_header(ws, TASK_COLUMNS, {"content"})
    assert header is not None
    assert header.columns == {"number": 1, "content": 2, "coordinators": 4}


def test_a_title_that_starts_like_a_column_name_is_not_the_header() -> None:
    ws = _sheet(
        [
            ["NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH TRỌNG TÂM NĂM 2026"],
            ["Nội dung: theo Kế hoạch số 15/KH-UBND"],
            ["STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"],
        ],
        merges=("A1:D1",),
    )
    header = find_header(ws, TASK_COLUMNS, {"content"})
    assert header is not None and header.row == 3


def test_a_header_naming_only_the_required_column_is_accepted() -> None:
    ws = _sheet([["Tổng hợp"], [], ["Lĩnh vực", "Nội dung công việc"]])
    header = find_header(ws, TASK_COLUMNS, {"content"})
    assert header is not None
    assert (header.row, header.columns, header.labels) == (
        3,
        {"content": 2},
        {"content": "Nội dung công việc"},
    )


def test_two_row_header_with_a_group_over_start_and_end() -> None:
    ws = _sheet(
        [
            ["KẾ HOẠCH"],
            ["TT", "Nội dung nhiệm vụ", "Đơn vị", None, "Thời gian", None, "Ghi chú"],
            [None, None, "Chủ trì", "Phối hợp", "Bắt đầu", "Hoàn thành", None],
            [1, "Ban hành kế hoạch", "Văn phòng", None, "01/01/2026", "Quý I/2026"],
        ],
        merges=("A2:A3", "B2:B3", "C2:D2", "E2:F2", "G2:G3"),
    )
    header = find_header(ws, TASK_COLUMNS, {"content"})
    assert header is not None and header.row == 3
    assert header.columns == {
        "number": 1,
        "content": 2,
        "lead": 3,
        "coordinators": 4,
        "deadline": 6,
        "notes": 7,
    }
    assert header.labels["deadline"] == "Thời gian – Hoàn thành"
    assert header.labels["content"] == "Nội dung nhiệm vụ"


def test_two_row_header_whose_group_is_itself_a_column_name() -> None:
    # "Thời gian thực hiện" names the deadline, but the column under it that ends is the one.
    ws = _sheet(
        [
            ["STT", "Nội dung", "Thời gian thực hiện", None],
            [None, None, "Từ ngày", "Đến ngày"],
            [1, "Ban hành kế hoạch", "01/01/2026", "15/01/2026"],
        ],
        merges=("A1:A2", "B1:B2", "C1:D1"),
    )
    header = find_header(ws, TASK_COLUMNS, {"content"})
    assert header is not None and header.row == 2
    assert header.columns == {"number": 1, "content": 2, "deadline": 4}
    assert header.labels["deadline"] == "Thời gian thực hiện – Đến ngày"


def test_a_two_row_header_without_merges_below() -> None:
    ws = _sheet(
        [
            ["STT", "Nội dung", "Thời gian", None, "Chủ trì"],
            [None, None, "Bắt đầu", "Kết thúc", None],
            [1, "Ban hành kế hoạch", "01/01/2026", "15/01/2026", "Văn phòng"],
        ],
        merges=("C1:D1",),
    )
    header = find_header(ws, TASK_COLUMNS, {"content"})
    assert header is not None and header.row == 2
    assert header.columns == {"number": 1, "content": 2, "deadline": 4, "lead": 5}


def test_a_wide_content_header_does_not_swallow_the_first_task() -> None:
    ws = _sheet(
        [
            ["STT", "Nội dung nhiệm vụ", None, None, "Chủ trì"],
            [1, "Ban hành kế hoạch cải cách hành chính năm 2026", None, None, "Văn phòng"],
        ],
        merges=("B1:D1", "B2:D2"),
    )
    header = find_header(ws, TASK_COLUMNS, {"content"})
    assert header is not None and header.row == 1
    assert header.columns == {"number": 1, "content": 2, "lead": 5}


def test_no_header_in_the_scanned_rows() -> None:
    ws = _sheet([["Danh sách cán bộ"], ["Họ và tên", "Chức vụ"]])
    assert find_header(ws, TASK_COLUMNS, {"content"}) is None
    ws = _sheet([[] for _ in range(44)] + [["STT", "Nội dung", "Chủ trì"]])
    assert find_header(ws, TASK_COLUMNS, {"content"}) is None
    assert find_header(ws, TASK_COLUMNS, {"content"}, max_scan_rows=50) is not None
    assert find_header(Workbook().active, TASK_COLUMNS, {"content"}) is None


def test_the_required_keys_decide() -> None:
    ws = _sheet([["STT", "Chủ trì", "Thời hạn"]])
    assert find_header(ws, TASK_COLUMNS, {"content"}) is None
    assert find_header(ws, TASK_COLUMNS, {"lead"}) is not None


# ------------------------------------------------------------------ opening files


def _saved(tmp_path: Path, name: str = "ke-hoach.xlsx") -> Path:
    wb = Workbook()
    wb.active["A1"] = "STT"
    wb.active.merge_cells("B1:C1")
    path = tmp_path / name
    wb.save(path)
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(ImportFileError) as caught:
        open_workbook(path)
    assert isinstance(caught.value.message, str)
    return caught.value.message


def test_opens_an_xlsx_with_its_merged_ranges(tmp_path: Path) -> None:
    wb = open_workbook(_saved(tmp_path))
    ws = wb.active
    assert ws["A1"].value == "STT"
    assert [str(r) for r in ws.merged_cells.ranges] == ["B1:C1"]


def test_an_xlsx_misnamed_xls_opens_by_its_content(tmp_path: Path) -> None:
    path = _saved(tmp_path, "ke-hoach.xls")
    assert open_workbook(path).active["A1"].value == "STT"


def test_missing_file(tmp_path: Path) -> None:
    message = _refusal(tmp_path / "khong-co.xlsx")
    assert message.startswith("Không tìm thấy tệp «")
    assert "khong-co.xlsx" in message


def test_folder(tmp_path: Path) -> None:
    assert "là một thư mục" in _refusal(tmp_path)


def test_old_xls(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach-2020.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    message = _refusal(path)
    assert "là dạng Excel cũ (.xls)" in message
    assert "«Lưu thành»" in message and "(*.xlsx)" in message


def test_xls_name_with_other_bytes(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.xls"
    path.write_bytes(b"<html><table><tr><td>1</td></tr></table></html>")
    message = _refusal(path)
    assert "không phải tệp Excel .xlsx" in message and "«Lưu thành»" in message


def test_password_protected(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach-mat-khau.xlsx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path.write_bytes(
        ole
        + "EncryptionInfo".encode("utf-16-le")
        + b"\0\0" * 4
        + "EncryptedPackage".encode("utf-16-le")
    )
    message = _refusal(path)
    assert "được đặt mật khẩu" in message and "gỡ mật khẩu" in message


def test_csv_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.xlsx"
    path.write_text("STT,Nội dung,Chủ trì\n1,Ban hành kế hoạch,Văn phòng\n", encoding="utf-8")
    message = _refusal(path)
    assert "không phải tệp Excel .xlsx" in message and "CSV" in message


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    assert _refusal(path) == (
        "Tệp «ke-hoach.xlsx» không phải tệp Excel .xlsx. "
        "Hãy chọn một bảng tính Excel có đuôi .xlsx."
    )


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(b"")
    assert "rỗng (0 byte)" in _refusal(path)


def test_excel_lock_file(tmp_path: Path) -> None:
    path = tmp_path / "~$ke-hoach.xlsx"
    path.write_bytes(b"\x0bNguyen Van A" + bytes(150))
    assert "tệp tạm Excel" in _refusal(path)


def test_truncated_xlsx_is_damaged(tmp_path: Path) -> None:
    source = _saved(tmp_path, "nguon.xlsx").read_bytes()
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(source[: len(source) // 2])
    message = _refusal(path)
    assert "bị hỏng" in message and "«Lưu thành»" in message


def test_garbage_inside_a_valid_zip_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "not xml at all")
    assert "bị hỏng" in _refusal(path)


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"word/document.xml": "<w/>"}, "là văn bản Word"),
        ({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}, "OpenDocument (.ods)"),
        ({"xl/workbook.bin": "\0"}, "Excel nhị phân (.xlsb)"),
        ({"a.txt": "a"}, "không phải tệp Excel .xlsx"),
    ],
)
def test_other_zip_files(tmp_path: Path, members: dict[str, str], expected: str) -> None:
    path = tmp_path / "ke-hoach.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    assert expected in _refusal(path)


def test_importing_the_importers_does_not_load_openpyxl() -> None:
    code = (
        "import sys, cchc_desktop.importers\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'PySide6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
