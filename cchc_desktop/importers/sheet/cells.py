"""The cells of a sheet as an official reads them: merged ranges filled in, numbers
without ".0", dates typed as text or stored as Excel serials."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from cchc_desktop.core.text import format_date, normalize_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

CellMap = Mapping[tuple[int, int], object]


def merged_origin_map(ws: Worksheet) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, column) of every cell inside a merged range -> (row, column) of its top-left cell."""
    origins: dict[tuple[int, int], tuple[int, int]] = {}
    for rng in ws.merged_cells.ranges:
        top, left = rng.min_row, rng.min_col
        for row in range(top, rng.max_row + 1):
            for col in range(left, rng.max_col + 1):
                origins[(row, col)] = (top, left)
    return origins


def merged_range_bounds(ws: Worksheet) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """Top-left (row, column) of every merged range -> (min_row, min_col, max_row, max_col)."""
    return {
        (rng.min_row, rng.min_col): (rng.min_row, rng.min_col, rng.max_row, rng.max_col)
        for rng in ws.merged_cells.ranges
    }


def merged_value_map(
    ws: Worksheet, origins: Mapping[tuple[int, int], tuple[int, int]] | None = None
) -> dict[tuple[int, int], object]:
    """For every cell inside a merged range, the value of the range's top-left cell.

    openpyxl gives the other cells of a range the value None; a lead or deadline
    merged down over three tasks belongs to all three. ``origins``: the
    :func:`merged_origin_map` when the caller has it already.
    """
    if origins is None:
        origins = merged_origin_map(ws)
    return {cell: ws.cell(row=top, column=left).value for cell, (top, left) in origins.items()}


def cell_value(ws: Worksheet, row: int, column: int, merged: CellMap) -> object:
    key = (row, column)
    if key in merged:
        return merged[key]
    return ws.cell(row=row, column=column).value


def row_values(
    ws: Worksheet, row: int, columns: Mapping[str, int], merged: CellMap
) -> dict[str, object]:
    """The raw value of each logical column in ``row``, merged ranges filled in."""
    return {key: cell_value(ws, row, column, merged) for key, column in columns.items()}


def cell_text(value: object) -> str:
    """A cell as the official reads it: normalized text, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return format_date(value.date())
        return f"{format_date(value.date())} {value.hour:02d}:{value.minute:02d}"
    if isinstance(value, date):
        return format_date(value)
    return normalize_text(str(value))


def date_of_number(value: float, number_format: str | None) -> date | None:
    """A number as the date Excel shows, when the cell is formatted as a date; else None."""
    from openpyxl.styles.numbers import is_date_format
    from openpyxl.utils.datetime import from_excel

    if number_format and is_date_format(number_format):
        try:
            converted = from_excel(value)
        except (ValueError, OverflowError, TypeError):
            return None
        if isinstance(converted, datetime):
            return converted.date()
        if isinstance(converted, date):
            return converted
    return None


def fold_keeping_length(text: str) -> str:
    """Folded character by character (no tones, "đ" as "d", lower case): the same length as
    ``text``, so that where a pattern matches in the result cuts ``text`` at the same place."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[:1] or ch
        base = "d" if base in "đĐ" else base.lower()
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


@dataclass(frozen=True)
class TableCell:
    """A cell of a table row as a reader sees it, merged ranges resolved."""

    value: object
    origin: tuple[int, int]  # the cell holding the value (a merged range's top-left)
    continued: bool  # the value comes from a merged range that started on an earlier row

    @property
    def text(self) -> str:
        return cell_text(self.value)


def table_row(
    ws: Worksheet,
    row: int,
    columns: Mapping[str, int],
    keys: Iterable[str],
    origins: Mapping[tuple[int, int], tuple[int, int]],
) -> dict[str, TableCell]:
    """The cells of one row under the header's columns, in the order of ``keys``.

    Blank text is no value; a merged range spanning several columns gives its value
    to the first key only.
    """
    cells: dict[str, TableCell] = {}
    seen: set[tuple[int, int]] = set()
    for key in keys:
        column = columns[key]
        origin = origins.get((row, column), (row, column))
        value = ws.cell(row=origin[0], column=origin[1]).value
        if isinstance(value, str) and not value.strip():
            value = None
        if origin in seen:  # the same merged range, already given to an earlier key
            value = None
        seen.add(origin)
        cells[key] = TableCell(value, origin, origin[0] < row)
    return cells


def own_text(cells: Mapping[str, TableCell], key: str) -> str:
    """The text of a row's cell, "" when the row lacks it or a range merged from above
    gives it (the value belongs to the row above)."""
    cell = cells.get(key)
    if cell is None or cell.continued:
        return ""
    return cell.text
