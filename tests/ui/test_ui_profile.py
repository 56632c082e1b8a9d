"""Entering the commune profile with the keyboard, mistakes shown at their fields."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cchc_desktop.context import AppContext
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.ui.profile.form import vietnamese_sorted
from cchc_desktop.ui.profile.page import ProfilePage
from cchc_desktop.ui.shell.first_run import FirstRunDialog
from tests.support.profile import PROFILE
from tests.support.ui_helpers import type_text


def _page(qtbot, store) -> ProfilePage:  # type: ignore[no-untyped-def]
    page = ProfilePage(AppContext(store, None))
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitActive(page):
        page.activateWindow()
    return page


def _type_profile(qtbot, form) -> None:  # type: ignore[no-untyped-def]
    type_text(form.province.lineEdit(), "Tỉnh Gia Lai")
    type_text(form.commune_name, "Vân Canh")
    type_text(form.commune_code, "21607")
    type_text(form.superior_body.lineEdit(), "Sở Nội vụ tỉnh Gia Lai")
    type_text(form.preparer_name, "Lê Thị Hồng")
    type_text(form.signer_name, "Nguyễn Văn An")
    type_text(form.signer_title.lineEdit(), "Chủ tịch")
    form.assessment_year.setValue(2025)


def test_officer_types_the_profile_and_saves(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, store)
    assert "Chưa khai báo thông tin đơn vị" in page.notice.text()
    _type_profile(qtbot, page.form)
    assert page.has_unsaved_changes()
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert load_profile(store) == PROFILE
    assert page.notice.text() == "Đã lưu thông tin đơn vị."
    assert not page.has_unsaved_changes()


def test_mistakes_are_shown_under_their_fields(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, store)
    page.save_button.click()
    assert load_profile(store) is None
    assert page.notice.text().startswith("Chưa lưu: còn 7 mục cần sửa")
    assert page.form.error_text("province") == "Chưa nhập tỉnh, thành phố."
    assert page.form.error_text("commune_code").startswith("Mã đơn vị hành chính gồm đúng 5")
    assert page.form.error_text("place_name") == ""
    assert page.form.province.property("invalid") is True
    assert QApplication.focusWidget() in (page.form.province, page.form.province.lineEdit())
    # typing into a field clears its message, and the banner counts down with it
    qtbot.keyClicks(page.form.commune_code, "2")
    assert page.form.error_text("commune_code") == ""
    assert page.form.commune_code.property("invalid") is False
    assert page.notice.text().startswith("Chưa lưu: còn 6 mục cần sửa")


def test_code_field_takes_only_five_digits(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, store)
    type_text(page.form.commune_code, "2a1-6 0x7999đ")
    assert page.form.commune_code.text() == "21607"


def test_decomposed_input_is_saved_composed(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, store)
    _type_profile(qtbot, page.form)
    page.form.preparer_name.clear()
    type_text(page.form.preparer_name, unicodedata.normalize("NFD", "Lê Thị Hồng"))
    assert not unicodedata.is_normalized("NFC", page.form.preparer_name.text())
    assert page.save()
    saved = load_profile(store).preparer_name
    assert saved == "Lê Thị Hồng" and unicodedata.is_normalized("NFC", saved)


def test_revert_brings_back_what_was_saved(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, store)
    _type_profile(qtbot, page.form)
    assert page.save()
    page.form.signer_name.clear()
    type_text(page.form.signer_name, "Ai đó")
    assert page.notice.text() == "Có thay đổi chưa lưu."
    assert page.revert_button.isEnabled()
    page.revert_button.click()
    assert page.form.signer_name.text() == "Nguyễn Văn An"
    assert not page.has_unsaved_changes()


def test_superior_suggestions_follow_the_chosen_province(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, store)
    type_text(page.form.province.lineEdit(), "Thành phố Huế")
    items = [page.form.superior_body.itemText(i) for i in range(page.form.superior_body.count())]
    assert items == ["Sở Nội vụ thành phố Huế", "Ủy ban nhân dân thành phố Huế"]
    assert page.form.superior_body.currentText() == ""  # a suggestion, never filled in silently


def test_tab_moves_through_the_fields_in_order(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, store)
    form = page.form
    form.province.setFocus()
    order = []
    for _ in range(5):
        focused = QApplication.focusWidget()
        assert focused is not None
        order.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    owners = [w.parent() if w is form.province.lineEdit() else w for w in order]
    assert owners == [
        form.province,
        form.unit_kind,
        form.commune_name,
        form.commune_code,
        form.place_name,
    ]


def test_provinces_are_in_vietnamese_alphabetical_order() -> None:
    names = ["Tỉnh Đắk Lắk", "Tỉnh Điện Biên", "Tỉnh Cà Mau", "Tỉnh Đồng Nai", "Tỉnh Tây Ninh"]
    assert vietnamese_sorted(names) == [
        "Tỉnh Cà Mau",
        "Tỉnh Đắk Lắk",
        "Tỉnh Điện Biên",
        "Tỉnh Đồng Nai",
        "Tỉnh Tây Ninh",
    ]
    assert vietnamese_sorted(["ôm", "om", "ơn", "ốm", "Ân", "an", "ăn"]) == [
        "an",
        "ăn",
        "Ân",
        "om",
        "ôm",
        "ốm",
        "ơn",
    ]


def test_first_run_dialog_insists_on_a_valid_profile(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.notice.text().startswith("Chưa lưu: còn 7 mục cần sửa")
    _type_profile(qtbot, dialog.form)
    with qtbot.waitSignal(dialog.accepted):
        dialog.save_button.click()
    assert dialog.saved_profile == PROFILE == load_profile(store)


def test_first_run_can_be_postponed(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.rejected):
        dialog.later_button.click()
    assert load_profile(store) is None


def test_escape_does_not_silently_drop_typed_information(
    qtbot, store, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitActive(dialog):  # key presses go to the active window
        dialog.activateWindow()
    type_text(dialog.form.commune_name, "Vân Canh")
    answers = iter([False, True])
    monkeypatch.setattr(dialog, "confirm_discard", lambda: next(answers))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert dialog.form.commune_name.text() == "Vân Canh"
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_first_run_starts_with_the_cursor_in_the_first_field(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    assert QApplication.focusWidget() in (dialog.form.province, dialog.form.province.lineEdit())
    type_text(QApplication.focusWidget(), "Tỉnh Gia Lai")
    assert dialog.form.province.currentText() == "Tỉnh Gia Lai"


def test_full_disk_message_appears_at_the_save(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    from tests.store.test_store_open import _fill_the_disk

    page = _page(qtbot, store)
    _type_profile(qtbot, page.form)
    page.form.preparer_title.setText("x" * 20000)
    _fill_the_disk(store)
    assert not page.save()
    assert "ổ đĩa đã đầy" in page.notice.text()
    assert load_profile(store) is None
    assert page.has_unsaved_changes()  # what was typed is still in the form
