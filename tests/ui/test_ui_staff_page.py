"""The staff screens: list, filters, editor, plan with tasks, ratios."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from cchc_desktop.context import AppContext
from cchc_desktop.core.staff import Birth, Official, load_staff_lists
from cchc_desktop.core.tasks import Status
from cchc_desktop.demo import fill_demo_staff
from cchc_desktop.store.staff_repo import (
    add_officials,
    history_of,
    load_actions,
    load_official,
    load_officials,
)
from cchc_desktop.store.task_repo import load_task, set_status
from cchc_desktop.ui.staff.editor import OfficialEditorDialog
from cchc_desktop.ui.staff.page import StaffPage
from cchc_desktop.ui.staff.plan import ActionDialog

TODAY = date(2026, 11, 22)


@pytest.fixture
def page(qtbot, store):  # type: ignore[no-untyped-def]
    fill_demo_staff(store, TODAY)
    widget = StaffPage(AppContext(store, settings=None, today=lambda: TODAY))
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _names(page: StaffPage) -> list[str]:
    return [page.proxy.row_at(r).official.full_name for r in range(page.proxy.rowCount())]


def _choose(combo, data) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_names_are_sorted_by_given_name_the_vietnamese_way(page) -> None:  # type: ignore[no-untyped-def]
    names = _names(page)
    given = [n.split()[-1] for n in names]
    # Ánh before Ân (a < â), Bảo before Blao, Hà < Hồng < Hùng < Hyanh; the retired officer
    # (Ngô Văn Tư) is not in post, so not shown by default.
    assert given[:4] == ["Ánh", "Ân", "Bảo", "Blao"]
    assert given.index("Hà") < given.index("Hồng") < given.index("Hùng") < given.index("Hyanh")
    assert "Ngô Văn Tư" not in names
    _choose(page.status_filter, None)
    assert "Ngô Văn Tư" in _names(page)


def test_filters_by_result_requirement_and_search(page) -> None:  # type: ignore[no-untyped-def]
    _choose(page.outcome_filter, "not_met")
    not_met = set(_names(page))
    assert {"Võ Văn Ân", "Bùi Đức Thắng", "Đặng Thị Ánh"} <= not_met
    assert "Phạm Quốc Bảo" not in not_met
    _choose(page.outcome_filter, None)
    _choose(page.requirement_filter, "it")
    assert set(_names(page)) == {"Võ Văn Ân", "Bùi Đức Thắng", "Mai Thị Hồng"}
    page.clear_filters()
    page.search.setText("quan su")  # without diacritics
    page.apply_filters()
    assert _names(page) == ["Đinh Văn Dũng"]
    assert "Đang hiện 1/" in page.counts.text()


def test_the_details_say_exactly_what_is_missing(page) -> None:  # type: ignore[no-untyped-def]
    page.search.setText("Võ Văn Ân")
    page.apply_filters()
    page.table.selectRow(0)
    text = page.details.toPlainText()
    assert "Trình độ chuyên môn: trung cấp; vị trí yêu cầu đại học trở lên" in text
    assert "Hạn bố trí vào vị trí việc làm" in text and "01/07/2027 (còn 221 ngày)" in text


def test_editor_shows_each_mistake_at_its_field_and_saves_nothing(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    lists = load_staff_lists()
    dialog = OfficialEditorDialog(store, lists, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.form.birth.setText("12/03/2031")
    dialog.save()
    assert dialog.form.form.error_text("full_name") == "Chưa nhập họ và tên."
    assert "sau hôm nay" in dialog.form.form.error_text("birth")
    dialog.form.full_name.setText("Nguyễn Văn Nam")
    dialog.form.birth.setText("2010")
    dialog.form.in_training.setChecked(True)
    dialog.form.training_starts_on.set_date(date(2026, 9, 1))
    dialog.form.training_ends_on.set_date(date(2026, 6, 1))
    dialog.save()
    assert "chưa đủ 18 tuổi" in dialog.form.form.error_text("birth")
    assert "trước ngày bắt đầu" in dialog.form.form.error_text("training_ends_on")
    assert dialog.saved is None and load_officials(store) == []


def test_editor_adds_an_official_and_shows_the_check_as_one_types(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    lists = load_staff_lists()
    dialog = OfficialEditorDialog(store, lists, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.form.full_name.setText("Lê Thị  Hoa")
    dialog.form.birth.setText("1990")
    _choose(dialog.form.position, "nd33-2023/tp_ht")
    _choose(dialog.form.levels["general_education"], "thpt")
    _choose(dialog.form.levels["professional"], "trung_cap")
    dialog.form.field_of_study.setEditText("Luật")
    dialog._show_evaluation()
    assert "Tin học: chưa có thông tin" in dialog.evaluation.text()
    _choose(dialog.form.levels["it"], "co_ban")
    dialog._show_evaluation()
    assert dialog.evaluation.text().startswith("Đối chiếu tiêu chuẩn hôm nay: Đạt chuẩn")
    dialog.save()
    assert dialog.saved is not None
    saved = load_official(store, dialog.saved.uuid)
    assert saved.full_name == "Lê Thị Hoa" and saved.birth == Birth(1990)
    assert saved.category == "cong_chuc"  # taken from the position chosen


def test_a_real_change_keeps_the_earlier_record(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    lists = load_staff_lists()
    (official,) = add_officials(
        store,
        [Official("Trần Văn Bình", "cong_chuc", birth=Birth(1985), professional="trung_cap")],
        TODAY,
    )
    dialog = OfficialEditorDialog(store, lists, official, TODAY)
    qtbot.addWidget(dialog)
    _choose(dialog.form.levels["professional"], "dai_hoc")
    dialog.real_change.setChecked(True)
    dialog.change_from.set_date(date(2026, 12, 1))  # after today: refused at the field
    dialog.save()
    assert "sau hôm nay" in dialog.change_error.text() and dialog.saved is None
    dialog.change_from.set_date(date(2026, 6, 30))
    dialog.save()
    assert dialog.saved is not None
    ((until, before),) = history_of(store, official.uuid)
    assert until == date(2026, 6, 30) and before.professional == "trung_cap"


def test_plan_action_becomes_a_linked_task_and_shows_its_completion(qtbot, page, store) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentWidget(page.plan)
    plan = page.plan
    rows = [plan.proxy.row_at(r) for r in range(plan.proxy.rowCount())]
    target = next(
        r for r in rows if r.name == "Bùi Đức Thắng" and r.check.attribute == "professional"
    )
    assert target.action is None
    dialog = ActionDialog(store, target, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.save()
    assert "Nhập người hoặc bộ phận" in dialog.form.error_text("responsible")
    dialog.deadline.set_date(date(2027, 12, 31))
    dialog.responsible.setEditText("Nguyễn Thị Thu Hà")
    dialog.content.setText("Học đại học Xây dựng")
    dialog.save()
    assert dialog.saved is not None
    page.reload()
    plan._select(dialog.saved.official_uuid, "professional", dialog.saved)
    assert plan.current_row().action == dialog.saved
    assert plan.task_button.isEnabled()
    plan.make_task()
    (action,) = [a for a in load_actions(store) if a.uuid == dialog.saved.uuid]
    task = load_task(store, action.task_uuid)
    assert task is not None and task.self_assigned and task.field_code == "CDCV"
    assert "Bùi Đức Thắng" in task.content and task.lead == "Nguyễn Thị Thu Hà"
    assert task.deadline == date(2027, 12, 31)
    row = plan.current_row()
    column = plan.model.column_index("task")
    assert plan.model.columns[column].text(row) == "Chưa thực hiện"
    assert set_status(store, [task.uuid], Status.DONE, TODAY, TODAY).changed == [task.uuid]
    page.reload()
    row = plan.current_row()
    assert plan.model.columns[column].text(row) == "Hoàn thành ngày 22/11/2026"
    assert not plan.task_button.isEnabled()  # one task per action


def test_ratios_compare_last_year_with_today(page) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentWidget(page.ratios)
    rows = page.ratios.model.rows()
    total = rows[-1]
    assert total.group == "Tổng số"
    # Hoàng Thị Lan finished university on 15/01 this year; Ngô Văn Tư retired on 01/03.
    assert total.before.total == total.after.total + 1
    assert total.after.met == total.before.met + 1
    sentence = page.ratios.sentence.text()
    assert sentence.startswith("Tại ngày 22/11/2026: ")
    assert "công chức đạt chuẩn, tỷ lệ" in sentence and "Tại ngày 31/12/2025: " in sentence


def test_keyboard_enter_opens_the_editor(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened = []
    monkeypatch.setattr(
        OfficialEditorDialog, "exec", lambda self: opened.append(self.form.full_name.text()) or 0
    )
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [_names(page)[0]]


def test_export_writes_the_shown_officials_without_personal_data_unless_asked(
    page, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    from cchc_desktop.ui.staff import page as page_module

    target = tmp_path / "ds.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    choices = []

    def run(dialog) -> int:  # type: ignore[no-untyped-def]
        if isinstance(dialog, page_module.ExportChoiceDialog):
            dialog.include_personal.setChecked(bool(choices))
            return 1
        return 0

    monkeypatch.setattr(page, "_run", run)
    _choose(page.outcome_filter, "not_met")
    shown = _names(page)
    page.export_staff()
    assert "Đã lưu" in page.notice.text()
    sheet = load_workbook(target)["Danh sách"]
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(any(name == v for v in values) for name in shown)
    assert "Phạm Quốc Bảo" not in values  # filtered out: not exported
    assert "1974" not in values and "Ngày sinh" not in values  # Võ Văn Ân's birth year
    choices.append(True)
    page.export_staff()
    values = [str(c.value) for row in load_workbook(target)["Danh sách"].iter_rows() for c in row]
    assert "1974" in values and any("13/2023/NĐ-CP" in v for v in values)


def test_an_action_stays_listed_when_its_gap_closes_or_the_person_leaves(page, store) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.store.staff_repo import save_official

    plan = page.plan
    an = next(o for o in load_officials(store) if o.full_name == "Võ Văn Ân")
    actions = {a.attribute for a in load_actions(store) if a.official_uuid == an.uuid}
    assert actions == {"field", "it"}
    # Ân got his IT certificate: the course action stays, marked as done.
    save_official(store, replace(an, it="co_ban"), TODAY)
    page.reload()
    rows = [r for r in plan.model.rows() if r.name == "Võ Văn Ân" and r.action is not None]
    assert {(r.action.attribute, r.check.outcome.label) for r in rows} == {
        ("field", "Chưa đạt"),
        ("it", "Đạt"),
    }
    # He retires: both actions remain visible, saying he no longer works here.
    save_official(store, replace(an, it="co_ban", status="nghi_huu", status_on=TODAY), TODAY)
    page.reload()
    rows = [r for r in plan.model.rows() if r.name == "Võ Văn Ân"]
    assert len(rows) == 2 and all("không còn công tác" in r.check.reason for r in rows)
    plan._select(an.uuid, rows[0].check.attribute, rows[0].action)
    assert not plan.add_button.isEnabled() and plan.delete_button.isEnabled()


def test_a_fresh_store_hints_then_sizes_the_names_after_the_first_import(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    """0.6.0: after the first import on a fresh store two people both showed «Nguyễn V…»."""
    widget = StaffPage(AppContext(store, settings=None, today=lambda: TODAY))
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.counts.text().startswith("Chưa có cán bộ, công chức nào. Bấm «Thêm»")
    fill_demo_staff(store, TODAY)  # what an import writes
    widget.reload()
    name = widget.model.column_index("name")
    longest = max(
        widget.table.fontMetrics().horizontalAdvance(e.official.full_name)
        for e in widget.evaluations
    )
    assert widget.table.columnWidth(name) >= longest
    assert widget.counts.text().startswith("Đang hiện ")
