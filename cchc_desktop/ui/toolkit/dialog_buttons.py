"""The «Lưu / Hủy» row at the foot of an editing dialog."""

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
