"""The superior's appraisal (thẩm định lần 1, lần 2) read from the workbook it sends back.

Only reads: :func:`read_appraisal_workbook` finds the table (STT | Nội dung | Điểm
tối đa | Điểm tự chấm | Điểm thẩm định | Lý do …) below any title block and gives,
for every LEAF of the commune's criteria set found in it, the appraised points
and the reason. Rows are matched by the STT as the province prints it ("I", "1",
"1.1", "a)"), read as an outline exactly as the criteria set was
(:mod:`~cchc_desktop.importers.criteria_excel`): a letter's code is its parent's
plus the letter ("3.a"), and criteria numbered from 1 again in each field take
their field's code ("II.1"). Parent rows (fields, criteria with sub-criteria) are
not imported; their totals are only checked against their leaves.

Every problem names the sheet, the row and the column letter, in Vietnamese, so
that it can be fixed in Excel; the items are only to be saved when there is no
error. A leaf the sheet does not give keeps the value it has.

The package by job: the columns a sheet goes by, per round (``columns``), reading and
matching its rows (``reader``), and what it gives (``results``).
"""

from cchc_desktop.importers.appraisal_excel.columns import APPRAISAL_COLUMNS, appraisal_header
from cchc_desktop.importers.appraisal_excel.reader import read_appraisal_workbook
from cchc_desktop.importers.appraisal_excel.results import (
    AppraisalItem,
    AppraisalProblem,
    AppraisalReading,
)

__all__ = [
    "APPRAISAL_COLUMNS",
    "AppraisalItem",
    "AppraisalProblem",
    "AppraisalReading",
    "appraisal_header",
    "read_appraisal_workbook",
]
