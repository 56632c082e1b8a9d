"""A year's Chỉ số CCHC next to last year's, field by field (as seed 001 tabulates it),
and the lines that lost points this year with the remedial tasks planned against them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
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
from cchc_desktop.core.criteria import CriteriaSet
from cchc_desktop.core.points import format_percent, format_points
from cchc_desktop.core.score_comparison import ComparisonRow, compare_fields, compare_totals
from cchc_desktop.core.scoring import LostPoints, Sheet, lost_points, remedial_task_content
from cchc_desktop.core.standard_checks import Outcome
from cchc_desktop.core.tasks import SourceKind, Status, Task
from cchc_desktop.core.text import format_date, normalize_text
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.store.criteria_repo import load_mapping
from cchc_desktop.store.database import Store
from cchc_desktop.store.scoring_evidence import create_remedial_task, line_tasks
from cchc_desktop.store.scoring_repo import Assessment, SheetState, assessment_for_year, sheet_state
from cchc_desktop.store.task_repo import reform_fields
from cchc_desktop.store.task_table import distinct_leads
from cchc_desktop.ui.scoring.mapping_dialog import MappingDialog
from cchc_desktop.ui.staff.model import OUTCOME_COLOURS
from cchc_desktop.ui.toolkit.dialog_buttons import save_cancel_buttons
from cchc_desktop.ui.toolkit.errors import show_user_error
from cchc_desktop.ui.toolkit.forms import DateField, FieldForm, GuardedDialog, text_box
from cchc_desktop.ui.toolkit.rows_model import Column, RowsModel
from cchc_desktop.ui.toolkit.widgets import HeadingLabel, NoticeLabel, editable_combo, scroll_area

DASH = "—"
TOTAL_TITLE = "Tổng điểm"

# --- texts of the field table ------------------------------------------------------------


def score_text(score: Decimal | None, maximum: Decimal | None) -> str:
    """``"13/16"`` as seed 001 writes it; ``"—"`` when the year has no figure."""
    if maximum is None:
        return DASH
    return f"{format_points(score, DASH)}/{format_points(maximum)}"


def signed_points(value: Decimal | None) -> str:
    """``+1,5`` / ``-1`` / ``0``; empty when there is nothing to compare."""
    if value is None:
        return ""
    if value > 0:
        return f"+{format_points(value)}"
    if value < 0:
        return f"-{format_points(-value)}"
    return "0"


def signed_percent_points(value: Decimal | None) -> str:
    """A change of the share of the maximum, in percentage points: ``+5,2``."""
    if value is None:
        return ""
    text = format_percent(abs(value)).removesuffix("%")
    if text in ("0,0", "0"):
        return "0"
    return f"+{text}" if value > 0 else f"-{text}"


def remark(row: ComparisonRow, old_year: int, new_year: int) -> str:
    """The row's «Nhận xét»: ``change_text`` («Tăng 1,5 điểm», «Đạt tối đa», «Lĩnh vực mới»…),
    naming the year that has no score where the core would only say it cannot compare."""
    if row.change is None and not row.note:
        if row.new_score is None:
            return f"Năm {new_year} chưa chấm điểm"
        if row.old_score is None:
            return f"Năm {old_year} chưa chấm điểm"
    return row.change_text()


def field_columns(old_year: int, new_year: int) -> list[Column[ComparisonRow]]:
    def old_score(r: ComparisonRow) -> str:
        return score_text(r.old_score, r.old_maximum)

    def new_score(r: ComparisonRow) -> str:
        return score_text(r.new_score, r.new_maximum)

    return [
        Column("code", "STT", lambda r: r.code),
        Column("title", "Lĩnh vực", lambda r: r.title),
        Column("old", f"Năm {old_year}\n(điểm/tối đa)", old_score, align_right=True),
        Column(
            "old_percent", "Tỷ lệ", lambda r: format_percent(r.old_percent, ""), align_right=True
        ),
        Column("new", f"Năm {new_year}\n(điểm/tối đa)", new_score, align_right=True),
        Column(
            "new_percent", "Tỷ lệ", lambda r: format_percent(r.new_percent, ""), align_right=True
        ),
        Column("change", "Tăng/giảm\n(điểm)", lambda r: signed_points(r.change), align_right=True),
        Column(
            "percent_change",
            "Tăng/giảm tỷ lệ\n(điểm %)",
            lambda r: signed_percent_points(r.percent_change),
            align_right=True,
        ),
        Column("remark", "Nhận xét", lambda r: remark(r, old_year, new_year)),
    ]


# --- the lines that lost points ------------------------------------------------------------

DONE_COLOUR = OUTCOME_COLOURS[Outcome.MET]


@dataclass(frozen=True)
class LostRow:
    item: LostPoints
    field_code: str | None  # the reform field of the task register (from the line's field)
    tasks: tuple[tuple[str, Status], ...] = ()

    @property
    def code(self) -> str:
        return self.item.code

    @property
    def first_task(self) -> str | None:
        return self.tasks[0][0] if self.tasks else None

    def task_text(self) -> str:
        """The status of each linked task («Chưa thực hiện»), or «—» when none."""
        if not self.tasks:
            return DASH
        return "; ".join(status.label for _uuid, status in self.tasks)


def lost_columns() -> list[Column[LostRow]]:
    return [
        Column("code", "Mã", lambda r: r.code),
        Column("title", "Nội dung tiêu chí", lambda r: r.item.line.node.title),
        Column(
            "maximum",
            "Tối đa",
            lambda r: format_points(r.item.line.node.maximum),
            align_right=True,
        ),
        Column("final", "Đạt", lambda r: format_points(r.item.line.final, DASH), align_right=True),
        Column("lost", "Mất", lambda r: format_points(r.item.lost), align_right=True),
        Column("tasks", "Nhiệm vụ khắc phục", lambda r: r.task_text()),
    ]


def _lost_colour(row: LostRow) -> QColor | None:
    if row.tasks and all(status == Status.DONE for _uuid, status in row.tasks):
        return DONE_COLOUR
    return None


def lost_rows(state: SheetState, tasks: dict[str, list[tuple[str, Status]]]) -> list[LostRow]:
    """The lines of the sheet that lost points, most lost first, with their tasks."""
    field_of = state.criteria.field_of
    return [
        LostRow(
            item,
            field_of[item.code].field_code if item.code in field_of else None,
            tuple(tasks.get(item.code, ())),
        )
        for item in lost_points(state.sheet)
    ]


def lost_summary(rows: list[LostRow], sheet: Sheet, year: int) -> str:
    """``"Tổng số điểm bị mất: 2,5/99 điểm ở 2 tiêu chí"`` with what is not counted yet."""
    if rows:
        lost = sum((r.item.lost for r in rows), Decimal(0))
        text = (
            f"Tổng số điểm bị mất: {format_points(lost)}/{format_points(sheet.maximum)} điểm "
            f"ở {len(rows)} tiêu chí"
        )
    else:
        text = f"Năm {year} không có tiêu chí nào bị mất điểm"
    pending = []
    unscored = len(sheet.unscored())
    if unscored:
        pending.append(f"{unscored} tiêu chí chưa chấm điểm")
    if sheet.survey_pending:
        pending.append(f"{format_points(sheet.survey_pending)} điểm điều tra xã hội học chưa có")
    if pending:
        text += f" (chưa tính {', '.join(pending)})"
    return text + "."


def default_deadline(year: int, today: date) -> date:
    """30/09 of the year after the assessed one (the remedy is done then), if still ahead;
    otherwise 90 days from today."""
    candidate = date(year + 1, 9, 30)
    return candidate if candidate > today else today + timedelta(days=90)


# --- the remedial task dialog --------------------------------------------------------------


class RemedialTaskDialog(GuardedDialog):
    """A remedial task (khắc phục) for one line that lost points: lead and deadline."""

    def __init__(
        self,
        store: Store,
        assessment: Assessment,
        criteria: CriteriaSet,
        row: LostRow,
        lead: str,
        today: date,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._assessment = assessment
        self._row = row
        self._today = today
        self.saved: Task | None = None
        self.setWindowTitle("Tạo nhiệm vụ khắc phục")
        self.form = FieldForm()
        self.content = text_box(3)
        self.content.setReadOnly(True)
        self.content.setPlainText(remedial_task_content(row.item, assessment.year))
        self.form.add_field("content", "Nội dung nhiệm vụ", self.content)
        field_names = {f.code: f.name for f in reform_fields(store)}
        field_name = field_names.get(row.field_code or "", "(Chưa xác định)")
        self.form.add_hint(
            f"Lĩnh vực: {field_name}. Loại: {SourceKind.INDEX_REMEDY.label}; đơn vị tự đặt, "
            f"giao ngày {format_date(today)}."
        )
        if row.tasks:
            self.form.add_hint(
                f"Tiêu chí này đã có {len(row.tasks)} nhiệm vụ khắc phục ({row.task_text()})."
            )
        self.lead = editable_combo(distinct_leads(store))
        self.lead.setEditText(lead)
        self.form.add_field("lead", "Chủ trì (*)", self.lead)
        self.deadline = DateField()
        self.deadline.set_date(default_deadline(assessment.year, today))
        self.form.add_field("deadline", "Hạn hoàn thành", self.deadline)
        self.notice = NoticeLabel(kind="error")
        self.notice.hide()
        buttons = save_cancel_buttons(self, self.save, "Tạo nhiệm vụ")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self._initial = self._typed()
        self.resize(640, self.sizeHint().height())
        self.lead.setFocus()

    def _typed(self) -> tuple[str, str]:
        return normalize_text(self.lead.currentText()), normalize_text(self.deadline.edit.text())

    def has_unsaved_changes(self) -> bool:
        return self.saved is None and self._typed() != self._initial

    def save(self) -> None:
        lead = normalize_text(self.lead.currentText())
        dates, errors = self.form.read_dates(["deadline"])
        deadline = dates["deadline"]
        if not lead:
            errors["lead"] = "Nhập người hoặc bộ phận chủ trì thực hiện nhiệm vụ."
        if deadline is not None and deadline < self._today:
            errors["deadline"] = (
                f"Hạn hoàn thành {format_date(deadline)} đã qua; "
                f"chọn từ hôm nay ({format_date(self._today)}) trở đi."
            )
        if errors:
            self.form.show_errors(errors)
            return
        self.notice.hide()
        try:
            self.saved = create_remedial_task(
                self._store,
                self._assessment,
                self._row.item,
                self._row.field_code,
                lead,
                deadline,
                self._today,
            )
        except ValidationError as exc:
            # add_tasks keys its messages by the task's place in the batch ("0.lead").
            found = {key.split(".", 1)[-1]: text for key, text in exc.errors.items()}
            at_fields = {k: v for k, v in found.items() if k in self.form.editors}
            if at_fields:
                self.form.show_errors(at_fields)
            others = [v for k, v in found.items() if k not in self.form.editors]
            if others:
                self.notice.say(" ".join(others), "error")
            return
        except StoreError as exc:
            show_user_error(self, self.windowTitle(), exc)
            return
        self.accept()


# --- the tab -----------------------------------------------------------------------------


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
        self._update_buttons()

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
