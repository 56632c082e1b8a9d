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

The package by job: the columns a sheet goes by (``columns``), the numbering as an
outline (``numbering``), a row's values and method (``values``), the rows above the
table (``title``), reading the rows into the set (``reader``), and what it gives
(``results``). The appraisal reader reads its sheets with the same numbering.
"""

from cchc_desktop.importers.criteria_excel.columns import (
    CRITERIA_COLUMNS,
    REQUIRED_COLUMNS,
    criteria_header,
)
from cchc_desktop.importers.criteria_excel.numbering import (
    Numbering,
    close_outline,
    is_total,
    read_number,
    split_leading_number,
)
from cchc_desktop.importers.criteria_excel.reader import read_criteria_workbook
from cchc_desktop.importers.criteria_excel.results import CriteriaProblem, CriteriaReading
from cchc_desktop.importers.criteria_excel.values import multiline_text, read_maximum, read_method

__all__ = [
    "CRITERIA_COLUMNS",
    "REQUIRED_COLUMNS",
    "CriteriaProblem",
    "CriteriaReading",
    "Numbering",
    "close_outline",
    "criteria_header",
    "is_total",
    "multiline_text",
    "read_criteria_workbook",
    "read_maximum",
    "read_method",
    "read_number",
    "split_leading_number",
]
