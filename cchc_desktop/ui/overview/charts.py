"""Small bar charts drawn with QPainter (Qt's chart module is not part of the program).

Horizontal bars, one group per row with its label written in full above the bars, so
long Vietnamese field names never need to be cut. Every series has a grey level *and* a
hatch pattern, and every bar its value written beside it, so that the charts read on a
black-and-white printout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class Series:
    name: str
    grey: int  # 0 black … 255 white
    pattern: Qt.BrushStyle = Qt.BrushStyle.NoBrush


# Distinct on screen and on paper: solid dark, hatched mid grey, dotted light, white.
SOLID = Series("", 90)
DIAGONAL = Series("", 175, Qt.BrushStyle.BDiagPattern)
CROSS = Series("", 215, Qt.BrushStyle.DiagCrossPattern)
DENSE = Series("", 235, Qt.BrushStyle.Dense6Pattern)
PLAIN = Series("", 255)


def series(name: str, look: Series) -> Series:
    return Series(name, look.grey, look.pattern)


@dataclass(frozen=True)
class Bar:
    segments: tuple[tuple[float, int], ...]  # (value, index of the series), stacked
    text: str  # the value, written after the bar
    limit: float | None = None  # drawn as an outline: the maximum the bar could reach


@dataclass(frozen=True)
class Row:
    label: str
    bars: tuple[Bar, ...] = field(default_factory=tuple)


class BarChart(QWidget):
    """A titled horizontal bar chart; says so in words when it has nothing to draw."""

    BAR_HEIGHT = 16
    GAP = 10

    def __init__(self, title: str, empty_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.empty_text = empty_text
        self.series: list[Series] = []
        self.rows: list[Row] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(title)
        self._fit()

    # --- data ---------------------------------------------------------------------------

    def set_data(self, rows: list[Row], series_list: list[Series]) -> None:
        self.rows = [r for r in rows if r.bars]
        self.series = series_list
        self.setAccessibleDescription(self.description())
        self._fit()
        self.update()

    @property
    def is_empty(self) -> bool:
        return not any(
            b.limit or any(value > 0 for value, _ in b.segments) for r in self.rows for b in r.bars
        )

    def description(self) -> str:
        """The chart in words (screen readers, tests)."""
        if self.is_empty:
            return self.empty_text
        parts = [f"{r.label}: " + "; ".join(b.text for b in r.bars) for r in self.rows]
        return f"{self.title}. " + ". ".join(parts) + "."

    # --- geometry -----------------------------------------------------------------------

    def _line(self) -> int:
        return self.fontMetrics().height()

    def _legend_height(self) -> int:
        return self._line() + 8 if self.series else 0

    def _fit(self) -> None:
        line = self._line()
        height = line + 12  # title
        if self.is_empty:
            height += 3 * line
        else:
            height += self._legend_height()
            for row in self.rows:
                height += line + 2 + len(row.bars) * (self._bar_height() + 3) + self.GAP
        self.setMinimumHeight(height + 8)
        self.setMaximumHeight(height + 8)
        self.updateGeometry()

    def _bar_height(self) -> int:
        return max(self.BAR_HEIGHT, self._line())

    def sizeHint(self) -> QSize:
        return QSize(420, self.minimumHeight())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == event.Type.FontChange:
            self._fit()
        super().changeEvent(event)

    # --- painting -----------------------------------------------------------------------

    @staticmethod
    def _brushes(look: Series) -> tuple[QBrush, QBrush | None]:
        fill = QBrush(QColor(look.grey, look.grey, look.grey))
        if look.pattern == Qt.BrushStyle.NoBrush:
            return fill, None
        return fill, QBrush(QColor(0, 0, 0), look.pattern)

    def _swatch(self, painter: QPainter, rect: QRectF, look: Series) -> None:
        fill, hatch = self._brushes(look)
        painter.fillRect(rect, fill)
        if hatch is not None:
            painter.fillRect(rect, hatch)
        painter.setPen(QPen(QColor(0, 0, 0), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        metrics = self.fontMetrics()
        line = metrics.height()
        width = self.width()
        title_font = self.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(QColor(0, 0, 0))
        painter.drawText(QRectF(0, 0, width, line + 4), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(self.font())
        y = float(line + 12)
        if self.is_empty:
            box = QRectF(0, y, width - 1, 2.5 * line)
            painter.setPen(QPen(QColor(120, 120, 120), 1, Qt.PenStyle.DashLine))
            painter.drawRect(box)
            painter.setPen(QColor(60, 60, 60))
            painter.drawText(
                box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text
            )
            painter.end()
            return
        # legend
        x = 0.0
        for look in self.series:
            self._swatch(painter, QRectF(x, y + 2, line * 1.4, line - 4), look)
            x += line * 1.4 + 6
            painter.setPen(QColor(0, 0, 0))
            text_width = metrics.horizontalAdvance(look.name)
            painter.drawText(QRectF(x, y, text_width + 2, line), look.name)
            x += text_width + 18
        y += self._legend_height()
        text_room = max(metrics.horizontalAdvance(b.text) for r in self.rows for b in r.bars) + 10
        bar_room = max(width - text_room - 2, 40)
        scale = max(
            max(sum(v for v, _ in b.segments), b.limit or 0) for r in self.rows for b in r.bars
        )
        scale = scale or 1
        bar_height = self._bar_height()
        for row in self.rows:
            painter.setPen(QColor(0, 0, 0))
            label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRectF(0, y, width, line), label)
            y += line + 2
            for bar in row.bars:
                x = 0.0
                for value, index in bar.segments:
                    if value <= 0:
                        continue
                    length = bar_room * value / scale
                    self._swatch(painter, QRectF(x, y, length, bar_height), self.series[index])
                    x += length
                if bar.limit:
                    painter.setPen(QPen(QColor(0, 0, 0), 1, Qt.PenStyle.DashLine))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRect(QRectF(0, y, bar_room * bar.limit / scale, bar_height))
                    x = max(x, bar_room * bar.limit / scale)
                painter.setPen(QColor(0, 0, 0))
                painter.drawText(
                    QRectF(x + 6, y, text_room, bar_height),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                    bar.text,
                )
                y += bar_height + 3
            y += self.GAP
        painter.end()
