"""The year-on-year comparison tab: field table, lost points, remedial tasks, code mapping."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt

from cchc_desktop.core.criteria import (
    CriteriaSet,
    Criterion,
    Method,
    MethodKind,
    shipped_criteria_sets,
)
from cchc_desktop.core.score_comparison import CodeLink, LinkKind
from cchc_desktop.core.scoring import Score
from cchc_desktop.core.tasks import SourceKind, Status
from cchc_desktop.store.criteria_repo import load_mapping, save_mapping
from cchc_desktop.store.scoring_evidence import line_tasks
from cchc_desktop.store.scoring_repo import save_score, start_assessment
from cchc_desktop.store.task_repo import load_task
from cchc_desktop.ui.scoring.comparison import ComparisonTab
from cchc_desktop.ui.scoring.mapping_dialog import NEW, OLD, MappingDialog
from cchc_desktop.ui.scoring.remedial_dialog import RemedialTaskDialog, default_deadline

TODAY = date(2026, 3, 10)
D = Decimal


def leaf(code: str, title: str, maximum: str, kind: MethodKind = MethodKind.MANUAL) -> Criterion:
    return Criterion(code, title, D(maximum), method=Method(kind))


def field(code: str, title: str, field_code: str, *children: Criterion) -> Criterion:
    total = sum((c.counted_maximum() for c in children), D(0))
    return Criterion(code, title, total, field_code=field_code, children=children)


DIRECTION = "Công tác chỉ đạo, điều hành cải cách hành chính"
PROCEDURES = "Cải cách thủ tục hành chính"
ONLINE = "Chính quyền điện tử, chính quyền số"


def old_set() -> CriteriaSet:
    return CriteriaSet(
        uuid="set-2024",
        family="thu-2024",
        version=1,
        name="Bộ tiêu chí thử năm 2024",
        fields=(
            field(
                "I",
                DIRECTION,
                "CDDH",
                leaf("1", "Ban hành Kế hoạch CCHC năm đúng thời hạn", "4"),
                leaf("2", "Công tác thông tin, tuyên truyền CCHC", "6"),
                leaf("2b", "Sáng kiến trong CCHC (điểm thưởng)", "1", MethodKind.BONUS),
            ),
            field(
                "II",
                PROCEDURES,
                "TTHC",
                leaf("3", "Niêm yết công khai thủ tục hành chính", "5"),
                leaf("4", "Tỷ lệ hồ sơ giải quyết đúng hạn", "5"),
            ),
        ),
    )


def new_set_same_codes() -> CriteriaSet:
    """This year's set: the old fields unchanged, line 4 split into 4.1 and 4.2, a new field."""
    old = old_set()
    procedures = field(
        "II",
        PROCEDURES,
        "TTHC",
        leaf("3", "Niêm yết công khai thủ tục hành chính", "5"),
        leaf("4.1", "Tỷ lệ hồ sơ giải quyết đúng hạn cấp xã", "3"),
        leaf("4.2", "Xin lỗi người dân khi giải quyết quá hạn", "2"),
    )
    online = field("III", ONLINE, "CQS", leaf("5", "Tỷ lệ văn bản đi gửi dạng điện tử", "4"))
    return CriteriaSet(
        uuid="set-2025",
        family="thu-2025",
        version=1,
        name="Bộ tiêu chí thử năm 2025",
        fields=(old.fields[0], procedures, online),
    )


def score(store, assessment, criteria, code: str, value: str, appraised: str | None = None):  # type: ignore[no-untyped-def]
    node = criteria.by_code[code]
    save_score(
        store,
        assessment,
        node,
        Score(code, value=D(value), appraised_1=D(appraised) if appraised else None),
    )


def two_years_same_set(store):  # type: ignore[no-untyped-def]
    criteria = old_set()
    a2024 = start_assessment(store, 2024, criteria)
    for code, value in (("1", "3"), ("2", "6"), ("3", "5"), ("4", "5")):
        score(store, a2024, criteria, code, value)
    a2025 = start_assessment(store, 2025, criteria)
    # line 1 self-scored 3 but appraised 2,5: the comparison uses the appraisal
    score(store, a2025, criteria, "1", "3", appraised="2.5")
    for code, value in (("2", "5"), ("3", "5"), ("4", "5"), ("2b", "1")):
        score(store, a2025, criteria, code, value)
    return criteria, a2024, a2025


def make_tab(qtbot, store, lead: str = "Văn phòng HĐND và UBND"):  # type: ignore[no-untyped-def]
    tab = ComparisonTab(store, lambda: TODAY, lambda: lead)
    qtbot.addWidget(tab)
    return tab


def cells(model, row: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {c.key: c.text(model.row_at(row)) for c in model.columns}


def test_field_table_compares_final_scores_like_the_seed(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    two_years_same_set(store)
    tab = make_tab(qtbot, store)
    tab.show_year(2025)

    assert tab.heading.text() == "So sánh Chỉ số CCHC năm 2025 với năm 2024"
    titles = [c.title for c in tab.fields_model.columns]
    assert titles[2] == "Năm 2024\n(điểm/tối đa)" and titles[4] == "Năm 2025\n(điểm/tối đa)"
    assert tab.fields_model.rowCount() == 3
    direction = cells(tab.fields_model, 0)
    assert direction["code"] == "I" and direction["title"] == DIRECTION
    assert direction["old"] == "9/10" and direction["old_percent"] == "90,0%"
    # 2,5 (appraisal, not the self-score 3) + 5; the bonus line counts outside the field
    assert direction["new"] == "7,5/10" and direction["new_percent"] == "75,0%"
    assert direction["change"] == "-1,5" and direction["percent_change"] == "-15,0"
    assert direction["remark"] == "Giảm 1,5 điểm"
    procedures = cells(tab.fields_model, 1)
    assert procedures["old"] == "10/10" and procedures["new"] == "10/10"
    assert procedures["change"] == "0" and procedures["remark"] == "Đạt tối đa"
    total = cells(tab.fields_model, 2)
    assert total["title"] == "Tổng điểm"
    assert total["old"] == "19/20" and total["new"] == "18,5/20"  # 17,5 + 1 bonus
    assert total["remark"] == "Giảm 0,5 điểm"
    bold = tab.fields_model.data(tab.fields_model.index(2, 1), 0x0006)  # FontRole
    assert bold is not None and bold.bold()
    assert tab.fields_model.data(tab.fields_model.index(0, 1), 0x0006) is None
    assert "điểm thẩm định lần 1" in tab.hint.text() and "năm 2024: điểm tự chấm" in tab.hint.text()
    assert tab.missing.isHidden() and tab.sets_notice.isHidden()
    assert tab.mapping_button.isHidden()


def test_a_missing_sheet_is_named_in_the_notice(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    criteria = old_set()
    a2025 = start_assessment(store, 2025, criteria)
    score(store, a2025, criteria, "1", "4")
    tab = make_tab(qtbot, store)

    tab.show_year(2025)
    assert not tab.missing.isHidden()
    assert tab.missing.text() == "Năm 2024 chưa có bảng tự chấm điểm, chưa so sánh được."
    direction = cells(tab.fields_model, 0)
    assert direction["old"] == "—" and direction["remark"] == "Chưa có bảng điểm năm trước"
    assert direction["new"] == "4/10"

    tab.show_year(2027)
    assert tab.missing.text() == (
        "Năm 2026 và năm 2027 chưa có bảng tự chấm điểm, chưa so sánh được."
    )
    assert tab.body.isHidden()
    assert tab.fields_model.rowCount() == 0 and tab.lost_model.rowCount() == 0

    tab.show_year(2026)
    assert tab.missing.text() == "Năm 2026 chưa có bảng tự chấm điểm, chưa so sánh được."


def test_lines_that_lost_points_most_first_with_a_total(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    two_years_same_set(store)
    tab = make_tab(qtbot, store)
    tab.show_year(2025)

    assert tab.lost_heading.text() == "Các tiêu chí bị mất điểm năm 2025"
    rows = [cells(tab.lost_model, r) for r in range(tab.lost_model.rowCount())]
    assert [(r["code"], r["maximum"], r["final"], r["lost"]) for r in rows] == [
        ("1", "4", "2,5", "1,5"),
        ("2", "6", "5", "1"),
    ]
    assert rows[0]["title"] == "Ban hành Kế hoạch CCHC năm đúng thời hạn"
    assert all(r["tasks"] == "—" for r in rows)
    assert tab.footer.text() == "Tổng số điểm bị mất: 2,5/20 điểm ở 2 tiêu chí."
    assert not tab.task_button.isEnabled() and not tab.open_task_button.isEnabled()
    tab.select_lost("2")
    assert tab.task_button.isEnabled() and tab.task_button.text() == "Tạo nhiệm vụ khắc phục"


def test_default_deadline_is_end_of_september_next_year_or_90_days() -> None:
    assert default_deadline(2025, date(2026, 3, 10)) == date(2026, 9, 30)
    assert default_deadline(2025, date(2026, 9, 30)) == date(2026, 12, 29)
    assert default_deadline(2024, date(2026, 3, 10)) == date(2026, 6, 8)


def test_a_remedial_task_is_created_linked_to_the_line(qtbot, store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _criteria, _a2024, a2025 = two_years_same_set(store)
    tab = make_tab(qtbot, store, lead="Văn phòng HĐND và UBND")
    tab.show_year(2025)
    changed: list[bool] = []
    tab.tasks_changed.connect(lambda: changed.append(True))
    seen: dict[str, object] = {}

    def fill_and_save(dialog: RemedialTaskDialog) -> int:
        seen["content"] = dialog.content.toPlainText()
        seen["lead"] = dialog.lead.currentText()
        seen["deadline"] = dialog.deadline.date()
        dialog.lead.setEditText("Công chức Văn hóa - xã hội")
        dialog.deadline.edit.setText("15/08/2026")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(RemedialTaskDialog, "exec", fill_and_save)
    tab.select_lost("1")
    tab.task_button.click()

    assert seen["content"] == (
        "Khắc phục tiêu chí 1 «Ban hành Kế hoạch CCHC năm đúng thời hạn»: năm 2025 đạt "
        "2,5/4 điểm, mất 1,5 điểm."
    )
    assert seen["lead"] == "Văn phòng HĐND và UBND"
    assert seen["deadline"] == date(2026, 9, 30)
    links = line_tasks(store, a2025)
    assert list(links) == ["1"]
    ((uuid, status),) = links["1"]
    assert status == Status.NOT_STARTED
    task = load_task(store, uuid)
    assert task is not None
    assert task.kind == SourceKind.INDEX_REMEDY and task.kind.value == "khac_phuc_chi_so"
    assert task.lead == "Công chức Văn hóa - xã hội"
    assert task.deadline == date(2026, 8, 15)
    assert task.assigned_on == TODAY and task.self_assigned
    assert task.field_code == "CDDH"
    assert task.content == seen["content"]
    assert changed == [True]

    # the line now shows its task, and the button offers another one
    row = tab.current_lost()
    assert row is not None and row.code == "1"
    assert cells(tab.lost_model, 0)["tasks"] == "Chưa thực hiện"
    assert tab.task_button.text() == "Tạo thêm nhiệm vụ khắc phục"
    assert tab.open_task_button.isEnabled()
    assert not tab.task_notice.isHidden() and "chủ trì: Công chức Văn hóa - xã hội" in (
        tab.task_notice.text()
    )
    opened: list[str] = []
    tab.open_task_requested.connect(opened.append)
    tab.show()
    qtbot.waitExposed(tab)
    centre = tab.lost_table.visualRect(tab.lost_model.index(0, 1)).center()
    # a real double-click starts with a press, which the view needs to see
    qtbot.mouseClick(tab.lost_table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(tab.lost_table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened == [uuid]
    tab.lost_table.setFocus()
    qtbot.keyClick(tab.lost_table, Qt.Key.Key_Return)
    assert opened == [uuid, uuid]
    tab.open_task_button.click()
    assert opened == [uuid, uuid, uuid]


def test_enter_on_a_line_without_task_offers_to_create_one(qtbot, store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    two_years_same_set(store)
    tab = make_tab(qtbot, store)
    tab.show_year(2025)
    offered: list[str] = []
    monkeypatch.setattr(
        RemedialTaskDialog, "exec", lambda self: offered.append(self._row.code) or 0
    )
    tab.show()
    qtbot.waitExposed(tab)
    tab.select_lost("2")
    tab.lost_table.setFocus()
    qtbot.keyClick(tab.lost_table, Qt.Key.Key_Return)
    assert offered == ["2"]
    assert line_tasks(store, tab._new.assessment) == {}  # cancelled: nothing written


def test_a_remedial_task_needs_a_lead_and_a_deadline_from_today(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    criteria, _a2024, a2025 = two_years_same_set(store)
    tab = make_tab(qtbot, store, lead="")
    tab.show_year(2025)
    tab.select_lost("2")
    row = tab.current_lost()
    assert row is not None
    dialog = RemedialTaskDialog(store, a2025, criteria, row, "", TODAY)
    qtbot.addWidget(dialog)
    before = store.conn.execute("SELECT COUNT(*) FROM tasks").fetchone()[0]

    dialog.save()
    assert dialog.form.error_text("lead") == "Nhập người hoặc bộ phận chủ trì thực hiện nhiệm vụ."
    assert dialog.saved is None and dialog.result() == 0

    dialog.lead.setEditText("Chủ tịch UBND xã")
    dialog.deadline.edit.setText("09/03/2026")
    dialog.save()
    assert dialog.form.error_text("lead") == ""
    assert "đã qua" in dialog.form.error_text("deadline")
    assert dialog.saved is None

    dialog.deadline.edit.setText("31/02/2026")
    dialog.save()
    assert "không có thật" in dialog.form.error_text("deadline")

    assert store.conn.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] == before
    assert line_tasks(store, a2025) == {}

    dialog.deadline.edit.setText("10/03/2026")  # today is accepted
    dialog.save()
    assert dialog.saved is not None and dialog.saved.deadline == TODAY
    assert list(line_tasks(store, a2025)) == ["2"]


def test_different_sets_are_named_and_compared_through_the_mapping(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    old, new = old_set(), new_set_same_codes()
    a2024 = start_assessment(store, 2024, old)
    for code, value in (("1", "4"), ("2", "6"), ("3", "4"), ("4", "2")):
        score(store, a2024, old, code, value)
    a2025 = start_assessment(store, 2025, new)
    for code, value in (("1", "4"), ("2", "6"), ("3", "5"), ("4.1", "3"), ("4.2", "1"), ("5", "3")):
        score(store, a2025, new, code, value)
    tab = make_tab(qtbot, store)
    tab.show_year(2025)

    assert not tab.sets_notice.isHidden() and not tab.mapping_button.isHidden()
    assert "Bộ tiêu chí thử năm 2024" in tab.sets_notice.text()
    assert "Bộ tiêu chí thử năm 2025" in tab.sets_notice.text()
    rows = [cells(tab.fields_model, r) for r in range(tab.fields_model.rowCount())]
    assert [r["remark"] for r in rows] == [
        "Đạt tối đa",
        "Tăng 3 điểm",
        "Lĩnh vực mới",
        "Tăng 6 điểm",
    ]
    assert rows[2]["old"] == "—" and rows[2]["new"] == "3/4"


def test_mapping_dialog_refuses_a_malformed_link_and_saves_a_valid_one(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    old, new = old_set(), new_set_same_codes()
    dialog = MappingDialog(store, old, new)
    qtbot.addWidget(dialog)

    # prefilled with the default mapping, titles next to the codes
    default = dialog.links()
    assert CodeLink(LinkKind.SAME, ("1",), ("1",)) in default
    assert CodeLink(LinkKind.REMOVED, ("4",), ()) in default
    assert CodeLink(LinkKind.NEW, (), ("4.1",)) in default
    row_of_1 = next(r for r in range(dialog.table.rowCount()) if dialog.row_codes(r)[1] == ("1",))
    assert dialog.table.item(row_of_1, OLD + 1).text() == (
        "1. Ban hành Kế hoạch CCHC năm đúng thời hạn"
    )

    # drop the default rows for 4, 4.1 and 4.2 and say 4 was split
    for r in reversed(range(dialog.table.rowCount())):
        if set(dialog.row_codes(r)[0] + dialog.row_codes(r)[1]) & {"4", "4.1", "4.2"}:
            dialog.table.removeRow(r)
    row = dialog.add_row(CodeLink(LinkKind.SPLIT, ("4",), ("4.1",)))  # one new code only
    dialog.table.item(row, NEW).setText("4.1, 9.9")
    assert "9.9: không có trong bộ tiêu chí năm nay" in dialog.table.item(row, NEW + 1).text()
    dialog.save()
    assert not dialog.notice.isHidden()
    text = dialog.notice.text()
    assert f"Dòng {row + 1}: Mã năm nay không có trong bộ tiêu chí: 9.9." in text
    assert dialog.saved is None and dialog.result() == 0
    assert store.conn.execute("SELECT COUNT(*) FROM criteria_mappings").fetchone()[0] == 0

    dialog.table.item(row, NEW).setText("4.1")
    dialog.save()
    assert "Tách: một mã năm trước thành từ hai mã năm nay trở lên." in dialog.notice.text()
    assert dialog.saved is None

    dialog.table.item(row, NEW).setText("4.1; 4.2")
    assert dialog.table.item(row, NEW + 1).text() == (
        "4.1. Tỷ lệ hồ sơ giải quyết đúng hạn cấp xã\n4.2. Xin lỗi người dân khi giải quyết quá hạn"
    )
    dialog.save()
    assert dialog.saved is not None and dialog.result() == 1
    stored = load_mapping(store, old, new)
    assert stored == dialog.saved
    assert CodeLink(LinkKind.SPLIT, ("4",), ("4.1", "4.2")) in stored
    assert not any(link.old == ("4",) and link.kind == LinkKind.REMOVED for link in stored)


def test_a_saved_mapping_changes_the_comparison(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    old, new = old_set(), new_set_same_codes()
    a2024 = start_assessment(store, 2024, old)
    score(store, a2024, old, "3", "4")
    a2025 = start_assessment(store, 2025, new)
    score(store, a2025, new, "3", "5")
    links = [link for link in load_mapping(store, old, new) if "II" not in link.new]
    links.append(CodeLink(LinkKind.NEW, (), ("II",)))
    save_mapping(store, old, new, links)
    tab = make_tab(qtbot, store)
    tab.show_year(2025)
    assert cells(tab.fields_model, 1)["remark"] == "Lĩnh vực mới"


def test_the_tab_renders_with_the_shipped_sample(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    year = 2025
    sample = shipped_criteria_sets()[0]
    a_old = start_assessment(store, year - 1, sample)
    a_new = start_assessment(store, year, sample)
    for i, node in enumerate(n for n in sample.leaves() if n.kind == MethodKind.MANUAL):
        score(store, a_old, sample, node.code, str(node.maximum))
        score(store, a_new, sample, node.code, str(node.maximum / 2 if i % 2 else node.maximum))
    tab = make_tab(qtbot, store)
    tab.resize(1200, 800)
    tab.show()
    qtbot.waitExposed(tab)
    tab.show_year(year)
    assert tab.fields_model.rowCount() == len(sample.fields) + 1
    # the 2nd and 4th manual lines (10 and 23.1) scored at half; the others are unscored
    assert [r.code for r in tab.lost_rows()] == ["23.1", "10"]
    assert tab.footer.text().startswith("Tổng số điểm bị mất: 3,25/99 điểm ở 2 tiêu chí (chưa tính")
    assert tab.fields_table.height() >= tab.fields_table.verticalHeader().length()
