"""The layout of a criteria sheet: the headers each column goes by, and the header found."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc_desktop.importers.sheet import HeaderMatch, find_header

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


CRITERIA_COLUMNS: dict[str, list[str]] = {
    "number": ["stt", "tt", "so tt", "so thu tu", "ma", "ma so"],
    "title": [
        "noi dung tieu chi",
        "tieu chi",
        "noi dung",
        "ten tieu chi",
        "cac tieu chi",
        "linh vuc, tieu chi",
        "linh vuc tieu chi",
        "tieu chi, tieu chi thanh phan",
        "noi dung danh gia",
        "noi dung cham diem",
        "chi so",
    ],
    "maximum": [
        "diem toi da",
        "diem chuan",
        "thang diem",
        "diem",
        "so diem toi da",
        "diem so toi da",
        "muc diem toi da",
        "diem toi da duoc cham",
    ],
    "method": ["cach cham", "cach cham diem", "hinh thuc cham", "hinh thuc cham diem"],
    "guidance": [
        "huong dan cham diem",
        "huong dan cham",
        "huong dan",
        "phuong phap cham",
        "phuong phap cham diem",
        "phuong phap danh gia",
        "cach thuc cham diem",
        "yeu cau",
    ],
    "evidence": [
        "tai lieu kiem chung",
        "tai lieu",
        "tai lieu minh chung",
        "minh chung",
        "ho so kiem chung",
        "tai lieu, ho so kiem chung",
    ],
    "notes": ["ghi chu"],
    # A scoring sheet's own columns: recognised so that they are not taken for the maximum.
    "score": [
        "diem tu cham",
        "diem tu danh gia",
        "tu cham",
        "tu danh gia",
        "diem tham dinh",
        "tham dinh",
        "diem dat duoc",
        "diem dat",
        "diem cham",
        "ket qua",
        "diem danh gia",
    ],
}
REQUIRED_COLUMNS = {"title", "maximum"}


def criteria_header(ws: Worksheet) -> HeaderMatch | None:
    header = find_header(ws, CRITERIA_COLUMNS, REQUIRED_COLUMNS)
    if header is None or not REQUIRED_COLUMNS <= header.columns.keys():
        return None
    return header
