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
from cchc_desktop.ui.backup.package_dialogs import password_rows
from cchc_desktop.ui.toolkit.dialogs import default_accept_buttons, headed_layout
from cchc_desktop.ui.toolkit.widgets import NoticeLabel, mark_invalid

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
        self.password, self.password_error, self.repeat, self.repeat_error = password_rows(grid, 0)
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
        for edit, label in ((self.password, self.password_error), (self.repeat, self.repeat_error)):
            label.show_error("")
            mark_invalid(edit, False)

    def errors(self) -> dict[str, str]:
        """The mistakes, by field: ``password``, ``repeat``; none when both are empty."""
        password, repeat = self.password.text(), self.repeat.text()
        if not password:
            if repeat:
                return {"password": "Nhập mật khẩu ở ô trên, hoặc xóa ô nhập lại."}
            return {}
        if len(password) < MIN_PASSWORD_LENGTH:
            return {"password": f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự."}
        if repeat != password:
            return {"repeat": "Hai lần nhập mật khẩu không giống nhau."}
        return {}

    def accept(self) -> None:
        found = self.errors()
        for name, edit, label in (
            ("password", self.password, self.password_error),
            ("repeat", self.repeat, self.repeat_error),
        ):
            label.show_error(found.get(name, ""))
            mark_invalid(edit, name in found)
        if "password" in found:
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if "repeat" in found:
            self.repeat.setFocus(Qt.FocusReason.OtherFocusReason)
            self.repeat.selectAll()
            return
        self.chosen_password = self.password.text() or None
        super().accept()
