"""Which of last year's criteria each of this year's continues (same, renamed, split,
merged, new, removed): the officer corrects the default «same code, same line»."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.criteria import CriteriaSet
from cchc_desktop.core.score_comparison import CodeLink, LinkKind, default_mapping, validate_mapping
from cchc_desktop.core.text import normalize_text
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.store.criteria_repo import load_mapping, save_mapping
from cchc_desktop.store.database import Store
from cchc_desktop.ui.toolkit.dialog_buttons import save_cancel_buttons
from cchc_desktop.ui.toolkit.errors import show_user_error
from cchc_desktop.ui.toolkit.forms import GuardedDialog
from cchc_desktop.ui.toolkit.widgets import NoticeLabel, enum_of, fill_enum_combo, select_enum

KIND, OLD, OLD_TITLES, NEW, NEW_TITLES = range(5)
HEADERS = ("Loại", "Mã năm trước", "Nội dung năm trước", "Mã năm nay", "Nội dung năm nay")

_SEPARATORS = re.compile(r"[,;]")


def parse_codes(text: str) -> tuple[str, ...]:
    """``"3.1, 3.2"`` → ``("3.1", "3.2")`` (codes contain dots, so only , and ; separate)."""
    return tuple(code for part in _SEPARATORS.split(text) if (code := normalize_text(part)))


def codes_text(codes: tuple[str, ...]) -> str:
    return ", ".join(codes)


def titles_text(codes: tuple[str, ...], criteria: CriteriaSet, which: str) -> str:
    """Each code with its title, one a line; an unknown code says so."""
    lines = []
    for code in codes:
        node = criteria.by_code.get(code)
        lines.append(
            f"{code}. {node.title}" if node else f"{code}: không có trong bộ tiêu chí {which}"
        )
    return "\n".join(lines)


class MappingDialog(GuardedDialog):
    """Last year's criteria codes → this year's, for one pair of criteria sets."""

    def __init__(
        self,
        store: Store,
        old_set: CriteriaSet,
        new_set: CriteriaSet,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._old = old_set
        self._new = new_set
        self.saved: list[CodeLink] | None = None
        self.setWindowTitle("Ánh xạ mã tiêu chí năm trước với năm nay")
        intro = QLabel(
            f"Bộ tiêu chí năm trước: «{old_set.title}».\n"
            f"Bộ tiêu chí năm nay: «{new_set.title}».\n"
            "Mỗi dòng cho biết tiêu chí năm trước ứng với tiêu chí nào năm nay. Nhiều mã ghi "
            "cách nhau bằng dấu phẩy (ví dụ: 3.1, 3.2). «Giữ nguyên» và «Đổi tên, đổi mã» nối "
            "một mã với một mã; «Tách» nối một mã năm trước với nhiều mã năm nay; «Gộp» nối "
            "nhiều mã năm trước với một mã năm nay; «Tiêu chí mới» chỉ có mã năm nay; «Bỏ, "
            "không còn» chỉ có mã năm trước."
        )
        intro.setWordWrap(True)
        self.notice = NoticeLabel(kind="error")
        self.notice.hide()
        self._build_table()
        self.changed_only = QCheckBox("Chỉ hiện các dòng có thay đổi (ẩn các tiêu chí giữ nguyên)")
        self.changed_only.toggled.connect(self._refilter)
        self.add_button = QPushButton("Thêm dòng")
        self.add_button.clicked.connect(self._add_clicked)
        self.remove_button = QPushButton("Xóa dòng")
        self.remove_button.clicked.connect(self.remove_current_row)
        self.reset_button = QPushButton("Đặt lại theo mã")
        self.reset_button.setToolTip(
            "Bỏ các sửa đổi, ánh xạ lại theo mã: cùng mã là cùng tiêu chí, còn lại là tiêu chí "
            "mới hoặc bị bỏ."
        )
        self.reset_button.clicked.connect(
            lambda: self.set_links(default_mapping(self._old, self._new))
        )
        self.table.itemSelectionChanged.connect(self._update_buttons)
        bar = QHBoxLayout()
        bar.addWidget(self.changed_only)
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        bar.addWidget(self.reset_button)

        buttons = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.notice)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

        self.set_links(load_mapping(store, old_set, new_set))
        self._initial = self.links()
        self.resize(1000, 640)
        self._update_buttons()

    def _build_table(self) -> None:
        """One link a row, edited in place: its kind, the old and new codes and titles."""
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setAccessibleName("Ánh xạ mã tiêu chí năm trước với năm nay")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OLD, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NEW, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(OLD_TITLES, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NEW_TITLES, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(OLD, 110)
        self.table.setColumnWidth(NEW, 110)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._item_changed)

    # --- rows ----------------------------------------------------------------------------

    def set_links(self, links: list[CodeLink]) -> None:
        self.table.setRowCount(0)
        for link in links:
            self.add_row(link)
        self.notice.hide()
        self._refilter()

    def add_row(self, link: CodeLink | None = None) -> int:
        """A row for ``link`` (an empty «Giữ nguyên» row if none); returns its index."""
        link = link or CodeLink(LinkKind.SAME)
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox()
        fill_enum_combo(combo, LinkKind)
        select_enum(combo, link.kind)
        combo.currentIndexChanged.connect(lambda _i: self.notice.hide())
        self.table.setCellWidget(row, KIND, combo)
        self.table.blockSignals(True)
        for column, codes in ((OLD, link.old), (NEW, link.new)):
            self.table.setItem(row, column, QTableWidgetItem(codes_text(codes)))
        for column in (OLD_TITLES, NEW_TITLES):
            item = QTableWidgetItem()
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self._show_titles(row)
        return row

    def _scroll_to(self, row: int) -> None:
        item = self.table.item(row, OLD)
        assert item is not None  # every row has its cells
        self.table.scrollToItem(item)

    def _add_clicked(self) -> None:
        self.changed_only.setChecked(False)
        row = self.add_row()
        self.table.selectRow(row)
        self._scroll_to(row)
        self.table.setCurrentCell(row, OLD)
        self.table.setFocus()

    def remove_current_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.notice.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.table.currentRow() >= 0)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() in (OLD, NEW):
            self.notice.hide()
            self._show_titles(item.row())

    def _show_titles(self, row: int) -> None:
        old, new = self.row_codes(row)
        self.table.blockSignals(True)
        self.table.item(row, OLD_TITLES).setText(titles_text(old, self._old, "năm trước"))
        self.table.item(row, NEW_TITLES).setText(titles_text(new, self._new, "năm nay"))
        self.table.blockSignals(False)
        self.table.resizeRowToContents(row)

    def _refilter(self) -> None:
        only_changed = self.changed_only.isChecked()
        for row in range(self.table.rowCount()):
            hidden = only_changed and self.row_kind(row) == LinkKind.SAME
            self.table.setRowHidden(row, hidden)

    def row_kind(self, row: int) -> LinkKind:
        combo = self.table.cellWidget(row, KIND)
        assert isinstance(combo, QComboBox)
        return enum_of(combo, LinkKind) or LinkKind.SAME

    def row_codes(self, row: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        def codes(column: int) -> tuple[str, ...]:
            item = self.table.item(row, column)
            return parse_codes(item.text()) if item is not None else ()

        return codes(OLD), codes(NEW)

    def links(self) -> list[CodeLink]:
        """The rows as links; rows without any code are left out."""
        found = []
        for row in range(self.table.rowCount()):
            old, new = self.row_codes(row)
            if old or new:
                found.append(CodeLink(self.row_kind(row), old, new))
        return found

    # --- saving --------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self.saved is None and self.links() != self._initial

    def problems(self) -> list[tuple[int, str]]:
        """(row, message) for each refused row, the row named by its number in the table."""
        found = []
        for row in range(self.table.rowCount()):
            old, new = self.row_codes(row)
            if not (old or new):
                continue
            for problem in validate_mapping(
                [CodeLink(self.row_kind(row), old, new)], self._old, self._new
            ):
                found.append((row, f"Dòng {row + 1}: {problem}"))
        return found

    def save(self) -> None:
        problems = self.problems()
        if problems:
            self.notice.say(
                "Chưa lưu được ánh xạ, cần sửa:\n" + "\n".join(f"• {p}" for _r, p in problems),
                "error",
            )
            first = problems[0][0]
            self.changed_only.setChecked(False)
            self.table.selectRow(first)
            self._scroll_to(first)
            return
        links = self.links()
        try:
            save_mapping(self._store, self._old, self._new, links)
        except ValidationError as exc:
            self.notice.say(" ".join(exc.errors.values()), "error")
            return
        except StoreError as exc:
            show_user_error(self, self.windowTitle(), exc)
            return
        self.saved = links
        self.accept()
