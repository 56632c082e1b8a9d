"""Importing a plan's task table from Excel: read, preview, confirm, add all at once.

The preview follows the defaults the officer types, a moment after the typing
stops (:data:`REPLAN_DELAY_MS`), without ever moving the cursor. The identities
of the stored tasks are read once per dialog; a change of the assigned date's
year reads the workbook again, since periods written without a year ("Cả năm",
"Quý II") are dated in that year.

What the sheet states of its plan (the subtitle «Kèm theo Kế hoạch số …») fills
the document's number, date and issuer and the assigned date — only the fields
the officer left empty or that were filled from a file before. A deadline that is
no date is listed under «Thời hạn cần chọn», where the officer reads it as a
recurring duty, a chosen date or no deadline, for one row or for every row that
prints the same text; the reading rules are the importer's (:mod:`task_import`).

The flow (the file read off the GUI thread, the guard against stale reads, the store's
refusal of a plan it changed under) is the shared import dialog's
(:mod:`cchc_desktop.ui.toolkit.import_dialog`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.tasks import Document, SourceKind, Task
from cchc_desktop.core.text import format_date
from cchc_desktop.importers.pipeline import ImportSource, Reader, simple_reader
from cchc_desktop.importers.plan_document import StatedDocument
from cchc_desktop.importers.task_import import (
    ImportDefaults,
    TaskImportPlan,
    TaskImportState,
    plan_task_import,
    rows_to_map,
    task_import_state,
)
from cchc_desktop.importers.tasks_excel import TaskSheetReading, read_task_workbook
from cchc_desktop.store.database import Store
from cchc_desktop.store.imports import apply_task_import
from cchc_desktop.store.task_repo import reform_fields
from cchc_desktop.ui.tasks.import_deadlines import DeadlineChooser
from cchc_desktop.ui.toolkit.background import BackgroundTask
from cchc_desktop.ui.toolkit.forms import DateField, FieldForm
from cchc_desktop.ui.toolkit.import_dialog import ImportDialog, fit_side_columns, preview_table
from cchc_desktop.ui.toolkit.widgets import (
    enum_of,
    field_combo,
    fill_enum_combo,
    fit_on_screen,
    scroll_area,
)

REPLAN_DELAY_MS = 300  # the preview waits this long after the last keystroke
# Columns of «Sẽ thêm»: the deadline as printed, beside the date it was read as.
COLUMN_ROW, COLUMN_NUMBER, COLUMN_CONTENT, COLUMN_LEAD = range(4)
COLUMN_PRINTED, COLUMN_READ_AS, COLUMN_FIELD = range(4, 7)
TAB_ADD, TAB_DEADLINES, TAB_PROBLEMS, TAB_ALREADY = range(4)
NO_DEADLINE = "Không thời hạn"
TASK_FILE = ImportSource[TaskSheetReading](choose_caption="Chọn tệp Excel có bảng nhiệm vụ")


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    fit_side_columns(table)
    table.resizeRowsToContents()


class ImportTasksDialog(ImportDialog):
    def __init__(
        self, store: Store, today: date, default_lead: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(TASK_FILE, parent, confirm_text="Thêm nhiệm vụ")
        self._store = store
        self._today = today
        self.reading: TaskSheetReading | None = None
        self.plan: TaskImportPlan | None = None
        self.added: list[Task] = []
        self._readings: dict[int, TaskSheetReading] = {}  # the file read for each year
        self._reading_year: int | None = None  # the year self.reading was read for
        self._year = today.year  # the year the file is being read for
        self._state: TaskImportState | None = None  # the stored tasks, read once
        self._filled: dict[str, str] = {}  # field -> the text filled from the file
        self._filled_from: Path | None = None  # the file the fields were filled from
        self._field_names = {f.code: f.name for f in reform_fields(store)}
        self._replan_timer = QTimer(self)
        self._replan_timer.setSingleShot(True)
        self._replan_timer.setInterval(REPLAN_DELAY_MS)
        self._replan_timer.timeout.connect(self.replan)
        self.setWindowTitle("Nhập nhiệm vụ từ tệp Excel")
        layout = QVBoxLayout(self)
        self._build_file_row(layout)
        self._build_defaults(layout, default_lead)
        self._build_preview(layout)
        self.add_button = self.confirm_button
        layout.addWidget(self.buttons)
        self.form.changed.connect(self._replan_timer.start)
        self.self_assigned.toggled.connect(self._update_source_rows)
        fit_on_screen(self, 980, 760)  # a 1366×768 screen keeps the buttons in sight

    def _build_file_row(self, layout: QVBoxLayout) -> None:
        """The file chosen, and below it what the file states of its plan."""
        row = QHBoxLayout()
        self.path_label = self.file_label
        self.path_label.setText("Chưa chọn tệp (.xlsx có bảng nhiệm vụ của kế hoạch).")
        row.addWidget(self.choose_button)
        row.addWidget(self.path_label, 1)
        layout.addLayout(row)
        self.stated_label = QLabel()  # what the file says of its plan, and what was filled
        self.stated_label.setWordWrap(True)
        self.stated_label.hide()
        layout.addWidget(self.stated_label)

    def _build_defaults(self, layout: QVBoxLayout, default_lead: str) -> None:
        """What the sheet does not say, typed once for every row."""
        self.form = FieldForm()
        self.form.add_note(
            "Những thông tin tệp Excel không ghi thì chọn ở đây; dùng chung cho mọi dòng."
        )
        self.assigned_on = DateField()
        self.assigned_on.set_date(date(self._today.year, 1, 1))
        self._assigned_default = self.assigned_on.edit.text()
        self._filled["assigned_on"] = self._assigned_default  # a default, not typed
        self.kind = QComboBox()
        fill_enum_combo(self.kind, SourceKind)
        self.self_assigned = QCheckBox("Đơn vị tự đặt (không có văn bản giao)")
        self.source_number = QLineEdit()
        self.source_number.setPlaceholderText("số, ký hiệu văn bản, ví dụ 45/KH-UBND")
        self.source_issued_on = DateField()
        self.source_issuer = QLineEdit()
        self.source_summary = QLineEdit()
        self.lead = QLineEdit(default_lead)
        self.field_code = field_combo(reform_fields(self._store))
        self.form.add_field("assigned_on", "Ngày giao", self.assigned_on)
        self.form.add_field("kind", "Loại nguồn", self.kind)
        self.form.add_field("self_assigned", "", self.self_assigned)
        self.form.add_field("source_number", "Văn bản giao: số, ký hiệu", self.source_number)
        self.form.add_field("source_issued_on", "Ngày ban hành", self.source_issued_on)
        self.form.add_field("source_issuer", "Cơ quan ban hành", self.source_issuer)
        self.form.add_field("source_summary", "Trích yếu", self.source_summary)
        self.form.add_field("lead", "Chủ trì (dòng để trống)", self.lead)
        self.form.add_field("field_code", "Lĩnh vực (ngoài các mục I–VII)", self.field_code)
        self.form.add_hint(
            "Lĩnh vực được nhận ra từ tên các mục của bảng (I. Công tác chỉ đạo, điều hành …)."
        )
        # The defaults take the height they need (with a message under a field or two);
        # the preview below takes the rest. A scroll bar only on a very small screen.
        self.defaults_area = scroll_area(self.form)
        room = self.form.sizeHint().height() + 3 * self.fontMetrics().height()
        self.defaults_area.setMinimumHeight(min(room, 520))
        layout.addWidget(self.defaults_area)

    def _build_preview(self, layout: QVBoxLayout) -> None:
        """The notice and the tabs of the preview: to add, deadlines, problems, already there."""
        self.notice.hide()
        layout.addWidget(self.notice)
        self.to_add = preview_table(
            [
                "Dòng",
                "STT",
                "Nội dung nhiệm vụ",
                "Chủ trì",
                "Thời hạn ghi trong tệp",
                "Đọc là",
                "Lĩnh vực",
            ],
            (COLUMN_CONTENT,),
            select_rows=False,
        )
        self.problems = preview_table(["Trang", "Dòng", "Cột", "Lý do"], (3,), select_rows=False)
        self.already = preview_table(
            ["Dòng", "Nội dung nhiệm vụ", "Thời hạn ghi trong tệp", "Đọc là"],
            (1,),
            select_rows=False,
        )
        self.deadline_chooser = DeadlineChooser()
        self.deadline_chooser.chosen.connect(self.replan)
        self.deadline_chooser.typed.connect(self._replan_timer.start)
        self.deadlines = self.deadline_chooser.table
        self.same_text = self.deadline_chooser.same_text
        self.tabs.addTab(self.to_add, "Sẽ thêm")
        self.tabs.addTab(self.deadline_chooser, "Thời hạn cần chọn")
        self.tabs.addTab(self.problems, "Có vấn đề")
        self.tabs.addTab(self.already, "Đã có, bỏ qua")
        layout.addWidget(self.tabs, 1)

    def deadline_combo(self, index: int) -> QComboBox:
        """The «Cách hiểu» list of line ``index`` of «Thời hạn cần chọn»."""
        return self.deadline_chooser.combo(index)

    def deadline_date(self, index: int) -> DateField:
        """The «Ngày» field of line ``index`` of «Thời hạn cần chọn»."""
        return self.deadline_chooser.date_field(index)

    def _update_source_rows(self) -> None:
        for name in ("source_number", "source_issued_on", "source_issuer", "source_summary"):
            self.form.set_row_visible(name, not self.self_assigned.isChecked())

    def done(self, result: int) -> None:
        """Closing (Thêm, Đóng, Esc, the window's ×): nothing is re-planned any more."""
        self._replan_timer.stop()
        super().done(result)

    # --- reading --------------------------------------------------------------------------

    def file_chosen(self, path: Path) -> None:
        self.read(path)

    def read(self, path: Path) -> BackgroundTask:
        """Read the workbook off the GUI thread; the preview follows."""
        self.path_label.setText(str(path))
        self._readings.clear()
        self._year = self._assigned_year() or self._today.year
        return self.load(path)

    def _start_reading(self, year: int) -> BackgroundTask:
        """Read the chosen file again, dating periods without a year in ``year``."""
        assert self.path is not None
        self._year = year
        return self.load(self.path)

    def make_reader(self) -> Reader[TaskSheetReading]:
        year = self._year
        return simple_reader(lambda path: read_task_workbook(path, default_year=year))

    def reading_started(self, path: Path) -> None:
        super().reading_started(path)
        self._replan_timer.stop()
        self.plan = None

    def _assigned_year(self) -> int | None:
        """The year of the assigned date; None while the field is empty or unreadable."""
        try:
            value = self.assigned_on.date()
        except ValueError:
            return None
        return value.year if value else None

    def show_reading(self, reading: TaskSheetReading) -> None:
        year = self._year  # a read for another file or year would have made this one stale
        self._readings[year] = reading
        self.reading = reading
        self._reading_year = year
        if self._filled_from != self.path:
            self._filled_from = self.path
            self._fill_from_file(reading.document)
        self.replan()

    # --- what the file states -------------------------------------------------------------

    def _may_fill(self, name: str, current: str) -> bool:
        """Empty, or still what a file filled in: never what the officer typed."""
        return not current.strip() or current == self._filled.get(name)

    def _fill_from_file(self, document: StatedDocument | None) -> None:
        """The plan's number, date and issuer, and its date as the assigned date.

        What an earlier file filled and this one does not state is emptied (the assigned
        date goes back to its default): one file's plan never follows another file.
        """
        issued = format_date(document.issued_on) if document and document.issued_on else ""
        fields = (
            ("source_number", self.source_number, document.number if document else ""),
            ("source_issued_on", self.source_issued_on.edit, issued),
            ("source_issuer", self.source_issuer, document.issuer if document else ""),
            ("assigned_on", self.assigned_on.edit, issued or self._assigned_default),
        )
        labels = {
            "source_number": "số, ký hiệu",
            "source_issued_on": "ngày ban hành",
            "source_issuer": "cơ quan ban hành",
            "assigned_on": "ngày giao (theo ngày ban hành)",
        }
        filled: list[str] = []
        for name, edit, value in fields:
            current = edit.text()
            if not self._may_fill(name, current) or (not value and not current):
                continue
            if value != current:
                edit.setText(value)  # not "edited": the preview is planned right after
            self._filled[name] = value
            if value and value != self._assigned_default:
                filled.append(labels[name])
        if document is None:
            self.stated_label.hide()
            return
        said = f"Tệp ghi «{document.printed}»"
        if filled:
            said += f": đã điền {', '.join(filled)}. Sửa ở dưới nếu khác."
        else:
            said += "; các ô đã nhập ở dưới được giữ nguyên."
        self.stated_label.setText(said)
        self.stated_label.show()

    def show_read_failure(self, text: str | None) -> None:
        if text is None:
            return  # unexpected: reported by the error hook
        message = text
        self.notice.say(message, "error")
        self.tabs.setTabText(TAB_ADD, "Sẽ thêm")
        self.tabs.setTabText(TAB_DEADLINES, "Thời hạn cần chọn")
        self.tabs.setTabText(TAB_PROBLEMS, "Có vấn đề")
        self.tabs.setTabText(TAB_ALREADY, "Đã có, bỏ qua")
        for table in (self.to_add, self.problems, self.already):
            table.setRowCount(0)
        self.deadline_chooser.fill([], None, None)

    # --- preview --------------------------------------------------------------------------

    def defaults(self, *, focus_errors: bool = False) -> ImportDefaults | None:
        """The defaults typed, or None after showing under each field what is wrong.

        Only ``focus_errors`` (an explicit confirm) moves the cursor to the first
        field at fault; while the officer types, the cursor stays where it is.
        """
        dates, errors = self.form.read_dates(["assigned_on", "source_issued_on"])
        if dates["assigned_on"] is None and "assigned_on" not in errors:
            errors["assigned_on"] = "Chưa nhập ngày giao."
        by_document = not self.self_assigned.isChecked()
        if by_document and not self.source_number.text().strip():
            errors["source_number"] = (
                "Nhập số, ký hiệu văn bản giao (ví dụ số của kế hoạch), hoặc chọn «Đơn vị tự đặt»."
            )
        self.form.show_errors(errors, focus=focus_errors)
        if errors:
            return None
        source = None
        if by_document:
            source = Document(
                number=self.source_number.text(),
                issued_on=dates["source_issued_on"],
                issuer=self.source_issuer.text(),
                summary=self.source_summary.text(),
            )
        assert dates["assigned_on"] is not None
        return ImportDefaults(
            assigned_on=dates["assigned_on"],
            kind=enum_of(self.kind, SourceKind) or SourceKind.ANNUAL_PLAN,
            source=source,
            lead=self.lead.text(),
            field_code=self.field_code.currentData(),
        )

    def _existing(self) -> TaskImportState:
        """The identities of the stored tasks, read once (the store refuses the plan, and the
        preview is made again, if they changed since)."""
        if self._state is None:
            self._state = task_import_state(self._store)
        return self._state

    def store_changed(self) -> None:
        self._state = None
        self.replan()

    def replan(self, *, focus_errors: bool = False) -> None:
        """Preview what the import would add with the defaults as they are now."""
        self._replan_timer.stop()
        if self.reading is None or not self._reading_for_assigned_year():
            return  # no file yet, or it is being read
        defaults = self.defaults(focus_errors=focus_errors)
        if defaults is None:
            self.plan = None
            self.add_button.setEnabled(False)
            self.notice.say("Sửa các mục ghi chú màu đỏ ở trên để xem trước.", "error")
            return
        reading = self.reading
        chooser = self.deadline_chooser
        if not chooser.is_built_for(reading, defaults.assigned_on):
            chooser.fill(rows_to_map(reading), reading, defaults.assigned_on)
        state = self._existing()
        self.plan = plan_task_import(
            reading,
            defaults,
            state.fingerprints,
            self._today,
            set(self._field_names),
            chooser.choices,
            basis=state.basis,
        )
        self._show_plan(self.plan)
        self._say_plan(self.plan, reading)

    def _reading_for_assigned_year(self) -> bool:
        """Whether the reading shown dates periods in the assigned date's year; when it does
        not and no reading for that year is at hand, the file is read again for it."""
        year = self._assigned_year()
        if year is None or year == self._reading_year:
            return True
        if year in self._readings:
            self.reading = self._readings[year]
            self._reading_year = year
            return True
        self._start_reading(year)
        self.notice.say(f"Đang đọc lại tệp Excel theo năm {year} của ngày giao…")
        return False

    def _show_plan(self, plan: TaskImportPlan) -> None:
        """The tables of the preview: what is added, what has problems, what is there."""
        _fill(
            self.to_add,
            [
                [
                    str(row.row),
                    row.number,
                    task.content,
                    task.lead,
                    row.deadline_text,
                    format_date(task.deadline) if task.deadline else NO_DEADLINE,
                    self._field_names.get(task.field_code or "", "(chưa xác định)"),
                ]
                for row, task in plan.to_add
            ],
        )
        _fill(
            self.problems,
            [[p.sheet, str(p.row), p.column or "", p.message] for p in plan.problems],
        )
        _fill(
            self.already,
            [
                [
                    str(r.row),
                    r.content,
                    r.deadline_text,
                    format_date(r.deadline) if r.deadline else NO_DEADLINE,
                ]
                for r in plan.already_there
            ],
        )

    def _say_plan(self, plan: TaskImportPlan, reading: TaskSheetReading) -> None:
        """The counts on the tabs, the summary in the notice, and the confirm button."""
        waiting = len(plan.unmapped)
        mapped = len(self.deadline_chooser.rows)
        self.tabs.setTabText(TAB_ADD, f"Sẽ thêm ({len(plan.to_add)})")
        self.tabs.setTabText(
            TAB_DEADLINES,
            f"Thời hạn cần chọn ({waiting})"
            if waiting or not mapped
            else f"Thời hạn định kỳ ({mapped})",
        )
        self.tabs.setTabText(TAB_PROBLEMS, f"Có vấn đề ({len(plan.problems)})")
        self.tabs.setTabText(TAB_ALREADY, f"Đã có, bỏ qua ({len(plan.already_there)})")
        sheets = ", ".join(reading.sheets_read)
        text = (
            f"Đọc trang {sheets}: {len(plan.to_add)} nhiệm vụ sẽ được thêm; "
            f"{len(plan.problems)} dòng có vấn đề (không thêm)"
        )
        if waiting:
            text += (
                f", trong đó {waiting} dòng có thời hạn cần chọn cách hiểu (thẻ «Thời hạn cần "
                "chọn»)"
            )
        text += f"; {len(plan.already_there)} nhiệm vụ đã có (bỏ qua). Chưa có gì được lưu."
        self.notice.say(text, "warning" if plan.problems else "info")
        self.add_button.setText(f"Thêm {len(plan.to_add)} nhiệm vụ")
        self.add_button.setEnabled(bool(plan.to_add))

    def confirm(self) -> None:
        if self.reading is not None:
            # What was typed a moment ago counts: plan again now, not after the pause.
            self.replan(focus_errors=True)
        plan = self.plan
        if not plan or not plan.to_add:
            return
        added = self.apply(lambda: apply_task_import(self._store, plan, self._today))
        if added is None:
            return
        self.added = added
        self.accept()
