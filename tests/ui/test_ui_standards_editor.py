"""The requirement matrix (Tiêu chuẩn theo chức danh, vị trí việc làm), used as an officer would."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from cchc_desktop.core.standards import AGE, FIELD, Position, StandardSet
from cchc_desktop.store.staff_repo import load_standard_sets, save_standard_version
from cchc_desktop.ui.staff.standards_dialogs import (
    CHANGE_NOTE_MISSING,
    PositionDialog,
    RequirementDialog,
    SaveVersionDialog,
    new_position_code,
)
from cchc_desktop.ui.staff.standards_editor import StandardsPanel
from cchc_desktop.ui.staff.standards_model import NAME_COLUMN, RequirementMatrixModel
from tests.support.ui_helpers import type_text

TODAY = date(2026, 3, 2)
ND33 = "nd33-2023"
VTVL = "vtvl-2025"
OFFICE = "vp_tk"  # Văn phòng – thống kê


@pytest.fixture
def panel(qtbot, store, settings):  # type: ignore[no-untyped-def]
    shown = StandardsPanel(store, TODAY)
    qtbot.addWidget(shown)
    shown.resize(1100, 650)
    shown.show()
    assert shown.select(ND33)
    return shown


def _index(panel: StandardsPanel, code: str, attribute: str | None = None):  # type: ignore[no-untyped-def]
    model = panel.model
    row = model.row_of(code)
    assert row >= 0, code
    column = NAME_COLUMN if attribute is None else model.column_of(attribute)
    return model.index(row, column)


def _text(panel: StandardsPanel, code: str, attribute: str, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
    return panel.model.data(_index(panel, code, attribute), role)


def _versions(store, family: str) -> dict[int, StandardSet]:  # type: ignore[no-untyped-def]
    return {s.version: s for s in load_standard_sets(store) if s.family == family}


def _answer(monkeypatch, button: QMessageBox.StandardButton) -> list[str]:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def question(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def _set_level(monkeypatch, level: str | None) -> list[RequirementDialog]:  # type: ignore[no-untyped-def]
    opened: list[RequirementDialog] = []

    def run(dialog: RequirementDialog) -> int:
        opened.append(dialog)
        assert dialog.level is not None
        dialog.level.setCurrentIndex(dialog.level.findData(level))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(RequirementDialog, "exec", run)
    return opened


def _add_field(monkeypatch, name: str) -> None:  # type: ignore[no-untyped-def]
    def run(dialog: RequirementDialog) -> int:
        assert dialog.fields is not None
        type_text(dialog.fields.entry.lineEdit(), name)
        dialog.fields.add_button.click()
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(RequirementDialog, "exec", run)


def _save_with(monkeypatch, note: str, day: str | None = None) -> list[SaveVersionDialog]:  # type: ignore[no-untyped-def]
    opened: list[SaveVersionDialog] = []

    def run(dialog: SaveVersionDialog) -> int:
        opened.append(dialog)
        if day is not None:
            dialog.effective_from.edit.setText(day)
        type_text(dialog.change_note, note)
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(SaveVersionDialog, "exec", run)
    return opened


# --- what the matrix shows -------------------------------------------------------------------


def test_matrix_shows_the_shipped_requirements(panel) -> None:  # type: ignore[no-untyped-def]
    assert panel.family.currentData() == ND33
    assert panel.family.currentText() == "Tiêu chuẩn chức danh cán bộ, công chức cấp xã"
    assert panel.version.count() == 1
    version_text = panel.version.currentText()
    assert version_text.startswith("Phiên bản 1, áp dụng từ 01/08/2023 (đang áp dụng)")
    assert "bản mặc định của chương trình" in version_text
    assert "Nghị định số 33/2023/NĐ-CP" in panel.info.text()
    assert "Hạn đạt chuẩn theo Nghị định số 33/2023/NĐ-CP: 01/08/2028" in panel.info.text()
    assert panel.set_note.isVisible()
    assert "hãy đối chiếu với quy định của tỉnh" in panel.set_note.text()
    assert not panel.mode_note.isVisible()

    assert panel.model.data(_index(panel, OFFICE)) == "Văn phòng – thống kê"
    assert _text(panel, OFFICE, "professional") == "Đại học trở lên"
    assert _text(panel, OFFICE, "it") == "Ứng dụng CNTT cơ bản"
    assert _text(panel, OFFICE, FIELD) == "Hành chính, Quản lý nhà nước, …"
    tip = _text(panel, OFFICE, FIELD, Qt.ItemDataRole.ToolTipRole)
    assert "• Luật" in tip and "• Kinh tế" in tip
    assert _text(panel, OFFICE, "foreign_language") == "—"
    assert _text(panel, "bi_thu", "political_theory") == "Trung cấp trở lên"
    # The common requirements of the set: grey italics, and the tooltip says so.
    assert _text(panel, OFFICE, "general_education") == "Trung học phổ thông"
    assert _text(panel, OFFICE, AGE) == "Từ 18 tuổi"
    assert _text(panel, OFFICE, AGE, Qt.ItemDataRole.FontRole).italic()
    assert "áp dụng chung" in _text(panel, OFFICE, AGE, Qt.ItemDataRole.ToolTipRole)
    assert _text(panel, OFFICE, "professional", Qt.ItemDataRole.FontRole) is None
    # Nothing changed yet: nothing to save.
    assert not panel.has_unsaved_changes()
    assert panel.changes_label.text() == ""
    assert not panel.save_button.isEnabled() and not panel.discard_button.isEnabled()


def test_job_position_set_shows_departments(panel) -> None:  # type: ignore[no-untyped-def]
    assert panel.table.isColumnHidden(2)  # nd33: no position belongs to a department
    assert panel.select(VTVL)
    assert not panel.table.isColumnHidden(2)
    assert panel.model.data(panel.model.index(panel.model.row_of("ke_toan"), 2)) == (
        "Văn phòng HĐND và UBND"
    )
    assert panel.model.data(panel.model.index(panel.model.row_of("ke_toan"), 1)) == "Công chức"
    assert _text(panel, "chanh_vp", "state_management") == "Chuyên viên trở lên"
    assert "Hạn bố trí vào vị trí việc làm" in panel.info.text()


# --- editing and saving ----------------------------------------------------------------------


def test_change_a_level_and_accept_a_field_then_save_a_new_version(  # type: ignore[no-untyped-def]
    panel, qtbot, monkeypatch, store
) -> None:
    # Enter on a cell opens its dialog (keyboard only).
    opened = _set_level(monkeypatch, "thac_si")
    panel.table.setFocus()
    panel.table.setCurrentIndex(_index(panel, OFFICE, "professional"))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert len(opened) == 1
    assert opened[0].windowTitle() == "Trình độ chuyên môn — Văn phòng – thống kê"
    assert _text(panel, OFFICE, "professional") == "Thạc sĩ trở lên"
    assert _text(panel, OFFICE, "professional", Qt.ItemDataRole.FontRole).bold()
    assert _text(panel, "bi_thu", "professional", Qt.ItemDataRole.FontRole) is None

    # A double click opens the cell's dialog too.
    _add_field(monkeypatch, "Công nghệ thông tin")
    panel.table.scrollTo(_index(panel, OFFICE, FIELD))
    rect = panel.table.visualRect(_index(panel, OFFICE, FIELD))
    assert panel.table.viewport().rect().contains(rect.center())
    viewport = panel.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    tip = _text(panel, OFFICE, FIELD, Qt.ItemDataRole.ToolTipRole)
    assert "• Công nghệ thông tin" in tip and "• Luật" in tip
    assert panel.has_unsaved_changes()
    assert panel.changes_label.text() == "Có 2 thay đổi chưa lưu"
    assert "Đại học trở lên → Thạc sĩ trở lên" in panel.changes_label.toolTip()
    assert panel.save_button.isEnabled()

    _save_with(monkeypatch, "Theo Quyết định số 12/2026/QĐ-UBND của UBND tỉnh", "01/04/2026")
    with qtbot.waitSignal(panel.standards_saved, timeout=10000):
        panel.save_version()

    versions = _versions(store, ND33)
    assert sorted(versions) == [1, 2]
    new, old = versions[2], versions[1]
    office = new.position(OFFICE)
    assert office is not None and office.requirement("professional").min_level == "thac_si"
    assert office.requirement(FIELD).accepted[-1] == "Công nghệ thông tin"
    assert new.effective_from == date(2026, 4, 1)
    assert new.change_note == "Theo Quyết định số 12/2026/QĐ-UBND của UBND tỉnh"
    assert not new.shipped
    # The earlier version is untouched.
    office_before = old.position(OFFICE)
    assert old.shipped and office_before is not None
    assert office_before.requirement("professional").min_level == "dai_hoc"
    assert "Công nghệ thông tin" not in office_before.requirement(FIELD).accepted
    # Other positions are carried over as they were.
    assert new.position("bi_thu") == old.position("bi_thu")

    # The panel now shows the new version, with nothing left to save.
    assert panel.version.currentData() == 2
    assert panel.version.count() == 2
    assert "Theo Quyết định số 12/2026" in panel.version.currentText()
    assert not panel.has_unsaved_changes()
    assert panel.changes_label.text() == ""
    assert _text(panel, OFFICE, "professional") == "Thạc sĩ trở lên"
    assert _text(panel, OFFICE, "professional", Qt.ItemDataRole.FontRole) is None
    assert panel.notice.text().startswith("Đã lưu phiên bản 2")


def test_saving_without_a_note_shows_the_error_and_saves_nothing(  # type: ignore[no-untyped-def]
    panel, monkeypatch, store
) -> None:
    _set_level(monkeypatch, "cao_dang")
    panel.edit_cell(_index(panel, OFFICE, "professional"))
    opened = _save_with(monkeypatch, "   ")
    assert panel.save_version() is None
    (dialog,) = opened
    assert dialog.form.error_text("change_note") == CHANGE_NOTE_MISSING
    assert dialog.saved is None and dialog.result() != QDialog.DialogCode.Accepted
    assert sorted(_versions(store, ND33)) == [1]
    assert store.conn.execute("SELECT COUNT(*) FROM standard_sets").fetchone()[0] == 0
    assert panel.has_unsaved_changes()  # the edits are still there to save
    assert _text(panel, OFFICE, "professional") == "Cao đẳng trở lên"


def test_new_version_cannot_apply_before_the_current_one(  # type: ignore[no-untyped-def]
    panel, monkeypatch, store
) -> None:
    _set_level(monkeypatch, "cao_dang")
    panel.edit_cell(_index(panel, OFFICE, "professional"))
    opened = _save_with(monkeypatch, "Sửa theo văn bản của tỉnh", "15/07/2023")
    assert panel.save_version() is None
    assert "trước phiên bản đang có" in opened[0].form.error_text("effective_from")
    assert opened[0].form.error_text("change_note") == ""
    opened = _save_with(monkeypatch, "Sửa theo văn bản của tỉnh", "31/02/2026")
    assert panel.save_version() is None
    assert "31/02/2026" in opened[0].form.error_text("effective_from")
    assert sorted(_versions(store, ND33)) == [1]


def test_an_old_version_is_read_only(panel, monkeypatch, store) -> None:  # type: ignore[no-untyped-def]
    shipped = _versions(store, ND33)[1]
    save_standard_version(store, shipped, date(2026, 1, 1), "Bản của tỉnh")
    panel.reload()
    assert panel.version.count() == 2
    assert panel.version.currentData() == 2  # the newest first, and shown
    assert panel.is_editable() and panel.add_button.isEnabled()

    panel.version.setCurrentIndex(panel.version.findData(1))
    panel.version.activated.emit(panel.version.currentIndex())
    assert panel.current_version() == shipped
    assert not panel.is_editable()
    assert panel.mode_note.isVisible()
    assert "phiên bản cũ, chỉ để xem" in panel.mode_note.text()
    for button in (panel.edit_button, panel.add_button, panel.remove_button):
        assert not button.isEnabled()

    def must_not_open(_dialog) -> int:  # type: ignore[no-untyped-def]
        raise AssertionError("an old version must not be edited")

    monkeypatch.setattr(RequirementDialog, "exec", must_not_open)
    monkeypatch.setattr(PositionDialog, "exec", must_not_open)
    panel.edit_cell(_index(panel, OFFICE, "professional"))
    panel.add_position()
    assert "chỉ để xem" in panel.notice.text()
    assert not panel.has_unsaved_changes()


# --- positions -------------------------------------------------------------------------------


def test_add_then_remove_positions_and_discard(panel, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    rows = panel.model.rowCount()

    def fill(dialog: PositionDialog) -> int:
        type_text(dialog.name, "Chuyên viên chuyển đổi số")
        dialog.department.setCurrentIndex(dialog.department.findData("phong_vh_xh"))
        assert dialog.copy_from is not None
        dialog.copy_from.setCurrentIndex(dialog.copy_from.findData(OFFICE))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(PositionDialog, "exec", fill)
    panel.add_position()
    assert panel.model.rowCount() == rows + 1
    added = panel.model.position(rows)
    assert added.name == "Chuyên viên chuyển đổi số"
    assert added.code == "chuyen_vien_chuyen_doi_so"
    assert added.category == "cong_chuc" and added.department == "phong_vh_xh"
    assert _text(panel, added.code, "professional") == "Đại học trở lên"  # copied
    assert panel.model.data(_index(panel, added.code), Qt.ItemDataRole.FontRole).bold()
    assert not panel.table.isColumnHidden(2)  # now a position has a department
    assert panel.table.currentIndex().row() == rows

    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    panel.table.setCurrentIndex(_index(panel, "bi_thu"))
    panel.remove_position()
    assert "Bí thư Đảng ủy" in asked[0]
    assert panel.model.row_of("bi_thu") == -1
    assert panel.changes_label.text() == "Có 2 thay đổi chưa lưu"
    assert "Xóa chức danh, vị trí «Bí thư Đảng ủy»" in panel.changes_label.toolTip()

    panel.discard_changes()
    assert not panel.has_unsaved_changes()
    assert panel.model.rowCount() == rows
    assert panel.model.row_of("bi_thu") == 0


def test_a_position_name_must_be_given_and_unique(qtbot, store, settings, panel) -> None:  # type: ignore[no-untyped-def]
    standard = panel.edited_standard()
    dialog = PositionDialog(standard, None, panel._lists)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.form.error_text("name") == "Chưa nhập tên chức danh, vị trí việc làm."
    type_text(dialog.name, "văn phòng – THỐNG KÊ")
    dialog.accept()
    assert dialog.form.error_text("name") == "Bộ tiêu chuẩn đã có chức danh «Văn phòng – thống kê»."
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert new_position_code("Văn phòng – thống kê", {"van_phong_thong_ke"}) == (
        "van_phong_thong_ke_2"
    )


# --- the requirement dialog ------------------------------------------------------------------


def test_field_dialog_refuses_a_field_already_accepted(qtbot, panel) -> None:  # type: ignore[no-untyped-def]
    standard = panel.edited_standard()
    office = standard.position(OFFICE)
    dialog = RequirementDialog(standard, office, FIELD, panel._lists, ["Luật kinh tế"])
    qtbot.addWidget(dialog)
    fields = dialog.fields
    assert fields is not None and fields.list.count() == 8
    type_text(fields.entry.lineEdit(), "LUẬT")
    fields.add_button.click()
    assert dialog.form.error_text("accepted") == "Ngành «LUẬT» đã có trong danh sách."
    assert fields.list.count() == 8
    fields.list.setCurrentRow(0)  # "Hành chính"
    fields.remove_button.click()
    assert "Hành chính" not in dialog.requirement().accepted
    assert dialog.form.error_text("accepted") == ""


def test_age_dialog_checks_the_bounds(qtbot, panel) -> None:  # type: ignore[no-untyped-def]
    standard = panel.edited_standard()
    office = standard.position(OFFICE)
    dialog = RequirementDialog(standard, office, AGE, panel._lists, [])
    qtbot.addWidget(dialog)
    assert dialog.requirement() is None  # the common requirement applies
    assert dialog.min_age is not None and dialog.max_age is not None
    dialog.min_age.setValue(40)
    dialog.max_age.setValue(30)
    dialog.accept()
    assert dialog.form.error_text("max_age") == "Tuổi tối đa 30 nhỏ hơn tuổi tối thiểu 40."
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.max_age.setValue(55)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    requirement = dialog.requirement()
    assert (requirement.min_age, requirement.max_age) == (40, 55)


def test_level_dialog_offers_the_common_requirement_instead_of_none(qtbot, panel) -> None:  # type: ignore[no-untyped-def]
    standard = panel.edited_standard()
    office = standard.position(OFFICE)
    dialog = RequirementDialog(standard, office, "general_education", panel._lists, [])
    qtbot.addWidget(dialog)
    assert dialog.level is not None
    assert dialog.level.itemText(0) == "Theo yêu cầu chung (Trung học phổ thông)"
    dialog = RequirementDialog(standard, office, "foreign_language", panel._lists, [])
    qtbot.addWidget(dialog)
    assert dialog.level is not None
    assert dialog.level.itemText(0) == "Không yêu cầu"
    names = [dialog.level.itemText(i) for i in range(dialog.level.count())]
    assert "Chưa có chứng chỉ" not in names and "Bậc 3 (B1)" in names


# --- leaving with unsaved edits, and the keyboard ---------------------------------------------


def test_switching_set_with_unsaved_changes_asks_first(panel, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _set_level(monkeypatch, "thac_si")
    panel.edit_cell(_index(panel, OFFICE, "professional"))
    panel.reload()  # e.g. the page comes back into view: the edits stay
    assert panel.has_unsaved_changes()
    assert _text(panel, OFFICE, "professional") == "Thạc sĩ trở lên"
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    assert not panel.select(VTVL)
    assert asked and "1 thay đổi" in asked[0]
    assert panel.family.currentData() == ND33 and panel.has_unsaved_changes()
    panel.family.setCurrentIndex(panel.family.findData(VTVL))
    panel.family.activated.emit(panel.family.currentIndex())
    assert panel.family.currentData() == ND33 and panel.has_unsaved_changes()

    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    assert panel.select(VTVL)
    assert panel.family.currentData() == VTVL and not panel.has_unsaved_changes()


def test_tab_reaches_the_matrix_and_the_buttons(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.activateWindow()
    panel.version.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.version)
    qtbot.keyClick(panel.version, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.table
    assert panel.table.currentIndex().isValid()  # Enter has something to edit at once
    qtbot.keyClick(panel.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.edit_button


def test_model_without_a_base_marks_nothing(panel) -> None:  # type: ignore[no-untyped-def]
    model = RequirementMatrixModel(panel._lists)
    standard = panel.edited_standard()
    extra = Position("moi", "Chức danh mới", "cong_chuc")
    model.set_standard(replace(standard, positions=(extra,)))
    assert model.rowCount() == 1
    assert not model.is_changed(0, NAME_COLUMN)
    assert model.data(model.index(0, model.column_of(AGE))) == "Từ 18 tuổi"


def test_rename_a_position_from_its_name_cell_and_undo_by_editing_back(  # type: ignore[no-untyped-def]
    panel, qtbot, monkeypatch
) -> None:
    def rename(dialog: PositionDialog) -> int:
        assert dialog.copy_from is None  # only when adding
        dialog.name.setText("Văn phòng – thống kê (kiêm văn thư)")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(PositionDialog, "exec", rename)
    panel.table.setFocus()
    panel.table.setCurrentIndex(_index(panel, OFFICE))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert panel.model.data(_index(panel, OFFICE)) == "Văn phòng – thống kê (kiêm văn thư)"
    assert panel.model.data(_index(panel, OFFICE), Qt.ItemDataRole.FontRole).bold()
    assert panel.changes()[0].text == (
        "«Văn phòng – thống kê»: đổi tên thành «Văn phòng – thống kê (kiêm văn thư)»"
    )

    # Setting a requirement back to what is saved leaves nothing to save for that cell.
    _set_level(monkeypatch, "thac_si")
    panel.edit_cell(_index(panel, OFFICE, "professional"))
    assert len(panel.changes()) == 2
    _set_level(monkeypatch, "dai_hoc")
    panel.edit_cell(_index(panel, OFFICE, "professional"))
    assert len(panel.changes()) == 1
    assert panel.changes_label.text() == "Có 1 thay đổi chưa lưu"
