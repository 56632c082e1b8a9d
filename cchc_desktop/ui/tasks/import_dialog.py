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

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
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
    DeadlineChoice,
    DeadlineChoices,
    DeadlineMapping,
    DeadlineOption,
    ImportDefaults,
    TaskImportPlan,
    TaskImportState,
    deadline_key,
    deadline_options,
    plan_task_import,
    rows_to_map,
    task_import_state,
)
from cchc_desktop.importers.tasks_excel import TaskRow, TaskSheetReading, read_task_workbook
from cchc_desktop.store.database import Store
from cchc_desktop.store.imports import apply_task_import
from cchc_desktop.store.task_repo import reform_fields
from cchc_desktop.ui.toolkit.background import BackgroundTask
from cchc_desktop.ui.toolkit.forms import DateField, FieldForm
from cchc_desktop.ui.toolkit.import_dialog import ImportDialog
from cchc_desktop.ui.toolkit.widgets import (
    enum_of,
    field_combo,
    fill_enum_combo,
    mark_invalid,
    scroll_area,
)

REPLAN_DELAY_MS = 300  # the preview waits this long after the last keystroke
# Columns of «Sẽ thêm»: the deadline as printed, beside the date it was read as.
COLUMN_ROW, COLUMN_NUMBER, COLUMN_CONTENT, COLUMN_LEAD = range(4)
COLUMN_PRINTED, COLUMN_READ_AS, COLUMN_FIELD = range(4, 7)
# Columns of «Thời hạn cần chọn».
DEADLINE_ROW, DEADLINE_CONTENT, DEADLINE_PRINTED, DEADLINE_CHOICE, DEADLINE_DATE = range(5)
TAB_ADD, TAB_DEADLINES, TAB_PROBLEMS, TAB_ALREADY = range(4)
NO_DEADLINE = "Không thời hạn"
TASK_FILE = ImportSource[TaskSheetReading](choose_caption="Chọn tệp Excel có bảng nhiệm vụ")


def _table(headers: list[str], stretch: int) -> QTableWidget:
    """A read-only list; column ``stretch`` takes the room left and wraps its text."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
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
        self._choices = DeadlineChoices()  # how the officer reads deadlines that are no date
        self._map_rows: list[TaskRow] = []  # the rows of «Thời hạn cần chọn», in order
        self._map_options: list[list[DeadlineOption]] = []
        self._map_combos: list[QComboBox] = []
        self._map_dates: list[DateField] = []
        self._map_built_for: tuple[int, date | None] | None = None
        self._filled: dict[str, str] = {}  # field -> the text filled from the file
        self._filled_from: Path | None = None  # the file the fields were filled from
        self._replan_timer = QTimer(self)
        self._replan_timer.setSingleShot(True)
        self._replan_timer.setInterval(REPLAN_DELAY_MS)
        self._replan_timer.timeout.connect(self.replan)
        self.setWindowTitle("Nhập nhiệm vụ từ tệp Excel")
        layout = QVBoxLayout(self)

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

        self.form = FieldForm()
        self.form.add_note(
            "Những thông tin tệp Excel không ghi thì chọn ở đây; dùng chung cho mọi dòng."
        )
        self.assigned_on = DateField()
        self.assigned_on.set_date(date(today.year, 1, 1))
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
        self.field_code = field_combo(reform_fields(store))
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

        self.notice.hide()
        layout.addWidget(self.notice)
        self.to_add = _table(
            [
                "Dòng",
                "STT",
                "Nội dung nhiệm vụ",
                "Chủ trì",
                "Thời hạn ghi trong tệp",
                "Đọc là",
                "Lĩnh vực",
            ],
            COLUMN_CONTENT,
        )
        self.problems = _table(["Trang", "Dòng", "Cột", "Lý do"], 3)
        self.already = _table(["Dòng", "Nội dung nhiệm vụ", "Thời hạn ghi trong tệp", "Đọc là"], 1)
        self.tabs.addTab(self.to_add, "Sẽ thêm")
        self.tabs.addTab(self._deadlines_page(), "Thời hạn cần chọn")
        self.tabs.addTab(self.problems, "Có vấn đề")
        self.tabs.addTab(self.already, "Đã có, bỏ qua")
        layout.addWidget(self.tabs, 1)

        self.add_button = self.confirm_button
        layout.addWidget(self.buttons)

        self.form.changed.connect(self._replan_timer.start)
        self.self_assigned.toggled.connect(self._update_source_rows)
        self._field_names = {f.code: f.name for f in reform_fields(store)}
        self.resize(980, 760)

    def _deadlines_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        self.same_text = QCheckBox("Chọn một lần cho mọi dòng ghi cùng thời hạn")
        self.same_text.setChecked(True)
        row.addWidget(self.same_text)
        hint = QLabel("Định kỳ: mỗi kỳ một nhiệm vụ, từ ngày giao đến hết năm. Không cần sửa tệp.")
        hint.setStyleSheet("QLabel { color:#555; }")
        row.addWidget(hint, 1)
        column.addLayout(row)
        self.deadlines = _table(
            ["Dòng", "Nội dung nhiệm vụ", "Thời hạn ghi trong tệp", "Cách hiểu", "Ngày"],
            DEADLINE_CHOICE,
        )
        self.deadlines.setToolTip(
            "Những dòng có thời hạn không phải một ngày. Chọn cách hiểu: định kỳ (mỗi kỳ một "
            "nhiệm vụ), một ngày cụ thể (nhập ở cột «Ngày»), hoặc không thời hạn."
        )
        header = self.deadlines.horizontalHeader()
        header.setSectionResizeMode(DEADLINE_CONTENT, QHeaderView.ResizeMode.Interactive)
        self.deadlines.setColumnWidth(DEADLINE_CONTENT, 260)
        column.addWidget(self.deadlines, 1)
        return page

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
        self._fill_deadlines([], None)

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
        if self.reading is None:
            return  # no file yet, or it is being read
        year = self._assigned_year()
        if year is not None and year != self._reading_year:
            if year in self._readings:
                self.reading = self._readings[year]
                self._reading_year = year
            else:
                self._start_reading(year)
                self.notice.say(f"Đang đọc lại tệp Excel theo năm {year} của ngày giao…")
                return
        defaults = self.defaults(focus_errors=focus_errors)
        if defaults is None:
            self.plan = None
            self.add_button.setEnabled(False)
            self.notice.say("Sửa các mục ghi chú màu đỏ ở trên để xem trước.", "error")
            return
        if self._map_built_for != (id(self.reading), defaults.assigned_on):
            self._fill_deadlines(rows_to_map(self.reading), defaults.assigned_on)
        state = self._existing()
        self.plan = plan_task_import(
            self.reading,
            defaults,
            state.fingerprints,
            self._today,
            set(self._field_names),
            self._choices,
            basis=state.basis,
        )
        plan = self.plan
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
        waiting = len(plan.unmapped)
        self.tabs.setTabText(TAB_ADD, f"Sẽ thêm ({len(plan.to_add)})")
        self.tabs.setTabText(
            TAB_DEADLINES,
            f"Thời hạn cần chọn ({waiting})"
            if waiting or not self._map_rows
            else f"Thời hạn định kỳ ({len(self._map_rows)})",
        )
        self.tabs.setTabText(TAB_PROBLEMS, f"Có vấn đề ({len(plan.problems)})")
        self.tabs.setTabText(TAB_ALREADY, f"Đã có, bỏ qua ({len(plan.already_there)})")
        sheets = ", ".join(self.reading.sheets_read)
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

    # --- deadlines that are no date ------------------------------------------------------

    def _fill_deadlines(self, rows: list[TaskRow], assigned_on: date | None) -> None:
        """One line per row whose deadline is no date, with the ways to read it."""
        self._map_built_for = (id(self.reading), assigned_on) if assigned_on else None
        table = self.deadlines
        table.clearContents()
        table.setRowCount(len(rows))
        self._map_rows = list(rows)
        self._map_options = [deadline_options(r, assigned_on) for r in rows] if assigned_on else []
        self._map_combos, self._map_dates = [], []
        for index, row in enumerate(rows):
            for column, text in (
                (DEADLINE_ROW, str(row.row)),
                (DEADLINE_CONTENT, row.content),
                (DEADLINE_PRINTED, row.deadline_text),
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(row.deadline_problem or text)
                table.setItem(index, column, item)
            combo = QComboBox()
            for option in self._map_options[index]:
                combo.addItem(option.label)
                combo.setItemData(combo.count() - 1, option.label, Qt.ItemDataRole.ToolTipRole)
            # the list opens as wide as its longest reading, whatever the column's width
            combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
            date_field = DateField()
            choice = self._choices.for_row(row)
            combo.setCurrentIndex(self._option_index(index, choice))
            combo.setToolTip(combo.currentText())
            if choice is not None and choice.kind == DeadlineMapping.DATE and choice.day:
                date_field.set_date(choice.day)
            date_field.setEnabled(choice is not None and choice.kind == DeadlineMapping.DATE)
            combo.currentIndexChanged.connect(lambda _i, i=index: self._deadline_chosen(i))
            date_field.changed.connect(lambda i=index: self._deadline_date_typed(i))
            table.setCellWidget(index, DEADLINE_CHOICE, combo)
            table.setCellWidget(index, DEADLINE_DATE, date_field)
            self._map_combos.append(combo)
            self._map_dates.append(date_field)
        table.resizeRowsToContents()

    def _option_index(self, index: int, choice: DeadlineChoice | None) -> int:
        """The option showing ``choice`` (none chosen: «Chưa chọn», or how it was read)."""
        options = self._map_options[index]
        for position, option in enumerate(options):
            wanted = option.choice
            if choice is None and wanted is None:
                return position
            if choice is None or wanted is None or wanted.kind != choice.kind:
                continue
            if choice.kind != DeadlineMapping.RECURRING or wanted.recurrence == choice.recurrence:
                return position
        return len(options) - 1  # read as it was: no deadline («Hằng quý»)

    def deadline_combo(self, index: int) -> QComboBox:
        """The «Cách hiểu» list of line ``index`` of «Thời hạn cần chọn»."""
        return self._map_combos[index]

    def deadline_date(self, index: int) -> DateField:
        """The «Ngày» field of line ``index`` of «Thời hạn cần chọn»."""
        return self._map_dates[index]

    def _typed_day(self, index: int) -> date | None:
        field = self._map_dates[index]
        try:
            day = field.date()
        except ValueError:
            mark_invalid(field.edit, True)
            return None
        mark_invalid(field.edit, False)
        return day

    def _current_choice(self, index: int) -> DeadlineChoice | None:
        options = self._map_options[index]
        position = self._map_combos[index].currentIndex()
        choice = options[position].choice if 0 <= position < len(options) else None
        if choice is not None and choice.kind == DeadlineMapping.DATE:
            choice = DeadlineChoice(DeadlineMapping.DATE, self._typed_day(index))
        return choice

    def _same_text_lines(self, index: int) -> list[int]:
        """The other lines printing the same deadline, when one choice is for all of them."""
        if not self.same_text.isChecked():
            return []
        key = deadline_key(self._map_rows[index].deadline_text)
        return [
            other
            for other, row in enumerate(self._map_rows)
            if other != index and deadline_key(row.deadline_text) == key
        ]

    def _deadline_chosen(self, index: int) -> None:
        choice = self._current_choice(index)
        self._map_combos[index].setToolTip(self._map_combos[index].currentText())
        is_date = choice is not None and choice.kind == DeadlineMapping.DATE
        self._map_dates[index].setEnabled(is_date)
        position = self._map_combos[index].currentIndex()
        for other in self._same_text_lines(index):
            combo = self._map_combos[other]
            combo.blockSignals(True)
            combo.setCurrentIndex(min(position, combo.count() - 1))
            combo.setToolTip(combo.currentText())
            combo.blockSignals(False)
            self._map_dates[other].setEnabled(is_date)
            self._map_dates[other].edit.setText(self._map_dates[index].edit.text())
        self._remember(index, choice)
        self.replan()

    def _deadline_date_typed(self, index: int) -> None:
        for other in self._same_text_lines(index):
            self._map_dates[other].edit.setText(self._map_dates[index].edit.text())
        self._remember(index, self._current_choice(index))
        self._replan_timer.start()  # the preview follows when the typing stops

    def _remember(self, index: int, choice: DeadlineChoice | None) -> None:
        row = self._map_rows[index]
        if self.same_text.isChecked():
            self._choices.choose_text(row.deadline_text, choice)
        else:
            self._choices.choose_row(row, choice)

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
