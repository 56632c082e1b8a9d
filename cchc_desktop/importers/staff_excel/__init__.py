"""A staff list (danh sách cán bộ, công chức) read from the Excel workbooks communes keep.

Only reads: :func:`read_staff_workbook` turns each person's row into an
:class:`~cchc_desktop.core.staff.Official` and says, per row, what could not be
read — sheet, row, column letter and a Vietnamese reason — so that it can be
fixed in Excel. Deciding what to add or update is :mod:`staff_import`'s job.

The lists of levels (``staff_lists.json``) and the standard sets are passed
in; a level is found with :meth:`Scale.find`, so a province's wording is data.
A column the file lacks is said with what it will do (:func:`missing_columns`):
without «Văn hóa» everyone whose standard asks for general education is «thiếu
thông tin», and the ratio of those imported is 0 %.

The package by job: the columns a list goes by (``columns``), reading its sheets and
rows (``reader``, ``person``), reading a cell's value (``values``), matching a title
with a position of the standard sets (``positions``), and what a missing column does
(``missing``).
"""

from cchc_desktop.importers.staff_excel.columns import FIELD_COLUMNS, STAFF_COLUMNS
from cchc_desktop.importers.staff_excel.missing import missing_columns, missing_columns_text
from cchc_desktop.importers.staff_excel.positions import PositionMatcher
from cchc_desktop.importers.staff_excel.reader import read_staff_workbook
from cchc_desktop.importers.staff_excel.results import (
    CATEGORY_GUESS_REMARK,
    GUESSED_CATEGORY,
    MissingColumn,
    StaffRow,
    StaffSheetReading,
)
from cchc_desktop.importers.staff_excel.values import (
    read_birth,
    read_gender,
    read_level,
    read_start,
    split_level,
)

__all__ = [
    "CATEGORY_GUESS_REMARK",
    "FIELD_COLUMNS",
    "GUESSED_CATEGORY",
    "STAFF_COLUMNS",
    "MissingColumn",
    "PositionMatcher",
    "StaffRow",
    "StaffSheetReading",
    "missing_columns",
    "missing_columns_text",
    "read_birth",
    "read_gender",
    "read_level",
    "read_staff_workbook",
    "read_start",
    "split_level",
]
