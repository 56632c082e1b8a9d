"""«Bộ tiêu chí»: the criteria sets the commune can score on, each shown as its tree.

The sets stored (imported from the province's workbook, or a sample once used) and the
shipped samples not used yet. A set is never edited here: once a sheet has scores on it,
it is fixed, and a correction is imported as a new version of it. From here the officer
imports a set, exports one back to Excel, and asks the page to score the chosen year on it.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.clock import Clock
from cchc_desktop.core.criteria import CriteriaSet
from cchc_desktop.core.points import format_points
from cchc_desktop.core.text import fold_for_search
from cchc_desktop.store.criteria_repo import StoredSet, list_criteria_sets
from cchc_desktop.store.database import Store
from cchc_desktop.ui.scoring.criteria_tree import CriteriaTree, node_details
from cchc_desktop.ui.toolkit.errors import show_user_error
from cchc_desktop.ui.toolkit.save_as import ask_excel_path
from cchc_desktop.ui.toolkit.widgets import HeadingLabel, NoticeLabel, scroll_area

NAME, VERSION, PROVINCE, DECISION, YEARS, TOTAL, STATE = range(7)
HEADERS = (
    "Tên bộ tiêu chí",
    "Phiên bản",
    "Tỉnh",
    "Quyết định ban hành",
    "Năm áp dụng",
    "Tổng điểm",
    "Tình trạng",
)
DASH = "—"
_SAMPLE_BACKGROUND = "#fff4d6"
UUID_ROLE = Qt.ItemDataRole.UserRole

SAMPLE_WARNING = (
    "Đây là BỘ TIÊU CHÍ MẪU, chỉ để làm quen với chương trình. Hãy thay bằng bộ tiêu chí chính "
    "thức của tỉnh: bấm «Nhập từ Excel…» và chọn tệp Excel tỉnh ban hành, rồi chấm điểm trên bộ "
    "đó trước khi nộp."
)


def state_text(s: StoredSet, newer: int | None = None) -> str:
    """ "Bộ mẫu", "Đang dùng cho năm 2025, 2026 — đã có điểm, không sửa được", "Chưa dùng"…"""
    parts = []
    if s.criteria.sample:
        parts.append("Bộ mẫu")
    if s.years:
        used = "Đang dùng cho năm " + ", ".join(str(y) for y in s.years)
        parts.append(used if not parts else used[0].lower() + used[1:])
        parts.append("đã có điểm, không sửa được" if s.scored else "chưa có điểm")
    elif not s.criteria.sample:
        parts.append("Chưa dùng")
    if newer is not None:
        parts.append(f"đã có phiên bản {newer}")
    return " — ".join(parts)


def export_file_name(s: CriteriaSet) -> str:
    """ "bo-tieu-chi-mau-xa-2021-v1.xlsx": ASCII only, whatever the family holds."""
    family = re.sub(r"[^a-z0-9]+", "-", fold_for_search(s.family or s.name)).strip("-")
    family = family.removeprefix("bo-tieu-chi").strip("-")[:60].strip("-")
    return f"bo-tieu-chi{'-' + family if family else ''}-v{s.version}.xlsx"


class CriteriaSetsTab(QWidget):
    """The list of sets (above) and the chosen set's tree (below)."""

    sets_changed = Signal()  # a set was added
    use_for_year_requested = Signal(str)  # the uuid of the set to score the page's year on

    def __init__(self, store: Store, today: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today
        self.sets: list[StoredSet] = []
        self._newest: dict[str, int] = {}  # family -> its highest version
        self._shown_uuid: str | None = None  # the set whose tree is shown

        buttons = self._button_row()
        self._build_table()
        right = self._chosen_set_pane()
        # The list above the tree: side by side, neither the list's seven columns nor the
        # tree's six would fit on a commune PC's screen (1366 or 1920 pixels wide).
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self._divider_moved = False
        self.splitter.splitterMoved.connect(self._divider_was_moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)

        self.import_button.clicked.connect(self.import_from_excel)
        self.export_button.clicked.connect(self.export_selected)
        self.use_button.clicked.connect(self.use_selected)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.tree.currentItemChanged.connect(self._node_changed)
        self.reload()

    # --- layout ------------------------------------------------------------------------------

    def _button_row(self) -> QHBoxLayout:
        self.import_button = QPushButton("Nhập từ Excel…")
        self.import_button.setToolTip(
            "Nhập bộ tiêu chí tỉnh ban hành (tệp .xlsx), hoặc một phiên bản đính chính của bộ "
            "đã có; xem trước rồi mới lưu."
        )
        self.export_button = QPushButton("Xuất ra Excel…")
        self.export_button.setToolTip(
            "Lưu bộ tiêu chí đang chọn thành tệp Excel theo mẫu của tỉnh (nhập lại được)."
        )
        self.use_button = QPushButton("Dùng cho năm đang chấm")
        self.use_button.setToolTip(
            "Chấm điểm năm đang chọn ở trên theo bộ tiêu chí này (hoặc chuyển bảng điểm của năm "
            "đó sang bộ này, ví dụ phiên bản đính chính)."
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.use_button)
        buttons.addStretch(1)
        self.notice = NoticeLabel()
        self.notice.hide()
        return buttons

    def _build_table(self) -> None:
        """The sets, one a row; columns wide enough for their usual texts."""
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setAccessibleName("Các bộ tiêu chí")
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        for column, sample in (
            (VERSION, "Phiên bản"),
            (PROVINCE, "Tỉnh Quảng Ninh"),
            (DECISION, "số 123/QĐ-UBND ngày 15/01/2024"),
            (YEARS, "Năm áp dụng"),
            (TOTAL, "Tổng điểm"),
            (STATE, "Đang dùng cho năm 2025, 2026 —"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)

    def _chosen_set_pane(self) -> QWidget:
        """The chosen set: its title, details and notices over its tree and a node's detail."""
        self.set_title = HeadingLabel("", 1.15)
        self.set_details = QLabel()
        self.set_details.setWordWrap(True)
        self.set_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sample_notice = NoticeLabel(SAMPLE_WARNING, "warning")
        self.sample_notice.hide()
        self.fixed_notice = NoticeLabel("", "info")
        self.fixed_notice.hide()
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("QLabel { color:#444; }")
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree = CriteriaTree("Cây tiêu chí của bộ đang chọn", detailed=True)
        self.node_detail = QLabel()
        self.node_detail.setWordWrap(True)
        self.node_detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.node_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.node_detail.setContentsMargins(6, 4, 6, 4)
        self.node_area = scroll_area(self.node_detail)
        self.node_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.set_title)
        right_layout.addWidget(self.set_details)
        right_layout.addWidget(self.sample_notice)
        right_layout.addWidget(self.fixed_notice)
        right_layout.addWidget(self.note_label)
        inner = QSplitter(Qt.Orientation.Vertical)
        inner.addWidget(self.tree)
        inner.addWidget(self.node_area)
        inner.setStretchFactor(0, 4)
        inner.setStretchFactor(1, 1)
        inner.setChildrenCollapsible(False)
        right_layout.addWidget(inner, 1)
        return right

    # --- the list -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # a year may have started, or been scored, on a set meanwhile
        QTimer.singleShot(0, self._fit_list_height)  # once the tab has its size

    def _fit_list_height(self) -> None:
        """The list as tall as its rows (sets are few), at most two fifths of the tab;
        left alone once the officer has moved the divider."""
        if self._divider_moved:
            return
        height = self.splitter.height()
        rows = self.table.horizontalHeader().height() + self.table.verticalHeader().length()
        top = min(max(rows + 2 * self.table.frameWidth() + 4, 90), height * 2 // 5)
        self.splitter.setSizes([top, height - top])

    def _divider_was_moved(self, *_: object) -> None:
        self._divider_moved = True

    def reload(self) -> None:
        """Read the sets again; the chosen one stays chosen."""
        chosen = self.selected_uuid()
        self.sets = list_criteria_sets(self._store)
        self._newest = {}
        for s in self.sets:
            family = s.criteria.family
            self._newest[family] = max(self._newest.get(family, 0), s.criteria.version)
        self.table.blockSignals(True)
        self.table.clearContents()
        self.table.setRowCount(len(self.sets))
        for row, s in enumerate(self.sets):
            self._fill_row(row, s)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        if chosen is None or not self.select_set(chosen):
            official = next((s for s in self.sets if not s.criteria.sample), None)
            first = official or (self.sets[0] if self.sets else None)
            if first is None or not self.select_set(first.uuid):
                self._show_set(None)

    def _fill_row(self, row: int, s: StoredSet) -> None:
        c = s.criteria
        newest = self._newest.get(c.family, c.version)
        texts = {
            NAME: c.name,
            VERSION: str(c.version),
            PROVINCE: c.province or DASH,
            DECISION: c.decision.text() or DASH,
            YEARS: c.years_text if c.years else DASH,
            TOTAL: format_points(c.total),
            STATE: state_text(s, newest if newest > c.version else None),
        }
        for column, text in texts.items():
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            item.setData(UUID_ROLE, s.uuid)
            if column in (VERSION, TOTAL):
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if c.sample:
                item.setBackground(QBrush(QColor(_SAMPLE_BACKGROUND)))
            self.table.setItem(row, column, item)

    def select_set(self, uuid: str) -> bool:
        for row, s in enumerate(self.sets):
            if s.uuid == uuid:
                self.table.setCurrentCell(row, NAME)
                self.table.selectRow(row)
                self._selection_changed()
                return True
        return False

    def selected_uuid(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), NAME)
        return item.data(UUID_ROLE) if item is not None else None

    def selected(self) -> StoredSet | None:
        uuid = self.selected_uuid()
        return next((s for s in self.sets if s.uuid == uuid), None)

    # --- the chosen set -------------------------------------------------------------------------

    def _selection_changed(self) -> None:
        self._show_set(self.selected())

    def _show_set(self, s: StoredSet | None) -> None:
        has = s is not None
        self.export_button.setEnabled(has)
        self.use_button.setEnabled(has)
        if s is None:
            self.set_title.setText("Chưa chọn bộ tiêu chí")
            self.set_details.setText("")
            self.sample_notice.hide()
            self.fixed_notice.hide()
            self.note_label.hide()
            self.tree.show_set(None)
            self._shown_uuid = None
            self.node_detail.setText("")
            return
        c = s.criteria
        self.set_title.setText(c.title)
        parts = []
        if c.decision.text():
            parts.append(f"Ban hành kèm theo Quyết định {c.decision.text()}")
        parts.append(f"Tỉnh: {c.province or 'chưa ghi'}")
        parts.append(f"Năm áp dụng: {c.years_text}")
        parts.append(f"Tổng điểm tối đa: {format_points(c.total)} điểm")
        parts.append(f"Tình trạng: {state_text(s)}")
        self.set_details.setText(". ".join(parts) + ".")
        self.sample_notice.setVisible(c.sample)
        if s.scored:
            self.fixed_notice.say(
                "Bộ này đã có điểm chấm nên không sửa được. Nếu tỉnh đính chính, bấm «Nhập từ "
                "Excel…», chọn tệp mới và lưu thành «Phiên bản mới (đính chính)» của bộ này.",
                "info",
            )
        else:
            self.fixed_notice.hide()
        self.note_label.setText(f"Ghi chú: {c.note}" if c.note else "")
        self.note_label.setVisible(bool(c.note))
        kept = self.tree.current_code() if self._shown_uuid == s.uuid else None
        self.tree.show_set(c)
        self._shown_uuid = s.uuid
        if kept and (item := self.tree.item_of(kept)) is not None:
            self.tree.setCurrentItem(item)  # the same set again (a reload): the same line
        self._node_changed(self.tree.currentItem(), None)

    def _node_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        s = self.selected()
        code = self.tree.current_code() if current is not None else None
        node = s.criteria.by_code.get(code) if s is not None and code else None
        self.node_detail.setText(node_details(node) if node is not None else "")

    # --- actions --------------------------------------------------------------------------------

    def import_from_excel(self) -> None:
        from cchc_desktop.ui.scoring.import_dialog import ImportCriteriaDialog

        dialog = ImportCriteriaDialog(self._store, self._today, None, self)
        result = dialog.exec()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if result != QDialog.DialogCode.Accepted or dialog.saved is None:
            return
        saved = dialog.saved
        self.reload()
        self.select_set(saved.uuid)
        self.notice.say(
            f"Đã lưu «{saved.title}» ({format_points(saved.total)} điểm). Bấm «Dùng cho năm "
            "đang chấm» để chấm điểm theo bộ này.",
            "success",
        )
        self.sets_changed.emit()

    def export_selected(self) -> None:
        s = self.selected()
        if s is None:
            return
        suggested = Path.home() / export_file_name(s.criteria)
        path = ask_excel_path(self, "Xuất bộ tiêu chí ra Excel", suggested)
        if path is None:
            return
        from cchc_desktop.exports import ExportError
        from cchc_desktop.exports.criteria_excel import export_criteria_set

        try:
            written = export_criteria_set(s.criteria, path)
        except ExportError as exc:
            self.notice.say(f"Chưa xuất được bộ tiêu chí. {exc.message}", "error")
            show_user_error(self, "Xuất ra Excel", exc)
            return
        self.notice.say(f"Đã xuất «{s.criteria.title}» ra tệp {written}.", "success")

    def use_selected(self) -> None:
        uuid = self.selected_uuid()
        if uuid:
            self.use_for_year_requested.emit(uuid)
