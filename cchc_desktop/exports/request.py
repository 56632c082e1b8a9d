"""How ready each report is for the chosen year: one line under its checkbox.

Plain Python reading the store (no Qt), so that the lines are computed the same way the
reports are built: the sheet as of the document's date, the report calendar's periods,
the officials in post on the day the staff report counts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cchc_desktop.core.criteria import format_percent, format_points
from cchc_desktop.core.periodic_reports import schedule_with_overrides
from cchc_desktop.core.text import format_date
from cchc_desktop.exports import ExportError
from cchc_desktop.exports.reports import (
    PERIOD_LABELS,
    period_not_started,
    period_of,
    staff_day,
    year_not_started,
)
from cchc_desktop.store.database import Store


@dataclass(frozen=True)
class Readiness:
    text: str
    available: bool = True  # False: the report cannot be built (the text says why)
    caution: bool = False  # something to look at before sending it


def self_assessment_readiness(store: Store, year: int, day: date) -> Readiness:
    from cchc_desktop.store.scoring_repo import assessment_for_year, sheet_state

    assessment = assessment_for_year(store, year)
    if assessment is None:
        return Readiness(
            f"Năm {year} chưa có bảng tự chấm điểm (vào mục «Tự chấm điểm» để bắt đầu chấm).",
            available=False,
        )
    sheet = sheet_state(store, assessment, day).sheet
    text = (
        f"Năm {year}: tự chấm {format_points(sheet.total)}/{format_points(sheet.maximum)} "
        f"điểm ({format_percent(sheet.percent)}), "
        + ("đã chốt" if assessment.locked else "chưa chốt")
    )
    appraised = sheet.appraised_2 if sheet.appraised_2 is not None else sheet.appraised_1
    if appraised is not None:
        text += f", điểm thẩm định {format_points(appraised)}"
    unscored = len(sheet.unscored())
    without_evidence = len(sheet.without_evidence())
    if unscored:
        text += f"; còn {unscored} tiêu chí chưa chấm"
    if without_evidence:
        text += f"; {without_evidence} tiêu chí chưa có tài liệu kiểm chứng"
    return Readiness(
        text + ".", caution=bool(not assessment.locked or unscored or without_evidence)
    )


def default_period(store: Store, year: int, today: date) -> str:
    """The period whose report is due next in ``year`` (the year's report once all are due)."""
    from cchc_desktop.store.settings_repo import REPORT_SCHEDULE, get_setting

    schedule = schedule_with_overrides(get_setting(store, REPORT_SCHEDULE))
    for report in schedule:
        if report.key in PERIOD_LABELS and report.due_date(year) >= today:
            return report.key
    return "nam"


def tasks_readiness(store: Store, year: int, period: str, day: date) -> Readiness:
    from cchc_desktop.core.task_stats import compute_statistics
    from cchc_desktop.store.settings_repo import due_soon_days
    from cchc_desktop.store.task_repo import task_facts

    try:
        label, start, end = period_of(store, period, year)
    except ExportError as exc:
        return Readiness(exc.message, available=False)
    problem = period_not_started(label, year, start, day)
    if problem:
        return Readiness(problem, available=False)
    as_of = min(end, day)
    text = f"Số liệu từ {format_date(start)} đến {format_date(as_of)}"
    if as_of < end:
        text += f" (ngày của văn bản; kỳ báo cáo đến {format_date(end)})"
    stats = compute_statistics(task_facts(store, start, end), start, end, day, due_soon_days(store))
    if not stats.total:
        return Readiness(text + ": chưa có nhiệm vụ nào trong kỳ.", caution=True)
    text += f": {stats.total} nhiệm vụ, {stats.done} đã hoàn thành"
    if stats.overdue:
        text += f", {stats.overdue} quá hạn"
    return Readiness(text + ".")


def staff_readiness(store: Store, year: int, day: date) -> Readiness:
    from cchc_desktop.core.staff import load_staff_lists
    from cchc_desktop.core.standards import Outcome, evaluate_on
    from cchc_desktop.store.staff_repo import load_standard_sets, officials_on

    on = staff_day(year, day)
    if on.year < year:
        return Readiness(year_not_started(year, day), available=False)
    lists = load_staff_lists()
    evaluations = evaluate_on(officials_on(store, on), load_standard_sets(store), lists, on)
    counted = [e for e in evaluations if e.outcome != Outcome.NOT_APPLICABLE]
    text = f"Số liệu tại ngày {format_date(on)}"
    if not counted:
        return Readiness(
            text + ": chưa có cán bộ, công chức nào thuộc diện chuẩn hóa trong danh sách.",
            caution=True,
        )
    met = sum(e.outcome == Outcome.MET for e in counted)
    text += f": {len(counted)} người thuộc diện chuẩn hóa, {met} người đạt chuẩn"
    if met < len(counted):
        text += f", {len(counted) - met} người chưa đạt hoặc còn thiếu thông tin"
    return Readiness(text + ".")
