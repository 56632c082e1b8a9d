"""Small widgets shared by the screens."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, TypeAlias, TypeVar

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFrame,
    QLabel,
    QScrollArea,
    QWidget,
)

E = TypeVar("E", bound=enum.Enum)

# What QAction.setShortcut takes: a key sequence, a standard key or its text ("Ctrl+E").
Shortcut: TypeAlias = "QKeySequence | QKeySequence.StandardKey | str"

_NOTICE_STYLES = {
    "info": "background:#e8f1fb; border:1px solid #9bbbe0; color:#10375c;",
    "warning": "background:#fff4d6; border:1px solid #e0b84f; color:#5c4300;",
    "error": "background:#fdeaea; border:1px solid #d98b8b; color:#6b1212;",
    "success": "background:#e3f4e1; border:1px solid #8cc48a; color:#1d4d1b;",
}


def scroll_area(content: QWidget, *, framed: bool = True) -> QScrollArea:
    """``content`` in a scroll area that Tab passes through (large text, small screens)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if not framed:
        scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll


class HeadingLabel(QLabel):
    """A title whose size follows the interface text size (Ctrl + / Ctrl −)."""

    def __init__(self, text: str, scale: float = 1.5, parent: QWidget | None = None):
        super().__init__(text, parent)
        self._scale = scale
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._apply()

    def _apply(self) -> None:
        font = QFont(QApplication.font())
        font.setPointSizeF(font.pointSizeF() * self._scale)
        font.setBold(True)
        self.setFont(font)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationFontChange:
            self._apply()
        return super().event(event)


class NoticeLabel(QLabel):
    """A framed message across a screen: information, warning or error."""

    def __init__(self, text: str = "", kind: str = "info", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.set_kind(kind)

    def set_kind(self, kind: str) -> None:
        self.setStyleSheet(f"QLabel {{ {_NOTICE_STYLES[kind]} padding:8px; border-radius:4px; }}")

    def say(self, text: str, kind: str = "info") -> None:
        """Show this message, of this kind."""
        self.setText(text)
        self.set_kind(kind)
        self.show()


ERROR_STYLE = "color: #b00020;"  # a refusal's text in a dialog


class FieldErrorLabel(QLabel):
    """The message under a form field; hidden while the field is fine."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("QLabel { color:#b00020; }")
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


_INVALID_STYLE = "border: 2px solid #b00020; border-radius: 3px;"


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Red frame on a field with a mistake.

    Styled per widget: an application-wide style sheet would slow the
    polishing of every widget in the program.
    """
    widget.setProperty("invalid", invalid)
    widget.setStyleSheet(_INVALID_STYLE if invalid else "")


NAVIGATION_STYLE_SHEET = """
QListWidget { border: none; background: #f1f4f8; }
QListWidget::item { padding-left: 10px; }
QListWidget::item:selected { background: #1f5fa8; color: white; }
"""


def fill_enum_combo(
    combo: QComboBox, members: Iterable[enum.Enum], any_label: str | None = None
) -> None:
    """Items for enum members, showing their ``label``.

    The members' values are stored, not the members: PySide gives a ``StrEnum``
    back as a plain ``str``; :func:`enum_of` turns it back.
    """
    if any_label is not None:
        combo.addItem(any_label, None)
    for member in members:
        combo.addItem(member.label, member.value)  # type: ignore[attr-defined]


def enum_of(combo: QComboBox, enum_type: type[E]) -> E | None:
    data = combo.currentData()
    return enum_type(data) if data is not None else None


def select_enum(combo: QComboBox, member: enum.Enum | None) -> None:
    combo.setCurrentIndex(max(combo.findData(member.value if member is not None else None), 0))


def editable_combo(items: list[str]) -> QComboBox:
    """A list to pick from that also takes a new text; suggestions match anywhere, any case."""
    from PySide6.QtWidgets import QCompleter

    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(items)
    combo.setCurrentIndex(-1)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return combo


NO_FIELD_LABEL = "(Chưa xác định)"


def field_combo(fields: Iterable[Any]) -> QComboBox:
    """The reform fields (``code``, ``name``) to choose from, after «(Chưa xác định)» = None."""
    combo = QComboBox()
    combo.addItem(NO_FIELD_LABEL, None)
    for reform_field in fields:
        combo.addItem(reform_field.name, reform_field.code)
    return combo


def fit_on_screen(dialog: QDialog, width: int, height: int) -> None:
    """The wanted size, or less on a small screen (the content scrolls then)."""
    screen = dialog.screen() or QApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, int(available.width() * 0.95))
        height = min(height, int(available.height() * 0.9))
    dialog.resize(width, height)
