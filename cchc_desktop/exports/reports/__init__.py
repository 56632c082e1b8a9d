"""The three reports a commune sends up, built from the store as :class:`OfficialDocument`.

1. ``tu-danh-gia`` (:mod:`.self_assessment`, its year on year in :mod:`.comparison`): Báo
   cáo kết quả tự đánh giá, chấm điểm Chỉ số CCHC năm N — the year-on-year table per field,
   and the whole sheet (with the appraised scores when the superior has appraised it) on
   landscape pages.
2. ``nhiem-vu`` (:mod:`.tasks`): Báo cáo kết quả thực hiện nhiệm vụ CCHC for quý I, 6 tháng,
   quý III or năm — the figures by field and the list of tasks. The data periods are the
   commune's calendar of periodic reports (data, editable).
3. ``chuan-hoa`` (:mod:`.staff`): Báo cáo chuẩn hóa đội ngũ cán bộ, công chức — the ratios by
   category and by department, and the officials who do not meet the standard with what
   they lack and the planned action.

What they share — the keys, the officer's options, the frame of an official document —
is in :mod:`.common`. The values are the application's own (the sheet, the task
statistics, the evaluation of officials); tables say which rows add up to which so that
the Excel file totals them with live formulas. Plain Python: reads the store, no Qt.
"""

from __future__ import annotations

from cchc_desktop.exports import ExportError
from cchc_desktop.exports.document import OfficialDocument
from cchc_desktop.exports.reports.common import SELF_ASSESSMENT, STAFF, TASKS, ReportOptions
from cchc_desktop.exports.reports.self_assessment import self_assessment_document
from cchc_desktop.exports.reports.staff import staff_document
from cchc_desktop.exports.reports.tasks import tasks_document
from cchc_desktop.store.database import Store


def build_document(
    store: Store, key: str, year: int, options: ReportOptions, period: str = "nam"
) -> OfficialDocument:
    """One of :data:`~.common.DOCUMENT_KEYS` for ``year`` (and ``period`` for the task report)."""
    if key == SELF_ASSESSMENT:
        return self_assessment_document(store, year, options)
    if key == TASKS:
        return tasks_document(store, year, period, options)
    if key == STAFF:
        return staff_document(store, year, options)
    raise ExportError(f"Không có loại báo cáo «{key}».")
