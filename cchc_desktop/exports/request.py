"""The rules of a report request: what must hold before a submission is built.

The screen «Báo cáo & hồ sơ nộp» and the command ``export`` both ask here, so that one
cannot make what the other refuses: which documents and formats, the year and the period,
the document's date (not after today: the figures are counted up to it) and number (one
number is one document), the recipients, the lines a document carries (the superior
body above the issuer and the recipients: those last used with this data, else the
profile's), and how ready each report is for the year and the date (a line under each
report on the screen; a refusal or a remark on the command line). The readiness lines
are computed the way the reports are built: the sheet as of the document's date, the
report calendar's periods, the officials in post on the day the staff report counts
them.

Plain Python reading the store, no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cchc_desktop.core.periodic_reports import schedule_with_overrides
from cchc_desktop.core.points import format_percent, format_points
from cchc_desktop.core.profile import FIRST_ASSESSMENT_YEAR, CommuneProfile
from cchc_desktop.core.text import format_date
from cchc_desktop.exports import ExportError
from cchc_desktop.exports.reports.common import (
    DOCUMENT_KEYS,
    DOCUMENT_NAMES,
    PERIOD_LABELS,
    SELF_ASSESSMENT,
    STAFF,
    TASKS,
    ReportOptions,
    default_parent_line,
    default_recipients,
)
from cchc_desktop.exports.reports.staff import staff_day, year_not_started
from cchc_desktop.exports.reports.tasks import period_not_started, period_of
from cchc_desktop.store.database import Store

PDF = "pdf"
XLSX = "xlsx"
FORMATS = (PDF, XLSX)
FORMAT_NAMES = {PDF: "PDF", XLSX: "Excel"}

# What a problem is about: the screen shows each at its place.
DOCUMENTS = "documents"
FORMATS_KEY = "formats"
YEAR = "year"
PERIOD = "period"
DAY = "day"
NUMBER = "number"
RECIPIENTS = "recipients"


@dataclass(frozen=True)
class SubmissionRequest:
    documents: tuple[str, ...]  # some of DOCUMENT_KEYS, in that order
    year: int
    period: str = "nam"  # the period of the task report: quy-1, 6-thang, quy-3, nam
    formats: tuple[str, ...] = FORMATS
    make_zip: bool = False


# --- the lines of a document the officer may change -----------------------------------------

# Store settings: they travel with the commune's data (another PC, a restored backup).
PARENT_LINE_KEY = "reports.parent_line"
RECIPIENTS_KEY = "reports.recipients"


@dataclass(frozen=True)
class DocumentLines:
    parent_line: str  # the superior body above the issuer ("UBND TỈNH GIA LAI"), or ""
    recipients: tuple[str, ...]  # the lines under «Nơi nhận:»


def default_lines(profile: CommuneProfile | None) -> DocumentLines:
    """The profile's lines: its province's committee above, its usual recipients."""
    return DocumentLines(
        default_parent_line(profile) if profile else "",
        default_recipients(profile or CommuneProfile()),
    )


def document_lines(store: Store, profile: CommuneProfile | None) -> DocumentLines:
    """The lines a document carries: those last used with this data, else the profile's."""
    from cchc_desktop.store.settings_repo import get_setting

    default = default_lines(profile)
    parent = get_setting(store, PARENT_LINE_KEY)
    recipients = get_setting(store, RECIPIENTS_KEY)
    return DocumentLines(
        parent if isinstance(parent, str) else default.parent_line,
        tuple(str(r) for r in recipients) if isinstance(recipients, list) else default.recipients,
    )


def remember_lines(
    store: Store, profile: CommuneProfile | None, lines: DocumentLines
) -> dict[str, str]:
    """Keep ``lines`` with the data for next time. A line equal to its default is not
    stored (a stored one is dropped): it follows the profile when that changes.

    Returns the setting keys that could not be written, with the store's message (the
    documents are made by then: only the memory is lost)."""
    from cchc_desktop.store import StoreError
    from cchc_desktop.store.settings_repo import get_setting, set_setting

    default = default_lines(profile)
    failed = {}
    for key, value, usual in (
        (PARENT_LINE_KEY, lines.parent_line, default.parent_line),
        (RECIPIENTS_KEY, list(lines.recipients), list(default.recipients)),
    ):
        stored = None if value == usual else value
        try:
            if stored is not None or get_setting(store, key) is not None:
                set_setting(store, key, stored)
        except StoreError as exc:
            failed[key] = exc.message
    return failed


def year_range(today: date) -> tuple[int, int]:
    """The years a report may be for: from the first year of the index to next year."""
    return FIRST_ASSESSMENT_YEAR, today.year + 1


def shape_problems(request: SubmissionRequest) -> dict[str, str]:
    """What is wrong with the documents and formats asked for (no store, no date)."""
    problems = {}
    unknown = [d for d in request.documents if d not in DOCUMENT_KEYS]
    if not request.documents:
        problems[DOCUMENTS] = "Chưa chọn báo cáo nào. Chọn ít nhất một báo cáo để xuất."
    elif unknown:
        problems[DOCUMENTS] = f"Không có loại báo cáo «{unknown[0]}»."
    if not request.formats:
        problems[FORMATS_KEY] = "Chọn ít nhất một định dạng tệp: PDF, Excel hoặc cả hai."
    elif any(f not in FORMATS for f in request.formats):
        problems[FORMATS_KEY] = "Định dạng tệp phải là PDF, Excel hoặc cả hai."
    return problems


def request_problems(
    request: SubmissionRequest,
    *,
    day: date | None,
    today: date,
    number: str = "",
    recipients: Sequence[str] | None = None,
) -> dict[str, str]:
    """Every rule a request breaks, keyed by what it is about (:data:`DAY`, :data:`NUMBER`…);
    empty when the documents may be built. ``recipients`` None: the profile's defaults."""
    problems = shape_problems(request)
    first, last = year_range(today)
    if not first <= request.year <= last:
        problems[YEAR] = f"Năm báo cáo phải từ {first} đến {last}."
    if TASKS in request.documents and request.period not in PERIOD_LABELS:
        known = ", ".join(PERIOD_LABELS)
        problems[PERIOD] = f"Không có kỳ báo cáo «{request.period}». Các kỳ có: {known}."
    if day is None:
        problems[DAY] = "Nhập ngày của văn bản (ngày/tháng/năm)."
    elif day > today:
        problems[DAY] = (
            f"Ngày văn bản không được sau hôm nay ({format_date(today)}): số liệu được tính "
            "đến ngày của văn bản."
        )
    if number.strip() and len(request.documents) > 1:
        problems[NUMBER] = (
            "Mỗi báo cáo có số riêng: khi tạo nhiều báo cáo một lần, để trống số văn bản "
            "(văn thư ghi số khi đăng ký), hoặc tạo từng báo cáo một."
        )
    if recipients is not None and not [r for r in recipients if r.strip()]:
        problems[RECIPIENTS] = "Nhập ít nhất một nơi nhận (mỗi dòng một nơi)."
    return problems


def check_request(
    store: Store, request: SubmissionRequest, options: ReportOptions, today: date
) -> dict[str, Readiness]:
    """The readiness of each document asked for, once every rule holds; otherwise
    :class:`ExportError` naming every problem, one a line (nothing is built)."""
    problems = request_problems(
        request,
        day=options.day,
        today=today,
        number=options.number,
        recipients=options.recipients,
    )
    if problems:
        raise ExportError("\n".join(problems.values()))
    ready = readiness_of(store, request.year, request.period, options.day, request.documents)
    refused = [f"{DOCUMENT_NAMES[k]}: {r.text}" for k, r in ready.items() if not r.available]
    if refused:
        raise ExportError("\n".join(refused))
    return ready


# --- how ready each report is ------------------------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    text: str
    available: bool = True  # False: the report cannot be built (the text says why)
    caution: bool = False  # something to look at before sending it


def readiness_of(
    store: Store,
    year: int,
    period: str,
    day: date,
    documents: Sequence[str] = DOCUMENT_KEYS,
) -> dict[str, Readiness]:
    """The readiness of ``documents`` for ``year`` (and ``period``) on the document's ``day``."""
    result = {}
    for key in DOCUMENT_KEYS:
        if key not in documents:
            continue
        if key == SELF_ASSESSMENT:
            result[key] = self_assessment_readiness(store, year, day)
        elif key == TASKS:
            result[key] = tasks_readiness(store, year, period, day)
        elif key == STAFF:
            result[key] = staff_readiness(store, year, day)
    return result


def self_assessment_readiness(store: Store, year: int, day: date) -> Readiness:
    from cchc_desktop.store.scoring_repo import assessment_for_year, sheet_state

    assessment = assessment_for_year(store, year)
    if assessment is None:
        return Readiness(
            f"Năm {year} chưa có bảng tự chấm điểm Chỉ số CCHC (vào mục «Tự chấm điểm» để "
            "bắt đầu chấm).",
            available=False,
        )
    if day.year < year:
        return Readiness(year_not_started(year, day), available=False)
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
        phrase, start, end = period_of(store, period, year)
    except ExportError as exc:
        return Readiness(exc.message, available=False)
    problem = period_not_started(phrase, start, day)
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
    from cchc_desktop.core.standard_checks import Outcome, evaluate_on
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
