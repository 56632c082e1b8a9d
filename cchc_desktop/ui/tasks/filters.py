"""The filter bar above the task register: the search box and the lists that narrow the table."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from cchc_desktop.core.tasks import NO_ISSUER_LABEL, DerivedState, SourceKind, Status
from cchc_desktop.store.database import Store
from cchc_desktop.store.task_query import TaskFilter
from cchc_desktop.store.task_repo import reform_fields, task_years
from cchc_desktop.store.task_table import distinct_issuers, distinct_leads
from cchc_desktop.ui.toolkit.widgets import NO_FIELD_LABEL, enum_of, fill_enum_combo

ANY = "(Tất cả)"


def labelled(text: str, widget: QWidget) -> QWidget:
    """``widget`` with its caption on its left (the caption's buddy: Alt+letter reaches it)."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    caption = QLabel(text)
    caption.setBuddy(widget)
    row.addWidget(caption)
    row.addWidget(widget, 1)
    return holder


def _refill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
    """Replace the items of ``combo``, keeping what is chosen (silently)."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def _choose_silently(combo: QComboBox, data: object) -> None:
    """Choose the item holding ``data`` (the first when None or absent), without a signal."""
    combo.blockSignals(True)
    combo.setCurrentIndex(max(combo.findData(data), 0) if data is not None else 0)
    combo.blockSignals(False)


class TaskFilterBar(QWidget):
    """The search box and the year, field, status, state, lead, kind and issuer lists.

    ``changed`` is emitted when a list is chosen; what is typed in the search box is
    followed by the page (it waits until the officer stops typing).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            "Tìm cụm từ trong nội dung, chủ trì, văn bản… (gõ không dấu cũng được; Ctrl+F)"
        )
        self.search.setClearButtonEnabled(True)
        self.year = self._combo()
        self.year.setToolTip("Một năm gồm cả những nhiệm vụ của các năm trước chưa hoàn thành")
        self.field = self._combo()
        self.status = self._combo()
        self.state = self._combo()
        self.lead = self._combo()
        self.kind = self._combo()
        self.issuer = self._combo()
        fixed = ((self.status, Status), (self.state, DerivedState), (self.kind, SourceKind))
        for combo, members in fixed:
            combo.blockSignals(True)
            fill_enum_combo(combo, members, any_label=ANY)
            combo.blockSignals(False)
        self.clear_button = QPushButton("Bỏ lọc")
        self._lay_out()

    def _combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        # Three to a row: each list keeps room for its label at 125–150 % and large text.
        grid.addWidget(labelled("Tìm:", self.search), 0, 0, 1, 2)
        grid.addWidget(labelled("Năm:", self.year), 0, 2)
        grid.addWidget(labelled("Lĩnh vực:", self.field), 1, 0)
        grid.addWidget(labelled("Trạng thái:", self.status), 1, 1)
        grid.addWidget(labelled("Tình trạng:", self.state), 1, 2)
        grid.addWidget(labelled("Chủ trì:", self.lead), 2, 0)
        grid.addWidget(labelled("Loại nguồn:", self.kind), 2, 1)
        grid.addWidget(labelled("Cơ quan giao:", self.issuer), 2, 2)
        grid.addWidget(self.clear_button, 0, 3)
        for column in range(3):
            grid.setColumnStretch(column, 1)

    def widgets(self) -> list[QWidget]:
        """In the order the keyboard goes through them."""
        return [
            self.search,
            self.year,
            self.field,
            self.status,
            self.state,
            self.lead,
            self.kind,
            self.issuer,
            self.clear_button,
        ]

    def reload_choices(self, store: Store, this_year: int) -> None:
        """Fill the lists from the register, keeping what is chosen (this year at first)."""
        years = sorted({this_year, *task_years(store)}, reverse=True)
        first_fill = self.year.count() == 0
        _refill(self.year, [("Tất cả các năm", None), *((str(y), y) for y in years)])
        if first_fill:
            _choose_silently(self.year, this_year)
        fields = [(f.name, f.code) for f in reform_fields(store)]
        _refill(self.field, [(ANY, None), (NO_FIELD_LABEL, ""), *fields])
        _refill(self.lead, [(ANY, None), *((lead, lead) for lead in distinct_leads(store))])
        issuers = [(i, i) for i in distinct_issuers(store)]
        _refill(self.issuer, [(ANY, None), (NO_ISSUER_LABEL, ""), *issuers])

    def current_filter(self) -> TaskFilter:
        year = self.year.currentData()
        values = {
            "field_code": self.field.currentData(),
            "status": enum_of(self.status, Status),
            "state": enum_of(self.state, DerivedState),
            "lead": self.lead.currentData(),
            "kind": enum_of(self.kind, SourceKind),
            "issuer": self.issuer.currentData(),
            "text": self.search.text(),
        }
        return TaskFilter.for_year(year, **values) if year else TaskFilter(**values)

    def show_only(self, state: DerivedState | None, kind: SourceKind | None) -> None:
        """Every year, ``state`` and ``kind``, the rest cleared (silently: the page reads)."""
        for combo, value in (
            (self.year, None),
            (self.field, None),
            (self.status, None),
            (self.state, state),
            (self.lead, None),
            (self.kind, kind),
            (self.issuer, None),
        ):
            _choose_silently(combo, value.value if value is not None else None)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)

    def clear(self) -> None:
        """Every list but the year back to «(Tất cả)», and the search box emptied."""
        for combo in (self.field, self.status, self.state, self.lead, self.kind, self.issuer):
            _choose_silently(combo, None)
        # not blocked: the box's clear button listens to its text too
        self.search.clear()
