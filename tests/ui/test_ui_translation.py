"""Qt's own texts (context menus, standard buttons, dialogs) appear in Vietnamese."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox, QProgressDialog


def _texts(menu) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]


def test_text_field_context_menu_is_vietnamese(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    field = QLineEdit()
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    assert _texts(menu) == [
        "&Hoàn tác",
        "&Làm lại",
        "&Cắt",
        "&Sao chép",
        "&Dán",
        "Xóa",
        "Chọn tất cả",
    ]


def test_standard_buttons_and_dialogs_are_vietnamese(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Yes
        | QDialogButtonBox.StandardButton.No
    )
    qtbot.addWidget(buttons)
    assert sorted(b.text() for b in buttons.buttons()) == sorted(["Đồng ý", "Hủy", "&Có", "&Không"])
    progress = QProgressDialog()
    qtbot.addWidget(progress)
    assert progress.findChild(type(buttons.buttons()[0])).text() == "Hủy"
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setDetailedText("chi tiết")
    box.show()
    assert "Xem chi tiết..." in [b.text() for b in box.buttons()]
