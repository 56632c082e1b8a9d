"""The list of gaps and the standardisation plan: an action per gap, linked to a task."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.staff import name_sort_key
from cchc_desktop.core.standard_checks import Outcome, deadline_text
from cchc_desktop.core.standard_plan import (
    CLOSED,
    ActionKind,
    GapRow,
    PlanAction,
    action_state_text,
    proposed_action,
    validate_action,
)
from cchc_desktop.core.tasks import Status
from cchc_desktop.core.text import format_date
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.store.database import Store
from cchc_desktop.store.staff_repo import (
    create_task_for_action,
    delete_action,
    save_action,
)
from cchc_desktop.store.task_table import distinct_leads
from cchc_desktop.ui.toolkit.ask import ask_yes_no
from cchc_desktop.ui.toolkit.dialog_buttons import save_cancel_buttons
from cchc_desktop.ui.toolkit.errors import show_user_error
from cchc_desktop.ui.toolkit.forms import DateField, FieldForm, GuardedDialog
from cchc_desktop.ui.toolkit.operations import refusal_shown
from cchc_desktop.ui.toolkit.rows_model import Column, RowFilter, RowsModel
from cchc_desktop.ui.toolkit.widgets import (
    NoticeLabel,
    editable_combo,
    enum_of,
    fill_enum_combo,
    select_enum,
)


def _outcome_text(row: GapRow) -> str:
    if row.check.attribute == CLOSED:
        return "Đã xong"
    if row.check.meets_on is not None:
        return f"Sẽ đạt ({format_date(row.check.meets_on)})"
    return row.check.outcome.label


def _reason_text(row: GapRow) -> str:
    """The reason without the requirement's name, which has its own column."""
    reason = row.check.reason
    prefix = f"{row.check.label}: "
    return reason[len(prefix) :] if reason.startswith(prefix) else reason


def _action_state(row: GapRow) -> str:
    if row.action is None:
        return ""
    status, completed = row.task_state if row.task_state else (None, None)
    return action_state_text(status, completed, row.action.task_uuid is not None)


def gap_columns(today: date) -> list[Column[GapRow]]:
    """What the officer acts on comes first; the legal deadline (mostly one date) last."""
    return [
        Column("name", "Họ và tên", lambda r: r.name, sort=lambda r: name_sort_key(r.name)),
        Column("requirement", "Tiêu chuẩn", lambda r: r.check.label),
        Column("outcome", "Kết quả", _outcome_text),
        Column("reason", "Hiện trạng và yêu cầu", _reason_text),
        Column("kind", "Biện pháp", lambda r: r.action.kind.label if r.action else "(chưa có)"),
        Column(
            "action_deadline",
            "Thời hạn",
            lambda r: format_date(r.action.deadline) if r.action and r.action.deadline else "",
            sort=lambda r: r.action.deadline.isoformat() if r.action and r.action.deadline else "9",
        ),
        Column(
            "responsible", "Người phụ trách", lambda r: r.action.responsible if r.action else ""
        ),
        Column("task", "Nhiệm vụ CCHC", _action_state),
        Column("content", "Nội dung biện pháp", lambda r: r.action.content if r.action else ""),
        Column("position", "Chức danh, vị trí", lambda r: r.position),
        Column(
            "deadline",
            "Hạn theo quy định",
            lambda r: deadline_text(r.evaluation.deadline, today),
            sort=lambda r: r.evaluation.deadline.isoformat() if r.evaluation.deadline else "9",
        ),
    ]


class ActionDialog(GuardedDialog):
    """One standardisation action for one gap."""

    def __init__(
        self,
        store: Store,
        row: GapRow,
        action: PlanAction | None,
        today: date,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._row = row
        self._today = today
        self.saved: PlanAction | None = None
        official = row.evaluation.official
        self.setWindowTitle("Biện pháp chuẩn hóa")
        self.form = FieldForm()
        self.form.add_note(
            f"{official.full_name} — {row.check.label}\n"
            f"{row.check.outcome.label}: {row.check.reason}"
        )
        if row.evaluation.deadline:
            self.form.add_hint(
                f"{row.evaluation.standard.deadline_label if row.evaluation.standard else 'Hạn'}: "
                f"{deadline_text(row.evaluation.deadline, today)}"
            )
        self.kind = QComboBox()
        fill_enum_combo(self.kind, ActionKind)
        self.form.add_field("kind", "Biện pháp", self.kind)
        self.content = QLineEdit()
        self.content.setPlaceholderText("ví dụ: Cử đi học đại học Luật hệ vừa làm vừa học")
        self.form.add_field("content", "Nội dung", self.content)
        self.deadline = DateField()
        self.form.add_field("deadline", "Thời hạn (*)", self.deadline)
        self.responsible = editable_combo(distinct_leads(store))
        self.form.add_field("responsible", "Người, bộ phận phụ trách (*)", self.responsible)
        self.notes = QLineEdit()
        self.form.add_field("notes", "Ghi chú", self.notes)
        if action is None:
            action = proposed_action(official.uuid or "", row.check)
        self._action = action
        select_enum(self.kind, action.kind)
        self.content.setText(action.content)
        self.deadline.set_date(action.deadline)
        self.responsible.setEditText(action.responsible)
        self.notes.setText(action.notes)
        self._initial = self.action()[0]
        buttons = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(620, self.sizeHint().height())

    def action(self) -> tuple[PlanAction, dict[str, str]]:
        dates, errors = self.form.read_dates(["deadline"])
        kind = enum_of(self.kind, ActionKind) or ActionKind.OTHER
        return (
            replace(
                self._action,
                kind=kind,
                content=self.content.text(),
                deadline=dates["deadline"],
                responsible=self.responsible.currentText(),
                notes=self.notes.text(),
            ),
            errors,
        )

    def has_unsaved_changes(self) -> bool:
        return self.saved is None and self.action()[0] != self._initial

    def save(self) -> None:
        action, errors = self.action()
        problems = {**validate_action(action), **errors}
        if problems:
            self.form.show_errors(problems)
            return
        try:
            self.saved = save_action(self._store, action)
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            return
        except StoreError as exc:
            show_user_error(self, self.windowTitle(), exc)
            return
        self.accept()


class PlanPanel(QWidget):
    """Every gap of the officials in post, with its actions and their tasks."""

    changed = Signal()
    open_task_requested = Signal(str)
    task_created = Signal(str)

    def __init__(self, store: Store, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self._today = today
        self.model: RowsModel[GapRow] = RowsModel(gap_columns(today), background=_gap_colour)
        self.proxy = RowFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(self.model.column_index("name"), Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setAccessibleName("Danh sách tiêu chuẩn chưa đạt và biện pháp chuẩn hóa")
        # Column widths from the first rows only: long lists stay quick to show.
        self.table.horizontalHeader().setResizeContentsPrecision(200)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_action())
        self.show_unknown = QComboBox()
        self.show_unknown.addItem("Tất cả tiêu chuẩn chưa đạt và thiếu thông tin", None)
        self.show_unknown.addItem("Chỉ tiêu chuẩn chưa đạt", Outcome.NOT_MET.value)
        self.show_unknown.addItem("Chỉ tiêu chuẩn thiếu thông tin", Outcome.UNKNOWN.value)
        self.show_unknown.addItem("Chưa có biện pháp", "no_action")
        self.show_unknown.currentIndexChanged.connect(self._refilter)
        self.add_button = QPushButton("Thêm biện pháp…")
        self.edit_button = QPushButton("Sửa biện pháp…")
        self.delete_button = QPushButton("Xóa biện pháp")
        self.task_button = QPushButton("Tạo nhiệm vụ CCHC")
        self.task_button.setToolTip(
            "Đưa biện pháp vào sổ nhiệm vụ CCHC (lĩnh vực cải cách chế độ công vụ); khi nhiệm vụ "
            "hoàn thành, cột «Nhiệm vụ CCHC» ở đây ghi ngày hoàn thành."
        )
        self.open_task_button = QPushButton("Mở nhiệm vụ")
        self.add_button.clicked.connect(self.add_action)
        self.edit_button.clicked.connect(self.edit_action)
        self.delete_button.clicked.connect(self.remove_action)
        self.task_button.clicked.connect(self.make_task)
        self.open_task_button.clicked.connect(self._open_task)
        self.notice = NoticeLabel()
        self.notice.hide()
        self.counts = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Hiện:"))
        bar.addWidget(self.show_unknown)
        bar.addStretch(1)
        for button in (
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.task_button,
            self.open_task_button,
        ):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def set_rows(self, rows: list[GapRow]) -> None:
        chosen = self.current_row()
        self.model.set_rows(rows)
        self._refilter()
        self.table.resizeColumnsToContents()
        for column, widest in (("position", 220), ("reason", 280), ("content", 260)):
            index = self.model.column_index(column)
            self.table.setColumnWidth(index, min(self.table.columnWidth(index), widest))
        if chosen is not None:
            self._select(chosen.evaluation.official.uuid, chosen.check.attribute, chosen.action)
        open_rows = [r for r in rows if r.check.attribute != CLOSED]
        gaps = {(r.evaluation.official.uuid, r.check.attribute) for r in open_rows}
        planned = {(r.evaluation.official.uuid, r.check.attribute) for r in open_rows if r.action}
        people = {r.evaluation.official.uuid for r in open_rows}
        self.counts.setText(
            f"{len(people)} người, {len(gaps)} tiêu chuẩn chưa đạt hoặc thiếu thông tin; "
            f"{len(planned)} tiêu chuẩn đã có biện pháp."
        )
        self._update_buttons()

    def _refilter(self) -> None:
        wanted = self.show_unknown.currentData()

        def accept(r: GapRow) -> bool:
            if wanted == "no_action":
                return r.action is None
            return wanted is None or r.check.outcome.value == wanted

        self.proxy.set_predicate(accept)
        self._update_buttons()

    def current_row(self) -> GapRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row: GapRow | None = self.proxy.row_at(rows[0].row())
        return row

    def _select(self, official_uuid: str | None, attribute: str, action: PlanAction | None) -> None:
        for row in range(self.model.rowCount()):
            r = self.model.row_at(row)
            same_action = (r.action.uuid if r.action else None) == (action.uuid if action else None)
            if (
                r.evaluation.official.uuid == official_uuid
                and r.check.attribute == attribute
                and (same_action or action is None)
            ):
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.selectRow(index.row())
                self.table.scrollTo(index)
                return

    def _update_buttons(self) -> None:
        row = self.current_row()
        has_action = row is not None and row.action is not None
        self.add_button.setEnabled(row is not None and row.check.attribute != CLOSED)
        self.edit_button.setEnabled(has_action)
        self.delete_button.setEnabled(has_action)
        self.task_button.setEnabled(has_action and row.action.task_uuid is None)
        self.open_task_button.setEnabled(
            has_action and row.action.task_uuid is not None and row.task_state is not None
        )

    def add_action(self) -> None:
        row = self.current_row()
        if row is None or row.check.attribute == CLOSED:
            return
        dialog = ActionDialog(self._store, row, None, self._today, self)
        if dialog.exec() and dialog.saved is not None:
            self.changed.emit()
            self._select(row.evaluation.official.uuid, row.check.attribute, dialog.saved)

    def edit_action(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if row.action is None:
            self.add_action()
            return
        dialog = ActionDialog(self._store, row, row.action, self._today, self)
        if dialog.exec() and dialog.saved is not None:
            self.changed.emit()

    def remove_action(self) -> None:
        row = self.current_row()
        if row is None or row.action is None:
            return
        extra = (
            "\nNhiệm vụ CCHC đã tạo từ biện pháp này vẫn còn trong sổ nhiệm vụ."
            if row.action.task_uuid
            else ""
        )
        if not ask_yes_no(
            self,
            "Xóa biện pháp",
            f"Xóa biện pháp «{row.action.kind.label}» của {row.name}?{extra}",
        ):
            return
        with refusal_shown(self, "Xóa biện pháp") as done:
            delete_action(self._store, row.action.uuid or "")
        if not done:
            return
        self.changed.emit()

    def make_task(self) -> None:
        row = self.current_row()
        if row is None or row.action is None or row.action.task_uuid:
            return
        try:
            action, task = create_task_for_action(
                self._store, row.action, row.name, row.check.label, self._today
            )
        except ValidationError as exc:
            self.notice.say(" ".join(exc.errors.values()), "error")
            return
        except StoreError as exc:
            self.notice.say(exc.message, "error")
            return
        self.notice.say(
            f"Đã tạo nhiệm vụ CCHC «{task.content}» (thời hạn "
            f"{format_date(task.deadline) if task.deadline else 'không có'}) trong sổ nhiệm vụ."
        )
        self.task_created.emit(task.uuid or "")
        self.changed.emit()
        self._select(row.evaluation.official.uuid, row.check.attribute, action)

    def _open_task(self) -> None:
        row = self.current_row()
        if row is not None and row.action is not None and row.action.task_uuid:
            self.open_task_requested.emit(row.action.task_uuid)


def _gap_colour(row: GapRow) -> QColor | None:
    from cchc_desktop.ui.staff.model import OUTCOME_COLOURS, WILL_MEET_COLOUR

    if row.task_state is not None and row.task_state[0] == Status.DONE:
        return OUTCOME_COLOURS[Outcome.MET]
    if row.check.meets_on is not None:
        return WILL_MEET_COLOUR
    return OUTCOME_COLOURS.get(row.check.outcome)
