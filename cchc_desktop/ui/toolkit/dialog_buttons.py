"""The row of buttons at the foot of a dialog: «Lưu» (or what the dialog does) and «Hủy»."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox


def save_cancel_buttons(
    dialog: QDialog, save: Callable[[], object], save_text: str = "Lưu"
) -> QDialogButtonBox:
    """Save runs ``save`` (which accepts the dialog when it succeeds); cancel rejects it."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Save).setText(save_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons


def accept_cancel_buttons(
    dialog: QDialog, accept_text: str, accept: Callable[[], object] | None = None
) -> QDialogButtonBox:
    """A button named for what it does (``accept``, else the dialog's own accept) and «Hủy»."""
    buttons = QDialogButtonBox()
    buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(accept if accept is not None else dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def ok_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """The standard «OK» (the dialog's accept) and «Cancel» (its reject)."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
