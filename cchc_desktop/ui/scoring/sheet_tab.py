"""The sheet tab: the tree of the year's self-assessment sheet, its totals, and the pane of the
chosen line."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QToolTip,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.clock import Clock
from cchc_desktop.core.points import PointsError, format_percent, format_points
from cchc_desktop.core.scoring import Score, compute_sheet, parse_score_input
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.store.database import Store
from cchc_desktop.store.scoring_repo import SheetState, save_score
from cchc_desktop.ui.scoring.line_panel import LinePanel
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
from cchc_desktop.ui.toolkit.widgets import NoticeLabel, scroll_area


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

        self._build_tree()
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

    def _build_tree(self) -> None:
        """The sheet as a tree, its columns sized for their usual contents."""
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
