"""Fixtures shared by the Qt tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_desktop.ui.shell.app import create_application
from cchc_desktop.ui.shell.main_window import MainWindow
from cchc_desktop.ui.toolkit.settings import UiSettings


@pytest.fixture
def settings(home: Path, qapp) -> UiSettings:  # type: ignore[no-untyped-def]
    ui = UiSettings(home / "giao-dien.ini")
    create_application(ui)
    return ui


@pytest.fixture
def window(qtbot, store, settings) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(store, settings)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` into ``widget`` as a Vietnamese keyboard (Unikey) delivers it.

    ``QTest.keyClicks`` handles ASCII only; Unikey sends each composed letter as
    a key event that carries the character.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
