"""Forms whose mistakes are shown under the field at fault, and a date field.

Every editor of the program is a :class:`FieldForm`: fields in one column,
section headings between them, and under each field a message that appears
when a rule says the field is wrong and disappears as soon as it is edited.
"""

from __future__ import annotations

import datetime
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from cchc_desktop.core.clock import system_clock
from cchc_desktop.core.text import format_date, parse_date
from cchc_desktop.ui.toolkit.ask import ask_yes_no
from cchc_desktop.ui.toolkit.widgets import FieldErrorLabel, HeadingLabel, mark_invalid


def text_box(lines: int) -> QPlainTextEdit:
    """A few lines of text that Tab leaves (it does not type a tab)."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class DateField(QWidget):
    """A date typed as dd/mm/yyyy (or picked from a calendar); may be empty.

    Typing is the quick way for an officer copying from paper; the calendar is
    there for the rest. An unreadable text is reported by :meth:`date`.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("ngày/tháng/năm")
        self.edit.setMaxLength(10)
        self.button = QToolButton()
        self.button.setText("Lịch")
        self.button.setToolTip("Chọn ngày trên lịch")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        menu = QMenu(self.button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._prepare_calendar)
        self.button.setMenu(menu)
        self.calendar.clicked.connect(self._picked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(lambda _text: self.changed.emit())

    def _prepare_calendar(self) -> None:
        try:
            current = self.date() or system_clock()
        except ValueError:
            current = system_clock()
        self.calendar.setSelectedDate(QDate(current.year, current.month, current.day))

    def _picked(self, picked: QDate) -> None:
        self.set_date(date(picked.year(), picked.month(), picked.day()))
        self.button.menu().hide()
        self.changed.emit()

    def date(self) -> datetime.date | None:
        """The date, None when empty; ValueError (Vietnamese) when it cannot be read."""
        return parse_date(self.edit.text())

    def set_date(self, value: datetime.date | None) -> None:
        self.edit.setText(format_date(value) if value else "")


UNSAVED_PREFIX = "Chưa lưu: còn "


def unsaved_text(count: int) -> str:
    """The banner of a form that was refused: how many fields still need fixing."""
    return f"{UNSAVED_PREFIX}{count} mục cần sửa (ghi chú màu đỏ dưới từng mục)."


class FieldForm(QWidget):
    """Fields in one column, each with the message of its mistake under it."""

    changed = Signal()
    # how many fields show a mistake, whenever that changes (a fix clears its own)
    errors_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editors: dict[str, QWidget] = {}
        self._errors: dict[str, FieldErrorLabel] = {}
        self._captions: dict[str, QLabel] = {}

    def add_note(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        self.layout_.addRow(label)
        return label

    def add_hint(self, text: str) -> QLabel:
        hint = QLabel(text)
        hint.setWordWrap(True)
        hint.setStyleSheet("QLabel { color:#555; }")
        self.layout_.addRow("", hint)
        return hint

    def add_section(self, title: str) -> None:
        heading = HeadingLabel(title, 1.1)
        heading.setContentsMargins(0, 10, 0, 2)
        self.layout_.addRow(heading)

    def add_field(self, name: str, label: str, editor: QWidget) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(editor)
        error = FieldErrorLabel()
        column.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(editor)
        self.layout_.addRow(caption, holder)
        self.editors[name] = editor
        self._errors[name] = error
        self._captions[name] = caption
        self._watch(name, editor)
        return editor

    def caption(self, name: str) -> QLabel:
        """The label in front of a field (to rename it or let it wrap)."""
        return self._captions[name]

    def set_row_visible(self, name: str, visible: bool) -> None:
        row = self.editors[name].parentWidget()
        assert row is not None  # each editor sits in its row's widget
        self.layout_.setRowVisible(row, visible)

    def _watch(self, name: str, editor: QWidget) -> None:
        def edited(*_: object) -> None:
            self.set_error(name, "")
            self.changed.emit()

        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(edited)
            # a text put in by a completer or a pick list fixes the mistake too
            editor.textChanged.connect(lambda _text: self.set_error(name, ""))
        elif isinstance(editor, QPlainTextEdit):
            editor.textChanged.connect(edited)
        elif isinstance(editor, QComboBox):
            editor.currentTextChanged.connect(edited)
        elif isinstance(editor, QAbstractSpinBox):
            editor.editingFinished.connect(edited)
            if hasattr(editor, "valueChanged"):
                editor.valueChanged.connect(edited)
        elif isinstance(editor, QCheckBox):
            editor.toggled.connect(edited)
        elif isinstance(editor, DateField):
            editor.changed.connect(edited)

    def set_error(self, name: str, message: str) -> None:
        before = self.error_count()
        self._errors[name].show_error(message)
        editor = self.editors[name]
        mark_invalid(editor.edit if isinstance(editor, DateField) else editor, bool(message))
        if self.error_count() != before:
            self.errors_changed.emit(self.error_count())

    def error_count(self) -> int:
        return sum(1 for label in self._errors.values() if label.text())

    def follow_with(self, notice: QLabel) -> None:
        """Keep a refused form's banner true: the count goes down as mistakes are fixed, and
        the banner goes when none is left (other messages there are left alone)."""

        def update(count: int) -> None:
            if not notice.text().startswith(UNSAVED_PREFIX):
                return
            if count:
                notice.setText(unsaved_text(count))
            else:
                notice.setText("")
                notice.hide()

        self.errors_changed.connect(update)

    def show_errors(self, errors: dict[str, str], *, focus: bool = True) -> None:
        """Each message under its field; with ``focus`` the cursor goes to the first at fault.

        Without it (messages shown while the officer types), the cursor stays put.
        """
        for name in self.editors:
            self.set_error(name, errors.get(name, ""))
        if not focus:
            return
        for name, editor in self.editors.items():
            if name in errors:
                editor.setFocus(Qt.FocusReason.OtherFocusReason)
                break

    def error_text(self, name: str) -> str:
        label = self._errors[name]
        return label.text() if label.isVisibleTo(self) else ""

    def read_dates(self, names: list[str]) -> tuple[dict[str, date | None], dict[str, str]]:
        """The dates of some DateFields, and the messages of those that cannot be read."""
        values: dict[str, date | None] = {}
        errors: dict[str, str] = {}
        for name in names:
            editor = self.editors[name]
            assert isinstance(editor, DateField)
            try:
                values[name] = editor.date()
            except ValueError as exc:
                errors[name] = str(exc)
                values[name] = None
        return values, errors


class GuardedDialog(QDialog):
    """A dialog that asks before Escape or «Hủy» throws away what was typed."""

    def has_unsaved_changes(self) -> bool:
        return False

    def confirm_discard(self) -> bool:
        """Asked when the dialog would close with typed, unsaved information."""
        return ask_yes_no(
            self,
            self.windowTitle(),
            "Các thông tin vừa nhập chưa được lưu. Đóng cửa sổ này và bỏ các thông tin đó?",
        )

    def reject(self) -> None:
        if self.has_unsaved_changes() and not self.confirm_discard():
            return
        super().reject()
