"""Text conventions users expect: Unicode NFC, dd/mm/yyyy, the decimal comma."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime


def normalize_text(value: str | None) -> str:
    """NFC, trimmed, inner runs of whitespace collapsed.

    Unikey and copy-paste from PDFs can produce decomposed (NFD) Vietnamese;
    storing it unnormalised breaks search, sorting and PDF rendering.
    """
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def format_date(value: date) -> str:
    """``date(2021, 6, 4)`` → ``"04/06/2021"``."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def format_datetime(value: datetime) -> str:
    """Local date and time as an officer writes it: ``"04/06/2021 09:05"``."""
    return f"{format_date(value)} {value.hour:02d}:{value.minute:02d}"


def format_decimal(value: float, decimals: int = 1) -> str:
    """``1234567.5`` → ``"1.234.567,5"`` (dot for thousands, comma for decimals)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_size(num_bytes: int) -> str:
    """A file size for people: ``"512 byte"``, ``"1,5 KB"``, ``"2,3 MB"``."""
    if num_bytes < 1024:
        return f"{num_bytes} byte"
    size = float(num_bytes)
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{format_decimal(size, 1)} {unit}"
    raise AssertionError("unreachable")
