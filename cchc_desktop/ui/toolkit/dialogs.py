"""The frames most dialogs share: a form above OK and Cancel, a heading above a paragraph, a
named accept button that is the default."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from cchc_desktop.ui.toolkit.dialog_buttons import accept_cancel_buttons, ok_cancel_buttons
from cchc_desktop.ui.toolkit.widgets import HeadingLabel


def form_with_buttons(dialog: QDialog, form: QWidget) -> QVBoxLayout:
    """Lay ``dialog`` out as ``form`` above OK (accept) and Cancel (reject); the layout is
    returned for what a dialog adds below."""
    layout = QVBoxLayout(dialog)
    layout.addWidget(form)
    layout.addWidget(ok_cancel_buttons(dialog))
    return layout


def headed_layout(dialog: QDialog, heading: str, intro: str, scale: float = 1.2) -> QVBoxLayout:
    """Lay ``dialog`` out from a heading and a paragraph that wraps; the rest follows them."""
    layout = QVBoxLayout(dialog)
    layout.addWidget(HeadingLabel(heading, scale))
    paragraph = QLabel(intro)
    paragraph.setWordWrap(True)
    layout.addWidget(paragraph)
    return layout


def default_accept_buttons(
    dialog: QDialog, accept_text: str, *, accept_is_default: bool = True
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """``accept_cancel_buttons`` whose accept button is the default (Enter), or «Hủy» when
    not ``accept_is_default`` (a step Enter should not take by accident); returned as the
    box, the accept button and «Hủy»."""
    buttons = accept_cancel_buttons(dialog, accept_text)
    accept, cancel = (_button(buttons, role) for role in (_ACCEPT, _REJECT))
    accept.setDefault(accept_is_default)
    cancel.setDefault(not accept_is_default)
    return buttons, accept, cancel


_ACCEPT = QDialogButtonBox.ButtonRole.AcceptRole
_REJECT = QDialogButtonBox.ButtonRole.RejectRole


def _button(buttons: QDialogButtonBox, role: QDialogButtonBox.ButtonRole) -> QPushButton:
    found = next(b for b in buttons.buttons() if buttons.buttonRole(b) == role)
    if not isinstance(found, QPushButton):
        raise TypeError("a dialog button box holds push buttons")
    return found
