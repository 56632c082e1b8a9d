"""What the main window asks of a screen, and what a screen reads from the application context."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

from cchc_desktop.context import AppContext
from cchc_desktop.ui.toolkit.settings import UiSettings


@runtime_checkable
class Page(Protocol):
    """A screen of the main window: a widget with a title (navigation, menu, tooltip)."""

    title: str


def page_title(widget: QWidget) -> str:
    """The title of a screen the main window holds as a widget."""
    if not isinstance(widget, Page):
        raise TypeError(f"{type(widget).__name__} is not a screen: it has no title")
    return widget.title


def ui_settings(context: AppContext) -> UiSettings:
    """The interface settings the context carries (typed loosely there: it is Qt-free)."""
    settings = context.settings
    if not isinstance(settings, UiSettings):
        raise TypeError("the application context carries no interface settings")
    return settings
