"""The «Nhập nhiệm vụ từ Excel» dialog while the officer types its defaults."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cchc_desktop.importers import task_import
from cchc_desktop.store.task_repo import add_tasks, load_task
from cchc_desktop.store.task_table import task_count
from cchc_desktop.ui.tasks import import_deadlines, import_dialog
from cchc_desktop.ui.tasks.import_dialog import REPLAN_DELAY_MS, ImportTasksDialog
from cchc_desktop.ui.toolkit import import_dialog as shared_dialog
from tests.support.paths import IMPORT_SAMPLES
from tests.support.plan_workbooks import QUARTERLY, YEARLY, ha_quang_plan
from tests.support.task_factory import task
from tests.support.ui_helpers import type_text

TODAY = date(2026, 11, 22)
SAMPLE = IMPORT_SAMPLES / "ke-hoach-cchc-2026-xa-an-binh.xlsx"
PAUSE = REPLAN_DELAY_MS + 150  # long enough for the preview to follow


class Counter:
    """Wraps a function of a module (import_dialog unless said) and counts its calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str, module=import_dialog):  # type: ignore[no-untyped-def]
        self.calls = 0
        original = getattr(module, name)

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)


def _open(qtbot, store, number: str = "") -> ImportTasksDialog:  # type: ignore[no-untyped-def]
    dialog = ImportTasksDialog(store, TODAY, "Văn phòng HĐND và UBND")
    qtbot.addWidget(dialog)
    dialog.source_number.setText(number)
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitActive(dialog):  # the keyboard is this window's, as on a desk
        dialog.activateWindow()
    with qtbot.waitSignal(dialog.read(SAMPLE).finished, timeout=10000):
        pass
    # on a busy machine the reading showed its progress window: the keyboard comes back
    # to this one when that closes, which the tests below must not race with
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=10000)
    qtbot.wait(50)
    assert dialog.reading is not None
    return dialog


def _focus(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: _cursor_in(widget), timeout=10000)


def _cursor_in(widget) -> bool:  # type: ignore[no-untyped-def]
    """Whether the keyboard cursor of the widget's window is in it.

    Asked of the window, not of the application: another test's window becoming
    active on a busy machine must not count as the dialog moving the cursor.
    """
    return widget.window().focusWidget() is widget


def _type_where_the_cursor_is(qtbot, dialog, text: str) -> None:  # type: ignore[no-untyped-def]
    """Keystrokes go to whichever field of the dialog has the cursor, as on a real desk."""
    for char in text:
        qtbot.keyClick(dialog.focusWidget(), char)


def _deadline_of(dialog: ImportTasksDialog, printed: str) -> date | None:
    assert dialog.plan is not None
    deadlines = {row.deadline for row, _ in dialog.plan.to_add if row.deadline_text == printed}
    assert len(deadlines) == 1
    return deadlines.pop()


def test_typing_a_default_never_moves_the_cursor(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, store)
    assert dialog.source_number.text() == "15/KH-UBND"  # as the sheet states it …
    dialog.source_number.clear()  # … taken away: the preview waits for a number
    dialog.replan()
    assert dialog.form.error_text("source_number")
    _focus(qtbot, dialog.source_summary)
    _type_where_the_cursor_is(qtbot, dialog, "Ke")
    qtbot.wait(PAUSE)  # the preview follows (and fails for the empty number) …
    _type_where_the_cursor_is(qtbot, dialog, " hoach")
    qtbot.wait(PAUSE)
    assert dialog.source_summary.text() == "Ke hoach"  # … and the cursor stayed
    assert dialog.source_number.text() == ""
    assert _cursor_in(dialog.source_summary)
    assert dialog.form.error_text("source_number")  # the red note is shown all the same
    assert not dialog.add_button.isEnabled()

    _focus(qtbot, dialog.source_number)
    qtbot.keyClicks(dialog.source_number, "45/KH-UBND")
    qtbot.waitUntil(dialog.add_button.isEnabled, timeout=10000)
    assert _cursor_in(dialog.source_number)
    assert dialog.source_number.text() == "45/KH-UBND"
    assert dialog.source_summary.text() == "Ke hoach"
    assert not dialog.form.error_text("source_number")


def test_the_preview_waits_until_typing_stops(qtbot, store, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    plans = Counter(monkeypatch, "plan_task_import")
    dialog = _open(qtbot, store, "12/KH-UBND")
    assert plans.calls == 1  # the preview right after reading
    _focus(qtbot, dialog.source_summary)
    type_text(dialog.source_summary, "Kế hoạch cải cách hành chính")
    assert plans.calls == 1  # not once per keystroke
    qtbot.waitUntil(lambda: plans.calls == 2, timeout=10000)
    qtbot.wait(PAUSE)
    assert plans.calls == 2  # once after the last one
    assert dialog.plan is not None
    assert {t.source.summary for t in dialog.plan.tasks if t.source} == {
        "Kế hoạch cải cách hành chính"
    }


def test_stored_tasks_are_read_once_per_dialog(qtbot, store, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    add_tasks(store, [task("Một nhiệm vụ đã có")], TODAY)
    fingerprints = Counter(monkeypatch, "existing_fingerprints", task_import)
    dialog = _open(qtbot, store, "12/KH-UBND")
    assert fingerprints.calls == 1
    for text in ("Kế hoạch", " năm 2026"):
        type_text(dialog.source_summary, text)
        qtbot.wait(PAUSE)
    dialog.lead.clear()
    type_text(dialog.lead, "Công chức Văn phòng - Thống kê")
    qtbot.wait(PAUSE)
    dialog.assigned_on.set_date(date(2027, 1, 5))  # a new year: the file is read again
    dialog.assigned_on.changed.emit()
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.reading is not None, timeout=10000)
    qtbot.waitUntil(lambda: _deadline_of(dialog, "Cả năm") == date(2027, 12, 31), timeout=10000)
    dialog.confirm()
    assert fingerprints.calls == 1
    assert task_count(store) == 1 + len(dialog.added)


def test_a_new_assigned_date_dates_the_periods_without_a_year(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, store, "12/KH-UBND")
    assert _deadline_of(dialog, "Cả năm") == date(2026, 12, 31)
    assert _deadline_of(dialog, "Quý II/2026") == date(2026, 6, 30)
    _focus(qtbot, dialog.assigned_on.edit)
    dialog.assigned_on.edit.selectAll()
    qtbot.keyClicks(dialog.assigned_on.edit, "15/01/2027")
    assert _deadline_of(dialog, "Cả năm") == date(2026, 12, 31)  # not yet: still typing
    qtbot.waitUntil(
        lambda: dialog.plan is not None and _deadline_of(dialog, "Cả năm") == date(2027, 12, 31),
        timeout=5000,
    )
    assert dialog.reading is not None
    assert {r.deadline for r in dialog.reading.rows if r.deadline_text == "Quý II/2026"} == {
        date(2026, 6, 30)  # a period that says its year keeps it
    }
    assert _cursor_in(dialog.assigned_on.edit)
    assert {t.assigned_on for t in dialog.plan.tasks} == {date(2027, 1, 15)}
    shown = _shown(dialog.to_add, import_dialog.COLUMN_READ_AS)
    assert "31/12/2027" in shown and "31/12/2026" not in shown
    assert dialog.add_button.isEnabled()

    dialog.confirm()  # what is stored is what was previewed
    by_content = {t.content: t for t in dialog.added}
    yearly = [row for row, _ in dialog.plan.to_add if row.deadline_text == "Cả năm"]
    stored = load_task(store, by_content[yearly[0].content].uuid)
    assert stored.deadline == date(2027, 12, 31)


def test_confirm_right_after_typing_uses_what_was_typed(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, store, "12/KH-UBND")
    _focus(qtbot, dialog.source_summary)
    qtbot.keyClicks(dialog.source_summary, "Ke hoach CCHC")
    qtbot.keyClick(dialog.source_summary, Qt.Key.Key_Return)  # at once, before the pause
    assert dialog.result() == ImportTasksDialog.DialogCode.Accepted
    assert dialog.added
    assert {load_task(store, t.uuid).source.summary for t in dialog.added[:3]} == {"Ke hoach CCHC"}


def test_confirm_with_a_mistake_goes_to_the_field(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, store, "12/KH-UBND")
    assert dialog.add_button.isEnabled()
    _focus(qtbot, dialog.source_summary)
    dialog.source_number.clear()  # emptied, and «Thêm» clicked before the preview followed
    dialog.form.changed.emit()
    dialog.add_button.click()
    assert task_count(store) == 0
    assert dialog.isVisible()
    assert dialog.form.error_text("source_number")
    assert _cursor_in(dialog.source_number)  # an explicit confirm may show where to fix
    assert not dialog.add_button.isEnabled()


def test_closing_stops_the_pending_preview(qtbot, store, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    plans = Counter(monkeypatch, "plan_task_import")
    dialog = _open(qtbot, store, "12/KH-UBND")
    type_text(dialog.source_issuer, "UBND xã An Bình")
    assert dialog._replan_timer.isActive()  # a preview is due …
    dialog.reject()
    assert not dialog._replan_timer.isActive()  # … and is dropped with the dialog
    qtbot.wait(PAUSE)
    assert plans.calls == 1
    assert not dialog.isVisible()


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (PermissionError(13, "Permission denied"), "Không có quyền đọc tệp"),
        (OSError(5, "Input/output error"), "Không đọc được tệp"),
    ],
)
def test_a_file_that_cannot_be_read_is_said_in_vietnamese(
    qtbot, store, settings, monkeypatch, error, said
) -> None:  # type: ignore[no-untyped-def]
    def refuse(path, *, default_year):  # type: ignore[no-untyped-def]
        raise error

    unexpected: list[BaseException] = []
    monkeypatch.setattr(import_dialog, "read_task_workbook", refuse)
    monkeypatch.setattr(
        shared_dialog, "report_failure", lambda parent, title, exc: unexpected.append(exc)
    )
    dialog = ImportTasksDialog(store, TODAY, "")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.read(SAMPLE).finished, timeout=10000):
        pass
    text = dialog.notice.text()
    assert not unexpected
    assert text.startswith(said) and f"«{SAMPLE.name}»" in text
    assert error.strerror not in text  # the system's English words are not shown
    assert not dialog.add_button.isEnabled()
    assert dialog.to_add.rowCount() == 0


# ------------------------------------------------------------------ what the sheet states


def _open_plan(qtbot, store, path: Path, number: str = "") -> ImportTasksDialog:  # type: ignore[no-untyped-def]
    """The dialog once the file is read for the year of the date it settled on."""
    dialog = ImportTasksDialog(store, TODAY, "Phòng Nội vụ")
    qtbot.addWidget(dialog)
    dialog.source_number.setText(number)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.read(path)

    def settled() -> bool:
        year = dialog._assigned_year()
        return dialog.plan is not None and dialog._reading_year == year

    qtbot.waitUntil(settled, timeout=10000)
    return dialog


def _shown(table, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_the_plan_named_in_the_sheet_fills_the_document_and_the_date(
    qtbot, store, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_plan(qtbot, store, ha_quang_plan(tmp_path))
    assert dialog.source_number.text() == "45/KH-UBND"
    assert dialog.source_issued_on.date() == date(2022, 3, 10)
    assert dialog.source_issuer.text() == "UBND huyện Hà Quảng"
    assert dialog.assigned_on.date() == date(2022, 3, 10)  # «Ngày giao» follows the plan
    assert "45/KH-UBND ngày 10/3/2022" in dialog.stated_label.text()
    assert dialog.stated_label.isVisible()
    assert dialog.plan is not None
    assert not [p for p in dialog.plan.problems if "trước ngày giao" in p.message]
    assert len(dialog.plan.to_add) == 9
    # the deadline as printed, beside the date it was read as
    printed = _shown(dialog.to_add, import_dialog.COLUMN_PRINTED)
    read_as = _shown(dialog.to_add, import_dialog.COLUMN_READ_AS)
    assert read_as[printed.index("Quý III/2022")] == "30/09/2022"
    assert read_as[printed.index("6 tháng cuối năm")] == "31/12/2022"
    assert read_as[printed.index("Thường xuyên")] == "Không thời hạn"
    # the rows whose deadline is not a date wait for the officer, named as the sheet does
    assert dialog.deadlines.rowCount() == 3
    assert _shown(dialog.deadlines, import_deadlines.DEADLINE_PRINTED) == [
        QUARTERLY,
        QUARTERLY,
        YEARLY,
    ]
    assert {dialog.problems.item(r, 2).text() for r in range(dialog.problems.rowCount())} == {
        "Thời gian hoàn thành"
    }
    assert "3 dòng có thời hạn cần chọn" in dialog.notice.text()


def test_what_the_officer_typed_is_kept(qtbot, store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_plan(qtbot, store, ha_quang_plan(tmp_path), number="46/KH-UBND")
    assert dialog.source_number.text() == "46/KH-UBND"  # typed before the file was read
    assert dialog.source_issuer.text() == "UBND huyện Hà Quảng"  # left empty: filled


def test_a_deadline_that_is_no_date_is_mapped_in_the_dialog(
    qtbot, store, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_plan(qtbot, store, ha_quang_plan(tmp_path))
    assert dialog.same_text.isChecked()  # one choice for every row printing the same text
    first, second, yearly = (dialog.deadline_combo(r) for r in range(3))
    assert first.currentText() == "Chưa chọn (dòng chưa được thêm)"
    first.setCurrentIndex(1)  # ngày 03 tháng đầu mỗi quý
    assert second.currentIndex() == 1
    qtbot.waitUntil(lambda: dialog.plan is not None and len(dialog.plan.to_add) == 9 + 6)
    read_as = _shown(dialog.to_add, import_dialog.COLUMN_READ_AS)
    printed = _shown(dialog.to_add, import_dialog.COLUMN_PRINTED)
    assert [d for p, d in zip(printed, read_as, strict=True) if p == QUARTERLY] == [
        "03/04/2022",
        "03/07/2022",
        "03/10/2022",
    ] * 2

    dialog.same_text.setChecked(False)  # now a row of its own
    second.setCurrentIndex(second.findText("Không thời hạn"))
    assert first.currentIndex() == 1
    qtbot.waitUntil(lambda: dialog.plan is not None and len(dialog.plan.to_add) == 9 + 3 + 1)

    yearly.setCurrentIndex(yearly.findText("Một ngày cụ thể (nhập ở cột «Ngày»)"))
    date_field = dialog.deadline_date(2)
    assert date_field.isEnabled()
    _focus(qtbot, date_field.edit)
    qtbot.keyClicks(date_field.edit, "15/11/2022")
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.plan.unmapped, timeout=10000)
    assert _cursor_in(date_field.edit)  # the preview followed without taking the cursor
    assert dialog.plan.problems == []
    count = len(dialog.plan.to_add)
    assert count == 9 + 3 + 1 + 1
    dialog.confirm()
    assert task_count(store) == count
    deadlines = sorted(
        t.deadline for t in dialog.added if t.deadline is not None and t.deadline.day in (3, 15)
    )
    assert date(2022, 11, 15) in deadlines and deadlines.count(date(2022, 4, 3)) == 1


def test_a_second_file_keeps_nothing_of_the_first_files_plan(
    qtbot, store, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_plan(qtbot, store, ha_quang_plan(tmp_path))
    dialog.source_summary.setText("Kế hoạch nâng cao Chỉ số CCHC")  # typed: kept
    bare = Workbook()
    bare.active.append(["STT", "Nội dung nhiệm vụ", "Thời hạn"])
    bare.active.append([1, "Việc A", "30/6/2026"])
    bare.save(tmp_path / "bang.xlsx")
    dialog.read(tmp_path / "bang.xlsx")

    def read() -> bool:
        reading = dialog.reading
        return (
            reading is not None
            and reading.path.name == "bang.xlsx"
            and dialog._reading_year == 2026
        )

    qtbot.waitUntil(read, timeout=10000)
    assert dialog.source_number.text() == dialog.source_issuer.text() == ""
    assert dialog.source_issued_on.edit.text() == ""
    assert dialog.assigned_on.date() == date(2026, 1, 1)  # back to the default
    assert dialog.source_summary.text() == "Kế hoạch nâng cao Chỉ số CCHC"
    assert not dialog.stated_label.isVisible()
    assert dialog.form.error_text("source_number")  # the preview waits for a number again


def test_the_task_text_keeps_the_room_left_in_the_preview(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    """Long names of the lead or the field wrap in their columns; the task's content is the
    column that takes what is left (it was squeezed to a word a line)."""
    dialog = _open(qtbot, store, "12/KH-UBND")
    dialog.resize(980, 700)  # its size on a 1366×768 screen (the test screen is smaller)
    qtbot.waitUntil(lambda: dialog.to_add.rowCount() > 0, timeout=10000)
    table = dialog.to_add
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    content = widths.pop(import_dialog.COLUMN_CONTENT)
    assert content > max(widths)  # 0.7.0: 64 px, beside a field column of 353


def test_the_dialog_fits_on_the_screen(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    """On a small screen the dialog is smaller (its preview scrolls); «Thêm» stays in sight."""
    dialog = _open(qtbot, store, "12/KH-UBND")
    available = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().height() <= available.height()
    assert dialog.width() <= available.width()
