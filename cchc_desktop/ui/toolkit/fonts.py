"""Bundled fonts, so that Vietnamese renders on any PC whatever it has installed."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase

from cchc_desktop.paths import fonts_dir

log = logging.getLogger(__name__)

INTERFACE_FAMILY = "Liberation Sans"
DOCUMENT_FAMILY = "Liberation Serif"
DEFAULT_POINT_SIZE = 10
MIN_POINT_SIZE = 8
MAX_POINT_SIZE = 20

_registered: set[str] | None = None


def register_bundled_fonts() -> set[str]:
    """Register every TTF in ``resources/fonts`` once; return the families found."""
    global _registered
    if _registered is None:
        families: set[str] = set()
        for path in sorted(fonts_dir().glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id < 0:
                log.warning("Could not register font %s", path)
                continue
            families.update(QFontDatabase.applicationFontFamilies(font_id))
        _registered = families
    return set(_registered)


def interface_font(point_size: int = DEFAULT_POINT_SIZE) -> QFont:
    font = QFont()
    # The bundled sans first; the serif as a second fallback with full coverage.
    font.setFamilies([INTERFACE_FAMILY, DOCUMENT_FAMILY])
    font.setPointSize(clamp_point_size(point_size))
    return font


def clamp_point_size(point_size: int) -> int:
    return max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, int(point_size)))
