"""«Nhắc việc»: at start-up, the tasks overdue or due within N days; can be snoozed for the day."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.tasks import DerivedState
from cchc_desktop.core.text import format_date
from cchc_desktop.store.database import Store
from cchc_desktop.store.overview_repo import Overview, overview
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.ui.toolkit.settings import UiSettings


def due_text(days_late: int) -> str:
    """How a task stands against its deadline: «quá hạn 3 ngày», «đến hạn hôm nay», «còn 2 ngày»."""
    if days_late > 0:
        return f"quá hạn {days_late} ngày"
    if days_late == 0:
        return "đến hạn hôm nay"
    return f"còn {-days_late} ngày"


class ReminderDialog(QDialog):
    """Not modal: the officer can work in the window behind it."""

    show_list_requested = Signal(object)  # the DerivedState to list

    def __init__(self, data: Overview, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self._settings = settings
        self._today = data.today
        self._state = DerivedState.OVERDUE if data.overdue else DerivedState.DUE_SOON
        self.setWindowTitle("Nhắc việc")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        parts = []
        if data.overdue:
            parts.append(f"<b>{data.overdue}</b> nhiệm vụ quá hạn chưa hoàn thành")
        if data.due_soon:
            parts.append(
                f"<b>{data.due_soon}</b> nhiệm vụ đến hạn trong {data.due_soon_days} ngày tới"
            )
        self.summary = QLabel("Hôm nay " + format_date(data.today) + ": " + "; ".join(parts) + ".")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        items = []
        for task in data.urgent:
            when = due_text(task.days_late)
            items.append(
                f"<li>{html.escape(task.content)} — hạn {format_date(task.deadline)} ({when})</li>"
            )
        self.tasks_label = QLabel(f"<ul style='margin-left:-20px'>{''.join(items)}</ul>")
        self.tasks_label.setWordWrap(True)
        layout.addWidget(self.tasks_label)
        self.snooze = QCheckBox("Không nhắc lại hôm nay")
        layout.addWidget(self.snooze)
        buttons = QDialogButtonBox()
        self.list_button = QPushButton("Xem danh sách")
        self.later_button = QPushButton("Nhắc lại sau")
        buttons.addButton(self.list_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.list_button.setDefault(True)
        self.list_button.clicked.connect(self._show_list)
        self.later_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _remember_snooze(self) -> None:
        if self.snooze.isChecked():
            self._settings.reminder_snoozed_on = self._today

    def _show_list(self) -> None:
        self._remember_snooze()
        self.show_list_requested.emit(self._state)
        self.accept()

    def reject(self) -> None:
        self._remember_snooze()
        super().reject()


def start_up_reminder(
    window: QWidget,
    store: Store,
    settings: UiSettings,
    today: date,
    show_tasks: Callable[[DerivedState], object],
) -> ReminderDialog | None:
    """Show the reminder over ``window`` when there is something to remind of, the store has
    a profile and the officer did not snooze it today; «Xem danh sách» calls ``show_tasks``."""
    if settings.reminder_snoozed_on == today or load_profile(store) is None:
        return None
    data = overview(store, today)
    if not data.needs_reminder:
        return None
    dialog = ReminderDialog(data, settings, window)
    dialog.show_list_requested.connect(show_tasks)
    dialog.show()
    return dialog
