"""The task register after changes: what stays selected, shown and typed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from cchc_desktop.context import AppContext
from cchc_desktop.core.tasks import Document, Status
from cchc_desktop.store.documents_repo import documents_for_choice
from cchc_desktop.store.task_repo import add_tasks, load_task, save_task
from cchc_desktop.store.task_table import task_count
from cchc_desktop.ui.tasks import actions as actions_module
from cchc_desktop.ui.tasks import dialogs
from cchc_desktop.ui.tasks import page as page_module
from cchc_desktop.ui.tasks.editor import TaskEditorDialog
from cchc_desktop.ui.tasks.model import COLUMNS, TaskTableModel
from cchc_desktop.ui.tasks.page import TasksPage
from cchc_desktop.ui.toolkit.documents import DocumentDialog
from cchc_desktop.ui.toolkit.settings import UiSettings
from tests.support.task_factory import task
from tests.support.ui_helpers import type_text

TODAY = date(2026, 11, 22)


def _page(qtbot, store, settings) -> TasksPage:  # type: ignore[no-untyped-def]
    shown = TasksPage(AppContext(store, settings, today=lambda: TODAY))
    qtbot.addWidget(shown)
    shown.resize(1200, 700)
    shown.show()
    return shown


def _contents(page: TasksPage) -> list[str]:
    return [page.model.row(r).content for r in range(page.model.rowCount())]


def test_select_all_reads_the_chosen_tasks_by_position(qtbot, store, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    add_tasks(store, [task(f"Nhiệm vụ {n:04d}") for n in range(1200)], TODAY)
    shown = _page(qtbot, store, settings)
    shown.model.complete_now()
    read_rows: list[int] = []
    original_row = shown.model.row
    monkeypatch.setattr(shown.model, "row", lambda r: read_rows.append(r) or original_row(r))
    asked = []
    original_count = TaskTableModel.rowCount
    monkeypatch.setattr(
        TaskTableModel, "rowCount", lambda *a: asked.append(1) or original_count(*a)
    )
    shown.table.selectAll()
    qtbot.wait(30)  # painted
    # painting the selection does not walk the selected rows (Qt did, once per column title)
    assert len(asked) < 1200, len(asked)
    assert shown.status_action.isEnabled() and not shown.edit_action.isEnabled()
    uuids = shown.table.selected_uuids()
    assert len(uuids) == 1200 == len(set(uuids))
    assert read_rows == []  # no row of the table was loaded to count or name the selection
    # a choice in two runs, in table order
    shown.table.clearSelection()
    shown.table.selectRow(5)
    shown.table.selectionModel().select(
        shown.model.index(900, 0),
        shown.table.selectionModel().SelectionFlag.Select
        | shown.table.selectionModel().SelectionFlag.Rows,
    )
    assert [load_task(store, u).content for u in shown.table.selected_uuids()] == [
        original_row(5).content,
        original_row(900).content,
    ]


def test_status_change_keeps_the_tasks_selected(qtbot, store, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    add_tasks(store, [task(f"Nhiệm vụ {n}") for n in range(6)], TODAY)
    shown = _page(qtbot, store, settings)
    shown.table.selectRow(1)
    shown.table.selectionModel().select(
        shown.model.index(3, 0),
        shown.table.selectionModel().SelectionFlag.Select
        | shown.table.selectionModel().SelectionFlag.Rows,
    )
    chosen = shown.table.selected_uuids()

    def run(dialog: dialogs.StatusDialog) -> int:
        dialog.status.setCurrentIndex(dialog.status.findData(Status.PAUSED.value))
        return 1

    monkeypatch.setattr(dialogs.StatusDialog, "exec", run)
    shown.controller.change_status()
    assert sorted(shown.table.selected_uuids()) == sorted(chosen)


def test_after_a_delete_the_keyboard_is_on_the_next_task(
    qtbot, store, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    add_tasks(store, [task(f"Nhiệm vụ {n}") for n in range(5)], TODAY)
    shown = _page(qtbot, store, settings)
    monkeypatch.setattr(shown.controller, "confirm_delete", lambda count: True)
    shown.table.selectRow(2)
    next_one = shown.model.row(3).content
    shown.controller.delete_selected()
    assert [load_task(store, u).content for u in shown.table.selected_uuids()] == [next_one]


def test_a_filter_whose_choice_disappeared_shows_everything_again(
    qtbot, store, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    add_tasks(store, [task("A"), task("B"), task("Riêng", lead="Công an xã")], TODAY)
    shown = _page(qtbot, store, settings)
    shown.filters.lead.setCurrentIndex(shown.filters.lead.findData("Công an xã"))
    assert _contents(shown) == ["Riêng"]
    monkeypatch.setattr(shown.controller, "confirm_delete", lambda count: True)
    shown.table.selectRow(0)
    shown.controller.delete_selected()
    assert shown.filters.lead.currentData() is None  # the lead is gone from the list …
    assert sorted(_contents(shown)) == ["A", "B"]  # … and the table agrees with the list


def test_a_search_typed_just_before_leaving_the_page_runs_on_return(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    add_tasks(store, [task("Quá hạn trả kết quả"), task("Khác")], TODAY)
    shown = _page(qtbot, store, settings)
    type_text(shown.filters.search, "tra ket qua")
    shown.hide()  # another screen chosen before the search ran
    shown.show()
    assert _contents(shown) == ["Quá hạn trả kết quả"]


def test_due_soon_days_are_saved_once_the_officer_stops(
    qtbot, store, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    shown = _page(qtbot, store, settings)
    saved: list[int] = []
    original = page_module.set_setting
    monkeypatch.setattr(
        page_module, "set_setting", lambda s, k, v: saved.append(v) or original(s, k, v)
    )
    for _ in range(5):
        shown.soon.stepUp()
    assert saved == []
    qtbot.waitUntil(lambda: saved == [12], timeout=10000)
    assert shown.due_soon_days() == 12


def test_generated_reports_can_be_undone(qtbot, store, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown = _page(qtbot, store, settings)

    def run(dialog: dialogs.PeriodicReportsDialog) -> int:
        dialog.generate()
        return 0

    monkeypatch.setattr(dialogs.PeriodicReportsDialog, "exec", run)
    shown.controller.periodic_reports()
    assert task_count(store) == 4
    assert "báo cáo định kỳ" in shown.undo_action.toolTip()
    shown.controller.undo()
    assert task_count(store) == 0


def test_undo_goes_back_step_by_step(qtbot, store, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown = _page(qtbot, store, settings)
    monkeypatch.setattr(dialogs.PeriodicReportsDialog, "exec", lambda d: d.generate() or 0)
    shown.controller.periodic_reports()
    monkeypatch.setattr(shown.controller, "confirm_delete", lambda count: True)
    shown.table.selectRow(0)
    deleted = shown.table.selected_uuids()
    shown.controller.delete_selected()
    shown.controller.periodic_reports()  # the deleted report generated again
    regenerated = set(shown.table.selected_uuids())
    # the period's report comes back under its one identity
    assert task_count(store) == 4 and regenerated == set(deleted)
    said: list[str] = []
    monkeypatch.setattr(actions_module.QMessageBox, "warning", lambda p, t, text: said.append(text))
    shown.controller.undo()  # the regeneration
    shown.controller.undo()  # the deletion
    assert said == []
    assert load_task(store, deleted[0]) is not None and task_count(store) == 4


def test_column_order_and_widths_are_remembered(qtbot, store, settings, home) -> None:  # type: ignore[no-untyped-def]
    shown = _page(qtbot, store, settings)
    header = shown.table.horizontalHeader()
    lead = [c.key for c in COLUMNS].index("lead")
    header.moveSection(header.visualIndex(lead), 0)
    header.resizeSection(lead, 333)
    shown.hide()
    settings.sync()
    again = TasksPage(AppContext(store, UiSettings(home / "giao-dien.ini"), today=lambda: TODAY))
    qtbot.addWidget(again)
    assert again.table.horizontalHeader().visualIndex(lead) == 0
    assert again.table.horizontalHeader().sectionSize(lead) == 333


# --- the editor ---------------------------------------------------------------------------


def test_a_task_citing_an_old_document_stays_shared(qtbot, store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    old_plan = Document(number="1/KH-UBND", issued_on=date(2020, 1, 5), summary="Kế hoạch cũ")
    first, second = add_tasks(
        store, [task("A", source=old_plan), task("B", source=old_plan)], TODAY
    )
    newer = [Document(number=f"{n}/KH", issued_on=date(2026, 1, 1)) for n in range(3)]
    add_tasks(store, [task(f"Mới {n}", source=d) for n, d in enumerate(newer)], TODAY)
    # only the newest documents are offered: the old plan is not among them
    monkeypatch.setattr(
        "cchc_desktop.ui.tasks.editor.documents_for_choice",
        lambda s: documents_for_choice(s, limit=2),
    )
    dialog = TaskEditorDialog(store, load_task(store, first.uuid), TODAY)
    qtbot.addWidget(dialog)
    assert dialog.form.source_choice.currentData().uuid == first.source.uuid
    dialog.form.notes.setPlainText("Đã đôn đốc")
    dialog.save()
    saved = load_task(store, first.uuid)
    assert saved.source.uuid == first.source.uuid == load_task(store, second.uuid).source.uuid


def test_saving_a_task_keeps_the_files_of_its_document(qtbot, store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.core.tasks import DocumentFile

    scan = tmp_path / "ke-hoach.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    plan = Document(number="45/KH-UBND", files=(DocumentFile(name="ke-hoach.pdf", source=scan),))
    holder = save_task(store, task("Có văn bản", results=(plan,)), TODAY)
    cited = holder.results[0]
    user = save_task(store, task("Dẫn văn bản", source=replace(cited, files=())), TODAY)
    dialog = TaskEditorDialog(store, load_task(store, user.uuid), TODAY)
    qtbot.addWidget(dialog)
    dialog.form.notes.setPlainText("Ghi chú")
    dialog.save()
    assert [f.name for f in load_task(store, holder.uuid).results[0].files] == ["ke-hoach.pdf"]


def test_escape_asks_before_throwing_away_what_was_typed(qtbot, store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    saved = save_task(store, task("Rà soát"), TODAY)
    dialog = TaskEditorDialog(store, load_task(store, saved.uuid), TODAY)
    qtbot.addWidget(dialog)
    asked: list[bool] = []
    monkeypatch.setattr(dialog, "confirm_discard", lambda: asked.append(True) or False)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [] and not dialog.isVisible()  # nothing typed: closes at once
    dialog.show()
    type_text(dialog.form.content, " thủ tục")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [True] and dialog.isVisible()  # the officer said no: still open
    assert load_task(store, saved.uuid).content == "Rà soát"


def test_document_dialog_asks_too(qtbot, store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = DocumentDialog(store, None, TODAY)
    qtbot.addWidget(dialog)
    asked: list[bool] = []
    monkeypatch.setattr(dialog, "confirm_discard", lambda: asked.append(True) or False)
    dialog.show()
    dialog.issued_on.edit.setText("31/02")  # a date half typed
    dialog.reject()
    assert asked == [True] and dialog.isVisible()


@pytest.mark.parametrize("away", [Status.IN_PROGRESS, Status.PAUSED])
def test_status_away_and_back_keeps_the_completion_date(qtbot, store, away) -> None:  # type: ignore[no-untyped-def]
    done = save_task(store, task("Xong", status=Status.DONE, completed_on=date(2026, 5, 4)), TODAY)
    dialog = TaskEditorDialog(store, load_task(store, done.uuid), TODAY)
    qtbot.addWidget(dialog)
    status = dialog.form.status
    status.setCurrentIndex(status.findData(away.value))
    assert dialog.form.completed_on.edit.text() == ""
    status.setCurrentIndex(status.findData(Status.DONE.value))
    assert dialog.form.completed_on.edit.text() == "04/05/2026"


def test_the_keyboard_is_back_on_the_table_after_a_dialog(
    qtbot, store, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    add_tasks(store, [task("A"), task("B")], TODAY)
    shown = _page(qtbot, store, settings)
    with qtbot.waitActive(shown):
        shown.activateWindow()
    shown.table.selectRow(1)
    shown.filters.search.setFocus()
    monkeypatch.setattr(dialogs.StatusDialog, "exec", lambda dialog: 0)  # «Hủy»
    shown.controller.change_status()
    qtbot.waitUntil(shown.table.hasFocus, timeout=10000)
