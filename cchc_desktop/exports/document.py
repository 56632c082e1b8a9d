"""A report as data: what the PDF writer and the Excel writer both print.

The builders in :mod:`cchc_desktop.exports.reports` turn the store's records into an
:class:`OfficialDocument`; :mod:`cchc_desktop.exports.pdf_document` lays it out as a
document in the layout of Nghị định 30/2020/NĐ-CP, :mod:`cchc_desktop.exports.excel_document`
writes its tables as a workbook with live formulas and a hidden sheet of machine-readable
data. Neither writer computes anything: every value is the application's own, and a
table says which of its rows are sums of which others (so that Excel can total them with
formulas that give the same values).

Plain Python: no Qt, no reportlab, no openpyxl.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cchc_desktop.core.points import format_percent, format_points
from cchc_desktop.core.text import format_date, format_decimal


class Kind(enum.StrEnum):
    """What a column holds, and so how it is printed and formatted."""

    TEXT = "text"  # str
    INTEGER = "integer"  # int: counts ("1.870" with a thousands dot)
    POINTS = "points"  # Decimal: points ("7,5")
    PERCENT = "percent"  # Decimal, 0–100: "80,3%" (Excel stores the fraction 0.803)
    DATE = "date"  # date: "04/06/2021"


@dataclass(frozen=True)
class Ratio:
    """A column whose value is ``numerator ÷ denominator × 100`` of two columns of the row."""

    numerator: int
    denominator: int


@dataclass(frozen=True)
class Difference:
    """A column whose value is ``later − earlier`` of two columns of the row."""

    later: int
    earlier: int


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: float = 10.0  # in characters, as Excel measures; the PDF shares its width by these
    summed: bool = False  # rows with ``sum_of`` hold the sum of these cells of other rows
    derived: Ratio | Difference | None = None  # computed from other cells of the same row

    @property
    def centred(self) -> bool:
        return self.kind != Kind.TEXT


class RowStyle(enum.StrEnum):
    NORMAL = "normal"
    GROUP = "group"  # a heading row of a group (a field, a parent criterion): bold
    TOTAL = "total"  # a total: bold


@dataclass(frozen=True)
class Term:
    """One row in a sum, counted with its sign (a penalty is deducted)."""

    row: int
    sign: int = 1


@dataclass(frozen=True)
class Row:
    cells: tuple[object, ...]  # None, str, int, Decimal or date, one per column
    style: RowStyle = RowStyle.NORMAL
    sum_of: tuple[Term, ...] = ()  # for summed columns: this row = Σ sign × those rows


@dataclass(frozen=True)
class Table:
    key: str  # ASCII identifier, also in the machine-readable data
    title: str  # printed above the table; upper case in the PDF
    sheet_name: str  # the Excel sheet (at most 31 characters, no []:*?/\)
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    landscape: bool = False  # the PDF prints it on landscape pages
    notes: tuple[str, ...] = ()  # sentences printed under the table
    empty_text: str = "Không có dữ liệu."  # printed instead of rows when there are none


class ParagraphStyle(enum.StrEnum):
    BODY = "body"  # 13–14 pt, justified, first line indented
    HEADING = "heading"  # bold: "I. KẾT QUẢ TỰ ĐÁNH GIÁ"
    SUBHEADING = "subheading"  # bold italic: "1. Về …"
    NOTE = "note"  # italic, a remark


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: ParagraphStyle = ParagraphStyle.BODY


Block = Paragraph | Table


@dataclass(frozen=True)
class Signing:
    """The signing block: ``("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")`` and the signer's name."""

    lines: tuple[str, ...]
    name: str


@dataclass(frozen=True)
class OfficialDocument:
    key: str  # "tu-danh-gia", "nhiem-vu", "chuan-hoa"
    file_stem: str  # the safe ASCII file name, without extension
    parent_lines: tuple[str, ...]  # the superior body, upper case, regular ("UBND TỈNH GIA LAI")
    issuer_lines: tuple[str, ...]  # the issuing body, upper case, bold ("ỦY BAN NHÂN DÂN", …)
    number: str  # "Số:       /BC-UBND"
    place_date: str  # "Vân Canh, ngày 05 tháng 02 năm 2026"
    doc_type: str  # "BÁO CÁO"
    summary: str  # "Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2025"
    blocks: tuple[Block, ...]
    recipients: tuple[str, ...]  # the lines under "Nơi nhận:", the last "- Lưu: VT, …."
    signing: Signing
    data: dict[str, Any] = field(default_factory=dict)  # the machine-readable content
    # Printed after the signature, each on its own pages under "PHỤ LỤC …" (the detailed
    # tables an official report sends "kèm theo"); in the workbook like any other table.
    appendix: tuple[Table, ...] = ()
    issuer_name: str = ""  # the issuing body inside a sentence: "Ủy ban nhân dân xã Vân Canh"

    @property
    def tables(self) -> list[Table]:
        """Every table: the body's, then the appendix's."""
        return [b for b in self.blocks if isinstance(b, Table)] + list(self.appendix)

    @property
    def title(self) -> str:
        """``"Báo cáo kết quả tự đánh giá…"``: the document's title in metadata and lists."""
        return f"{self.doc_type.capitalize()} {self.summary[:1].lower()}{self.summary[1:]}"


# --- printing a value ------------------------------------------------------------------------


def format_integer(value: int) -> str:
    """``1870`` → ``"1.870"`` (a dot for thousands, as officials write counts)."""
    return format_decimal(value, 0)


def cell_text(value: object, kind: Kind) -> str:
    """A cell as the PDF prints it: decimal comma, dd/mm/yyyy, "—" for a missing percentage."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, date):
        return format_date(value)
    if kind == Kind.PERCENT and isinstance(value, int | Decimal):
        return format_percent(Decimal(value), "")
    if isinstance(value, Decimal):
        return format_points(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_integer(value)
    return str(value)


# --- dates and signatures as Nghị định 30/2020 writes them --------------------------------------


def official_date_line(place: str, day: date) -> str:
    """``"Vân Canh, ngày 05 tháng 02 năm 2026"``: days below 10 and months 1–2 with a zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def signing_lines(signer_title: str, body: str = "ỦY BAN NHÂN DÂN") -> tuple[str, ...]:
    """The authority lines above the signature, from the signer's title in the profile.

    The chairman signs for the committee (``TM. ỦY BAN NHÂN DÂN`` / ``CHỦ TỊCH``); a deputy
    signs on the chairman's behalf (``TM. ỦY BAN NHÂN DÂN`` / ``KT. CHỦ TỊCH`` /
    ``PHÓ CHỦ TỊCH``). Any other title is printed as it is, under the committee.
    """
    title = " ".join(signer_title.split())
    folded = title.casefold()
    if folded == "chủ tịch":
        return (f"TM. {body}", "CHỦ TỊCH")
    if folded.startswith("phó chủ tịch"):
        return (f"TM. {body}", "KT. CHỦ TỊCH", title.upper())
    return (f"TM. {body}", title.upper()) if title else (f"TM. {body}",)


# --- consistency ---------------------------------------------------------------------------


def _number(value: object) -> Decimal:
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Decimal(value)
    return Decimal(0)  # an empty or text cell counts as nothing, as in an Excel SUM


def sum_problems(table: Table) -> list[str]:
    """Rows whose stated sums or derived cells differ from what their inputs give.

    Empty when the table adds up: the Excel formulas then give the values printed.
    """
    problems = []
    for index, row in enumerate(table.rows):
        for column, spec in enumerate(table.columns):
            value = row.cells[column]
            if spec.summed and row.sum_of:
                total = sum(
                    (t.sign * _number(table.rows[t.row].cells[column]) for t in row.sum_of),
                    Decimal(0),
                )
                if value is not None and _number(value) != total:
                    problems.append(f"{table.key} dòng {index}, cột {column}: {value} ≠ {total}")
            if isinstance(spec.derived, Ratio):
                num = row.cells[spec.derived.numerator]
                den = row.cells[spec.derived.denominator]
                if value is None or num is None or not _number(den):
                    continue
                expected = _number(num) * 100 / _number(den)
                if abs(_number(value) - expected) > Decimal("0.000001"):
                    problems.append(f"{table.key} dòng {index}, cột {column}: tỷ lệ {value}")
            if isinstance(spec.derived, Difference):
                later = row.cells[spec.derived.later]
                earlier = row.cells[spec.derived.earlier]
                if value is None or later is None or earlier is None:
                    continue
                if _number(value) != _number(later) - _number(earlier):
                    problems.append(f"{table.key} dòng {index}, cột {column}: hiệu {value}")
    return problems


def roman(number: int) -> str:
    """``4`` → ``"IV"``: how appendices and parts are numbered."""
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, letters in numerals:
        while number >= value:
            text += letters
            number -= value
    return text


def appendix_note(document: OfficialDocument) -> str:
    """``"(Kèm theo Báo cáo số      /BC-UBND ngày 22/11/2026 của Ủy ban nhân dân xã An Bình)"``."""
    number = document.number.removeprefix("Số:").rstrip()  # the blank for the number stays
    day = document.place_date.split(", ", 1)[-1]
    issuer = document.issuer_name or " ".join(document.issuer_lines)
    return f"(Kèm theo {document.doc_type.capitalize()} số{number} {day} của {issuer})"


def json_value(value: object) -> object:
    """A cell for the machine-readable data: Decimal as text, date as ISO, the rest as is."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def table_data(table: Table) -> dict[str, Any]:
    """A table as machine-readable data: its headers and every row's values."""
    return {
        "key": table.key,
        "columns": [c.header for c in table.columns],
        "kinds": [str(c.kind) for c in table.columns],
        "rows": [[json_value(v) for v in row.cells] for row in table.rows],
    }


def make_table(
    key: str,
    title: str,
    sheet_name: str,
    columns: Sequence[Column],
    rows: Sequence[Row],
    **options: Any,
) -> Table:
    """A table whose rows are checked: each has one cell per column, sums name other rows,
    a column is either summed or derived (a derived cell of a total row is derived too)."""
    for spec in columns:
        if spec.summed and spec.derived is not None:
            raise ValueError(f"{key}: column {spec.header!r} is both summed and derived")
    for index, row in enumerate(rows):
        if len(row.cells) != len(columns):
            raise ValueError(f"{key}: row {index} has {len(row.cells)} cells, not {len(columns)}")
        for term in row.sum_of:
            if not 0 <= term.row < len(rows) or term.row == index:
                raise ValueError(f"{key}: row {index} sums an invalid row {term.row}")
    return Table(key, title, sheet_name, tuple(columns), tuple(rows), **options)
