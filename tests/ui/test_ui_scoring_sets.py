"""«Bộ tiêu chí»: importing a province's set from Excel (preview, errors, save), the list of
sets with the chosen one's tree, exporting a set back to Excel."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from cchc_desktop.context import AppContext
from cchc_desktop.core.criteria import shipped_criteria_sets
from cchc_desktop.core.scoring import Score
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.importers.criteria_excel import read_criteria_workbook
from cchc_desktop.store.criteria_repo import list_criteria_sets
from cchc_desktop.store.scoring_repo import save_score, start_assessment
from cchc_desktop.ui.scoring.import_dialog import ImportCriteriaDialog
from cchc_desktop.ui.scoring.sets_tab import NAME, STATE, CriteriaSetsTab, export_file_name

D = Decimal
TODAY = date(2026, 3, 10)
SAMPLE = shipped_criteria_sets()[0]

TITLE_ROWS: dict[int, list[object]] = {
    1: ["UBND TỈNH LAI CHÂU", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    2: [None, None, "Độc lập - Tự do - Hạnh phúc"],
    3: ["BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ"],
    4: ["(Kèm theo Quyết định số 123/QĐ-UBND ngày 15/01/2024 của UBND tỉnh Lai Châu)"],
}
HEADER = ["STT", "Nội dung tiêu chí", "Điểm tối đa", "Hướng dẫn chấm điểm", "Tài liệu kiểm chứng"]
HEADER_ROW = 6


def good_body(plan_maximum: object = 3) -> list[list[object]]:
    """Two fields in Roman numerals, criteria 1–4, sub-criteria "1.1", decimal commas."""
    return [
        [1, 2, 3, 4, 5],  # the column-numbering row under the header
        ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", 6],
        [
            1,
            "Kế hoạch CCHC năm",
            plan_maximum,
            "Ban hành trước ngày 31/01: tối đa.\nBan hành sau ngày 31/01: 0,5 điểm.",
            "Kế hoạch CCHC năm của UBND xã",
        ],
        ["1.1", "Ban hành kế hoạch đúng thời hạn", "1,5", "Đúng hạn: 1,5 điểm", "Kế hoạch"],
        ["1.2", "Thực hiện đầy đủ các nhiệm vụ của kế hoạch", 1.5, "", "Báo cáo kết quả"],
        ["-", "Hoàn thành 100% nhiệm vụ: 1,5 điểm; dưới 100%: 0 điểm"],
        [2, "Báo cáo CCHC định kỳ đúng hạn, đủ nội dung", 3, "Đủ 4 báo cáo: 3 điểm", "Báo cáo"],
        ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "4,5"],
        [3, "Công khai thủ tục hành chính đầy đủ, đúng quy định", "2,5", "", "Ảnh chụp"],
        [4, "Tỷ lệ hồ sơ giải quyết đúng hạn", 2, "100%: 2 điểm; dưới 100%: 0 điểm", ""],
        ["", "Tổng cộng", "10,5"],
        [],
        [None, None, "Lai Châu, ngày 15 tháng 01 năm 2024"],
        [None, None, "TM. ỦY BAN NHÂN DÂN"],
    ]


def province_workbook(
    tmp_path: Path, body: list[list[object]], name: str = "bo-tieu-chi-lai-chau.xlsx"
) -> Path:
    """A workbook in the shape provinces publish: title rows, header, the table."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Tiêu chí"
    rows = dict(TITLE_ROWS)
    rows[HEADER_ROW] = HEADER
    for offset, values in enumerate(body, start=1):
        rows[HEADER_ROW + offset] = values
    for row, values in rows.items():
        for column, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=row, column=column, value=value)
    ws.merge_cells("A3:E3")
    ws.merge_cells("A4:E4")
    path = tmp_path / name
    wb.save(path)
    return path


def open_dialog(qtbot, store, path: Path | None = None) -> ImportCriteriaDialog:  # type: ignore[no-untyped-def]
    dialog = ImportCriteriaDialog(store, lambda: TODAY)
    qtbot.addWidget(dialog)
    if path is not None:
        load(qtbot, dialog, path)
    return dialog


def load(qtbot, dialog: ImportCriteriaDialog, path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.read_finished, timeout=10000):
        dialog.load(path)


def database_rows(store) -> list[str]:  # type: ignore[no-untyped-def]
    """Every row of every table, to prove that nothing was written."""
    return list(store.conn.iterdump())


def stored(store) -> list:  # type: ignore[no-untyped-def]
    return [s for s in list_criteria_sets(store) if s.stored]


# --------------------------------------------------------------------------- the import dialog


def test_a_good_file_is_previewed_then_saved_with_the_details_typed(
    qtbot, store, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = province_workbook(tmp_path, good_body())
    before = database_rows(store)
    dialog = open_dialog(qtbot, store, path)

    # what was read: the file, the sheet, the rows
    assert str(path) in dialog.file_label.text()
    notice = dialog.notice.text()
    assert "Đã đọc trang «Tiêu chí» (dòng tiêu đề của bảng: dòng 6): 9 dòng." in notice
    assert "Tổng điểm tối đa 10,5 điểm: 2 lĩnh vực, 5 tiêu chí chấm điểm." in notice
    assert "chưa có gì được lưu" in notice
    # the tree, the fields in bold, decimal commas
    assert dialog.preview.codes() == ["I", "1", "1.1", "1.2", "2", "II", "3", "4"]
    field = dialog.preview.item_of("II")
    assert field is not None and field.font(1).bold() and field.text(2) == "4,5"
    sub = dialog.preview.item_of("1.1")
    assert sub is not None and not sub.font(1).bold()
    assert (sub.text(1), sub.text(2)) == ("Ban hành kế hoạch đúng thời hạn", "1,5")
    assert sub.parent() is dialog.preview.item_of("1")
    assert dialog.total_label.text().startswith("Tổng điểm tối đa 10,5 điểm")
    assert dialog.errors.count() == 0
    assert dialog.tabs.tabText(1) == "Lỗi (0)"
    # the details read from the title rows, to check and complete
    assert dialog.name.text() == "BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ"
    assert dialog.province.currentText() == "Tỉnh Lai Châu"
    assert dialog.decision_number.text() == "123/QĐ-UBND"
    assert dialog.decision_date.date() == date(2024, 1, 15)
    assert dialog.decision_issuer.text() == "UBND tỉnh Lai Châu"
    assert dialog.save_button.isEnabled()
    assert database_rows(store) == before  # nothing written by reading

    dialog.name.setText("Bộ tiêu chí Chỉ số CCHC cấp xã tỉnh Lai Châu")
    dialog.years.setText("2025, 2026")
    dialog.save_button.click()

    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = dialog.saved
    assert saved is not None
    [found] = stored(store)
    assert found.uuid == saved.uuid
    s = found.criteria
    assert (s.name, s.province, s.years, s.version) == (
        "Bộ tiêu chí Chỉ số CCHC cấp xã tỉnh Lai Châu",
        "Tỉnh Lai Châu",
        (2025, 2026),
        1,
    )
    assert (s.decision.number, s.decision.issued_on, s.decision.issuer) == (
        "123/QĐ-UBND",
        date(2024, 1, 15),
        "UBND tỉnh Lai Châu",
    )
    assert s.family and s.family.isascii() and not s.sample
    assert s.total == D("10.5")
    assert {n.code: n.maximum for n in s.walk()}["1.1"] == D("1.5")
    assert "0,5 điểm" in s.by_code["1"].guidance
    assert "Hoàn thành 100% nhiệm vụ" in s.by_code["1.2"].guidance  # the bullet line


def test_warnings_are_shown_apart_and_do_not_block(qtbot, store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    body = good_body()
    body.insert(5, ["", "Ban hành muộn trên 15 ngày", "0,5"])  # points but no STT
    dialog = open_dialog(qtbot, store, province_workbook(tmp_path, body))
    assert dialog.errors.count() == 0
    assert dialog.warnings.count() == 1
    assert dialog.warnings.item(0).text().startswith("Trang «Tiêu chí», dòng 12, cột C:")
    assert dialog.tabs.tabText(2) == "Lưu ý (1)"
    assert "Có 1 lưu ý" in dialog.notice.text()
    assert dialog.save_button.isEnabled()
    dialog.save()
    assert dialog.saved is not None and len(stored(store)) == 1


def test_a_parent_that_is_not_the_sum_of_its_children_blocks_saving(
    qtbot, store, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    start_assessment(store, 2025, SAMPLE)  # a store that holds something already
    before = database_rows(store)
    # «1. Kế hoạch» says 3,5 but 1.1 and 1.2 add up to 3 (and the field's 6 to 6,5)
    path = province_workbook(tmp_path, good_body(plan_maximum="3,5"))
    dialog = open_dialog(qtbot, store, path)

    texts = [dialog.errors.item(i).text() for i in range(dialog.errors.count())]
    [plan] = [t for t in texts if "dòng 9," in t]
    assert plan.startswith("Trang «Tiêu chí», dòng 9, cột C: Tiêu chí «1» (Kế hoạch CCHC năm)")
    assert "3,5" in plan and "khác tổng điểm tối đa của các tiêu chí con 3" in plan
    assert all(t.startswith("Trang «Tiêu chí», dòng ") for t in texts)
    assert dialog.tabs.currentIndex() == 1  # the errors are what is shown
    assert dialog.tabs.tabText(1) == f"Lỗi ({len(texts)})"
    assert "lỗi nên chưa lưu được" in dialog.notice.text()
    assert dialog.preview.topLevelItemCount() == 0
    assert not dialog.save_button.isEnabled()
    assert not dialog.form.isEnabled()

    dialog.save()  # even called directly, nothing is written
    assert dialog.saved is None
    assert database_rows(store) == before


def test_the_file_is_read_again_after_it_was_corrected(qtbot, store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = province_workbook(tmp_path, good_body(plan_maximum=4))
    dialog = open_dialog(qtbot, store, path)
    assert not dialog.save_button.isEnabled()
    province_workbook(tmp_path, good_body())  # corrected in Excel, same file
    with qtbot.waitSignal(dialog.read_finished, timeout=10000):
        dialog.reread_button.click()
    assert dialog.errors.count() == 0 and dialog.save_button.isEnabled()
    assert dialog.tabs.currentIndex() == 0


def test_a_file_that_is_not_a_workbook_says_why(qtbot, store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bo-tieu-chi.xlsx"
    path.write_text("STT;Nội dung tiêu chí;Điểm tối đa\nI;Chỉ đạo;6\n", encoding="utf-8")
    before = database_rows(store)
    dialog = open_dialog(qtbot, store, path)
    text = dialog.notice.text()
    assert text.startswith("Không đọc được tệp «bo-tieu-chi.xlsx».")
    assert "không phải tệp Excel .xlsx" in text  # the reason, from the reader
    assert "Lưu thành" in text  # and what to do
    assert dialog.read_error == text
    assert dialog.notice.styleSheet().count("#fdeaea")  # shown as an error
    assert not dialog.save_button.isEnabled()
    assert dialog.preview.topLevelItemCount() == 0
    assert database_rows(store) == before


def test_a_sheet_without_the_criteria_table_says_why(qtbot, store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook()
    wb.active["A1"] = "Danh sách cán bộ"  # type: ignore[index]
    path = tmp_path / "khac.xlsx"
    wb.save(path)
    dialog = open_dialog(qtbot, store, path)
    assert "Không tìm thấy dòng tiêu đề của bảng tiêu chí" in dialog.notice.text()
    assert not dialog.save_button.isEnabled()


def test_the_years_field_refuses_other_text(qtbot, store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, store, province_workbook(tmp_path, good_body()))
    before = database_rows(store)
    dialog.years.clear()
    qtbot.keyClicks(dialog.years, "nam 2026")
    assert dialog.years.text().strip() == "2026"  # letters are not taken
    dialog.years.setText("1999, 2026")
    dialog.save()
    assert dialog.saved is None
    assert "từ 2000 đến 2100" in dialog.form.error_text("years")
    assert database_rows(store) == before
    dialog.name.clear()
    dialog.years.setText("2026")
    dialog.save()
    assert dialog.form.error_text("name") == "Chưa nhập tên bộ tiêu chí."
    assert database_rows(store) == before
    dialog.name.setText("Bộ tiêu chí 2026")
    dialog.decision_date.edit.setText("31/02/2024")
    dialog.save()
    assert "không có thật" in dialog.form.error_text("decision_date")
    dialog.decision_date.edit.setText("15/01/2024")
    dialog.save()
    assert dialog.saved is not None and dialog.saved.years == (2026,)


def test_a_store_that_cannot_be_written_says_so(
    qtbot, store, settings, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.store import StoreError, imports

    dialog = open_dialog(qtbot, store, province_workbook(tmp_path, good_body()))
    dialog.show()

    def refuse(*_args):  # type: ignore[no-untyped-def]
        raise StoreError("Không ghi được vào tệp dữ liệu: ổ đĩa đầy.")

    monkeypatch.setattr(imports, "save_new_criteria_set", refuse)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a: shown.append(a[1:])))
    dialog.save_button.click()
    assert shown == [("Không lưu được", "Không ghi được vào tệp dữ liệu: ổ đĩa đầy.")]
    assert dialog.saved is None and dialog.isVisible()

    def invalid(*_args):  # type: ignore[no-untyped-def]
        raise ValidationError({"name": "Tên quá dài.", "set": "Bộ tiêu chí này đã có."})

    monkeypatch.setattr(imports, "save_new_criteria_set", invalid)
    dialog.save_button.click()
    assert dialog.form.error_text("name") == "Tên quá dài."
    assert "Bộ tiêu chí này đã có." in dialog.notice.text()
    assert dialog.saved is None and dialog.isVisible()


def test_a_correction_is_saved_as_version_2_of_the_same_family(
    qtbot, store, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    first = open_dialog(qtbot, store, province_workbook(tmp_path, good_body(), "v1.xlsx"))
    first.years.setText("2026")
    first.save()
    original = first.saved
    assert original is not None and original.version == 1

    corrected = good_body()
    corrected[8][1] = "Công khai đầy đủ, đúng quy định các thủ tục hành chính"  # reworded
    dialog = open_dialog(qtbot, store, province_workbook(tmp_path, corrected, "v2.xlsx"))
    assert dialog.family_uuids() == [original.uuid]
    assert dialog.same_name_hint.isVisibleTo(dialog)  # same name as a stored set: a hint
    assert dialog.choose_version_of(original.uuid)
    assert not dialog.same_name_hint.isVisibleTo(dialog)
    dialog.years.setText("2026")
    dialog.save_button.click()

    saved = dialog.saved
    assert saved is not None
    assert (saved.family, saved.version) == (original.family, 2)
    assert saved.uuid != original.uuid
    sets = {s.uuid: s.criteria for s in stored(store)}
    assert set(sets) == {original.uuid, saved.uuid}
    assert (
        sets[original.uuid].by_code["3"].title
        == "Công khai thủ tục hành chính đầy đủ, đúng quy định"
    )
    assert sets[saved.uuid].by_code["3"].title.startswith("Công khai đầy đủ")


def test_a_new_set_named_like_a_stored_one_stays_a_new_family(
    qtbot, store, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    for year in ("2025", "2026"):
        dialog = open_dialog(qtbot, store, province_workbook(tmp_path, good_body(), f"{year}.xlsx"))
        dialog.years.setText(year)
        dialog.save()  # «Bộ mới», the default
        assert dialog.saved is not None
    sets = [s.criteria for s in stored(store)]
    assert len({s.family for s in sets}) == 2
    assert [s.version for s in sets] == [1, 1]


def test_choosing_no_file_closes_the_dialog(qtbot, store, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked = []

    def no_file(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[1])
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(no_file))
    dialog = ImportCriteriaDialog(store, lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert asked == ["Chọn tệp Excel có bảng tiêu chí của tỉnh"]
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_the_file_chosen_on_opening_is_read(qtbot, store, settings, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = province_workbook(tmp_path, good_body())
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    dialog = ImportCriteriaDialog(store, lambda: TODAY)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.read_finished, timeout=10000):
        dialog.show()
    assert dialog.reading is not None and dialog.reading.ok
    assert dialog.isVisible()


def test_closing_after_typing_asks_first(qtbot, store, settings, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, store, province_workbook(tmp_path, good_body()))
    dialog.show()
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No),
    )
    dialog.reject()  # nothing typed: closes without asking
    assert asked == [] and not dialog.isVisible()
    dialog.show()
    dialog.years.setText("2026")
    dialog.reject()
    assert len(asked) == 1 and dialog.isVisible()


# --------------------------------------------------------------------------- the sets tab


def make_tab(qtbot, store) -> CriteriaSetsTab:  # type: ignore[no-untyped-def]
    tab = CriteriaSetsTab(store, lambda: TODAY)
    qtbot.addWidget(tab)
    tab.resize(1200, 750)
    return tab


def row_of(tab: CriteriaSetsTab, uuid: str) -> int:
    return next(r for r, s in enumerate(tab.sets) if s.uuid == uuid)


def test_the_tab_lists_the_shipped_sample_as_a_sample(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    tab = make_tab(qtbot, store)
    row = row_of(tab, SAMPLE.uuid)
    assert tab.table.item(row, NAME).text() == SAMPLE.name
    assert tab.table.item(row, STATE).text() == "Bộ mẫu"
    assert tab.table.item(row, 5).text() == "99"
    assert tab.selected_uuid() == SAMPLE.uuid  # the only set: chosen
    assert tab.tree.codes() == [n.code for n in SAMPLE.walk()]
    assert [tab.tree.topLevelItem(i).text(0) for i in range(7)] == [f.code for f in SAMPLE.fields]
    assert tab.tree.topLevelItem(0).font(1).bold()
    assert tab.sample_notice.isVisibleTo(tab)
    assert "BỘ TIÊU CHÍ MẪU" in tab.sample_notice.text()
    assert SAMPLE.note in tab.note_label.text()
    leaf = next(SAMPLE.leaves())
    item = tab.tree.item_of(leaf.code)
    assert item is not None and leaf.guidance.split("\n")[0] in item.toolTip(1)
    tab.tree.setCurrentItem(item)
    assert leaf.guidance in tab.node_detail.text()  # the full text, for the keyboard too


def test_an_imported_set_is_listed_with_its_state(qtbot, store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, store, province_workbook(tmp_path, good_body()))
    dialog.years.setText("2025, 2026")
    dialog.save()
    saved = dialog.saved
    assert saved is not None
    tab = make_tab(qtbot, store)
    assert tab.selected_uuid() == saved.uuid  # the province's set before the sample
    row = row_of(tab, saved.uuid)
    assert [tab.table.item(row, c).text() for c in range(7)] == [
        "BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ",
        "1",
        "Tỉnh Lai Châu",
        "số 123/QĐ-UBND ngày 15/01/2024 của UBND tỉnh Lai Châu",
        "2025, 2026",
        "10,5",
        "Chưa dùng",
    ]
    assert not tab.sample_notice.isVisibleTo(tab)

    assessment = start_assessment(store, 2025, saved)
    tab.reload()
    assert tab.table.item(row_of(tab, saved.uuid), STATE).text() == (
        "Đang dùng cho năm 2025 — chưa có điểm"
    )
    leaf = saved.by_code["1.1"]
    save_score(store, assessment, leaf, Score("1.1", value=D("1.5")))
    start_assessment(store, 2026, saved)
    tab.reload()
    assert tab.selected_uuid() == saved.uuid
    assert tab.table.item(row_of(tab, saved.uuid), STATE).text() == (
        "Đang dùng cho năm 2025, 2026 — đã có điểm, không sửa được"
    )
    assert tab.fixed_notice.isVisibleTo(tab)


def test_export_then_the_file_reads_back_the_same(
    qtbot, store, settings, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    tab = make_tab(qtbot, store)
    tab.select_set(SAMPLE.uuid)
    suggested = []

    def save_as(parent, caption, directory, filter_):  # type: ignore[no-untyped-def]
        suggested.append(Path(directory).name)
        return str(tmp_path / "xuat" / "bo tiêu chí"), filter_

    (tmp_path / "xuat").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    tab.export_button.click()

    assert suggested == ["bo-tieu-chi-mau-xa-2021-v1.xlsx"]
    written = tmp_path / "xuat" / "bo tiêu chí.xlsx"
    assert written.is_file()
    assert str(written) in tab.notice.text()
    reading = read_criteria_workbook(written)
    assert reading.errors == []
    again = reading.criteria_set
    assert again is not None
    assert [(n.code, n.maximum) for n in again.walk()] == [
        (n.code, n.maximum) for n in SAMPLE.walk()
    ]


def test_an_export_that_cannot_be_written_says_why(
    qtbot, store, settings, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    tab = make_tab(qtbot, store)
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a: (str(tmp_path / "khong-co" / "x.xlsx"), "")),
    )
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: warned.append(a[2])))
    tab.export_button.click()
    assert len(warned) == 1 and warned[0]
    assert warned[0] in tab.notice.text()
    assert not (tmp_path / "khong-co").exists()


def test_export_file_names_are_ascii() -> None:
    imported = replace(SAMPLE, family="bo-tieu-chi-xac-dinh-chi-so-(cchc)-đợt-2", version=3)
    name = export_file_name(imported)
    assert name == "bo-tieu-chi-xac-dinh-chi-so-cchc-dot-2-v3.xlsx"
    assert name.isascii()


def test_use_for_year_emits_the_selected_set(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    tab = make_tab(qtbot, store)
    with qtbot.waitSignal(tab.use_for_year_requested, timeout=10000) as signal:
        tab.use_button.click()
    assert signal.args == [SAMPLE.uuid]


def test_importing_from_the_tab_selects_the_new_set(
    qtbot, store, settings, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = province_workbook(tmp_path, good_body())
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )

    def run(dialog: ImportCriteriaDialog) -> int:
        """As the officer would: the file is chosen and read, the years typed, «Lưu»."""
        with qtbot.waitSignal(dialog.read_finished, timeout=10000):
            dialog.show()
        dialog.years.setText("2026")
        dialog.save_button.click()
        return dialog.result()

    monkeypatch.setattr(ImportCriteriaDialog, "exec", run)
    tab = make_tab(qtbot, store)
    assert tab.selected_uuid() == SAMPLE.uuid
    with qtbot.waitSignal(tab.sets_changed, timeout=10000):
        tab.import_button.click()
    [new] = stored(store)
    assert tab.selected_uuid() == new.uuid
    assert tab.table.rowCount() == 2
    assert tab.tree.codes() == ["I", "1", "1.1", "1.2", "2", "II", "3", "4"]
    assert "Đã lưu" in tab.notice.text()


def test_a_cancelled_import_changes_nothing(qtbot, store, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    tab = make_tab(qtbot, store)
    emitted = []
    tab.sets_changed.connect(lambda: emitted.append(1))
    monkeypatch.setattr(
        ImportCriteriaDialog,
        "exec",
        lambda dialog: (
            (dialog.show(), qtbot.waitUntil(lambda: not dialog.isVisible())) and dialog.result()
        ),
    )
    tab.import_button.click()
    assert emitted == [] and stored(store) == []


def test_the_table_and_tree_are_keyboard_navigable(qtbot, store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, store, province_workbook(tmp_path, good_body()))
    dialog.save()
    tab = make_tab(qtbot, store)
    tab.show()
    qtbot.waitExposed(tab)
    tab.table.setFocus()
    first = tab.selected_uuid()
    qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    assert tab.selected_uuid() != first and tab.selected_uuid() == SAMPLE.uuid
    assert tab.sample_notice.isVisibleTo(tab)
    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_Down)
    assert tab.tree.current_code() == SAMPLE.fields[0].children[0].code


def test_the_scoring_page_hosts_the_tab(qtbot, store, settings) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.ui.scoring.page import ScoringPage

    page = ScoringPage(AppContext(store, settings=None, today=lambda: TODAY))
    qtbot.addWidget(page)
    assert isinstance(page.sets_tab, CriteriaSetsTab)
    assert page.tabs.tabText(page.tabs.indexOf(page.sets_tab)) == "Bộ tiêu chí"
