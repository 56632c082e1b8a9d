"""The view of the standards matrix: keys to edit and remove, columns fitted to the width."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QTableView


class MatrixView(QTableView):
    """The matrix: Enter (or F2) edits the current cell, Delete removes its position.

    Columns share the width the way a printed table would: each gets at least
    its longest word and, as far as the width allows, its longest text, so that
    the whole matrix fits the screen with as few wrapped lines as possible.
    When even the longest words do not fit, the table scrolls sideways.
    """

    edit_requested = Signal(QModelIndex)
    remove_requested = Signal()

    PADDING = 14  # pixels around a cell's text
    MAX_CHARS = 34  # a column is never made wider than this many average characters

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            if self.currentIndex().isValid():
                self.edit_requested.emit(self.currentIndex())
            event.accept()
            return
        if key == Qt.Key.Key_Delete:
            self.remove_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def _needs(self, column: int) -> tuple[int, int]:
        """The least width of a column (its longest word) and the width of its longest line."""
        model = self.model()
        cells = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        heading = QFontMetrics(bold)
        texts = [
            (cells, str(model.data(model.index(row, column)) or ""))
            for row in range(model.rowCount())
        ]
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        texts += [(heading, line) for line in title.split("\n")]
        least = max((m.horizontalAdvance(w) for m, t in texts for w in t.split()), default=0)
        ideal = max((m.horizontalAdvance(t) for m, t in texts), default=0)
        cap = self.MAX_CHARS * cells.averageCharWidth()
        least += self.PADDING
        return least, max(least, min(ideal + self.PADDING, cap))

    def fit_columns(self) -> None:
        model = self.model()
        if model is None:
            return
        shown = [c for c in range(model.columnCount()) if not self.isColumnHidden(c)]
        if not shown:
            return
        needs = {c: self._needs(c) for c in shown}
        least = sum(n[0] for n in needs.values())
        ideal = sum(n[1] for n in needs.values())
        available = (
            self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
        )
        for c, (low, high) in needs.items():
            if ideal <= available:  # everything on one line; spread what is left
                width = high * available / ideal
            elif least >= available:  # too narrow even for whole words: scroll sideways
                width = low
            else:  # wrap, giving each column a share of the room in proportion to its wish
                width = low + (high - low) * (available - least) / (ideal - least)
            self.setColumnWidth(c, int(width))
        self.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()
