"""Báo cáo & hồ sơ nộp: the reports a commune sends up, as PDF and Excel in one folder.

The officer chooses the reports and the year, checks the lines of the document (number,
date, superior body, recipients) and a folder; the documents are built from the store on
this (the store's) thread, then written off the GUI thread with a progress dialog. The
result lists the files to check, have signed and send.
"""

from __future__ import annotations

import logging
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import cast

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import (
    QHideEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.context import AppContext
from cchc_desktop.core.profile import CommuneProfile
from cchc_desktop.exports import ExportError
from cchc_desktop.exports.reports.common import (
    DOCUMENT_KEYS,
    DOCUMENT_NAMES,
    PERIOD_LABELS,
    TASKS,
    ReportOptions,
)
from cchc_desktop.exports.request import (
    DAY,
    DOCUMENTS,
    FORMATS_KEY,
    NUMBER,
    PDF,
    RECIPIENTS,
    DocumentLines,
    Readiness,
    SubmissionRequest,
    check_request,
    default_lines,
    default_period,
    document_lines,
    readiness_of,
    remember_lines,
    request_problems,
    year_range,
)
from cchc_desktop.exports.submission import (
    SubmissionResult,
    build_documents,
    folder_name,
    write_submission,
)
from cchc_desktop.jobs import CancelledFn, JobCancelled, ProgressFn
from cchc_desktop.store import StoreError
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.ui.reports.files_box import FilesBox
from cchc_desktop.ui.reports.result_box import ResultBox
from cchc_desktop.ui.toolkit.background import BackgroundTask, report_failure, run_in_background
from cchc_desktop.ui.toolkit.errors import show_user_error
from cchc_desktop.ui.toolkit.forms import DateField, FieldForm, text_box
from cchc_desktop.ui.toolkit.page import ui_settings
from cchc_desktop.ui.toolkit.widgets import HeadingLabel, NoticeLabel

log = logging.getLogger(__name__)

JOB_TITLE = "Tạo hồ sơ nộp"

_READINESS_STYLES = {
    "ok": "QLabel { color:#3c3c3c; }",
    "caution": "QLabel { color:#7a4b00; }",
    "unavailable": "QLabel { color:#9b1c1c; }",
}


def _period_label(key: str) -> str:
    label = PERIOD_LABELS[key]
    return label[:1].upper() + label[1:]


def _indented(widget: QWidget, left: int = 26) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(left, 0, 0, 4)
    row.addWidget(widget, 1)
    return holder


class ReportsPage(QWidget):
    title = "Báo cáo & hồ sơ nộp"
    open_profile_requested = Signal()
    submission_written = Signal(object)  # the SubmissionResult, once shown

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self._store = store = context.store
        self._settings = ui_settings(context)
        self._today = context.today
        self._profile: CommuneProfile | None = None
        self._loaded = False
        self._filled_parent = ""  # what reload() last put in the fields, to tell edits
        self._filled_recipients = ""
        self._wanted = dict.fromkeys(DOCUMENT_KEYS, True)  # the officer's own choice
        self.readiness: dict[str, Readiness] = {}
        self.task: BackgroundTask | None = None
        self.result: SubmissionResult | None = None
        self._readiness_timer = QTimer(self)
        self._readiness_timer.setSingleShot(True)
        self._readiness_timer.setInterval(250)
        self._readiness_timer.timeout.connect(self.refresh_readiness)

        layout = QVBoxLayout(self)
        layout.addWidget(HeadingLabel(self.title))
        self._build_notices(layout, store.is_demo)
        # Side by side when there is room, one under the other with large text or a narrow
        # window (see resizeEvent).
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.reports_box = self._build_reports_box()
        self.document_box = self._build_document_box()
        self.columns.addWidget(self.reports_box, 1)
        self.columns.addWidget(self.document_box, 1)
        layout.addLayout(self.columns)
        self.files_box = FilesBox(self._settings.submission_folder)
        layout.addWidget(self.files_box)
        layout.addLayout(self._build_create_row())
        self.result_box = ResultBox(self.title)
        layout.addWidget(self.result_box)
        layout.addStretch(1)
        self._connect()
        self._set_tab_order()

    def _build_notices(self, layout: QVBoxLayout, demo: bool) -> None:
        intro = QLabel(
            "Tạo các báo cáo gửi cấp trên từ dữ liệu đã nhập trong chương trình: tệp PDF đúng "
            "thể thức văn bản hành chính để trình ký và tệp Excel để cấp trên tổng hợp, gom "
            "trong một thư mục hồ sơ."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.demo_notice = NoticeLabel(
            "Tệp đang mở là DỮ LIỆU MẪU: các báo cáo tạo ra chỉ để xem thử, không dùng để gửi "
            "cấp trên.",
            "warning",
        )
        self.demo_notice.setVisible(demo)
        layout.addWidget(self.demo_notice)
        self.profile_box = QWidget()
        profile_row = QHBoxLayout(self.profile_box)
        profile_row.setContentsMargins(0, 0, 0, 0)
        self.profile_notice = NoticeLabel(
            "Chưa có thông tin của đơn vị (tên xã, người ký, cơ quan nhận báo cáo) nên chưa tạo "
            "được báo cáo. Nhập ở mục «Thông tin đơn vị» trước.",
            "error",
        )
        self.profile_button = QPushButton("Mở «Thông tin đơn vị»")
        profile_row.addWidget(self.profile_notice, 1)
        profile_row.addWidget(self.profile_button)
        self.profile_box.hide()
        layout.addWidget(self.profile_box)

    def _build_create_row(self) -> QHBoxLayout:
        create_row = QHBoxLayout()
        self.create_button = QPushButton("Tạ&o hồ sơ nộp")
        self.create_button.setDefault(True)
        self.create_button.setToolTip("Tạo các tệp báo cáo đã chọn (Ctrl+Enter)")
        self.create_button.setMinimumHeight(self.create_button.sizeHint().height() + 8)
        self.create_button.setMinimumWidth(self.create_button.sizeHint().width() + 32)
        self.create_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.message = NoticeLabel("", "info")
        self.message.hide()
        create_row.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignTop)
        create_row.addWidget(self.message, 1)
        create_row.addStretch(0)
        return create_row

    def _connect(self) -> None:
        self.profile_button.clicked.connect(self.open_profile_requested)
        self.year.valueChanged.connect(lambda _value: self.refresh_readiness())
        self.period.currentIndexChanged.connect(lambda _index: self.refresh_readiness())
        self._day_field().changed.connect(self._readiness_timer.start)
        for key, check in self.checks.items():
            check.clicked.connect(lambda checked, k=key: self._wanted.__setitem__(k, checked))
        self.restore_button.clicked.connect(self.restore_defaults)
        self.create_button.clicked.connect(lambda: self.create())
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self, lambda: self.create())
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # --- building ---------------------------------------------------------------------------

    def _build_reports_box(self) -> QGroupBox:
        box = QGroupBox("Báo cáo cần xuất")
        column = QVBoxLayout(box)
        year_row = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(*year_range(self._today()))
        self.year.setValue(self._today().year)
        self.year.setKeyboardTracking(False)  # typing 2026 does not read 2, 20, 202 first
        self.year.setAccessibleName("Năm báo cáo")
        year_label = QLabel("Năm báo &cáo:")
        year_label.setBuddy(self.year)
        year_row.addWidget(year_label)
        year_row.addWidget(self.year)
        year_row.addStretch(1)
        column.addLayout(year_row)

        self.checks: dict[str, QCheckBox] = {}
        self.readiness_labels: dict[str, QLabel] = {}
        self.period = QComboBox()
        self.period.setAccessibleName("Kỳ báo cáo")
        for key in PERIOD_LABELS:
            self.period.addItem(_period_label(key), key)
        for key in DOCUMENT_KEYS:
            check = QCheckBox(DOCUMENT_NAMES[key])
            check.setChecked(True)
            self.checks[key] = check
            column.addWidget(check)
            if key == TASKS:
                period_row = QHBoxLayout()
                period_label = QLabel("&Kỳ báo cáo:")
                period_label.setBuddy(self.period)
                period_row.addWidget(period_label)
                period_row.addWidget(self.period)
                period_row.addStretch(1)
                holder = QWidget()
                holder.setLayout(period_row)
                period_row.setContentsMargins(26, 0, 0, 0)
                column.addWidget(holder)
            label = QLabel()
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.readiness_labels[key] = label
            column.addWidget(_indented(label))
        column.addStretch(1)
        return box

    def _build_document_box(self) -> QGroupBox:
        box = QGroupBox("Văn bản")
        column = QVBoxLayout(box)
        self.form = FieldForm()
        self.number = QLineEdit()
        self.number.setPlaceholderText("để trống nếu chưa có số")
        self.number.setToolTip("Ví dụ: nhập 15 thì văn bản ghi «Số: 15/BC-UBND»")
        self.number.setMaxLength(20)
        self.form.add_field("number", "&Số văn bản:", self.number)
        day = DateField()
        day.set_date(self._today())
        self.form.add_field("day", "Ngà&y văn bản:", day)
        self.parent_line = QLineEdit()
        self.parent_line.setToolTip(
            "Dòng trên tên đơn vị ở góc trái văn bản; xóa trống nếu không ghi"
        )
        self.form.add_field("parent_line", "Cơ &quan chủ quản:", self.parent_line)
        self.recipients = text_box(5)
        self.recipients.setToolTip("Mỗi dòng một nơi nhận, in dưới chữ «Nơi nhận:»")
        self.form.add_field("recipients", "Nơ&i nhận\n(mỗi dòng một nơi):", self.recipients)
        self.restore_button = QPushButton("Khôi phục &mặc định")
        self.restore_button.setToolTip(
            "Cơ quan chủ quản và nơi nhận theo thông tin đơn vị, như lúc đầu"
        )
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.restore_button)
        restore_row.addStretch(1)
        self.form.layout_.addRow("", restore_row)
        column.addWidget(self.form)
        column.addStretch(1)
        return box

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.profile_button, self.year]
        for key in DOCUMENT_KEYS:
            chain.append(self.checks[key])
            if key == TASKS:
                chain.append(self.period)
        chain += [
            self.number,
            self.form.editors["day"],
            self.parent_line,
            self.recipients,
            self.restore_button,
            *self.files_box.focus_order(),
            self.create_button,
            *self.result_box.focus_order(),
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _side_by_side_width(self) -> int:
        """The width the two boxes need next to each other without squeezing the fields."""
        captions = max(self.form.caption(n).sizeHint().width() for n in self.form.editors)
        field = self.fontMetrics().horizontalAdvance("- TT Đảng ủy, TT HĐND phường (b/c);")
        document = captions + field + 80
        margins = self.layout().contentsMargins()
        return (
            self.reports_box.minimumSizeHint().width()
            + document
            + self.columns.spacing()
            + margins.left()
            + margins.right()
        )

    def _arrange(self) -> None:
        side_by_side = self.width() >= self._side_by_side_width()
        direction = (
            QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        )
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._arrange()

    # --- loading ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # scores, tasks, officials or the profile may have changed meanwhile

    def hideEvent(self, event: QHideEvent) -> None:
        # A date typed just before leaving is read on return, not later on a store that
        # may be closed by then (another data file opened).
        self._readiness_timer.stop()
        super().hideEvent(event)

    def reload(self) -> None:
        """Read the profile and the remembered lines, then the readiness of each report."""
        self._profile = load_profile(self._store)
        profile = self._profile
        self.profile_box.setVisible(profile is None or not profile.commune_name)
        if not self._loaded:
            self._loaded = True
            today = self._today()
            year = self._context.working_year()
            self.year.blockSignals(True)
            self.year.setValue(min(max(year, self.year.minimum()), self.year.maximum()))
            self.year.blockSignals(False)
            self.period.blockSignals(True)
            period = default_period(self._store, self.year.value(), today)
            self.period.setCurrentIndex(max(0, self.period.findData(period)))
            self.period.blockSignals(False)
        # The remembered (or default) lines replace what this page put there, never what
        # the officer typed.
        lines = document_lines(self._store, profile)
        parent = lines.parent_line
        if self.parent_line.text() == self._filled_parent:
            self.parent_line.setText(parent)
            self._filled_parent = parent
        recipients = "\n".join(lines.recipients)
        if self.recipients.toPlainText() == self._filled_recipients:
            self.recipients.setPlainText(recipients)
            self._filled_recipients = recipients
            self.form.set_error("recipients", "")
        self.refresh_readiness()

    def restore_defaults(self) -> None:
        default = default_lines(self._profile)
        self.parent_line.setText(default.parent_line)
        self.recipients.setPlainText("\n".join(default.recipients))
        self.form.set_error("parent_line", "")
        self.form.set_error("recipients", "")

    def _readiness_day(self) -> date:
        try:
            day = self._day_field().date()
        except ValueError:
            day = None
        return day or self._today()

    def refresh_readiness(self) -> None:
        """The line under each report, and whether it can be chosen, for the year and date."""
        self._readiness_timer.stop()
        year, day = self.year.value(), self._readiness_day()
        self.readiness = readiness_of(self._store, year, self.selected_period(), day)
        for key, ready in self.readiness.items():
            label, check = self.readiness_labels[key], self.checks[key]
            label.setText(ready.text)
            style = "ok" if not ready.caution else "caution"
            label.setStyleSheet(_READINESS_STYLES[style if ready.available else "unavailable"])
            check.setEnabled(ready.available)
            check.setChecked(ready.available and self._wanted[key])
            check.setToolTip("" if ready.available else ready.text)
            check.setAccessibleDescription(ready.text)

    def selected_period(self) -> str:
        return str(self.period.currentData())

    # --- what the officer asked for -------------------------------------------------------

    def selected_documents(self) -> tuple[str, ...]:
        return tuple(
            k for k in DOCUMENT_KEYS if self.checks[k].isEnabled() and self.checks[k].isChecked()
        )

    def recipient_lines(self) -> tuple[str, ...]:
        return tuple(
            line.strip() for line in self.recipients.toPlainText().splitlines() if line.strip()
        )

    def submission_request(self) -> SubmissionRequest:
        return SubmissionRequest(
            documents=self.selected_documents(),
            year=self.year.value(),
            period=self.selected_period(),
            formats=self.files_box.selected_formats(),
            make_zip=self.files_box.zip_check.isChecked(),
        )

    def report_options(self) -> ReportOptions:
        """The documents' options as the form reads (the date must be readable)."""
        day = self._day_field().date() or self._today()
        return ReportOptions(
            day=day,
            number=self.number.text().strip(),
            parent_line=self.parent_line.text().strip(),
            recipients=self.recipient_lines(),
        )

    def _say(self, text: str, kind: str = "error") -> None:
        self.message.say(text, kind)

    def _problems(self, request: SubmissionRequest) -> tuple[dict[str, str], dict[str, str]]:
        """The rules the request breaks (exports.request), and the date typed unreadable."""
        values, date_errors = self.form.read_dates(["day"])
        problems = request_problems(
            request,
            day=values["day"],
            today=self._today(),
            number=self.number.text(),
            recipients=self.recipient_lines(),
        )
        return problems, date_errors

    def _check_form(self, problems: dict[str, str], date_errors: dict[str, str]) -> str:
        """Messages under the fields at fault; the message for near the button, if any."""
        errors = {k: problems[k] for k in (DAY, NUMBER, RECIPIENTS) if k in problems}
        errors.update(date_errors)  # "31/02/2026" is said as such, not as a missing date
        self.form.show_errors(errors)
        if errors:
            return "Kiểm tra lại các ô được đánh dấu đỏ ở phần «Văn bản»."
        return ""

    def _check_folder(self) -> Path | None:
        folder, problem = self.files_box.checked_folder()
        if problem:
            self._say(problem)
            self.files_box.folder_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        return folder

    def prepare(self) -> tuple[SubmissionRequest, ReportOptions, Path] | None:
        """The request, the options and the folder, or None with the messages shown."""
        request = self.submission_request()
        problems, date_errors = self._problems(request)
        if DOCUMENTS in problems:
            self._say(problems[DOCUMENTS])
            enabled = [c for c in self.checks.values() if c.isEnabled()]
            (enabled[0] if enabled else self.year).setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        if FORMATS_KEY in problems:
            self._say(problems[FORMATS_KEY])
            self.files_box.format_checks[PDF].setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        problem = self._check_form(problems, date_errors)
        others = [text for key, text in problems.items() if key not in (DAY, NUMBER, RECIPIENTS)]
        if problem or others:
            self._say(problem or others[0])
            return None
        folder = self._check_folder()
        if folder is None:
            return None
        return request, self.report_options(), folder

    def _day_field(self) -> DateField:
        return cast(DateField, self.form.editors["day"])

    # --- creating ---------------------------------------------------------------------------

    # Shadows QWidget.create(), a non-virtual C++ method that Qt never calls through Python.
    def create(self) -> BackgroundTask | None:  # type: ignore[override]
        """Build the chosen documents here, then write them in the background."""
        if self.task is not None and self.task.is_running:
            return None
        prepared = self.prepare()
        if prepared is None:
            return None
        request, options, folder = prepared
        try:
            # the same rules as the command line's, and the readiness as of now (the date
            # typed may be newer than the lines under the reports)
            check_request(self._store, request, options, self._today())
            documents = build_documents(self._store, request, options)
        except (ExportError, StoreError) as exc:
            self._say(exc.message)
            return None
        profile = self._profile = load_profile(self._store)
        assert profile is not None  # build_documents refuses without one
        name = folder_name(profile.unit_name, request)

        def job(progress: ProgressFn, cancelled: CancelledFn) -> SubmissionResult:
            return write_submission(documents, request, folder, name, progress, cancelled)

        self.result_box.hide()
        self._say("Đang ghi các tệp…", "info")
        self.create_button.setEnabled(False)
        self.task = run_in_background(
            self,
            JOB_TITLE,
            job,
            lambda result: self._written(result, options, folder),
            self._failed,
        )
        self.task.finished.connect(lambda: self.create_button.setEnabled(True))
        return self.task

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, JobCancelled):
            self._say("Đã hủy việc tạo hồ sơ nộp; không có tệp ghi dở nào được để lại.", "warning")
        elif isinstance(exc, ExportError):
            self._say(exc.message)
            show_user_error(self, JOB_TITLE, exc)
        else:
            self._say("Không tạo được hồ sơ nộp do một lỗi không mong muốn.")
            report_failure(self, JOB_TITLE, exc)

    def _written(self, result: SubmissionResult, options: ReportOptions, folder: Path) -> None:
        self.result = result
        self._remember(options, folder)
        self._say(f"Đã tạo hồ sơ nộp gồm {len(result.files)} tệp.", "success")
        self.result_box.show_result(result, self._profile.superior_body if self._profile else "")
        QTimer.singleShot(0, self._scroll_to_result)
        self.submission_written.emit(result)

    def _remember(self, options: ReportOptions, folder: Path) -> None:
        """The lines typed for next time (in the store: they go with the data) and the folder
        (on this PC)."""
        lines = DocumentLines(options.parent_line or "", tuple(options.recipients or ()))
        for key, message in remember_lines(self._store, self._profile, lines).items():
            log.warning("Could not remember %s: %s", key, message)
        self._filled_parent = self.parent_line.text()
        self._filled_recipients = self.recipients.toPlainText()
        self._settings.submission_folder = folder
        self._settings.sync()

    def _scroll_to_result(self) -> None:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QScrollArea):
            widget = widget.parentWidget()
        if widget is not None:
            widget.ensureWidgetVisible(self.result_box, 0, 0)
