"""Importers: read data officials already keep in Excel, Qt-free.

Every import follows one pipeline (:mod:`~cchc_desktop.importers.pipeline`): readers
(``tasks_excel``, ``staff_excel``, ``criteria_excel``, ``appraisal_excel``) read the file
only; planners (``task_import``, ``staff_import``, ``criteria_import``,
``appraisal_import``) compare what was read with the state of the store and write
nothing; ``store/imports.py`` writes what the officer confirmed, in one transaction,
when the store is still as the plan saw it.
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
