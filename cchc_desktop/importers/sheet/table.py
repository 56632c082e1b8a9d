"""The rows of a table below its header, and the lines of officials' tables that are not
data (section numbers, the row numbering the columns, the signature block)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cchc_desktop.core.text import fold_for_search
from cchc_desktop.importers.sheet.cells import TableCell, table_row
from cchc_desktop.importers.sheet.header import HeaderMatch, header_key_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


@dataclass(frozen=True)
class ImportProblem:
    """One row that cannot be used, said so that the official can find and fix it in Excel."""

    sheet: str
    row: int  # 1-based Excel row number
    column: str | None  # header text as printed, or None for the whole row
    message: str  # Vietnamese


# numbering the columns (1, 2, 3 … or (1), (2) …), and the signature block below a table.
HEADING_NUMBER = re.compile(r"(?:X{0,2}(?:IX|IV|V?I{1,3}|V)|X{1,2}|[A-Z])[.)]?")
NUMBERING_TOKEN = re.compile(r"\(?\s*(\d{1,2}|[A-Z])\s*\)?")
SIGNATURE_LINE = re.compile(r"(?:tm|kt|tl|q)\s*\.\s|noi nhan\W|nguoi lap\W|\*?\s*ghi chu\s*:")


def last_value_row(ws: Worksheet) -> int:
    """The last row holding a value; styled empty cells far below the table do not count."""
    cells = getattr(ws, "_cells", None)
    if not isinstance(cells, dict):
        return ws.max_row
    return max(
        (row for (row, _), cell in cells.items() if cell.value not in (None, "")),
        default=0,
    )


@dataclass(frozen=True)
class TableLine:
    """A row of a table that holds a value of its own."""

    row: int  # 1-based Excel row
    cells: dict[str, TableCell]  # every key asked for, in that order
    filled: dict[str, TableCell]  # the keys with a value
    blanks_before: int  # empty rows passed over since the previous line (or the header)


def table_lines(
    ws: Worksheet,
    first_row: int,
    columns: Mapping[str, int],
    keys: Iterable[str],
    origins: Mapping[tuple[int, int], tuple[int, int]],
) -> Iterator[TableLine]:
    """The rows from ``first_row`` to the last holding a value, read under ``columns``;
    empty rows, and rows holding only the lower part of ranges merged from above, are
    passed over (the empty ones counted in the next line's ``blanks_before``)."""
    keys = tuple(keys)
    blanks = 0
    for row in range(first_row, last_value_row(ws) + 1):
        cells = table_row(ws, row, columns, keys, origins)
        filled = {key: cell for key, cell in cells.items() if cell.value is not None}
        if not filled:
            blanks += 1
            continue
        if all(cell.continued for cell in filled.values()):
            continue  # the lower part of a row or heading merged over several rows
        yield TableLine(row, cells, filled, blanks)
        blanks = 0


def is_end_of_table(cells: Mapping[str, TableCell]) -> bool:
    """The "Nơi nhận:" list or the signature block below the table ends it."""
    if "number" in cells and cells["number"].value is not None:
        return False
    return any(
        SIGNATURE_LINE.match(fold_for_search(cell.value) + " ")
        for cell in cells.values()
        if isinstance(cell.value, str) and not cell.continued
    )


def is_column_numbering(
    filled: Mapping[str, TableCell], columns: Mapping[str, int], key_count: int
) -> bool:
    """A row such as "(1) (2) (3)" or "1 2 3 4" printed under the header."""
    if len(filled) < min(3, key_count):
        return False
    numbers: list[int] = []
    for key in sorted(filled, key=columns.__getitem__):
        match = NUMBERING_TOKEN.fullmatch(filled[key].text)
        if match is None:
            return False
        if match.group(1).isdigit():
            numbers.append(int(match.group(1)))
    return len(numbers) >= 2 and all(a < b for a, b in itertools.pairwise(numbers))


def body_lines(
    ws: Worksheet,
    header: HeaderMatch,
    keys: Iterable[str],
    origins: Mapping[tuple[int, int], tuple[int, int]],
    name_key: str,
    count_blanks: Callable[[int], None],
) -> Iterator[TableLine]:
    """The rows of a table's body: :func:`table_lines` below ``header`` up to the end of the
    table (the «Nơi nhận» list, the signature block), without the row numbering the columns
    or the header printed again (``name_key``'s cell holding its header's text, as a table
    copied from a multi-page document has it). ``count_blanks`` is told the empty rows
    before each row read: spacer rows count only when a row follows them."""
    keys = tuple(keys)
    name_label = header_key_text(header.labels[name_key])
    for line in table_lines(ws, header.row + 1, header.columns, keys, origins):
        if is_end_of_table(line.cells):
            return
        count_blanks(line.blanks_before)
        name = line.cells[name_key].value
        repeated = isinstance(name, str) and header_key_text(name) == name_label
        if repeated or is_column_numbering(line.filled, header.columns, len(keys)):
            continue
        yield line
