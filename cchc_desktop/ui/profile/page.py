"""Thông tin đơn vị: the commune profile, editable at any time."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from cchc_desktop.context import AppContext
from cchc_desktop.core.changes import Changes
from cchc_desktop.core.profile import CommuneProfile
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.store.profile_repo import PROFILE_LEADER_ONLY, load_profile, save_profile
from cchc_desktop.ui.profile.form import ProfileForm
from cchc_desktop.ui.toolkit.forms import unsaved_text
from cchc_desktop.ui.toolkit.operations import announce, subscribe
from cchc_desktop.ui.toolkit.widgets import HeadingLabel, NoticeLabel, scroll_area


class ProfilePage(QWidget):
    title = "Thông tin đơn vị"
    profile_saved = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store = context.store
        self._today = today = context.today
        self._stored: CommuneProfile | None = load_profile(store)
        subscribe(self, store, lambda changes: self.reload() if changes.profile else None)
        self._editable = True

        layout = QVBoxLayout(self)
        layout.addWidget(HeadingLabel(self.title))
        self.notice = NoticeLabel("", "info")
        layout.addWidget(self.notice)

        self.form = ProfileForm(today())
        self.form.follow_with(self.notice)
        layout.addWidget(scroll_area(self.form), 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.revert_button = QPushButton("Hoàn tác thay đổi")
        self.revert_button.setToolTip("Trả lại thông tin đã lưu lần trước")
        self.save_button = QPushButton("Lưu thông tin đơn vị")
        self.save_button.setToolTip("Lưu (Ctrl+S)")
        self.save_button.setDefault(True)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.form.changed.connect(self._update_state)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.revert()

    def set_editable(self, editable: bool) -> None:
        """Only a leader changes the commune profile when sign-in is on."""
        if editable == self._editable:
            return
        self._editable = editable
        if not editable:
            self.revert()  # nothing half-typed stays behind for someone else
        self.form.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.save_button.setToolTip("Lưu (Ctrl+S)" if editable else PROFILE_LEADER_ONLY)
        self._update_state()

    def has_unsaved_changes(self) -> bool:
        return self.form.differs_from(self._stored)

    def _update_state(self) -> None:
        dirty = self.has_unsaved_changes()
        self.revert_button.setEnabled(dirty)
        if self._editable and self.form.error_count():
            # a refused save: the banner counts the mistakes left (the form keeps it true)
            self.notice.say(unsaved_text(self.form.error_count()), "error")
        elif self._stored is None:
            self.notice.say(
                "Chưa khai báo thông tin đơn vị. Hãy điền các mục dưới đây rồi bấm "
                "«Lưu thông tin đơn vị».",
                "warning",
            )
        elif not self._editable:
            self.notice.say(PROFILE_LEADER_ONLY, "info")
        elif dirty:
            self.notice.say("Có thay đổi chưa lưu.", "warning")
        else:
            self.notice.hide()

    def revert(self) -> None:
        self.form.set_profile(self._stored)
        self._update_state()

    def save(self) -> bool:
        if not self._editable:
            self.notice.say(PROFILE_LEADER_ONLY, "error")
            return False
        try:
            saved = save_profile(self._store, self.form.profile(), self._today())
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            self.notice.say(unsaved_text(self.form.error_count() or len(exc.errors)), "error")
            return False
        except StoreError as exc:
            self.notice.say(exc.message, "error")
            return False
        self._stored = saved
        self.form.set_profile(saved)
        self._update_state()
        self.notice.say("Đã lưu thông tin đơn vị.", "info")
        self.profile_saved.emit(saved)
        announce(self._store, Changes(profile=True), self)
        return True

    def reload(self) -> None:
        """Show what the store holds (after another screen saved the profile)."""
        self._stored = load_profile(self._store)
        self.revert()
