"""The optional sign-in in the interface: turning it on, start-up, roles, the idle lock."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from cchc_desktop.store import Store, history, open_store, users_repo
from cchc_desktop.store.profile_repo import save_profile
from cchc_desktop.ui.shell.app import AppController
from cchc_desktop.ui.shell.main_window import MainWindow
from cchc_desktop.ui.users.dialog import UserFormDialog, UsersDialog
from cchc_desktop.ui.users.sign_in import SignInDialog
from tests.support.profile import PROFILE

LEADER_PASSWORD = "mat-khau-lanh-dao"
OFFICER_PASSWORD = "mat-khau-nhap-lieu"


def _with_users(store: Store) -> None:
    users_repo.enable_sign_in(store, "Lê Thị Hồng", LEADER_PASSWORD)
    users_repo.add_user(store, "Trần Văn Bình", users_repo.DATA_ENTRY, OFFICER_PASSWORD)


def _when_modal(kind: type, act: Callable[[QDialog], None]) -> None:
    """Act on the next modal dialog of ``kind`` once it shows (it blocks in exec)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def _sign_in(dialog: SignInDialog, name: str, password: str) -> None:
    dialog.name_combo.setCurrentIndex(dialog.name_combo.findData(name))
    dialog.password_edit.setText(password)
    dialog.sign_in_button.click()


def test_turning_sign_in_on_creates_the_first_leader(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = UsersDialog(window.store, window)
    qtbot.addWidget(dialog)
    assert not dialog.enabled_box.isChecked()

    def fill(form: QDialog) -> None:
        assert isinstance(form, UserFormDialog) and form.first_leader
        form.name_edit.setText("Lê Thị Hồng")
        form.password_edit.setText(LEADER_PASSWORD)
        form.repeat_edit.setText("khác")
        form.ok_button.click()
        assert form.error_label.text() == "Hai lần nhập mật khẩu không giống nhau."
        form.repeat_edit.setText(LEADER_PASSWORD)
        form.ok_button.click()

    _when_modal(UserFormDialog, fill)
    dialog.enabled_box.setChecked(True)
    assert users_repo.sign_in_enabled(window.store)
    assert dialog.enabled_box.isChecked()
    assert dialog.table.item(0, 1).text() == "Lãnh đạo"
    assert users_repo.signed_in(window.store).name == "Lê Thị Hồng"  # type: ignore[union-attr]
    assert history.current_actor(window.store) == "Lê Thị Hồng"
    dialog.idle_spin.setValue(3)
    assert users_repo.idle_lock_minutes(window.store) == 3
    window.session.refresh()
    assert window.session.user_label.text() == "Người dùng: Lê Thị Hồng (Lãnh đạo)"


def test_the_app_asks_to_sign_in_before_the_window(qtbot, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "xa.db"
    with open_store(path) as store:
        save_profile(store, PROFILE, date.today())
        _with_users(store)
    args = argparse.Namespace(db=str(path), demo=False, measure_startup=False)

    def quit_(dialog: QDialog) -> None:
        dialog.quit_button.click()  # type: ignore[attr-defined]

    _when_modal(SignInDialog, quit_)
    controller = AppController(settings, args)
    assert not controller.start()
    assert controller.window is None

    seen: list[str] = []

    def sign_in(dialog: QDialog) -> None:
        assert isinstance(dialog, SignInDialog)
        _sign_in(dialog, "Trần Văn Bình", "sai-mat-khau")
        seen.append(dialog.error_label.text())
        _sign_in(dialog, "Trần Văn Bình", OFFICER_PASSWORD)

    _when_modal(SignInDialog, sign_in)
    controller = AppController(settings, args)
    assert controller.start()
    try:
        assert seen == ["Tên hoặc mật khẩu không đúng."]
        window = controller.window
        assert window.session.user_label.text() == "Người dùng: Trần Văn Bình (Cán bộ nhập liệu)"
        assert history.current_actor(controller.store) == "Trần Văn Bình"
    finally:
        controller.window.close()
        controller.shutdown()


def test_a_data_entry_officer_cannot_lock_the_sheet_or_save_the_profile(
    qtbot, store: Store, settings
) -> None:  # type: ignore[no-untyped-def]
    save_profile(store, PROFILE, date.today())
    _with_users(store)
    users_repo.sign_in_as(store, users_repo.find_user(store, "Trần Văn Bình"))  # type: ignore[arg-type]
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    scoring, profile = window.scoring_page, window.profile_page
    for button in (scoring.lock_button, scoring.unlock_button):
        assert not button.isEnabled()
        assert button.toolTip() == "Chỉ lãnh đạo được chốt hoặc mở khóa phiếu tự chấm điểm."
    assert not profile.save_button.isEnabled() and not profile.form.isEnabled()
    assert profile.save_button.toolTip() == "Chỉ lãnh đạo được sửa thông tin đơn vị."
    assert not profile.save()

    users_repo.sign_in_as(store, users_repo.find_user(store, "Lê Thị Hồng"))  # type: ignore[arg-type]
    window.session.refresh()
    assert scoring.lock_button.isEnabled() and profile.save_button.isEnabled()


def test_idle_lock_hides_the_window_until_someone_signs_in(qtbot, store: Store, settings) -> None:  # type: ignore[no-untyped-def]
    save_profile(store, PROFILE, date.today())
    _with_users(store)
    users_repo.sign_in_as(store, users_repo.find_user(store, "Lê Thị Hồng"))  # type: ignore[arg-type]
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.session.idle_interval_ms = 30  # instead of minutes
    window.session.refresh()
    qtbot.waitUntil(lambda: window.session.lock_dialog is not None, timeout=10000)
    dialog = window.session.lock_dialog
    assert dialog is not None and dialog.locked
    assert not window.centralWidget().isVisible()
    dialog.reject()  # Esc does not unlock
    assert dialog.isVisible()
    _sign_in(dialog, "Trần Văn Bình", OFFICER_PASSWORD)
    assert window.session.lock_dialog is None
    assert window.centralWidget().isVisible()
    assert history.current_actor(store) == "Trần Văn Bình"
    assert window.session.user_label.text() == "Người dùng: Trần Văn Bình (Cán bộ nhập liệu)"
    assert not window.scoring_page.lock_button.isEnabled()
    window.session.idle_interval_ms = 0
    window.session.refresh()
