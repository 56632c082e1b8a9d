"""«Người dùng và đăng nhập»: turn the sign-in on or off, the idle lock, the users of this PC.

Only a leader manages the users once sign-in is on; while it is off anyone may (that is how
it gets turned on: by creating the first leader).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import users_repo
from cchc_desktop.store.database import Store
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.users_repo import DATA_ENTRY, LEADER, ROLE_LABELS, User
from cchc_desktop.ui.toolkit.ask import ask_yes_no
from cchc_desktop.ui.toolkit.widgets import ERROR_STYLE, NoticeLabel

TITLE = "Người dùng và đăng nhập"


class UserFormDialog(QDialog):
    """A new user (name, role, password twice), or a new password for ``name``."""

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        name: str | None = None,
        first_leader: bool = False,
    ):
        super().__init__(parent)
        self.store = store
        self.reset_name = name
        self.first_leader = first_leader
        if name is not None:
            self.setWindowTitle("Đặt lại mật khẩu")
        elif first_leader:
            self.setWindowTitle("Bật đăng nhập: tạo tài khoản lãnh đạo")
        else:
            self.setWindowTitle("Thêm người dùng")
        layout = QVBoxLayout(self)
        if first_leader:
            intro = QLabel(
                "Để bật đăng nhập, hãy tạo tài khoản cho một lãnh đạo trước. Lãnh đạo quản lý "
                "người dùng, chốt hoặc mở khóa phiếu tự chấm điểm và sửa thông tin đơn vị."
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        form = QFormLayout()
        self.name_edit = QLineEdit(name or "")
        self.name_edit.setReadOnly(name is not None)
        form.addRow("&Tên người dùng:", self.name_edit)
        self.role_combo = QComboBox()
        for role in (DATA_ENTRY, LEADER):
            self.role_combo.addItem(ROLE_LABELS[role], role)
        if first_leader:
            self.role_combo.setCurrentIndex(1)
            self.role_combo.setEnabled(False)
        if name is None:
            form.addRow("&Vai trò:", self.role_combo)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(f"ít nhất {users_repo.MIN_PASSWORD_LENGTH} ký tự")
        form.addRow("&Mật khẩu:" if name is None else "&Mật khẩu mới:", self.password_edit)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("&Nhập lại mật khẩu:", self.repeat_edit)
        layout.addLayout(form)
        self.error_label = QLabel("")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton("Hủy")
        self.ok_button = QPushButton("Lưu")
        self.ok_button.setDefault(True)
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok_button)
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.save)
        self.user: User | None = None
        (self.password_edit if name is not None else self.name_edit).setFocus()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 55)

    def _error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def save(self) -> bool:
        password = self.password_edit.text()
        if password != self.repeat_edit.text():
            self._error("Hai lần nhập mật khẩu không giống nhau.")
            return False
        try:
            if self.reset_name is not None:
                users_repo.set_password(self.store, self.reset_name, password)
            elif self.first_leader:
                users_repo.enable_sign_in(self.store, self.name_edit.text(), password)
                self.user = users_repo.find_user(self.store, self.name_edit.text())
            else:
                self.user = users_repo.add_user(
                    self.store, self.name_edit.text(), self.role_combo.currentData(), password
                )
        except ValidationError as exc:
            self._error("\n".join(exc.errors.values()))
            return False
        except StoreError as exc:
            self._error(exc.message)
            return False
        self.accept()
        return True


class UsersDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(TITLE)
        layout = QVBoxLayout(self)
        explain = QLabel(
            "Dùng khi nhiều người dùng chung một máy tính: mỗi người đăng nhập bằng tên và mật "
            "khẩu của mình, lịch sử thay đổi ghi đúng tên người làm. Chỉ lãnh đạo được chốt "
            "hoặc mở khóa phiếu tự chấm điểm, sửa thông tin đơn vị và quản lý người dùng. "
            "Danh sách người dùng chỉ lưu trên máy này, không đi theo gói dữ liệu."
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.notice = NoticeLabel("", "info")
        layout.addWidget(self.notice)

        self.enabled_box = QCheckBox("Yêu cầu đăng nhập khi mở chương trình")
        layout.addWidget(self.enabled_box)
        idle_row = QHBoxLayout()
        idle_row.addWidget(QLabel("Tự khóa sau"))
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(0, users_repo.MAX_IDLE_LOCK_MINUTES)
        self.idle_spin.setSuffix(" phút")
        self.idle_spin.setAccessibleName("Số phút không dùng trước khi tự khóa")
        idle_row.addWidget(self.idle_spin)
        idle_row.addWidget(QLabel("không dùng bàn phím, chuột (0: không tự khóa)"))
        idle_row.addStretch(1)
        layout.addLayout(idle_row)

        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Tên người dùng", "Vai trò"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.add_button = QPushButton("Thêm người dùng…")
        self.reset_button = QPushButton("Đặt lại mật khẩu…")
        self.role_button = QPushButton("Đổi vai trò")
        self.remove_button = QPushButton("Xóa người dùng")
        for button in (self.add_button, self.reset_button, self.role_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        close = QPushButton("Đóng")
        close.setDefault(True)
        bottom.addWidget(close)
        layout.addLayout(bottom)

        close.clicked.connect(self.accept)
        self.enabled_box.toggled.connect(self._toggle_sign_in)
        self.idle_spin.valueChanged.connect(self._idle_changed)
        self.add_button.clicked.connect(self.add_user)
        self.reset_button.clicked.connect(self.reset_password)
        self.role_button.clicked.connect(self.change_role)
        self.remove_button.clicked.connect(self.remove_user)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.resize(self.fontMetrics().horizontalAdvance("x") * 90, 420)
        self.reload()

    # --- state ----------------------------------------------------------------------------

    def may_manage(self) -> bool:
        return users_repo.is_leader_or_free(self.store)

    def reload(self) -> None:
        enabled = users_repo.sign_in_enabled(self.store)
        self.enabled_box.blockSignals(True)
        self.enabled_box.setChecked(enabled)
        self.enabled_box.blockSignals(False)
        self.idle_spin.blockSignals(True)
        self.idle_spin.setValue(users_repo.idle_lock_minutes(self.store))
        self.idle_spin.blockSignals(False)
        selected = self.selected_name()
        found = users_repo.users(self.store)
        self.table.setRowCount(len(found))
        for row, user in enumerate(found):
            name = QTableWidgetItem(user.name)
            name.setData(Qt.ItemDataRole.UserRole, user.name)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(user.role_label))
            if user.name == selected:
                self.table.selectRow(row)
        self.table.resizeColumnToContents(0)
        if not self.may_manage():
            self.notice.say(
                "Chỉ lãnh đạo được quản lý người dùng và thay đổi cách đăng nhập.", "info"
            )
        elif not enabled:
            self.notice.say(
                "Đăng nhập đang tắt: lịch sử thay đổi ghi tên người lập báo cáo trong thông tin "
                "đơn vị.",
                "info",
            )
        else:
            self.notice.hide()
        self._update_buttons()

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.model() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _update_buttons(self) -> None:
        manage = self.may_manage()
        chosen = self.selected_name() is not None
        self.enabled_box.setEnabled(manage)
        self.idle_spin.setEnabled(manage)
        self.add_button.setEnabled(manage)
        for button in (self.reset_button, self.role_button, self.remove_button):
            button.setEnabled(manage and chosen)

    def _refuse(self, exc: ValidationError | StoreError) -> None:
        text = exc.message if isinstance(exc, StoreError) else "\n".join(exc.errors.values())
        QMessageBox.warning(self, TITLE, text)

    # --- actions --------------------------------------------------------------------------

    def _toggle_sign_in(self, on: bool) -> None:
        if on:
            self.enable_sign_in()
        else:
            self.disable_sign_in()
        self.reload()

    def enable_sign_in(self) -> bool:
        if any(user.is_leader for user in users_repo.users(self.store)):
            users_repo.enable_sign_in(self.store)
            return True
        dialog = UserFormDialog(self.store, self, first_leader=True)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.user is None:
            return False
        users_repo.sign_in_as(self.store, dialog.user)  # the leader is at the keyboard
        return True

    def disable_sign_in(self) -> None:
        if ask_yes_no(
            self,
            TITLE,
            "Tắt đăng nhập? Chương trình sẽ mở thẳng, không hỏi tên và mật khẩu; ai dùng máy "
            "cũng xem và sửa được dữ liệu. Danh sách người dùng được giữ lại.",
        ):
            users_repo.disable_sign_in(self.store)

    def _idle_changed(self, minutes: int) -> None:
        try:
            users_repo.set_idle_lock_minutes(self.store, minutes)
        except (ValidationError, StoreError) as exc:
            self._refuse(exc)

    def add_user(self) -> None:
        dialog = UserFormDialog(self.store, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def reset_password(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        dialog = UserFormDialog(self.store, self, name=name)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.notice.say(f"Đã đặt mật khẩu mới cho {name}.", "info")

    def change_role(self) -> None:
        name = self.selected_name()
        user = users_repo.find_user(self.store, name) if name else None
        if user is None:
            return
        role = DATA_ENTRY if user.is_leader else LEADER
        try:
            users_repo.set_role(self.store, user.name, role)
        except (ValidationError, StoreError) as exc:
            self._refuse(exc)
        self.reload()

    def remove_user(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        current = users_repo.signed_in(self.store)
        if current is not None and current.name == name:
            QMessageBox.information(
                self, TITLE, "Không xóa được người dùng đang đăng nhập trên máy này."
            )
            return
        if not ask_yes_no(
            self,
            TITLE,
            f"Xóa người dùng «{name}»? Lịch sử thay đổi vẫn giữ tên người này.",
        ):
            return
        try:
            users_repo.remove_user(self.store, name)
        except (ValidationError, StoreError) as exc:
            self._refuse(exc)
        self.reload()
