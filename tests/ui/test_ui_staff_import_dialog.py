"""The «Nhập danh sách cán bộ, công chức từ tệp Excel» dialog."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QCheckBox, QComboBox

from cchc_desktop.core.staff import Birth, Official
from cchc_desktop.importers.staff_import import Choice, Outcome
from cchc_desktop.store.staff_repo import add_officials, load_official, load_officials
from cchc_desktop.ui.staff import import_dialog
from cchc_desktop.ui.staff.import_dialog import (
    COLUMN_BIRTH,
    COLUMN_LEVEL,
    COLUMN_NAME,
    COLUMN_OUTCOME,
    COLUMN_POSITION,
    COLUMN_REASON,
    COLUMN_ROW,
    StaffImportDialog,
)
from tests.importers.test_import_staff_missing_columns import staff_list_without_general_education

TODAY = date(2026, 3, 1)


def _staff_file(tmp_path: Path, name: str = "danh-sach-cbcc.xlsx") -> Path:
    """A realistic list: a title block, a header over two rows, one row the program refuses."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws["A1"] = "UBND XÃ AN BÌNH"
    ws["A2"] = "DANH SÁCH CÁN BỘ, CÔNG CHỨC XÃ AN BÌNH NĂM 2026"
    top = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chức vụ", "Trình độ"]
    sub = {7: "Văn hóa", 8: "Chuyên môn", 9: "LLCT", 10: "QLNN", 11: "Tin học", 12: "Ngoại ngữ"}
    for column, text in enumerate(top, start=1):
        ws.cell(row=4, column=column, value=text)
    for column, text in sub.items():
        ws.cell(row=5, column=column, value=text)
    for span in ("A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:E5", "F4:F5", "G4:L4"):
        ws.merge_cells(span)
    people = [
        [
            1,
            "Nguyễn Văn An",
            "12/03/1975",
            "Nam",
            "Kinh",
            "Chủ tịch UBND xã",
            "12/12",
            "ĐH Luật",
            "Cao cấp",
            "Chuyên viên chính",
            "A",
            "B1",
        ],
        [
            2,
            "Lê Thị Bình",
            datetime(1982, 5, 20),
            "Nữ",
            "Tày",
            "Văn phòng - Thống kê",
            "12/12",
            "Cử nhân Kinh tế",
            "Trung cấp",
            "Chuyên viên",
            "B",
            "A2",
        ],
        [
            3,
            "Trần Văn Cường",
            1978,
            "Nam",
            "Kinh",
            "Chỉ huy trưởng Ban Chỉ huy quân sự",
            "9/12",
            "Trung cấp Quân sự",
            "Sơ cấp",
            None,
            None,
            None,
        ],
        [
            4,
            "Phạm Thị Dung",
            "31/02/1995",
            "Nữ",
            "Kinh",
            "Kế toán",
            "12/12",
            "Trung cấp Kế toán",
            None,
            None,
            "Giỏi",
            None,
        ],
        [
            5,
            "Hoàng Văn Em",
            "2010",
            "Nam",
            "Nùng",
            "Thủ quỹ",
            "12/12",
            "Cao đẳng",
            None,
            None,
            None,
            None,
        ],
    ]
    for index, values in enumerate(people, start=6):
        for column, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=index, column=column, value=value)
    path = tmp_path / name
    wb.save(path)
    return path


def _open(qtbot, store, path: Path) -> StaffImportDialog:  # type: ignore[no-untyped-def]
    dialog = StaffImportDialog(store, path, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(
        lambda: dialog.plan is not None or dialog.read_error is not None,
        timeout=10000,
    )
    return dialog


def _column(dialog: StaffImportDialog, column: int) -> list[str]:
    return [dialog.preview.item(r, column).text() for r in range(dialog.preview.rowCount())]


def test_the_preview_says_what_happens_to_each_person(qtbot, store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, store, _staff_file(tmp_path))
    assert "Nghị định 13/2023/NĐ-CP" in dialog.privacy.text()
    assert "ngày sinh" in dialog.privacy.text() and "dân tộc" in dialog.privacy.text()
    assert _column(dialog, COLUMN_ROW) == ["6", "7", "8", "9", "10"]
    assert _column(dialog, COLUMN_NAME)[:2] == ["Nguyễn Văn An", "Lê Thị Bình"]
    assert _column(dialog, COLUMN_BIRTH) == [
        "12/03/1975",
        "20/05/1982",
        "1978",
        "31/02/1995",  # as printed: it could not be read
        "2010",
    ]
    assert _column(dialog, COLUMN_POSITION)[:3] == [
        "Chủ tịch Ủy ban nhân dân",
        "Văn phòng – thống kê",
        "Chỉ huy trưởng Ban Chỉ huy quân sự",
    ]
    assert _column(dialog, COLUMN_LEVEL)[:3] == [
        "Đại học – Luật",
        "Đại học – Kinh tế",
        "Trung cấp – Quân sự",
    ]
    assert _column(dialog, COLUMN_OUTCOME) == ["Thêm mới"] * 3 + ["Lỗi", "Lỗi"]
    reasons = _column(dialog, COLUMN_REASON)
    assert "«31/02/1995» không có thật" in reasons[3] and "«Giỏi»" in reasons[3]
    assert "chưa đủ 18 tuổi" in reasons[4]
    assert dialog.tabs.tabText(1) == "Có vấn đề (3)"
    problems = [
        [dialog.problems.item(r, c).text() for c in range(4)]
        for r in range(dialog.problems.rowCount())
    ]
    assert [p[:3] for p in problems] == [
        ["Danh sách", "9", "C (Ngày sinh)"],
        ["Danh sách", "9", "K (Tin học)"],
        ["Danh sách", "10", "C (Ngày sinh)"],
    ]
    assert "Thêm mới: 3" in dialog.notice.text() and "lỗi, không nhập: 2" in dialog.notice.text()
    assert dialog.confirm_button.text() == "Nhập 3 người"
    assert dialog.confirm_button.isEnabled()
    assert load_officials(store) == []  # nothing stored before the officer confirms


def test_confirm_adds_everyone_at_once_and_a_second_import_adds_nobody(
    qtbot, store, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = _staff_file(tmp_path)
    dialog = _open(qtbot, store, path)
    dialog.confirm_button.click()
    assert dialog.result() == StaffImportDialog.DialogCode.Accepted
    stored = load_officials(store)
    assert sorted(o.full_name for o in stored) == ["Lê Thị Bình", "Nguyễn Văn An", "Trần Văn Cường"]
    assert sorted(dialog.imported_uuids) == sorted(o.uuid for o in stored)

    again = _open(qtbot, store, path)
    assert _column(again, COLUMN_OUTCOME) == ["Đã có – bỏ qua"] * 3 + ["Lỗi", "Lỗi"]
    assert again.confirm_button.text() == "Nhập 0 người"
    assert not again.confirm_button.isEnabled()
    again.confirm()
    assert again.isVisible() and again.imported_uuids == []
    assert len(load_officials(store)) == 3


def test_an_ambiguous_match_waits_for_the_officer(qtbot, store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (namesake,) = add_officials(
        store, [Official(full_name="Trần Văn Cường", category="cong_chuc")], TODAY
    )
    dialog = _open(qtbot, store, _staff_file(tmp_path))
    assert dialog.plan is not None
    assert dialog.plan.rows[2].outcome == Outcome.CONFIRM
    assert _column(dialog, COLUMN_OUTCOME)[2] == "Cần xác nhận"
    assert "thiếu ngày sinh để đối chiếu" in _column(dialog, COLUMN_REASON)[2]
    combo = dialog.decision_widget(2)
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["Bỏ qua", "Thêm người mới"]
    assert combo.currentText() == "Bỏ qua"  # skipped unless the officer says otherwise
    assert dialog.confirm_button.text() == "Nhập 2 người"

    combo.setCurrentIndex(1)
    assert dialog.plan.rows[2].choice == Choice.ADD
    assert dialog.confirm_button.text() == "Nhập 3 người"
    dialog.confirm()
    names = [o.full_name for o in load_officials(store)]
    assert names.count("Trần Văn Cường") == 2
    assert namesake.uuid not in dialog.imported_uuids
    assert len(dialog.imported_uuids) == 3


def test_an_update_is_written_only_when_ticked(qtbot, store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (an,) = add_officials(
        store,
        [
            Official(
                full_name="Nguyễn Văn An",
                category="can_bo",
                birth=Birth(1975),
                it="nang_cao",
            )
        ],
        TODAY,
    )
    dialog = _open(qtbot, store, _staff_file(tmp_path))
    assert _column(dialog, COLUMN_OUTCOME)[0] == "Cập nhật"
    assert "tệp ghi khác ở:" in _column(dialog, COLUMN_REASON)[0]
    box = dialog.decision_widget(0)
    assert isinstance(box, QCheckBox) and not box.isChecked()
    assert dialog.confirm_button.text() == "Nhập 2 người"
    box.setChecked(True)
    assert dialog.confirm_button.text() == "Nhập 3 người"
    dialog.confirm()
    updated = load_official(store, an.uuid)
    assert updated is not None
    assert updated.birth == Birth.of(date(1975, 3, 12))  # the file's full date
    assert updated.it == "co_ban"
    assert (updated.professional, updated.field_of_study) == ("dai_hoc", "Luật")
    assert an.uuid in dialog.imported_uuids
    assert len(load_officials(store)) == 3


def test_closing_without_confirming_stores_nothing(qtbot, store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, store, _staff_file(tmp_path))
    dialog.reject()
    assert load_officials(store) == [] and dialog.imported_uuids == []


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000), "Excel cũ (.xls)"),
        ("Họ và tên,Ngày sinh\n".encode(), "CSV"),
    ],
)
def test_a_file_that_cannot_be_read_is_said_in_vietnamese(
    qtbot, store, settings, tmp_path, content, said
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(content)
    dialog = _open(qtbot, store, path)
    assert said in dialog.notice.text()
    assert dialog.read_error == dialog.notice.text()
    assert dialog.plan is None
    assert not dialog.confirm_button.isEnabled()


def test_a_file_gone_missing_is_said_without_english(
    qtbot, store, settings, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    def refuse(path, *, lists, standard_sets):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(import_dialog, "read_staff_workbook", refuse)
    dialog = _open(qtbot, store, tmp_path / "danh-sach.xlsx")
    assert dialog.notice.text().startswith("Không có quyền đọc tệp «danh-sach.xlsx»")
    assert "Permission denied" not in dialog.notice.text()


def test_the_preview_says_which_columns_the_file_lacks(qtbot, store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    complete = _open(qtbot, store, _staff_file(tmp_path))
    assert not complete.missing_notice.isVisible()  # nothing the standards need is missing

    dialog = _open(qtbot, store, staff_list_without_general_education(tmp_path))
    assert dialog.missing_notice.isVisible()
    text = dialog.missing_notice.text()
    assert "Tệp không có các cột «Giáo dục phổ thông» (cả 3 người cần)" in text
    assert "«thiếu thông tin»" in text and "tỷ lệ đạt chuẩn 0 %" in text
    assert "Ngoại ngữ" in text  # also missing, said not to matter here
    assert "Thêm mới: 3" in dialog.notice.text()  # the people are still imported
