"""«Thời hạn cần chọn»: how the officer reads each deadline of the task sheet that is no date.

One line per such row, with the readings the importer offers (:func:`deadline_options`):
a recurring duty, a chosen date typed in «Ngày», or no deadline. With «Chọn một lần cho
mọi dòng ghi cùng thời hạn» a choice holds for every row printing the same text. What is
chosen is kept in :attr:`DeadlineChooser.choices` for the plan; :attr:`~DeadlineChooser.
chosen` asks for a new preview at once, :attr:`~DeadlineChooser.typed` once the typing
stops.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.importers.task_import import (
    DeadlineChoice,
    DeadlineChoices,
    DeadlineMapping,
    DeadlineOption,
    deadline_key,
    deadline_options,
)
from cchc_desktop.importers.tasks_excel import TaskRow
from cchc_desktop.ui.toolkit.forms import DateField
from cchc_desktop.ui.toolkit.import_dialog import preview_table
from cchc_desktop.ui.toolkit.widgets import mark_invalid

# Columns of «Thời hạn cần chọn».
DEADLINE_ROW, DEADLINE_CONTENT, DEADLINE_PRINTED, DEADLINE_CHOICE, DEADLINE_DATE = range(5)


class DeadlineChooser(QWidget):
    """The page of the deadlines that are no date, and the choices made on it."""

    chosen = Signal()  # a reading was chosen: the preview follows at once
    typed = Signal()  # a date is being typed: the preview follows when the typing stops

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = DeadlineChoices()  # how the officer reads deadlines that are no date
        self.rows: list[TaskRow] = []  # the rows of «Thời hạn cần chọn», in order
        self._options: list[list[DeadlineOption]] = []
        self._combos: list[QComboBox] = []
        self._dates: list[DateField] = []
        self._built_for: tuple[int, date | None] | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        self.same_text = QCheckBox("Chọn một lần cho mọi dòng ghi cùng thời hạn")
        self.same_text.setChecked(True)
        row.addWidget(self.same_text)
        hint = QLabel("Định kỳ: mỗi kỳ một nhiệm vụ, từ ngày giao đến hết năm. Không cần sửa tệp.")
        hint.setStyleSheet("QLabel { color:#555; }")
        row.addWidget(hint, 1)
        column.addLayout(row)
        self.table = preview_table(
            ["Dòng", "Nội dung nhiệm vụ", "Thời hạn ghi trong tệp", "Cách hiểu", "Ngày"],
            (DEADLINE_CHOICE,),
            select_rows=False,
        )
        self.table.setToolTip(
            "Những dòng có thời hạn không phải một ngày. Chọn cách hiểu: định kỳ (mỗi kỳ một "
            "nhiệm vụ), một ngày cụ thể (nhập ở cột «Ngày»), hoặc không thời hạn."
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DEADLINE_CONTENT, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(DEADLINE_CONTENT, 260)
        column.addWidget(self.table, 1)

    def is_built_for(self, reading: object, assigned_on: date) -> bool:
        """Whether the lines shown are those of ``reading`` dated from ``assigned_on``."""
        return self._built_for == (id(reading), assigned_on)

    def fill(self, rows: list[TaskRow], reading: object, assigned_on: date | None) -> None:
        """One line per row whose deadline is no date, with the ways to read it."""
        self._built_for = (id(reading), assigned_on) if assigned_on else None
        table = self.table
        table.clearContents()
        table.setRowCount(len(rows))
        self.rows = list(rows)
        self._options = [deadline_options(r, assigned_on) for r in rows] if assigned_on else []
        self._combos, self._dates = [], []
        for index, row in enumerate(rows):
            for column, text in (
                (DEADLINE_ROW, str(row.row)),
                (DEADLINE_CONTENT, row.content),
                (DEADLINE_PRINTED, row.deadline_text),
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(row.deadline_problem or text)
                table.setItem(index, column, item)
            combo, date_field = self._line_widgets(index, row)
            table.setCellWidget(index, DEADLINE_CHOICE, combo)
            table.setCellWidget(index, DEADLINE_DATE, date_field)
            self._combos.append(combo)
            self._dates.append(date_field)
        table.resizeRowsToContents()

    def _line_widgets(self, index: int, row: TaskRow) -> tuple[QComboBox, DateField]:
        """The «Cách hiểu» list and the «Ngày» field of line ``index``, showing its choice."""
        combo = QComboBox()
        for option in self._options[index]:
            combo.addItem(option.label)
            combo.setItemData(combo.count() - 1, option.label, Qt.ItemDataRole.ToolTipRole)
        # the list opens as wide as its longest reading, whatever the column's width
        combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
        date_field = DateField()
        choice = self.choices.for_row(row)
        combo.setCurrentIndex(self._option_index(index, choice))
        combo.setToolTip(combo.currentText())
        if choice is not None and choice.kind == DeadlineMapping.DATE and choice.day:
            date_field.set_date(choice.day)
        date_field.setEnabled(choice is not None and choice.kind == DeadlineMapping.DATE)
        combo.currentIndexChanged.connect(lambda _i, i=index: self._deadline_chosen(i))
        date_field.changed.connect(lambda i=index: self._deadline_date_typed(i))
        return combo, date_field

    def _option_index(self, index: int, choice: DeadlineChoice | None) -> int:
        """The option showing ``choice`` (none chosen: «Chưa chọn», or how it was read)."""
        options = self._options[index]
        for position, option in enumerate(options):
            wanted = option.choice
            if choice is None and wanted is None:
                return position
            if choice is None or wanted is None or wanted.kind != choice.kind:
                continue
            if choice.kind != DeadlineMapping.RECURRING or wanted.recurrence == choice.recurrence:
                return position
        return len(options) - 1  # read as it was: no deadline («Hằng quý»)

    def combo(self, index: int) -> QComboBox:
        """The «Cách hiểu» list of line ``index``."""
        return self._combos[index]

    def date_field(self, index: int) -> DateField:
        """The «Ngày» field of line ``index``."""
        return self._dates[index]

    def _typed_day(self, index: int) -> date | None:
        field = self._dates[index]
        try:
            day = field.date()
        except ValueError:
            mark_invalid(field.edit, True)
            return None
        mark_invalid(field.edit, False)
        return day

    def _current_choice(self, index: int) -> DeadlineChoice | None:
        options = self._options[index]
        position = self._combos[index].currentIndex()
        choice = options[position].choice if 0 <= position < len(options) else None
        if choice is not None and choice.kind == DeadlineMapping.DATE:
            choice = DeadlineChoice(DeadlineMapping.DATE, self._typed_day(index))
        return choice

    def _same_text_lines(self, index: int) -> list[int]:
        """The other lines printing the same deadline, when one choice is for all of them."""
        if not self.same_text.isChecked():
            return []
        key = deadline_key(self.rows[index].deadline_text)
        return [
            other
            for other, row in enumerate(self.rows)
            if other != index and deadline_key(row.deadline_text) == key
        ]

    def _deadline_chosen(self, index: int) -> None:
        choice = self._current_choice(index)
        self._combos[index].setToolTip(self._combos[index].currentText())
        is_date = choice is not None and choice.kind == DeadlineMapping.DATE
        self._dates[index].setEnabled(is_date)
        position = self._combos[index].currentIndex()
        for other in self._same_text_lines(index):
            combo = self._combos[other]
            combo.blockSignals(True)
            combo.setCurrentIndex(min(position, combo.count() - 1))
            combo.setToolTip(combo.currentText())
            combo.blockSignals(False)
            self._dates[other].setEnabled(is_date)
            self._dates[other].edit.setText(self._dates[index].edit.text())
        self._remember(index, choice)
        self.chosen.emit()

    def _deadline_date_typed(self, index: int) -> None:
        for other in self._same_text_lines(index):
            self._dates[other].edit.setText(self._dates[index].edit.text())
        self._remember(index, self._current_choice(index))
        self.typed.emit()

    def _remember(self, index: int, choice: DeadlineChoice | None) -> None:
        row = self.rows[index]
        if self.same_text.isChecked():
            self.choices.choose_text(row.deadline_text, choice)
        else:
            self.choices.choose_row(row, choice)
