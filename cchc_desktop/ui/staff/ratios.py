"""Standardisation ratios on two days side by side (last year's 31/12 and today)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.staff import StaffLists
from cchc_desktop.core.standard_checks import Evaluation, evaluate_on
from cchc_desktop.core.standard_ratios import RatioComparison, compare_ratios, report_sentence
from cchc_desktop.core.standards import StandardSet
from cchc_desktop.core.text import format_date
from cchc_desktop.store.database import Store
from cchc_desktop.store.staff_repo import load_standard_sets, officials_on
from cchc_desktop.ui.toolkit.forms import DateField
from cchc_desktop.ui.toolkit.rows_model import Column, RowsModel
from cchc_desktop.ui.toolkit.widgets import NoticeLabel

NO_DEPARTMENT = "(Không thuộc phòng nào)"
NO_POSITION = "(Chưa chọn chức danh)"


def group_functions(
    lists: StaffLists, position_names: dict[tuple[str, str], str]
) -> dict[str, tuple[str, Callable[[Evaluation], str]]]:
    def position(e: Evaluation) -> str:
        o = e.official
        if o.standard_family and o.position:
            return position_names.get((o.standard_family, o.position), o.position)
        return o.position_title or NO_POSITION

    return {
        "category": ("Theo đối tượng", lambda e: lists.name("categories", e.official.category)),
        "department": (
            "Theo phòng, bộ phận",
            lambda e: (
                lists.name("departments", e.official.department)
                if e.official.department
                else NO_DEPARTMENT
            ),
        ),
        "position": ("Theo chức danh, vị trí việc làm", position),
    }


def _columns(first: date, second: date) -> list[Column[RatioComparison]]:
    a, b = format_date(first), format_date(second)

    def number(value: int) -> str:
        return str(value)

    return [
        Column("group", "Nhóm", lambda r: r.group, sort=lambda r: 0),
        Column(
            "before_total", f"Số người\n{a}", lambda r: number(r.before.total), align_right=True
        ),
        Column("before_met", f"Đạt chuẩn\n{a}", lambda r: number(r.before.met), align_right=True),
        Column(
            "before_percent", f"Tỷ lệ\n{a}", lambda r: r.before.percent_text(), align_right=True
        ),
        Column("after_total", f"Số người\n{b}", lambda r: number(r.after.total), align_right=True),
        Column("after_met", f"Đạt chuẩn\n{b}", lambda r: number(r.after.met), align_right=True),
        Column(
            "after_not_met", f"Chưa đạt\n{b}", lambda r: number(r.after.not_met), align_right=True
        ),
        Column(
            "after_unknown",
            f"Thiếu thông tin\n{b}",
            lambda r: number(r.after.unknown),
            align_right=True,
        ),
        Column(
            "after_will_meet",
            f"Sẽ đạt khi học xong\n{b}",
            lambda r: number(r.after.will_meet),
            align_right=True,
        ),
        Column("after_percent", f"Tỷ lệ\n{b}", lambda r: r.after.percent_text(), align_right=True),
        Column("change", "Thay đổi", lambda r: r.change_text(), align_right=True),
    ]


class RatiosPanel(QWidget):
    """Who meets the standard, by category, department or position, on two chosen days."""

    def __init__(self, store: Store, lists: StaffLists, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self._lists = lists
        self._today = today
        self._position_names: dict[tuple[str, str], str] = {}
        self.first = DateField()
        self.first.set_date(date(today.year - 1, 12, 31))
        self.second = DateField()
        self.second.set_date(today)
        self.grouping = QComboBox()
        self.show_button = QPushButton("Xem")
        self.show_button.setDefault(False)
        self.notice = NoticeLabel()
        self.notice.hide()
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setTextInteractionFlags(
            self.sentence.textInteractionFlags()
            | self.sentence.textInteractionFlags().TextSelectableByMouse
        )
        self.copy_button = QPushButton("Chép câu cho báo cáo")
        self.copy_button.clicked.connect(self._copy)
        self.model: RowsModel[RatioComparison] = RowsModel(
            _columns(self._today, self._today), bold=lambda r: r.group == "Tổng số"
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("Tỷ lệ cán bộ, công chức đạt chuẩn")
        self.table.verticalHeader().hide()

        dates = QGridLayout()
        dates.addWidget(QLabel("So sánh ngày"), 0, 0)
        dates.addWidget(self.first, 0, 1)
        dates.addWidget(QLabel("với ngày"), 0, 2)
        dates.addWidget(self.second, 0, 3)
        dates.addWidget(self.grouping, 0, 4)
        dates.addWidget(self.show_button, 0, 5)
        dates.setColumnStretch(6, 1)
        sentence_row = QHBoxLayout()
        sentence_row.addWidget(self.sentence, 1)
        sentence_row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addLayout(dates)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addLayout(sentence_row)
        layout.addWidget(
            QLabel(
                "Chỉ tính người đang công tác vào ngày đó, theo thông tin của họ và bộ tiêu chuẩn "
                "có hiệu lực vào ngày đó. Hợp đồng lao động và người hoạt động không chuyên trách "
                "không thuộc diện chuẩn hóa."
            )
        )
        self.layout().itemAt(self.layout().count() - 1).widget().setWordWrap(True)
        self.show_button.clicked.connect(self.refresh)
        self.grouping.currentIndexChanged.connect(self.refresh)
        self.first.edit.returnPressed.connect(self.refresh)
        self.second.edit.returnPressed.connect(self.refresh)

    def set_positions(self, position_names: dict[tuple[str, str], str]) -> None:
        self._position_names = position_names
        current = self.grouping.currentData()
        self.grouping.blockSignals(True)
        self.grouping.clear()
        for key, (label, _fn) in group_functions(self._lists, position_names).items():
            self.grouping.addItem(label, key)
        self.grouping.setCurrentIndex(max(self.grouping.findData(current), 0))
        self.grouping.blockSignals(False)

    def refresh(self) -> None:
        try:
            first, second = self.first.date(), self.second.date()
        except ValueError as exc:
            self.notice.say(str(exc), "error")
            return
        if first is None or second is None:
            self.notice.say("Nhập đủ hai ngày để so sánh.", "error")
            return
        self.notice.hide()
        sets: list[StandardSet] = load_standard_sets(self._store)
        before = evaluate_on(officials_on(self._store, first), sets, self._lists, first)
        after = evaluate_on(officials_on(self._store, second), sets, self._lists, second)
        key = self.grouping.currentData() or "category"
        _label, group = group_functions(self._lists, self._position_names)[key]
        self.model.columns = _columns(first, second)
        self.model.set_rows(compare_ratios(before, after, group))
        self.table.resizeColumnsToContents()
        self.sentence.setText(
            report_sentence(after, self._lists, second)
            + "\n"
            + report_sentence(before, self._lists, first)
        )

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.sentence.text())
        self.notice.say("Đã chép câu vào bộ nhớ tạm; dán (Ctrl+V) vào báo cáo.")
