"""Writing officials' workbooks: cells that stay text, titles, tables, print setup, saving.

Shared by every Excel export. openpyxl is imported on use (the program starts without it).
A workbook is written under a temporary name in the target folder, flushed to disk, then
renamed over the target: a full disk or a pulled USB stick leaves no half-written file
under the final name.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from copy import copy
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from cchc_desktop.exports import write_atomically

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.worksheet.worksheet import Worksheet

log = logging.getLogger(__name__)

FORMULA_START = ("=", "+", "-", "@")
DATE_FORMAT = "dd/mm/yyyy"
FONT = "Times New Roman"  # the font of administrative documents (Nghị định 30/2020/NĐ-CP)


class _StyleSlot(Protocol):
    """A cell's style ids, a slot that openpyxl's type stubs leave undeclared."""

    _style: StyleArray


def cell_at(ws: Worksheet, row: int, column: int) -> Cell:
    """The cell at ``row``, ``column`` to write in: never one covered by a merged range (only
    the range's first cell holds a value)."""
    from openpyxl.cell.cell import MergedCell

    cell = ws.cell(row, column)
    assert not isinstance(cell, MergedCell), f"{cell.coordinate} is covered by a merged range"
    return cell


def put(cell: Cell, value: object) -> None:
    """Write a value; any text is written as text, never read as a formula."""
    if isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, int | float) and not isinstance(value, bool):
        cell.value = value
    elif isinstance(value, Decimal):
        cell.value = int(value) if value == value.to_integral_value() else float(value)
    else:
        put_text(cell, "" if value is None else str(value))


def put_text(cell: Cell, text: str) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.value = text or None
    if text:
        cell.data_type = "s"  # "=…" would otherwise be taken for a formula
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited


def text_width(value: object) -> int:
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).split("\n")), default=0)


def title_block(
    ws: Worksheet, lines: Sequence[tuple[str, str]], last_column: int, total_width: float
) -> int:
    """Merged lines above a table (style: "title", "bold", "italic", "notice").

    Returns the next free row.
    """
    from openpyxl.styles import Alignment, Font

    fonts = {
        "title": Font(name=FONT, size=13, bold=True),
        "bold": Font(name=FONT, size=12, bold=True),
        "italic": Font(name=FONT, size=12, italic=True),
        "notice": Font(name=FONT, size=11, bold=True, italic=True, color="C00000"),
    }
    row = 1
    for text, style in lines:
        cell = cell_at(ws, row, 1)
        put_text(cell, text)
        cell.font = fonts[style]
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if last_column > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
        # Merged cells never grow to fit their text: give the row the lines it needs.
        wrapped = max(1, math.ceil(len(text) * 1.15 / max(total_width, 1)))
        ws.row_dimensions[row].height = 18 * wrapped
        row += 1
    return row + 1  # one empty row before the table


def table(
    ws: Worksheet,
    header_row: int,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    centred: Sequence[bool],
) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_font = Font(name=FONT, size=11, bold=True)
    body_font = Font(name=FONT, size=11)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for column, header in enumerate(headers, start=1):
        cell = cell_at(ws, header_row, column)
        put_text(cell, header)
        cell.font = header_font
        cell.fill = fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    # Styling a cell looks its style up in the workbook's tables: style the first cell of a
    # column, then give the others the same style ids (ten times faster on long tables).
    # A date sets its own number format, so it gets its column's style before its value.
    templates: dict[int, StyleArray] = {}
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = cell_at(ws, header_row + offset, column)
            template = templates.get(column)
            if template is None:
                cell.font = body_font
                cell.border = border
                cell.alignment = Alignment(
                    horizontal="center" if centred[column - 1] else "left",
                    vertical="top",
                    wrap_text=True,
                )
                templates[column] = copy(cast(_StyleSlot, cell)._style)
            else:
                cast(_StyleSlot, cell)._style = copy(template)
            put(cell, value)


def fit_columns(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    bounds: Sequence[tuple[int, int]],
) -> list[float]:
    """Widths that show the content: the longest line, within each column's bounds."""
    from openpyxl.utils import get_column_letter

    widths = []
    for index, header in enumerate(headers):
        low, high = bounds[index]
        longest_word = max((len(word) for word in header.split()), default=0)
        content = max((text_width(r[index]) for r in rows), default=0)
        width = float(min(max(low, longest_word + 2, content + 2), high))
        ws.column_dimensions[get_column_letter(index + 1)].width = width
        widths.append(width)
    return widths


def print_setup(ws: Worksheet, header_row: int) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the list needs
    fit = ws.sheet_properties.pageSetUpPr
    assert fit is not None  # a new sheet has its page setup properties
    fit.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    footer = ws.oddFooter
    assert footer is not None and footer.center is not None  # a new sheet has them
    footer.center.text = "Trang &P/&N"


def save_workbook(workbook: Workbook, target: Path) -> Path:
    """Write ``workbook`` to ``target`` through a temporary file; ``ExportError`` if it fails
    (nothing is left behind, an earlier file of that name is untouched)."""
    return write_atomically(target, workbook.save, "tệp Excel", "Excel")
