"""First run: ask for the commune profile before anything else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from cchc_desktop import APP_NAME
from cchc_desktop.core.clock import Clock, system_clock
from cchc_desktop.core.profile import CommuneProfile
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.store.database import Store
from cchc_desktop.store.profile_repo import save_profile
from cchc_desktop.ui.profile.form import ProfileForm
from cchc_desktop.ui.toolkit.dialogs import headed_layout
from cchc_desktop.ui.toolkit.forms import GuardedDialog, unsaved_text
from cchc_desktop.ui.toolkit.widgets import NoticeLabel, scroll_area

if TYPE_CHECKING:
    from cchc_desktop.ui.backup.packages import PackagesTab

# The result of the dialog when the officer imports a package instead (neither accepted
# nor rejected: the application's handlers of those do not run).
IMPORT_PACKAGE = 2


class FirstRunDialog(GuardedDialog):
    def __init__(self, store: Store, parent: QWidget | None = None, *, today: Clock = system_clock):
        super().__init__(parent)
        self._today = today
        self._store = store
        self.saved_profile: CommuneProfile | None = None
        self.setWindowTitle(f"Chào mừng đến với {APP_NAME}")
        layout = headed_layout(
            self,
            "Khai báo thông tin đơn vị",
            "Thông tin này dùng cho tiêu đề báo cáo, nơi nhận báo cáo và khối chữ ký. "
            "Có thể sửa lại bất cứ lúc nào trong mục «Thông tin đơn vị».",
            1.3,
        )
        self.notice = NoticeLabel("", "error")
        self.notice.hide()
        layout.addWidget(self.notice)
        self.form = ProfileForm(today())
        self.form.follow_with(self.notice)
        layout.addWidget(scroll_area(self.form), 1)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            "Lưu và bắt đầu", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.later_button = buttons.addButton("Để sau", QDialogButtonBox.ButtonRole.RejectRole)
        self.package_button = buttons.addButton(
            "Nhập từ gói dữ liệu (.cchc)…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.package_button.setToolTip(
            "Máy mới của đơn vị: lấy toàn bộ dữ liệu (cả thông tin đơn vị) từ gói dữ liệu "
            "tạo ở máy cũ, thay vì khai báo lại"
        )
        self.package_button.clicked.connect(self.import_package)
        self.package_button.setVisible(self._packages_tab() is not None)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # After the last field, Tab reaches «Lưu và bắt đầu» first, whatever order the
        # platform draws the buttons in.
        last_field = list(self.form.editors.values())[-1]
        QWidget.setTabOrder(last_field, self.save_button)
        QWidget.setTabOrder(self.save_button, self.later_button)
        QWidget.setTabOrder(self.later_button, self.package_button)
        self.resize(720, 680)
        self.form.province.setFocus(Qt.FocusReason.OtherFocusReason)

    def has_unsaved_changes(self) -> bool:
        # Escape or "Để sau" must not silently throw away what was typed.
        return self.form.differs_from(None)

    def save(self) -> None:
        try:
            self.saved_profile = save_profile(self._store, self.form.profile(), self._today())
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            self.notice.setText(unsaved_text(self.form.error_count() or len(exc.errors)))
            self.notice.show()
            return
        except StoreError as exc:
            self.notice.setText(exc.message)
            self.notice.show()
            return
        self.accept()

    def import_package(self) -> None:
        """A new PC: the commune's package brings the profile and everything else.

        The dialog closes (neither saved nor put off) and the «Gói dữ liệu (USB)» tab imports
        the package, with its preview; cancelled, the store stays empty and this dialog comes
        back at the next start.
        """
        tab = self._packages_tab()
        if tab is None:
            return
        if self.has_unsaved_changes() and not self.confirm_discard():
            return
        self.done(IMPORT_PACKAGE)
        window = self.parentWidget()
        window.show_page("backup")
        window.backup_page.tabs.setCurrentWidget(tab)
        tab.import_package()

    def _packages_tab(self) -> PackagesTab | None:
        """The «Gói dữ liệu (USB)» tab of the main window this dialog stands on, if any."""
        page = getattr(self.parentWidget(), "backup_page", None)
        return getattr(page, "packages_tab", None)
