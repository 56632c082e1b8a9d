"""``nhiem-vu``: Báo cáo kết quả thực hiện nhiệm vụ CCHC for quý I, 6 tháng, quý III or năm.

The figures by field and the list of tasks of the period; the periods are the commune's
calendar of periodic reports (data, editable).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from cchc_desktop.core.profile import CommuneProfile
from cchc_desktop.core.task_stats import TaskStatistics, compute_statistics
from cchc_desktop.core.tasks import DerivedState
from cchc_desktop.core.text import format_date
from cchc_desktop.exports import ExportError
from cchc_desktop.exports.document import (
    Column,
    Kind,
    OfficialDocument,
    Paragraph,
    ParagraphStyle,
    Ratio,
    Row,
    RowStyle,
    Table,
    make_table,
)
from cchc_desktop.exports.reports.common import (
    PERIOD_LABELS,
    TASKS,
    ReportOptions,
    count_percent,
    official_report,
    period_phrase,
    require_profile,
    total_row,
)
from cchc_desktop.store.database import Store

if TYPE_CHECKING:
    from cchc_desktop.store.task_repo import ReformField


def period_of(store: Store, key: str, year: int) -> tuple[str, date, date]:
    """(phrase, start, end) of a reporting period, from the commune's report calendar; the
    phrase names the period with its year («6 tháng đầu năm 2026»)."""
    from cchc_desktop.core.periodic_reports import schedule_with_overrides
    from cchc_desktop.store.settings_repo import REPORT_SCHEDULE, get_setting

    schedule = {r.key: r for r in schedule_with_overrides(get_setting(store, REPORT_SCHEDULE))}
    if key not in schedule:
        known = ", ".join(schedule)
        raise ExportError(f"Không có kỳ báo cáo «{key}». Các kỳ có: {known}.")
    start, end = schedule[key].period(year)
    return period_phrase(key, year), start, end


def period_not_started(phrase: str, start: date, day: date) -> str | None:
    """Why a period (``phrase``: «quý III năm 2026») cannot be reported on ``day`` (it starts
    later), or None."""
    if start <= day:
        return None
    return (
        f"Kỳ báo cáo {phrase} bắt đầu từ ngày {format_date(start)}, sau ngày của văn bản "
        f"({format_date(day)}): chưa có số liệu để báo cáo."
    )


_STATE_COLUMNS = (
    ("Hoàn thành đúng hạn", (DerivedState.DONE_ON_TIME,)),
    ("Hoàn thành quá hạn", (DerivedState.DONE_LATE,)),
    ("Quá hạn chưa hoàn thành", (DerivedState.OVERDUE,)),
    (
        "Đang thực hiện, chưa đến hạn",
        (DerivedState.IN_TIME, DerivedState.DUE_SOON, DerivedState.NO_DEADLINE),
    ),
    ("Tạm dừng", (DerivedState.PAUSED,)),
)


def _field_table(stats: TaskStatistics, names: dict[str, str], order: list[str]) -> Table:
    columns = [
        Column("STT", Kind.TEXT, 5),
        Column("Lĩnh vực", Kind.TEXT, 30),
        Column("Tổng số nhiệm vụ", Kind.INTEGER, 9, summed=True),
        *(Column(label, Kind.INTEGER, 10, summed=True) for label, _ in _STATE_COLUMNS),
        Column("Tỷ lệ hoàn thành đúng hạn", Kind.PERCENT, 10, derived=Ratio(3, 2)),
    ]
    keys = [c for c in order if c in stats.by_field] + sorted(
        (c for c in stats.by_field if c not in order), key=lambda c: c or ""
    )
    rows = []
    for n, code in enumerate(keys, start=1):
        counts = stats.by_field[code]
        total = sum(counts.values())
        on_time = counts[DerivedState.DONE_ON_TIME]
        rows.append(
            Row(
                (
                    str(n),
                    names.get(code or "", code or "Chưa xếp lĩnh vực"),
                    total,
                    *(sum(counts[s] for s in states) for _, states in _STATE_COLUMNS),
                    count_percent(on_time, total),
                )
            )
        )
    sums = (sum(stats.by_state[s] for s in states) for _, states in _STATE_COLUMNS)
    cells = (stats.total, *sums, count_percent(stats.done_on_time, stats.total))
    rows.append(total_row("Tổng số", cells, len(rows)))
    return make_table(
        "theo-linh-vuc",
        "Kết quả thực hiện nhiệm vụ theo lĩnh vực",
        "Theo lĩnh vực",
        columns,
        rows,
    )


def _task_list(store: Store, start: date, end: date, as_of: date, due_soon: int) -> Table:
    from cchc_desktop.store.task_table import period_task_rows

    columns = [
        Column("STT", Kind.TEXT, 5),
        Column("Nội dung nhiệm vụ", Kind.TEXT, 44),
        Column("Văn bản giao", Kind.TEXT, 22),
        Column("Chủ trì", Kind.TEXT, 16),
        Column("Thời hạn", Kind.DATE, 11),
        Column("Ngày hoàn thành", Kind.DATE, 11),
        Column("Tình trạng", Kind.TEXT, 14),
        Column("Kết quả, văn bản", Kind.TEXT, 22),
    ]
    rows: list[Row] = []
    field = None
    n = 0
    for task in period_task_rows(store, start, end, as_of, due_soon):
        if task.field_name != field or not rows:
            field = task.field_name
            rows.append(
                Row(("", (field or "Chưa xếp lĩnh vực").upper(), *[None] * 6), RowStyle.GROUP)
            )
        n += 1
        source = " ".join(
            p
            for p in (
                f"Số {task.source_number}" if task.source_number else "",
                f"ngày {format_date(task.source_date)}" if task.source_date else "",
                f"của {task.issuer}" if task.issuer else "",
            )
            if p
        )
        if task.self_assigned and not source:
            source = "Đơn vị tự đặt"
        rows.append(
            Row(
                (
                    str(n),
                    task.content,
                    source,
                    task.lead,
                    task.deadline,
                    task.completed_on if task.completed_on and task.completed_on <= as_of else None,
                    task.state.label,
                    task.results,
                )
            )
        )
    return make_table(
        "danh-sach-nhiem-vu",
        "Danh mục nhiệm vụ cải cách hành chính trong kỳ",
        "Danh mục nhiệm vụ",
        columns,
        rows,
        landscape=True,
        empty_text="Không có nhiệm vụ nào trong kỳ báo cáo.",
    )


def _body(
    profile: CommuneProfile,
    stats: TaskStatistics,
    phrase: str,
    fields: list[ReformField],
    start: date,
    end: date,
) -> list[Paragraph | Table]:
    """The figures of the period in sentences and by field, and the overdue tasks by issuer."""
    cut = f"số liệu từ ngày {format_date(start)} đến ngày {format_date(stats.as_of)}" + (
        f", kỳ báo cáo đến ngày {format_date(end)}" if stats.as_of < end else ""
    )
    blocks: list[Paragraph | Table] = [
        Paragraph(
            f"Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính, "
            f"{profile.committee_name} báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính "
            f"{phrase} ({cut}) như sau:"
        ),
        Paragraph("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ", ParagraphStyle.HEADING),
    ]
    for sentence in stats.sentences():
        blocks.append(Paragraph(f"- {sentence}"))
    if stats.carried_over:
        blocks.append(
            Paragraph(f"- Trong tổng số có {stats.carried_over} nhiệm vụ từ kỳ trước chuyển sang.")
        )
    names = {f.code: f.name for f in fields}
    blocks.append(_field_table(stats, names, [f.code for f in fields]))
    if stats.overdue:
        blocks.append(Paragraph("II. NHIỆM VỤ QUÁ HẠN", ParagraphStyle.HEADING))
        for issuer, count in stats.overdue_by_issuer.most_common():
            who = issuer or "đơn vị tự đặt hoặc văn bản không ghi cơ quan giao"
            blocks.append(Paragraph(f"- {count} nhiệm vụ do {who} giao."))
    blocks.append(
        Paragraph(
            "Danh mục nhiệm vụ trong kỳ và tình trạng thực hiện tại Phụ lục kèm theo báo cáo "
            f"này. {profile.committee_name} báo cáo {profile.superior_body or 'cấp trên'} "
            "theo dõi, chỉ đạo./."
        )
    )
    return blocks


def _data(year: int, period: str, start: date, end: date, stats: TaskStatistics) -> dict[str, Any]:
    """What the submission workbook carries for the machine: the period and its figures."""
    return {
        "year": year,
        "period": {
            "key": period,
            "label": PERIOD_LABELS.get(period, period),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "as_of": stats.as_of.isoformat(),
        },
        "figures": {
            "total": stats.total,
            "done_on_time": stats.done_on_time,
            "done_late": stats.done_late,
            "overdue": stats.overdue,
            "open": stats.open,
            "paused": stats.by_state[DerivedState.PAUSED],
            "cancelled": stats.cancelled,
            "carried_over": stats.carried_over,
        },
    }


def tasks_document(
    store: Store,
    year: int,
    period: str,
    options: ReportOptions,
    profile: CommuneProfile | None = None,
) -> OfficialDocument:
    from cchc_desktop.store.profile_repo import load_profile
    from cchc_desktop.store.settings_repo import due_soon_days
    from cchc_desktop.store.task_repo import reform_fields, task_facts

    profile = require_profile(profile or load_profile(store))
    phrase, start, end = period_of(store, period, year)
    problem = period_not_started(phrase, start, options.day)
    if problem:
        raise ExportError(problem)
    due_soon = due_soon_days(store)
    stats = compute_statistics(task_facts(store, start, end), start, end, options.day, due_soon)
    blocks = _body(profile, stats, phrase, reform_fields(store), start, end)
    return official_report(
        store,
        profile,
        options,
        key=TASKS,
        stem=f"bao-cao-ket-qua-nhiem-vu-cchc-{period}-{year}",
        summary=f"Kết quả thực hiện nhiệm vụ cải cách hành chính {phrase}",
        blocks=blocks,
        appendix=[_task_list(store, start, end, stats.as_of, due_soon)],
        data=_data(year, period, start, end, stats),
    )
