"""The «Gói dữ liệu (USB)» tab as an officer uses it: create, import (merge), restore."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from cchc_desktop.jobs import never_cancelled, no_progress
from cchc_desktop.store import Store, open_store
from cchc_desktop.store.profile_repo import load_profile, save_profile
from cchc_desktop.store.task_repo import add_tasks, load_task, save_task
from cchc_desktop.store.task_table import task_count
from cchc_desktop.transfer.model import KEEP_LOCAL, TAKE_INCOMING, PackageOptions
from cchc_desktop.transfer.reader import read_manifest
from cchc_desktop.transfer.writer import export_package
from cchc_desktop.ui.backup import packages as packages_module
from cchc_desktop.ui.backup.conflict_chooser import CHOICE_TEXTS
from cchc_desktop.ui.backup.import_preview import ImportPreviewDialog
from cchc_desktop.ui.backup.package_dialogs import CreatePackageDialog, RestorePreviewDialog
from cchc_desktop.ui.backup.packages import PackagesTab
from cchc_desktop.ui.shell.first_run import IMPORT_PACKAGE, FirstRunDialog
from cchc_desktop.ui.toolkit.background import running_tasks
from tests.support.profile import PROFILE
from tests.support.task_factory import task

TODAY = date(2026, 3, 1)
WAIT = 20_000


def _store(path: Path, contents: list[str]) -> Store:
    path.parent.mkdir(parents=True, exist_ok=True)
    opened = open_store(path)
    save_profile(opened, PROFILE, TODAY)
    add_tasks(opened, [task(text) for text in contents], TODAY)
    return opened


@pytest.fixture
def usb(tmp_path: Path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    """A USB stick the dialogs start on."""
    folder = tmp_path / "usb"
    folder.mkdir()
    monkeypatch.setattr(packages_module, "suggested_folder", lambda fallback: folder)
    return folder


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Store]:
    """The commune's data on the other PC."""
    opened = _store(tmp_path / "may-kia" / "cchc.db", ["Việc A", "Việc B", "Việc C"])
    yield opened
    opened.close()


@pytest.fixture
def here(tmp_path: Path) -> Iterator[Store]:
    """The same commune on this PC, with one task of its own."""
    opened = _store(tmp_path / "may-nay" / "cchc.db", ["Việc riêng của máy này"])
    yield opened
    opened.close()


@pytest.fixture
def told(monkeypatch) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Messages shown, by kind, instead of modal boxes."""
    shown: dict[str, list[str]] = {"critical": [], "information": [], "warning": []}
    for kind, texts in shown.items():
        monkeypatch.setattr(
            QMessageBox, kind, staticmethod(lambda *a, texts=texts, **k: texts.append(a[2]))
        )
    return shown


def make_tab(qtbot, store: Store, settings) -> PackagesTab:  # type: ignore[no-untyped-def]
    tab = PackagesTab(store, settings)
    qtbot.addWidget(tab)
    tab.resize(900, 600)
    tab.show()
    return tab


def wait_idle(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not running_tasks(), timeout=WAIT)


def package_of(store: Store, target: Path, **options: object) -> Path:
    export_package(store.conn, target, PackageOptions(**options))  # type: ignore[arg-type]
    return target


def preview_then(monkeypatch, act=None, accept: bool = True) -> list[dict]:  # type: ignore[no-untyped-def]
    """Answer the import preview (the tab deletes it afterwards): what it showed, by name."""
    seen: list[dict] = []

    def run(dialog: ImportPreviewDialog) -> int:
        seen.append(
            {
                "rows": summary_rows(dialog),
                "notice": dialog.notice.text(),
                "can_import": dialog.import_button.isEnabled(),
                "conflicts_shown": dialog.conflict_box.isVisibleTo(dialog),
                "has_changes": dialog.plan.has_changes,
            }
        )
        if act is not None:
            act(dialog)
        if accept and dialog.import_button.isEnabled():
            dialog.import_button.click()
        else:
            dialog.cancel_button.click()
        return dialog.result()

    monkeypatch.setattr(ImportPreviewDialog, "exec", run)
    return seen


def summary_rows(dialog: ImportPreviewDialog) -> dict[str, list[str]]:
    table = dialog.summary
    return {
        table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, table.columnCount())]
        for r in range(table.rowCount())
    }


def choose_file(monkeypatch, path: Path) -> list[str]:  # type: ignore[no-untyped-def]
    started: list[str] = []

    def open_file(parent, caption, directory, filter_):  # type: ignore[no-untyped-def]
        started.append(directory)
        return str(path), filter_

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_file))
    return started


# --- creating ---------------------------------------------------------------------------


def test_export_through_the_dialog_writes_the_chosen_package(
    qtbot, settings, source, usb, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    save_task(source, task("Việc năm trước", assigned_on=date(2025, 3, 1),
                           deadline=date(2025, 9, 30)), TODAY)  # fmt: skip

    def fill(dialog: CreatePackageDialog) -> int:
        dialog.show()
        assert dialog.all_radio.isChecked() and dialog.personal_check.isChecked()
        assert sorted(dialog.year_checks) == [2025, 2026]
        dialog.years_radio.click()
        dialog.year_checks[2026].click()
        dialog.personal_check.click()
        assert not dialog.personal_warning.isVisibleTo(dialog)
        dialog.password_check.click()
        dialog.password.setText("mat-khau-xa")
        dialog.repeat.setText("mat-khau-xa")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(CreatePackageDialog, "exec", fill)
    proposed: list[str] = []

    def save_as(parent, caption, directory, filter_):  # type: ignore[no-untyped-def]
        proposed.append(directory)
        assert filter_ == "Gói dữ liệu CCHC (*.cchc)"
        return str(usb / "goi-cua-xa"), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    tab = make_tab(qtbot, source, settings)
    assert tab.history_empty.isVisible()
    tab.create_button.click()
    wait_idle(qtbot)

    name = f"cchc-xa-van-canh-nam-2026-khong-du-lieu-ca-nhan-{date.today().isoformat()}.cchc"
    assert proposed == [str(usb / name)]
    written = usb / "goi-cua-xa.cchc"
    manifest = read_manifest(written)
    assert manifest.years == (2026,)
    assert manifest.personal_data is False
    assert manifest.encrypted
    assert manifest.unit_code == PROFILE.commune_code
    assert str(written) in tab.notice.text()
    assert "có mật khẩu" in tab.notice.text()
    assert tab.result_folder == usb
    assert tab.history.rowCount() == 1
    assert tab.history.item(0, 1).text() == "Xuất gói"
    assert tab.history.item(0, 2).text() == "goi-cua-xa.cchc"


def test_a_password_mismatch_is_shown_at_the_field_and_nothing_is_written(
    qtbot, settings, source, usb, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []

    def fill(dialog: CreatePackageDialog) -> int:
        dialog.show()
        dialog.password_check.click()
        dialog.password.setText("abc")
        dialog.ok_button.click()
        assert dialog.password_error.text() == "Mật khẩu cần ít nhất 6 ký tự."
        dialog.password.setText("mat-khau-1")
        dialog.repeat.setText("mat-khau-2")
        dialog.ok_button.click()
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        assert not dialog.password_error.isVisibleTo(dialog)
        assert dialog.repeat_error.isVisibleTo(dialog)
        assert dialog.repeat.property("invalid") is True
        errors.append(dialog.repeat_error.text())
        dialog.cancel_button.click()
        return dialog.result()

    monkeypatch.setattr(CreatePackageDialog, "exec", fill)
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a: asked.append(a[2]) or ("", ""))
    )
    tab = make_tab(qtbot, source, settings)
    assert tab.create_package() is None
    assert errors == ["Hai lần nhập mật khẩu không giống nhau."]
    assert asked == []
    assert list(usb.iterdir()) == []
    assert tab.history.rowCount() == 0


def test_years_mode_needs_a_year(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = CreatePackageDialog([2026, 2025])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.year_checks[2026].isEnabled()
    dialog.years_radio.click()
    assert dialog.year_checks[2026].isEnabled()
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.years_error.text() == "Chọn ít nhất một năm, hoặc chọn «Toàn bộ dữ liệu»."
    dialog.year_checks[2025].click()
    assert not dialog.years_error.isVisibleTo(dialog)
    assert dialog.options() == PackageOptions(years=(2025,), personal_data=True, password=None)


# --- importing ---------------------------------------------------------------------------


def test_importing_a_package_of_the_same_commune_previews_then_applies(
    qtbot, settings, source, here, usb, tmp_path, monkeypatch, told
) -> None:  # type: ignore[no-untyped-def]
    package = package_of(source, usb / "goi.cchc")
    started = choose_file(monkeypatch, package)
    seen = preview_then(monkeypatch)
    tab = make_tab(qtbot, here, settings)
    with qtbot.waitSignal(tab.data_changed, timeout=WAIT):
        tab.import_button.click()
    wait_idle(qtbot)

    assert started == [str(usb)]
    [shown] = seen
    assert shown["rows"]["Nhiệm vụ CCHC"][0] == "3"  # «Mới»
    assert "Trước khi nhập, chương trình tự sao lưu dữ liệu hiện tại" in shown["notice"]
    assert shown["can_import"] and not shown["conflicts_shown"]
    assert task_count(here) == 4
    assert told["critical"] == []
    [message] = told["information"]
    assert "bản ghi mới" in message
    assert "Bản sao lưu dữ liệu trước khi nhập" in tab.notice.text()
    assert tab.result_folder is not None and tab.result_folder.is_dir()
    assert [tab.history.item(r, 1).text() for r in range(tab.history.rowCount())] == ["Nhập gói"]
    assert tab.history.item(0, 2).text() == "goi.cchc"
    assert tab.history.item(0, 3).text() == "4 mới"  # 3 tasks and the plan they cite
    assert "Nhiệm vụ CCHC: 3 mới" in tab.history.item(0, 3).toolTip()

    # The same package again: nothing new, «Nhập» is disabled, nothing changes.
    again = preview_then(monkeypatch)
    tab.import_package(package)
    wait_idle(qtbot)
    [second] = again
    assert not second["has_changes"]
    assert not second["can_import"]
    assert second["notice"] == "Gói này không có gì mới so với dữ liệu trên máy."
    assert task_count(here) == 4


def test_a_conflict_is_shown_with_both_choices_and_the_chosen_one_applied(
    qtbot, settings, source, here, usb, monkeypatch, told
) -> None:  # type: ignore[no-untyped-def]
    first = package_of(source, usb / "lan-1.cchc")
    preview_then(monkeypatch)
    tab = make_tab(qtbot, here, settings)
    with qtbot.waitSignal(tab.data_changed, timeout=WAIT):
        tab.import_package(first)
    wait_idle(qtbot)

    uuid = source.conn.execute("SELECT uuid FROM tasks WHERE content = 'Việc A'").fetchone()[0]
    there = load_task(source, uuid)
    save_task(source, replace(there, content="Việc A (máy kia sửa)"), TODAY)
    mine = load_task(here, uuid)
    save_task(here, replace(mine, content="Việc A (máy này sửa)"), TODAY)
    second = package_of(source, usb / "lan-2.cchc")

    def take_incoming(dialog: ImportPreviewDialog) -> None:
        assert dialog.conflict_box.isVisibleTo(dialog)
        [conflict] = dialog.plan.conflicts
        assert conflict.key == uuid
        assert dialog.conflict_box.conflicts.item(0, 0).text() in (
            "Việc A (máy này sửa)",
            "Việc A (máy kia sửa)",
        )
        assert dialog.conflict_box.conflicts.item(0, 5).text() == CHOICE_TEXTS[KEEP_LOCAL]
        assert dialog.conflict_box.keep_radio.text() == "Giữ bản trên máy này"
        assert dialog.conflict_box.take_radio.text() == "Lấy bản trong gói"
        assert dialog.conflict_box.keep_radio.isChecked()
        differences = {
            dialog.conflict_box.differences.item(r, 1).text(): dialog.conflict_box.differences.item(
                r, 2
            ).text()
            for r in range(dialog.conflict_box.differences.rowCount())
        }
        assert differences.get("Việc A (máy này sửa)") == "Việc A (máy kia sửa)"
        dialog.conflict_box.conflicts.selectRow(0)
        dialog.conflict_box.take_radio.click()
        assert dialog.conflict_box.conflicts.item(0, 5).text() == CHOICE_TEXTS[TAKE_INCOMING]
        assert dialog.resolutions() == {uuid: TAKE_INCOMING}

    seen = preview_then(monkeypatch, take_incoming)
    with qtbot.waitSignal(tab.data_changed, timeout=WAIT):
        tab.import_package(second)
    wait_idle(qtbot)
    assert len(seen) == 1
    assert load_task(here, uuid).content == "Việc A (máy kia sửa)"
    assert told["critical"] == []


def test_keeping_the_local_side_of_a_conflict_keeps_it(
    qtbot, settings, source, here, usb, monkeypatch, told
) -> None:  # type: ignore[no-untyped-def]
    preview_then(monkeypatch)
    tab = make_tab(qtbot, here, settings)
    with qtbot.waitSignal(tab.data_changed, timeout=WAIT):
        tab.import_package(package_of(source, usb / "lan-1.cchc"))
    wait_idle(qtbot)
    uuid = source.conn.execute("SELECT uuid FROM tasks WHERE content = 'Việc B'").fetchone()[0]
    save_task(source, replace(load_task(source, uuid), content="Việc B – kia"), TODAY)
    save_task(here, replace(load_task(here, uuid), content="Việc B – đây"), TODAY)

    def all_buttons(dialog: ImportPreviewDialog) -> None:
        dialog.conflict_box.all_take_button.click()
        assert set(dialog.resolutions().values()) == {TAKE_INCOMING}
        dialog.conflict_box.all_keep_button.click()
        assert set(dialog.resolutions().values()) == {KEEP_LOCAL}

    preview_then(monkeypatch, all_buttons)
    with qtbot.waitSignal(tab.data_changed, timeout=WAIT):
        tab.import_package(package_of(source, usb / "lan-2.cchc"))
    wait_idle(qtbot)
    assert load_task(here, uuid).content == "Việc B – đây"


def _damage(package: Path, member: str) -> None:
    """Change one byte of a member, keeping its size (the zip itself stays readable)."""
    with zipfile.ZipFile(package) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    package.unlink()
    with zipfile.ZipFile(package, "w") as archive:
        for info, data in members:
            if info.filename == member:
                data = data.replace("Việc B".encode(), "Việc X".encode())
            archive.writestr(info, data)


def test_a_damaged_package_names_the_member_and_changes_nothing(
    qtbot, settings, source, here, usb, monkeypatch, told
) -> None:  # type: ignore[no-untyped-def]
    package = package_of(source, usb / "hong.cchc")
    _damage(package, "data/tasks.jsonl")
    seen = preview_then(monkeypatch)
    before = here.conn.execute("SELECT uuid, content, updated_at FROM tasks").fetchall()
    tab = make_tab(qtbot, here, settings)
    tab.import_package(package)
    wait_idle(qtbot)
    assert seen == []
    [message] = told["critical"]
    assert "data/tasks.jsonl" in message
    assert "data/tasks.jsonl" in tab.notice.text()
    assert here.conn.execute("SELECT uuid, content, updated_at FROM tasks").fetchall() == before
    assert here.conn.execute("SELECT count(*) FROM exchanges").fetchone()[0] == 0


def test_a_package_that_is_not_a_package_is_refused(
    qtbot, settings, here, usb, monkeypatch, told
) -> None:  # type: ignore[no-untyped-def]
    fake = usb / "khong-phai-goi.cchc"
    fake.write_bytes(b"not a zip at all")
    tab = make_tab(qtbot, here, settings)
    assert tab.import_package(fake) is None
    assert len(told["critical"]) == 1 and told["critical"][0]


def test_a_wrong_password_is_asked_again(
    qtbot, settings, source, here, usb, monkeypatch, told
) -> None:  # type: ignore[no-untyped-def]
    package = package_of(source, usb / "mat-khau.cchc", password="dung-roi-1")
    answers = iter([("sai-roi-1", True), ("dung-roi-1", True)])
    prompts: list[str] = []

    def ask(parent, title, label, echo):  # type: ignore[no-untyped-def]
        prompts.append(label)
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(ask))
    seen = preview_then(monkeypatch)
    tab = make_tab(qtbot, here, settings)
    with qtbot.waitSignal(tab.data_changed, timeout=WAIT):
        tab.import_package(package)
    wait_idle(qtbot)
    assert len(prompts) == 2
    assert prompts[1].startswith("Mật khẩu không đúng.")
    assert len(seen) == 1
    assert task_count(here) == 4


def test_a_package_of_another_commune_is_refused(
    qtbot, settings, here, usb, tmp_path, monkeypatch, told
) -> None:  # type: ignore[no-untyped-def]
    other = _store(tmp_path / "xa-khac" / "cchc.db", ["Việc của xã khác"])
    save_profile(other, replace(PROFILE, commune_name="Canh Thuận", commune_code="21610"), TODAY)
    package = package_of(other, usb / "xa-khac.cchc")
    other.close()
    seen = preview_then(monkeypatch)
    tab = make_tab(qtbot, here, settings)
    tab.import_package(package)
    wait_idle(qtbot)
    assert seen == []
    assert len(told["critical"]) == 1
    assert task_count(here) == 1


# --- restoring ---------------------------------------------------------------------------


def test_restoring_from_a_package_ends_with_the_package_content(
    qtbot, settings, source, tmp_path, usb, monkeypatch, told
) -> None:  # type: ignore[no-untyped-def]
    package = package_of(source, usb / "goi.cchc")
    wanted = sorted(r[0] for r in source.conn.execute("SELECT uuid FROM tasks"))
    path = tmp_path / "may-moi" / "cchc.db"
    target = _store(path, ["Việc sẽ bị thay"])
    shown: list[tuple[dict[str, tuple[str, str]], str]] = []

    def confirm(dialog: RestorePreviewDialog) -> int:
        table = dialog.table
        rows = {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
                for r in range(table.rowCount())}  # fmt: skip
        shown.append((rows, dialog.notice.text()))
        assert dialog.cancel_button.isDefault()
        dialog.restore_button.click()
        return dialog.result()

    monkeypatch.setattr(RestorePreviewDialog, "exec", confirm)
    tab = make_tab(qtbot, target, settings)
    with qtbot.waitSignal(tab.replace_store_requested, timeout=WAIT) as signal:
        tab.restore_package(package)
    wait_idle(qtbot)
    [(rows, notice)] = shown
    assert rows["Nhiệm vụ CCHC"] == ("3", "1")
    assert "sẽ được THAY" in notice

    [swap] = signal.args
    target.close()
    message = swap(path, no_progress, never_cancelled)
    assert "Đã khôi phục dữ liệu từ gói «goi.cchc»" in message
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []
    with open_store(path) as reopened:
        assert sorted(r[0] for r in reopened.conn.execute("SELECT uuid FROM tasks")) == wanted
    assert "Bản sao lưu dữ liệu trước khi khôi phục" in message


def test_restoring_a_damaged_package_changes_nothing(
    qtbot, settings, source, here, usb, monkeypatch, told
) -> None:  # type: ignore[no-untyped-def]
    package = package_of(source, usb / "hong.cchc")
    _damage(package, "data/tasks.jsonl")
    emitted: list[object] = []
    tab = make_tab(qtbot, here, settings)
    tab.replace_store_requested.connect(emitted.append)
    tab.restore_package(package)
    wait_idle(qtbot)
    assert emitted == []
    assert "data/tasks.jsonl" in told["critical"][0]


# --- first run ---------------------------------------------------------------------------


def test_a_new_pc_takes_the_commune_from_a_package_on_first_run(
    qtbot, window, source, usb, monkeypatch, told
) -> None:  # type: ignore[no-untyped-def]
    package = package_of(source, usb / "goi.cchc")
    choose_file(monkeypatch, package)
    seen = preview_then(monkeypatch)
    dialog = FirstRunDialog(window.store, window)
    dialog.show()
    assert dialog.package_button.isVisible()
    tab = window.backup_page.packages_tab
    with qtbot.waitSignal(tab.data_changed, timeout=WAIT):
        dialog.package_button.click()
    wait_idle(qtbot)
    assert not dialog.isVisible() and dialog.result() == IMPORT_PACKAGE
    assert window.current_page_key() == "backup"
    assert window.backup_page.tabs.currentWidget() is tab
    assert len(seen) == 1
    assert load_profile(window.store).commune_code == PROFILE.commune_code
    assert task_count(window.store) == 3


def test_the_first_run_dialog_alone_offers_no_package(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.package_button.isVisible()


def test_conflicts_are_shown_after_the_import_and_the_other_value_can_be_taken(
    qtbot, settings, source, here, usb, monkeypatch, told
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from cchc_desktop.ui.backup.conflicts_dialog import ConflictsDialog

    preview_then(monkeypatch)
    tab = make_tab(qtbot, here, settings)
    with qtbot.waitSignal(tab.data_changed, timeout=WAIT):
        tab.import_package(package_of(source, usb / "lan-1.cchc"))
    wait_idle(qtbot)
    assert tab.conflicts_button.text() == "Xung đột khi trao đổi…"
    uuid = source.conn.execute("SELECT uuid FROM tasks WHERE content = 'Việc A'").fetchone()[0]
    save_task(here, replace(load_task(here, uuid), content="Việc A (máy này sửa)"), TODAY)
    qtbot.wait(5)
    save_task(source, replace(load_task(source, uuid), content="Việc A (máy kia sửa)"), TODAY)
    preview_then(monkeypatch)  # the rule's choice kept
    with qtbot.waitSignal(tab.data_changed, timeout=WAIT):
        tab.import_package(package_of(source, usb / "lan-2.cchc"))
    wait_idle(qtbot)
    assert load_task(here, uuid).content == "Việc A (máy kia sửa)"
    assert "Xung đột khi trao đổi…" in told["information"][-1]
    assert tab.conflicts_button.text() == "Xung đột khi trao đổi (1 chưa xem)…"

    seen: list[dict] = []

    def act(dialog: ConflictsDialog) -> int:
        seen.append(
            {
                "rows": dialog.table.rowCount(),
                "title": dialog.table.item(0, 2).text(),
                "kept": dialog.table.item(0, 4).text(),
                "here": dialog.detail.item(0, 1).text(),
                "there": dialog.detail.item(0, 2).text(),
            }
        )
        dialog.other_button.click()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        return dialog.result()

    monkeypatch.setattr(ConflictsDialog, "exec", act)
    with qtbot.waitSignal(tab.data_changed, timeout=WAIT):
        tab.conflicts_button.click()
    (shown,) = seen
    assert shown["rows"] == 1 and shown["kept"] == "Bản của máy kia"
    assert shown["here"].startswith("Việc A (máy này sửa)")
    assert shown["there"].startswith("Việc A (máy kia sửa)")
    assert load_task(here, uuid).content == "Việc A (máy này sửa)"
    assert tab.conflicts_button.text() == "Xung đột khi trao đổi…"
