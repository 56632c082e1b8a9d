"""The numbering of a criteria table (STT) read as an outline: I, 1, 1.1, a)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol, TypeVar

from cchc_desktop.core.text import fold_for_search, normalize_text
from cchc_desktop.importers.sheet import HEADING_NUMBER

BULLETS = "-+•–—·*▪◦"
_DOTTED = re.compile(r"(?:(?P<roman>[IVX]+)\.)?(?P<digits>\d+(?:\.\d+)*)(?:\.(?P<letter>[a-zđ]))?")
_LETTER = re.compile(r"[a-zđ]")
_PART = re.compile(r"(?i:phần|phan|lĩnh vực|linh vuc)\s+(\S+)")
# A number written at the start of a title ("I. CÔNG TÁC CHỈ ĐẠO", "Lĩnh vực II: …", "a) …").
_LEADING_FIELD = re.compile(
    r"(?P<number>(?i:phần|lĩnh vực)\s+\S+?|[IVX]+)\s*[.):\-–]\s*(?P<rest>\S.*)"
)
_LEADING_NUMBER = re.compile(r"(?P<number>\d+(?:\.\d+)*|[a-zđ])\s*[.)]\s*(?P<rest>\S.*)")
_TOTAL_WORDS = ("tong cong", "tong diem", "tong so diem")
_TOTAL_EXACT = {"tong", "cong", "tong so"}


@dataclass(frozen=True)
class Numbering:
    """An STT as read: its outline style and its code."""

    style: str  # "R" Roman, "A" capital letter, "D<n>" n numbers, "L" letter, "-" bullet
    code: str
    local_letter: bool = False  # "a)": the code is the parent's plus ".a"

    @property
    def depth(self) -> int | None:
        return int(self.style[1:]) if self.style.startswith("D") else None


def read_number(text: str) -> Numbering | None:
    """ "II." → Roman II; "1.2." → (2 numbers) 1.2; "b)" → letter b; "-" → bullet; else None."""
    raw = normalize_text(text)
    if not raw:
        return None
    if all(ch in BULLETS for ch in raw.replace(" ", "")):
        return Numbering("-", "")
    value = raw
    if value.startswith("(") and value.endswith(")"):
        value = value[1:-1].strip()
    value = value.rstrip(".):").strip()
    if match := _PART.fullmatch(value):
        token = match.group(1).rstrip(".):")
        if HEADING_NUMBER.fullmatch(token) or token.isdigit():
            return Numbering("R", token.upper())
        return None
    if HEADING_NUMBER.fullmatch(value):
        return Numbering("A" if len(value) == 1 and value not in "IVX" else "R", value)
    if _LETTER.fullmatch(value):
        return Numbering("L", value, local_letter=True)
    if match := _DOTTED.fullmatch(value):
        if match.group("letter"):
            return Numbering("L", value)
        return Numbering(f"D{match.group('digits').count('.') + 1}", value)
    return None


def split_leading_number(text: str, *, fields_only: bool) -> tuple[Numbering, str] | None:
    """ "I. CÔNG TÁC CHỈ ĐẠO" → (Roman I, "CÔNG TÁC CHỈ ĐẠO"); None when it has no number.

    ``fields_only``: only a field's number (Roman, "Phần", "Lĩnh vực") is taken.
    """
    match = _LEADING_FIELD.fullmatch(text)
    if match is None and not fields_only:
        match = _LEADING_NUMBER.fullmatch(text)
    if match is None:
        return None
    number = read_number(match.group("number"))
    if number is None or number.style == "-":
        return None
    if fields_only and number.style != "R":
        return None
    return number, match.group("rest").strip()


class _Outlined(Protocol):
    """An open row of an outline: what ``close_outline`` reads of it."""

    @property
    def number(self) -> Numbering: ...


_OpenRow = TypeVar("_OpenRow", bound=_Outlined)


def close_outline(stack: list[_OpenRow], number: Numbering) -> None:
    """Close the open rows of an outline that a row numbered ``number`` ends: the first one
    of the same numbering style, or (dotted numbers) of the same depth or deeper, with all
    below it. What stays open is the new row's parent. Shared by the sheet readers."""
    depth = number.depth
    for index, open_row in enumerate(stack):
        open_depth = open_row.number.depth
        if open_row.number.style == number.style or (
            depth is not None and open_depth is not None and open_depth >= depth
        ):
            del stack[index:]
            return


def is_total(text: str) -> bool:
    folded = fold_for_search(text).rstrip(" :.")
    return folded in _TOTAL_EXACT or folded.startswith(_TOTAL_WORDS)
