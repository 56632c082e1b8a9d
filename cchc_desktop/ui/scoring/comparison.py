"""A year's Chỉ số CCHC next to last year's, field by field (as seed 001 tabulates it),
and the lines that lost points this year with the remedial tasks planned against them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.clock import Clock
from cchc_desktop.core.score_comparison import ComparisonRow, compare_fields, compare_totals
from cchc_desktop.core.scoring import Sheet
from cchc_desktop.core.text import format_date
from cchc_desktop.store.criteria_repo import load_mapping
from cchc_desktop.store.database import Store
from cchc_desktop.store.scoring_evidence import line_tasks
from cchc_desktop.store.scoring_repo import SheetState, assessment_for_year, sheet_state
from cchc_desktop.ui.scoring.comparison_rows import (
    LostRow,
    _lost_colour,
    field_columns,
    lost_columns,
    lost_rows,
    lost_summary,
)
from cchc_desktop.ui.scoring.mapping_dialog import MappingDialog
from cchc_desktop.ui.scoring.remedial_dialog import RemedialTaskDialog
from cchc_desktop.ui.toolkit.rows_model import RowsModel
from cchc_desktop.ui.toolkit.widgets import HeadingLabel, NoticeLabel, scroll_area


def _fit_height(table: QTableView) -> None:
    """A short table shown whole: no inner scrolling, the page scrolls instead."""
    height = table.horizontalHeader().sizeHint().height() + table.verticalHeader().length()
    height += 2 * table.frameWidth()
    if table.horizontalScrollBar().maximum() > 0:
        height += table.horizontalScrollBar().sizeHint().height()
    table.setFixedHeight(height)


def _table(model: RowsModel[Any], name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
    table.setWordWrap(True)
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the titles wrap
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
    return table


class ComparisonTab(QWidget):
    """So sánh Chỉ số CCHC năm N với năm N−1, and the lines that lost points in year N."""

    open_task_requested = Signal(str)
    tasks_changed = Signal()

    def __init__(
        self,
        store: Store,
        today: Clock,
        default_lead: Callable[[], str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._today = today
        self._default_lead = default_lead
        self._year: int | None = None
        self._old: SheetState | None = None
        self._new: SheetState | None = None
        self._total: ComparisonRow | None = None

        self._build_fields()
        self._build_lost()
        self._lay_out()
        self._update_buttons()

    # --- layout --------------------------------------------------------------------------

    def _build_fields(self) -> None:
        """The heading, the notices about the two years' sets, the table of fields."""
        self.heading = HeadingLabel("So sánh Chỉ số CCHC với năm trước", 1.3)
        self.missing = NoticeLabel()
        self.missing.hide()
        self.sets_notice = NoticeLabel()
        self.sets_notice.hide()
        self.mapping_button = QPushButton("Ánh xạ mã tiêu chí năm trước…")
        self.mapping_button.setToolTip(
            "Chỉ rõ tiêu chí năm trước ứng với tiêu chí nào năm nay (đổi mã, tách, gộp) "
            "để so sánh đúng từng lĩnh vực."
        )
        self.mapping_button.clicked.connect(self.edit_mapping)
        self.mapping_button.hide()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("QLabel { color:#555; }")
        self.fields_model: RowsModel[ComparisonRow] = RowsModel(
            field_columns(0, 0), bold=lambda r: r is self._total
        )
        self.fields_table = _table(self.fields_model, "So sánh điểm từng lĩnh vực với năm trước")
        self.fields_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for signal in (
            self.fields_table.verticalHeader().sectionResized,
            self.fields_table.horizontalScrollBar().rangeChanged,
        ):
            signal.connect(lambda *_: _fit_height(self.fields_table))

    def _build_lost(self) -> None:
        """The criteria that lost points, their remedial tasks, the footer."""
        self.lost_heading = HeadingLabel("Các tiêu chí bị mất điểm", 1.15)
        self.lost_model: RowsModel[LostRow] = RowsModel(lost_columns(), background=_lost_colour)
        self.lost_table = _table(self.lost_model, "Các tiêu chí bị mất điểm")
        self.lost_table.setMinimumHeight(220)
        # Double-click, or Enter on the keyboard: the line's task, or a new one.
        self.lost_table.activated.connect(lambda _index: self._activate())
        self.lost_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.task_button = QPushButton("Tạo nhiệm vụ khắc phục")
        self.task_button.setToolTip(
            "Đưa vào sổ nhiệm vụ CCHC một nhiệm vụ khắc phục tiêu chí đang chọn (loại «Khắc "
            "phục tồn tại Chỉ số CCHC»); trạng thái của nhiệm vụ hiện ở cột cuối."
        )
        self.task_button.clicked.connect(self.make_remedial_task)
        self.open_task_button = QPushButton("Mở nhiệm vụ")
        self.open_task_button.clicked.connect(self._open_task)
        self.task_notice = NoticeLabel()
        self.task_notice.hide()
        self.footer = QLabel()
        self.footer.setWordWrap(True)
        font = self.footer.font()
        font.setBold(True)
        self.footer.setFont(font)

    def _lay_out(self) -> None:
        sets_row = QHBoxLayout()
        sets_row.addWidget(self.sets_notice, 1)
        sets_row.addWidget(self.mapping_button, 0, Qt.AlignmentFlag.AlignTop)
        lost_bar = QHBoxLayout()
        lost_bar.addWidget(self.lost_heading, 1)
        lost_bar.addWidget(self.task_button)
        lost_bar.addWidget(self.open_task_button)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(sets_row)
        body.addWidget(self.hint)
        body.addWidget(self.fields_table)
        body.addSpacing(8)
        body.addLayout(lost_bar)
        body.addWidget(self.task_notice)
        body.addWidget(self.lost_table, 1)
        body.addWidget(self.footer)

        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.heading)
        column.addWidget(self.missing)
        column.addWidget(self.body, 1)
        column.addStretch(0)  # takes the space while there is nothing to compare
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll_area(content, framed=False))

    # --- what is shown -----------------------------------------------------------------

    @property
    def year(self) -> int | None:
        return self._year

    def show_year(self, year: int) -> None:
        """Compare ``year`` with the year before it."""
        self._year = year
        self.task_notice.hide()
        self.refresh()

    def refresh(self) -> None:
        """Read both years again (scores, mapping and the tasks' status may have changed)."""
        if self._year is None:
            return
        year, old_year = self._year, self._year - 1
        today = self._today()
        self.heading.setText(f"So sánh Chỉ số CCHC năm {year} với năm {old_year}")
        old = assessment_for_year(self._store, old_year)
        new = assessment_for_year(self._store, year)
        self._old = sheet_state(self._store, old, today) if old else None
        self._new = sheet_state(self._store, new, today) if new else None
        missing = [y for y, a in ((old_year, old), (year, new)) if a is None]
        if missing:
            years = " và ".join(f"năm {y}" for y in missing)
            self.missing.say(
                f"{years[0].upper()}{years[1:]} chưa có bảng tự chấm điểm, chưa so sánh được.",
                "info",
            )
        else:
            self.missing.hide()
        self.body.setVisible(self._new is not None)
        if self._new is None:
            self.fields_model.set_rows([])
            self.lost_model.set_rows([])
            self._update_buttons()
            return
        self._show_fields(old_year, year)
        self._show_lost(year)

    def _show_fields(self, old_year: int, year: int) -> None:
        assert self._new is not None
        old, new = self._old, self._new
        links = None
        different = old is not None and old.criteria.uuid != new.criteria.uuid
        if different:
            assert old is not None
            links = load_mapping(self._store, old.criteria, new.criteria)
            self.sets_notice.say(
                f"Hai năm chấm theo hai bộ tiêu chí khác nhau — năm {old_year}: "
                f"«{old.criteria.title}»; năm {year}: «{new.criteria.title}». Các lĩnh vực được "
                "đối chiếu theo bảng ánh xạ mã tiêu chí năm trước với năm nay (mặc định: cùng mã "
                "là cùng tiêu chí).",
                "info",
            )
        else:
            self.sets_notice.hide()
        self.mapping_button.setVisible(different)
        rows = compare_fields(old.sheet if old else None, new.sheet, links)
        self._total = compare_totals(old.sheet if old else None, new.sheet)
        self.fields_model.columns = field_columns(old_year, year)
        self.fields_model.set_rows([*rows, self._total])
        basis = [
            f"năm {state.assessment.year}: {_basis_text(state.sheet)}"
            for state in (old, new)
            if state is not None
        ]
        same = "" if different or old is None else f" Hai năm cùng bộ «{new.criteria.title}»."
        self.hint.setText(
            "Điểm so sánh là điểm cuối cùng của mỗi năm: điểm thẩm định của cấp trên khi đã có, "
            f"nếu chưa thì điểm tự chấm ({'; '.join(basis)}). Tỷ lệ là điểm đạt so với điểm tối "
            f"đa của lĩnh vực.{same}"
        )
        _fit_height(self.fields_table)

    def _show_lost(self, year: int) -> None:
        assert self._new is not None
        chosen = self.current_lost()
        self.lost_heading.setText(f"Các tiêu chí bị mất điểm năm {year}")
        rows = lost_rows(self._new, line_tasks(self._store, self._new.assessment))
        self.lost_model.set_rows(rows)
        self.footer.setText(lost_summary(rows, self._new.sheet, year))
        if chosen is not None:
            self.select_lost(chosen.code)
        self._update_buttons()

    # --- the lines that lost points ------------------------------------------------------

    def lost_rows(self) -> list[LostRow]:
        return self.lost_model.rows()

    def current_lost(self) -> LostRow | None:
        rows = self.lost_table.selectionModel().selectedRows()
        return self.lost_model.row_at(rows[0].row()) if rows else None

    def select_lost(self, code: str) -> bool:
        for i, row in enumerate(self.lost_model.rows()):
            if row.code == code:
                self.lost_table.selectRow(i)
                self.lost_table.scrollTo(self.lost_model.index(i, 0))
                return True
        return False

    def _update_buttons(self, *_: object) -> None:
        row = self.current_lost()
        self.task_button.setEnabled(row is not None)
        self.task_button.setText(
            "Tạo thêm nhiệm vụ khắc phục"
            if row is not None and row.tasks
            else "Tạo nhiệm vụ khắc phục"
        )
        self.open_task_button.setEnabled(row is not None and bool(row.tasks))

    def _activate(self) -> None:
        row = self.current_lost()
        if row is None:
            return
        if row.tasks:
            self._open_task()
        else:
            self.make_remedial_task()

    def _open_task(self) -> None:
        row = self.current_lost()
        if row is not None and row.first_task:
            self.open_task_requested.emit(row.first_task)

    def make_remedial_task(self) -> None:
        row = self.current_lost()
        if row is None or self._new is None:
            return
        dialog = RemedialTaskDialog(
            self._store,
            self._new.assessment,
            self._new.criteria,
            row,
            self._default_lead(),
            self._today(),
            self,
        )
        if not dialog.exec() or dialog.saved is None:
            return
        task = dialog.saved
        deadline = format_date(task.deadline) if task.deadline else "không có"
        self.refresh()
        self.select_lost(row.code)
        self.task_notice.say(
            f"Đã tạo nhiệm vụ khắc phục tiêu chí {row.code} trong sổ nhiệm vụ CCHC "
            f"(chủ trì: {task.lead}; hạn hoàn thành: {deadline}).",
            "success",
        )
        self.tasks_changed.emit()

    # --- mapping -------------------------------------------------------------------------

    def edit_mapping(self) -> None:
        if self._old is None or self._new is None:
            return
        dialog = MappingDialog(self._store, self._old.criteria, self._new.criteria, self)
        if dialog.exec():
            self.refresh()


def _basis_text(sheet: Sheet) -> str:
    if sheet.appraised_2 is not None:
        return "điểm thẩm định lần 2"
    if sheet.appraised_1 is not None:
        return "điểm thẩm định lần 1"
    return "điểm tự chấm"
