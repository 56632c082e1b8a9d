"""The self-assessment sheet as a tree: fields → criteria → sub-criteria, with their points."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QWidget

from cchc_desktop.core.criteria import MethodKind
from cchc_desktop.core.points import format_points
from cchc_desktop.core.scoring import Line
from cchc_desktop.store.scoring_repo import SheetState

Index = QModelIndex | QPersistentModelIndex

CODE, TITLE, MAXIMUM, SCORE, EVIDENCE, EXPLANATION, APPRAISED_1, APPRAISED_2, DIFFERENCE = range(9)
HEADERS = (
    "Mã",
    "Nội dung tiêu chí",
    "Tối đa",
    "Tự chấm",
    "Minh chứng",
    "Giải trình",
    "Thẩm định lần 1",
    "Thẩm định lần 2",
    "Chênh lệch",
)
# Methods whose score is typed in the cell; ratio and automatic lines are computed.
TYPED_KINDS = (
    MethodKind.MANUAL,
    MethodKind.FIXED,
    MethodKind.STEPS,
    MethodKind.BONUS,
    MethodKind.PENALTY,
    MethodKind.SURVEY,
)
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
NEEDS_EVIDENCE_ROLE = Qt.ItemDataRole.UserRole + 2

_AMBER = QColor("#fff1c2")
_RED = QColor("#f9d0cc")
_FIELD_BG = QColor("#eef2f7")


def _signed(line: Line, value: Decimal | None) -> str:
    """Penalty lines show the points they take away with a minus sign."""
    if value is None:
        return ""
    if line.node.kind == MethodKind.PENALTY and value:
        return "−" + format_points(value)
    return format_points(value)


class SheetModel(QAbstractItemModel):
    """Read from a ``SheetState``; a typed score goes to ``submit_score(code, text)``, which
    saves it or returns the reason it was refused (then ``refused`` is emitted)."""

    refused = Signal(str, str)  # code, message

    def __init__(
        self, submit_score: Callable[[str, str], str | None], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._submit = submit_score
        self.state: SheetState | None = None
        self.read_only = True
        self._codes: list[str] = []  # position → code, for internal pointers
        self._children: dict[str | None, list[str]] = {}
        self._row: dict[str, int] = {}
        self._position: dict[str, int] = {}
        self.explanations: dict[str, str] = {}
        self.refused_codes: dict[str, str] = {}

    # --- loading ----------------------------------------------------------------------------

    def set_state(self, state: SheetState | None, read_only: bool) -> None:
        self.beginResetModel()
        self.state = state
        self.read_only = read_only
        self._children = {}
        self._row = {}
        self._codes = []
        self.explanations = {}
        if state is not None:
            criteria = state.criteria
            for node in criteria.walk():
                parent = criteria.parent_of[node.code]
                siblings = self._children.setdefault(parent, [])
                self._row[node.code] = len(siblings)
                siblings.append(node.code)
                self._codes.append(node.code)
            self.explanations = {c: s.explanation for c, s in state.scores.items()}
        self._position = {code: i for i, code in enumerate(self._codes)}
        self.endResetModel()

    def update_state(self, state: SheetState, read_only: bool) -> None:
        """New figures for the same set: repaint without collapsing the tree."""
        if self.state is None or state.criteria.uuid != self.state.criteria.uuid:
            self.set_state(state, read_only)
            return
        self.state = state
        self.read_only = read_only
        self.explanations = {c: s.explanation for c, s in state.scores.items()}
        self.refused_codes = {}
        if self._codes:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, len(HEADERS) - 1)
            )
            for code in self._codes:
                if self._children.get(code):
                    first = self.index_of(self._children[code][0])
                    last = self.index_of(self._children[code][-1], len(HEADERS) - 1)
                    self.dataChanged.emit(first, last)

    # --- structure ----------------------------------------------------------------------------

    def code_of(self, index: Index) -> str | None:
        if not index.isValid():
            return None
        return self._codes[index.internalId()]

    def line_of(self, index: Index) -> Line | None:
        code = self.code_of(index)
        return self.state.sheet.lines[code] if code and self.state else None

    def index_of(self, code: str, column: int = 0) -> QModelIndex:
        if code not in self._position:
            return QModelIndex()
        return self.createIndex(self._row[code], column, self._position[code])

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        siblings = self._children.get(self.code_of(parent), [])
        if not (0 <= row < len(siblings) and 0 <= column < len(HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, self._position[siblings[row]])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        code = self.code_of(index)
        if code is None or self.state is None:
            return QModelIndex()
        parent = self.state.criteria.parent_of.get(code)
        return self.index_of(parent) if parent else QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(self.code_of(parent), []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    # --- cells ------------------------------------------------------------------------------------

    def is_typed(self, line: Line) -> bool:
        return line.node.is_leaf and (line.node.kind or MethodKind.MANUAL) in TYPED_KINDS

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        line = self.line_of(index)
        if (
            line is not None
            and index.column() == SCORE
            and not self.read_only
            and self.is_typed(line)
        ):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.line_of(index)
        if line is None:
            return None
        column = index.column()
        node = line.node
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(line, column, role == Qt.ItemDataRole.EditRole)
        if role == CODE_ROLE:
            return node.code
        if role == NEEDS_EVIDENCE_ROLE:
            return line.needs_evidence
        if role == Qt.ItemDataRole.FontRole and not node.is_leaf:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == SCORE and (line.problem or node.code in self.refused_codes):
                return QBrush(_RED)
            if column in (SCORE, EVIDENCE) and line.needs_evidence:
                return QBrush(_AMBER)
            if line.depth == 0:
                return QBrush(_FIELD_BG)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            MAXIMUM,
            SCORE,
            APPRAISED_1,
            APPRAISED_2,
            DIFFERENCE,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line, column)
        return None

    def _text(self, line: Line, column: int, editing: bool) -> str:
        node = line.node
        if column == CODE:
            return node.code
        if column == TITLE:
            return node.title
        if column == MAXIMUM:
            if node.kind == MethodKind.BONUS:
                return f"+{format_points(node.maximum)}"
            if node.kind == MethodKind.PENALTY:
                return f"−{format_points(node.maximum)}"
            return format_points(node.maximum)
        if column == SCORE:
            if editing:
                return format_points(line.score)
            if node.is_leaf and line.score is None:
                if node.kind == MethodKind.SURVEY:
                    return "chờ điều tra"
                if node.kind in (MethodKind.BONUS, MethodKind.PENALTY):
                    return ""
                return "chưa chấm"
            text = _signed(line, line.score)
            if node.kind == MethodKind.AUTO and text:
                text += " (tự động)"
            return text
        if column == EVIDENCE:
            if not node.is_leaf:
                return ""
            if line.evidence:
                return f"{line.evidence} tài liệu"
            return "Thiếu" if line.needs_evidence else ""
        if column == EXPLANATION:
            text = self.explanations.get(node.code, "")
            return text.splitlines()[0] if text else ""
        if column == APPRAISED_1:
            return _signed(line, line.appraised_1)
        if column == APPRAISED_2:
            return _signed(line, line.appraised_2)
        if column == DIFFERENCE:
            diff = line.difference
            if not diff:  # None or no change: nothing to read
                return ""
            return ("+" if diff > 0 else "−") + format_points(abs(diff))
        return ""

    def _tooltip(self, line: Line, column: int) -> str | None:
        node = line.node
        if column == SCORE and node.code in self.refused_codes:
            return self.refused_codes[node.code]
        if column == SCORE and line.problem:
            return line.problem
        if column in (SCORE, EVIDENCE) and line.needs_evidence:
            return "Có điểm nhưng chưa có tài liệu kiểm chứng hoặc giải trình."
        if column == SCORE and line.figure is not None:
            return line.figure.text()
        if column == TITLE and node.guidance:
            return node.guidance
        if column == EXPLANATION:
            return self.explanations.get(node.code) or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        code = self.code_of(index)
        if code is None or role != Qt.ItemDataRole.EditRole or index.column() != SCORE:
            return False
        problem = self._submit(code, str(value))
        if problem:
            self.refused_codes[code] = problem
            self.dataChanged.emit(index, index)
            self.refused.emit(code, problem)
            return False
        self.refused_codes.pop(code, None)
        return True
