"""The requirement matrix of a standard set: positions down, requirements across.

Each cell is the requirement that applies to a position: its own one, or else
the set's common requirement for its category (shown grey and italic). Cells
changed since the saved version are bold on a light background.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from cchc_desktop.core.staff import StaffLists
from cchc_desktop.core.standards import (
    AGE,
    FIELD,
    REQUIREMENT_ATTRIBUTES,
    Position,
    Requirement,
    StandardSet,
    attribute_label,
)

# The order the matrix shows: the field of study next to the professional level it goes with.
MATRIX_ATTRIBUTES = (
    "general_education",
    "professional",
    FIELD,
    "political_theory",
    "state_management",
    "it",
    "foreign_language",
    "ethnic_language",
    AGE,
)
assert set(MATRIX_ATTRIBUTES) == set(REQUIREMENT_ATTRIBUTES)

NAME_COLUMN, CATEGORY_COLUMN, DEPARTMENT_COLUMN = 0, 1, 2
FIRST_ATTRIBUTE_COLUMN = 3
NONE_TEXT = "—"
COMMON_TIP = "áp dụng chung"
_FIELDS_SHOWN = 2  # accepted fields of study written out in a cell; the rest in the tooltip

_COMMON_BRUSH = QBrush(QColor("#6b6b6b"))
_CHANGED_BRUSH = QBrush(QColor("#fff4d6"))


def level_text(attribute: str, code: str | None, lists: StaffLists) -> str:
    """``"Đại học trở lên"``; the top level, and certificates, without "trở lên"."""
    scale = lists.scales[attribute]
    level = scale.level(code)
    if level is None:
        return code or ""
    if attribute in ("it", "ethnic_language") or level.rank == max(lv.rank for lv in scale.levels):
        return level.name
    return f"{level.name} trở lên"


def age_text(min_age: int | None, max_age: int | None) -> str:
    if min_age is not None and max_age is not None:
        return f"Từ {min_age} đến {max_age} tuổi"
    if min_age is not None:
        return f"Từ {min_age} tuổi"
    if max_age is not None:
        return f"Không quá {max_age} tuổi"
    return "Không giới hạn"


def requirement_text(r: Requirement | None, lists: StaffLists, *, short: bool = False) -> str:
    """What a requirement asks, in words; ``short`` abbreviates a long list of fields."""
    if r is None:
        return NONE_TEXT
    if r.attribute == AGE:
        return age_text(r.min_age, r.max_age)
    if r.attribute == FIELD:
        if not r.accepted:
            return "Mọi chuyên ngành"
        if short and len(r.accepted) > _FIELDS_SHOWN:
            return ", ".join(r.accepted[:_FIELDS_SHOWN]) + ", …"
        return ", ".join(r.accepted)
    return level_text(r.attribute, r.min_level, lists)


def common_requirement(s: StandardSet, position: Position, attribute: str) -> Requirement | None:
    """The set's common requirement on ``attribute`` for the position's category, if any."""
    return next(
        (
            r
            for r in s.common
            if r.attribute == attribute and (not r.categories or position.category in r.categories)
        ),
        None,
    )


def effective_requirement(
    s: StandardSet, position: Position, attribute: str
) -> tuple[Requirement | None, bool]:
    """The requirement that applies, and whether it is the common one (as ``requirements_for``)."""
    own = position.requirement(attribute)
    if own is not None:
        return own, False
    common = common_requirement(s, position, attribute)
    return common, common is not None


@dataclass(frozen=True)
class Change:
    """One unsaved change: a cell (``attribute``) or a whole position (``attribute=None``)."""

    code: str
    attribute: str | None
    text: str


def standard_changes(base: StandardSet, edited: StandardSet, lists: StaffLists) -> list[Change]:
    """What ``edited`` changes in ``base``, in words, in the order of the matrix."""
    changes: list[Change] = []
    before = {p.code: p for p in base.positions}
    for p in edited.positions:
        old = before.get(p.code)
        if old is None:
            changes.append(Change(p.code, None, f"Thêm chức danh, vị trí «{p.name}»"))
            continue
        what = []
        if old.name != p.name:
            what.append(f"đổi tên thành «{p.name}»")
        if old.category != p.category:
            what.append(f"đối tượng: {lists.name('categories', p.category).lower()}")
        if old.department != p.department:
            department = lists.name("departments", p.department) or "không thuộc phòng nào"
            what.append(f"phòng: {department}")
        if what:
            changes.append(Change(p.code, None, f"«{old.name}»: " + "; ".join(what)))
        for attribute in MATRIX_ATTRIBUTES:
            if old.requirement(attribute) == p.requirement(attribute):
                continue
            was = requirement_text(effective_requirement(base, old, attribute)[0], lists)
            now = requirement_text(effective_requirement(edited, p, attribute)[0], lists)
            label = attribute_label(attribute, lists)
            changes.append(Change(p.code, attribute, f"{p.name} — {label}: {was} → {now}"))
    kept = {p.code for p in edited.positions}
    for p in base.positions:
        if p.code not in kept:
            changes.append(Change(p.code, None, f"Xóa chức danh, vị trí «{p.name}»"))
    return changes


def _two_lines(text: str) -> str:
    """A column title on two balanced lines, so that narrow columns keep it whole."""
    words = text.split()
    if len(words) < 2 or len(text) <= 10:
        return text
    best = min(
        range(1, len(words)),
        key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))),
    )
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


class RequirementMatrixModel(QAbstractTableModel):
    """Read-only view of a set's positions and requirements; the panel edits through dialogs."""

    def __init__(self, lists: StaffLists, parent: QObject | None = None):
        super().__init__(parent)
        self._lists = lists
        self._standard: StandardSet | None = None
        self._base: StandardSet | None = None
        self._changed_cells: set[tuple[str, str]] = set()
        self._changed_positions: set[str] = set()
        self._new_positions: set[str] = set()
        self._titles = ["Chức danh, vị trí việc làm", "Đối tượng", "Phòng, bộ phận"] + [
            attribute_label(a, lists) for a in MATRIX_ATTRIBUTES
        ]

    # --- contents ------------------------------------------------------------------------

    def set_standard(self, standard: StandardSet, base: StandardSet | None = None) -> None:
        """Show ``standard``; cells that differ from ``base`` (the saved version) are marked."""
        self.beginResetModel()
        self._standard = standard
        self._base = base
        self._changed_cells = set()
        self._changed_positions = set()
        self._new_positions = set()
        if base is not None:
            known = {p.code for p in base.positions}
            for change in standard_changes(base, standard, self._lists):
                if change.code not in known:
                    self._new_positions.add(change.code)
                elif change.attribute is None:
                    self._changed_positions.add(change.code)
                else:
                    self._changed_cells.add((change.code, change.attribute))
        self.endResetModel()

    def standard(self) -> StandardSet | None:
        return self._standard

    def position(self, row: int) -> Position:
        assert self._standard is not None
        return self._standard.positions[row]

    def row_of(self, code: str) -> int:
        assert self._standard is not None
        return next((i for i, p in enumerate(self._standard.positions) if p.code == code), -1)

    @staticmethod
    def attribute(column: int) -> str | None:
        """The requirement attribute of a column; None for the position's own columns."""
        if column < FIRST_ATTRIBUTE_COLUMN:
            return None
        return MATRIX_ATTRIBUTES[column - FIRST_ATTRIBUTE_COLUMN]

    @staticmethod
    def column_of(attribute: str) -> int:
        return FIRST_ATTRIBUTE_COLUMN + MATRIX_ATTRIBUTES.index(attribute)

    def is_changed(self, row: int, column: int) -> bool:
        code = self.position(row).code
        if code in self._new_positions:
            return True
        attribute = self.attribute(column)
        if attribute is None:
            return code in self._changed_positions
        return (code, attribute) in self._changed_cells

    # --- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._standard is None:
            return 0
        return len(self._standard.positions)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._titles)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._titles):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _two_lines(self._titles[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._titles[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or self._standard is None:
            return None
        p = self.position(index.row())
        attribute = self.attribute(index.column())
        if attribute is None:
            return self._position_data(p, index.column(), role, index)
        requirement, common = effective_requirement(self._standard, p, attribute)
        changed = self.is_changed(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return requirement_text(requirement, self._lists, short=True)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(p, attribute, requirement, common, changed)
        if role == Qt.ItemDataRole.FontRole:
            if common or changed:
                font = QFont()
                font.setItalic(common)
                font.setBold(changed)
                return font
            return None
        if role == Qt.ItemDataRole.ForegroundRole and common:
            return _COMMON_BRUSH
        if role == Qt.ItemDataRole.BackgroundRole and changed:
            return _CHANGED_BRUSH
        return None

    def _position_data(
        self, p: Position, column: int, role: int, index: QModelIndex | QPersistentModelIndex
    ) -> Any:
        changed = self.is_changed(index.row(), column)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME_COLUMN:
                return p.name
            if column == CATEGORY_COLUMN:
                return self._lists.name("categories", p.category)
            return self._lists.name("departments", p.department)
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME_COLUMN:
            tip = p.name
            if p.note:
                tip += f"\n{p.note}"
            if p.code in self._new_positions:
                tip += "\n(chức danh mới thêm, chưa lưu)"
            elif changed:
                tip += "\n(đã sửa, chưa lưu)"
            return tip
        if role == Qt.ItemDataRole.FontRole and changed:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and changed:
            return _CHANGED_BRUSH
        return None

    def _tooltip(
        self,
        p: Position,
        attribute: str,
        requirement: Requirement | None,
        common: bool,
        changed: bool,
    ) -> str:
        label = attribute_label(attribute, self._lists)
        if requirement is None:
            text = f"{p.name}\n{label}: không yêu cầu"
        elif attribute == FIELD and requirement.accepted:
            text = f"{p.name}\n{label}: nhận các ngành\n" + "\n".join(
                f"• {name}" for name in requirement.accepted
            )
        else:
            text = f"{p.name}\n{label}: {requirement_text(requirement, self._lists)}"
        if requirement is not None and requirement.note:
            text += f"\n{requirement.note}"
        if common:
            category = self._lists.name("categories", p.category).lower()
            text += f"\n({COMMON_TIP} cho {category} của bộ tiêu chuẩn)"
        if changed:
            text += "\n(đã sửa, chưa lưu)"
        return text
