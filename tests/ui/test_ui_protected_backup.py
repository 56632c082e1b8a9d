"""The backup screen with passwords: «Sao lưu ra USB…» and restoring a protected backup."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from cchc_desktop.demo import fill_demo_store
from cchc_desktop.store import open_store
from cchc_desktop.store.backup import list_backups
from cchc_desktop.store.protected_backup import MAGIC, SUFFIX, make_protected_backup
from cchc_desktop.ui.backup import backups_tab
from cchc_desktop.ui.shell.app import AppController
from tests.store.test_restore import _content
from tests.support.files import file_fingerprint

TODAY = date(2026, 11, 20)
PASSWORD = "mật-khẩu-USB"


@pytest.fixture
def demo_path(store_path: Path) -> Path:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    with open_store(store_path) as store:
        fill_demo_store(store, TODAY)
    return store_path


@pytest.fixture
def usb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    monkeypatch.setattr(backups_tab, "suggested_folder", lambda fallback: folder)
    monkeypatch.setattr(
        backups_tab.QFileDialog, "getExistingDirectory", lambda parent, title, start: str(folder)
    )
    return folder


def _left_beside(store_path: Path) -> list[str]:
    return sorted(p.name for p in store_path.parent.iterdir() if "-giai-ma-" in p.name)


def test_the_screen_says_local_backups_have_no_password(window) -> None:  # type: ignore[no-untyped-def]
    window.show_page("backup")
    tab = window.backup_page.backups_tab
    assert tab.local_note.isVisible()
    text = tab.local_note.text()
    assert "«Sao lưu ngay» trên máy này không đặt mật khẩu" in text
    assert "dùng «Sao lưu ra USB…» và đặt mật khẩu" in text


def test_the_usb_dialog_warns_without_a_password(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    tab = window.backup_page.backups_tab
    tab.backup_elsewhere_button.click()
    dialog = tab.usb_dialog
    qtbot.waitExposed(dialog)
    assert dialog.unprotected_warning.isVisible()
    assert dialog.unprotected_warning.text().startswith(
        "Bản sao lưu này KHÔNG có mật khẩu: ai cầm USB cũng đọc được ngày sinh, dân tộc… của cán bộ"
    )
    assert not dialog.protected_note.isVisible()
    dialog.password.setText("12345")
    assert not dialog.unprotected_warning.isVisible() and dialog.protected_note.isVisible()
    assert SUFFIX in dialog.protected_note.text()
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.password_error.text() == "Mật khẩu cần ít nhất 6 ký tự."
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD + "x")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.repeat_error.text() == "Hai lần nhập mật khẩu không giống nhau."
    dialog.password.clear()
    dialog.repeat.clear()
    assert dialog.unprotected_warning.isVisible()
    dialog.cancel_button.click()
    assert tab.task is None


def test_a_backup_to_usb_with_a_password_is_encrypted(qtbot, window, usb: Path) -> None:  # type: ignore[no-untyped-def]
    tab = window.backup_page.backups_tab
    tab.backup_elsewhere_button.click()
    dialog = tab.usb_dialog
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    dialog.ok_button.click()
    with qtbot.waitSignal(tab.task.finished, timeout=20000):
        pass
    made = list(usb.iterdir())
    assert [p.suffix for p in made] == [SUFFIX]
    assert made[0].read_bytes().startswith(MAGIC)
    assert tab.result.text().startswith(f"Đã sao lưu có mật khẩu và kiểm tra xong: {made[0]}")
    assert "KHÔNG có mật khẩu" not in tab.result.text()


def _choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(backups_tab.QFileDialog, "getOpenFileName", lambda *args: (str(path), ""))


def _answers(monkeypatch: pytest.MonkeyPatch, answers: list[tuple[str, bool]]) -> list[str]:
    asked: list[str] = []

    def answer(parent, title, text, echo):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(backups_tab.QInputDialog, "getText", answer)
    return asked


def test_a_wrong_password_is_asked_again_and_cancel_changes_nothing(
    qtbot, window, store, usb: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    target = make_protected_backup(store.path, usb, PASSWORD)
    before = file_fingerprint(store.path)
    _choose_file(monkeypatch, target)
    asked = _answers(monkeypatch, [("sai-mat-khau", True), ("", False)])
    tab = window.backup_page.backups_tab
    tab.restore_file_button.click()
    with qtbot.waitSignal(tab.task.finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: len(asked) == 2)
    assert asked[0].endswith("có mật khẩu.\nNhập mật khẩu của bản sao lưu:")
    assert asked[1].startswith("Mật khẩu không đúng. Nhập lại mật khẩu của bản sao lưu.")
    assert tab.preview_dialog is None
    assert file_fingerprint(store.path) == before
    assert list_backups(store.path) == []
    assert _left_beside(store.path) == []


def test_a_damaged_protected_backup_is_explained(
    qtbot, window, store, usb: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    target = make_protected_backup(store.path, usb, PASSWORD)
    target.write_bytes(target.read_bytes()[:-100])
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    _choose_file(monkeypatch, target)
    _answers(monkeypatch, [(PASSWORD, True)])
    tab = window.backup_page.backups_tab
    tab.restore_file_button.click()
    with qtbot.waitSignal(tab.task.finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: bool(shown))
    assert f"Bản sao lưu {target} bị hỏng" in shown[0]
    assert tab.preview_dialog is None
    assert _left_beside(store.path) == []


def _args(**values) -> argparse.Namespace:  # type: ignore[no-untyped-def]
    return argparse.Namespace(**{"db": None, "demo": False, "measure_startup": False, **values})


def test_restore_from_a_protected_backup_through_the_application(
    qtbot, demo_path: Path, settings, usb: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    target = make_protected_backup(demo_path, usb, PASSWORD)
    expected = _content(demo_path)
    _choose_file(monkeypatch, target)
    asked = _answers(monkeypatch, [(PASSWORD, True)])
    controller = AppController(settings, _args(db=str(demo_path)))
    assert controller.start()
    first_window = controller.window
    try:
        with controller.store.transaction():
            controller.store.conn.execute("UPDATE tasks SET content = 'Sửa sau sao lưu'")
        tab = first_window.backup_page.backups_tab
        tab.restore_file_button.click()
        with qtbot.waitSignal(tab.task.finished, timeout=20000):
            pass
        qtbot.waitUntil(lambda: tab.preview_dialog is not None and tab.preview_dialog.isVisible())
        dialog = tab.preview_dialog
        assert len(asked) == 1
        assert dialog.preview.source == target
        assert _left_beside(demo_path) == []
        with qtbot.waitSignal(controller.store_replaced, timeout=30000):
            dialog.restore_button.click()
        assert _content(controller.store.path) == expected
        assert told and told[0].startswith(f"Đã khôi phục dữ liệu từ {target}.")
        assert _left_beside(demo_path) == []
    finally:
        controller.window.close()
        controller.shutdown()
