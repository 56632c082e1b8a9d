"""Reading a staff list from the Excel workbooks communes keep, and planning its import."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from cchc_desktop.core.staff import Birth, Gender, Official, load_staff_lists
from cchc_desktop.core.standards import shipped_standard_sets
from cchc_desktop.importers.sheet import ImportFileError, ImportProblem
from cchc_desktop.importers.staff_excel import (
    CATEGORY_GUESS_REMARK,
    StaffSheetReading,
    read_birth,
    read_level,
    read_staff_workbook,
    split_level,
)
from cchc_desktop.importers.staff_import import (
    Choice,
    Outcome,
    births_match,
    plan_from_state,
    staff_import_state,
)
from cchc_desktop.store.imports import apply_staff_import
from cchc_desktop.store.staff_repo import (
    add_officials,
    known_positions,
    load_official,
    load_officials,
    official_count,
)
from tests.support.files import file_fingerprint

TODAY = date(2026, 3, 1)
LISTS = load_staff_lists()
SETS = shipped_standard_sets()
POSITIONS = known_positions(SETS)


def _fill(ws: Worksheet, rows: dict[int, list[object]], merges: tuple[str, ...] = ()) -> None:
    for row, values in rows.items():
        for column, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=row, column=column, value=value)
    for span in merges:
        ws.merge_cells(span)


def _save(wb: Workbook, tmp_path: Path, name: str = "danh-sach.xlsx") -> Path:
    path = tmp_path / name
    wb.save(path)
    return path


def _read(path: Path) -> StaffSheetReading:
    return read_staff_workbook(path, lists=LISTS, standard_sets=SETS)


def _one_sheet(
    tmp_path: Path,
    header: list[object],
    people: list[list[object]],
    name: str = "danh-sach.xlsx",
) -> Path:
    """A plain list: the header in row 1, one person per row below."""
    wb = Workbook()
    rows = {1: header, **{index: values for index, values in enumerate(people, start=2)}}
    _fill(wb.active, rows)
    return _save(wb, tmp_path, name)


# Columns in an unusual order: the levels first, the name in the middle, the STT last but one.
HEADER_TOP = [
    "Trình độ",
    None,
    None,
    None,
    None,
    None,
    "Họ và tên",
    "Ngày, tháng, năm sinh",
    None,
    "Dân tộc",
    "Chức vụ",
    "Bộ phận",
    "STT",
    "Ghi chú",
]
HEADER_SUB = {
    1: "Văn hóa",
    2: "Chuyên môn",
    3: "LLCT",
    4: "QLNN",
    5: "Tin học",
    6: "Ngoại ngữ",
    8: "Nam",
    9: "Nữ",
}


@pytest.fixture
def staff_list(tmp_path: Path) -> Path:
    """A list as a commune office types it: title block, a two-row merged header, a
    column-numbering row, a spacer row, section headings and the signature block."""
    wb = Workbook()
    ws = wb.active
    ws.title = "DS CBCC"
    _fill(
        ws,
        {
            1: ["UBND XÃ AN BÌNH", None, None, None, None, None, None, "CỘNG HÒA XÃ HỘI …"],
            2: ["DANH SÁCH CÁN BỘ, CÔNG CHỨC XÃ AN BÌNH NĂM 2026"],
            4: HEADER_TOP,
            5: [HEADER_SUB.get(c) for c in range(1, 15)],
            6: list(range(1, 15)),
            7: ["I. CÁN BỘ"],
            8: [
                "12/12",
                "ĐH Luật",
                "Trung cấp",
                "Chuyên viên",
                "Chứng chỉ A",
                "Tiếng Anh B1",
                "NGUYỄN VĂN AN",
                "12/03/1975",
                None,
                "Kinh",
                "Chủ tịch UBND xã",
                None,
                1,
                None,
            ],
            9: [
                datetime(2026, 12, 12),  # "12/12" turned into a date by Excel
                "Cử nhân Kinh tế",
                "Cao cấp LLCT",
                None,
                None,
                None,
                "Lê Thị Bình",
                None,
                datetime(1982, 5, 20),
                "Tày",
                "Phó Chủ tịch Ủy ban nhân dân",
                None,
                2,
                None,
            ],
            11: ["II. CÔNG CHỨC"],
            12: [
                "9/12",
                "Trung cấp Quân sự",
                "Sơ cấp",
                None,
                None,
                None,
                "Trần Văn Cường",
                1978,
                None,
                "Kinh",
                "Chỉ huy trưởng Ban Chỉ huy quân sự",
                None,
                3,
                "Kiêm nhiệm",
            ],
            13: [
                "12/12",
                "Đại học Kế toán",
                None,
                None,
                "B",
                None,
                "Phạm Thị Dung",
                None,
                "1990",
                "Kinh",
                "Văn phòng - Thống kê",
                "Văn phòng",
                4,
                None,
            ],
            14: [
                "12/12",
                "Trung cấp Kế toán",
                None,
                None,
                None,
                None,
                "Đỗ Văn Em",
                "05/1995",
                None,
                "Mường",
                "Thủ quỹ",
                None,
                5,
                None,
            ],
            16: [
                None,
                None,
                None,
                None,
                None,
                None,
                "NGƯỜI LẬP BIỂU",
                None,
                None,
                None,
                "TM. UBND",
            ],
            20: [None, None, None, None, None, None, "Hoàng Thị Giang"],
        },
        merges=(
            "A2:N2",
            "A4:F4",
            "G4:G5",
            "H4:I4",
            "J4:J5",
            "K4:K5",
            "L4:L5",
            "M4:M5",
            "N4:N5",
            "A7:N7",
            "A11:N11",
        ),
    )
    return _save(wb, tmp_path)


def test_reads_a_list_as_communes_type_it(staff_list: Path) -> None:
    reading = _read(staff_list)
    assert reading.sheet == "DS CBCC"
    assert reading.header_row == 5
    assert reading.blank_rows == 1  # row 10
    assert [(r.row, r.number) for r in reading.rows] == [
        (8, "1"),
        (9, "2"),
        (12, "3"),
        (13, "4"),
        (14, "5"),
    ]
    assert reading.problems == []
    assert reading.rows[0].official == Official(
        full_name="Nguyễn Văn An",  # printed in capitals
        category="can_bo",
        gender=Gender.MALE,
        birth=Birth.of(date(1975, 3, 12)),
        ethnicity="Kinh",
        standard_family="nd33-2023",
        position="ct_ubnd",
        general_education="thpt",
        professional="dai_hoc",
        field_of_study="Luật",
        political_theory="trung_cap",
        state_management="chuyen_vien",
        it="co_ban",
        foreign_language="bac_3",
    )


def test_header_columns_are_found_by_name_in_any_order(staff_list: Path) -> None:
    header = _read(staff_list).headers["DS CBCC"]
    assert header.columns == {
        "general_education": 1,
        "professional": 2,
        "political_theory": 3,
        "state_management": 4,
        "it": 5,
        "foreign_language": 6,
        "full_name": 7,
        "birth_male": 8,
        "birth_female": 9,
        "ethnicity": 10,
        "position": 11,
        "department": 12,
        "number": 13,
        "notes": 14,
    }


def test_birth_dates_as_text_excel_dates_and_years(staff_list: Path) -> None:
    rows = {r.row: r for r in _read(staff_list).rows}
    assert rows[8].official.birth == Birth.of(date(1975, 3, 12))  # "12/03/1975" as text
    assert rows[9].official.birth == Birth.of(date(1982, 5, 20))  # an Excel date
    assert rows[12].official.birth == Birth(1978)  # a year typed as a number: no day invented
    assert rows[13].official.birth == Birth(1990)  # a year typed as text
    assert rows[14].official.birth == Birth(1995)  # month and year: the year is kept …
    assert rows[14].remarks == ("Ngày sinh chỉ ghi tháng/năm «05/1995»: giữ năm sinh 1995.",)


def test_a_birth_under_nam_or_nu_gives_the_gender(staff_list: Path) -> None:
    genders = {r.row: r.official.gender for r in _read(staff_list).rows}
    assert genders == {
        8: Gender.MALE,
        9: Gender.FEMALE,
        12: Gender.MALE,
        13: Gender.FEMALE,
        14: Gender.MALE,
    }


def test_levels_and_fields_of_study(staff_list: Path) -> None:
    rows = {r.row: r.official for r in _read(staff_list).rows}
    assert (rows[9].general_education, rows[12].general_education) == ("thpt", "thcs")
    assert (rows[9].professional, rows[9].field_of_study) == ("dai_hoc", "Kinh tế")
    assert rows[9].political_theory == "cao_cap"
    assert (rows[12].professional, rows[12].field_of_study) == ("trung_cap", "Quân sự")
    assert (rows[13].professional, rows[13].field_of_study, rows[13].it) == (
        "dai_hoc",
        "Kế toán",
        "co_ban",
    )
    assert rows[13].state_management is None  # an empty cell is no information, not "chưa có"


def test_positions_categories_and_departments(staff_list: Path) -> None:
    rows = {r.row: r for r in _read(staff_list).rows}
    official = {row: r.official for row, r in rows.items()}
    assert (official[9].standard_family, official[9].position) == ("nd33-2023", "pct_ubnd")
    # In both sets: the newer job positions win.
    assert (official[12].standard_family, official[12].position) == ("vtvl-2025", "chq_truong")
    assert (official[13].position, official[13].department) == ("vp_tk", "vp_hdnd_ubnd")
    assert (official[14].position, official[14].position_title) == (None, "Thủ quỹ")
    # Category from the section headings «I. CÁN BỘ» / «II. CÔNG CHỨC».
    assert [official[r].category for r in (8, 9, 12, 13, 14)] == [
        "can_bo",
        "can_bo",
        "cong_chuc",
        "cong_chuc",
        "cong_chuc",
    ]
    assert not rows[14].category_guessed
    assert official[12].notes == "Kiêm nhiệm"


def test_reading_leaves_the_file_untouched(staff_list: Path) -> None:
    before = file_fingerprint(staff_list)
    _read(staff_list)
    assert file_fingerprint(staff_list) == before


def test_unreadable_values_are_reported_with_row_and_column(tmp_path: Path) -> None:
    path = _one_sheet(
        tmp_path,
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Trình độ chuyên môn", "LLCT", "Tin học"],
        [
            [1, "Nguyễn Văn Hải", "31/02/1985", "Nam", "Đại học", "Trung cấp", "A"],
            [2, "Vũ Thị Hoa", "12/03/1986", "Nữ", "Bác học", "Tiến sĩ", "A"],
            [3, "Lý Văn Khoa", "12/3/86", "Nam ", "Đại học", None, "Giỏi"],
            [4, "Hà Văn Lâm", "1987", "không rõ", "Cao đẳng", None, None],
        ],
    )
    reading = _read(path)
    assert reading.problems == [
        ImportProblem(
            "Sheet",
            2,
            "C (Ngày sinh)",
            "Ngày sinh «31/02/1985» không có thật (sai ngày hoặc tháng); hãy kiểm tra lại "
            "theo dạng ngày/tháng/năm, ví dụ 12/03/1985.",
        ),
        ImportProblem(
            "Sheet",
            3,
            "E (Trình độ chuyên môn)",
            "«Bác học» không đọc được thành trình độ chuyên môn; hãy ghi trình độ trước, "
            "chuyên ngành sau (ví dụ «Đại học Luật», «Trung cấp Kế toán»); các mức: Chưa qua "
            "đào tạo chuyên môn, Sơ cấp, Trung cấp, Cao đẳng, Đại học, Thạc sĩ, Tiến sĩ.",
        ),
        ImportProblem(
            "Sheet",
            3,
            "F (LLCT)",
            "«Tiến sĩ» không đọc được thành mức lý luận chính trị; các mức có thể ghi: Chưa "
            "qua đào tạo, Sơ cấp, Trung cấp, Cao cấp, Cử nhân.",
        ),
        ImportProblem(
            "Sheet",
            4,
            "C (Ngày sinh)",
            "Ngày sinh «12/3/86» chỉ có hai chữ số của năm; hãy ghi đủ bốn chữ số "
            "(ví dụ 12/03/1985).",
        ),
        ImportProblem(
            "Sheet",
            4,
            "G (Tin học)",
            "«Giỏi» không đọc được thành mức tin học; các mức có thể ghi: Chưa có chứng chỉ, "
            "Ứng dụng CNTT cơ bản, Ứng dụng CNTT nâng cao.",
        ),
        ImportProblem(
            "Sheet",
            5,
            "D (Giới tính)",
            "Giới tính «không rõ» không đọc được; hãy ghi «Nam» hoặc «Nữ».",
        ),
    ]
    # Every row is still listed (the preview shows why it is refused), none silently dropped.
    assert [r.row for r in reading.rows] == [2, 3, 4, 5]
    assert [r.readable for r in reading.rows] == [False, False, False, False]


def test_a_date_under_both_nam_and_nu_is_a_problem(tmp_path: Path) -> None:
    wb = Workbook()
    _fill(
        wb.active,
        {
            1: ["TT", "Họ tên", "Năm sinh", None, "Chức danh"],
            2: [None, None, "Nam", "Nữ"],
            3: [1, "Bùi Văn Nam", "1980", "1981", "Tư pháp - Hộ tịch"],
            4: [2, "Bùi Thị Nữ", None, "x", "Văn hóa - Xã hội"],
        },
        merges=("A1:A2", "B1:B2", "C1:D1", "E1:E2"),
    )
    reading = _read(_save(wb, tmp_path))
    assert [(p.row, p.column) for p in reading.problems] == [(3, "D (Nữ)")]
    assert "cả cột Nam và cột Nữ" in reading.problems[0].message
    second = reading.rows[1].official
    assert (second.gender, second.birth) == (Gender.FEMALE, None)  # a tick: the gender only
    assert (second.standard_family, second.position) == ("nd33-2023", "vh_xh")


@pytest.mark.parametrize(
    ("text", "level", "field_of_study"),
    [
        ("ĐH Luật", "dai_hoc", "Luật"),
        ("Đại học Luật", "dai_hoc", "Luật"),
        ("Cử nhân Luật", "dai_hoc", "Luật"),
        ("Kỹ sư Nông nghiệp", "dai_hoc", "Nông nghiệp"),
        ("Trung cấp Kế toán", "trung_cap", "Kế toán"),
        ("Đại học - Quản lý đất đai", "dai_hoc", "Quản lý đất đai"),
        ("Đại học (Hành chính)", "dai_hoc", "Hành chính"),
        ("ĐH ngành Công nghệ thông tin", "dai_hoc", "Công nghệ thông tin"),
        ("Thạc sĩ Quản lý công", "thac_si", "Quản lý công"),
        ("Đại học", "dai_hoc", ""),
        ("Chưa qua đào tạo", "chua_co", ""),
        ("Đại học Luật; Thạc sĩ Luật kinh tế", "thac_si", "Luật kinh tế"),
    ],
)
def test_professional_level_and_field_split(text: str, level: str, field_of_study: str) -> None:
    assert read_level("professional", text, LISTS.scales["professional"]) == (
        level,
        field_of_study,
    )


def test_a_field_is_never_taken_from_inside_a_word() -> None:
    assert split_level("Đhsp Toán", LISTS.scales["professional"]) is None
    assert split_level("Trung cấpKế toán", LISTS.scales["professional"]) is None


@pytest.mark.parametrize(
    ("attribute", "value", "code"),
    [
        ("general_education", "12/12", "thpt"),
        ("general_education", datetime(2025, 12, 9), "thcs"),  # "9/12" read by Excel as a date
        ("general_education", 12, "thpt"),
        ("political_theory", "Trung cấp LLCT", "trung_cap"),
        ("political_theory", "Cử nhân chính trị", "cu_nhan"),
        ("state_management", "Chuyên viên chính", "chuyen_vien_chinh"),
        ("it", "Chứng chỉ tin học B", "co_ban"),
        ("foreign_language", "Tiếng Anh bậc 2", "bac_2"),
        ("foreign_language", "Anh văn B1", "bac_3"),
        ("ethnic_language", "x", "chung_chi"),
        ("it", "-", None),
        ("it", None, None),
    ],
)
def test_levels_are_read_with_the_lists_aliases(
    attribute: str, value: object, code: str | None
) -> None:
    assert read_level(attribute, value, LISTS.scales[attribute]) == (code, "")


@pytest.mark.parametrize(
    ("value", "birth"),
    [
        ("12/03/1985", Birth.of(date(1985, 3, 12))),
        ("12-3-1985", Birth.of(date(1985, 3, 12))),
        (datetime(1985, 3, 12), Birth.of(date(1985, 3, 12))),
        (1985, Birth(1985)),
        ("1985", Birth(1985)),
        ("Năm 1985", Birth(1985)),
        (None, None),
    ],
)
def test_birth_values(value: object, birth: Birth | None) -> None:
    assert read_birth(value) == (birth, "")


def test_a_sheet_without_a_staff_header_is_refused(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Trang 1"
    wb.active.append(["STT", "Nội dung nhiệm vụ", "Chủ trì"])
    with pytest.raises(ImportFileError) as caught:
        _read(_save(wb, tmp_path))
    assert caught.value.message == (
        "Không tìm thấy dòng tiêu đề của danh sách cán bộ, công chức (cần cột «Họ và tên» và "
        "ít nhất một cột khác như «Ngày sinh», «Chức vụ») trong các trang: «Trang 1»."
    )


def test_nam_is_a_header_only_as_the_whole_text(tmp_path: Path) -> None:
    path = _one_sheet(
        tmp_path,
        ["Họ và tên", "Năm vào Đảng", "Ngày sinh"],
        [["Đinh Văn Quang", "2005", "01/01/1980"]],
    )
    reading = _read(path)
    assert "birth_male" not in reading.headers["Sheet"].columns
    assert reading.rows[0].official.gender is None


# --------------------------------------------------------------------------- planning


def _plan(store, path: Path, today: date = TODAY):  # type: ignore[no-untyped-def]
    state = staff_import_state(store)
    reading = read_staff_workbook(path, lists=LISTS, standard_sets=state.standard_sets)
    return plan_from_state(reading, state, today, LISTS)


def test_importing_the_same_list_twice_adds_nothing(store, staff_list: Path) -> None:  # type: ignore[no-untyped-def]
    first = _plan(store, staff_list)
    assert [p.outcome for p in first.rows] == [Outcome.ADD] * 5
    assert first.write_count == 5
    result = apply_staff_import(store, first, TODAY)
    assert official_count(store) == 5
    assert sorted(result.uuids) == sorted(o.uuid for o in load_officials(store))
    stored = load_official(store, result.added[0].uuid)
    assert stored is not None and stored.full_name == "Nguyễn Văn An"

    again = _plan(store, staff_list)
    assert [p.outcome for p in again.rows] == [Outcome.SAME] * 5
    assert again.write_count == 0
    assert again.to_add == [] and again.to_update == []
    assert apply_staff_import(store, again, TODAY).uuids == []
    assert official_count(store) == 5


def _person(name: str, birth: Birth | None, **values) -> Official:  # type: ignore[no-untyped-def]
    return Official(full_name=name, category="cong_chuc", birth=birth, **values)


def test_a_name_that_matches_without_a_birth_to_compare_asks(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_officials(
        store,
        [
            _person("Nguyễn Văn Hùng", None),
            _person("Trần Thị Lan", Birth(1980)),
            _person("Trần Thị Lan", Birth(1991)),
            _person("Lê Văn Phúc", Birth.of(date(1970, 1, 2))),
        ],
        TODAY,
    )
    path = _one_sheet(
        tmp_path,
        ["STT", "Họ và tên", "Ngày sinh", "Chức vụ"],
        [
            [1, "Nguyễn Văn Hùng", "05/06/1984", "Văn hóa - Xã hội"],
            [2, "TRẦN THỊ LAN", None, "Văn hóa - Xã hội"],
            [3, "Lê Văn Phúc", "03/04/1975", "Văn hóa - Xã hội"],
        ],
    )
    plan = _plan(store, path)
    assert [p.outcome for p in plan.rows] == [Outcome.CONFIRM] * 3
    assert [p.choice for p in plan.rows] == [Choice.SKIP] * 3  # nothing added unless chosen
    assert plan.write_count == 0
    assert "thiếu ngày sinh để đối chiếu" in plan.rows[0].reason
    assert "Trùng họ tên với 2 người đã có" in plan.rows[1].reason
    assert "ngày sinh khác" in plan.rows[2].reason
    with pytest.raises(ValueError):
        plan.choose(0, Choice.UPDATE)  # a match to confirm is added or skipped, not merged

    plan.choose(0, Choice.ADD)
    result = apply_staff_import(store, plan, TODAY)
    assert [o.full_name for o in result.added] == ["Nguyễn Văn Hùng"]
    assert official_count(store) == 5


def test_a_changed_record_is_updated_only_when_ticked(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (kept,) = add_officials(
        store,
        [
            _person(
                "Phan Văn Minh",
                Birth.of(date(1980, 7, 1)),
                it="co_ban",
                notes="Ghi chú cũ",
                ethnicity="Kinh",
            )
        ],
        TODAY,
    )
    path = _one_sheet(
        tmp_path,
        ["Họ và tên", "Năm sinh", "Tin học", "Dân tộc"],
        [["Phan Văn Minh", 1980, "Nâng cao", "Kinh"]],  # a year alone matches the full date
    )
    plan = _plan(store, path)
    (planned,) = plan.rows
    assert planned.outcome == Outcome.UPDATE
    assert planned.changes == ("tin học",)
    assert planned.choice == Choice.SKIP and plan.write_count == 0

    apply_staff_import(store, plan, TODAY)  # not ticked: nothing changes
    assert load_official(store, kept.uuid) == kept

    plan.choose(0, Choice.UPDATE)
    result = apply_staff_import(store, plan, TODAY)
    assert result.uuids == [kept.uuid]
    updated = load_official(store, kept.uuid)
    # Only what the file gives changes: the full birth date and the notes stay.
    assert updated == replace(kept, it="nang_cao")
    assert official_count(store) == 1


def test_a_person_under_18_is_refused_with_the_reason(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _one_sheet(
        tmp_path,
        ["STT", "Họ và tên", "Ngày sinh", "Chức vụ"],
        [
            [1, "Quách Văn Tí", "15/08/2009", "Văn hóa - Xã hội"],
            [2, "Quách Văn Tèo", 2010, "Văn hóa - Xã hội"],
            [3, "Quách Văn Sửu", "15/08/1990", "Văn hóa - Xã hội"],
        ],
    )
    plan = _plan(store, path)
    assert [p.outcome for p in plan.rows] == [Outcome.ERROR, Outcome.ERROR, Outcome.ADD]
    assert plan.rows[0].reason == (
        "Sinh 15/08/2009: chưa đủ 18 tuổi, không thể là cán bộ, công chức."
    )
    assert plan.problems[:2] == [
        ImportProblem("Sheet", 2, "C (Ngày sinh)", plan.rows[0].reason),
        ImportProblem(
            "Sheet",
            3,
            "C (Ngày sinh)",
            "Sinh 2010: chưa đủ 18 tuổi, không thể là cán bộ, công chức.",
        ),
    ]
    result = apply_staff_import(store, plan, TODAY)
    assert [o.full_name for o in result.added] == ["Quách Văn Sửu"]


def test_rows_repeated_in_the_file(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _one_sheet(
        tmp_path,
        ["STT", "Họ và tên", "Ngày sinh", "Tin học"],
        [
            [1, "Mai Văn Tuấn", "01/02/1985", "A"],
            [2, "Mai Văn Tuấn", "01/02/1985", "A"],  # copied twice
            [3, "Mai Văn Tuấn", "1985", "Nâng cao"],  # same person, other details
            [4, "Mai Văn Tuấn", "1999", "A"],  # same name, another birth
        ],
    )
    plan = _plan(store, path)
    assert [p.outcome for p in plan.rows] == [
        Outcome.ADD,
        Outcome.SAME,
        Outcome.CONFIRM,
        Outcome.CONFIRM,
    ]
    assert plan.rows[1].reason == "Trùng hoàn toàn với dòng 2 trong tệp."
    assert "khác ở: ngày sinh, tin học" in plan.rows[2].reason
    assert "Trùng họ tên với dòng 2 trong tệp (ngày sinh khác)" in plan.rows[3].reason
    assert len(plan.to_add) == 1


def test_the_category_guess_is_said_in_the_preview(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _one_sheet(
        tmp_path,
        ["Họ và tên", "Ngày sinh", "Chức vụ", "Đối tượng"],
        [
            ["Kiều Văn Tâm", "1980", "Thủ quỹ", None],
            ["Kiều Thị Tư", "1981", "Chủ tịch Hội Nông dân Việt Nam", None],
            ["Kiều Văn Sáu", "1982", "Tạp vụ", "Hợp đồng lao động"],
            ["Kiều Văn Bảy", "1983", "Bảo vệ", "Nhân viên"],
        ],
    )
    plan = _plan(store, path)
    tam, tu, sau, bay = plan.rows
    assert tam.official is not None and tam.official.category == "cong_chuc"
    assert tam.reason == CATEGORY_GUESS_REMARK
    assert tu.official is not None and tu.official.category == "can_bo"  # from the position
    assert (tu.official.position, tu.reason) == ("ct_nong_dan", "")
    assert sau.official is not None and sau.official.category == "hop_dong"
    assert bay.outcome == Outcome.ERROR
    assert plan.problems[0].column == "D (Đối tượng)"
    assert plan.problems[0].message.startswith("Đối tượng «Nhân viên» không đọc được")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (Birth(1985), Birth.of(date(1985, 3, 12)), True),
        (Birth.of(date(1985, 3, 12)), Birth.of(date(1985, 3, 12)), True),
        (Birth.of(date(1985, 3, 12)), Birth.of(date(1985, 3, 13)), False),
        (Birth(1985), Birth(1986), False),
        (None, Birth(1985), None),
    ],
)
def test_births_match(a: Birth | None, b: Birth | None, expected: bool | None) -> None:
    assert births_match(a, b) is expected


def test_reading_and_planning_do_not_load_qt() -> None:
    code = (
        "import sys\n"
        "import cchc_desktop.importers.staff_excel, cchc_desktop.importers.staff_import\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_start_dates_departments_and_fields(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _one_sheet(
        tmp_path,
        [
            "Họ và tên",
            "Ngày sinh",
            "Thời gian giữ chức danh",
            "Đơn vị công tác",
            "Trình độ chuyên môn",
            "Chuyên ngành",
            "Tiếng dân tộc",
        ],
        [
            ["Đào Văn Một", "1980", "15/07/2025", "Văn phòng HĐND - UBND", "Đại học", "Luật"],
            ["Đào Văn Hai", "1980", datetime(2021, 6, 1), "Phòng Văn hóa - Xã hội", "ĐH Luật"],
            ["Đào Văn Ba", "1980", "Từ tháng 6/2021", "Phòng Kinh tế xã", "ĐH Luật", "Kinh tế"],
            ["Đào Văn Bốn", "1980", 2019, "Ban Quản lý chợ", None, None, "Có"],
            ["Đào Văn Năm", "1980", "30/02/2020"],
            ["Đào Văn Sáu", "1980", "01/12/2026"],
        ],
    )
    plan = _plan(store, path)
    by_name = {p.row.official.full_name: p for p in plan.rows}
    one = by_name["Đào Văn Một"].row.official
    assert (one.started_on, one.department, one.field_of_study) == (
        date(2025, 7, 15),
        "vp_hdnd_ubnd",
        "Luật",
    )
    two = by_name["Đào Văn Hai"].row.official
    assert (two.started_on, two.department, two.field_of_study) == (
        date(2021, 6, 1),
        "phong_vh_xh",
        "Luật",
    )
    three = by_name["Đào Văn Ba"]
    assert three.row.official.started_on == date(2021, 6, 1)
    assert three.row.official.field_of_study == "Kinh tế"  # the column wins over "ĐH Luật"
    assert three.row.official.department == "phong_kinh_te"
    assert "lưu là 01/06/2021" in three.reason
    four = by_name["Đào Văn Bốn"]
    assert four.row.official.started_on == date(2019, 1, 1)
    assert four.row.official.ethnic_language == "chung_chi"
    assert four.row.official.department is None
    assert "Phòng, bộ phận «Ban Quản lý chợ» không có trong danh sách: để trống." in four.reason
    assert four.outcome == Outcome.ADD  # an unknown department is said, not a refusal
    assert by_name["Đào Văn Năm"].outcome == Outcome.ERROR
    assert by_name["Đào Văn Sáu"].outcome == Outcome.ERROR
    assert [(p.row, p.column) for p in plan.problems] == [
        (6, "C (Thời gian giữ chức danh)"),
        (7, "C (Thời gian giữ chức danh)"),
    ]
    assert plan.problems[1].message == "Ngày bắt đầu giữ chức danh 01/12/2026 ở sau hôm nay."


def test_totals_repeated_headers_and_every_visible_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    first = wb.active
    first.title = "Cán bộ"
    _fill(
        first,
        {
            1: ["STT", "Họ và tên", "Năm sinh", "Chức vụ"],
            2: [1, "Tạ Văn Một", 1970, "Bí thư Đảng ủy"],
            3: ["STT", "Họ và tên", "Năm sinh", "Chức vụ"],  # printed again on page 2
            4: [2, "Tạ Văn Hai", 1971, "Phó Bí thư Đảng ủy"],
            5: [None, "Tổng cộng: 2 người"],
        },
    )
    hidden = wb.create_sheet("Cũ")
    _fill(hidden, {1: ["STT", "Họ và tên", "Năm sinh"], 2: [1, "Tạ Văn Cũ", 1950]})
    hidden.sheet_state = "hidden"
    second = wb.create_sheet("Công chức")
    _fill(
        second,
        {3: ["TT", "Họ tên", "Ngày sinh", "Chức danh"], 4: [1, "Tạ Thị Ba", "1990", "Kế toán"]},
    )
    reading = _read(_save(wb, tmp_path))
    assert reading.sheets_read == ["Cán bộ", "Công chức"]
    assert [(r.sheet, r.row, r.official.full_name) for r in reading.rows] == [
        ("Cán bộ", 2, "Tạ Văn Một"),
        ("Cán bộ", 4, "Tạ Văn Hai"),
        ("Công chức", 4, "Tạ Thị Ba"),
    ]
    assert [r.official.position for r in reading.rows] == ["bi_thu", "pho_bi_thu", "ke_toan"]
    assert reading.headers["Công chức"].row == 3


def test_a_district_style_list_with_short_titles_and_short_headers(tmp_path: Path) -> None:
    """«Bảng trích ngang»: birth years under Nam/Nữ, «Lý luận CT», «CV», titles in short."""
    wb = Workbook()
    ws = wb.active
    ws.title = "CBCC xa"
    _fill(
        ws,
        {
            1: ["UBND XÃ HÒA THUẬN"],
            3: ["BẢNG TRÍCH NGANG CÁN BỘ, CÔNG CHỨC XÃ NĂM 2026"],
            5: ["TT", "Họ và tên", "Năm sinh", None, "Chức vụ", "Dân tộc", "Trình độ"]
            + [None] * 4
            + ["Ghi chú"],
            6: [
                None,
                None,
                "Nam",
                "Nữ",
                None,
                None,
                "Văn hóa",
                "Chuyên môn",
                "Lý luận CT",
                "QLNN",
                "Tin học",
            ],
            7: [
                1,
                "NGUYỄN VĂN TÈO",
                "1972",
                None,
                "Chủ tịch UBND",
                "Kinh",
                "12/12",
                "Đại học Luật",
                "Cao cấp",
                "CV",
                "Chứng chỉ B",
            ],
            8: [
                2,
                "Lê Thị Mai",
                None,
                datetime(1990, 4, 5),
                "Công chức Văn phòng - Thống kê",
                "Kinh",
                "12/12",
                "Cử nhân Hành chính",
                "Trung cấp",
                "CVC",
                "Chứng chỉ A",
            ],
            9: [
                3,
                "Y Bih Niê",
                "03/02/1985",
                None,
                "Công chức Địa chính - NN - XD - MT",
                "Ê Đê",
                "9/12",
                "Trung cấp Quản lý đất đai",
                "Sơ cấp",
            ],
            10: [
                4,
                "Trần Văn Hải",
                "1/1/1995",
                None,
                "Chỉ huy trưởng Quân sự",
                "Kinh",
                "12/12",
                "TC Quân sự cơ sở",
            ],
            11: [5, "Đỗ Văn Lâm", "1980", None, "Công chức Tư pháp"],
        },
        ("C5:D5", "G5:K5", "A5:A6", "B5:B6", "E5:E6", "F5:F6", "L5:L6"),
    )
    reading = _read(_save(wb, tmp_path))
    assert reading.problems == []
    people = {row.official.full_name: row.official for row in reading.rows}
    teo = people["Nguyễn Văn Tèo"]
    assert (teo.position, teo.birth, teo.gender) == ("ct_ubnd", Birth(1972), Gender.MALE)
    assert (teo.political_theory, teo.state_management, teo.it) == (
        "cao_cap",
        "chuyen_vien",
        "co_ban",
    )
    mai = people["Lê Thị Mai"]
    assert (mai.position, mai.gender, mai.state_management) == (
        "vp_tk",
        Gender.FEMALE,
        "chuyen_vien_chinh",
    )
    assert (mai.professional, mai.field_of_study) == ("dai_hoc", "Hành chính")
    nie = people["Y Bih Niê"]
    assert (nie.standard_family, nie.position) == ("nd33-2023", "dc_nn_xd_mt")
    assert nie.general_education == "thcs" and nie.political_theory == "so_cap"
    assert people["Trần Văn Hải"].position == "chq_truong"
    # Every word of «Công chức Tư pháp» is in «Tư pháp – hộ tịch», with the fewest others.
    assert people["Đỗ Văn Lâm"].position == "tp_ht"


def test_names_differing_only_in_diacritics_are_asked_never_merged(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_officials(store, [_person("Nguyễn Văn Hùng", Birth(1985))], TODAY)
    path = _one_sheet(
        tmp_path,
        ["Họ và tên", "Năm sinh", "Chức danh"],
        [["Nguyễn Văn Hưng", 1985, "Văn phòng - thống kê"]],
    )
    plan = _plan(store, path)
    (planned,) = plan.rows
    assert planned.outcome == Outcome.CONFIRM and "chỉ khác dấu" in planned.reason
    assert planned.choice == Choice.SKIP
    plan.choose(0, Choice.ADD)
    apply_staff_import(store, plan, TODAY)
    assert sorted(o.full_name for o in load_officials(store)) == [
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hưng",
    ]


def test_a_title_written_differently_keeps_the_position_chosen(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (kept,) = add_officials(
        store,
        [
            _person(
                "Đặng Thị Ánh",
                Birth(1997),
                standard_family="vtvl-2025",
                position="cv_tu_phap",
                it="chua_co",
            )
        ],
        TODAY,
    )
    path = _one_sheet(
        tmp_path,
        ["Họ và tên", "Năm sinh", "Chức danh", "Tin học"],
        [["Đặng Thị Ánh", 1997, "Tư pháp - hộ tịch", "Cơ bản"]],  # the 2023 title
    )
    plan = _plan(store, path)
    (planned,) = plan.rows
    assert planned.outcome == Outcome.UPDATE and planned.changes == ("tin học",)
    plan.choose(0, Choice.UPDATE)
    apply_staff_import(store, plan, TODAY)
    saved = load_official(store, kept.uuid)
    assert (saved.standard_family, saved.position, saved.it) == (
        "vtvl-2025",
        "cv_tu_phap",
        "co_ban",
    )
