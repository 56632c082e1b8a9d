"""The layout of an appraisal sheet: the headers each column goes by, per round."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cchc_desktop.importers.criteria_excel import CRITERIA_COLUMNS
from cchc_desktop.importers.sheet import HeaderMatch, find_header

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


_APPRAISED_WORDS = [
    "diem tham dinh",
    "tham dinh",
    "ket qua tham dinh",
    "diem hoi dong tham dinh",
    "diem cua hoi dong tham dinh",
    "diem do hoi dong tham dinh",
    "hoi dong tham dinh",
    "diem cap tren tham dinh",
    "diem sau tham dinh",
    "diem dat sau tham dinh",
    "diem da tham dinh",
]
NOTE_WORDS = [
    "ly do",
    "ghi chu",
    "nhan xet",
    "y kien tham dinh",
    "y kien cua hoi dong tham dinh",
    "y kien nhan xet",
    "ly do tham dinh",
]


def _per_round(words: list[str], round_no: int) -> list[str]:
    return [f"{word} lan {round_no}" for word in words] + [
        f"tham dinh lan {round_no} {tail}" for tail in ("diem", "ket qua", *words)
    ]


APPRAISAL_COLUMNS: dict[str, list[str]] = {
    "number": CRITERIA_COLUMNS["number"],
    "title": CRITERIA_COLUMNS["title"],
    # "Điểm" alone is not taken for the maximum here: under a group «Thẩm định lần 1» it is
    # the appraised points.
    "maximum": [word for word in CRITERIA_COLUMNS["maximum"] if word != "diem"],
    "self_score": [
        "diem tu cham",
        "diem tu danh gia",
        "tu cham",
        "tu danh gia",
        "xa tu cham",
        "diem xa tu cham",
        "ket qua tu cham",
        "ket qua tu danh gia",
    ],
    "appraised": _APPRAISED_WORDS,
    "appraised_1": _per_round(_APPRAISED_WORDS, 1),
    "appraised_2": _per_round(_APPRAISED_WORDS, 2),
    "note": NOTE_WORDS,
}
APPRAISED_KEYS = ("appraised", "appraised_1", "appraised_2")
ROUND = re.compile(r"\blan (?:thu )?(1|2|i|ii|nhat|hai)\b")
ROUND_NUMBERS = {"1": 1, "i": 1, "nhat": 1, "2": 2, "ii": 2, "hai": 2}
TITLE_ROUND = re.compile(r"\btham dinh\b.*?\blan (?:thu )?(1|2|i|ii|nhat|hai)\b")


def appraisal_header(ws: Worksheet) -> HeaderMatch | None:
    header = find_header(ws, APPRAISAL_COLUMNS, {"number"})
    if header is None or not any(key in header.columns for key in APPRAISED_KEYS):
        return None
    return header
