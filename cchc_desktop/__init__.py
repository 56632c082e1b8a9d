"""CCHC Desktop: administrative-reform (CCHC) work of a Vietnamese commune.

The package is layered: ``core`` (domain rules), ``store`` (SQLite), and the
Qt layer ``ui``. Only ``ui`` may import PySide6.
"""

__version__ = "0.7.0"

APP_NAME = "CCHC Desktop"
