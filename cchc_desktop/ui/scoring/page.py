"""Tự chấm điểm: the year's self-assessment sheet, the comparison, the criteria sets."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.context import AppContext
from cchc_desktop.core.changes import Changes
from cchc_desktop.core.points import format_points
from cchc_desktop.core.profile import working_year
from cchc_desktop.store.criteria_repo import list_criteria_sets
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.store.scoring_repo import (
    LOCK_LEADER_ONLY,
    Assessment,
    SheetState,
    assessment_events,
    assessment_for_year,
    assessment_years,
    lock_assessment,
    sheet_state,
    start_assessment,
    unlock_assessment,
)
from cchc_desktop.ui.scoring.comparison import ComparisonTab
from cchc_desktop.ui.scoring.refusals import save_refusal_shown
from cchc_desktop.ui.scoring.sets_tab import CriteriaSetsTab
from cchc_desktop.ui.scoring.sheet_lock import PersonDialog, local_time
from cchc_desktop.ui.scoring.sheet_tab import SheetTab
from cchc_desktop.ui.toolkit.ask import ask_yes_no
from cchc_desktop.ui.toolkit.operations import announce, subscribe
from cchc_desktop.ui.toolkit.widgets import HeadingLabel, NoticeLabel


class ScoringPage(QWidget):
    title = "Tự chấm điểm"
    open_task_requested = Signal(str)
    tasks_changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = context.store
        self._today = context.today
        store = self._store
        # a remedial task made from the comparison: the register reads again
        self.tasks_changed.connect(lambda: announce(store, Changes(tasks=True), self))
        subscribe(self, store, self._on_changes)
        self.assessment: Assessment | None = None
        self.state: SheetState | None = None
        self._loaded = False

        self._build_head_widgets()
        self._build_start_box()
        self.sheet_tab = SheetTab(store, self._today)
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

        layout = QVBoxLayout(self)
        layout.addLayout(self._head_row())
        layout.addWidget(self.set_label)
        layout.addWidget(self.sample_notice)
        layout.addWidget(self.tabs, 1)
        self._connect()

    # --- layout ----------------------------------------------------------------------------------

    def _build_head_widgets(self) -> None:
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

    def _build_start_box(self) -> None:
        """A year without a sheet: choose the set and start."""
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

    def _head_row(self) -> QHBoxLayout:
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
        return head

    def _connect(self) -> None:
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
        with save_refusal_shown(self, "Không bắt đầu được") as done:
            self.assessment = start_assessment(self._store, year, chosen.criteria)
        if not done:
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
            self.lock_label.setText(f"Đã chốt {local_time(a.locked_at)} — {a.locked_by}")
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
                f"{local_time(e.happened_at)} — {e.label} — {e.who}"
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
        with save_refusal_shown(self, "Không đổi được") as done:
            self.assessment = change_assessment_set(
                self._store, self.assessment, chosen.criteria, self._default_lead() or "—"
            )
        if not done:
            return
        self._show_year()
