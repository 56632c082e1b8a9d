"""The change-history dialog: opened from the menu, filtered, exported."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from cchc_desktop.store import history as hist
from cchc_desktop.store.profile_repo import save_profile
from cchc_desktop.store.task_repo import save_task
from cchc_desktop.ui.history.dialog import NOTE, HistoryDialog
from tests.support.profile import PROFILE
from tests.support.task_factory import task

DAY = date(2026, 3, 1)


def _fill(store) -> None:  # type: ignore[no-untyped-def]
    save_profile(store, PROFILE, DAY)
    saved = save_task(store, task("Công bố thủ tục hành chính"), DAY)
    save_task(store, replace(saved, deadline=date(2026, 7, 31), notes="Làm gấp"), DAY)
    hist.set_actor(store, "Trần Văn Bình")
    save_task(store, task("Số hóa hồ sơ, kết quả giải quyết"), DAY)


def test_the_menu_opens_the_dialog(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: opened.append(self) or 0)
    action = next(
        a
        for menu in window.menuBar().actions()
        for a in menu.menu().actions()
        if a.text() == "Lịch sử thay đổi…"
    )
    assert action.shortcut().toString() == "Ctrl+H"
    action.trigger()
    assert len(opened) == 1 and opened[0].windowTitle() == "Lịch sử thay đổi"


def test_filters_narrow_the_rows(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    _fill(store)
    dialog = HistoryDialog(store)
    qtbot.addWidget(dialog)
    total = dialog.model.rowCount()
    assert total == 6  # the profile, 2 documents, 2 new tasks, 1 change
    dialog.person.setCurrentIndex(dialog.person.findData("Trần Văn Bình"))
    assert dialog.model.rowCount() == 2
    dialog.person.setCurrentIndex(0)
    dialog.kind.setCurrentIndex(dialog.kind.findData("tasks"))
    assert dialog.model.rowCount() == 3
    dialog.search.setText("cong bo")
    assert dialog.model.rowCount() == 2
    dialog.search.setText("")
    dialog.use_until.setChecked(True)
    dialog.until.setDate(dialog.until.date().addYears(-30))
    assert dialog.model.rowCount() == 0
    dialog.use_until.setChecked(False)
    dialog.table.selectRow(1)  # the change of deadline and notes
    cells = [
        [dialog.detail.item(r, c).text() for c in range(3)] for r in range(dialog.detail.rowCount())
    ]
    assert cells == [["Hạn", "30/06/2026", "31/07/2026"], ["Ghi chú", "", "Làm gấp"]]


def test_export_writes_a_file(qtbot, store, settings, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    _fill(store)
    dialog = HistoryDialog(store)
    qtbot.addWidget(dialog)
    target = tmp_path / "lich-su"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(target), "")))
    dialog.export_button.click()
    written = Path(f"{target}.xlsx")
    assert written.is_file()
    rows = list(load_workbook(written).active.iter_rows(values_only=True))
    assert sum(1 for r in rows if r[1] in ("Lê Thị Hồng", "Trần Văn Bình")) == 6
    assert "Đã lưu 6 mục" in dialog.count_label.text()


def test_screenshot(qtbot, store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _fill(store)
    dialog = HistoryDialog(store)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 640)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.table.selectRow(1)
    assert any(NOTE == label.text() for label in dialog.findChildren(type(dialog.count_label)))
    shot = Path("/tmp/cchc-history-dialog.png")
    dialog.grab().save(str(shot))
    assert shot.stat().st_size > 0
