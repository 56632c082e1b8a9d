"""The «Gói dữ liệu» tab (being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PackagesTab(QWidget):
    def __init__(self, store, settings, parent: QWidget | None = None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Gói dữ liệu: đang xây dựng."))
