"""The frames most dialogs share: a form above OK and Cancel, a heading above a paragraph."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from cchc_desktop.ui.toolkit.widgets import HeadingLabel


def form_with_buttons(dialog: QDialog, form: QWidget) -> QVBoxLayout:
    """Lay ``dialog`` out as ``form`` above OK (accept) and Cancel (reject); the layout is
    returned for what a dialog adds below."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(form)
    layout.addWidget(buttons)
    return layout


def headed_layout(dialog: QDialog, heading: str, intro: str, scale: float = 1.2) -> QVBoxLayout:
    """Lay ``dialog`` out from a heading and a paragraph that wraps; the rest follows them."""
    layout = QVBoxLayout(dialog)
    layout.addWidget(HeadingLabel(heading, scale))
    paragraph = QLabel(intro)
    paragraph.setWordWrap(True)
    layout.addWidget(paragraph)
    return layout


def accept_cancel_buttons(
    dialog: QDialog, accept_text: str
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """A named accept button (the default) and «Hủy», wired to ``dialog``; returned as the
    box, the accept button and the cancel button."""
    buttons = QDialogButtonBox()
    ok_button = buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok_button.setDefault(True)
    cancel_button = buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok_button, cancel_button
