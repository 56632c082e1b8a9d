"""A new password and its repetition, for a package and for a backup alike.

The fields sit in a grid, each with the note of its mistake under it; the length rule is
the one the files are written with (:func:`cchc_desktop.crypto.short_password_text`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit

from cchc_desktop.crypto import short_password_text
from cchc_desktop.ui.toolkit.widgets import FieldErrorLabel, mark_invalid

MISMATCH_TEXT = "Hai lần nhập mật khẩu không giống nhau."


class PasswordFields:
    """«Mật khẩu» and «Nhập lại mật khẩu», from ``row`` of ``grid`` on (four rows)."""

    def __init__(self, grid: QGridLayout, row: int) -> None:
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Mật khẩu")
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName("Nhập lại mật khẩu")
        self.password_error, self.repeat_error = FieldErrorLabel(), FieldErrorLabel()
        for offset, (text, edit, error) in enumerate(
            (
                ("Mật khẩu:", self.password, self.password_error),
                ("Nhập lại mật khẩu:", self.repeat, self.repeat_error),
            )
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            grid.addWidget(label, row + 2 * offset, 0)
            grid.addWidget(edit, row + 2 * offset, 1)
            grid.addWidget(error, row + 2 * offset + 1, 1)

    def _pairs(self) -> tuple[tuple[str, QLineEdit, FieldErrorLabel], ...]:
        return (
            ("password", self.password, self.password_error),
            ("repeat", self.repeat, self.repeat_error),
        )

    def errors(self, when_empty: str | None) -> dict[str, str]:
        """The mistakes, by field: ``password``, ``repeat``. No password typed is the mistake
        ``when_empty`` says, or no mistake when it is None."""
        password = self.password.text()
        if not password:
            return {"password": when_empty} if when_empty else {}
        if problem := short_password_text(password):
            return {"password": problem}
        if self.repeat.text() != password:
            return {"repeat": MISMATCH_TEXT}
        return {}

    def show_errors(self, found: dict[str, str]) -> bool:
        """Each field's note from ``found``; the cursor goes to the first field at fault.
        True when one of the two is."""
        for name, edit, label in self._pairs():
            label.show_error(found.get(name, ""))
            mark_invalid(edit, name in found)
        if "password" in found:
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if "repeat" in found:
            self.repeat.setFocus(Qt.FocusReason.OtherFocusReason)
            self.repeat.selectAll()
            return True
        return False

    def clear_errors(self) -> None:
        self.show_errors({})
