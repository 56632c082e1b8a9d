"""Locking and unlocking the year's sheet: who does it (and why, for an unlock), and when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.ui.toolkit.dialog_buttons import ok_cancel_buttons
from cchc_desktop.ui.toolkit.errors import show_user_error
from cchc_desktop.ui.toolkit.forms import FieldForm, GuardedDialog, text_box


def local_time(stamp: str | None) -> str:
    """``2026-11-22T03:04:05.678Z`` → ``22/11/2026 10:04`` in the PC's time zone."""
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    return moment.strftime("%d/%m/%Y %H:%M")


class PersonDialog(GuardedDialog):
    """Who locks or unlocks the sheet (and why, for an unlock)."""

    def __init__(self, title: str, who: str, with_reason: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = FieldForm()
        self.who = QLineEdit(who)
        self.reason = text_box(3)
        self.form.add_field("who", "Người thực hiện", self.who)
        if with_reason:
            self.form.add_field("reason", "Lý do mở khóa", self.reason)
            self.form.add_hint("Việc mở khóa được ghi lại cùng người thực hiện và thời điểm.")
        box = ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(box)
        self.action: Callable[[str, str], None] | None = None
        self.resize(480, 200)

    def accept(self) -> None:
        if self.action is not None:
            try:
                self.action(self.who.text(), self.reason.toPlainText())
            except ValidationError as exc:
                self.form.show_errors(exc.errors)
                return
            except StoreError as exc:
                show_user_error(self, "Không lưu được", exc)
                return
        super().accept()
