"""«Sao lưu ra USB…»: a password for the copy that leaves the PC, or a plain warning without."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QWidget,
)

from cchc_desktop.crypto import MIN_PASSWORD_LENGTH
from cchc_desktop.store.protected_backup import SUFFIX, UNPROTECTED_USB_WARNING
from cchc_desktop.ui.backup.password_fields import PasswordFields
from cchc_desktop.ui.toolkit.dialogs import default_accept_buttons, headed_layout
from cchc_desktop.ui.toolkit.widgets import NoticeLabel

PROTECTED_NOTE = (
    f"Bản sao lưu sẽ được mã hóa bằng mật khẩu này (AES-256, tệp {SUFFIX}), như gói dữ liệu. "
    "Khôi phục bằng «Khôi phục từ tệp khác…»: chương trình sẽ hỏi mật khẩu."
)


class UsbBackupDialog(QDialog):
    """Asks for the password of a backup written outside the backup folder (may be empty)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Sao lưu ra USB")
        self.chosen_password: str | None = None
        layout = headed_layout(
            self,
            "Sao lưu ra USB hoặc thư mục khác",
            "Bản sao lưu mang toàn bộ dữ liệu ra khỏi máy, gồm cả dữ liệu cá nhân của cán bộ "
            "(ngày sinh, giới tính, dân tộc — Nghị định 13/2023/NĐ-CP). Nên đặt mật khẩu.",
        )

        secret = QGroupBox("Mật khẩu của bản sao lưu")
        grid = QGridLayout(secret)
        self.passwords = PasswordFields(grid, 0)
        self.password, self.repeat = self.passwords.password, self.passwords.repeat
        self.password_error = self.passwords.password_error
        self.repeat_error = self.passwords.repeat_error
        self.password.setPlaceholderText(
            f"ít nhất {MIN_PASSWORD_LENGTH} ký tự; để trống: không đặt mật khẩu"
        )
        note = QLabel(
            "Quên mật khẩu thì không khôi phục được bản sao lưu này: ghi nhớ ở nơi an toàn, "
            "không ghi kèm USB."
        )
        note.setWordWrap(True)
        note.setStyleSheet("QLabel { color:#555; }")
        grid.addWidget(note, 4, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        layout.addWidget(secret)

        self.unprotected_warning = NoticeLabel(
            f"{UNPROTECTED_USB_WARNING} Hãy đặt mật khẩu, hoặc giữ USB thật cẩn thận.", "warning"
        )
        self.protected_note = NoticeLabel(PROTECTED_NOTE, "info")
        layout.addWidget(self.unprotected_warning)
        layout.addWidget(self.protected_note)

        layout.addStretch(1)
        self.buttons, self.ok_button, self.cancel_button = default_accept_buttons(
            self, "Chọn nơi lưu và sao lưu…"
        )
        layout.addWidget(self.buttons)

        for edit in (self.password, self.repeat):
            edit.textChanged.connect(self._changed)
        self._changed()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(600, self.sizeHint().height())

    @property
    def protected(self) -> bool:
        return bool(self.password.text())

    def _changed(self) -> None:
        self.unprotected_warning.setVisible(not self.protected)
        self.protected_note.setVisible(self.protected)
        self.passwords.clear_errors()

    def errors(self) -> dict[str, str]:
        """The mistakes, by field: ``password``, ``repeat``; none when both are empty."""
        typed_again = bool(self.repeat.text())
        return self.passwords.errors(
            "Nhập mật khẩu ở ô trên, hoặc xóa ô nhập lại." if typed_again else None
        )

    def accept(self) -> None:
        if self.passwords.show_errors(self.errors()):
            return
        self.chosen_password = self.password.text() or None
        super().accept()
