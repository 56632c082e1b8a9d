"""A criteria set as one Excel sheet, in the shape provinces publish theirs.

Title rows (the set's name, its decision, province and years), then STT | Nội dung
tiêu chí | Điểm tối đa | Cách chấm | Hướng dẫn chấm điểm | Tài liệu kiểm chứng, the
fields in bold, a «Tổng cộng» row summing the fields with a live formula, the
ranking bands and the set's note below it. Maxima are numbers (whole numbers shown without decimals,
others with them).

The file reads back with :func:`cchc_desktop.importers.criteria_excel.read_criteria_workbook`
into the same tree: codes, titles, maxima, guidance, evidence, name, decision,
province, years, bands and note. The scoring method is written in words in «Cách
chấm» (its label, then the steps, the ratio and its bands, or the data source).
The reader is sure to get back only the kinds that need nothing more — điểm thưởng,
điểm trừ, điều tra xã hội học, có/không, chấm theo mức độ. Steps, ratios and
automatic methods come back only while their text is as written here: if an officer
edits that text in Excel so that it no longer reads, the criterion comes back as
«chấm theo mức độ» with a warning, and the method must be set again in the program.
Whether a parent is assessed by survey follows its children. uuid, family, version
and the sample flag are not written (the caller gives them on import).

Every text is written as text: a title such as "=SUM(A1)" is never a formula.
openpyxl is imported when the export runs, not with this module.
"""

from __future__ import annotations

import logging
import math
import os
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_desktop.core.criteria import (
    CriteriaSet,
    Criterion,
    band_range_text,
    method_text,
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

log = logging.getLogger(__name__)

SHEET = "Tiêu chí"
HEADERS = (
    "STT",
    "Nội dung tiêu chí",
    "Điểm tối đa",
    "Cách chấm",
    "Hướng dẫn chấm điểm",
    "Tài liệu kiểm chứng",
)
TOTAL_TEXT = "Tổng cộng"
_WIDTHS = [(6, 9), (30, 55), (9, 10), (16, 28), (30, 60), (20, 40)]
_CENTRED = [True, False, True, False, False, False]
_MAXIMUM_COLUMN = 3


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _points_format(value: Decimal) -> str:
    return "0" if value == value.to_integral_value() else "0.0#"


def _code_value(code: str) -> object:
    """ "1" as the number 1 (no "number stored as text" mark); "1.1", "I", "3.a" as text."""
    return int(code) if code.isdigit() and str(int(code)) == code else code


def _title_lines(s: CriteriaSet) -> list[tuple[str, str]]:
    lines = [(s.name, "title")]
    decision = s.decision.text()
    if decision:
        lines.append((f"(Ban hành kèm theo Quyết định {decision})", "italic"))
    if s.province:
        lines.append((f"Tỉnh, thành phố: {s.province}", "bold"))
    if s.years:
        lines.append((f"Năm áp dụng: {', '.join(str(y) for y in s.years)}", "italic"))
    return lines


def _rows(s: CriteriaSet) -> list[tuple[int, Criterion]]:
    """Every node in order with its depth (0 for a field)."""
    found: list[tuple[int, Criterion]] = []

    def visit(node: Criterion, depth: int) -> None:
        found.append((depth, node))
        for child in node.children:
            visit(child, depth + 1)

    for f in s.fields:
        visit(f, 0)
    return found


def build_criteria_workbook(criteria_set: CriteriaSet) -> Workbook:
    """The workbook :func:`export_criteria_set` writes, in memory."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.properties.creator = "CCHC Desktop"
    workbook.properties.title = criteria_set.name
    ws = workbook.active
    assert ws is not None
    ws.title = SHEET

    nodes = _rows(criteria_set)
    values: list[list[object]] = [
        [
            _code_value(node.code),
            node.title,
            _number(node.maximum),
            method_text(node),
            node.guidance,
            node.evidence,
        ]
        for _, node in nodes
    ]
    widths = fit_columns(ws, HEADERS, values, _WIDTHS)
    header_row = title_block(ws, _title_lines(criteria_set), len(HEADERS), sum(widths))
    total_row = header_row + len(values) + 1
    table(ws, header_row, HEADERS, [*values, ["", TOTAL_TEXT, 0, "", "", ""]], _CENTRED)

    bold = Font(name=FONT, size=11, bold=True)
    counted: list[str] = []
    for offset, (depth, node) in enumerate(nodes, start=1):
        row = header_row + offset
        maximum = ws.cell(row, _MAXIMUM_COLUMN)
        maximum.number_format = _points_format(node.maximum)
        title = ws.cell(row, 2)
        title.alignment = Alignment(vertical="top", wrap_text=True, indent=min(depth, 4))
        if depth == 0:
            for column in range(1, len(HEADERS) + 1):
                ws.cell(row, column).font = bold
            if not node.outside_maximum:
                counted.append(maximum.coordinate)
    total = ws.cell(total_row, _MAXIMUM_COLUMN)
    total.value = f"=SUM({','.join(counted)})" if counted else 0
    total.number_format = _points_format(criteria_set.total)
    for column in range(1, len(HEADERS) + 1):
        ws.cell(total_row, column).font = bold

    bands_row = total_row + 2
    bands = cell_at(ws, bands_row, 2)
    put_text(bands, f"Xếp loại: {band_range_text(criteria_set.bands)}")
    bands.font = Font(name=FONT, size=11, italic=True)
    bands.alignment = Alignment(vertical="top", wrap_text=True)
    ws.merge_cells(start_row=bands_row, start_column=2, end_row=bands_row, end_column=len(HEADERS))
    if criteria_set.note:
        note = cell_at(ws, bands_row + 1, 2)
        put_text(note, f"Ghi chú: {criteria_set.note}")
        note.font = Font(name=FONT, size=11, italic=True)
        note.alignment = Alignment(vertical="top", wrap_text=True)
        ws.merge_cells(
            start_row=bands_row + 1, start_column=2, end_row=bands_row + 1, end_column=len(HEADERS)
        )
        ws.row_dimensions[bands_row + 1].height = 15 * max(
            1, math.ceil(len(criteria_set.note) * 1.1 / max(sum(widths[1:]), 1))
        )

    ws.freeze_panes = ws.cell(header_row + 1, 1).coordinate
    print_setup(ws, header_row)
    return workbook


def export_criteria_set(criteria_set: CriteriaSet, path: str | os.PathLike[str]) -> Path:
    """Write ``criteria_set`` as an .xlsx workbook of one sheet «Tiêu chí».

    The file is written under a temporary name in the same folder, then renamed
    over ``path``. Raises :class:`ExportError` (nothing left behind) when it
    cannot be written.
    """
    workbook = build_criteria_workbook(criteria_set)
    target = Path(path)
    save_workbook(workbook, target)
    return target
