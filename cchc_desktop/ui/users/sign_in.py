"""Who is at the keyboard: the sign-in dialog, the idle lock and the role rules of a window.

Sign-in is optional (store.users_repo). When it is on, the application asks for a name and
a password before the window shows; after some minutes without keyboard or mouse the window
hides its content and asks again (any user may continue; the history then records them).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop import APP_NAME
from cchc_desktop.store import users_repo
from cchc_desktop.store.database import Store
from cchc_desktop.store.users_repo import SignInError, User
from cchc_desktop.ui.toolkit.widgets import ERROR_STYLE

FORGOT_TEXT = (
    "Quên mật khẩu? Nhờ lãnh đạo đặt lại trong «Tệp → Người dùng và đăng nhập». Nếu lãnh đạo "
    "quên mật khẩu của mình, xem mục «Quên mật khẩu» trong hướng dẫn sử dụng."
)


def sign_in_required(store: Store) -> bool:
    """Sign-in is on and someone can sign in."""
    return users_repo.sign_in_enabled(store) and bool(users_repo.users(store))


class SignInDialog(QDialog):
    """Name and password; on success the user is signed in to ``store``.

    ``locked``: the window was locked after inactivity; Esc does not close the dialog, and
    «Thoát chương trình» sets ``quit_requested``.
    """

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        locked: bool = False,
        clock: Callable[[], datetime] | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.locked = locked
        self.clock = clock or (lambda: datetime.now(UTC))
        self.user: User | None = None
        self.quit_requested = False
        self.setWindowTitle(f"Đăng nhập — {APP_NAME}")
        self.setModal(True)

        layout = QVBoxLayout(self)
        intro = QLabel(
            "Chương trình đã tạm khóa vì lâu không dùng. Hãy đăng nhập để làm tiếp."
            if locked
            else "Máy tính dùng chung: hãy chọn tên của mình và nhập mật khẩu."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.name_combo = QComboBox()
        self.name_combo.setAccessibleName("Tên người dùng")
        for user in users_repo.users(store):
            self.name_combo.addItem(f"{user.name} ({user.role_label})", user.name)
        current = users_repo.signed_in(store)
        if current is not None:
            self.name_combo.setCurrentIndex(max(self.name_combo.findData(current.name), 0))
        form.addRow("&Tên người dùng:", self.name_combo)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName("Mật khẩu")
        form.addRow("&Mật khẩu:", self.password_edit)
        self.error_label = QLabel("")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        form.addRow("", self.error_label)
        layout.addLayout(form)

        forgot = QLabel(FORGOT_TEXT)
        forgot.setWordWrap(True)
        layout.addWidget(forgot)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.quit_button = QPushButton("Thoát chương trình")
        self.sign_in_button = QPushButton("Đăng nhập")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setAutoDefault(True)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.sign_in_button)
        layout.addLayout(buttons)

        self.sign_in_button.clicked.connect(self.try_sign_in)
        self.password_edit.returnPressed.connect(self.try_sign_in)
        self.quit_button.clicked.connect(self._quit)
        self.password_edit.setFocus()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 60)

    def try_sign_in(self) -> bool:
        name = self.name_combo.currentData() or ""
        try:
            user = users_repo.verify(self.store, name, self.password_edit.text(), self.clock())
        except SignInError as exc:
            self.error_label.setText(exc.message)
            self.error_label.show()
            self.password_edit.clear()
            self.password_edit.setFocus()
            return False
        self.password_edit.clear()
        users_repo.sign_in_as(self.store, user)
        self.user = user
        self.accept()
        return True

    def _quit(self) -> None:
        self.quit_requested = True
        super().reject()

    def reject(self) -> None:  # Esc, the title bar's close
        if self.locked:
            return  # the window stays locked until someone signs in (or quits)
        self.quit_requested = True
        super().reject()


def ask_to_sign_in(store: Store, parent: QWidget | None = None) -> bool:
    """At opening: True when sign-in is off or someone signed in; False: the user quit."""
    if not sign_in_required(store):
        return True
    return SignInDialog(store, parent).exec() == QDialog.DialogCode.Accepted


_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatch(QObject):
    """Emits ``idle`` after ``interval_ms`` without keyboard or mouse anywhere in the app."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._timed_out)
        self._watching = False

    def _watch(self, on: bool) -> None:
        """The filter sees every event of the application: installed only while needed."""
        app = QApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = on

    def start(self, interval_ms: int) -> None:
        if interval_ms <= 0:
            self.stop()
            return
        self.timer.setInterval(interval_ms)
        self.timer.start()
        self._watch(True)

    def stop(self) -> None:
        self.timer.stop()
        self._watch(False)

    def _timed_out(self) -> None:
        self._watch(False)
        self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False

    def dispose(self) -> None:
        self.stop()


class SessionGuard(QObject):
    """The signed-in user of one window: status bar, role rules, idle lock, users dialog.

    ``apply_role(leader)`` gives the window's pages the rights of the user (True: a leader, or
    anyone while sign-in is off).
    """

    def __init__(self, window: QMainWindow, store: Store, apply_role: Callable[[bool], None]):
        super().__init__(window)
        self.window = window
        self.store = store
        self.apply_role = apply_role
        self.user_label = QLabel("")
        window.statusBar().addPermanentWidget(self.user_label)
        self.idle = IdleWatch(self)
        self.idle.idle.connect(self.lock)
        self.lock_dialog: SignInDialog | None = None
        # Tests set a short interval; None: the stored minutes.
        self.idle_interval_ms: int | None = None
        self.refresh()

    def interval_ms(self) -> int:
        if self.idle_interval_ms is not None:
            return self.idle_interval_ms
        return users_repo.idle_lock_minutes(self.store) * 60_000

    def refresh(self) -> None:
        """After a sign-in or a change of the users: label, permissions, idle timer."""
        user = users_repo.signed_in(self.store)
        required = sign_in_required(self.store)
        if user is not None and required:
            self.user_label.setText(f"Người dùng: {user.name} ({user.role_label})")
            self.user_label.show()
        else:
            self.user_label.hide()
        leader = users_repo.is_leader_or_free(self.store)
        self.apply_role(leader)
        if required and user is not None and self.lock_dialog is None:
            self.idle.start(self.interval_ms())
        else:
            self.idle.stop()

    def lock(self) -> None:
        """Hide the window's content and ask who continues."""
        if self.lock_dialog is not None or not sign_in_required(self.store):
            return
        self.idle.stop()
        central = self.window.centralWidget()
        central.hide()
        self.window.menuBar().setEnabled(False)
        dialog = SignInDialog(self.store, self.window, locked=True)
        self.lock_dialog = dialog

        def done(_result: int) -> None:
            self.lock_dialog = None
            dialog.deleteLater()
            if dialog.quit_requested:
                if not self.window.close():  # kept open (unsaved changes): locked again
                    QTimer.singleShot(0, self.lock)
                return
            central.show()
            self.window.menuBar().setEnabled(True)
            self.refresh()

        dialog.finished.connect(done)
        dialog.open()

    def manage_users(self) -> None:
        from cchc_desktop.ui.users.dialog import UsersDialog

        UsersDialog(self.store, self.window).exec()
        self.refresh()
