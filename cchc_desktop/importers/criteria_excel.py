"""A province's criteria set (bộ tiêu chí Chỉ số CCHC cấp xã) read from its Excel sheet.

Only reads: :func:`read_criteria_workbook` finds the table (STT | Nội dung tiêu chí
| Điểm tối đa | Hướng dẫn chấm điểm | Tài liệu kiểm chứng …) below any title block,
builds the tree from the numbering in STT and checks it with
:func:`~cchc_desktop.core.criteria.validate_criteria_set`. Every problem names the
sheet, the row and the column letter, in Vietnamese, so that it can be fixed in
Excel; the set is given only when there is none.

The hierarchy follows the numbering styles in the order they first appear, as an
outline: Roman numerals ("I", "Phần I", "Lĩnh vực I"), Arabic numbers by their
depth of dots ("1", "1.1", "1.1.2"), letters ("a)", "b."). A style already open
closes everything below it; a new style goes one level deeper. Lines with a
bullet ("-", "+", "•") or no STT are continuation lines: their text is added to
the guidance of the line above, never a node of their own. When criteria are
numbered from 1 again in each field, the codes are made unique with the
field's code ("II.1"); a letter's code is its parent's plus the letter ("3.a").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from cchc_desktop.core.criteria import (
    DEFAULT_BANDS,
    ZERO,
    AssessedBy,
    AutoSource,
    Band,
    CriteriaSet,
    Criterion,
    Decision,
    Method,
    MethodKind,
    PointsError,
    RatioBand,
    format_points,
    parse_points,
    validate_criteria_set,
)
from cchc_desktop.core.tasks import guess_field
from cchc_desktop.core.text import fold_for_search, normalize_text, parse_date
from cchc_desktop.importers.sheet import (
    HEADING_NUMBER,
    SIGNATURE_LINE,
    HeaderMatch,
    ImportFileError,
    TableCell,
    cell_text,
    find_header,
    header_key_text,
    is_column_numbering,
    is_end_of_table,
    last_value_row,
    merged_origin_map,
    open_workbook,
    sheets_with_header,
    table_row,
)

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

_BULLETS = "-+•–—·*▪◦"
_DOTTED = re.compile(r"(?:(?P<roman>[IVX]+)\.)?(?P<digits>\d+(?:\.\d+)*)(?:\.(?P<letter>[a-zđ]))?")
_LETTER = re.compile(r"[a-zđ]")
_PART = re.compile(r"(?i:phần|phan|lĩnh vực|linh vuc)\s+(\S+)")
# A number written at the start of a title ("I. CÔNG TÁC CHỈ ĐẠO", "Lĩnh vực II: …", "a) …").
_LEADING_FIELD = re.compile(
    r"(?P<number>(?i:phần|lĩnh vực)\s+\S+?|[IVX]+)\s*[.):\-–]\s*(?P<rest>\S.*)"
)
_LEADING_NUMBER = re.compile(r"(?P<number>\d+(?:\.\d+)*|[a-zđ])\s*[.)]\s*(?P<rest>\S.*)")
_POINTS_IN_TITLE = re.compile(
    r"\s*\(\s*(?i:tối đa|tổng)?\s*:?\s*(?P<points>\d+(?:[.,]\d{1,2})?)\s*(?i:điểm|đ)\s*\)\s*$"
)
_TOTAL_WORDS = ("tong cong", "tong diem", "tong so diem")
_TOTAL_EXACT = {"tong", "cong", "tong so"}
_DATE_LINE = re.compile(r"[^,]{0,60},\s*ngay\s*[\d.…\s]*thang\s*[\d.…\s]*nam\s*[\d.…\s]*")
_DECISION = re.compile(r"(?i:quyết định|qđ)\s*(?i:số)?\s*:?\s*(?P<number>[^\s,;()]*\d[^\s,;()]*)")
_DECISION_DATE = re.compile(
    r"(?i:ngày)\s*(?:(?P<d>\d{1,2}/\d{1,2}/\d{4})|(?P<day>\d{1,2})\s*(?i:tháng)\s*(?P<month>\d{1,2})"
    r"\s*(?i:năm)\s*(?P<year>\d{4}))"
)
_DECISION_ISSUER = re.compile(r"\s(?i:của)\s+(?P<issuer>[^)]+?)\s*\)?\s*$")
_PROVINCE_LINE = re.compile(r"(?i:tỉnh, thành phố|tỉnh/thành phố)\s*:\s*(?P<province>.+)")
_YEARS_LINE = re.compile(r"(?i:năm áp dụng|áp dụng năm|áp dụng từ năm)\s*:?\s*(?P<years>.+)")
_RATIO_BAND = re.compile(
    r"(?:(?:≥|>=|từ)\s*(?P<min>\d+(?:[.,]\d+)?)|dưới\s*\d+(?:[.,]\d+)?)\s*%\s*:\s*"
    r"(?P<points>\d+(?:[.,]\d+)?)\s*(?:điểm)?"
)
_NOTE_LINE = re.compile(r"\*?\s*(?i:ghi chú)\s*:\s*")
_BANDS_LINE = re.compile(r"(?i:xếp loại)\s*:\s*(?P<bands>.+)")
_NUM = r"\d+(?:[.,]\d+)?"
_UNIT = r"\s*(?:%|điểm)?"
_BAND_TOP = re.compile(rf"(?P<name>.+?)\s*:?\s*(?:≥|>=|từ)\s*(?P<min>{_NUM}){_UNIT}(?:\s*trở lên)?")
_BAND_RANGE = re.compile(
    rf"(?P<name>.+?)\s*:?\s+(?:từ\s+)?(?P<min>{_NUM}){_UNIT}\s*(?:đến dưới|-|–)\s*{_NUM}{_UNIT}"
)
_BAND_BOTTOM = re.compile(rf"(?P<name>.+?)\s*:?\s+dưới\s+{_NUM}{_UNIT}")
_SKIPPED_TITLE_LINES = (
    "cong hoa xa hoi chu nghia",
    "doc lap",
    "so:",
    "phu luc",
    "mau so",
    "bieu mau",
    "bieu so",
)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CriteriaProblem:
    """Something wrong (or worth saying) in the sheet, said so that it can be found in Excel."""

    sheet: str
    row: int | None  # 1-based Excel row; None for the sheet as a whole
    column: str | None  # column letter ("C"), or None for the whole row
    message: str  # Vietnamese

    @property
    def text(self) -> str:
        """ "Trang «Tiêu chí», dòng 14, cột C: «2,5đ» không phải là số điểm." """
        where = [f"Trang «{self.sheet}»"]
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột {self.column}")
        return f"{', '.join(where)}: {self.message}"

    def __str__(self) -> str:
        return self.text


@dataclass
class CriteriaReading:
    """What the sheet holds: the set (only when it has no error), the problems, where it was."""

    path: Path
    sheet: str = ""
    header: HeaderMatch | None = None
    criteria_set: CriteriaSet | None = None
    errors: list[CriteriaProblem] = field(default_factory=list)
    warnings: list[CriteriaProblem] = field(default_factory=list)
    rows_read: int = 0  # table rows read: criteria and their continuation lines
    rows: dict[str, int] = field(default_factory=dict)  # code -> the Excel row of that node

    @property
    def ok(self) -> bool:
        return self.criteria_set is not None and not self.errors


# --------------------------------------------------------------------------- reading


def read_criteria_workbook(path: str | Path, *, sheet_name: str | None = None) -> CriteriaReading:
    """Read the criteria set of the sheet ``sheet_name``, else of the first visible sheet
    that has the table's header («Nội dung tiêu chí» and «Điểm tối đa»).

    The set has an empty ``uuid`` and ``family`` and version 1, for the caller to
    fill; its name comes from the title rows above the table, else the file name.
    Raises :class:`ImportFileError` when the file cannot be opened, has no such
    sheet or header, or the table holds no criterion. Nothing is written.
    """
    path = Path(path)
    workbook = open_workbook(path)
    try:
        found = sheets_with_header(
            workbook,
            path,
            sheet_name,
            _criteria_header,
            "Không tìm thấy dòng tiêu đề của bảng tiêu chí (cần cột «Nội dung tiêu chí» và "
            "cột «Điểm tối đa»)",
        )
        ws, header = found[0]
        reading = CriteriaReading(path=path, sheet=ws.title, header=header)
        if len(found) > 1:
            others = ", ".join(f"«{other.title}»" for other, _ in found[1:])
            reading.warnings.append(
                CriteriaProblem(
                    ws.title,
                    None,
                    None,
                    f"Tệp có bảng tiêu chí ở nhiều trang; chỉ đọc trang «{ws.title}» "
                    f"(không đọc {others}).",
                )
            )
        _SheetReader(ws, header, reading).read()
    finally:
        workbook.close()
    return reading


def _criteria_header(ws: Worksheet) -> HeaderMatch | None:
    header = find_header(ws, CRITERIA_COLUMNS, REQUIRED_COLUMNS)
    if header is None or not REQUIRED_COLUMNS <= header.columns.keys():
        return None
    return header


# --------------------------------------------------------------------------- numbering


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
    if all(ch in _BULLETS for ch in raw.replace(" ", "")):
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


# --------------------------------------------------------------------------- values


def read_maximum(value: object) -> Decimal | None:
    """A maximum cell: a number, or text such as "2,5", "2.5", "0,5 điểm"; None when empty.

    Raises ``PointsError`` (Vietnamese) otherwise.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise PointsError(f"«{cell_text(value)}» không phải là số điểm.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        rounded = round(value, 2)
        if abs(value - rounded) > 1e-9:
            raise PointsError("Điểm chỉ ghi đến hai chữ số thập phân (ví dụ 0,25).")
        number = Decimal(repr(rounded))
        return number.normalize() if number else ZERO
    if isinstance(value, Decimal):
        return value
    return parse_points(str(value))


def multiline_text(value: object) -> str:
    """A cell's text keeping its lines (each line normalized), blank lines at the ends dropped."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return cell_text(value)
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def _folded(text: str) -> str:
    return fold_for_search(text)


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
    folded = _folded(text).rstrip(" :.")
    return folded in _TOTAL_EXACT or folded.startswith(_TOTAL_WORDS)


_METHOD_LABELS = {_folded(kind.label): kind for kind in MethodKind}


def read_method(text: str) -> Method | None:
    """The «Cách chấm» column as the export writes it: a method's label, then its details.

    «Chấm theo các mức điểm quy định: 0; 0,5; 1» gives the steps; «Tính theo tỷ lệ
    …: tử số / mẫu số; ≥ 100%: 2 điểm; dưới 100%: 0 điểm» the ratio and its bands;
    «Tự động từ dữ liệu của xã: <nguồn>; <mức>» the source and bands. Details that
    cannot be read leave the method without them (the caller falls back to manual
    scoring). None when the text is no method's label: it is then guidance.
    """
    folded = _folded(text)
    if not folded:
        return None
    for label, kind in _METHOD_LABELS.items():
        if folded == label or folded.startswith((label + ":", label + " ")):
            details = text.split(":", 1)[1] if folded != label and ":" in text else ""
            return _method_details(kind, [normalize_text(p) for p in details.split(";")])
    for words, kind in (
        (("diem thuong",), MethodKind.BONUS),
        (("diem tru", "tru diem"), MethodKind.PENALTY),
        (("dieu tra xa hoi hoc",), MethodKind.SURVEY),
    ):
        if folded.startswith(words):
            return Method(kind=kind)
    return None


def _method_details(kind: MethodKind, parts: list[str]) -> Method:
    parts = [p for p in parts if p]
    try:
        if kind == MethodKind.STEPS:
            return Method(kind=kind, steps=tuple(_points_of(p) for p in parts))
        if kind == MethodKind.RATIO and parts and " / " in parts[0]:
            numerator, denominator = (normalize_text(t) for t in parts[0].split(" / ", 1))
            return Method(
                kind=kind,
                numerator=numerator,
                denominator=denominator,
                bands=_ratio_bands(parts[1:]),
            )
        if kind == MethodKind.AUTO and parts:
            sources = {_folded(source.label): source for source in AutoSource}
            source = sources.get(_folded(parts[0]))
            if source is not None:
                return Method(kind=kind, source=source, bands=_ratio_bands(parts[1:]))
    except (PointsError, ValueError):
        pass
    return Method(kind=kind)


def _points_of(text: str) -> Decimal:
    value = parse_points(text)
    if value is None:
        raise ValueError(text)
    return value


def _ratio_bands(parts: list[str]) -> tuple[RatioBand, ...]:
    """ "≥ 90%: 1 điểm", "dưới 90%: 0 điểm" (as ``Method.bands_text`` writes them)."""
    bands = []
    for part in parts:
        match = _RATIO_BAND.fullmatch(part)
        if match is None:
            raise ValueError(part)
        low = _points_of(match.group("min")) if match.group("min") else ZERO
        bands.append(RatioBand(low, _points_of(match.group("points"))))
    if not bands:
        raise ValueError("no bands")
    return tuple(sorted(bands, key=lambda b: b.min_percent, reverse=True))


def _method_of_texts(titles: list[str], guidance: str) -> MethodKind | None:
    """Bonus or penalty, from a leaf's title, its parents' titles or its guidance's start."""
    folded_titles = [_folded(t) for t in titles]
    start = _folded(guidance)[:20]
    if any("diem thuong" in t for t in folded_titles) or start.startswith("diem thuong"):
        return MethodKind.BONUS
    if any("diem tru" in t or "tru diem" in t for t in folded_titles) or start.startswith(
        "diem tru"
    ):
        return MethodKind.PENALTY
    return None


# --------------------------------------------------------------------------- the tree


@dataclass
class _Node:
    row: int
    number: Numbering
    code: str
    title: str
    maximum: Decimal | None = None
    unreadable: bool = False  # its maximum could not be read (already reported)
    guidance: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    method: Method | None = None  # from «Cách chấm», or from the words
    method_text: str = ""
    survey: bool = False  # in a field of survey points (điều tra xã hội học)
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)

    def walk(self) -> Iterator[_Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def ancestors(self) -> Iterator[_Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def tainted(self) -> bool:
        """Its maximum, or one it is checked against, could not be read."""
        return any(n.unreadable for n in self.walk())


class _SheetReader:
    def __init__(self, ws: Worksheet, header: HeaderMatch, reading: CriteriaReading) -> None:
        from openpyxl.utils import get_column_letter

        self.ws = ws
        self.header = header
        self.reading = reading
        self.origins = merged_origin_map(ws)
        # The title first among equals: a range merged across the row gives it its text.
        self.keys = sorted(header.columns, key=lambda k: (k != "title", header.columns[k]))
        self.letters = {key: get_column_letter(col) for key, col in header.columns.items()}
        self.title_label = header_key_text(header.labels["title"])
        self.fields: list[_Node] = []
        self.stack: list[_Node] = []
        self.last: _Node | None = None  # the node continuation lines add to
        self.after_total = False
        self.totals: list[tuple[int, Decimal, Decimal | None]] = []  # row, total, field max
        self.bands: tuple[Band, ...] = ()
        self.note = ""

    # --- problems

    def _problem(self, row: int | None, key: str | None, message: str) -> CriteriaProblem:
        column = self.letters.get(key) if key else None
        return CriteriaProblem(self.ws.title, row, column, message)

    def error(self, row: int | None, key: str | None, message: str) -> None:
        self.reading.errors.append(self._problem(row, key, message))

    def warn(self, row: int | None, key: str | None, message: str) -> None:
        self.reading.warnings.append(self._problem(row, key, message))

    # --- rows

    def _cells(self, row: int) -> dict[str, TableCell]:
        return table_row(self.ws, row, self.header.columns, self.keys, self.origins)

    def read(self) -> None:
        for row in range(self.header.row + 1, last_value_row(self.ws) + 1):
            cells = self._cells(row)
            filled = {k: c for k, c in cells.items() if c.value is not None}
            if not filled or all(c.continued for c in filled.values()):
                continue
            if is_end_of_table(cells) or self._is_signature(cells):
                self._note(cells)
                break
            if is_column_numbering(
                filled, self.header.columns, len(self.keys)
            ) or self._is_repeated_header(cells):
                continue
            self._row(row, cells)
        self._finish()

    def _note(self, cells: Mapping[str, TableCell]) -> None:
        """ "Ghi chú: …" below the table (where the export writes the set's note)."""
        for cell in cells.values():
            text = multiline_text(cell.value)
            if not cell.continued and _NOTE_LINE.match(text):
                self.note = _NOTE_LINE.sub("", text, count=1).strip()
                return

    def _text(self, cells: Mapping[str, TableCell], key: str) -> str:
        cell = cells.get(key)
        if cell is None or cell.continued:
            return ""
        return cell.text

    def _is_signature(self, cells: Mapping[str, TableCell]) -> bool:
        """ "Nơi nhận:" typed in the STT column, or the place and date above the signature
        ("Lai Châu, ngày 15 tháng 01 năm 2024"): the end of the table."""
        number = self._text(cells, "number")
        if number:
            return SIGNATURE_LINE.match(_folded(number) + " ") is not None
        return any(
            _DATE_LINE.fullmatch(_folded(cell.text))
            for cell in cells.values()
            if isinstance(cell.value, str) and not cell.continued
        )

    def _is_repeated_header(self, cells: Mapping[str, TableCell]) -> bool:
        title = cells["title"].value
        return isinstance(title, str) and header_key_text(title) == self.title_label

    def _row(self, row: int, cells: Mapping[str, TableCell]) -> None:
        number_text = self._text(cells, "number")
        title = self._text(cells, "title")
        if is_total(number_text) or (not number_text and is_total(title)):
            self._total(row, cells)
            return
        if not number_text and (match := _BANDS_LINE.fullmatch(title)):
            self._bands(row, match.group("bands"))
            return

        number: Numbering | None = None
        if number_text:
            number = read_number(number_text)
            if number is None:
                split = split_leading_number(number_text, fields_only=False)
                if split is not None and not title:
                    number, title = split  # "I. CÔNG TÁC CHỈ ĐẠO" typed into the STT cell
                elif number_text[0] in _BULLETS:
                    self._continuation(row, cells, prefix=number_text)
                    return
                else:
                    self.error(
                        row,
                        "number",
                        f"Số thứ tự «{number_text}» không đọc được (ví dụ đúng: I, 1, 1.1, a).",
                    )
                    return
        elif title:
            spans_number = "number" not in self.header.columns or (
                cells["title"].origin[1] < self.header.columns["title"]
            )
            has_maximum = bool(self._text(cells, "maximum"))
            split = split_leading_number(title, fields_only=not (spans_number or has_maximum))
            if split is not None:
                number, title = split

        if number is None or number.style == "-":
            self._continuation(row, cells, prefix=number_text)
            return
        if not title and not self._text(cells, "maximum"):
            return  # an STT typed in advance for a row still empty
        self._node(row, number, title, cells)

    def _node(
        self, row: int, number: Numbering, title: str, cells: Mapping[str, TableCell]
    ) -> None:
        self.after_total = False
        node = _Node(row=row, number=number, code=number.code, title=title)
        maximum_cell = cells.get("maximum")
        if maximum_cell is not None and maximum_cell.value is not None:
            if maximum_cell.continued:
                self.warn(
                    row,
                    "maximum",
                    "Ô điểm tối đa được gộp với dòng trên; dòng này coi như không ghi điểm.",
                )
            else:
                try:
                    node.maximum = read_maximum(maximum_cell.value)
                except PointsError as exc:
                    node.unreadable = True
                    self.error(row, "maximum", str(exc))
        if node.maximum is None and not node.unreadable and (m := _POINTS_IN_TITLE.search(title)):
            node.maximum = parse_points(m.group("points"))  # "Công tác chỉ đạo (16 điểm)"
            node.title = title[: m.start()].strip()
        if text := self._multiline(cells, "method"):
            method = read_method(text)
            if method is None:
                node.guidance.append(text)  # a province's own words on how to score
            else:
                node.method, node.method_text = method, text
        for key in ("guidance", "notes"):
            if text := self._multiline(cells, key):
                node.guidance.append(text)
        if text := self._multiline(cells, "evidence"):
            node.evidence.append(text)
        self._place(node)
        self.last = node
        self.reading.rows_read += 1

    def _multiline(self, cells: Mapping[str, TableCell], key: str) -> str:
        cell = cells.get(key)
        if cell is None or cell.continued:
            return ""
        return multiline_text(cell.value)

    def _place(self, node: _Node) -> None:
        """Into the outline: a style already open closes what is below it."""
        close_outline(self.stack, node.number)
        parent = self.stack[-1] if self.stack else None
        node.parent = parent
        if node.number.local_letter and parent is not None:
            node.code = f"{parent.code}.{node.number.code}"
        (parent.children if parent is not None else self.fields).append(node)
        self.stack.append(node)

    def _continuation(self, row: int, cells: Mapping[str, TableCell], prefix: str) -> None:
        title = self._text(cells, "title")
        line = f"{prefix} {title}".strip() if prefix and title else (title or prefix)
        guidance = [
            t for t in (self._multiline(cells, k) for k in ("method", "guidance", "notes")) if t
        ]
        evidence = self._multiline(cells, "evidence")
        maximum_text = self._text(cells, "maximum")
        if not (line or guidance or evidence):
            return
        if self.last is None or self.after_total:
            if not self.after_total:
                self.warn(row, "title", "Dòng không có số thứ tự ở trên tiêu chí đầu tiên: bỏ qua.")
            return
        if maximum_text and line:
            try:
                points = f"{format_points(read_maximum(cells['maximum'].value))} điểm"
            except PointsError:
                points = maximum_text
            line = f"{line}: {points}"
            self.warn(
                row,
                "maximum",
                "Dòng có điểm nhưng không có số thứ tự: ghi vào hướng dẫn chấm của tiêu chí "
                f"«{self.last.code}» (dòng {self.last.row}), không thành tiêu chí riêng.",
            )
        if line:
            self.last.guidance.append(line)
        self.last.guidance.extend(guidance)
        if evidence:
            self.last.evidence.append(evidence)
        self.reading.rows_read += 1

    def _total(self, row: int, cells: Mapping[str, TableCell]) -> None:
        self.after_total = True
        cell = cells.get("maximum")
        if cell is None or cell.value is None or cell.continued:
            return  # a formula saved without its value, or no total written
        try:
            total = read_maximum(cell.value)
        except PointsError as exc:
            self.error(row, "maximum", f"Dòng tổng cộng: {exc}")
            return
        if total is not None:
            current = self.fields[-1].maximum if self.fields else None
            self.totals.append((row, total, current))

    def _bands(self, row: int, text: str) -> None:
        bands: list[Band] = []
        for part in text.split(";"):
            part = normalize_text(part).rstrip(".")
            if not part:
                continue
            match = _BAND_TOP.fullmatch(part) or _BAND_RANGE.fullmatch(part)
            if match is not None:
                bands.append(
                    Band(match.group("name"), Decimal(match.group("min").replace(",", ".")))
                )
            elif match := _BAND_BOTTOM.fullmatch(part):
                bands.append(Band(match.group("name"), ZERO))
            else:
                self.warn(row, "title", f"Không đọc được mức xếp loại «{part}»: dùng mức mặc định.")
                return
        names = [band.name for band in bands]
        if ZERO not in {band.min_percent for band in bands} or len(set(names)) != len(names):
            self.warn(
                row,
                "title",
                "Các mức xếp loại phải có tên khác nhau và có một mức bắt đầu từ 0: dùng các mức "
                "mặc định.",
            )
            return
        self.bands = tuple(bands)

    # --- the set

    def _finish(self) -> None:
        sheet = self.ws.title
        if not self.fields:
            if self.reading.errors:
                return
            raise ImportFileError(
                f"Trang «{sheet}» có dòng tiêu đề của bảng tiêu chí (dòng {self.header.row}) "
                "nhưng không có tiêu chí nào có số thứ tự (I, 1, 1.1, a) ở bên dưới."
            )
        self._unique_codes()
        self._methods()
        rows: dict[str, list[int]] = {}
        for node in (n for f in self.fields for n in f.walk()):
            rows.setdefault(node.code, []).append(node.row)
        self.reading.rows = {code: found[0] for code, found in rows.items()}
        by_code = {n.code: n for f in self.fields for n in f.walk()}  # the last of equal codes

        criteria = tuple(self._criterion(f) for f in self.fields)
        title_lines = self._title_lines()
        criteria_set = CriteriaSet(
            uuid="",
            family="",
            version=1,
            name=_name(title_lines) or self.reading.path.stem,
            fields=criteria,
            province=_province(title_lines),
            years=_years(title_lines),
            decision=_decision(title_lines),
            bands=self.bands or DEFAULT_BANDS,
            note=self.note,
        )
        for key, message in validate_criteria_set(criteria_set).items():
            if key.startswith("node:"):
                named = by_code.get(key[5:])
                if named is None:
                    self.error(None, None, message)
                elif not named.tainted:
                    self.error(named.row, self._column_of(named), message)
            else:
                self.error(None, None, message)
        self._check_totals(criteria_set)
        if not self.reading.errors:
            self.reading.criteria_set = criteria_set

    def _title_lines(self) -> list[str]:
        """The texts above the header, row by row, left to right."""
        lines: list[str] = []
        for row in range(1, self._header_top()):
            for column in range(1, min(self.ws.max_column, 64) + 1):
                value = self.ws.cell(row=row, column=column).value
                if isinstance(value, str) and value.strip():
                    lines.append(normalize_text(value))
        return lines

    def _header_top(self) -> int:
        """The first row of the header (it may be merged over two rows, or grouped)."""
        top = self.header.row
        for column in self.header.columns.values():
            top = min(top, self.origins.get((self.header.row, column), (top, column))[0])
        if any(" – " in label for label in self.header.labels.values()):
            top = min(top, self.header.row - 1)  # "Điểm – Tối đa": a group over sub-headers
        return top

    def _column_of(self, node: _Node) -> str:
        """The column a validation message about ``node`` points at."""
        codes = Counter(n.code for f in self.fields for n in f.walk())
        if not node.code or codes[node.code] > 1:
            return "number"
        if not node.title:
            return "title"
        if node.children or node.maximum is None or node.maximum <= 0:
            return "maximum"
        return "method" if "method" in self.header.columns else "maximum"

    def _unique_codes(self) -> None:
        """Criteria numbered from 1 again in each field: prefix every code with its parent's."""
        codes = Counter(n.code for f in self.fields for n in f.walk())
        if all(count == 1 for count in codes.values()):
            return

        def qualify(node: _Node, parent_old: str | None, parent_new: str | None) -> None:
            old = node.code
            if parent_old is not None and parent_new is not None:
                if old.startswith(parent_old + "."):
                    node.code = parent_new + old[len(parent_old) :]
                else:
                    node.code = f"{parent_new}.{old}"
            for child in node.children:
                qualify(child, old, node.code)

        for f in self.fields:
            qualify(f, None, None)
        self.warn(
            None,
            None,
            "Số thứ tự tiêu chí được đánh lại từ đầu trong mỗi lĩnh vực: mã tiêu chí được ghi "
            "kèm mã của tiêu chí cha (ví dụ «II.1»).",
        )

    def _methods(self) -> None:
        """The method of each leaf: «Cách chấm» when it says, else from the words."""
        for f in self.fields:
            survey_field = any(
                w in _folded(f.title) for w in ("dieu tra xa hoi hoc", "khao sat", "dieu tra xhh")
            )
            for node in f.walk():
                node.survey = survey_field or any(
                    "dieu tra xa hoi hoc" in _folded(n.title) for n in (node, *node.ancestors())
                )
                if node.children or node.method is not None:
                    continue
                titles = [node.title, *(n.title for n in node.ancestors())]
                kind = _method_of_texts(titles, "\n".join(node.guidance))
                if kind is None and node.survey:
                    kind = MethodKind.SURVEY
                if kind is not None:
                    node.method = Method(kind=kind)

    def _criterion(self, node: _Node) -> Criterion:
        children = tuple(self._criterion(c) for c in node.children)
        method: Method | None = None
        if children:
            # A parent is assessed by survey when everything under it is.
            by_survey = all(c.assessed_by == AssessedBy.SURVEY for c in children)
        else:
            method = node.method or Method()
            incomplete = (method.kind == MethodKind.STEPS and not method.steps) or (
                method.kind in (MethodKind.RATIO, MethodKind.AUTO) and not method.bands
            )
            if incomplete:
                self.warn(
                    node.row,
                    "method",
                    f"Không đọc được chi tiết của cách chấm «{node.method_text}»: tiêu chí "
                    f"«{node.code}» để «{MethodKind.MANUAL.label}»; hãy đặt lại cách chấm "
                    "trong chương trình.",
                )
                method = Method()
            by_survey = method.kind == MethodKind.SURVEY
        maximum = node.maximum
        if maximum is not None and maximum < 0 and method and method.kind == MethodKind.PENALTY:
            maximum = -maximum  # "-2": a penalty of at most 2 points
        if maximum is None:
            if children:
                maximum = sum((c.counted_maximum() for c in children), ZERO)
            else:
                maximum = ZERO
                if not node.unreadable:
                    node.unreadable = True  # said here, not again by the validation
                    self.error(node.row, "maximum", "Thiếu điểm tối đa.")
        return Criterion(
            code=node.code,
            title=normalize_text(node.title),
            maximum=maximum,
            guidance="\n".join(node.guidance).strip(),
            evidence="\n".join(node.evidence).strip(),
            assessed_by=AssessedBy.SURVEY if by_survey else AssessedBy.SELF,
            method=method,
            field_code=guess_field(node.title) if node.parent is None else None,
            children=children,
        )

    def _check_totals(self, criteria_set: CriteriaSet) -> None:
        if any(f.tainted for f in self.fields):
            return
        total = criteria_set.total
        for row, written, field_maximum in self.totals:
            if written == total or (len(self.fields) > 1 and written == field_maximum):
                continue  # the whole, or a field's subtotal ("Cộng")
            self.error(
                row,
                "maximum",
                f"Dòng tổng cộng ghi {format_points(written)} điểm nhưng tổng điểm tối đa của "
                f"các lĩnh vực là {format_points(total)} điểm.",
            )


# --------------------------------------------------------------------------- title rows


def _is_other_title_line(text: str) -> bool:
    folded = _folded(text)
    return (
        folded.startswith(_SKIPPED_TITLE_LINES)
        or folded.startswith(("uy ban nhan dan", "ubnd", "(ban hanh", "(kem theo", "ban hanh kem"))
        or _DATE_LINE.fullmatch(folded) is not None
        or _is_decision_line(text)
        or _YEARS_LINE.match(text) is not None
        or _province_of_line(text) is not None
    )


def _name(lines: list[str]) -> str:
    """The set's name: the title line naming «tiêu chí» or «chỉ số», else the first title."""
    candidates = [i for i, line in enumerate(lines) if not _is_other_title_line(line)]
    if not candidates:
        return ""
    chosen = next(
        (i for i in candidates if any(w in _folded(lines[i]) for w in ("tieu chi", "chi so"))),
        candidates[0],
    )
    name = lines[chosen]
    following = chosen + 1
    # A name printed over two lines in capitals: "BỘ TIÊU CHÍ …" / "ĐỐI VỚI UBND CẤP XÃ".
    if (
        following in candidates
        and name == name.upper()
        and lines[following] == lines[following].upper()
    ):
        name = f"{name} {lines[following]}"
    return normalize_text(name)


def _province_of_line(text: str) -> str | None:
    """ "UBND TỈNH LAI CHÂU" → "Tỉnh Lai Châu"; "Tỉnh, thành phố: …" → as written."""
    from cchc_desktop.core.profile import province_names

    if match := _PROVINCE_LINE.fullmatch(text):
        written = normalize_text(match.group("province"))
        folded_written = _folded(written)
        return next((n for n in province_names() if _folded(n) == folded_written), written)
    folded = _folded(text)
    for prefix in ("uy ban nhan dan ", "ubnd "):
        folded = folded.removeprefix(prefix)
    if not folded.startswith(("tinh ", "thanh pho ")):
        return None
    for name in province_names():
        if _folded(name) == folded:
            return name
    return None


def _province(lines: list[str]) -> str:
    for line in lines:
        if found := _province_of_line(line):
            return found
    return ""


def _is_decision_line(text: str) -> bool:
    """ "(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày … của …)", not a name citing one."""
    folded = _folded(text)
    return _DECISION.search(text) is not None and (
        folded.startswith(("(", "quyet dinh", "qd")) or "kem theo" in folded
    )


def _decision(lines: list[str]) -> Decision:
    for line in lines:
        match = _DECISION.search(line)
        if match is None or not _is_decision_line(line):
            continue
        issued_on = None
        if when := _DECISION_DATE.search(line):
            text = (
                when.group("d") or f"{when.group('day')}/{when.group('month')}/{when.group('year')}"
            )
            try:
                issued_on = parse_date(text)
            except ValueError:
                issued_on = None
        issuer = _DECISION_ISSUER.search(line)
        return Decision(
            number=match.group("number").rstrip(".,;"),
            issued_on=issued_on,
            issuer=normalize_text(issuer.group("issuer")) if issuer else "",
        )
    return Decision()


def _years(lines: list[str]) -> tuple[int, ...]:
    for line in lines:
        if match := _YEARS_LINE.match(line):
            return tuple(int(y) for y in re.findall(r"\d{4}", match.group("years")))
    return ()
