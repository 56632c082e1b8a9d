"""A criteria set as a read-only tree (the import dialog's preview, the sets tab), and a
criterion in full as text."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from cchc_desktop.core.criteria import CriteriaSet, Criterion, method_text
from cchc_desktop.core.points import format_points


def node_details(node: Criterion) -> str:
    """A criterion in full (title, maximum, method, guidance, evidence), as plain text."""
    lines = [f"{node.label} — tối đa {format_points(node.maximum)} điểm"]
    if node.outside_maximum:
        lines.append("(tính ngoài tổng điểm tối đa)")
    if method := method_text(node):
        lines.append(f"Cách chấm: {method}")
    if node.guidance:
        lines.append(f"Hướng dẫn chấm:\n{node.guidance}")
    if node.evidence:
        lines.append(f"Tài liệu kiểm chứng:\n{node.evidence}")
    return "\n".join(lines)


def rich_tooltip(text: str) -> str:
    """Plain text as a tooltip that wraps its long lines (Qt wraps rich text only)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    return line + (" …" if "\n" in text.strip() else "")


CODE, TITLE, MAXIMUM, METHOD, GUIDANCE, EVIDENCE = range(6)
TREE_HEADERS = (
    "Mã",
    "Nội dung",
    "Điểm tối đa",
    "Cách chấm",
    "Hướng dẫn chấm",
    "Tài liệu kiểm chứng",
)
CODE_ROLE = Qt.ItemDataRole.UserRole


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as the wrapped text of some columns at their current width."""

    def __init__(self, tree: QTreeWidget, columns: tuple[int, ...]):
        super().__init__(tree)
        self._tree = tree
        self._columns = columns

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        if index.column() not in self._columns:
            return size
        text = index.data() or ""
        width = self._tree.columnWidth(index.column()) - 10
        if not text or width <= 20:
            return size
        font = index.data(Qt.ItemDataRole.FontRole) or self._tree.font()
        rect = QFontMetrics(font).boundingRect(
            QRect(0, 0, width, 100000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(size.width(), max(size.height(), rect.height() + 6))


class CriteriaTree(QTreeWidget):
    """A criteria set as a read-only tree: fields in bold, the full text of a line in its
    tooltip. ``detailed`` adds the guidance and evidence columns."""

    def __init__(self, name: str, *, detailed: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self._detailed = detailed
        headers = TREE_HEADERS if detailed else TREE_HEADERS[:4]
        self.setColumnCount(len(headers))
        self.setHeaderLabels(list(headers))
        self.setAccessibleName(name)
        self.setAlternatingRowColors(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        metrics = self.fontMetrics()
        header = self.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(CODE, metrics.horizontalAdvance("VII.10.10") + 56)
        header.resizeSection(MAXIMUM, metrics.horizontalAdvance("Điểm tối đa") + 20)
        if detailed:
            # The title and the guidance share the room left by the others.
            header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(GUIDANCE, QHeaderView.ResizeMode.Stretch)
            header.resizeSection(METHOD, metrics.horizontalAdvance("x" * 24))
            header.resizeSection(EVIDENCE, metrics.horizontalAdvance("x" * 26))
        else:
            header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
            header.resizeSection(METHOD, metrics.horizontalAdvance("x" * 30))
        # Titles and methods wrap (the guidance and evidence show their first line and the
        # tooltip the rest): the rows follow the width of their columns.
        self.setItemDelegate(_WrappingDelegate(self, (TITLE, METHOD)))
        header.sectionResized.connect(lambda *_: self.scheduleDelayedItemsLayout())

    def show_set(self, s: CriteriaSet | None) -> None:
        self.clear()
        if s is None:
            return
        for f in s.fields:
            self.addTopLevelItem(self._item(f, 0))
        self.expandAll()
        first = self.topLevelItem(0)
        if first is not None:
            self.setCurrentItem(first)

    def _item(self, node: Criterion, depth: int) -> QTreeWidgetItem:
        method = node.method.kind.label if node.is_leaf and node.method else ""
        texts = [node.code, node.title, format_points(node.maximum), method]
        if self._detailed:
            texts += [first_line(node.guidance), first_line(node.evidence)]
        item = QTreeWidgetItem(texts)
        item.setData(CODE, CODE_ROLE, node.code)
        tooltip = rich_tooltip(node_details(node))
        for column in range(len(texts)):
            item.setToolTip(column, tooltip)
        item.setTextAlignment(MAXIMUM, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if depth == 0:
            for column in range(len(texts)):
                font = QFont(self.font())
                font.setBold(True)
                item.setFont(column, font)
        for child in node.children:
            item.addChild(self._item(child, depth + 1))
        return item

    def codes(self) -> list[str]:
        """Every code shown, in order (for tests and checks)."""
        found: list[str] = []

        def visit(item: QTreeWidgetItem) -> None:
            found.append(item.data(CODE, CODE_ROLE))
            for i in range(item.childCount()):
                child = item.child(i)
                assert child is not None  # i < childCount()
                visit(child)

        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            assert top is not None  # i < topLevelItemCount()
            visit(top)
        return found

    def item_of(self, code: str) -> QTreeWidgetItem | None:
        for item in self.findItems(code, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive):
            if item.data(CODE, CODE_ROLE) == code:
                return item
        return None

    def current_code(self) -> str | None:
        item = self.currentItem()
        return item.data(CODE, CODE_ROLE) if item is not None else None
