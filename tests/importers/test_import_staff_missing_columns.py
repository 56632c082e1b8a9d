"""A staff list that lacks a column the standards need: the preview says so, and what follows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from cchc_desktop.core.staff import load_staff_lists
from cchc_desktop.core.standard_checks import Outcome, evaluate
from cchc_desktop.core.standards import shipped_standard_sets
from cchc_desktop.importers.staff_excel import missing_columns_text, read_staff_workbook
from cchc_desktop.importers.staff_import import plan_staff_import
from cchc_desktop.store.staff_repo import known_positions

TODAY = date(2026, 3, 1)
LISTS = load_staff_lists()
SETS = shipped_standard_sets()

NO_GENERAL_EDUCATION = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Chuyên môn"]
PEOPLE = [
    [1, "Nguyễn Văn An", "12/03/1975", "Nam", "Chủ tịch UBND xã", "Đại học Luật"],
    [2, "Lê Thị Bình", "20/05/1982", "Nữ", "Phó Chủ tịch UBND xã", "Đại học Kinh tế"],
    [3, "Trần Văn Cường", "01/02/1978", "Nam", "Chỉ huy trưởng Ban Chỉ huy quân sự", "Trung cấp"],
]


def staff_list_without_general_education(folder: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(NO_GENERAL_EDUCATION)
    for person in PEOPLE:
        ws.append(person)
    path = folder / "danh-sach-thieu-cot.xlsx"
    wb.save(path)
    return path


def _read(path: Path):  # type: ignore[no-untyped-def]
    return read_staff_workbook(path, lists=LISTS, standard_sets=SETS)


def test_a_missing_column_the_standards_need_is_said_with_its_consequence(tmp_path: Path) -> None:
    reading = _read(staff_list_without_general_education(tmp_path))
    missing = {m.key: m for m in reading.missing_columns}
    general = missing["general_education"]
    assert (general.name, general.affected, general.counted) == ("Giáo dục phổ thông", 3, 3)
    assert general.needed
    assert "Tệp không có cột «Giáo dục phổ thông»" in general.consequence
    assert "«thiếu thông tin»" in general.consequence
    assert "tỷ lệ đạt chuẩn 0 %" in general.consequence
    assert "giữ thông tin đã lưu" in general.consequence  # an update never empties a field
    # political theory is asked of the two cadres, not of the military commander …
    theory = missing["political_theory"]
    assert (theory.needed, theory.affected, theory.counted) == (True, 2, 3)
    assert "tiêu chuẩn của 2/3 người" in theory.consequence
    # … and a foreign language of nobody here
    assert not missing["foreign_language"].needed
    assert "không ảnh hưởng" in missing["foreign_language"].consequence
    assert "birth" not in missing and "position" not in missing and "professional" not in missing
    # what the preview says is what the evaluation then does
    plan = plan_staff_import(reading, [], TODAY, LISTS, known_positions(SETS))
    outcomes = {evaluate(p.official, SETS, LISTS, TODAY).outcome for p in plan.rows if p.official}
    assert outcomes == {Outcome.UNKNOWN}


def test_a_list_without_positions_says_nobody_can_be_judged(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["STT", "Họ và tên", "Ngày sinh", "Văn hóa", "Chuyên môn"])
    wb.active.append([1, "Nguyễn Văn An", "12/03/1975", "12/12", "Đại học Luật"])
    wb.save(tmp_path / "a.xlsx")
    missing = {m.key: m for m in _read(tmp_path / "a.xlsx").missing_columns}
    assert missing["position"].needed
    assert "Chức vụ, chức danh" in missing["position"].consequence
    assert "tỷ lệ đạt chuẩn 0 %" in missing["position"].consequence
    assert "general_education" not in missing


def test_a_full_list_lacks_nothing_that_matters(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(
        [
            "STT",
            "Họ và tên",
            "Ngày sinh",
            "Chức vụ",
            "Văn hóa",
            "Chuyên môn",
            "Chuyên ngành",
            "LLCT",
            "QLNN",
            "Tin học",
        ]
    )
    wb.active.append(
        [1, "An", "1975", "Chủ tịch UBND xã", "12/12", "Đại học", "Luật", "Cao cấp", "", ""]
    )
    wb.save(tmp_path / "a.xlsx")
    reading = _read(tmp_path / "a.xlsx")
    assert [m.key for m in reading.missing_columns if m.needed] == []


def test_what_the_preview_says(tmp_path: Path) -> None:
    text = missing_columns_text(
        _read(staff_list_without_general_education(tmp_path)).missing_columns
    )
    assert text.startswith(
        "Tệp không có các cột «Giáo dục phổ thông» (cả 3 người cần), «Lý luận chính trị» "
        "(2/3 người cần): người mới thêm sẽ «thiếu thông tin» về các mục này và không được tính "
        "là đạt chuẩn (tỷ lệ đạt chuẩn 0 %)"
    )
    assert text.endswith(
        "Cũng không có cột «Quản lý nhà nước», «Tin học», «Ngoại ngữ», «Tiếng dân tộc»: để "
        "trống, không ảnh hưởng đến tỷ lệ đạt chuẩn của những người trong tệp."
    )
    assert missing_columns_text([]) == ""
