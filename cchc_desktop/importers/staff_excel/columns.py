"""The layout of a staff list: the headers each column goes by, and the header found."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from cchc_desktop.core.staff import LEVEL_ATTRIBUTES
from cchc_desktop.importers.sheet import HeaderMatch, find_header, header_key_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

STAFF_COLUMNS: dict[str, list[str]] = {
    "number": ["stt", "tt", "so tt", "so thu tu"],
    "full_name": ["ho va ten", "ho ten", "ho va ten khai sinh", "ho, chu dem va ten"],
    "gender": ["gioi tinh"],
    "birth": [
        "ngay sinh",
        "ngay thang nam sinh",
        "ngay, thang, nam sinh",
        "nam sinh",
        "sinh ngay",
    ],
    # Vietnamese HR forms: the birth date is written under «Nam» or «Nữ».
    "birth_male": ["nam"],
    "birth_female": ["nu"],
    "ethnicity": ["dan toc"],
    "position": [
        "chuc vu",
        "chuc danh",
        "vi tri viec lam",
        "chuc vu, chuc danh",
        "chuc danh, vi tri viec lam",
        "chuc vu hoac chuc danh",
    ],
    "department": [
        "phong",
        "bo phan",
        "phong ban",
        "don vi cong tac",
        "don vi",
        "noi cong tac",
        "co quan, don vi",
    ],
    "category": ["doi tuong", "can bo/cong chuc", "can bo, cong chuc", "phan loai", "loai"],
    "started_on": [
        "ngay bo nhiem",
        "ngay giu chuc danh",
        "thoi gian giu chuc danh",
        "ngay bat dau giu chuc danh",
        "thoi gian bo nhiem",
        "ngay giu chuc vu",
        "thoi gian giu chuc vu",
        "ngay bau",
    ],
    "general_education": [
        "van hoa",
        "giao duc pho thong",
        "trinh do van hoa",
        "trinh do giao duc pho thong",
        "gdpt",
    ],
    "professional": [
        "trinh do chuyen mon",
        "chuyen mon",
        "trinh do chuyen mon nghiep vu",
        "chuyen mon nghiep vu",
        "trinh do dao tao",
    ],
    "field_of_study": ["chuyen nganh", "chuyen nganh dao tao", "nganh dao tao", "nganh"],
    "political_theory": [
        "ly luan chinh tri",
        "llct",
        "trinh do ly luan chinh tri",
        "chinh tri",
        "ly luan ct",
        "ly luan",
    ],
    "state_management": [
        "quan ly nha nuoc",
        "qlnn",
        "trinh do quan ly nha nuoc",
        "quan ly nn",
        "ql nha nuoc",
    ],
    "it": ["tin hoc", "trinh do tin hoc"],
    "foreign_language": ["ngoai ngu", "trinh do ngoai ngu"],
    "ethnic_language": ["tieng dan toc", "tieng dan toc thieu so"],
    "notes": ["ghi chu"],
}
# «Nam» / «Nữ» count only as the whole header text ("Năm vào Đảng" is not «Nam»).
_EXACT_ONLY = {"birth_male": {"nam"}, "birth_female": {"nu"}}
# Which column an Official field was read from (to say where a problem is).
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("full_name",),
    "gender": ("gender", "birth_male", "birth_female"),
    "birth": ("birth", "birth_male", "birth_female"),
    "ethnicity": ("ethnicity",),
    "position": ("position",),
    "department": ("department",),
    "category": ("category", "position"),
    "started_on": ("started_on",),
    "field_of_study": ("field_of_study", "professional"),
    "notes": ("notes",),
    **{key: (key,) for key in LEVEL_ATTRIBUTES},
}


def staff_header(ws: Worksheet) -> HeaderMatch | None:
    """The header of a staff list: «Họ và tên» and at least one other column."""
    header = find_header(ws, STAFF_COLUMNS, {"full_name"})
    if header is None:
        return None
    columns, labels = dict(header.columns), dict(header.labels)
    for key, allowed in _EXACT_ONLY.items():
        if key in labels and header_key_text(labels[key]) not in allowed:
            del columns[key], labels[key]
    if len(columns) < 2 or set(columns) <= {"number", "full_name"}:
        return None
    return replace(header, columns=columns, labels=labels)
