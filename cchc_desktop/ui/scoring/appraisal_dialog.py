"""Importing the superior's appraisal (thẩm định lần 1, lần 2) from its Excel workbook.

The officer chooses the file and the round; the dialog shows, line by line, the
self-score, the appraised points, the difference and the reason, with every
problem named by sheet, row and column. An error blocks the import; nothing is
stored until «Ghi điểm thẩm định», and then every line in one transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
)

from cchc_desktop.core.criteria import (
    AutoSource,
    CriteriaSet,
    band_for,
    format_percent,
    format_points,
    percent_of,
)
from cchc_desktop.core.scoring import AutoFigure, Score, Sheet, compute_sheet
from cchc_desktop.core.text import os_error_text
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.importers.appraisal_excel import AppraisalReading, read_appraisal_workbook
from cchc_desktop.importers.sheet import ImportFileError
from cchc_desktop.store import StoreError
from cchc_desktop.store.database import Store
from cchc_desktop.store.scoring_repo import Assessment, save_appraisals, sheet_state
from cchc_desktop.ui.widgets import NoticeLabel

PREVIEW_HEADERS = ["Mã", "Nội dung", "Tự chấm", "Điểm thẩm định", "Chênh lệch", "Lý do"]
CODE, TITLE, SELF, APPRAISED, DIFFERENCE, NOTE = range(6)
PROBLEM_HEADERS = ["Loại", "Trang", "Dòng", "Cột", "Nội dung"]
ROUNDS = {1: "Thẩm định lần 1", 2: "Thẩm định lần 2"}
_LOWER = "#fdeaea"  # appraised below the self-score
_HIGHER = "#e3f4e1"
_ERROR = "#fdeaea"
_WARNING = "#fff4d6"


def _table(headers: list[str], stretch: tuple[int, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table


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


class ImportAppraisalDialog(QDialog):
    """``ImportAppraisalDialog(store, assessment, criteria_set, path=None, parent=None)``.

    ``load(path)`` reads a workbook and shows the preview (the dialog's «Chọn tệp…»
    does the same); «Ghi điểm thẩm định» saves the round chosen and closes the dialog
    with ``saved_count`` lines changed.
    """

    def __init__(  # type: ignore[no-untyped-def]
        self,
        store: Store,
        assessment: Assessment,
        criteria_set: CriteriaSet,
        path: Path | None = None,
        parent=None,
        *,
        today: date | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._assessment = assessment
        self._criteria = criteria_set
        self._today = today or date.today()
        self.path: Path | None = None
        self.reading: AppraisalReading | None = None
        self.read_error: str | None = None
        self.saved_count = 0
        self._sheet: Sheet | None = None
        self._scores: dict[str, Score] = {}
        self._figures: dict[AutoSource, AutoFigure] = {}
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
        self.file_label = QLabel("(chưa chọn tệp)")
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        file_row.addWidget(self.file_label, 1)
        self.choose_button = QPushButton("Chọn tệp…")
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

        self.notice = NoticeLabel("Chưa chọn tệp.", "info")
        layout.addWidget(self.notice)

        self.tabs = QTabWidget()
        self.preview = _table(PREVIEW_HEADERS, (TITLE, NOTE))
        self.problems = _table(PROBLEM_HEADERS, (4,))
        for table in (self.preview, self.problems):
            # wrapped texts take the height the column widths leave them
            table.horizontalHeader().sectionResized.connect(
                lambda *_a, t=table: t.resizeRowsToContents()
            )
        self.tabs.addTab(self.preview, "Xem trước")
        self.tabs.addTab(self.problems, "Lỗi, lưu ý")
        layout.addWidget(self.tabs, 1)

        buttons = QDialogButtonBox()
        self.save_button: QPushButton = buttons.addButton(
            "Ghi điểm thẩm định", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setEnabled(False)
        self.close_button = buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.choose_button.clicked.connect(self.choose_file)
        self.round.currentIndexChanged.connect(lambda _i: self._round_changed())
        self.resize(1100, 700)
        if path is not None:
            self.load(Path(path))

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
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

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Chọn tệp Excel kết quả thẩm định",
            str(self.path.parent) if self.path else "",
            "Tệp Excel (*.xlsx *.xlsm);;Mọi tệp (*)",
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> AppraisalReading | None:
        """Read ``path`` and show what would be written; nothing is stored."""
        self.path = Path(path)
        self.file_label.setText(str(self.path))
        reading = self._read(None)
        if reading is not None and reading.round_no in ROUNDS:
            # The file says which round it is: that is the round proposed.
            self.round.blockSignals(True)
            self.set_round(reading.round_no)
            self.round.blockSignals(False)
        self._show()
        return self.reading

    def _read(self, round_no: int | None) -> AppraisalReading | None:
        assert self.path is not None
        self.reading = None
        self.read_error = None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.reading = read_appraisal_workbook(self.path, self._criteria, round_no=round_no)
        except ImportFileError as exc:
            self.read_error = exc.message
        except PermissionError:
            self.read_error = (
                f"Không có quyền đọc tệp «{self.path.name}». Hãy đóng tệp nếu đang mở ở chương "
                "trình khác, hoặc chép tệp sang thư mục khác rồi chọn lại."
            )
        except OSError as exc:
            self.read_error = (
                f"Không đọc được tệp «{self.path.name}» ({os_error_text(exc)}). Hãy kiểm tra "
                "rồi chọn lại tệp."
            )
        finally:
            QApplication.restoreOverrideCursor()
        return self.reading

    def _round_changed(self) -> None:
        if self.reading is not None and len(self.reading.rounds) > 1:
            self._read(self.round_no)  # the file has a column per round: read that one
        self._show()

    # --- preview --------------------------------------------------------------------------

    def _load_sheet(self) -> None:
        """The sheet as stored now: the self-scores and the points already appraised."""
        state = sheet_state(self._store, self._assessment, self._today)
        self._sheet = state.sheet
        self._scores = state.scores
        self._figures = state.figures

    def _projected(self, reading: AppraisalReading) -> Sheet:
        """The sheet as it would be with the file's points in the round chosen."""
        name, note = f"appraised_{self.round_no}", f"appraisal_{self.round_no}_note"
        scores = dict(self._scores)
        for item in reading.items:
            before = scores.get(item.code) or Score(item.code)
            scores[item.code] = replace(before, **{name: item.value, note: item.note})
        return compute_sheet(self._criteria, scores, None, self._figures)

    def _show(self) -> None:
        self.preview.setRowCount(0)
        self.problems.setRowCount(0)
        self.save_button.setEnabled(False)
        self.tabs.setTabText(0, "Xem trước")
        self.tabs.setTabText(1, "Lỗi, lưu ý")
        if self.read_error is not None:
            self.notice.say(self.read_error + " Chưa có gì được lưu.", "error")
            return
        reading = self.reading
        if reading is None:
            self.notice.say("Chưa chọn tệp.", "info")
            return
        self._load_sheet()
        self._fill_preview(reading)
        self._fill_problems(reading)
        self.tabs.setTabText(0, f"Xem trước ({len(reading.items)})")
        self.tabs.setTabText(
            1, f"Lỗi, lưu ý ({len(reading.errors)} lỗi, {len(reading.warnings)} lưu ý)"
        )
        self.notice.say(*self._summary(reading))
        self.save_button.setEnabled(not reading.errors and bool(reading.items))
        if reading.errors:
            self.tabs.setCurrentWidget(self.problems)

    def _summary(self, reading: AppraisalReading) -> tuple[str, str]:
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
        name = f"appraised_{self.round_no}"
        replaced = sum(
            1
            for item in reading.items
            if (score := self._scores.get(item.code)) is not None
            and getattr(score, name) is not None
            and getattr(score, name) != item.value
        )
        projected = self._projected(reading)
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
        if replaced:
            text += f" (thay điểm đã có của {replaced} tiêu chí)"
        text += "; chưa có gì được lưu."
        if self.round_no == 2 and not any(s.appraised_1 is not None for s in self._scores.values()):
            text += " Lưu ý: bảng điểm chưa có điểm thẩm định lần 1."
        if not self._assessment.locked:
            text += (
                f" Bảng điểm năm {self._assessment.year} chưa chốt; thường cấp trên thẩm định "
                "sau khi xã chốt bảng điểm."
            )
        kind = "warning" if reading.warnings or replaced else "info"
        return text, kind

    def _fill_preview(self, reading: AppraisalReading) -> None:
        table = self.preview
        table.setRowCount(len(reading.items))
        name = f"appraised_{self.round_no}"
        for index, item in enumerate(reading.items):
            node = self._criteria.by_code[item.code]
            line = self._sheet.lines.get(item.code) if self._sheet else None
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

    def save(self) -> None:
        reading = self.reading
        if reading is None or reading.errors or not reading.items:
            return
        try:
            count = save_appraisals(self._store, self._assessment, self.round_no, reading.updates())
        except ValidationError as exc:
            self.notice.say(
                "Không ghi được, chưa có gì được lưu: " + " ".join(exc.errors.values()), "error"
            )
            return
        except StoreError as exc:
            self.notice.say(exc.message, "error")
            return
        self.saved_count = count
        self.accept()
