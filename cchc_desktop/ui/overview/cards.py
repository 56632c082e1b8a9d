"""A figure card: a big number and a line of text; click, Enter or Space opens its list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

_STYLES = {
    "normal": "background:#ffffff; border:1px solid #8a8a8a;",
    "warning": "background:#fff4d6; border:2px solid #b07d00;",
    "good": "background:#eef7ec; border:1px solid #6a9a66;",
}


class Card(QFrame):
    """Focusable like a button; ``activated`` when clicked or on Enter/Space."""

    activated = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("overviewCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(180)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        self.number = QLabel("—")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        for label in (self.caption, self.number, self.detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setStyleSheet("border:none; background:transparent;")
            layout.addWidget(label)
        layout.addStretch(1)
        self._kind = "normal"
        self._apply_fonts()
        self._apply_style()

    def _apply_fonts(self) -> None:
        big = QFont(QApplication.font())
        big.setPointSizeF(big.pointSizeF() * 2)
        big.setBold(True)
        self.number.setFont(big)
        bold = QFont(QApplication.font())
        bold.setBold(True)
        self.caption.setFont(bold)

    def _apply_style(self) -> None:
        self.setStyleSheet(
            f"QFrame#overviewCard {{ {_STYLES[self._kind]} border-radius:6px; }}"
            "QFrame#overviewCard:focus { border:3px solid #1c5fa8; }"
        )

    def set_figure(self, number: str, detail: str, kind: str = "normal") -> None:
        self.number.setText(number)
        self.detail.setText(detail)
        self._kind = kind
        self._apply_style()
        self.setAccessibleName(f"{self.caption.text()}: {number}")
        self.setAccessibleDescription(detail)
        self.setToolTip(detail + "\nNhấp chuột hoặc nhấn Enter để xem danh sách.")

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationFontChange:
            self._apply_fonts()
        return super().event(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.activated.emit()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
            return
        super().keyPressEvent(event)
