"""A page's toolbar action: its text, what it does, its key and the tip that names the key."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from cchc_desktop.ui.toolkit.widgets import Shortcut


def page_action(
    page: QWidget,
    text: str,
    slot: Callable[[], object],
    shortcut: Shortcut | None = None,
    tip: str = "",
) -> QAction:
    """An action added to ``page``; its tip (the text when none is given) ends with the key."""
    action = QAction(text, page)
    tip = tip or text
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        # The whole window: Ctrl+N works right after a click in the sidebar too. Only the
        # page on screen is visible, so another page's same key never competes.
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        tip += f" ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
    action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    page.addAction(action)
    return action
