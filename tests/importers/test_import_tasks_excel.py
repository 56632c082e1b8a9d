"""Reading the task table of a CCHC plan from the workbooks officials produce."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from cchc_desktop.importers import (
    ImportFileError,
    ImportProblem,
    TaskRow,
    read_task_workbook,
)
from cchc_desktop.importers.task_import import ImportDefaults, plan_task_import
from cchc_desktop.importers.tasks_excel import split_coordinators
from tests.support.files import file_fingerprint
from tests.support.paths import IMPORT_SAMPLES

SAMPLES = IMPORT_SAMPLES
HEADER = [
    "STT",
    "Nội dung\nnhiệm vụ",
    "Đơn vị\nchủ trì",
    "Đơn vị phối hợp",
    "Thời hạn\nhoàn thành",
    "Sản phẩm",
    "Ghi chú",
]


def _fill(ws: Worksheet, rows: dict[int, list[object]], merges: tuple[str, ...] = ()) -> None:
    for row, values in rows.items():
        for column, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=row, column=column, value=value)
    for span in merges:
        ws.merge_cells(span)


def _save(wb: Workbook, tmp_path: Path, name: str = "ke-hoach.xlsx") -> Path:
    path = tmp_path / name
    wb.save(path)
    return path


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A plan as a commune types it: title block, numbering row, headings, merges, gaps."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    _fill(
        ws,
        {
            1: ["UBND XÃ AN BÌNH", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            2: ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"],
            4: HEADER,
            5: ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
            6: ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"],
            7: [
                1,
                "Ban hành Kế hoạch CCHC năm 2026",
                "Văn phòng HĐND và UBND",
                "Phòng Văn hóa - Xã hội;\nCông an xã",
                datetime(2026, 1, 15),
                "Kế hoạch",
                "Trình Chủ tịch ký",
            ],
            8: [
                2,
                "Tuyên truyền\nCCHC trên  Đài truyền thanh xã",
                "Phòng Văn hóa - Xã hội",
                "- Đoàn Thanh niên xã\n- Hội Liên hiệp Phụ nữ xã",
                "Quý II/2026",
            ],
            11: ["CẢI CÁCH THỦ TỤC HÀNH CHÍNH"],
            12: [
                3,
                "Niêm yết công khai thủ tục hành chính",
                "Trung tâm phục vụ hành chính công",
                "Phòng Kinh tế, Hạ tầng và Đô thị",
                "Tháng 6/2026",
            ],
            13: [4, "Số hóa hồ sơ thủ tục hành chính", None, "Công an xã"],
            14: [5, "Rà soát thủ tục hành chính", None, None, None, "Báo cáo rà soát"],
            15: [
                6,
                "Báo cáo kiểm soát TTHC",
                "Văn phòng HĐND và UBND",
                None,
                "Trước ngày 30/6/2026",
            ],
            16: [7, "Trả kết quả qua bưu chính công ích", "Trung tâm", None, "Thường xuyên"],
            17: [8, "Giải quyết hồ sơ đúng hạn", "Trung tâm", None, "15/11/2026"],
            18: [9, "Tổ chức đối thoại với người dân", "Văn phòng", None, "sớm nhất có thể"],
            19: [10, None, "Văn phòng HĐND và UBND", None, "Quý III/2026"],
            20: [None, "Lĩnh vực cải cách tài chính công"],
            21: ["11", "Công khai ngân sách xã", "Phòng Kinh tế", None, None, None, "Hằng quý"],
            22: ["a", "Công khai dự toán", "Phòng Kinh tế", None, 2026],
        },
        merges=("A11:G11", "C12:C14", "E12:E14", "B20:G20"),
    )
    return _save(wb, tmp_path)


def test_reads_a_plan_as_communes_type_it(plan: Path) -> None:
    reading = read_task_workbook(plan, default_year=2026)
    assert reading.path == plan
    assert reading.sheets_read == ["Phụ lục"]
    assert reading.blank_rows == 2  # rows 9 and 10
    assert [(r.row, r.number) for r in reading.rows] == [
        (7, "1"),
        (8, "2"),
        (12, "3"),
        (13, "4"),
        (14, "5"),
        (15, "6"),
        (16, "7"),
        (17, "8"),
        (18, "9"),  # its deadline is no date: kept for the officer to say how to read it
        (21, "11"),
        (22, "a"),
    ]
    assert reading.rows[0] == TaskRow(
        sheet="Phụ lục",
        row=7,
        number="1",
        content="Ban hành Kế hoạch CCHC năm 2026",
        lead="Văn phòng HĐND và UBND",
        coordinators=("Phòng Văn hóa - Xã hội", "Công an xã"),
        deadline=date(2026, 1, 15),
        deadline_text="15/01/2026",
        result="Kế hoạch",
        notes="Trình Chủ tịch ký",
        section="I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
    )


def test_lines_of_a_content_cell_are_joined(plan: Path) -> None:
    row = read_task_workbook(plan, default_year=2026).rows[1]
    assert row.content == "Tuyên truyền CCHC trên Đài truyền thanh xã"
    assert row.coordinators == ("Đoàn Thanh niên xã", "Hội Liên hiệp Phụ nữ xã")
    assert (row.deadline, row.deadline_text) == (date(2026, 6, 30), "Quý II/2026")


def test_section_headings(plan: Path) -> None:
    sections = {r.row: r.section for r in read_task_workbook(plan, default_year=2026).rows}
    assert sections[8] == "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"  # Roman numeral in the STT cell
    assert sections[12] == "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"  # upper case, merged across the row
    assert sections[17] == "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"
    assert sections[21] == "Lĩnh vực cải cách tài chính công"  # content merged across columns


def test_lead_and_deadline_merged_down_apply_to_every_row(plan: Path) -> None:
    rows = {r.row: r for r in read_task_workbook(plan, default_year=2026).rows}
    for row in (12, 13, 14):
        assert rows[row].lead == "Trung tâm phục vụ hành chính công"
        assert rows[row].deadline == date(2026, 6, 30)
        assert rows[row].deadline_text == "Tháng 6/2026"
    assert rows[13].coordinators == ("Công an xã",)
    assert rows[14].coordinators == ()
    assert rows[14].result == "Báo cáo rà soát"


@pytest.mark.parametrize(
    ("row", "expected", "printed"),
    [
        (7, date(2026, 1, 15), "15/01/2026"),  # an Excel date cell
        (8, date(2026, 6, 30), "Quý II/2026"),
        (12, date(2026, 6, 30), "Tháng 6/2026"),
        (15, date(2026, 6, 30), "Trước ngày 30/6/2026"),
        (16, None, "Thường xuyên"),
        (17, date(2026, 11, 15), "15/11/2026"),  # dd/mm/yyyy typed as text
        (21, None, ""),
        (22, date(2026, 12, 31), "2026"),  # a year typed as a number
    ],
)
def test_deadlines(plan: Path, row: int, expected: date | None, printed: str) -> None:
    rows = {r.row: r for r in read_task_workbook(plan, default_year=2026).rows}
    assert (rows[row].deadline, rows[row].deadline_text) == (expected, printed)


def test_rows_that_cannot_be_used_are_reported_not_read(plan: Path) -> None:
    reading = read_task_workbook(plan, default_year=2026)
    assert reading.problems == [
        ImportProblem(
            sheet="Phụ lục", row=19, column="Nội dung nhiệm vụ", message="Thiếu nội dung nhiệm vụ"
        ),
    ]
    assert 19 not in {r.row for r in reading.rows}


def test_a_deadline_that_is_no_date_keeps_its_row_with_the_reason(plan: Path) -> None:
    rows = {r.row: r for r in read_task_workbook(plan, default_year=2026).rows}
    assert (rows[18].deadline, rows[18].deadline_text) == (None, "sớm nhất có thể")
    assert rows[18].deadline_problem == (
        "Thời hạn «sớm nhất có thể» không đọc được; hãy ghi ngày/tháng/năm "
        "(ví dụ 30/06/2026), «Quý II/2026», «Tháng 6/2026» hoặc «Thường xuyên»."
    )
    assert rows[18].recurrence is None
    assert all(not r.deadline_problem for n, r in rows.items() if n != 18)


def test_reading_leaves_the_file_untouched(plan: Path) -> None:
    before = file_fingerprint(plan)
    read_task_workbook(plan, default_year=2026)
    assert file_fingerprint(plan) == before


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Phòng Kinh tế, Hạ tầng và Đô thị", ("Phòng Kinh tế, Hạ tầng và Đô thị",)),
        ("Văn phòng HĐND và UBND; Công an xã", ("Văn phòng HĐND và UBND", "Công an xã")),
        ("- Công an xã\n- Văn phòng - Thống kê", ("Công an xã", "Văn phòng - Thống kê")),
        ("+ Đoàn Thanh niên,\r\n+ Hội Phụ nữ.", ("Đoàn Thanh niên", "Hội Phụ nữ")),
        ("• Công an xã\n\n• Công an xã", ("Công an xã",)),
        ("Các phòng, ban chuyên môn", ("Các phòng, ban chuyên môn",)),
        ("", ()),
        (None, ()),
    ],
)
def test_coordinators_split_on_lines_and_semicolons_never_commas(
    value: object, expected: tuple[str, ...]
) -> None:
    assert split_coordinators(value) == expected


def test_every_visible_sheet_with_a_header_is_read(tmp_path: Path) -> None:
    wb = Workbook()
    notes = wb.active
    notes.title = "Hướng dẫn"
    notes["A1"] = "Các đơn vị cập nhật tiến độ trước ngày 03 hằng quý."
    first = wb.create_sheet("Năm 2026")
    _fill(first, {1: ["STT", "Nội dung", "Chủ trì"], 2: ["I", "CHỈ ĐẠO"], 3: [1, "Việc A", "X"]})
    hidden = wb.create_sheet("Cũ")
    _fill(hidden, {1: ["STT", "Nội dung", "Chủ trì"], 2: [1, "Việc cũ", "Y"]})
    hidden.sheet_state = "hidden"
    second = wb.create_sheet("Bổ sung")
    _fill(second, {3: ["TT", "Nhiệm vụ", "Thời hạn"], 4: [1, "Việc B", "Quý IV"]})
    reading = read_task_workbook(_save(wb, tmp_path), default_year=2026)
    assert reading.sheets_read == ["Năm 2026", "Bổ sung"]
    assert [(r.sheet, r.row, r.content, r.section) for r in reading.rows] == [
        ("Năm 2026", 3, "Việc A", "I. CHỈ ĐẠO"),
        ("Bổ sung", 4, "Việc B", None),  # a heading does not carry over to the next sheet
    ]
    assert reading.rows[1].deadline == date(2026, 12, 31)


def test_a_very_hidden_sheet_is_skipped_too(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Trống"
    secret = wb.create_sheet("Ẩn")
    _fill(secret, {1: ["STT", "Nội dung"], 2: [1, "Việc"]})
    secret.sheet_state = "veryHidden"
    with pytest.raises(ImportFileError) as caught:
        read_task_workbook(_save(wb, tmp_path), default_year=2026)
    assert "«Trống»" in caught.value.message and "«Ẩn»" not in caught.value.message


def test_no_header_anywhere(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Trang 1"
    wb.active.append(["Họ và tên", "Chức vụ"])
    wb.create_sheet("Trang 2")
    with pytest.raises(ImportFileError) as caught:
        read_task_workbook(_save(wb, tmp_path), default_year=2026)
    assert caught.value.message == (
        "Không tìm thấy dòng tiêu đề của bảng nhiệm vụ (cần một cột «Nội dung nhiệm vụ») "
        "trong các trang: «Trang 1», «Trang 2»."
    )


def test_empty_workbook(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="Không tìm thấy dòng tiêu đề") as caught:
        read_task_workbook(_save(Workbook(), tmp_path), default_year=2026)
    assert caught.value.message.endswith("trong các trang: «Sheet».")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("ke-hoach.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000), "Excel cũ (.xls)"),
        ("ke-hoach.xlsx", "STT,Nội dung\n1,Việc\n".encode(), "CSV"),
        ("ke-hoach.xlsx", bytes(range(256)) * 4, "không phải tệp Excel .xlsx"),
    ],
)
def test_files_that_are_not_workbooks(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as caught:
        read_task_workbook(path, default_year=2026)
    assert expected in caught.value.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="Không tìm thấy tệp"):
        read_task_workbook(tmp_path / "khong-co.xlsx", default_year=2026)


def test_numbering_row_of_plain_numbers_and_a_repeated_header(tmp_path: Path) -> None:
    wb = Workbook()
    _fill(
        wb.active,
        {
            1: ["TT", "Nội dung nhiệm vụ", "Chủ trì", "Thời hạn"],
            2: [1, 2, 3, 4],
            3: [1, "Việc A", "X", "Tháng 3"],
            4: ["TT", "Nội dung nhiệm vụ", "Chủ trì", "Thời hạn"],
            5: [2, "Việc B", "Y", "Quý I"],
        },
    )
    reading = read_task_workbook(_save(wb, tmp_path), default_year=2026)
    assert [(r.row, r.content, r.deadline) for r in reading.rows] == [
        (3, "Việc A", date(2026, 3, 31)),
        (5, "Việc B", date(2026, 3, 31)),
    ]
    assert reading.problems == []


def test_a_wide_content_column_with_its_numbering_row(tmp_path: Path) -> None:
    wb = Workbook()
    _fill(
        wb.active,
        {
            1: ["STT", "Nội dung nhiệm vụ", None, None, "Chủ trì"],
            2: ["(1)", "(2)", "(3)", "(4)", "(5)"],
            3: [1, "Việc A", None, None, "X"],
            4: [2, "Việc B không có chủ trì"],
            5: ["II", "Cải cách thủ tục hành chính"],
            6: [3, "Việc C", None, None, "Z"],
        },
        merges=("B1:D1", "B3:D3", "B4:D4", "B5:E5", "B6:D6"),
    )
    reading = read_task_workbook(_save(wb, tmp_path), default_year=2026)
    assert [(r.row, r.content, r.lead, r.section) for r in reading.rows] == [
        (3, "Việc A", "X", None),
        (4, "Việc B không có chủ trì", "", None),  # as wide as its header: still a task
        (6, "Việc C", "Z", "II. Cải cách thủ tục hành chính"),
    ]
    assert reading.problems == []


def test_headings_typed_in_the_stt_cell_or_lettered(tmp_path: Path) -> None:
    wb = Workbook()
    _fill(
        wb.active,
        {
            1: ["STT", "Nội dung", "Chủ trì"],
            2: ["A", "Nhiệm vụ trọng tâm"],
            3: [1, "Việc A", "X"],
            4: ["II. CẢI CÁCH THỂ CHẾ"],
            5: [2, "Việc B", "Y"],
            6: [None, "Việc không chủ trì"],  # lower case, alone, not merged: a task
            7: ["3", "THEO DÕI THI HÀNH PHÁP LUẬT"],  # upper case, alone: a heading
            8: [4, "Việc C", "Z"],
        },
    )
    rows = read_task_workbook(_save(wb, tmp_path), default_year=2026).rows
    assert [(r.row, r.section) for r in rows] == [
        (3, "A. Nhiệm vụ trọng tâm"),
        (5, "II. CẢI CÁCH THỂ CHẾ"),
        (6, "II. CẢI CÁCH THỂ CHẾ"),
        (8, "3. THEO DÕI THI HÀNH PHÁP LUẬT"),
    ]


def test_a_task_merged_over_two_rows_is_read_once(tmp_path: Path) -> None:
    wb = Workbook()
    _fill(
        wb.active,
        {1: ["STT", "Nội dung", "Chủ trì"], 2: [1, "Việc dài", "X"], 4: [2, "Việc B", "Y"]},
        merges=("A2:A3", "B2:B3", "C2:C3"),
    )
    reading = read_task_workbook(_save(wb, tmp_path), default_year=2026)
    assert [r.row for r in reading.rows] == [2, 4]
    assert (reading.problems, reading.blank_rows) == ([], 0)


def test_blank_rows_after_the_table_are_not_spacers(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    _fill(ws, {1: ["STT", "Nội dung"], 2: [1, "Việc A"], 4: [2, "Việc B"]})
    for row in range(5, 60):  # bordered empty rows left below the table
        ws.cell(row=row, column=2).number_format = "@"
    ws.cell(row=5000, column=9).number_format = "@"
    reading = read_task_workbook(_save(wb, tmp_path), default_year=2026)
    assert [r.content for r in reading.rows] == ["Việc A", "Việc B"]
    assert reading.blank_rows == 1


def test_the_signature_block_ends_the_table(tmp_path: Path) -> None:
    wb = Workbook()
    _fill(
        wb.active,
        {
            1: ["STT", "Nội dung", "Chủ trì", "Thời hạn"],
            2: [1, "Việc A", "X", "Quý I"],
            4: [None, "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"],
            5: [None, "- Sở Nội vụ (b/c);", "CHỦ TỊCH"],
            6: [None, "- Lưu: VT."],
            8: [None, None, "Nguyễn Văn Bình"],
        },
    )
    reading = read_task_workbook(_save(wb, tmp_path), default_year=2026)
    assert [r.content for r in reading.rows] == ["Việc A"]
    assert (reading.problems, reading.blank_rows) == ([], 0)


def test_a_number_in_the_deadline_column(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    _fill(
        ws,
        {
            1: ["STT", "Nội dung", "Thời hạn"],
            2: [1, "Ô định dạng ngày", 46203],
            3: [2, "Ô định dạng số", 46203],
        },
    )
    ws["C2"].number_format = "dd/mm/yyyy"
    reading = read_task_workbook(_save(wb, tmp_path), default_year=2026)
    assert [(r.row, r.deadline, r.deadline_text) for r in reading.rows] == [
        (2, date(2026, 6, 30), "30/06/2026"),
        (3, None, "46203"),
    ]
    assert reading.problems == []
    assert reading.rows[1].deadline_problem == (
        "Thời hạn «46203» là một con số, không phải ngày; hãy ghi ngày/tháng/năm "
        "(ví dụ 30/06/2026) hoặc định dạng ô là kiểu Ngày."
    )


def test_a_row_with_two_problems_reports_both(tmp_path: Path) -> None:
    wb = Workbook()
    _fill(wb.active, {1: ["STT", "Nội dung", "Thời hạn"], 2: [1, None, "chưa rõ"]})
    reading = read_task_workbook(_save(wb, tmp_path), default_year=2026)
    assert [(p.row, p.column) for p in reading.problems] == [(2, "Nội dung"), (2, "Thời hạn")]
    assert reading.rows == []


def test_a_two_row_header_names_the_column_in_problems(tmp_path: Path) -> None:
    wb = Workbook()
    _fill(
        wb.active,
        {
            1: ["TT", "Nội dung", "Thời gian", None],
            2: [None, None, "Bắt đầu", "Hoàn thành"],
            3: [1, "Việc A", datetime(2026, 1, 1), "Cuối quý II"],
            4: [2, "Việc B", datetime(2026, 1, 1), "Khi có hướng dẫn"],
        },
        merges=("A1:A2", "B1:B2", "C1:D1"),
    )
    reading = read_task_workbook(_save(wb, tmp_path), default_year=2026)
    assert [(r.row, r.deadline) for r in reading.rows] == [(3, date(2026, 6, 30)), (4, None)]
    assert reading.column_label("Sheet", "deadline") == "Thời gian – Hoàn thành"
    defaults = ImportDefaults(assigned_on=date(2026, 1, 1), source=None, lead="Văn phòng")
    plan = plan_task_import(reading, defaults, set(), date(2026, 3, 1), set())
    assert [(p.row, p.column) for p in plan.problems] == [(4, "Thời gian – Hoàn thành")]


def test_two_thousand_rows(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for number in range(1, 2001):
        ws.append(
            [
                number,
                f"Nhiệm vụ số {number}",
                "Văn phòng HĐND và UBND",
                "Công an xã; Phòng Kinh tế",
                date(2026, 1 + number % 12, 1 + number % 28),
                "Báo cáo",
                None,
            ]
        )
    reading = read_task_workbook(_save(wb, tmp_path), default_year=2026)
    assert len(reading.rows) == 2000
    assert (reading.problems, reading.blank_rows) == ([], 0)
    last = reading.rows[-1]
    assert (last.row, last.number, last.content) == (2001, "2000", "Nhiệm vụ số 2000")
    assert last.deadline == date(2026, 1 + 2000 % 12, 1 + 2000 % 28)
    assert last.coordinators == ("Công an xã", "Phòng Kinh tế")


# ------------------------------------------------------------------ the stored samples


def test_sample_annual_plan() -> None:
    reading = read_task_workbook(SAMPLES / "ke-hoach-cchc-2026-xa-an-binh.xlsx", default_year=2026)
    assert reading.sheets_read == ["Phụ lục"]
    assert (len(reading.rows), reading.problems, reading.blank_rows) == (26, [], 0)
    assert [r.number for r in reading.rows] == [str(n) for n in range(1, 27)]
    sections = list(dict.fromkeys(r.section for r in reading.rows))
    assert sections == [
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
        "II. XÂY DỰNG VÀ TỔ CHỨC THỰC HIỆN VĂN BẢN QUY PHẠM PHÁP LUẬT",
        "III. CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        "IV. CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC",
        "V. CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",
        "VI. CẢI CÁCH TÀI CHÍNH CÔNG",
        "VII. XÂY DỰNG, PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ",
    ]
    first = reading.rows[0]
    assert (first.row, first.content, first.deadline) == (
        12,
        "Ban hành Kế hoạch cải cách hành chính năm 2026 của UBND xã",
        date(2026, 1, 15),
    )
    by_number = {r.number: r for r in reading.rows}
    assert by_number["2"].coordinators == ("Văn phòng HĐND và UBND", "Đài truyền thanh xã")
    assert (by_number["3"].deadline, by_number["3"].notes) == (
        None,
        "Trước ngày 03 của tháng cuối quý",
    )
    assert by_number["12"].deadline_text == "Quý II/2026"
    assert by_number["24"].content == (
        "Tăng tỷ lệ hồ sơ trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia; "
        "hướng dẫn người dân nộp hồ sơ trực tuyến"
    )
    assert by_number["26"].coordinators == ("Phòng Kinh tế, Hạ tầng và Đô thị",)
    assert by_number["26"].deadline == date(2026, 10, 31)


def test_sample_remedial_plan() -> None:
    reading = read_task_workbook(SAMPLES / "ke-hoach-khac-phuc-chi-so.xlsx", default_year=2026)
    assert reading.sheets_read == ["Phụ lục"]  # not the guide, not the hidden list
    assert [r.number for r in reading.rows] == [str(n) for n in range(1, 13)]
    assert reading.problems == []
    by_number = {r.number: r for r in reading.rows}
    assert (by_number["7"].row, by_number["7"].deadline_problem) == (
        17,
        "Thời hạn «Theo hướng dẫn của tỉnh» không đọc được; hãy ghi ngày/tháng/năm "
        "(ví dụ 30/06/2026), «Quý II/2026», «Tháng 6/2026» hoặc «Thường xuyên».",
    )
    for number in ("1", "2", "3"):  # lead and deadline merged over three tasks
        assert by_number[number].lead == "Trung tâm phục vụ hành chính công"
        assert by_number[number].deadline == date(2026, 6, 30)
        assert by_number[number].section == "A. LĨNH VỰC CẢI CÁCH THỦ TỤC HÀNH CHÍNH"
    assert by_number["1"].coordinators == ("Văn phòng HĐND và UBND", "Phòng Kinh tế")
    assert by_number["6"].lead == "Phòng Văn hóa - Xã hội"
    assert by_number["6"].deadline == date(2026, 11, 15)
    assert by_number["8"].section == "C. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"
    assert by_number["11"].deadline_text == "Tháng 12/2026"
    assert by_number["12"].deadline == date(2026, 9, 30)


@pytest.mark.parametrize(
    "name", ["ke-hoach-cchc-2026-xa-an-binh.xlsx", "ke-hoach-khac-phuc-chi-so.xlsx"]
)
def test_samples_are_small(name: str) -> None:
    assert (SAMPLES / name).stat().st_size < 50_000
