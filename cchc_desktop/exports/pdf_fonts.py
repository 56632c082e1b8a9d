"""The PDF's letters: the bundled Liberation Serif (Times New Roman's metrics) registered
with reportlab as one family, and user text as reportlab's paragraph markup (NFC, escaped,
line breaks and runs of spaces kept). reportlab is imported when the fonts are registered.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Literal
from xml.sax.saxutils import escape

FONT = "CCHCSerif"  # the family: <b> and <i> in a paragraph pick its faces
FONT_BOLD = "CCHCSerif-Bold"
FONT_ITALIC = "CCHCSerif-Italic"
FONT_BOLD_ITALIC = "CCHCSerif-BoldItalic"
_FONT_FILES = {
    FONT: "LiberationSerif-Regular.ttf",
    FONT_BOLD: "LiberationSerif-Bold.ttf",
    FONT_ITALIC: "LiberationSerif-Italic.ttf",
    FONT_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

_fonts_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register the bundled Liberation Serif faces with reportlab, once per process."""
    global _fonts_registered
    with _fonts_lock:
        if _fonts_registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        from cchc_desktop.paths import fonts_dir

        folder = fonts_dir()
        for name, file_name in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        # The faces' own names map back to the family too (<i> inside a bold paragraph).
        faces: tuple[tuple[str, Literal[0, 1], Literal[0, 1]], ...] = (
            (FONT_BOLD, 1, 0),
            (FONT_ITALIC, 0, 1),
            (FONT_BOLD_ITALIC, 1, 1),
        )
        for name, bold, italic in faces:
            addMapping(name, bold, italic, name)
        _fonts_registered = True


# --- text for reportlab's paragraph markup --------------------------------------------------

_SPACE_RUN = re.compile(r" {2,}")


def markup(text: str) -> str:
    """User text as paragraph markup: NFC, ``& < >`` escaped, line breaks kept."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return escape(text).replace("\n", "<br/>")


def keep_spaces(text: str) -> str:
    """Markup that keeps runs of spaces ("Số:        /BC-UBND" leaves room for the number)."""
    return _SPACE_RUN.sub(lambda m: " " + "&nbsp;" * (len(m.group()) - 1), markup(text))


def upper(text: str) -> str:
    """Capitals of user text, in NFC (a title printed in capitals)."""
    return unicodedata.normalize("NFC", text).upper()
