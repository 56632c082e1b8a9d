"""Take the screenshots of the user guide from the real screens, on the sample commune.

    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/help/make_screenshots.py

Writes PNG files into ``resources/help/anh/`` (the names the guide cites). The data is
the sample commune of ``--demo``, in a temporary folder; the real data is never opened.
Run it again after a screen changes, then look at the pictures before committing them.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A folder named like the real one, so the paths on the screens look familiar.
_WORK = Path(tempfile.mkdtemp(prefix="cchc-help-shots-")) / "CCHC Desktop"
_WORK.mkdir()
os.environ["CCHC_DESKTOP_HOME"] = str(_WORK)  # before anything asks where the data lives

HELP_DIR = Path(__file__).resolve().parent
OUT_DIR = HELP_DIR / "anh"
WINDOW_SIZE = (1100, 720)
MAX_WIDTH = 720  # pixels: the width the guide shows them at, so Qt never rescales them

# file name → (page key, tab index on that page or None)
SHOTS: dict[str, tuple[str, int | None]] = {
    "tong-quan": ("overview", None),
    "nhiem-vu": ("tasks", None),
    "can-bo": ("staff", None),
    "cham-diem": ("scoring", None),
    "bao-cao": ("reports", None),
    "sao-luu": ("backup", 0),
    "goi-du-lieu": ("backup", 1),
    "thong-tin-don-vi": ("profile", None),
}


def _settle(app) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        app.processEvents()


# What an officer's PC shows instead of this script's temporary folder.
SHOWN_FOLDER = "C:\\Users\\CanBo\\AppData\\Local\\CCHC Desktop"


def _familiar_paths(widget) -> None:  # type: ignore[no-untyped-def]
    """The texts on screen name the usual data folder, never a temporary one."""
    from PySide6.QtWidgets import QLabel, QTableWidget

    temporary = str(_WORK)
    for label in widget.findChildren(QLabel):
        if temporary in label.text():
            label.setText(label.text().replace(temporary, SHOWN_FOLDER).replace("/", "\\"))
    for table in widget.findChildren(QTableWidget):
        for row in range(table.rowCount()):
            for column in range(table.columnCount()):
                item = table.item(row, column)
                if item is not None and temporary in item.text():
                    item.setText(item.text().replace(temporary, SHOWN_FOLDER))


def _save(widget, target: Path, app) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    _settle(app)
    _familiar_paths(widget)
    if str(_WORK) in _all_texts(widget):
        raise AssertionError(f"{target.name}: a temporary path would show")
    image = widget.grab().toImage()
    if image.width() > MAX_WIDTH:
        image = image.scaledToWidth(MAX_WIDTH, Qt.TransformationMode.SmoothTransformation)
    if not image.save(str(target), "PNG", 9):
        raise OSError(f"could not write {target}")
    return target.stat().st_size


def _all_texts(widget) -> str:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel, QTableWidget

    texts = [label.text() for label in widget.findChildren(QLabel) if label.isVisible()]
    for table in widget.findChildren(QTableWidget):
        if not table.isVisible():
            continue
        for row in range(table.rowCount()):
            for column in range(table.columnCount()):
                item = table.item(row, column)
                texts.append(item.text() if item is not None else "")
    return "\n".join(texts)


def main() -> int:
    from PySide6.QtWidgets import QTabWidget

    from cchc_desktop.core.clock import system_clock
    from cchc_desktop.demo import fill_demo_store
    from cchc_desktop.store import open_store
    from cchc_desktop.store.backup import make_backup
    from cchc_desktop.transfer.writer import export_package
    from cchc_desktop.ui.shell.app import create_application
    from cchc_desktop.ui.shell.main_window import MainWindow
    from cchc_desktop.ui.toolkit.settings import UiSettings

    settings = UiSettings(_WORK / "giao-dien.ini")
    app = create_application(settings)
    store = open_store(_WORK / "cchc.db")
    fill_demo_store(store, system_clock())
    # One backup and one package, so that their lists are not empty on the pictures.
    make_backup(store.path)
    export_package(store.conn, _WORK / "cchc-xa-an-binh-toan-bo.cchc")
    window = MainWindow(store, settings)
    window.demo_banner.setVisible(False)  # the guide says the pictures show sample data
    window.resize(*WINDOW_SIZE)
    window.show()
    OUT_DIR.mkdir(exist_ok=True)
    total = 0
    try:
        for name, (key, tab) in SHOTS.items():
            window.show_page(key)
            if tab is not None:
                tabs = window.pages[key].findChild(QTabWidget)
                tabs.setCurrentIndex(tab)
            size = _save(window, OUT_DIR / f"{name}.png", app)
            total += size
            print(f"{name}.png  {size // 1024} KB")
    finally:
        window.auto_backup.stop()
        window.close()
        store.close()
    print(f"total {total // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
