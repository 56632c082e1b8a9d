"""``chuan-hoa``: Báo cáo chuẩn hóa đội ngũ cán bộ, công chức.

The ratios by category and by department, and in the appendix the officials who do not
meet the standard with what they lack and the planned action.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from cchc_desktop.core.profile import CommuneProfile
from cchc_desktop.core.staff import StaffLists
from cchc_desktop.core.standard_checks import Evaluation, Outcome
from cchc_desktop.core.standard_plan import GapRow, gap_rows
from cchc_desktop.core.standard_ratios import ratios_by, report_sentence
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
    Table,
    make_table,
)
from cchc_desktop.exports.reports.common import (
    STAFF,
    ReportOptions,
    count_percent,
    official_report,
    require_profile,
    total_row,
)
from cchc_desktop.store.database import Store

NO_DEPARTMENT = "(Không thuộc phòng nào)"


def staff_day(year: int, day: date) -> date:
    """The day the staff report counts the officials: 31/12 of the year, or ``day`` if earlier."""
    return min(date(year, 12, 31), day)


def year_not_started(year: int, day: date) -> str:
    return f"Năm {year} chưa đến: ngày của văn bản là {format_date(day)}."


@dataclass(frozen=True)
class _Staff:
    """The officials in post on the day counted, evaluated, and their gaps to close."""

    on: date
    lists: StaffLists
    evaluations: list[Evaluation]
    gaps: list[GapRow]  # not met or unknown, with their planned actions

    def department(self, e: Evaluation) -> str:
        code = e.official.department
        return self.lists.name("departments", code) if code else NO_DEPARTMENT


def _read_staff(store: Store, year: int, options: ReportOptions) -> _Staff:
    from cchc_desktop.core.staff import load_staff_lists
    from cchc_desktop.core.standard_checks import evaluate_on
    from cchc_desktop.core.standards import position_names
    from cchc_desktop.store.staff_repo import (
        load_actions,
        load_standard_sets,
        officials_on,
        task_states,
    )

    on = staff_day(year, options.day)
    if on.year < year:
        raise ExportError(year_not_started(year, options.day))
    lists = load_staff_lists()
    sets = load_standard_sets(store)
    evaluations = evaluate_on(officials_on(store, on), sets, lists, on)
    actions = load_actions(store)
    states = task_states(store, [a.task_uuid for a in actions if a.task_uuid])
    gaps = [
        g
        for g in gap_rows(evaluations, actions, position_names(sets), states)
        if g.check.outcome in (Outcome.NOT_MET, Outcome.UNKNOWN)
    ]
    return _Staff(on, lists, evaluations, gaps)


def _ratio_table(
    key: str,
    title: str,
    sheet: str,
    evaluations: list[Evaluation],
    group: Callable[[Evaluation], str],
) -> Table:
    columns = [
        Column("STT", Kind.TEXT, 5),
        Column("Nhóm", Kind.TEXT, 32),
        Column("Số người", Kind.INTEGER, 9, summed=True),
        Column("Đạt chuẩn", Kind.INTEGER, 9, summed=True),
        Column("Chưa đạt", Kind.INTEGER, 9, summed=True),
        Column("Thiếu thông tin", Kind.INTEGER, 10, summed=True),
        Column("Tỷ lệ đạt chuẩn", Kind.PERCENT, 10, derived=Ratio(3, 2)),
    ]
    ratios = ratios_by(evaluations, group)
    rows = [
        Row((str(n), r.group, r.total, r.met, r.not_met, r.unknown, count_percent(r.met, r.total)))
        for n, r in enumerate(ratios, start=1)
    ]
    total = sum(r.total for r in ratios)
    met = sum(r.met for r in ratios)
    not_met = sum(r.not_met for r in ratios)
    unknown = sum(r.unknown for r in ratios)
    cells = (total, met, not_met, unknown, count_percent(met, total))
    rows.append(total_row("Tổng số", cells, len(rows)))
    return make_table(key, title, sheet, columns, rows)


def _gap_table(staff: _Staff) -> Table:
    """The appendix: each official short of the standard, a row per gap with its action."""
    from cchc_desktop.core.standard_checks import gap_text

    columns = [
        Column("STT", Kind.TEXT, 5),
        Column("Họ và tên", Kind.TEXT, 20),
        Column("Chức danh, vị trí việc làm", Kind.TEXT, 22),
        Column("Phòng, bộ phận", Kind.TEXT, 18),
        Column("Tiêu chuẩn chưa đạt / thiếu thông tin", Kind.TEXT, 40),
        Column("Biện pháp", Kind.TEXT, 30),
        Column("Thời hạn", Kind.DATE, 11),
    ]
    rows = []
    person = None
    n = 0
    for g in staff.gaps:
        first = g.evaluation.official.uuid != person
        person = g.evaluation.official.uuid
        n += first
        action = ""
        if g.action is not None:
            action = f"{g.action.kind.label}: {g.action.content}".rstrip(": ")
        elif g.check.meets_on is not None:
            action = f"Đang học, dự kiến đạt ngày {format_date(g.check.meets_on)}"
        rows.append(
            Row(
                (
                    str(n) if first else "",
                    g.name if first else "",
                    g.position if first else "",
                    staff.department(g.evaluation) if first else "",
                    gap_text(g.check, include_personal=False),
                    action,
                    g.action.deadline if g.action and g.action.deadline else g.check.meets_on,
                )
            )
        )
    return make_table(
        "chua-dat-chuan",
        "Danh sách cán bộ, công chức chưa đạt chuẩn và biện pháp chuẩn hóa",
        "Chưa đạt chuẩn",
        columns,
        rows,
        landscape=True,
        empty_text="Tất cả cán bộ, công chức thuộc diện chuẩn hóa đều đạt chuẩn.",
    )


def _body(profile: CommuneProfile, staff: _Staff) -> list[Paragraph | Table]:
    """«I. KẾT QUẢ CHUẨN HÓA» with the ratios, and «II. KẾ HOẠCH CHUẨN HÓA» in a sentence."""
    evaluations, gaps = staff.evaluations, staff.gaps
    lists = staff.lists
    outside = sum(e.outcome == Outcome.NOT_APPLICABLE for e in evaluations)
    blocks: list[Paragraph | Table] = [
        Paragraph(
            f"{profile.committee_name} báo cáo kết quả rà soát, đối chiếu trình độ, năng lực "
            "của đội ngũ cán bộ, công chức với tiêu chuẩn của chức danh, vị trí việc làm "
            f"(tại ngày {format_date(staff.on)}) như sau:"
        ),
        Paragraph("I. KẾT QUẢ CHUẨN HÓA", ParagraphStyle.HEADING),
        Paragraph(report_sentence(evaluations, lists, staff.on)),
    ]
    if outside:
        blocks.append(
            Paragraph(
                f"Không tính {outside} người không thuộc diện chuẩn hóa (hợp đồng lao động, …)."
            )
        )
    blocks.append(
        _ratio_table(
            "theo-doi-tuong",
            "Tỷ lệ cán bộ, công chức đạt chuẩn theo đối tượng",
            "Theo đối tượng",
            evaluations,
            lambda e: lists.name("categories", e.official.category),
        )
    )
    blocks.append(
        _ratio_table(
            "theo-phong",
            "Tỷ lệ cán bộ, công chức đạt chuẩn theo phòng, bộ phận",
            "Theo phòng",
            evaluations,
            staff.department,
        )
    )
    blocks.append(Paragraph("II. KẾ HOẠCH CHUẨN HÓA", ParagraphStyle.HEADING))
    people = len({g.evaluation.official.uuid for g in gaps})
    planned = sum(1 for g in gaps if g.action is not None)
    blocks.append(
        Paragraph(
            f"Có {people} người chưa đạt chuẩn hoặc còn thiếu thông tin, với {len(gaps)} tiêu "
            f"chuẩn cần chuẩn hóa; {planned} tiêu chuẩn đã có biện pháp và thời hạn. Danh sách "
            "chi tiết tại Phụ lục kèm theo báo cáo này./."
        )
        if gaps
        else Paragraph("Không có cán bộ, công chức nào cần chuẩn hóa./.")
    )
    return blocks


def staff_document(
    store: Store, year: int, options: ReportOptions, profile: CommuneProfile | None = None
) -> OfficialDocument:
    from cchc_desktop.store.profile_repo import load_profile

    profile = require_profile(profile or load_profile(store))
    staff = _read_staff(store, year, options)
    data = {"year": year, "on": staff.on.isoformat(), "people": len(staff.evaluations)}
    return official_report(
        store,
        profile,
        options,
        key=STAFF,
        stem=f"bao-cao-chuan-hoa-can-bo-cong-chuc-{year}",
        summary=f"Kết quả chuẩn hóa đội ngũ cán bộ, công chức {profile.unit_name} năm {year}",
        blocks=_body(profile, staff),
        appendix=[_gap_table(staff)],
        data=data,
    )
