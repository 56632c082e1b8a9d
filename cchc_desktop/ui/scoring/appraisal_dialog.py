"""Importing the superior's appraisal (thẩm định lần 1, lần 2) from its Excel workbook.

The officer chooses the file and the round; the dialog reads the file off the GUI thread
(in the column of every round it has: choosing the round reads nothing more) and shows,
line by line, the self-score, the appraised points, the difference and the reason, with
every problem named by sheet, row and column. An error blocks the import; nothing is
stored until «Ghi điểm thẩm định», and then every line in one transaction, refused when
the sheet changed since the preview. The flow is the shared import dialog's
(:mod:`cchc_desktop.ui.toolkit.import_dialog`).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.clock import Clock, system_clock
from cchc_desktop.core.criteria import CriteriaSet, band_for
from cchc_desktop.core.points import format_percent, format_points, percent_of
from cchc_desktop.core.scoring import Score
from cchc_desktop.core.text import os_error_text
from cchc_desktop.importers.appraisal_excel import AppraisalReading
from cchc_desktop.importers.appraisal_import import (
    AppraisalFile,
    AppraisalImportPlan,
    AppraisalImportState,
    appraisal_import_state,
    plan_appraisal_import,
    read_appraisal_file,
)
from cchc_desktop.importers.pipeline import ImportSource, Reader
from cchc_desktop.jobs import CancelledFn, ProgressFn
from cchc_desktop.store.database import Store
from cchc_desktop.store.imports import apply_appraisal_import
from cchc_desktop.store.scoring_repo import Assessment
from cchc_desktop.ui.toolkit.import_dialog import ImportDialog, preview_table

PREVIEW_HEADERS = ["Mã", "Nội dung", "Tự chấm", "Điểm thẩm định", "Chênh lệch", "Lý do"]
CODE, TITLE, SELF, APPRAISED, DIFFERENCE, NOTE = range(6)
PROBLEM_HEADERS = ["Loại", "Trang", "Dòng", "Cột", "Nội dung"]
ROUNDS = {1: "Thẩm định lần 1", 2: "Thẩm định lần 2"}
_LOWER = "#fdeaea"  # appraised below the self-score
_HIGHER = "#e3f4e1"
_ERROR = "#fdeaea"
_WARNING = "#fff4d6"
APPRAISAL_FILE = ImportSource[AppraisalFile](choose_caption="Chọn tệp Excel kết quả thẩm định")


def _item(text: str, background: str | None = None, *, number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if background:
        item.setBackground(QBrush(QColor(background)))
    return item


def _signed(value: Decimal) -> str:
    if value > 0:
        return "+" + format_points(value)
    if value < 0:
        return "−" + format_points(-value)
    return "0"


class ImportAppraisalDialog(ImportDialog):
    """``ImportAppraisalDialog(store, assessment, criteria_set, path=None, parent=None)``.

    ``load(path)`` reads a workbook off the GUI thread and shows the preview
    (``read_finished`` follows; the dialog's «Chọn tệp…» does the same); «Ghi điểm thẩm
    định» saves the round chosen and closes the dialog with ``saved_count`` lines changed.
    """

    def __init__(
        self,
        store: Store,
        assessment: Assessment,
        criteria_set: CriteriaSet,
        path: Path | None = None,
        parent: QWidget | None = None,
        *,
        today: Clock = system_clock,
    ) -> None:
        super().__init__(
            APPRAISAL_FILE,
            parent,
            confirm_text="Ghi điểm thẩm định",
            choose_text="Chọn tệp…",
            notice="Chưa chọn tệp.",
        )
        self.refused_prefix = "Không ghi được, chưa có gì được lưu: "
        self._store = store
        self._assessment = assessment
        self._criteria = criteria_set
        self._today = today
        self.file: AppraisalFile | None = None
        self.reading: AppraisalReading | None = None
        self.plan: AppraisalImportPlan | None = None
        self._state: AppraisalImportState | None = None
        self.saved_count = 0
        self.save_button = self.confirm_button
        self.setWindowTitle("Nhập điểm thẩm định của cấp trên từ tệp Excel")

        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Bảng điểm năm {assessment.year} — {criteria_set.title}. Chọn tệp Excel cấp trên "
            "gửi về (bảng có cột «STT» ghi mã tiêu chí và cột «Điểm thẩm định», có thể có cột "
            "«Lý do»). Chương trình chỉ ghi điểm khi bấm «Ghi điểm thẩm định»."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("Tệp:"))
        self.file_label.setText("(chưa chọn tệp)")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose_button)
        layout.addLayout(file_row)

        round_row = QHBoxLayout()
        round_label = QLabel("Ghi vào:")
        self.round = QComboBox()
        self.round.setAccessibleName("Lần thẩm định")
        for number, label in ROUNDS.items():
            self.round.addItem(label, number)
        round_label.setBuddy(self.round)
        round_row.addWidget(round_label)
        round_row.addWidget(self.round)
        round_row.addStretch(1)
        layout.addLayout(round_row)
        layout.addWidget(self.notice)

        self.preview = preview_table(PREVIEW_HEADERS, (TITLE, NOTE))
        self.problems = preview_table(PROBLEM_HEADERS, (4,))
        for table in (self.preview, self.problems):
            # wrapped texts take the height the column widths leave them
            table.horizontalHeader().sectionResized.connect(
                lambda *_a, t=table: t.resizeRowsToContents()
            )
        self.tabs.addTab(self.preview, "Xem trước")
        self.tabs.addTab(self.problems, "Lỗi, lưu ý")
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

        self.round.currentIndexChanged.connect(lambda _i: self._round_changed())
        self.resize(1100, 700)
        self.read_when_open(path)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # the columns have their final widths only now: wrapped texts take their height
        QTimer.singleShot(0, self.preview.resizeRowsToContents)
        QTimer.singleShot(0, self.problems.resizeRowsToContents)

    # --- reading --------------------------------------------------------------------------

    @property
    def round_no(self) -> int:
        return int(self.round.currentData())

    def set_round(self, round_no: int) -> None:
        self.round.setCurrentIndex(max(0, self.round.findData(round_no)))

    def make_reader(self) -> Reader[AppraisalFile]:
        criteria = self._criteria

        def read(path: Path, progress: ProgressFn, cancelled: CancelledFn) -> AppraisalFile:
            return read_appraisal_file(path, criteria, progress, cancelled)

        return read

    def reading_started(self, path: Path) -> None:
        super().reading_started(path)
        self.file = None
        self.file_label.setText(str(path))
        self.notice.say(f"Đang đọc tệp «{path.name}»…", "info")

    def show_reading(self, reading: AppraisalFile) -> None:
        self.file = reading
        self.reading = reading.first
        if reading.first.round_no in ROUNDS:
            # The file says which round it is: that is the round proposed.
            self.round.blockSignals(True)
            self.set_round(reading.first.round_no)
            self.round.blockSignals(False)
        self._show()

    def failure_text(self, exc: BaseException, path: Path) -> str | None:
        if isinstance(exc, OSError) and not isinstance(exc, PermissionError):
            return (
                f"Không đọc được tệp «{path.name}» ({os_error_text(exc)}). Hãy kiểm tra "
                "rồi chọn lại tệp."
            )
        return super().failure_text(exc, path)

    def show_read_failure(self, text: str | None) -> None:
        self.file = None
        self._show()

    def _round_changed(self) -> None:
        if self.file is not None:
            self.reading = self.file.for_round(self.round_no)  # a column per round: that one
        self._show()

    def store_changed(self) -> None:
        self._show()

    # --- preview --------------------------------------------------------------------------

    def _show(self) -> None:
        self.preview.setRowCount(0)
        self.problems.setRowCount(0)
        self.save_button.setEnabled(False)
        self.plan = None
        self.tabs.setTabText(0, "Xem trước")
        self.tabs.setTabText(1, "Lỗi, lưu ý")
        if self.read_error is not None:
            self.notice.say(self.read_error + " Chưa có gì được lưu.", "error")
            return
        reading = self.reading
        if reading is None:
            if self._read_task is None:
                self.notice.say("Chưa chọn tệp.", "info")
            return
        self._state = appraisal_import_state(self._store, self._assessment, self._today())
        self.plan = plan_appraisal_import(reading, self._state, self.round_no)
        self._fill_preview(reading)
        self._fill_problems(reading)
        self.tabs.setTabText(0, f"Xem trước ({len(reading.items)})")
        self.tabs.setTabText(
            1, f"Lỗi, lưu ý ({len(reading.errors)} lỗi, {len(reading.warnings)} lưu ý)"
        )
        self.notice.say(*self._summary(self.plan))
        self.save_button.setEnabled(not reading.errors and bool(reading.items))
        if reading.errors:
            self.tabs.setCurrentWidget(self.problems)

    def _summary(self, plan: AppraisalImportPlan) -> tuple[str, str]:
        reading = plan.reading
        column = f"cột {reading.value_column}"
        if reading.round_no:
            column += f", thẩm định lần {reading.round_no}"
        text = (
            f"Đọc trang «{reading.sheet}» ({column}): {len(reading.items)} tiêu chí có điểm "
            f"thẩm định"
        )
        if reading.missing:
            text += f"; {len(reading.missing)} tiêu chí không có điểm trong tệp (giữ điểm cũ)"
        text += "."
        if reading.errors:
            return (
                f"{text} Tệp có {len(reading.errors)} lỗi (xem thẻ «Lỗi, lưu ý»): hãy sửa trong "
                "Excel rồi chọn lại tệp. Chưa có gì được lưu.",
                "error",
            )
        if not reading.items:
            return f"{text} Không có điểm nào để ghi.", "warning"
        projected = plan.projected
        total = projected.appraised_1 if self.round_no == 1 else projected.appraised_2
        if total is not None:
            percent = percent_of(total, projected.maximum)
            band = band_for(percent, self._criteria.bands)
            text += (
                f" Tổng điểm {ROUNDS[self.round_no].lower()} sẽ là {format_points(total)}/"
                f"{format_points(projected.maximum)} ({format_percent(percent)}"
                + (f", {band.name}" if band else "")
                + f"); tự chấm {format_points(projected.total)}."
            )
        text += f" Bấm «Ghi điểm thẩm định» để ghi vào {ROUNDS[self.round_no].lower()}"
        if plan.replaced:
            text += f" (thay điểm đã có của {plan.replaced} tiêu chí)"
        text += "; chưa có gì được lưu."
        if self.round_no == 2 and not any(s.appraised_1 is not None for s in self._scores.values()):
            text += " Lưu ý: bảng điểm chưa có điểm thẩm định lần 1."
        if not self._assessment.locked:
            text += (
                f" Bảng điểm năm {self._assessment.year} chưa chốt; thường cấp trên thẩm định "
                "sau khi xã chốt bảng điểm."
            )
        kind = "warning" if reading.warnings or plan.replaced else "info"
        return text, kind

    @property
    def _scores(self) -> dict[str, Score]:
        return self._state.sheet.scores if self._state is not None else {}

    def _fill_preview(self, reading: AppraisalReading) -> None:
        table = self.preview
        table.setRowCount(len(reading.items))
        name = f"appraised_{self.round_no}"
        for index, item in enumerate(reading.items):
            node = self._criteria.by_code[item.code]
            line = self._state.sheet.sheet.lines.get(item.code) if self._state else None
            own = line.score if line is not None else None
            difference = item.value - own if own is not None else None
            background = None
            if difference is not None and difference < 0:
                background = _LOWER
            elif difference is not None and difference > 0:
                background = _HIGHER
            table.setItem(index, CODE, _item(item.code))
            table.setItem(index, TITLE, _item(node.title))
            table.setItem(index, SELF, _item(format_points(own, "chưa chấm"), number=True))
            appraised = _item(format_points(item.value), number=True)
            stored = self._scores.get(item.code)
            before = getattr(stored, name) if stored is not None else None
            appraised.setToolTip(
                f"Dòng {item.row} của tệp."
                + (
                    f" Điểm {ROUNDS[self.round_no].lower()} đang lưu: {format_points(before)}."
                    if before is not None
                    else ""
                )
            )
            table.setItem(index, APPRAISED, appraised)
            table.setItem(
                index,
                DIFFERENCE,
                _item(
                    _signed(difference) if difference is not None else "", background, number=True
                ),
            )
            table.setItem(index, NOTE, _item(item.note))
        table.resizeRowsToContents()

    def _fill_problems(self, reading: AppraisalReading) -> None:
        problems = [("Lỗi", p, _ERROR) for p in reading.errors]
        problems += [("Lưu ý", p, _WARNING) for p in reading.warnings]
        self.problems.setRowCount(len(problems))
        for index, (kind, problem, background) in enumerate(problems):
            values = [
                kind,
                problem.sheet,
                str(problem.row) if problem.row is not None else "",
                problem.column or "",
                problem.message,
            ]
            for column, text in enumerate(values):
                self.problems.setItem(index, column, _item(text, background))
        self.problems.resizeRowsToContents()

    # --- saving ---------------------------------------------------------------------------

    def confirm(self) -> None:
        self.save()

    def save(self) -> None:
        reading, plan = self.reading, self.plan
        if reading is None or plan is None or reading.errors or not reading.items:
            return
        count = self.apply(lambda: apply_appraisal_import(self._store, plan))
        if count is None:
            return
        self.saved_count = count
        self.accept()
