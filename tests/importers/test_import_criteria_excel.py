"""Reading a province's criteria set from the Excel sheets officials really have."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from cchc_desktop.core.criteria import AssessedBy, MethodKind, validate_criteria_set
from cchc_desktop.importers.criteria_excel import (
    CriteriaReading,
    read_criteria_workbook,
    read_maximum,
    read_number,
)
from cchc_desktop.importers.sheet import ImportFileError

D = Decimal
HEADER = ["STT", "Nội dung tiêu chí", "Điểm tối đa", "Hướng dẫn chấm điểm", "Tài liệu kiểm chứng"]
TITLE_ROWS: dict[int, list[object]] = {
    1: ["UBND TỈNH LAI CHÂU", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    2: [None, None, "Độc lập - Tự do - Hạnh phúc"],
    3: ["BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ"],
    4: ["(Kèm theo Quyết định số 123/QĐ-UBND ngày 15/01/2024 của UBND tỉnh Lai Châu)"],
}
# The seven fields of the 2021 table in seed 001, with one or two criteria each.
SEVEN_FIELDS: list[tuple[str, str, int, list[tuple[str, object]]]] = [
    ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", 16, [("Kế hoạch CCHC năm", 6), ("Báo cáo", 10)]),
    ("II", "XÂY DỰNG VÀ TỔ CHỨC THỰC HIỆN VĂN BẢN QPPL", 13, [("Rà soát văn bản", 13)]),
    ("III", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", 24, [("Công khai TTHC", "12"), ("Một cửa", 12)]),
    ("IV", "CẢI CÁCH TỔ CHỨC BỘ MÁY", 8, [("Sắp xếp bộ máy", 8)]),
    ("V", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", 17, [("Chuẩn hóa cán bộ", 17)]),
    ("VI", "CẢI CÁCH TÀI CHÍNH CÔNG", 7, [("Tự chủ tài chính", 7)]),
    ("VII", "XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", 14, [("Văn bản điện tử", 14)]),
]


def _fill(ws: Worksheet, rows: dict[int, list[object]], merges: tuple[str, ...] = ()) -> None:
    for row, values in rows.items():
        for column, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=row, column=column, value=value)
    for span in merges:
        ws.merge_cells(span)


def _workbook(
    tmp_path: Path,
    rows: dict[int, list[object]],
    merges: tuple[str, ...] = (),
    *,
    title: str = "Tiêu chí",
    name: str = "bo-tieu-chi.xlsx",
) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    _fill(ws, rows, merges)
    path = tmp_path / name
    wb.save(path)
    return path


def _table(body: list[list[object]], *, header_row: int = 6) -> dict[int, list[object]]:
    """Title rows, the header at ``header_row`` and ``body`` right below it."""
    rows = dict(TITLE_ROWS)
    rows[header_row] = HEADER
    for offset, values in enumerate(body, start=1):
        rows[header_row + offset] = values
    return rows


def _read(tmp_path: Path, body: list[list[object]], **kwargs: object) -> CriteriaReading:
    return read_criteria_workbook(_workbook(tmp_path, _table(body)), **kwargs)  # type: ignore[arg-type]


def _seven_field_rows() -> list[list[object]]:
    body: list[list[object]] = [[1, 2, 3, 4, 5]]  # the column-numbering row
    number = 0
    for code, title, maximum, criteria in SEVEN_FIELDS:
        body.append([code, title, maximum])
        for criterion, points in criteria:
            number += 1
            body.append([number, criterion, points, f"Hướng dẫn {number}", f"Tài liệu {number}"])
    body += [
        ["", "Tổng cộng", 99],
        [],
        [None, None, "Lai Châu, ngày 15 tháng 01 năm 2024"],
        [None, None, "TM. ỦY BAN NHÂN DÂN"],
        [None, None, "CHỦ TỊCH"],
    ]
    return body


# --------------------------------------------------------------------------- shapes


def test_seven_fields_numbered_in_roman(tmp_path: Path) -> None:
    reading = _read(tmp_path, _seven_field_rows())
    assert reading.errors == []
    s = reading.criteria_set
    assert s is not None
    assert validate_criteria_set(s) == {}
    assert [f.code for f in s.fields] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert [f.maximum for f in s.fields] == [D(16), D(13), D(24), D(8), D(17), D(7), D(14)]
    assert s.total == D(99)
    assert [f.field_code for f in s.fields] == [
        "CDDH",
        "THECHE",
        "TTHC",
        "TCBM",
        "CDCV",
        "TCC",
        "CQS",
    ]
    first = s.fields[0]
    assert [c.code for c in first.children] == ["1", "2"]
    assert first.children[0].guidance == "Hướng dẫn 1"
    assert first.children[0].evidence == "Tài liệu 1"
    assert first.children[0].kind == MethodKind.MANUAL
    assert s.by_code["9"].title == "Văn bản điện tử"
    # The set's identity is the caller's; the rest comes from the title rows.
    assert (s.uuid, s.family, s.version) == ("", "", 1)
    assert s.name == "BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ"
    assert s.province == "Tỉnh Lai Châu"
    assert s.decision.number == "123/QĐ-UBND"
    assert s.decision.issued_on == date(2024, 1, 15)
    assert s.decision.issuer == "UBND tỉnh Lai Châu"
    # Where each node is, for the officer to find it.
    assert reading.sheet == "Tiêu chí"
    assert reading.rows["I"] == 8 and reading.rows["1"] == 9
    assert reading.rows_read == 7 + 9


def test_fields_numbered_1_and_criteria_by_depth_of_dots(tmp_path: Path) -> None:
    reading = _read(
        tmp_path,
        [
            ["1.", "Công tác chỉ đạo, điều hành", 5],
            ["1.1", "Kế hoạch CCHC", 3],
            ["1.1.1", "Ban hành đúng hạn", 2],
            ["1.1.2.", "Đủ nội dung", 1],
            ["1.2", "Báo cáo CCHC", 2],
            ["2", "Cải cách thủ tục hành chính", 4],
            ["2.1", "Công khai TTHC", 4],
        ],
    )
    assert reading.errors == []
    s = reading.criteria_set
    assert s is not None
    assert [f.code for f in s.fields] == ["1", "2"]
    assert [c.code for c in s.fields[0].children] == ["1.1", "1.2"]
    assert [c.code for c in s.by_code["1.1"].children] == ["1.1.1", "1.1.2"]
    assert s.depth_of("1.1.2") == 2
    assert s.fields[1].children[0].code == "2.1"


def test_letters_are_sub_criteria_of_the_criterion_above(tmp_path: Path) -> None:
    reading = _read(
        tmp_path,
        [
            ["I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", 6],
            ["3", "Tiếp nhận, trả kết quả", 4],
            ["a)", "Đúng hạn", 2],
            ["b.", "Trước hạn", 2],
            ["4", "Công khai", 2],
        ],
    )
    assert reading.errors == []
    s = reading.criteria_set
    assert s is not None
    assert [c.code for c in s.by_code["3"].children] == ["3.a", "3.b"]
    assert s.parent_of["4"] == "I"
    assert s.by_code["3.a"].maximum == D(2)


def test_continuation_lines_add_to_the_guidance_never_nodes(tmp_path: Path) -> None:
    reading = _read(
        tmp_path,
        [
            ["I", "CÔNG TÁC CHỈ ĐẠO", 3],
            ["1", "Ban hành kế hoạch", 2, "Ban hành trước 31/12: 2 điểm", "Kế hoạch"],
            ["-", "Ban hành sau 31/12: 1 điểm"],
            ["+", "Không ban hành: 0 điểm", None, None, "Sổ văn bản"],
            [None, "Kế hoạch phải có phân công cụ thể."],
            ["•", "Có kiểm tra", 1],
            ["2", "Báo cáo", 1],
        ],
    )
    assert reading.errors == []
    s = reading.criteria_set
    assert s is not None
    assert [c.code for c in s.fields[0].children] == ["1", "2"]
    first = s.by_code["1"]
    assert first.guidance == (
        "Ban hành trước 31/12: 2 điểm\n"
        "- Ban hành sau 31/12: 1 điểm\n"
        "+ Không ban hành: 0 điểm\n"
        "Kế hoạch phải có phân công cụ thể.\n"
        "• Có kiểm tra: 1 điểm"
    )
    assert first.evidence == "Kế hoạch\nSổ văn bản"
    # The points on a bullet line are said to be guidance, not a criterion.
    assert [(w.row, w.column) for w in reading.warnings] == [(12, "C")]
    assert reading.rows_read == 7


def test_merged_two_row_header_with_numbering_row_and_merged_cells(tmp_path: Path) -> None:
    rows: dict[int, list[object]] = {
        1: ["BỘ TIÊU CHÍ ĐÁNH GIÁ CẢI CÁCH HÀNH CHÍNH"],
        2: ["ĐỐI VỚI UBND CÁC XÃ, PHƯỜNG"],
        4: ["STT", "Nội dung tiêu chí", "Điểm", None, "Phương pháp chấm", "Tài liệu kiểm chứng"],
        5: [None, None, "Tối đa", "Tự chấm"],
        6: ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        7: ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH (3 điểm)"],
        8: ["1", "Kế hoạch", 3, 2.5, "Chấm theo mức độ hoàn thành", "Kế hoạch năm"],
        9: [None, None, None, None, None, "Báo cáo"],
        10: [],
        11: ["II", "CẢI CÁCH TTHC", 2],
        12: ["2", "Công khai", 2, None, "Đủ: 2 điểm"],
    }
    merges = ("A4:A5", "B4:B5", "C4:D4", "E4:E5", "F4:F5", "A7:F7", "C8:C9", "B8:B9")
    reading = read_criteria_workbook(_workbook(tmp_path, rows, merges))
    assert reading.errors == []
    assert reading.header is not None and reading.header.row == 5
    assert reading.header.columns["maximum"] == 3  # "Điểm – Tối đa", not «Tự chấm»
    s = reading.criteria_set
    assert s is not None
    assert s.name == "BỘ TIÊU CHÍ ĐÁNH GIÁ CẢI CÁCH HÀNH CHÍNH ĐỐI VỚI UBND CÁC XÃ, PHƯỜNG"
    field = s.fields[0]
    assert (field.code, field.title, field.maximum) == ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", D(3))
    plan = s.by_code["1"]
    assert plan.guidance == "Chấm theo mức độ hoàn thành"
    assert plan.evidence == "Kế hoạch năm\nBáo cáo"
    assert s.by_code["2"].guidance == "Đủ: 2 điểm"
    assert s.total == D(5)


def test_decimal_comma_and_points_written_as_text(tmp_path: Path) -> None:
    reading = _read(
        tmp_path,
        [
            ["I", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", "7,5"],
            ["1", "Tuyển dụng", "2,5"],
            ["2", "Đánh giá", "2.5"],
            ["3", "Đào tạo", "0,5 điểm"],
            ["4", "Kỷ luật", 1.5],
            ["5", "Khen thưởng", 0.5],
            ["", "Tổng điểm", "7,5"],
        ],
    )
    assert reading.errors == []
    s = reading.criteria_set
    assert s is not None
    assert [c.maximum for c in s.fields[0].children] == [
        D("2.5"),
        D("2.5"),
        D("0.5"),
        D("1.5"),
        D("0.5"),
    ]
    assert s.total == D("7.5")


def test_criteria_numbered_again_in_each_field_get_the_field_code(tmp_path: Path) -> None:
    reading = _read(
        tmp_path,
        [
            ["I", "CÔNG TÁC CHỈ ĐẠO", 3],
            ["1", "Kế hoạch", 2],
            ["1.1", "Đúng hạn", 2],
            ["2", "Báo cáo", 1],
            ["II", "THỂ CHẾ", 2],
            ["1", "Rà soát", 1],
            ["1.1", "Đủ", 1],
            ["2", "Tuyên truyền", 1],
            ["a)", "Tổ chức hội nghị", 1],
        ],
    )
    assert reading.errors == []
    s = reading.criteria_set
    assert s is not None
    assert [n.code for n in s.walk()] == [
        "I",
        "I.1",
        "I.1.1",
        "I.2",
        "II",
        "II.1",
        "II.1.1",
        "II.2",
        "II.2.a",
    ]
    assert reading.rows["II.1.1"] == 13
    assert any("II.1" in w.message for w in reading.warnings)


def test_bonus_penalty_and_survey_from_the_words(tmp_path: Path) -> None:
    reading = _read(
        tmp_path,
        [
            ["I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", 4],
            ["1", "Công khai TTHC", 4],
            ["2", "Điểm thưởng: sáng kiến CCHC được công nhận", 1],
            ["3", "Trừ điểm khi để xảy ra sai phạm", "-2"],
            ["II", "ĐIỀU TRA XÃ HỘI HỌC SỰ HÀI LÒNG", 6],
            ["4", "Hài lòng về tiếp nhận hồ sơ", 3],
            ["5", "Hài lòng về kết quả", 3],
        ],
    )
    assert reading.errors == []
    s = reading.criteria_set
    assert s is not None
    assert s.by_code["1"].kind == MethodKind.MANUAL
    assert s.by_code["2"].kind == MethodKind.BONUS
    assert s.by_code["3"].kind == MethodKind.PENALTY
    assert s.by_code["3"].maximum == D(2)
    assert s.by_code["4"].kind == MethodKind.SURVEY
    assert s.by_code["4"].assessed_by == AssessedBy.SURVEY
    assert s.fields[1].assessed_by == AssessedBy.SURVEY
    assert s.fields[0].maximum == D(4)  # bonus and penalty count outside the maxima
    assert s.survey_maximum == D(6)


def test_a_scoring_sheet_with_notes_and_the_signature_in_the_stt_column(tmp_path: Path) -> None:
    rows: dict[int, list[object]] = {
        1: ["STT", "Tiêu chí", "Điểm chuẩn", "Điểm tự chấm", "Cách chấm", "Ghi chú"],
        2: ["I", "CÔNG TÁC CHỈ ĐẠO"],
        3: [1.1, "Kế hoạch", 2, 1.5, "Đúng hạn: 2 điểm", "Xem kế hoạch"],
        4: [1.2, "Báo cáo", 1],
        5: ["II", "CẢI CÁCH TTHC (16 điểm)"],
        6: [2.1, "Một cửa", 16],
        7: ["Tổng cộng", None, 19],
        8: ["Nơi nhận:", "- Như trên;"],
        9: ["-", "Lưu: VT."],
    }
    reading = read_criteria_workbook(_workbook(tmp_path, rows, name="Cham diem.xlsx"))
    assert reading.errors == []
    s = reading.criteria_set
    assert s is not None
    assert s.name == "Cham diem"
    assert [(n.code, n.maximum) for n in s.walk()] == [
        ("I", D(3)),
        ("1.1", D(2)),
        ("1.2", D(1)),
        ("II", D(16)),
        ("2.1", D(16)),
    ]
    assert s.fields[1].title == "CẢI CÁCH TTHC"
    # A province's own words under «Cách chấm» are guidance, before the notes.
    assert s.by_code["1.1"].guidance == "Đúng hạn: 2 điểm\nXem kế hoạch"
    assert s.by_code["1.1"].kind == MethodKind.MANUAL


# --------------------------------------------------------------------------- problems


def test_a_parent_whose_maximum_is_not_its_childrens_sum(tmp_path: Path) -> None:
    reading = _read(
        tmp_path,
        [
            ["I", "CÔNG TÁC CHỈ ĐẠO", 5],
            ["1", "Kế hoạch", 3],
            ["a)", "Ban hành", 1],
            ["b)", "Thực hiện", 1.5],
            ["2", "Báo cáo", 2],
        ],
    )
    assert reading.criteria_set is None
    assert len(reading.errors) == 1
    problem = reading.errors[0]
    assert (problem.sheet, problem.row, problem.column) == ("Tiêu chí", 8, "C")
    assert "3" in problem.message and "2,5" in problem.message
    assert problem.text.startswith("Trang «Tiêu chí», dòng 8, cột C: Tiêu chí «1»")


def test_a_maximum_that_is_not_a_number(tmp_path: Path) -> None:
    reading = _read(
        tmp_path,
        [
            ["I", "CÔNG TÁC CHỈ ĐẠO", 5],
            ["1", "Kế hoạch", "hai điểm"],
            ["2", "Báo cáo", "2,5đ"],
        ],
    )
    assert reading.criteria_set is None
    assert [(p.row, p.column) for p in reading.errors] == [(8, "C"), (9, "C")]
    assert reading.errors[0].text.startswith(
        "Trang «Tiêu chí», dòng 8, cột C: «hai điểm» không phải là số điểm"
    )
    assert reading.errors[1].text.startswith(
        "Trang «Tiêu chí», dòng 9, cột C: «2,5đ» không phải là số điểm"
    )


def test_a_total_row_that_disagrees_with_the_fields(tmp_path: Path) -> None:
    body = _seven_field_rows()
    total = next(row for row in body if len(row) > 1 and row[1] == "Tổng cộng")
    total[2] = 100
    reading = _read(tmp_path, body)
    assert reading.criteria_set is None
    [problem] = reading.errors
    assert (problem.row, problem.column) == (7 + body.index(total), "C")
    assert problem.message == (
        "Dòng tổng cộng ghi 100 điểm nhưng tổng điểm tối đa của các lĩnh vực là 99 điểm."
    )


def test_a_missing_maximum_and_an_unreadable_number(tmp_path: Path) -> None:
    reading = _read(
        tmp_path,
        [
            ["I", "CÔNG TÁC CHỈ ĐẠO", 3],
            ["1", "Kế hoạch", None],
            ["1a", "Báo cáo", 3],
        ],
    )
    assert reading.criteria_set is None
    assert [(p.row, p.column, p.message) for p in reading.errors] == [
        (9, "A", "Số thứ tự «1a» không đọc được (ví dụ đúng: I, 1, 1.1, a)."),
        (8, "C", "Thiếu điểm tối đa."),
    ]


def test_an_empty_sheet(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="Không tìm thấy dòng tiêu đề"):
        read_criteria_workbook(_workbook(tmp_path, {}))


def test_a_header_without_criteria(tmp_path: Path) -> None:
    path = _workbook(tmp_path, _table([[1, 2, 3, 4, 5], [], ["", "Tổng cộng", 0]]))
    with pytest.raises(ImportFileError, match="không có tiêu chí nào"):
        read_criteria_workbook(path)


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "tieu-chi.xlsx"
    path.write_text("STT;Nội dung tiêu chí;Điểm tối đa\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="không phải tệp Excel"):
        read_criteria_workbook(path)


def test_the_sheet_with_the_header_is_chosen(tmp_path: Path) -> None:
    wb = Workbook()
    guide = wb.active
    assert guide is not None
    guide.title = "Hướng dẫn"
    guide["A1"] = "Hướng dẫn sử dụng bộ tiêu chí"
    ws = wb.create_sheet("Bộ tiêu chí")
    _fill(ws, _table([["I", "CÔNG TÁC CHỈ ĐẠO", 2], ["1", "Kế hoạch", 2]]))
    path = tmp_path / "hai-trang.xlsx"
    wb.save(path)

    reading = read_criteria_workbook(path)
    assert reading.sheet == "Bộ tiêu chí"
    assert reading.criteria_set is not None
    with pytest.raises(ImportFileError, match="Không tìm thấy dòng tiêu đề"):
        read_criteria_workbook(path, sheet_name="Hướng dẫn")
    with pytest.raises(ImportFileError, match="không có trang «Khác»"):
        read_criteria_workbook(path, sheet_name="Khác")


def test_a_named_chart_sheet_is_refused_like_a_sheet_without_the_header(tmp_path: Path) -> None:
    from openpyxl.chart import BarChart

    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    _fill(ws, _table([["I", "CÔNG TÁC CHỈ ĐẠO", 2], ["1", "Kế hoạch", 2]]))
    wb.create_chartsheet("Biểu đồ").add_chart(BarChart())
    path = tmp_path / "bieu-do.xlsx"
    wb.save(path)

    with pytest.raises(ImportFileError) as caught:
        read_criteria_workbook(path, sheet_name="Biểu đồ")
    assert caught.value.message.endswith(" trong các trang: «Biểu đồ».")


def test_the_name_falls_back_to_the_file_name(tmp_path: Path) -> None:
    rows = {1: HEADER, 2: ["I", "CÔNG TÁC CHỈ ĐẠO", 2], 3: ["1", "Kế hoạch", 2]}
    reading = read_criteria_workbook(_workbook(tmp_path, rows, name="Bo tieu chi 2025.xlsx"))
    assert reading.criteria_set is not None
    assert reading.criteria_set.name == "Bo tieu chi 2025"


# --------------------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    ("text", "style", "code"),
    [
        ("I", "R", "I"),
        ("IV.", "R", "IV"),
        ("Phần II", "R", "II"),
        ("Lĩnh vực III:", "R", "III"),
        ("1", "D1", "1"),
        ("1.", "D1", "1"),
        ("2.3", "D2", "2.3"),
        ("1.1.2.", "D3", "1.1.2"),
        ("I.2", "D1", "I.2"),
        ("a)", "L", "a"),
        ("b.", "L", "b"),
        ("(c)", "L", "c"),
        ("3.a", "L", "3.a"),
        ("-", "-", ""),
        ("•", "-", ""),
    ],
)
def test_read_number(text: str, style: str, code: str) -> None:
    number = read_number(text)
    assert number is not None
    assert (number.style, number.code) == (style, code)


@pytest.mark.parametrize("text", ["1a", "A1", "Ghi chú", "1,2"])
def test_read_number_refuses(text: str) -> None:
    assert read_number(text) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2, D(2)),
        (2.5, D("2.5")),
        (0.30000000000000004, D("0.3")),
        ("2,5", D("2.5")),
        ("0,5 điểm", D("0.5")),
        (None, None),
    ],
)
def test_read_maximum(value: object, expected: Decimal | None) -> None:
    assert read_maximum(value) == expected
