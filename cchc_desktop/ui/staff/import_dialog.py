"""Importing a staff list from Excel: read, preview person by person, decide, confirm.

The caller chooses the file; the dialog reads it off the GUI thread and shows
what would happen to each row (added, already there, updated, to confirm, or
refused with the reason), and which columns the standards need that the file
lacks, with what that will do (the importer's :func:`missing_columns_text`).
Nothing is stored until «Nhập N người»; then every addition and update is saved
in one transaction (``store/imports.py``), refused when the store changed since the preview
(the preview is then made again). The flow is the shared import dialog's
(:mod:`cchc_desktop.ui.toolkit.import_dialog`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QCheckBox, QComboBox, QTableWidgetItem, QVBoxLayout, QWidget

from cchc_desktop.core.staff import Official, StaffLists, load_staff_lists
from cchc_desktop.core.standards import StandardSet
from cchc_desktop.importers.pipeline import ImportSource, Reader, simple_reader
from cchc_desktop.importers.staff_excel import (
    StaffRow,
    StaffSheetReading,
    missing_columns_text,
    read_staff_workbook,
)
from cchc_desktop.importers.staff_import import (
    Choice,
    Outcome,
    PlannedRow,
    StaffImportPlan,
    plan_from_state,
    staff_import_state,
)
from cchc_desktop.store.database import Store
from cchc_desktop.store.imports import StaffImportResult, apply_staff_import
from cchc_desktop.store.staff_repo import current_standard_sets
from cchc_desktop.ui.toolkit.import_dialog import ImportDialog, preview_table
from cchc_desktop.ui.toolkit.widgets import NoticeLabel

PRIVACY_NOTICE = (
    "Tệp này chứa dữ liệu cá nhân của cán bộ, công chức (ngày sinh, giới tính, dân tộc), được "
    "bảo vệ theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. Chỉ nhập danh sách của đơn "
    "vị mình; sau khi nhập, không gửi tệp qua mạng xã hội và xóa các bản sao không cần thiết "
    "(thư mục Tải về, USB)."
)
PREVIEW_HEADERS = [
    "Dòng",
    "Họ và tên",
    "Ngày sinh",
    "Chức danh",
    "Trình độ chuyên môn",
    "Kết quả",
    "Quyết định",
    "Lý do, ghi chú",
]
COLUMN_ROW, COLUMN_NAME, COLUMN_BIRTH, COLUMN_POSITION, COLUMN_LEVEL = range(5)
COLUMN_OUTCOME, COLUMN_DECISION, COLUMN_REASON = 5, 6, 7
_BACKGROUNDS = {
    Outcome.ERROR: "#fdeaea",
    Outcome.CONFIRM: "#fff4d6",
    Outcome.UPDATE: "#e8f1fb",
}
STAFF_FILE = ImportSource[StaffSheetReading](
    choose_caption="Chọn tệp Excel danh sách cán bộ, công chức"
)


def _item(text: str, background: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if background:
        item.setBackground(QBrush(QColor(background)))
    return item


class StaffImportDialog(ImportDialog):
    """``StaffImportDialog(store, path, today, parent)``: the file is read as soon as the
    dialog runs; ``imported_uuids`` lists the people added or updated after «Nhập»."""

    def __init__(
        self, store: Store, path: Path, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            STAFF_FILE, parent, confirm_text="Nhập 0 người", notice="Đang đọc tệp Excel…"
        )
        self._store = store
        self._today = today
        self.lists: StaffLists = load_staff_lists()
        self.plan: StaffImportPlan | None = None
        self.result_: StaffImportResult | None = None
        self.imported_uuids: list[str] = []
        self._sets: list[StandardSet] = []
        self._decisions: dict[int, QWidget] = {}  # plan row index -> its check box or combo
        self.setWindowTitle("Nhập danh sách cán bộ, công chức từ tệp Excel")
        layout = QVBoxLayout(self)

        self.file_label.setText(f"Tệp: {Path(path).name}")
        self.file_label.setToolTip(str(path))
        layout.addWidget(self.file_label)

        self.privacy = NoticeLabel(PRIVACY_NOTICE, "warning")
        layout.addWidget(self.privacy)
        layout.addWidget(self.notice)
        self.missing_notice = NoticeLabel("", "warning")  # columns the file lacks
        self.missing_notice.hide()
        layout.addWidget(self.missing_notice)

        self.update_all = QCheckBox("Cập nhật tất cả người đã có mà tệp ghi khác")
        self.update_all.hide()
        self.update_all.toggled.connect(self._tick_all_updates)
        layout.addWidget(self.update_all)

        self.preview = preview_table(PREVIEW_HEADERS, (COLUMN_REASON,))
        self.problems = preview_table(["Trang", "Dòng", "Cột", "Lý do"], (3,))
        self.tabs.addTab(self.preview, "Xem trước")
        self.tabs.addTab(self.problems, "Có vấn đề")
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

        self.resize(1180, 740)
        self.read_when_open(Path(path))

    # --- reading --------------------------------------------------------------------------

    def make_reader(self) -> Reader[StaffSheetReading]:
        # The store belongs to this thread: what the reading needs from it is read here.
        self._sets = current_standard_sets(self._store)
        lists, sets = self.lists, list(self._sets)
        return simple_reader(
            lambda path: read_staff_workbook(path, lists=lists, standard_sets=sets)
        )

    def show_reading(self, reading: StaffSheetReading) -> None:
        missing = missing_columns_text(reading.missing_columns)
        self.missing_notice.setText(missing)
        self.missing_notice.setVisible(bool(missing))
        self.replan()

    def unexpected_text(self, path: Path) -> str:
        return "Không đọc được tệp; chưa có gì được lưu."

    def store_changed(self) -> None:
        self.replan()

    # --- preview --------------------------------------------------------------------------

    def replan(self) -> None:
        """Decide what the import would do with the people stored now; the decisions reset."""
        if self.reading is None:
            return
        self.plan = plan_from_state(
            self.reading, staff_import_state(self._store), self._today, self.lists
        )
        self._fill_preview(self.plan)
        self._fill_problems(self.plan)
        updates = self.plan.count(Outcome.UPDATE)
        self.update_all.blockSignals(True)
        self.update_all.setChecked(False)
        self.update_all.blockSignals(False)
        self.update_all.setText(
            f"Cập nhật tất cả {updates} người đã có mà tệp ghi khác (mặc định: không cập nhật)"
        )
        self.update_all.setVisible(updates > 1)
        self._show_counts()

    def _fill_preview(self, plan: StaffImportPlan) -> None:
        table = self.preview
        self._decisions.clear()
        table.clearContents()
        table.setRowCount(len(plan.rows))
        for index, planned in enumerate(plan.rows):
            background = _BACKGROUNDS.get(planned.outcome)
            texts = [
                str(planned.row.row),
                planned.row.official.full_name or planned.row.printed.get("full_name", ""),
                self._birth_text(planned.row),
                self._position_text(planned.row),
                self._level_text(planned.row),
                planned.outcome.label,
                "",
                planned.reason,
            ]
            for column, text in enumerate(texts):
                table.setItem(index, column, _item(text, background))
            widget = self._decision_widget(index, planned)
            if widget is not None:
                self._decisions[index] = widget
                table.setCellWidget(index, COLUMN_DECISION, widget)
            else:
                decided = "Thêm" if planned.choice == Choice.ADD else "Không nhập"
                table.setItem(index, COLUMN_DECISION, _item(decided, background))
        table.resizeRowsToContents()

    def _decision_widget(self, index: int, planned: PlannedRow) -> QWidget | None:
        if planned.outcome == Outcome.UPDATE:
            box = QCheckBox("Cập nhật")
            box.setToolTip("Đánh dấu để cập nhật người đã có theo tệp: " + planned.reason)
            box.toggled.connect(
                lambda on, i=index: self._decide(i, Choice.UPDATE if on else Choice.SKIP)
            )
            return box
        if planned.outcome == Outcome.CONFIRM:
            combo = QComboBox()
            for choice in planned.choices:  # «Bỏ qua» first: the default
                combo.addItem(choice.label, choice.value)
            combo.setToolTip(planned.reason)
            combo.currentIndexChanged.connect(
                lambda _i, i=index, c=combo: self._decide(i, Choice(c.currentData()))
            )
            return combo
        return None

    def decision_widget(self, index: int) -> QWidget | None:
        """The check box (update) or list (to confirm) of ``plan.rows[index]``, if it has one."""
        return self._decisions.get(index)

    def _decide(self, index: int, choice: Choice) -> None:
        if self.plan is None:
            return
        self.plan.choose(index, choice)
        self._show_counts()

    def _tick_all_updates(self, on: bool) -> None:
        if self.plan is None:
            return
        for index, planned in enumerate(self.plan.rows):
            box = self._decisions.get(index)
            if planned.outcome == Outcome.UPDATE and isinstance(box, QCheckBox):
                box.setChecked(on)

    def _fill_problems(self, plan: StaffImportPlan) -> None:
        rows = [[p.sheet, str(p.row), p.column or "(cả dòng)", p.message] for p in plan.problems]
        self.problems.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                self.problems.setItem(r, c, _item(text))
        self.problems.resizeRowsToContents()

    def _show_counts(self) -> None:
        plan, reading = self.plan, self.reading
        if plan is None or reading is None:
            return
        chosen_updates = len(plan.to_update)
        confirmed = sum(
            1 for p in plan.rows if p.outcome == Outcome.CONFIRM and p.choice == Choice.ADD
        )
        sheets = ", ".join(
            f"«{name}» (tiêu đề ở dòng {header.row})" for name, header in reading.headers.items()
        )
        parts = [
            f"Đọc trang {sheets}: {len(plan.rows)} người.",
            f"Thêm mới: {plan.count(Outcome.ADD)}",
            f"đã có, bỏ qua: {plan.count(Outcome.SAME)}",
            f"cập nhật: {plan.count(Outcome.UPDATE)} (đã chọn {chosen_updates})",
            f"cần xác nhận: {plan.count(Outcome.CONFIRM)} (chọn thêm {confirmed})",
            f"lỗi, không nhập: {plan.count(Outcome.ERROR)}.",
        ]
        text = parts[0] + " " + "; ".join(parts[1:]) + " Chưa có gì được lưu."
        if plan.count(Outcome.CONFIRM):
            text += (
                " Với dòng «Cần xác nhận», chọn «Thêm người mới» hoặc «Bỏ qua» ở cột Quyết định."
            )
        worrying = plan.count(Outcome.ERROR) or plan.count(Outcome.CONFIRM)
        self.notice.say(text, "warning" if worrying else "info")
        self.tabs.setTabText(0, f"Xem trước ({len(plan.rows)})")
        self.tabs.setTabText(1, f"Có vấn đề ({len(plan.problems)})")
        count = plan.write_count
        self.confirm_button.setText(f"Nhập {count} người")
        self.confirm_button.setEnabled(count > 0)

    def _birth_text(self, row: StaffRow) -> str:
        if row.official.birth is not None:
            return row.official.birth.text()
        for key in ("birth", "birth_male", "birth_female"):
            if key in row.printed:
                return row.printed[key]
        return ""

    def _position_text(self, row: StaffRow) -> str:
        o: Official = row.official
        if o.position is not None:
            for standard in self._sets:
                if standard.family == o.standard_family and (p := standard.position(o.position)):
                    return p.name
        return o.position_title or row.printed.get("position", "")

    def _level_text(self, row: StaffRow) -> str:
        o = row.official
        if o.professional is None:
            return row.printed.get("professional", "")
        name = self.lists.scales["professional"].name(o.professional)
        return f"{name} – {o.field_of_study}" if o.field_of_study else name

    # --- saving ---------------------------------------------------------------------------

    def confirm(self) -> None:
        plan = self.plan
        if plan is None or plan.write_count == 0:
            return
        result = self.apply(lambda: apply_staff_import(self._store, plan, self._today, self.lists))
        if result is None:
            return
        self.result_ = result
        self.imported_uuids = result.uuids
        self.accept()
