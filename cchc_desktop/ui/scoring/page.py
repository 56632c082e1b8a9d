"""Tự chấm điểm: the year's self-assessment sheet, the comparison, the criteria sets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTabWidget,
    QToolTip,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.changes import Changes
from cchc_desktop.core.clock import Clock, system_clock
from cchc_desktop.core.points import PointsError, format_percent, format_points
from cchc_desktop.core.profile import working_year
from cchc_desktop.core.scoring import Score, compute_sheet, parse_score_input
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.store.criteria_repo import list_criteria_sets
from cchc_desktop.store.database import Store
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.store.scoring_repo import (
    LOCK_LEADER_ONLY,
    Assessment,
    SheetState,
    assessment_events,
    assessment_for_year,
    assessment_years,
    lock_assessment,
    save_score,
    sheet_state,
    start_assessment,
    unlock_assessment,
)
from cchc_desktop.ui.scoring.comparison import ComparisonTab
from cchc_desktop.ui.scoring.line_panel import LinePanel
from cchc_desktop.ui.scoring.sets_tab import CriteriaSetsTab
from cchc_desktop.ui.scoring.sheet_model import (
    APPRAISED_1,
    APPRAISED_2,
    CODE,
    DIFFERENCE,
    EVIDENCE,
    EXPLANATION,
    HEADERS,
    MAXIMUM,
    NEEDS_EVIDENCE_ROLE,
    SCORE,
    TITLE,
    SheetModel,
)
from cchc_desktop.ui.toolkit.ask import ask_yes_no
from cchc_desktop.ui.toolkit.errors import show_user_error
from cchc_desktop.ui.toolkit.forms import FieldForm, GuardedDialog, text_box
from cchc_desktop.ui.toolkit.operations import announce, subscribe
from cchc_desktop.ui.toolkit.widgets import HeadingLabel, NoticeLabel, scroll_area


def _local_time(stamp: str | None) -> str:
    """``2026-11-22T03:04:05.678Z`` → ``22/11/2026 10:04`` in the PC's time zone."""
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    return moment.strftime("%d/%m/%Y %H:%M")


class _NeedsEvidenceFilter(QSortFilterProxyModel):
    """Only the lines scored without evidence or explanation (and the fields above them)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.active = False
        self.setRecursiveFilteringEnabled(True)

    def set_active(self, active: bool) -> None:
        self.beginFilterChange()
        self.active = active
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self.active:
            return True
        index = self.sourceModel().index(row, 0, parent)
        return bool(index.data(NEEDS_EVIDENCE_ROLE))


class PersonDialog(GuardedDialog):
    """Who locks or unlocks the sheet (and why, for an unlock)."""

    def __init__(self, title: str, who: str, with_reason: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = FieldForm()
        self.who = QLineEdit(who)
        self.reason = text_box(3)
        self.form.add_field("who", "Người thực hiện", self.who)
        if with_reason:
            self.form.add_field("reason", "Lý do mở khóa", self.reason)
            self.form.add_hint("Việc mở khóa được ghi lại cùng người thực hiện và thời điểm.")
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(box)
        self.action: Callable[[str, str], None] | None = None
        self.resize(480, 200)

    def accept(self) -> None:
        if self.action is not None:
            try:
                self.action(self.who.text(), self.reason.toPlainText())
            except ValidationError as exc:
                self.form.show_errors(exc.errors)
                return
            except StoreError as exc:
                show_user_error(self, "Không lưu được", exc)
                return
        super().accept()


class SheetTab(QWidget):
    """The tree of the year's sheet, the totals, and the pane of the chosen line."""

    changed = Signal()

    def __init__(self, store: Store, today: Clock, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self._today = today
        self.state: SheetState | None = None

        self.total_label = QLabel()
        self.total_label.setStyleSheet("QLabel { font-size: 13pt; font-weight: bold; }")
        self.total_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.evidence_button = QPushButton()
        self.evidence_button.setCheckable(True)
        self.evidence_button.setToolTip(
            "Chỉ hiện các dòng có điểm nhưng chưa có tài liệu kiểm chứng hoặc giải trình"
        )
        self.refusal = NoticeLabel("", "error")
        self.refusal.hide()

        self.model = SheetModel(self._submit_score, self)
        self.proxy = _NeedsEvidenceFilter(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setAccessibleName("Bảng tự chấm điểm")
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setItemDelegate(QStyledItemDelegate(self.tree))
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in range(len(HEADERS)):
            if column != TITLE:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        metrics = self.fontMetrics()
        header.resizeSection(CODE, metrics.horizontalAdvance("VII 10.10") + 36)
        header.resizeSection(MAXIMUM, metrics.horizontalAdvance("Tối đa") + 16)
        header.resizeSection(SCORE, metrics.horizontalAdvance("0,5 (tự động)") + 16)
        header.resizeSection(EVIDENCE, metrics.horizontalAdvance("Minh chứng") + 16)
        header.resizeSection(EXPLANATION, metrics.horizontalAdvance("Giải trình") + 40)
        for column in (APPRAISED_1, APPRAISED_2, DIFFERENCE):
            header.resizeSection(column, metrics.horizontalAdvance("Chênh lệch") + 16)
        header.setMinimumSectionSize(40)

        self.panel = LinePanel(store, today)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.total_label, 1)
        top.addWidget(self.evidence_button)
        left_layout.addLayout(top)
        left_layout.addWidget(self.detail_label)
        left_layout.addWidget(self.refusal)
        left_layout.addWidget(self.tree, 1)
        self.splitter.addWidget(left)
        pane = scroll_area(self.panel)
        # the pane's labels wrap: it needs the width of its widest row of buttons
        pane.setMinimumWidth(
            self.fontMetrics().horizontalAdvance("Chọn tài liệu đã có…  Bỏ khỏi dòng này") + 90
        )
        self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter, 1)

        self.save_action = QAction("Lưu dòng này", self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.panel.save)
        self.addAction(self.save_action)

        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.refused.connect(self._refused)
        self.panel.saved.connect(self._line_saved)
        self.panel.preview.connect(self._preview)
        self.evidence_button.toggled.connect(self._filter_evidence)

    # --- loading ------------------------------------------------------------------------------

    def show_state(self, state: SheetState | None) -> None:
        previous = self.state
        self.state = state
        locked = bool(state and state.assessment.locked)
        same_set = (
            previous is not None
            and state is not None
            and previous.assessment.uuid == state.assessment.uuid
            and previous.criteria.uuid == state.criteria.uuid
        )
        if same_set and state is not None:
            self.model.update_state(state, locked)
        else:
            self.model.set_state(state, locked)
            self.tree.expandToDepth(0)
            self.refusal.hide()
        appraised = bool(state and state.sheet.appraised_1 is not None)
        for column in (APPRAISED_1, APPRAISED_2, DIFFERENCE):
            self.tree.setColumnHidden(column, not appraised)
        self.tree.setColumnHidden(APPRAISED_2, not (state and state.sheet.appraised_2 is not None))
        code = self.current_code()
        self.panel.show_line(state, code)
        self._show_totals()

    def current_code(self) -> str | None:
        index = self.proxy.mapToSource(self.tree.currentIndex())
        return self.model.code_of(index)

    def select_code(self, code: str) -> None:
        source = self.model.index_of(code)
        index = self.proxy.mapFromSource(source)
        if index.isValid():
            self.tree.scrollTo(index)
            self.tree.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    # --- totals ----------------------------------------------------------------------------------

    def _show_totals(self, pending: bool = False) -> None:
        state = self.state
        if state is None:
            self.total_label.setText("")
            self.detail_label.setText("")
            self.evidence_button.setText("Thiếu minh chứng: 0")
            return
        sheet = state.sheet
        text = sheet.summary()
        if pending:
            text += " (đang nhập, chưa lưu)"
        self.total_label.setText(text)
        parts = []
        if sheet.bonus or sheet.penalty:
            parts.append(
                f"gồm {format_points(sheet.regular)} điểm theo tiêu chí, "
                f"thưởng {format_points(sheet.bonus)}, trừ {format_points(sheet.penalty)}"
            )
        unscored = len(sheet.unscored())
        if unscored:
            parts.append(f"còn {unscored} tiêu chí chưa chấm")
        if sheet.survey_pending:
            parts.append(
                f"{format_points(sheet.survey_pending)} điểm điều tra xã hội học chưa có kết quả"
            )
        if sheet.appraised_1 is not None:
            text = f"điểm thẩm định lần 1: {format_points(sheet.appraised_1)}"
            if sheet.appraised_2 is not None:
                text += f", lần 2: {format_points(sheet.appraised_2)}"
            text += f" ({format_percent(sheet.final_percent)})"
            parts.append(text)
        if state.criteria.total != 100:
            parts.append(
                f"tỷ lệ tính trên tổng điểm tối đa {format_points(state.criteria.total)} "
                "của bộ tiêu chí"
            )
        self.detail_label.setText(("; ".join(parts) + ".").capitalize() if parts else "")
        missing = len(sheet.without_evidence())
        self.evidence_button.setText(f"Thiếu minh chứng: {missing}")
        self.evidence_button.setEnabled(missing > 0 or self.evidence_button.isChecked())

    def _preview(self, score: Score | None) -> None:
        """Totals as the officer types in the pane, before the line is saved."""
        state = self.state
        if state is None:
            return
        if score is None:
            self._show_totals()
            return
        scores = dict(state.scores)
        scores[score.code] = score
        counts = {c: line.evidence for c, line in state.sheet.lines.items() if line.evidence}
        sheet = compute_sheet(state.criteria, scores, counts, state.figures)
        self.total_label.setText(sheet.summary() + " (đang nhập, chưa lưu)")

    # --- editing ---------------------------------------------------------------------------------

    def _submit_score(self, code: str, text: str) -> str | None:
        """A score typed in the tree's cell: saved, or the reason it was refused."""
        state = self.state
        if state is None:
            return "Chưa có bảng điểm."
        node = state.criteria.by_code[code]
        try:
            value = parse_score_input(node, text)
        except PointsError as exc:
            return f"Tiêu chí {code}: {exc}"
        score = replace(state.scores.get(code) or Score(code), value=value)
        try:
            save_score(self._store, state.assessment, node, score)
        except ValidationError as exc:
            return f"Tiêu chí {code}: " + " ".join(exc.errors.values())
        except StoreError as exc:
            return exc.message
        self.refusal.hide()
        self._line_saved(code)
        return None

    def _refused(self, code: str, message: str) -> None:
        self.refusal.say(message, "error")
        index = self.proxy.mapFromSource(self.model.index_of(code, SCORE))
        rect = self.tree.visualRect(index)
        QToolTip.showText(self.tree.viewport().mapToGlobal(rect.bottomLeft()), message, self.tree)

    def _line_saved(self, code: str) -> None:
        self.changed.emit()

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self.panel.has_unsaved_changes() and not self.panel.save():
            if not ask_yes_no(
                self,
                "Dòng chưa lưu",
                "Dòng vừa sửa chưa lưu được (xem thông báo ở ô bị lỗi). Bỏ các thay đổi đó?",
            ):
                self.tree.selectionModel().blockSignals(True)
                self.tree.setCurrentIndex(previous)
                self.tree.selectionModel().blockSignals(False)
                return
        self.panel.show_line(self.state, self.model.code_of(self.proxy.mapToSource(current)))

    def _filter_evidence(self, active: bool) -> None:
        self.proxy.set_active(active)
        self.tree.expandAll()
        if active and self.proxy.rowCount() == 0:
            self.refusal.say("Không còn dòng nào có điểm mà thiếu minh chứng.", "success")


class ScoringPage(QWidget):
    title = "Tự chấm điểm"
    open_task_requested = Signal(str)
    tasks_changed = Signal()

    def __init__(self, store: Store, today: Clock = system_clock, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self._today = today
        # a remedial task made from the comparison: the register reads again
        self.tasks_changed.connect(lambda: announce(store, Changes(tasks=True), self))
        subscribe(self, store, self._on_changes)
        self.assessment: Assessment | None = None
        self.state: SheetState | None = None
        self._loaded = False

        self.year = QComboBox()
        self.year.setAccessibleName("Năm đánh giá")
        self.set_label = QLabel()
        self.set_label.setWordWrap(True)
        self.lock_label = QLabel()
        self.lock_button = QPushButton("Chốt bảng điểm…")
        self.unlock_button = QPushButton("Mở khóa…")
        self.history_button = QPushButton("Lịch sử chốt, mở khóa")
        self.appraisal_button = QPushButton("Nhập điểm thẩm định…")
        self.appraisal_button.setToolTip(
            "Nhập điểm thẩm định lần 1, lần 2 của cấp trên từ tệp Excel (xem trước khi ghi)"
        )
        self.sample_notice = NoticeLabel(
            "Đây là BỘ TIÊU CHÍ MẪU, dựng trên 07 lĩnh vực và điểm tối đa của bảng năm 2021 "
            "(tổng 99 điểm): chỉ để làm quen. Hãy nhập bộ tiêu chí chính thức của tỉnh "
            "(thẻ «Bộ tiêu chí» → «Nhập từ Excel…») trước khi chấm điểm để nộp.",
            "warning",
        )
        self.sample_notice.hide()

        # A year without a sheet: choose the set and start.
        self.start_box = QWidget()
        start_layout = QVBoxLayout(self.start_box)
        self.start_text = QLabel()
        self.start_text.setWordWrap(True)
        self.start_set = QComboBox()
        self.start_set.setAccessibleName("Bộ tiêu chí để chấm")
        self.start_button = QPushButton("Bắt đầu chấm điểm")
        start_row = QHBoxLayout()
        start_row.addWidget(QLabel("Bộ tiêu chí:"))
        start_row.addWidget(self.start_set, 1)
        start_row.addWidget(self.start_button)
        start_layout.addWidget(self.start_text)
        start_layout.addLayout(start_row)
        start_layout.addStretch(1)

        self.sheet_tab = SheetTab(store, today)
        self.tabs = QTabWidget()
        self.sheet_holder = QWidget()
        holder_layout = QVBoxLayout(self.sheet_holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.start_box)
        holder_layout.addWidget(self.sheet_tab, 1)
        self.tabs.addTab(self.sheet_holder, "Bảng tự chấm điểm")
        self.comparison_tab = self._comparison_tab()
        self.tabs.addTab(self.comparison_tab, "So sánh với năm trước")
        self.sets_tab = self._sets_tab()
        self.tabs.addTab(self.sets_tab, "Bộ tiêu chí")

        head = QHBoxLayout()
        head.addWidget(HeadingLabel(self.title))
        head.addSpacing(16)
        year_label = QLabel("Năm đánh giá:")
        year_label.setBuddy(self.year)
        head.addWidget(year_label)
        head.addWidget(self.year)
        head.addStretch(1)
        head.addWidget(self.lock_label)
        head.addWidget(self.history_button)
        head.addWidget(self.appraisal_button)
        head.addWidget(self.unlock_button)
        head.addWidget(self.lock_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.set_label)
        layout.addWidget(self.sample_notice)
        layout.addWidget(self.tabs, 1)

        self.year.currentIndexChanged.connect(lambda _i: self._show_year())
        self.start_button.clicked.connect(self._start)
        self.lock_button.clicked.connect(self._lock)
        self.unlock_button.clicked.connect(self._unlock)
        self.history_button.clicked.connect(self._history)
        self.appraisal_button.clicked.connect(self._import_appraisal)
        self.sheet_tab.changed.connect(self.refresh)
        # scores typed on the sheet change the comparison: re-read it when it is shown
        self.tabs.currentChanged.connect(self._tab_shown)

    # --- optional tabs (built in their own modules) -------------------------------------------

    def _comparison_tab(self) -> ComparisonTab:

        tab = ComparisonTab(self._store, self._today, self._default_lead)
        tab.open_task_requested.connect(self.open_task_requested)
        tab.tasks_changed.connect(self.tasks_changed)
        return tab

    def _sets_tab(self) -> CriteriaSetsTab:
        tab = CriteriaSetsTab(self._store, self._today)
        tab.sets_changed.connect(self._sets_changed)
        tab.use_for_year_requested.connect(self._use_set_for_year)
        return tab

    def _tab_shown(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.comparison_tab:
            self.comparison_tab.show_year(self.selected_year())

    def _default_lead(self) -> str:
        profile = load_profile(self._store)
        return profile.preparer_name if profile else ""

    # --- years -----------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # tasks, officials or the profile may have changed meanwhile

    def _on_changes(self, changes: Changes) -> None:
        if changes.scoring:
            self.reload()

    def reload(self) -> None:
        self._loaded = True
        today = self._today()
        profile = load_profile(self._store)
        current = working_year(profile, today)
        years = set(assessment_years(self._store)) | {current, current - 1, today.year}
        chosen = self.year.currentData() or current
        self.year.blockSignals(True)
        self.year.clear()
        for year in sorted(years, reverse=True):
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(max(0, self.year.findData(chosen)))
        self.year.blockSignals(False)
        self._show_year()

    def selected_year(self) -> int:
        return int(self.year.currentData() or self._today().year)

    def show_year(self, year: int) -> None:
        if not self._loaded:
            self.reload()
        index = self.year.findData(year)
        if index < 0:
            self.year.addItem(str(year), year)
            index = self.year.findData(year)
        self.year.setCurrentIndex(index)
        self._show_year()

    def _show_year(self) -> None:
        year = self.selected_year()
        self.assessment = assessment_for_year(self._store, year)
        self.refresh()
        self.comparison_tab.show_year(year)

    def refresh(self) -> None:
        """Re-read the sheet of the chosen year (after a save, a lock, an import)."""
        year = self.selected_year()
        if self.assessment is not None:
            from cchc_desktop.store.scoring_repo import load_assessment

            self.assessment = load_assessment(self._store, self.assessment.uuid)
        if self.assessment is None:
            self.state = None
            self.sheet_tab.show_state(None)
            self.sheet_tab.hide()
            self._fill_start(year)
            self.start_box.show()
            self.set_label.setText("")
            self.sample_notice.hide()
        else:
            self.state = sheet_state(self._store, self.assessment, self._today())
            self.start_box.hide()
            self.sheet_tab.show()
            self.sheet_tab.show_state(self.state)
            criteria = self.state.criteria
            text = f"Bộ tiêu chí: {criteria.title}"
            if criteria.decision.text():
                text += f", ban hành kèm theo Quyết định {criteria.decision.text()}"
            if criteria.province:
                text += f" ({criteria.province})"
            text += f". Tổng điểm tối đa {format_points(criteria.total)}."
            self.set_label.setText(text)
            self.sample_notice.setVisible(criteria.sample)
        self._show_lock()

    def _fill_start(self, year: int) -> None:
        self.start_set.clear()
        sets = list_criteria_sets(self._store)
        official = [s for s in sets if not s.criteria.sample]
        ordered = official + [s for s in sets if s.criteria.sample]
        for s in ordered:
            label = s.criteria.title
            if s.criteria.sample:
                label += " — BỘ MẪU"
            if s.criteria.years:
                label += f" (năm {s.criteria.years_text})"
            self.start_set.addItem(label, s.uuid)
        for i, s in enumerate(ordered):
            if year in s.criteria.years:
                self.start_set.setCurrentIndex(i)
                break
        self.start_text.setText(
            f"Năm {year} chưa có bảng tự chấm điểm. Chọn bộ tiêu chí của năm {year} rồi bấm "
            "«Bắt đầu chấm điểm». Nếu tỉnh đã ban hành bộ tiêu chí, hãy nhập tệp Excel của tỉnh "
            "ở thẻ «Bộ tiêu chí» trước; bộ mẫu chỉ để làm quen."
        )
        self.start_button.setEnabled(self.start_set.count() > 0)

    def _start(self) -> None:
        uuid = self.start_set.currentData()
        chosen = next((s for s in list_criteria_sets(self._store) if s.uuid == uuid), None)
        if chosen is None:
            return
        year = self.selected_year()
        if chosen.criteria.sample:
            if not ask_yes_no(
                self,
                "Bộ tiêu chí mẫu",
                "Bộ đã chọn là bộ MẪU, không phải bộ tiêu chí chính thức của tỉnh. Vẫn dùng bộ "
                f"mẫu cho năm {year}?",
            ):
                return
        try:
            self.assessment = start_assessment(self._store, year, chosen.criteria)
        except ValidationError as exc:
            QMessageBox.warning(self, "Không bắt đầu được", "\n".join(exc.errors.values()))
            return
        except StoreError as exc:
            show_user_error(self, "Không lưu được", exc)
            return
        self._show_year()
        self.sets_tab.reload()

    # --- lock ------------------------------------------------------------------------------------

    def _show_lock(self) -> None:
        a = self.assessment
        has = a is not None
        locked = bool(a and a.locked)
        self.lock_button.setVisible(has and not locked)
        self.unlock_button.setVisible(locked)
        self.history_button.setVisible(has)
        self.appraisal_button.setVisible(has)
        if a is not None and a.locked:
            self.lock_label.setText(f"Đã chốt {_local_time(a.locked_at)} — {a.locked_by}")
        else:
            self.lock_label.setText("Đang chấm, chưa chốt" if has else "")

    def set_permissions(self, can_lock: bool) -> None:
        """Only a leader locks or unlocks the sheet when sign-in is on."""
        tip = "" if can_lock else LOCK_LEADER_ONLY
        for button in (self.lock_button, self.unlock_button):
            button.setEnabled(can_lock)
            button.setToolTip(tip)

    def _lock(self) -> None:
        if self.assessment is None or self.state is None:
            return
        if not self.sheet_tab.panel.save():
            return
        sheet = self.state.sheet
        warnings = []
        if sheet.unscored():
            warnings.append(f"còn {len(sheet.unscored())} tiêu chí chưa chấm")
        if sheet.without_evidence():
            warnings.append(
                f"{len(sheet.without_evidence())} tiêu chí có điểm nhưng thiếu minh chứng"
            )
        if sheet.problems():
            warnings.append(f"{len(sheet.problems())} tiêu chí có điểm không hợp lệ")
        if warnings:
            if not ask_yes_no(
                self,
                "Chốt bảng điểm",
                "Bảng điểm " + "; ".join(warnings) + ". Vẫn chốt?",
            ):
                return
        assessment = self.assessment
        dialog = PersonDialog("Chốt bảng điểm", self._default_lead(), False, self)

        def lock(who: str, _reason: str) -> None:
            self.assessment = lock_assessment(self._store, assessment, who)

        dialog.action = lock
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def _unlock(self) -> None:
        if self.assessment is None:
            return
        assessment = self.assessment
        dialog = PersonDialog("Mở khóa bảng điểm đã chốt", self._default_lead(), True, self)

        def unlock(who: str, reason: str) -> None:
            self.assessment = unlock_assessment(self._store, assessment, who, reason)

        dialog.action = unlock
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def _import_appraisal(self) -> None:
        from cchc_desktop.ui.scoring.appraisal_dialog import ImportAppraisalDialog

        if self.assessment is None or self.state is None:
            return
        dialog = ImportAppraisalDialog(
            self._store, self.assessment, self.state.criteria, parent=self, today=self._today
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def _history(self) -> None:
        if self.assessment is None:
            return
        events = assessment_events(self._store, self.assessment)
        if not events:
            text = "Bảng điểm chưa chốt lần nào."
        else:
            text = "\n".join(
                f"{_local_time(e.happened_at)} — {e.label} — {e.who}"
                + (f" — {e.note}" if e.note else "")
                for e in events
            )
        QMessageBox.information(self, f"Bảng điểm năm {self.assessment.year}", text)

    # --- the sets tab ---------------------------------------------------------------------------

    def _sets_changed(self) -> None:
        if self.assessment is None:
            self._fill_start(self.selected_year())

    def _use_set_for_year(self, uuid: str) -> None:
        """From the sets tab: start this year's sheet on a set, or move the sheet to it (a
        corrected version), after saying which scored lines it would lose."""
        self.tabs.setCurrentWidget(self.sheet_holder)
        if self.assessment is None:
            index = self.start_set.findData(uuid)
            if index >= 0:
                self.start_set.setCurrentIndex(index)
            self._start()
            return
        if self.assessment.criteria_set_uuid == uuid:
            return
        from cchc_desktop.store.scoring_repo import carried_codes, change_assessment_set

        chosen = next((s for s in list_criteria_sets(self._store) if s.uuid == uuid), None)
        if chosen is None:
            return
        if self.assessment.locked:
            QMessageBox.information(
                self,
                "Đổi bộ tiêu chí",
                f"Bảng điểm năm {self.assessment.year} đã chốt; mở khóa trước khi đổi bộ tiêu chí.",
            )
            return
        kept, lost = carried_codes(self._store, self.assessment, chosen.criteria)
        text = (
            f"Chuyển bảng điểm năm {self.assessment.year} sang «{chosen.criteria.title}»? "
            f"{kept} dòng đã chấm được giữ nguyên (cùng mã)."
        )
        if lost:
            text += (
                f" Các dòng sau không còn trong bộ mới, điểm và minh chứng của chúng sẽ bị bỏ: "
                f"{', '.join(lost)}."
            )
        if not ask_yes_no(
            self,
            "Đổi bộ tiêu chí",
            text,
        ):
            return
        try:
            self.assessment = change_assessment_set(
                self._store, self.assessment, chosen.criteria, self._default_lead() or "—"
            )
        except ValidationError as exc:
            QMessageBox.warning(self, "Không đổi được", "\n".join(exc.errors.values()))
            return
        except StoreError as exc:
            show_user_error(self, "Không lưu được", exc)
            return
        self._show_year()
