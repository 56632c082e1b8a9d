"""Importing a plan's task table from Excel: read, preview, confirm, add all at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
from cchc_desktop.core.text import format_date
from cchc_desktop.importers.sheet import ImportFileError
from cchc_desktop.importers.task_import import ImportDefaults, TaskImportPlan, plan_task_import
from cchc_desktop.importers.tasks_excel import TaskSheetReading, read_task_workbook
from cchc_desktop.store import StoreError
from cchc_desktop.store.database import Store
from cchc_desktop.store.task_repo import add_tasks, existing_fingerprints, reform_fields
from cchc_desktop.ui.background import report_failure, run_in_background
from cchc_desktop.ui.forms import DateField, FieldForm
from cchc_desktop.ui.widgets import NoticeLabel, enum_of, fill_enum_combo, scroll_area


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
        self.field_code = QComboBox()
        self.field_code.addItem("(Chưa xác định)", None)
        for reform_field in reform_fields(store):
            self.field_code.addItem(reform_field.name, reform_field.code)
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
        defaults = scroll_area(self.form)
        defaults.setMaximumHeight(330)
        layout.addWidget(defaults)

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
        self.form.changed.connect(self.replan)
        self.self_assigned.toggled.connect(self._update_source_rows)
        self._field_names = {f.code: f.name for f in reform_fields(store)}
        self.resize(980, 760)

    def _update_source_rows(self) -> None:
        for name in ("source_number", "source_issued_on", "source_issuer", "source_summary"):
            self.form.set_row_visible(name, not self.self_assigned.isChecked())

    def _say(self, text: str, kind: str = "info") -> None:
        self.notice.setText(text)
        self.notice.set_kind(kind)
        self.notice.show()

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
        self.reading = None
        self.plan = None
        self.add_button.setEnabled(False)
        year = self._assigned_year()

        def job(progress, cancelled):  # type: ignore[no-untyped-def]
            progress(0, 0, "Đang đọc tệp Excel…")
            return read_task_workbook(path, default_year=year)

        return run_in_background(self, "Đọc tệp Excel", job, self._read_done, self._read_failed)

    def _assigned_year(self) -> int:
        try:
            value = self.assigned_on.date()
        except ValueError:
            return self._today.year
        return value.year if value else self._today.year

    def _read_done(self, reading: TaskSheetReading) -> None:
        self.reading = reading
        self.replan()

    def _read_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ImportFileError):
            self._say(exc.message, "error")
            for table in (self.to_add, self.problems, self.already):
                table.setRowCount(0)
            return
        report_failure(self, self.windowTitle(), exc)

    # --- preview --------------------------------------------------------------------------

    def defaults(self) -> ImportDefaults | None:
        dates, errors = self.form.read_dates(["assigned_on", "source_issued_on"])
        if dates["assigned_on"] is None and "assigned_on" not in errors:
            errors["assigned_on"] = "Chưa nhập ngày giao."
        by_document = not self.self_assigned.isChecked()
        if by_document and not self.source_number.text().strip():
            errors["source_number"] = (
                "Nhập số, ký hiệu văn bản giao (ví dụ số của kế hoạch), hoặc chọn «Đơn vị tự đặt»."
            )
        self.form.show_errors(errors)
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

    def replan(self) -> None:
        if self.reading is None:
            return
        defaults = self.defaults()
        if defaults is None:
            self.add_button.setEnabled(False)
            self._say("Sửa các mục ghi chú màu đỏ ở trên để xem trước.", "error")
            return
        self.plan = plan_task_import(
            self.reading,
            defaults,
            existing_fingerprints(self._store),
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
        self._say(text, "warning" if plan.problems else "info")
        self.add_button.setText(f"Thêm {len(plan.to_add)} nhiệm vụ")
        self.add_button.setEnabled(bool(plan.to_add))

    def confirm(self) -> None:
        if not self.plan or not self.plan.to_add:
            return
        try:
            self.added = add_tasks(self._store, self.plan.tasks, self._today)
        except StoreError as exc:
            self._say(exc.message, "error")
            return
        self.accept()
