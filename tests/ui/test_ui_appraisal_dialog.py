"""The «Nhập điểm thẩm định» dialog: the file read off the GUI thread, the preview of the
round chosen, the errors, saving in one go."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from cchc_desktop.importers.appraisal_excel import AppraisalReading, read_appraisal_workbook
from cchc_desktop.store.scoring_repo import load_scores, lock_assessment, save_appraisals
from cchc_desktop.ui.scoring.appraisal_dialog import (
    APPRAISED,
    CODE,
    DIFFERENCE,
    NOTE,
    SELF,
    TITLE,
    ImportAppraisalDialog,
)
from tests.importers.test_import_appraisal import (
    HEADER,
    TODAY,
    D,
    _body,
    _row_of,
    _two_rounds_file,
    _workbook,
)
from tests.importers.test_import_appraisal import sample as sample  # the fixtures
from tests.importers.test_import_appraisal import sheet as sheet


def _opened(qtbot, *args, **kwargs) -> ImportAppraisalDialog:  # type: ignore[no-untyped-def]
    """The dialog with its file read (off the GUI thread)."""
    dialog = ImportAppraisalDialog(*args, **kwargs)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.read_finished, timeout=10000):
        pass
    return dialog


def test_errors_give_sheet_row_and_column_and_nothing_is_written(
    qtbot, store, settings, sample, sheet, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    save_appraisals(store, sheet, 1, [("4", D(2), "Thiếu ảnh")])
    before = load_scores(store, sheet)
    body = _body(sample, {"1.1": D(2), "5": "đạt", "4": D("-1")})
    body.insert(3, ["1.9", "Tiêu chí không có trong bộ", "1", None, "1", None])
    path = _workbook(tmp_path, body)
    assert len(read_appraisal_workbook(path, sample).errors) == 4

    # The dialog says so and cannot save.
    dialog = _opened(qtbot, store, sheet, sample, path, today=lambda: TODAY)
    assert not dialog.save_button.isEnabled()
    assert "4 lỗi" in dialog.notice.text() and "Chưa có gì được lưu" in dialog.notice.text()
    assert dialog.tabs.currentWidget() is dialog.problems
    assert dialog.problems.item(0, 0).text() == "Lỗi"
    assert dialog.problems.item(0, 2).text() == str(_row_of(body, "1.1"))
    assert dialog.problems.item(0, 3).text() == "E"
    dialog.save()
    assert dialog.saved_count == 0 and load_scores(store, sheet) == before


def test_the_dialog_previews_then_writes_the_round_chosen(
    qtbot, store, settings, sample, sheet, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = _workbook(tmp_path, _body(sample, {"1.1": D("0.5")}, {"1.1": "Ban hành chậm"}))
    before = load_scores(store, sheet)
    dialog = ImportAppraisalDialog(store, sheet, sample, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled() and dialog.notice.text() == "Chưa chọn tệp."

    with qtbot.waitSignal(dialog.read_finished, timeout=10000):
        dialog.load(path)
    reading = dialog.reading
    assert isinstance(reading, AppraisalReading) and reading.ok
    table = dialog.preview
    assert table.rowCount() == 43
    assert dialog.tabs.tabText(0) == "Xem trước (43)"
    first = [table.item(0, c).text() for c in (CODE, TITLE, SELF, APPRAISED, DIFFERENCE, NOTE)]
    assert first == ["1.1", sample.by_code["1.1"].title, "1", "0,5", "−0,5", "Ban hành chậm"]
    five = next(r for r in range(table.rowCount()) if table.item(r, CODE).text() == "5")
    assert [table.item(five, c).text() for c in (SELF, APPRAISED, DIFFERENCE)] == ["3", "3", "0"]
    unscored = next(r for r in range(table.rowCount()) if table.item(r, CODE).text() == "3")
    assert table.item(unscored, SELF).text() == "chưa chấm"
    assert table.item(unscored, DIFFERENCE).text() == ""
    assert "chưa chốt" in dialog.notice.text()
    assert load_scores(store, sheet) == before  # a preview writes nothing
    assert dialog.round_no == 1 and dialog.save_button.isEnabled()

    dialog.set_round(2)
    assert "Thẩm định lần 1" in dialog.round.itemText(0)
    assert "chưa có điểm thẩm định lần 1" in dialog.notice.text()
    dialog.set_round(1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted.value and dialog.saved_count == 43
    scores = load_scores(store, sheet)
    assert scores["1.1"].appraised_1 == D("0.5") and scores["1.1"].appraisal_1_note
    assert scores["1.1"].appraised_2 is None

    # The next file goes to round 2 of the locked sheet; the dialog proposes round 2.
    locked = lock_assessment(store, sheet, "Nguyễn Văn An")
    header_2 = [*HEADER[:4], "Điểm thẩm định lần 2", "Lý do"]
    path_2 = _workbook(tmp_path, _body(sample), header=header_2, name="lan-2.xlsx")
    dialog_2 = _opened(qtbot, store, locked, sample, path_2, today=lambda: TODAY)
    assert dialog_2.round_no == 2 and dialog_2.save_button.isEnabled()
    assert "chưa chốt" not in dialog_2.notice.text()
    dialog_2.save()
    assert dialog_2.saved_count == 43
    scores = load_scores(store, locked)
    assert scores["1.1"].appraised_1 == D("0.5") and scores["1.1"].appraised_2 == D(1)
    assert scores["5"].value == D(3) and scores["5"].explanation == "Có báo cáo"


def test_the_dialog_says_why_a_file_cannot_be_read(
    qtbot, store, settings, sample, sheet, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "diem.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    dialog = _opened(qtbot, store, sheet, sample, path, today=lambda: TODAY)
    assert dialog.read_error and "dạng Excel cũ (.xls)" in dialog.notice.text()
    assert "Chưa có gì được lưu" in dialog.notice.text()
    assert not dialog.save_button.isEnabled() and dialog.preview.rowCount() == 0


def test_the_dialog_reads_the_column_of_the_round_chosen(
    qtbot, store, settings, sample, sheet, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    dialog = _opened(
        qtbot, store, sheet, sample, _two_rounds_file(tmp_path, sample), today=lambda: TODAY
    )
    assert dialog.round_no == 2  # the last round the file has points for
    assert [dialog.preview.item(0, c).text() for c in (APPRAISED, NOTE)] == [
        "1",
        "Đã bổ sung kế hoạch",
    ]
    dialog.set_round(1)
    assert dialog.reading is not None and dialog.reading.value_column == "D"
    assert [dialog.preview.item(0, c).text() for c in (APPRAISED, NOTE)] == ["0", "Chưa ban hành"]
    dialog.save()
    scores = load_scores(store, sheet)
    assert scores["1.1"].appraised_1 == D(0) and scores["1.1"].appraised_2 is None
