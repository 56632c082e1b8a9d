"""Text conventions users expect: Unicode NFC, dd/mm/yyyy, the decimal comma."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime

# Defined with the safe file writing, below every layer; its callers also find it here.
from cchc_desktop.files import os_error_text as os_error_text


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


def format_utc_time(value: str) -> str:
    """A stored UTC time (``2026-11-22T03:04:05.678Z``) as this PC's local dd/mm/yyyy HH:MM;
    "" for "", and the text itself when it is not such a time."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_datetime(moment.astimezone())


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


def fold_for_search(value: str | None) -> str:
    """Lower case without diacritics, for search that ignores both: "Quá hạn" → "qua han".

    "đ" has no decomposition in Unicode, so it is mapped to "d" by hand.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", str(value))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.replace("đ", "d").replace("Đ", "d").casefold().split())


def ascii_slug(value: str | None, limit: int = 80) -> str:
    """A file-name part every mail program and Windows accept: "xã An Bình" → "xa-an-binh".

    Lower-case ASCII letters and digits joined by hyphens, at most ``limit`` characters.
    """
    text = re.sub(r"[^a-z0-9]+", "-", fold_for_search(value)).strip("-")
    return text[:limit].strip("-")


def dated_file_name(stem: str, unit_name: str, day: date, suffix: str) -> str:
    """``danh-sach-chuan-hoa-can-bo-xa-an-binh-05-02-2026.xlsx``: what, whose, which day."""
    unit = "-" + ascii_slug(unit_name) if unit_name else ""
    return f"{stem}{unit}-{day.day:02d}-{day.month:02d}-{day.year}{suffix}"


# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y;
# tones are compared only when the letters are equal: none, huyền, hỏi, ngã, sắc, nặng;
# then lower case before upper case. This is what ICU's Vietnamese collation does.
_BASE_ORDER = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONE_ORDER = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_VOWEL_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "ơ"}


def _letters_and_tones(text: str) -> tuple[list[str], list[int]]:
    letters: list[str] = []
    tones: list[int] = []
    for cluster in unicodedata.normalize("NFD", text.casefold()):
        if unicodedata.combining(cluster):
            if cluster in _TONE_ORDER and letters:
                tones[-1] = _TONE_ORDER[cluster]
            elif cluster in _VOWEL_MARKS and letters:
                base = letters[-1]
                mark = _VOWEL_MARKS[cluster]
                if mark == "^":
                    letters[-1] = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
                elif mark == "ă":
                    letters[-1] = "ă" if base == "a" else base
                else:  # horn
                    letters[-1] = {"o": "ơ", "u": "ư"}.get(base, base)
            continue
        letters.append(cluster)
        tones.append(0)
    return letters, tones


def vietnamese_sort_key(value: str | None) -> str:
    """A text whose plain code-point order is Vietnamese alphabetical order.

    Stored beside a column so that SQLite can ORDER BY it without a Python
    collation (which would be far too slow on 100,000 rows).
    """
    text = normalize_text(value)
    letters, tones = _letters_and_tones(text)
    primary = []
    for letter in letters:
        index = _BASE_ORDER.find(letter)
        if index >= 0:  # the alphabet, in its order
            primary.append(chr(0x200 + index))
        elif letter.isspace():  # spaces before everything else
            primary.append("\x10")
        elif letter.isdigit():  # digits after punctuation, before letters
            primary.append(chr(0x180 + int(letter)) if letter.isascii() else chr(0x19F))
        elif letter.isalpha():  # letters of other alphabets after ours
            primary.append(chr(0x1000 + ord(letter)))
        else:  # punctuation and symbols, by code point
            primary.append(chr(0x20 + min(ord(letter), 0x15F)))
    secondary = "".join(chr(0x30 + tone) for tone in tones)
    tertiary = "".join("1" if ch.isupper() else "0" for ch in text if not ch.isspace())
    return "".join(primary) + "\x01" + secondary + "\x01" + tertiary


_DATE_RE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str | None) -> date | None:
    """Read a date as officials write it; None for an empty text.

    Accepts 04/06/2021, 4/6/2021, 4-6-2021, 4.6.2021, 04/06/21 and 2021-06-04.
    Raises ValueError with a Vietnamese message for anything else.
    """
    raw = normalize_text(text)
    if not raw:
        return None
    iso = _ISO_RE.match(raw)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        match = _DATE_RE.match(raw)
        if match:
            day, month, year = (int(g) for g in match.groups())
            if len(match.group(3)) == 2:
                year += 2000
            return date(year, month, day)
    except ValueError:
        raise ValueError(
            f"Ngày «{raw}» không có thật; hãy nhập theo dạng ngày/tháng/năm, ví dụ 04/06/2021."
        ) from None
    raise ValueError(
        f"Ngày «{raw}» không đọc được; hãy nhập theo dạng ngày/tháng/năm, ví dụ 04/06/2021."
    )
