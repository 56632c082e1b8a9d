"""Dialogs of the task register: change many statuses, the report calendar, the figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.periodic_reports import (
    PeriodicReport,
    overrides_of,
    report_tasks,
    schedule_with_overrides,
    validate_due,
)
from cchc_desktop.core.task_stats import TaskStatistics, compute_statistics
from cchc_desktop.core.tasks import (
    NO_ISSUER_LABEL,
    DerivedState,
    SourceKind,
    Status,
    Task,
    completion_date_problem,
)
from cchc_desktop.core.text import format_date
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.store.database import Store
from cchc_desktop.store.settings_repo import REPORT_SCHEDULE, get_setting, set_setting
from cchc_desktop.store.task_repo import add_periodic_reports, reform_fields, task_facts
from cchc_desktop.ui.toolkit.dialogs import form_with_buttons, headed_layout
from cchc_desktop.ui.toolkit.forms import DateField, FieldForm
from cchc_desktop.ui.toolkit.widgets import NoticeLabel, enum_of, fill_enum_combo


class StatusDialog(QDialog):
    """The new status (and completion date) for the selected tasks."""

    def __init__(self, count: int, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self._today = today
        self.setWindowTitle("Đổi trạng thái")
        self.form = FieldForm()
        self.form.add_note(f"Đổi trạng thái của {count} nhiệm vụ đang chọn.")
        self.status = QComboBox()
        fill_enum_combo(self.status, Status)
        self.completed_on = DateField()
        # typed or confirmed by the officer, never filled in silently
        self.completed_on.edit.setPlaceholderText(f"gõ ngày hoàn thành, ví dụ {format_date(today)}")
        self.form.add_field("status", "Trạng thái mới", self.status)
        self.form.add_field("completed_on", "Ngày hoàn thành", self.completed_on)
        self.status.currentIndexChanged.connect(self._update)
        form_with_buttons(self, self.form)
        self._update()

    def _update(self) -> None:
        self.form.set_row_visible("completed_on", enum_of(self.status, Status) == Status.DONE)
        if self.isVisible():  # the date row came or went: the dialog takes the size it needs
            self.adjustSize()

    def choice(self) -> tuple[Status, date | None]:
        status = enum_of(self.status, Status)
        assert status is not None
        return status, (self.completed_on.date() if status == Status.DONE else None)

    def accept(self) -> None:
        if enum_of(self.status, Status) == Status.DONE:
            try:
                problem = completion_date_problem(self.completed_on.date(), self._today)
            except ValueError as exc:
                problem = str(exc)
            if problem:
                self.form.show_errors({"completed_on": problem})
                return
        super().accept()


class PeriodicReportsDialog(QDialog):
    """The calendar of periodic reports (editable) and their tasks for a year."""

    def __init__(
        self, store: Store, year: int, lead: str, today: date, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._store = store
        self._lead = lead
        self._today = today
        self.added: list[Task] = []  # the tasks generated while the dialog was open
        self.setWindowTitle("Báo cáo định kỳ")
        layout = headed_layout(
            self,
            "Lịch báo cáo định kỳ công tác CCHC",
            "Hạn gửi mặc định theo quy định chung (trước ngày 20 của tháng cuối kỳ). Nếu tỉnh "
            "quy định hạn sớm hơn cho cấp xã, sửa ngày, tháng ở đây rồi bấm «Lưu lịch».",
        )
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Báo cáo", "Hạn: ngày", "tháng", "năm sau"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        self.notice = NoticeLabel("", "info")
        self.notice.hide()
        layout.addWidget(self.notice)
        row = QHBoxLayout()
        self.save_button = QPushButton("Lưu lịch")
        self.reset_button = QPushButton("Khôi phục mặc định")
        row.addWidget(self.save_button)
        row.addWidget(self.reset_button)
        row.addStretch(1)
        row.addWidget(QLabel("Tạo nhiệm vụ báo cáo cho năm"))
        self.year = QSpinBox()
        self.year.setRange(2015, today.year + 2)
        self.year.setValue(year)
        self.year.setGroupSeparatorShown(False)
        row.addWidget(self.year)
        self.generate_button = QPushButton("Tạo nhiệm vụ")
        row.addWidget(self.generate_button)
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        self.generate_button.clicked.connect(self.generate)
        self._show(schedule_with_overrides(get_setting(store, REPORT_SCHEDULE)))
        self.resize(720, 360)

    def _show(self, schedule: list[PeriodicReport]) -> None:
        self._schedule = schedule
        self.table.setRowCount(len(schedule))
        for row, report in enumerate(schedule):
            self.table.setItem(row, 0, QTableWidgetItem(report.name))
            day, month = QSpinBox(), QSpinBox()
            day.setRange(1, 31)
            month.setRange(1, 12)
            day.setValue(report.due_day)
            month.setValue(report.due_month)
            next_year = QCheckBox()
            next_year.setChecked(report.due_next_year)
            self.table.setCellWidget(row, 1, day)
            self.table.setCellWidget(row, 2, month)
            self.table.setCellWidget(row, 3, next_year)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def schedule(self) -> tuple[list[PeriodicReport], str | None]:
        result = []
        for row, report in enumerate(self._schedule):
            day = cast(QSpinBox, self.table.cellWidget(row, 1)).value()
            month = cast(QSpinBox, self.table.cellWidget(row, 2)).value()
            problem = validate_due(day, month)
            if problem:
                return [], f"{report.name}: {problem}"
            result.append(
                replace(
                    report,
                    due_day=day,
                    due_month=month,
                    due_next_year=cast(QCheckBox, self.table.cellWidget(row, 3)).isChecked(),
                )
            )
        return result, None

    def save(self) -> bool:
        schedule, problem = self.schedule()
        if problem:
            self.notice.say(problem, "error")
            return False
        try:
            set_setting(self._store, REPORT_SCHEDULE, overrides_of(schedule))
        except StoreError as exc:
            self.notice.say(exc.message, "error")
            return False
        self._schedule = schedule
        self.notice.say("Đã lưu lịch báo cáo định kỳ.")
        return True

    def reset(self) -> None:
        self._show(schedule_with_overrides(None))
        self.notice.say("Đã trả về lịch mặc định; bấm «Lưu lịch» để giữ.")

    def generate(self) -> None:
        if not self.save():
            return
        year = self.year.value()
        tasks = report_tasks(self._schedule, year, self._lead)
        try:
            added, present = add_periodic_reports(self._store, tasks, self._today)
        except (StoreError, ValidationError) as exc:
            self.notice.say(getattr(exc, "message", None) or str(exc), "error")
            return
        self.added += added
        due = ", ".join(format_date(t.deadline) for t in added if t.deadline)
        text = f"Đã tạo {len(added)} nhiệm vụ báo cáo định kỳ năm {year}"
        text += f" (hạn: {due})." if added else "."
        if present:
            text += f" {present} nhiệm vụ đã có từ trước nên không tạo lại."
        self.notice.say(text)


class StatisticsDialog(QDialog):
    """The figures of a year or a date range, as reports quote them."""

    def __init__(
        self,
        store: Store,
        year: int,
        today: date,
        due_soon_days: int,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._today = today
        self._soon = due_soon_days
        self._fields = {f.code: f.name for f in reform_fields(store)}
        self.setWindowTitle("Số liệu tổng hợp nhiệm vụ CCHC")
        layout = QVBoxLayout(self)
        choose = QHBoxLayout()
        self.by_year = QRadioButton("Năm")
        self.by_year.setChecked(True)
        self.year = QSpinBox()
        self.year.setRange(2015, today.year + 2)
        self.year.setValue(year)
        self.year.setGroupSeparatorShown(False)
        self.by_range = QRadioButton("Từ ngày")
        self.start = DateField()
        self.start.set_date(date(year, 1, 1))
        self.end = DateField()
        self.end.set_date(min(today, date(year, 12, 31)))
        self.show_button = QPushButton("Xem số liệu")
        for widget in (
            self.by_year,
            self.year,
            self.by_range,
            self.start,
            QLabel("đến"),
            self.end,
            self.show_button,
        ):
            choose.addWidget(widget)
        choose.addStretch(1)
        layout.addLayout(choose)
        self.notice = NoticeLabel("", "error")
        self.notice.hide()
        layout.addWidget(self.notice)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                "Lĩnh vực",
                "Tổng số",
                "Hoàn thành\nđúng hạn",
                "Hoàn thành\nquá hạn",
                "Quá hạn chưa\nhoàn thành",
            ]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        self.by_source = QLabel()
        self.by_source.setWordWrap(True)
        layout.addWidget(self.by_source)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton("Chép số liệu", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_button.clicked.connect(self.refresh)
        self.copy_button.clicked.connect(self.copy)
        self.year.valueChanged.connect(lambda _v: self.by_year.setChecked(True))
        self.stats: TaskStatistics | None = None
        self.refresh()
        self.resize(820, 560)

    def period(self) -> tuple[date, date] | None:
        if self.by_year.isChecked():
            return date(self.year.value(), 1, 1), date(self.year.value(), 12, 31)
        try:
            start, end = self.start.date(), self.end.date()
        except ValueError as exc:
            self._problem(str(exc))
            return None
        if start is None or end is None:
            self._problem("Nhập đủ ngày bắt đầu và ngày kết thúc của kỳ.")
            return None
        if end < start:
            self._problem("Ngày kết thúc trước ngày bắt đầu.")
            return None
        return start, end

    def _problem(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def refresh(self) -> None:
        period = self.period()
        if period is None:
            return
        self.notice.hide()
        start, end = period
        stats = compute_statistics(
            task_facts(self._store, start, end), start, end, self._today, self._soon
        )
        self.stats = stats
        head = (
            f"Kỳ từ {format_date(start)} đến {format_date(end)}, tính đến ngày "
            f"{format_date(stats.as_of)}: {stats.total} nhiệm vụ"
        )
        if stats.carried_over:
            head += f" (trong đó {stats.carried_over} nhiệm vụ từ các năm trước chuyển sang)"
        self.summary.setText(
            head + ".\n" + "\n".join([*stats.sentences(), stats.status_line()]).strip()
        )
        rows = sorted(
            stats.by_field.items(),
            key=lambda item: list(self._fields).index(item[0]) if item[0] in self._fields else 99,
        )
        self.table.setRowCount(len(rows))
        for row, (code, counts) in enumerate(rows):
            values = [
                self._fields.get(code or "", "(Chưa xác định lĩnh vực)"),
                str(sum(counts.values())),
                str(counts[DerivedState.DONE_ON_TIME]),
                str(counts[DerivedState.DONE_LATE]),
                str(counts[DerivedState.OVERDUE]),
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        kinds = "; ".join(
            f"{SourceKind(kind).label}: {n}" for kind, n in stats.overdue_by_kind.most_common()
        )
        issuers = "; ".join(
            f"{issuer or NO_ISSUER_LABEL}: {n}"
            for issuer, n in stats.overdue_by_issuer.most_common()
        )
        self.by_source.setText(
            f"Nhiệm vụ quá hạn theo loại nguồn — {kinds or 'không có'}.\n"
            f"Theo cơ quan giao — {issuers or 'không có'}."
        )

    def text(self) -> str:
        lines = [self.summary.text(), ""]
        headers = [self.table.horizontalHeaderItem(c).text().replace("\n", " ") for c in range(5)]
        lines.append("\t".join(headers))
        for row in range(self.table.rowCount()):
            lines.append("\t".join(self.table.item(row, c).text() for c in range(5)))
        lines += ["", self.by_source.text()]
        return "\n".join(lines)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        QMessageBox.information(self, self.windowTitle(), "Đã chép số liệu; dán vào báo cáo.")
