"""The self-assessment sheet as the officer uses it: typing scores, the pane, lock."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QMessageBox

from cchc_desktop.context import AppContext
from cchc_desktop.core.criteria import shipped_criteria_sets
from cchc_desktop.store.scoring_repo import (
    assessment_events,
    assessment_for_year,
    load_scores,
    start_assessment,
)
from cchc_desktop.ui.scoring.page import ScoringPage
from cchc_desktop.ui.scoring.sheet_model import SCORE

TODAY = date(2026, 11, 22)
SAMPLE = shipped_criteria_sets()[0]


@pytest.fixture
def page(qtbot, store, settings):  # type: ignore[no-untyped-def]
    start_assessment(store, 2026, SAMPLE)
    widget = ScoringPage(AppContext(store, settings=None, today=lambda: TODAY))
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_year(2026)
    return widget


def cell(page: ScoringPage, code: str, column: int = SCORE):  # type: ignore[no-untyped-def]
    tab = page.sheet_tab
    return tab.proxy.mapFromSource(tab.model.index_of(code, column))


def type_in_cell(qtbot, page: ScoringPage, code: str, text: str) -> None:  # type: ignore[no-untyped-def]
    tree = page.sheet_tab.tree
    index = cell(page, code)
    tree.scrollTo(index)
    tree.setCurrentIndex(index)
    assert tree.edit(index, QAbstractItemView.EditTrigger.AllEditTriggers, None)
    (editor,) = tree.viewport().findChildren(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not tree.viewport().findChildren(QLineEdit))


def test_a_score_typed_with_a_comma_is_saved_and_the_totals_follow(qtbot, page, store) -> None:  # type: ignore[no-untyped-def]
    type_in_cell(qtbot, page, "5", "2,5")
    scores = load_scores(store, assessment_for_year(store, 2026))
    assert scores["5"].value == Decimal("2.5")
    assert cell(page, "5").data() == "2,5"
    assert page.sheet_tab.total_label.text().startswith("Tổng điểm 2,5/99 — 2,5%")
    type_in_cell(qtbot, page, "4", "3.0")
    assert page.sheet_tab.total_label.text().startswith("Tổng điểm 5,5/99")
    assert cell(page, "I").data() == "5,5"  # the field adds its lines


def test_seed_001s_18_over_15_is_refused_at_the_cell(qtbot, page, store) -> None:  # type: ignore[no-untyped-def]
    # line 5 has a maximum of 3: "18/15" names a wrong maximum, "4" is above it
    type_in_cell(qtbot, page, "5", "18/15")
    message = page.sheet_tab.refusal.text()
    assert "Tiêu chí 5" in message and "điểm tối đa của tiêu chí 5 là 3, không phải 15" in message
    assert page.sheet_tab.refusal.isVisibleTo(page)
    assert cell(page, "5").data(Qt.ItemDataRole.ToolTipRole) == message
    type_in_cell(qtbot, page, "5", "4")
    assert "vượt điểm tối đa 3" in page.sheet_tab.refusal.text()
    type_in_cell(qtbot, page, "3", "2")  # steps 0; 1; 2; 2,5
    assert "chỉ chấm các mức" in page.sheet_tab.refusal.text()
    assert load_scores(store, assessment_for_year(store, 2026)) == {}


def test_a_ratio_line_is_scored_from_its_counts_in_the_pane(qtbot, page, store) -> None:  # type: ignore[no-untyped-def]
    tab = page.sheet_tab
    tab.select_code("15.1")
    panel = tab.panel
    assert panel.numerator.isVisibleTo(panel) and not panel.value.isVisibleTo(panel)
    panel.numerator.setText("1.843")
    panel.denominator.setText("1.870")
    panel.form.changed.emit()
    assert "98,6%" in panel.result.text()
    assert "(đang nhập, chưa lưu)" in tab.total_label.text()
    assert panel.save()
    score = load_scores(store, assessment_for_year(store, 2026))["15.1"]
    assert (score.numerator, score.denominator) == (Decimal(1843), Decimal(1870))
    assert cell(page, "15.1").data() == "4"  # ≥ 98%: 4 points in the sample set
    panel.numerator.setText("1.900")
    panel.form.changed.emit()
    assert not panel.save()
    assert "Tử số không được lớn hơn mẫu số" in panel.form.error_text("numerator")


def test_lines_scored_without_evidence_are_one_click_away(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    type_in_cell(qtbot, page, "5", "3")
    type_in_cell(qtbot, page, "4", "0")
    tab = page.sheet_tab
    assert tab.evidence_button.text() == "Thiếu minh chứng: 1"
    assert cell(page, "5", 4).data() == "Thiếu"
    tab.evidence_button.click()
    shown = []
    proxy = tab.proxy

    def walk(parent) -> None:  # type: ignore[no-untyped-def]
        for row in range(proxy.rowCount(parent)):
            index = proxy.index(row, 0, parent)
            if proxy.rowCount(index) == 0:
                shown.append(index.data())
            walk(index)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    assert shown == ["5"]
    tab.select_code("5")
    tab.panel.explanation.setPlainText("Biên bản họp giao ban có ghi nội dung chỉ đạo.")
    assert tab.panel.save()
    assert tab.evidence_button.text() == "Thiếu minh chứng: 0"


def test_locking_makes_the_sheet_read_only_and_unlocking_asks_why(
    qtbot, page, store, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.ui.scoring import page as page_module

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialogs = []

    def run(dialog) -> int:  # type: ignore[no-untyped-def]
        dialogs.append(dialog)
        if not dialog.who.text():  # no profile in this store: no default name
            dialog.accept()
            assert "Ghi tên người" in dialog.form.error_text("who")
            dialog.who.setText("Nguyễn Thị Thu Hà")
        if dialog.form.editors.get("reason") is not None and not dialog.reason.toPlainText():
            dialog.who.setText("Trần Văn Nam")
            dialog.accept()  # no reason: refused at the field, the dialog stays
            assert "lý do" in dialog.form.error_text("reason")
            dialog.reason.setPlainText("Sửa điểm tiêu chí 5")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(page_module.PersonDialog, "exec", run)
    page.lock_button.click()
    assert assessment_for_year(store, 2026).locked
    assert "Đã chốt" in page.lock_label.text()
    model = page.sheet_tab.model
    assert not (model.flags(model.index_of("5", SCORE)) & Qt.ItemFlag.ItemIsEditable)
    page.sheet_tab.select_code("5")
    assert page.sheet_tab.panel.value.isReadOnly()
    assert not page.sheet_tab.panel.appraised_1.isReadOnly()
    page.unlock_button.click()
    assert not assessment_for_year(store, 2026).locked
    events = assessment_events(store, assessment_for_year(store, 2026))
    assert events[-1].action == "mo_khoa" and events[-1].note == "Sửa điểm tiêu chí 5"


def test_a_year_without_a_sheet_offers_the_sets_and_warns_about_the_sample(
    qtbot, page, store, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    page.show_year(2025)
    assert page.start_box.isVisibleTo(page) and not page.sheet_tab.isVisibleTo(page)
    assert "Năm 2025 chưa có bảng tự chấm điểm" in page.start_text.text()
    assert "BỘ MẪU" in page.start_set.currentText()
    page.start_button.click()  # "No": not started
    assert assessment_for_year(store, 2025) is None
    page.start_button.click()
    assert assessment_for_year(store, 2025) is not None
    assert page.sheet_tab.isVisibleTo(page) and page.sample_notice.isVisibleTo(page)


def test_the_comparison_follows_scores_typed_on_the_sheet(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentWidget(page.comparison_tab)
    page.tabs.setCurrentWidget(page.sheet_holder)
    type_in_cell(qtbot, page, "5", "3")
    page.tabs.setCurrentWidget(page.comparison_tab)
    codes = [row.code for row in page.comparison_tab.lost_rows()]
    assert "5" not in codes  # scored in full: nothing lost
    page.tabs.setCurrentWidget(page.sheet_holder)
    type_in_cell(qtbot, page, "5", "1")
    page.tabs.setCurrentWidget(page.comparison_tab)
    assert "5" in [row.code for row in page.comparison_tab.lost_rows()]
