"""Importing a plan's task table from Excel: read, preview, confirm, add all at once.

The preview follows the defaults the officer types, a moment after the typing
stops (:data:`REPLAN_DELAY_MS`), without ever moving the cursor. The identities
of the stored tasks are read once per dialog; a change of the assigned date's
year reads the workbook again, since periods written without a year ("Cả năm",
"Quý II") are dated in that year.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
)

from cchc_desktop.core.tasks import Document, SourceKind, Task
from cchc_desktop.core.text import format_date, os_error_text
from cchc_desktop.importers.sheet import ImportFileError
from cchc_desktop.importers.task_import import ImportDefaults, TaskImportPlan, plan_task_import
from cchc_desktop.importers.tasks_excel import TaskSheetReading, read_task_workbook
from cchc_desktop.store import StoreError
from cchc_desktop.store.database import Store
from cchc_desktop.store.task_repo import add_tasks, existing_fingerprints, reform_fields
from cchc_desktop.ui.background import report_failure, run_in_background
from cchc_desktop.ui.forms import DateField, FieldForm
from cchc_desktop.ui.widgets import (
    NoticeLabel,
    enum_of,
    field_combo,
    fill_enum_combo,
    scroll_area,
)

REPLAN_DELAY_MS = 300  # the preview waits this long after the last keystroke


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


class ImportTasksDialog(QDialog):
    def __init__(self, store: Store, today: date, default_lead: str, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._store = store
        self._today = today
        self.reading: TaskSheetReading | None = None
        self.plan: TaskImportPlan | None = None
        self.added: list[Task] = []
        self._path: Path | None = None
        self._readings: dict[int, TaskSheetReading] = {}  # the file read for each year
        self._reading_year: int | None = None  # the year self.reading was read for
        self._read_serial = 0  # a newer read makes the result of an older one stale
        self._fingerprints: set[str] | None = None  # the stored tasks, read once
        self._replan_timer = QTimer(self)
        self._replan_timer.setSingleShot(True)
        self._replan_timer.setInterval(REPLAN_DELAY_MS)
        self._replan_timer.timeout.connect(self.replan)
        self.setWindowTitle("Nhập nhiệm vụ từ tệp Excel")
        layout = QVBoxLayout(self)

        row = QHBoxLayout()
        self.choose_button = QPushButton("Chọn tệp Excel…")
        self.path_label = QLabel("Chưa chọn tệp (.xlsx có bảng nhiệm vụ của kế hoạch).")
        self.path_label.setWordWrap(True)
        row.addWidget(self.choose_button)
        row.addWidget(self.path_label, 1)
        layout.addLayout(row)

        self.form = FieldForm()
        self.form.add_note(
            "Những thông tin tệp Excel không ghi thì chọn ở đây; dùng chung cho mọi dòng."
        )
        self.assigned_on = DateField()
        self.assigned_on.set_date(date(today.year, 1, 1))
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

        self.notice = NoticeLabel("", "info")
        self.notice.hide()
        layout.addWidget(self.notice)
        self.tabs = QTabWidget()
        self.to_add = _table(
            ["Dòng", "STT", "Nội dung nhiệm vụ", "Chủ trì", "Thời hạn", "Lĩnh vực"], 2
        )
        self.problems = _table(["Trang", "Dòng", "Cột", "Lý do"], 3)
        self.already = _table(["Dòng", "Nội dung nhiệm vụ", "Thời hạn"], 1)
        self.tabs.addTab(self.to_add, "Sẽ thêm")
        self.tabs.addTab(self.problems, "Có vấn đề")
        self.tabs.addTab(self.already, "Đã có, bỏ qua")
        layout.addWidget(self.tabs, 1)

        buttons = QDialogButtonBox()
        self.add_button = buttons.addButton("Thêm nhiệm vụ", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setEnabled(False)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.choose_button.clicked.connect(self.choose_file)
        self.form.changed.connect(self._replan_timer.start)
        self.self_assigned.toggled.connect(self._update_source_rows)
        self._field_names = {f.code: f.name for f in reform_fields(store)}
        self.resize(980, 760)

    def _update_source_rows(self) -> None:
        for name in ("source_number", "source_issued_on", "source_issuer", "source_summary"):
            self.form.set_row_visible(name, not self.self_assigned.isChecked())

    def done(self, result: int) -> None:
        """Closing (Thêm, Đóng, Esc, the window's ×): nothing is re-planned any more."""
        self._replan_timer.stop()
        self._read_serial += 1  # a read still under way is no longer wanted
        super().done(result)

    # --- reading --------------------------------------------------------------------------

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Chọn tệp Excel có bảng nhiệm vụ", "", "Tệp Excel (*.xlsx *.xlsm);;Mọi tệp (*)"
        )
        if name:
            self.read(Path(name))

    def read(self, path: Path):  # type: ignore[no-untyped-def]
        """Read the workbook off the GUI thread; the preview follows."""
        self.path_label.setText(str(path))
        self._path = Path(path)
        self._readings.clear()
        return self._start_reading(self._assigned_year() or self._today.year)

    def _start_reading(self, year: int):  # type: ignore[no-untyped-def]
        """Read the chosen file again, dating periods without a year in ``year``."""
        assert self._path is not None
        path = self._path
        self._read_serial += 1
        serial = self._read_serial
        self._replan_timer.stop()
        self.reading = None
        self.plan = None
        self.add_button.setEnabled(False)

        def job(progress, cancelled):  # type: ignore[no-untyped-def]
            progress(0, 0, "Đang đọc tệp Excel…")
            return read_task_workbook(path, default_year=year)

        return run_in_background(
            self,
            "Đọc tệp Excel",
            job,
            lambda reading: self._read_done(reading, year, serial),
            lambda exc: self._read_failed(exc, path, serial),
        )

    def _assigned_year(self) -> int | None:
        """The year of the assigned date; None while the field is empty or unreadable."""
        try:
            value = self.assigned_on.date()
        except ValueError:
            return None
        return value.year if value else None

    def _read_done(self, reading: TaskSheetReading, year: int, serial: int) -> None:
        if serial != self._read_serial:
            return  # another file or year was asked for meanwhile, or the dialog closed
        self._readings[year] = reading
        self.reading = reading
        self._reading_year = year
        self.replan()

    def _read_failed(self, exc: BaseException, path: Path, serial: int) -> None:
        if serial != self._read_serial:
            return
        if isinstance(exc, ImportFileError):
            message = exc.message
        elif isinstance(exc, PermissionError):
            message = (
                f"Không có quyền đọc tệp «{path.name}». Hãy đóng tệp nếu đang mở ở chương "
                "trình khác, hoặc chép tệp sang thư mục khác rồi chọn lại."
            )
        elif isinstance(exc, OSError):
            message = (
                f"Không đọc được tệp «{path.name}»: tệp có thể đã bị chuyển, xóa, hoặc nằm trên "
                f"ổ USB, ổ mạng vừa bị ngắt ({os_error_text(exc)}). Hãy kiểm tra rồi chọn lại tệp."
            )
        else:
            report_failure(self, self.windowTitle(), exc)
            return
        self.notice.say(message, "error")
        self.tabs.setTabText(0, "Sẽ thêm")
        self.tabs.setTabText(1, "Có vấn đề")
        self.tabs.setTabText(2, "Đã có, bỏ qua")
        for table in (self.to_add, self.problems, self.already):
            table.setRowCount(0)

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

    def _existing(self) -> set[str]:
        """The identities of the stored tasks, read once (nothing is stored while this is open)."""
        if self._fingerprints is None:
            self._fingerprints = existing_fingerprints(self._store)
        return self._fingerprints

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
        self.plan = plan_task_import(
            self.reading,
            defaults,
            self._existing(),
            self._today,
            set(self._field_names),
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
                    format_date(task.deadline) if task.deadline else "Không thời hạn",
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
                [str(r.row), r.content, format_date(r.deadline) if r.deadline else ""]
                for r in plan.already_there
            ],
        )
        self.tabs.setTabText(0, f"Sẽ thêm ({len(plan.to_add)})")
        self.tabs.setTabText(1, f"Có vấn đề ({len(plan.problems)})")
        self.tabs.setTabText(2, f"Đã có, bỏ qua ({len(plan.already_there)})")
        sheets = ", ".join(self.reading.sheets_read)
        text = (
            f"Đọc trang {sheets}: {len(plan.to_add)} nhiệm vụ sẽ được thêm; "
            f"{len(plan.problems)} dòng có vấn đề (không thêm); "
            f"{len(plan.already_there)} nhiệm vụ đã có (bỏ qua). Chưa có gì được lưu."
        )
        self.notice.say(text, "warning" if plan.problems else "info")
        self.add_button.setText(f"Thêm {len(plan.to_add)} nhiệm vụ")
        self.add_button.setEnabled(bool(plan.to_add))

    def confirm(self) -> None:
        if self.reading is not None:
            # What was typed a moment ago counts: plan again now, not after the pause.
            self.replan(focus_errors=True)
        if not self.plan or not self.plan.to_add:
            return
        try:
            self.added = add_tasks(self._store, self.plan.tasks, self._today)
        except StoreError as exc:
            self.notice.say(exc.message, "error")
            return
        self.accept()
