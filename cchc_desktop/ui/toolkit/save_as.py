"""Asking where to save an Excel workbook."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def ask_excel_path(parent: QWidget | None, title: str, suggested: Path) -> str | None:
    """The path the officer chose (``.xlsx`` added when left off), or None when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), "Tệp Excel (*.xlsx)")
    if not path:
        return None
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    return path
