"""The task register screens, used as an officer would."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QCollator, QLocale, Qt
from PySide6.QtWidgets import QDialog

from cchc_desktop.context import AppContext
from cchc_desktop.core.tasks import DerivedState, Status
from cchc_desktop.core.text import vietnamese_sort_key
from cchc_desktop.demo import fill_demo_store
from cchc_desktop.store.task_repo import add_tasks, load_task
from cchc_desktop.store.task_table import task_count
from cchc_desktop.ui.tasks import actions as actions_module
from cchc_desktop.ui.tasks import dialogs
from cchc_desktop.ui.tasks.editor import TaskEditorDialog
from cchc_desktop.ui.tasks.import_dialog import ImportTasksDialog
from cchc_desktop.ui.tasks.model import COLUMNS
from cchc_desktop.ui.tasks.page import TasksPage
from cchc_desktop.ui.toolkit.settings import UiSettings
from tests.support.paths import IMPORT_SAMPLES
from tests.support.task_factory import task
from tests.support.ui_helpers import type_text

TODAY = date(2026, 11, 22)
SAMPLES = IMPORT_SAMPLES


@pytest.fixture
def tasks_page(qtbot, store, settings):  # type: ignore[no-untyped-def]
    fill_demo_store(store, TODAY)
    shown = TasksPage(AppContext(store, settings, today=lambda: TODAY))
    qtbot.addWidget(shown)
    shown.resize(1200, 700)
    shown.show()
    return shown


def _contents(page: TasksPage) -> list[str]:
    return [page.model.row(r).content for r in range(page.model.rowCount())]


def _column(key: str) -> int:
    return [c.key for c in COLUMNS].index(key)


def test_the_register_opens_on_this_year_with_counts(tasks_page) -> None:  # type: ignore[no-untyped-def]
    model = tasks_page.model
    assert tasks_page.filters.year.currentData() == 2026
    assert 0 < model.rowCount() < task_count(tasks_page._store)
    text = tasks_page.counts.text()
    assert text.startswith(f"Đang hiển thị {model.rowCount()} nhiệm vụ (trong tổng số ")
    assert "Quá hạn chưa hoàn thành: " in text and "Sắp đến hạn: " in text
    overdue_row = next(
        r for r in range(model.rowCount()) if model.row(r).state == DerivedState.OVERDUE
    )
    index = model.index(overdue_row, _column("state"))
    assert model.data(index) == "Quá hạn chưa hoàn thành"
    assert model.data(index, Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).color().name() == "#fde4e4"


def test_open_task_of_last_year_is_visible_this_year(tasks_page) -> None:  # type: ignore[no-untyped-def]
    rows = [tasks_page.model.row(r) for r in range(tasks_page.model.rowCount())]
    carried = [r for r in rows if r.assigned_on.year < 2026]
    assert carried and all(r.status != Status.DONE for r in carried)


def test_search_ignores_accents_and_case(tasks_page, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_text(tasks_page.filters.search, "qua han")
    tasks_page.apply_filters()
    model = tasks_page.model
    rows = [model.row(r) for r in range(model.rowCount())]
    # the phrase in the text, and the rows the table shows «Quá hạn …» / «… quá hạn»
    assert (
        "Khắc phục việc trả kết quả thủ tục hành chính quá hạn; gửi văn bản xin lỗi người dân "
        "theo quy định"
    ) in _contents(tasks_page)
    overdue = [r for r in rows if r.state in (DerivedState.OVERDUE, DerivedState.DONE_LATE)]
    assert len(overdue) >= 5
    assert all(
        "quá hạn" in r.content.lower() or r.state in (DerivedState.OVERDUE, DerivedState.DONE_LATE)
        for r in rows
    )
    tasks_page.filters.search.setText("DICH VU CONG")
    tasks_page.apply_filters()
    assert all("dịch vụ công" in c.lower() for c in _contents(tasks_page))


def test_filters_by_state_and_clear(tasks_page) -> None:  # type: ignore[no-untyped-def]
    whole_year = tasks_page.model.rowCount()
    tasks_page.filters.state.setCurrentIndex(
        tasks_page.filters.state.findData(DerivedState.DUE_SOON.value)
    )
    rows = [tasks_page.model.row(r) for r in range(tasks_page.model.rowCount())]
    assert rows and all(r.state == DerivedState.DUE_SOON for r in rows)
    tasks_page.filters.search.setText("qua han")
    tasks_page.apply_filters()
    assert tasks_page.model.rowCount() == 0  # no due-soon task says "quá hạn"
    tasks_page.clear_filters()
    assert tasks_page.filters.state.currentData() is None
    assert tasks_page.filters.search.text() == ""
    assert tasks_page.model.rowCount() == whole_year


def test_header_click_sorts_the_vietnamese_way(tasks_page, qtbot) -> None:  # type: ignore[no-untyped-def]
    tasks_page.table.sortByColumn(_column("content"), Qt.SortOrder.AscendingOrder)
    contents = _contents(tasks_page)
    assert contents == sorted(contents, key=vietnamese_sort_key)
    tasks_page.table.sortByColumn(_column("content"), Qt.SortOrder.DescendingOrder)
    assert _contents(tasks_page) == list(reversed(contents))


def test_vietnamese_sort_key_agrees_with_qt_collation() -> None:
    words = ["Ứng dụng", "Ước tính", "Đăng ký", "Dự thảo", "ban hành", "Ban hành", "Ân", "ăn", "an"]
    collator = QCollator(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    assert sorted(words, key=vietnamese_sort_key) == sorted(words, key=collator.sortKey)


def _fill_editor(dialog: TaskEditorDialog, content: str) -> None:
    form = dialog.form
    type_text(form.content, content)
    form.self_assigned.setChecked(True)
    form.lead.setEditText("Công an xã")
    form.deadline.edit.setText("30/12/2026")


def test_add_a_task_then_undo(tasks_page, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = task_count(tasks_page._store)

    def run(dialog: TaskEditorDialog) -> int:
        _fill_editor(dialog, "Tuyên truyền thủ tục hành chính trên loa phát thanh")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(TaskEditorDialog, "exec", run)
    tasks_page.controller.add_task()
    assert task_count(tasks_page._store) == before + 1
    selected = tasks_page.table.selected_uuids()
    assert load_task(tasks_page._store, selected[0]).lead == "Công an xã"
    assert tasks_page.undo_action.isEnabled()
    tasks_page.controller.undo()
    assert task_count(tasks_page._store) == before


def test_editor_shows_every_mistake_and_saves_nothing(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = TaskEditorDialog(store, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.form.deadline.edit.setText("31/02/2026")
    dialog.form.status.setCurrentIndex(dialog.form.status.findData(Status.DONE.value))
    dialog.form.completed_on.edit.setText("01/12/2026")
    dialog.save()
    form = dialog.form
    assert form.error_text("content") == "Chưa nhập nội dung nhiệm vụ."
    assert form.error_text("lead") == "Chưa nhập người hoặc đơn vị chủ trì."
    assert form.error_text("deadline").startswith("Ngày «31/02/2026» không có thật")
    assert "chưa tới" in form.error_text("completed_on")
    assert form.error_text("source_number").startswith("Nhập số, ký hiệu văn bản giao")
    assert dialog.notice.text().startswith("Chưa lưu: còn 5 mục cần sửa")
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert task_count(store) == 0


def test_edit_delete_and_undo(tasks_page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tasks_page.table.selectRow(0)
    uuid = tasks_page.table.selected_uuids()[0]
    original = load_task(tasks_page._store, uuid)

    def run(dialog: TaskEditorDialog) -> int:
        dialog.form.notes.setPlainText("Đã đôn đốc")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(TaskEditorDialog, "exec", run)
    tasks_page.controller.edit_selected()
    assert load_task(tasks_page._store, uuid).notes == "Đã đôn đốc"
    monkeypatch.setattr(tasks_page.controller, "confirm_delete", lambda count: True)
    tasks_page.table.selectRow(0)
    tasks_page.controller.delete_selected()
    assert load_task(tasks_page._store, uuid) is None
    tasks_page.controller.undo()
    assert load_task(tasks_page._store, uuid).notes == "Đã đôn đốc"
    tasks_page.controller.undo()
    assert load_task(tasks_page._store, uuid) == original


def test_delete_needs_confirmation(tasks_page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = task_count(tasks_page._store)
    monkeypatch.setattr(tasks_page.controller, "confirm_delete", lambda count: False)
    tasks_page.table.selectRow(0)
    tasks_page.controller.delete_selected()
    assert task_count(tasks_page._store) == before


def test_status_of_many_tasks_at_once(tasks_page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    model = tasks_page.model
    open_rows = [r for r in range(model.rowCount()) if model.row(r).status != Status.DONE][:2]
    for r in open_rows:
        tasks_page.table.selectionModel().select(
            model.index(r, 0),
            tasks_page.table.selectionModel().SelectionFlag.Select
            | tasks_page.table.selectionModel().SelectionFlag.Rows,
        )
    uuids = tasks_page.table.selected_uuids()
    assert len(uuids) == 2

    def run(dialog: dialogs.StatusDialog) -> int:
        dialog.status.setCurrentIndex(dialog.status.findData(Status.DONE.value))
        dialog.completed_on.set_date(TODAY)
        return 1

    monkeypatch.setattr(dialogs.StatusDialog, "exec", run)
    monkeypatch.setattr(actions_module.QMessageBox, "information", lambda *a: None)
    tasks_page.controller.change_status()
    assert all(load_task(tasks_page._store, u).status == Status.DONE for u in uuids)
    tasks_page.controller.undo()
    assert all(load_task(tasks_page._store, u).status != Status.DONE for u in uuids)


def test_columns_can_be_hidden_and_it_is_remembered(tasks_page, settings, home) -> None:  # type: ignore[no-untyped-def]
    tasks_page.table.toggle_column(_column("lead"), False)
    assert "lead" not in tasks_page.table.visible_columns()
    settings.sync()
    again = TasksPage(
        AppContext(tasks_page._store, UiSettings(home / "giao-dien.ini"), today=lambda: TODAY)
    )
    assert "lead" not in again.table.visible_columns()
    assert "content" in again.table.visible_columns()
    again.deleteLater()


def test_import_preview_then_confirm_then_nothing_twice(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportTasksDialog(store, TODAY, "Văn phòng HĐND và UBND")
    qtbot.addWidget(dialog)
    dialog.source_number.setText("12/KH-UBND")
    with qtbot.waitSignal(
        dialog.read(SAMPLES / "ke-hoach-cchc-2026-xa-an-binh.xlsx").finished, timeout=10000
    ):
        pass
    assert task_count(store) == 0  # nothing written by the preview
    count = dialog.to_add.rowCount()
    assert count > 20 and dialog.add_button.text() == f"Thêm {count} nhiệm vụ"
    dialog.confirm()
    assert task_count(store) == count
    again = ImportTasksDialog(store, TODAY, "Văn phòng HĐND và UBND")
    qtbot.addWidget(again)
    again.source_number.setText("12/KH-UBND")
    with qtbot.waitSignal(
        again.read(SAMPLES / "ke-hoach-cchc-2026-xa-an-binh.xlsx").finished, timeout=10000
    ):
        pass
    assert again.to_add.rowCount() == 0 and again.already.rowCount() == count
    assert not again.add_button.isEnabled()


def test_import_of_a_file_that_is_not_excel(qtbot, store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "ke-hoach.xlsx"
    fake.write_text("STT;Nội dung\n1;abc", encoding="utf-8")
    dialog = ImportTasksDialog(store, TODAY, "")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.read(fake).finished, timeout=10000):
        pass
    assert "không phải tệp Excel" in dialog.notice.text() or ".xlsx" in dialog.notice.text()
    assert not dialog.add_button.isEnabled()
    assert task_count(store) == 0


def test_periodic_reports_are_created_once(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = dialogs.PeriodicReportsDialog(store, 2026, "Nguyễn Thị Thu Hà", TODAY)
    qtbot.addWidget(dialog)
    dialog.table.cellWidget(0, 1).setValue(3)  # the province wants the Q1 report by 03/03
    dialog.generate()
    assert len(dialog.added) == 4
    assert "Đã tạo 4 nhiệm vụ báo cáo định kỳ năm 2026" in dialog.notice.text()
    assert "03/03/2026" in dialog.notice.text()
    dialog.generate()
    assert len(dialog.added) == 4
    assert "4 nhiệm vụ đã có từ trước nên không tạo lại" in dialog.notice.text()


def test_statistics_read_like_a_report(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    add_tasks(
        store,
        [task("A", status=Status.DONE, completed_on=date(2026, 6, 1)), task("B")],
        TODAY,
    )
    dialog = dialogs.StatisticsDialog(store, 2026, TODAY, 7)
    qtbot.addWidget(dialog)
    assert "1/2 nhiệm vụ hoàn thành (1 đúng hạn, 0 quá hạn)." in dialog.summary.text()
    assert "Có 1 nhiệm vụ quá hạn chưa hoàn thành." in dialog.summary.text()
    dialog.by_range.setChecked(True)
    dialog.end.edit.setText("31/13/2026")
    dialog.refresh()
    assert "không" in dialog.notice.text()


def test_scrolling_keeps_only_a_few_pages(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    add_tasks(store, [task(f"Nhiệm vụ số {n}") for n in range(2500)], TODAY)
    shown = TasksPage(AppContext(store, settings, today=lambda: TODAY))
    qtbot.addWidget(shown)
    shown.show()
    model = shown.model
    assert model.rowCount() == model.FIRST_ROWS  # the first rows at once …
    qtbot.waitUntil(lambda: model.selection.complete, timeout=10000)
    assert model.rowCount() == 2500  # … and the rest right after
    assert shown.counts.text().startswith("Đang hiển thị 2.500 nhiệm vụ")
    for row in range(0, 2500, 50):
        assert model.data(model.index(row, 0)).startswith("Nhiệm vụ số")
    assert model.cached_pages() <= model.KEEP_PAGES


def test_enter_on_the_row_under_the_keyboard_opens_the_editor(
    tasks_page, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    opened: list[str] = []
    monkeypatch.setattr(
        TaskEditorDialog, "exec", lambda dialog: opened.append(dialog.form.content.toPlainText())
    )
    with qtbot.waitActive(tasks_page):
        tasks_page.activateWindow()
    tasks_page.table.setFocus()
    tasks_page.table.setCurrentIndex(tasks_page.model.index(2, 0))
    tasks_page.table.clearSelection()
    qtbot.keyClick(tasks_page.table, Qt.Key.Key_Return)
    assert opened == [tasks_page.model.row(2).content]


def test_enter_in_the_search_box_goes_to_the_first_result(tasks_page, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitActive(tasks_page):
        tasks_page.activateWindow()
    tasks_page.filters.search.setFocus()
    type_text(tasks_page.filters.search, "dich vu cong")
    qtbot.keyClick(tasks_page.filters.search, Qt.Key.Key_Return)
    assert tasks_page.table.hasFocus()
    assert len(tasks_page.table.selected_uuids()) == 1
    assert "dịch vụ công" in tasks_page.model.row(0).content.lower()


def test_ctrl_f_goes_to_the_search_box_from_the_table(tasks_page, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitActive(tasks_page):
        tasks_page.activateWindow()
    tasks_page.filters.search.setText("cũ")
    tasks_page.table.setFocus()
    qtbot.keyClick(tasks_page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tasks_page.filters.search.hasFocus()
    qtbot.keyClicks(tasks_page.filters.search, "qua han")  # replaces what was there
    assert tasks_page.filters.search.text() == "qua han"


def test_keys_typed_in_the_search_box_stay_there(tasks_page, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[int] = []
    monkeypatch.setattr(
        tasks_page.controller, "confirm_delete", lambda count: asked.append(count) or False
    )
    with qtbot.waitActive(tasks_page):
        tasks_page.activateWindow()
    tasks_page.table.selectRow(0)
    tasks_page.filters.search.setFocus()
    tasks_page.filters.search.setText("abc")
    tasks_page.filters.search.setCursorPosition(0)
    qtbot.keyClick(tasks_page.filters.search, Qt.Key.Key_Delete)
    assert tasks_page.filters.search.text() == "bc"
    assert asked == []
    tasks_page.table.setFocus()
    qtbot.keyClick(tasks_page.table, Qt.Key.Key_Delete)
    assert asked == [1]


def test_a_newer_query_drops_the_older_completion(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    add_tasks(store, [task(f"Nhiệm vụ số {n}") for n in range(700)], TODAY)
    add_tasks(store, [task("Rà soát riêng", lead="Công an xã")], TODAY)
    shown = TasksPage(AppContext(store, settings, today=lambda: TODAY))
    qtbot.addWidget(shown)
    shown.show()
    assert not shown.model.selection.complete
    shown.filters.lead.setCurrentIndex(
        shown.filters.lead.findData("Công an xã")
    )  # before completion
    assert shown.model.selection.complete and shown.model.rowCount() == 1
    qtbot.wait(shown.model.COMPLETE_AFTER_MS * 4)
    assert shown.model.rowCount() == 1  # the first query's completion did not come back
    assert shown.counts.text().startswith("Đang hiển thị 1 nhiệm vụ")


def test_an_empty_search_says_which_filter_hides_the_tasks(tasks_page) -> None:  # type: ignore[no-untyped-def]
    tasks_page.filters.status.setCurrentIndex(
        tasks_page.filters.status.findData(Status.PAUSED.value)
    )
    type_text(tasks_page.filters.search, "dich vu cong")
    tasks_page.apply_filters()
    assert tasks_page.model.rowCount() == 0
    text = tasks_page.counts.text()
    assert text.startswith("Không có nhiệm vụ nào khớp; bỏ lọc «trạng thái» thì có ")
    assert "Bấm «Bỏ lọc»" in text


def test_choosing_done_never_fills_a_date_nobody_typed(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    """0.6.0: «Hoàn thành» filled today silently; one Enter recorded «Hoàn thành quá hạn»."""
    saved = add_tasks(store, [task("Việc cần chốt", deadline=date(2026, 6, 30))], TODAY)[0]
    dialog = TaskEditorDialog(store, saved, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    form.status.setCurrentIndex(form.status.findData(Status.DONE.value))
    assert form.completed_on.edit.text() == ""
    assert "gõ ngày hoàn thành" in form.completed_on.edit.placeholderText()
    assert form.completed_on.edit.hasFocus() or dialog.focusWidget() is form.completed_on.edit
    dialog.save()  # Enter without a date: refused at the field, nothing saved
    assert form.error_text("completed_on") == "Nhiệm vụ đã hoàn thành phải có ngày hoàn thành."
    assert load_task(store, saved.uuid).status != Status.DONE
    type_text(form.completed_on.edit, "25/06/2026")  # typed after clicking into the field
    dialog.save()
    assert load_task(store, saved.uuid).completed_on == date(2026, 6, 25)


def test_the_bulk_status_change_asks_for_the_date_too(qtbot) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.ui.tasks.dialogs import StatusDialog

    dialog = StatusDialog(2, TODAY)
    qtbot.addWidget(dialog)
    dialog.status.setCurrentIndex(dialog.status.findData(Status.DONE.value))
    assert dialog.completed_on.edit.text() == ""
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.form.error_text("completed_on") == (
        "Nhiệm vụ đã hoàn thành phải có ngày hoàn thành."
    )


def test_the_refusal_banner_and_red_notes_go_as_mistakes_are_fixed(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    """0.6.0: «Chưa lưu: còn N mục cần sửa» and the red note stayed after the fix."""
    dialog = TaskEditorDialog(store, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    type_text(form.content, "Rà soát thủ tục hành chính")
    form.lead.setEditText("")
    dialog.save()
    count = form.error_count()
    assert count >= 2 and dialog.notice.text() == (
        f"Chưa lưu: còn {count} mục cần sửa (ghi chú màu đỏ dưới từng mục)."
    )
    assert form.error_text("lead")
    form.lead.setEditText("Văn phòng HĐND và UBND")  # picked or typed: either way it is fixed
    assert form.error_text("lead") == ""
    assert dialog.notice.text().startswith(f"Chưa lưu: còn {count - 1} mục cần sửa")
    for name in list(form.editors):
        if form.error_text(name):
            form.set_error(name, "")  # the rest fixed
    assert not dialog.notice.isVisible()


def test_the_status_dialog_grows_for_the_completion_date(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Choosing «Hoàn thành» shows the date row; nothing of it is cut off."""
    from cchc_desktop.core.tasks import Status

    dialog = dialogs.StatusDialog(3, date(2026, 12, 8))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.status.setCurrentIndex(dialog.status.findData(Status.DONE.value))
    assert dialog.completed_on.isVisibleTo(dialog)
    assert dialog.width() >= dialog.sizeHint().width()
    assert dialog.height() >= dialog.sizeHint().height()
