"""An :class:`OfficialDocument`'s tables as one Excel workbook, with live formulas.

One sheet per table (the body's, then the appendix's): the issuer, the table's title and
the document's summary above it, the header row (repeated on every printed page, frozen on
screen), the rows, the notes below. Sums and derived cells are Excel formulas that give
the values the application computed (``sum_problems`` must be empty, else it is a bug):
an officer who corrects a line in Excel sees its field and the total follow.

A hidden sheet «_du_lieu» carries the same content for a machine (the district reads a
commune's submission back with ``importers.submission_excel.read_submission_data``):
``document.data``, the format and its version, and every table's values, as JSON in cells
of at most 16,000 characters (Excel holds 32,767 in a cell), with the SHA-256 of the
canonical JSON in the last row. The checksum tells an accidental edit or a damaged file,
not a forgery: anyone can compute it again.

Number formats:

- points: a written number shows as the PDF prints it (``format_points``: at most two
  decimals, none for a whole number): ``0`` or ``0.0#``; a formula cell uses ``General``,
  which drops pointless decimals whatever the result becomes when a line is corrected
  (``0`` would show 7,5 as 8). Excel shows the decimal comma of a Vietnamese system.
- counts ``#,##0`` (1.870); percentages hold the fraction (0.803) shown ``0.0%``
  (80,3%); dates ``dd/mm/yyyy``.

Row heights: the table's cells wrap and have no set height, so Excel and LibreOffice fit
each row to its text when the file opens; merged rows (titles, notes) never grow by
themselves and are given the height their text needs.

Every text is written as text: "=SUM(A1)" typed by an officer is never a formula.
openpyxl is imported when the export runs, not with this module.
"""

from __future__ import annotations

import logging
import math
import os
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_desktop.core.submission_data import (
    CHECKSUM_ROW,
    DATA_FORMAT,
    DATA_FORMAT_VERSION,
    DATA_SHEET,
    DOCUMENT_ROW,
    FORMAT_ROW,
    LINE_ROW,
    MORE_ROW,
    TABLE_ROW,
    canonical_json,
    checksum,
)
from cchc_desktop.exports.document import (
    Column,
    Difference,
    Kind,
    OfficialDocument,
    Ratio,
    Row,
    RowStyle,
    Table,
    cell_text,
    sum_problems,
    table_data,
)
from cchc_desktop.exports.workbook import (
    FONT,
    cell_at,
    fit_columns,
    print_setup,
    put_text,
    save_workbook,
    table,
    title_block,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from cchc_desktop.jobs import ProgressFn

log = logging.getLogger(__name__)

DATA_WARNING = "Dữ liệu để máy đọc — không sửa tay"
DATA_CHUNK = 16_000  # characters of JSON in a cell: ≤ 32,000 UTF-16 units, under Excel's 32,767

MAX_CELL_TEXT = 32_767  # characters Excel holds in a cell
PERCENT_FORMAT = "0.0%"
INTEGER_FORMAT = "#,##0"
FORMULA_POINTS_FORMAT = "General"
_MAX_SUM_ARGUMENTS = 255  # Excel's limit on a function's arguments
_MAX_FORMULA = 8000  # Excel refuses formulas longer than 8,192 characters
_TOLERANCE = 1e-6  # as sum_problems: a ratio within a millionth of a percent is the same
_INVALID_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_LEFT_MARGIN = 0.8  # inches; the bound edge (Nghị định 30/2020 asks for the widest margin)
_MARGIN = 0.6


# --- the machine-readable data ---------------------------------------------------------------


def submission_payload(document: OfficialDocument) -> dict[str, Any]:
    """What «_du_lieu» holds: ``document.data``, the format and every table's values."""
    fixed = {"format": DATA_FORMAT, "format_version": DATA_FORMAT_VERSION}
    for key, value in fixed.items():
        if key in document.data and document.data[key] != value:
            raise ValueError(f"{document.key}: data[{key!r}] is {document.data[key]!r}")
    if "tables" in document.data:
        raise ValueError(f"{document.key}: data has its own 'tables'")
    return {**document.data, **fixed, "tables": [table_data(t) for t in document.tables]}


def _data_rows(payload: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, JSON text) in order: the document, then each table followed by its rows."""
    document = {k: v for k, v in payload.items() if k != "tables"}
    rows = [(DOCUMENT_ROW, canonical_json(document))]
    for t in payload["tables"]:
        rows.append((TABLE_ROW, canonical_json({k: v for k, v in t.items() if k != "rows"})))
        rows.extend((LINE_ROW, canonical_json(r)) for r in t["rows"])
    return rows


def _data_sheet(ws: Worksheet, payload: dict[str, Any]) -> None:
    from openpyxl.styles import Font

    ws.sheet_state = "hidden"
    ws.protection.sheet = True  # no password: a guard against a slip, not a lock
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 100
    put_text(ws["A1"], DATA_WARNING)
    ws["A1"].font = Font(name=FONT, size=12, bold=True, color="C00000")
    ws.append([FORMAT_ROW, DATA_FORMAT, DATA_FORMAT_VERSION])
    for kind, text in _data_rows(payload):
        for start in range(0, len(text), DATA_CHUNK):
            ws.append([kind if start == 0 else MORE_ROW, None])
            put_text(cell_at(ws, ws.max_row, 2), text[start : start + DATA_CHUNK])
    ws.append([CHECKSUM_ROW, checksum(payload)])


# --- values and formats ----------------------------------------------------------------------


def _number(value: Decimal | int) -> int | float:
    """``Decimal("6.25")`` → 6.25, ``Decimal("10.0")`` → 10."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _is_number(value: object) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _cell_value(value: object, kind: Kind) -> object:
    """What the cell holds: a number (a percentage as its fraction), a date or a text."""
    if value is None or isinstance(value, str | date):
        return "" if value is None else value
    if _is_number(value):
        assert isinstance(value, int | Decimal)
        return _number(Decimal(value) / 100) if kind == Kind.PERCENT else _number(value)
    return str(value)


def _number_format(value: object, kind: Kind, formula: bool) -> str | None:
    whole = not isinstance(value, int | Decimal) or value == Decimal(value).to_integral_value()
    if kind == Kind.PERCENT:
        return PERCENT_FORMAT
    if kind == Kind.INTEGER:
        return INTEGER_FORMAT if whole else "#,##0.0#"
    if kind == Kind.POINTS:
        return FORMULA_POINTS_FORMAT if formula else "0" if whole else "0.0#"
    return None


# --- formulas ----------------------------------------------------------------------------


def _runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive rows; a repeated row stays repeated."""
    runs: list[tuple[int, int]] = []
    for row in sorted(rows):
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _call(function: str, letter: str, rows: Sequence[int]) -> str:
    """``SUM(C5:C9,C12)``; past 255 references, ``SUM(…)+SUM(…)``."""
    refs = [f"{letter}{a}" if a == b else f"{letter}{a}:{letter}{b}" for a, b in _runs(rows)]
    calls = [
        f"{function}(" + ",".join(refs[i : i + _MAX_SUM_ARGUMENTS]) + ")"
        for i in range(0, len(refs), _MAX_SUM_ARGUMENTS)
    ]
    return "+".join(calls)


def sum_formula(letter: str, added: Sequence[int], deducted: Sequence[int]) -> str:
    """``=SUM(C5:C9,C12)-SUM(C14)``: the rows ``added`` less the rows ``deducted``."""
    formula = _call("SUM", letter, added) if added else ""
    if deducted:
        deduction = _call("SUM", letter, deducted)
        formula += f"-({deduction})" if "+" in deduction else f"-{deduction}"
    return "=" + formula


def ratio_formula(numerator: str, denominator: str, percent: bool) -> str:
    """Empty when the numerator is not a number or the denominator is empty or zero."""
    scale = "" if percent else "*100"
    return (
        f'=IF(AND(ISNUMBER({numerator}),N({denominator})<>0),{numerator}/{denominator}{scale},"")'
    )


def difference_formula(later: str, earlier: str) -> str:
    """Empty unless both cells hold numbers."""
    return f'=IF(AND(ISNUMBER({later}),ISNUMBER({earlier})),{later}-{earlier},"")'


def _same(result: float | None, value: object, kind: Kind) -> bool:
    """Whether a formula's result (``None`` for "") is the document's value."""
    if result is None or not _is_number(value):
        return result is None and value is None
    assert isinstance(value, int | Decimal)
    expected = float(value) / 100 if kind == Kind.PERCENT else float(value)
    tolerance = _TOLERANCE / 100 if kind == Kind.PERCENT else _TOLERANCE
    return abs(result - expected) <= tolerance * max(1.0, abs(expected))


def _derived_cell(table_: Table, row: Row, column: int, excel_row: int) -> tuple[str | None, bool]:
    """The formula of a derived cell and whether it gives the document's value.

    ``(None, True)`` when the cell stays empty: the document shows nothing there although
    its inputs are numbers (a ratio shown only on the total line).
    """
    from openpyxl.utils import get_column_letter

    def ref(column: int) -> str:
        return f"{get_column_letter(column + 1)}{excel_row}"

    def held(column: int) -> float | None:  # what Excel sees in that cell
        value = row.cells[column]
        if not _is_number(value):
            return None
        assert isinstance(value, int | Decimal)
        return float(value) / 100 if table_.columns[column].kind == Kind.PERCENT else float(value)

    spec = table_.columns[column]
    derived = spec.derived
    result: float | None
    if isinstance(derived, Ratio):
        percent = spec.kind == Kind.PERCENT
        num, den = held(derived.numerator), held(derived.denominator)
        result = None if num is None or not den else num / den * (1 if percent else 100)
        formula = ratio_formula(ref(derived.numerator), ref(derived.denominator), percent)
    else:
        assert isinstance(derived, Difference)
        later, earlier = held(derived.later), held(derived.earlier)
        result = None if later is None or earlier is None else later - earlier
        formula = difference_formula(ref(derived.later), ref(derived.earlier))
    value = row.cells[column]
    if value is None and result is not None:
        return None, True
    return formula, _same(result, value, spec.kind)


def _summed_cell(table_: Table, row: Row, column: int, first_row: int) -> tuple[str | None, bool]:
    """The formula of a summed cell of a row with ``sum_of`` (sum_problems has checked it)."""
    from openpyxl.utils import get_column_letter

    for term in row.sum_of:
        if term.sign not in (1, -1):
            raise ValueError(f"{table_.key}: a term's sign is {term.sign}, not ±1")
    letter = get_column_letter(column + 1)
    added = [first_row + t.row for t in row.sum_of if t.sign > 0]
    deducted = [first_row + t.row for t in row.sum_of if t.sign < 0]
    formula = sum_formula(letter, added, deducted)
    value = row.cells[column]
    if value is None:
        if any(_is_number(table_.rows[t.row].cells[column]) for t in row.sum_of):
            return None, True  # the document leaves it empty; so does the sheet
        count = _call("COUNT", letter, added + deducted)  # empty while they all are
        formula = f'=IF({count}=0,"",{formula[1:]})'
    if len(formula) > _MAX_FORMULA:
        return formula, False
    return formula, True


# --- a table's sheet -----------------------------------------------------------------------


def sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique sheet name (31 characters, no []:*?/\\, not «_du_lieu», not History)."""
    base = _INVALID_SHEET_CHARACTERS.sub("-", name).strip().strip("'").strip() or "Bảng"
    base = base[:31]
    title, n = base, 2
    taken = used | {DATA_SHEET.casefold(), "history"}
    while title.casefold() in taken:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)].rstrip() + suffix
        n += 1
    used.add(title.casefold())
    return title


def _frozen_columns(columns: Sequence[Column]) -> int:
    """The leading text columns up to the first wide one (STT and the content): kept in view."""
    for index, spec in enumerate(columns[:2]):
        if spec.kind != Kind.TEXT:
            return index
        if spec.width >= 15:
            return index + 1
    return 0


def _bounds(spec: Column) -> tuple[int, int]:
    width = math.ceil(spec.width)
    longest_word = max((len(word) for word in spec.header.split()), default=0)
    if spec.kind == Kind.TEXT:  # the width the document chose; long text wraps
        return width, max(width, longest_word + 2)
    return width, max(width, 16)  # a number must show whole, never as ####


def _merged_text_row(
    ws: Worksheet, row: int, text: str, last_column: int, total_width: float, italic: bool
) -> None:
    from openpyxl.styles import Alignment, Font

    cell = cell_at(ws, row, 1)
    put_text(cell, text)
    cell.font = Font(name=FONT, size=11, italic=italic)
    cell.alignment = Alignment(vertical="top", wrap_text=True)
    if last_column > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
    lines = sum(max(1, math.ceil(len(p) * 1.15 / max(total_width, 1))) for p in text.split("\n"))
    ws.row_dimensions[row].height = 16 * lines


def _table_sheet(ws: Worksheet, document: OfficialDocument, table_: Table) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    columns = table_.columns
    headers = [c.header for c in columns]
    shown = [
        [cell_text(v, c.kind) for v, c in zip(r.cells, columns, strict=True)] for r in table_.rows
    ]
    widths = fit_columns(ws, headers, shown, [_bounds(c) for c in columns])
    lines = [
        (" ".join(document.issuer_lines).upper(), "title"),
        (table_.title.upper(), "bold"),
        (document.summary, "italic"),
    ]
    header_row = title_block(ws, [(t, s) for t, s in lines if t], len(columns), sum(widths))
    first_row = header_row + 1
    values = [
        [_cell_value(v, c.kind) for v, c in zip(r.cells, columns, strict=True)] for r in table_.rows
    ]
    table(ws, header_row, headers, values, [c.centred for c in columns])

    bold = Font(name=FONT, size=11, bold=True)
    for offset, row in enumerate(table_.rows):
        excel_row = first_row + offset
        for column, spec in enumerate(columns):
            cell = cell_at(ws, excel_row, column + 1)
            value = row.cells[column]
            formula, exact = None, True
            if isinstance(value, str):  # a text, also where a number could be ("tối đa 1")
                if len(value) > MAX_CELL_TEXT:  # Excel's limit; «_du_lieu» keeps it whole
                    put_text(cell, value[: MAX_CELL_TEXT - 1] + "…")
            elif spec.summed and row.sum_of:
                formula, exact = _summed_cell(table_, row, column, first_row)
            elif spec.derived is not None:
                formula, exact = _derived_cell(table_, row, column, excel_row)
            if formula is not None and not exact:
                # The formula would not give the document's value (a difference with an input
                # missing, a sum too long for Excel): the cell keeps the value written.
                log.warning("%s %s: %s written as its value", table_.key, cell.coordinate, formula)
                formula = None
            if formula is not None:
                cell.value = formula
            number_format = _number_format(value, spec.kind, formula is not None)
            if number_format and (formula is not None or _is_number(value)):
                cell.number_format = number_format
            if row.style in (RowStyle.GROUP, RowStyle.TOTAL):
                cell.font = bold

    last_row = header_row + len(table_.rows)
    if not table_.rows:
        last_row = first_row
        _merged_text_row(ws, first_row, table_.empty_text, len(columns), sum(widths), True)
    for index, note in enumerate(table_.notes):
        _merged_text_row(ws, last_row + 2 + index, note, len(columns), sum(widths), True)

    ws.freeze_panes = f"{get_column_letter(_frozen_columns(columns) + 1)}{first_row}"
    print_setup(ws, header_row)
    if not table_.landscape:
        ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.page_margins.left = _LEFT_MARGIN
    ws.page_margins.right = ws.page_margins.top = ws.page_margins.bottom = _MARGIN


def _no_table_sheet(ws: Worksheet, document: OfficialDocument) -> None:
    """A document without tables still opens on a sheet that says what it is."""
    ws.column_dimensions["A"].width = 90
    lines = [(" ".join(document.issuer_lines).upper(), "title"), (document.doc_type, "bold")]
    row = title_block(ws, [*lines, (document.summary, "italic")], 1, 90)
    _merged_text_row(ws, row, "Văn bản không có bảng số liệu.", 1, 90, True)
    print_setup(ws, 1)
    ws.print_title_rows = None
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT


# --- the export ------------------------------------------------------------------------------


def build_document_workbook(
    document: OfficialDocument, progress: ProgressFn | None = None
) -> Workbook:
    """The workbook :func:`write_workbook` writes, in memory.

    ``ValueError`` when a table does not add up (``sum_problems``): a bug, not the user's.
    """
    from openpyxl import Workbook

    tables = document.tables
    for t in tables:
        problems = sum_problems(t)
        if problems:
            raise ValueError(f"{document.key}: the table does not add up: {'; '.join(problems)}")
    payload = submission_payload(document)

    workbook = Workbook()
    workbook.properties.creator = "CCHC Desktop"
    workbook.properties.title = document.title
    first = workbook.active
    assert first is not None
    used: set[str] = set()
    total = len(tables) + 2
    for index, t in enumerate(tables):
        if progress is not None:
            progress(index, total, f"Đang ghi bảng «{t.title}»…")
        ws = first if index == 0 else workbook.create_sheet()
        ws.title = sheet_title(t.sheet_name, used)
        _table_sheet(ws, document, t)
    if not tables:
        first.title = sheet_title(document.doc_type.capitalize() or "Văn bản", used)
        _no_table_sheet(first, document)
    if progress is not None:
        progress(len(tables), total, "Đang ghi dữ liệu để máy đọc…")
    _data_sheet(workbook.create_sheet(DATA_SHEET), payload)
    workbook.active = 0
    return workbook


def write_workbook(
    document: OfficialDocument,
    path: str | os.PathLike[str],
    *,
    progress: ProgressFn | None = None,
) -> Path:
    """Write ``document``'s tables as an .xlsx workbook at ``path`` and return the path.

    Written under a temporary name in the same folder, then renamed over ``path``;
    :class:`~cchc_desktop.exports.ExportError` (nothing left behind) when it cannot be.
    ``progress(done, total, text)`` is told of each step.
    """
    workbook = build_document_workbook(document, progress)
    total = len(document.tables) + 2
    if progress is not None:
        progress(total - 1, total, "Đang lưu tệp…")
    target = save_workbook(workbook, Path(path))
    if progress is not None:
        progress(total, total, "Đã lưu tệp.")
    return target
