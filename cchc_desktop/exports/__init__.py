"""Exports: workbooks and documents written from the data, Qt-free.

Importing this package loads neither openpyxl nor reportlab; each export imports
the library it needs when it runs, so that start-up stays fast. Files are written
under a temporary name in the target folder and renamed when complete, so that a
failed export never leaves half a file where the officer expects one.
"""

from __future__ import annotations


class ExportError(Exception):
    """The file cannot be written. ``.message`` is Vietnamese, shown to the user as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


__all__ = ["ExportError"]
