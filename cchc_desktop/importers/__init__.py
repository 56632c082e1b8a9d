"""Importers: read data officials already keep in Excel, Qt-free.

Readers (``tasks_excel``, ``staff_excel``) never write; planners (``task_import``,
``staff_import``) compare what was read with the store and write only what the
officer confirmed, in one transaction. The caller previews what was read (and the
problems found) before saving it.
Importing this package does not load openpyxl; opening a workbook does.
"""

from cchc_desktop.importers.sheet import (
    HeaderMatch,
    ImportFileError,
    ImportProblem,
    cell_date,
    cell_text,
    find_header,
    merged_value_map,
    open_workbook,
    parse_deadline_text,
    row_values,
)
from cchc_desktop.importers.tasks_excel import (
    TASK_COLUMNS,
    TaskRow,
    TaskSheetReading,
    read_task_workbook,
)

__all__ = [
    "TASK_COLUMNS",
    "HeaderMatch",
    "ImportFileError",
    "ImportProblem",
    "TaskRow",
    "TaskSheetReading",
    "cell_date",
    "cell_text",
    "find_header",
    "merged_value_map",
    "open_workbook",
    "parse_deadline_text",
    "read_task_workbook",
    "row_values",
]
