"""The staff list with the result of checking each official against the standards, as Excel.

Sheets: «Danh sách» (one row per official, in the order given), «Tỷ lệ» (ratios
by category, as live formulas an officer can check) and, when a plan is given,
«Kế hoạch chuẩn hóa». Personal data — gender, birth, ethnicity (Nghị định
13/2023/NĐ-CP) — is written only when asked for, and the sheet then says so under
its title; otherwise none of it, nor an age computed from it, appears anywhere.

Every text typed by a user is written as text: a name starting with "=" is never
a formula. openpyxl is imported when the export runs, not with this module.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_desktop.core.staff import Official, StaffLists
from cchc_desktop.core.standard_checks import Evaluation, Outcome, deadline_text, gap_text
from cchc_desktop.core.standard_ratios import ratios_by, report_sentence
from cchc_desktop.core.text import format_date
from cchc_desktop.exports.workbook import (
    FONT,
    cell_at,
    fit_columns,
    print_setup,
    put_text,
    save_workbook,
    table,
    title_block,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

log = logging.getLogger(__name__)

LIST_SHEET = "Danh sách"
RATIO_SHEET = "Tỷ lệ"
PLAN_SHEET = "Kế hoạch chuẩn hóa"
LIST_TITLE = "DANH SÁCH CÁN BỘ, CÔNG CHỨC VÀ KẾT QUẢ ĐỐI CHIẾU TIÊU CHUẨN"
RATIO_TITLE = "TỶ LỆ CÁN BỘ, CÔNG CHỨC ĐẠT CHUẨN THEO ĐỐI TƯỢNG"
PLAN_TITLE = "KẾ HOẠCH CHUẨN HÓA CÁN BỘ, CÔNG CHỨC"
PERSONAL_DATA_NOTICE = (
    "Tệp này chứa dữ liệu cá nhân (giới tính, ngày sinh, dân tộc) theo Nghị định "
    "13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân: chỉ dùng cho công việc được giao; không "
    "gửi, chia sẻ cho người không có trách nhiệm; lưu giữ an toàn và xóa khi không còn cần."
)
RATIO_HEADERS = ("Nhóm", "Số người", "Đạt chuẩn", "Chưa đạt", "Thiếu thông tin", "Tỷ lệ")
PLAN_HEADERS = ("STT", "Họ và tên", "Tiêu chuẩn cần đáp ứng", "Biện pháp", "Thời hạn")

_RESULT_TEXT = {
    Outcome.MET: "Đạt chuẩn",
    Outcome.NOT_MET: "Chưa đạt",
    Outcome.UNKNOWN: "Thiếu thông tin",
    Outcome.NOT_APPLICABLE: "Không thuộc diện chuẩn hóa",
}
_PERCENT_FORMAT = "0.0%"


# --- the columns of «Danh sách» --------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    header: str
    value: Callable[[int, Evaluation], object]
    min_width: int = 8
    max_width: int = 30
    centred: bool = False


def _position_text(e: Evaluation, position_names: dict[tuple[str, str], str]) -> str:
    o = e.official
    if o.standard_family and o.position:
        found = position_names.get((o.standard_family, o.position))
        if found:
            return found
    if e.position is not None:
        return e.position.name
    return o.position_title


def _level(o: Official, attribute: str, lists: StaffLists) -> str:
    code = o.level_of(attribute)
    return lists.scales[attribute].name(code) if code else ""


def _birth_value(o: Official) -> object:
    """A full date as a date (formatted dd/mm/yyyy); a year alone as the text "1985"."""
    if o.birth is None:
        return ""
    return o.birth.day if o.birth.day is not None else str(o.birth.year)


def _gaps_text(e: Evaluation, include_personal: bool) -> str:
    lines = [gap_text(c, include_personal) for c in e.gaps]
    if e.training_overdue is not None:
        lines.append(
            f"Khóa đào tạo lẽ ra kết thúc ngày {format_date(e.training_overdue)}: cập nhật "
            "trình độ nếu đã tốt nghiệp"
        )
    elif e.meets_on is not None:
        lines.append(f"Sẽ đạt chuẩn khi kết thúc đào tạo ({format_date(e.meets_on)})")
    if len(lines) > 1:
        lines = [f"• {line}" for line in lines]
    return "\n".join(lines)


def _columns(
    lists: StaffLists,
    position_names: dict[tuple[str, str], str],
    on: date,
    include_personal: bool,
) -> list[_Column]:
    def level(attribute: str) -> Callable[[int, Evaluation], object]:
        return lambda _n, e: _level(e.official, attribute, lists)

    def deadline(_n: int, e: Evaluation) -> str:
        if e.outcome not in (Outcome.NOT_MET, Outcome.UNKNOWN) or e.deadline is None:
            return ""
        return deadline_text(e.deadline, on)

    personal = [
        _Column(
            "Giới tính",
            lambda _n, e: e.official.gender.label if e.official.gender else "",
            min_width=6,
            centred=True,
        ),
        _Column("Ngày sinh", lambda _n, e: _birth_value(e.official), min_width=11, centred=True),
        _Column("Dân tộc", lambda _n, e: e.official.ethnicity, min_width=7, max_width=14),
    ]
    return [
        _Column("STT", lambda n, _e: n, min_width=5, centred=True),
        _Column("Họ và tên", lambda _n, e: e.official.full_name, min_width=18, max_width=28),
        *(personal if include_personal else []),
        _Column(
            "Chức danh/vị trí việc làm",
            lambda _n, e: _position_text(e, position_names),
            min_width=18,
            max_width=36,
        ),
        _Column(
            "Phòng",
            lambda _n, e: lists.name("departments", e.official.department),
            max_width=26,
        ),
        _Column(
            "Đối tượng", lambda _n, e: lists.name("categories", e.official.category), max_width=22
        ),
        _Column("Trình độ chuyên môn", level("professional"), min_width=10, max_width=18),
        _Column("Chuyên ngành", lambda _n, e: e.official.field_of_study, max_width=24),
        _Column("Lý luận chính trị", level("political_theory"), max_width=16),
        _Column("Quản lý nhà nước", level("state_management"), max_width=16),
        _Column("Tin học", level("it"), max_width=18),
        _Column("Ngoại ngữ", level("foreign_language"), max_width=14),
        _Column("Kết quả", lambda _n, e: _RESULT_TEXT[e.outcome], min_width=10, max_width=16),
        _Column(
            "Tiêu chuẩn chưa đạt / thiếu thông tin",
            lambda _n, e: _gaps_text(e, include_personal),
            min_width=30,
            max_width=60,
        ),
        _Column("Hạn chuẩn hóa", deadline, min_width=12, max_width=24),
    ]


def list_headers(include_personal: bool) -> list[str]:
    """The header row of «Danh sách»."""
    no_lists = StaffLists((), (), (), {})  # the headers do not depend on the lists
    return [c.header for c in _columns(no_lists, {}, date.min, include_personal)]


# --- the sheets ------------------------------------------------------------------------------


def _list_sheet(
    ws: Worksheet,
    evaluations: Sequence[Evaluation],
    lists: StaffLists,
    position_names: dict[tuple[str, str], str],
    on: date,
    commune_title: str,
    include_personal: bool,
) -> None:
    from openpyxl.utils import get_column_letter

    columns = _columns(lists, position_names, on, include_personal)
    headers = [c.header for c in columns]
    rows = [[c.value(n, e) for c in columns] for n, e in enumerate(evaluations, start=1)]
    widths = fit_columns(ws, headers, rows, [(c.min_width, c.max_width) for c in columns])
    lines = [
        (commune_title.upper(), "title"),
        (LIST_TITLE, "bold"),
        (f"Tại ngày {format_date(on)}", "italic"),
    ]
    if include_personal:
        lines.append((PERSONAL_DATA_NOTICE, "notice"))
    header_row = title_block(ws, lines, len(columns), sum(widths))
    table(ws, header_row, headers, rows, [c.centred for c in columns])
    last = get_column_letter(len(columns))
    ws.freeze_panes = ws.cell(header_row + 1, 3).coordinate  # the header, and STT with the name
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(len(rows), 1)}"
    print_setup(ws, header_row)


def _ratio_sheet(
    ws: Worksheet,
    evaluations: Sequence[Evaluation],
    lists: StaffLists,
    on: date,
    commune_title: str,
) -> None:
    from openpyxl.styles import Alignment, Font

    # Ratios count those in post on the day; a retired officer listed above is not counted.
    evaluations = [e for e in evaluations if e.official.is_counted_on(on, lists)]
    ratios = ratios_by(evaluations, lambda e: e.official.category)
    rows: list[list[object]] = [
        [lists.name("categories", r.group), r.total, r.met, r.not_met, r.unknown, None]
        for r in ratios
    ]
    bounds = [(24, 40), (10, 12), (10, 12), (10, 12), (12, 14), (10, 12)]
    widths = fit_columns(ws, RATIO_HEADERS, rows, bounds)
    lines = [
        (commune_title.upper(), "title"),
        (RATIO_TITLE, "bold"),
        (f"Tại ngày {format_date(on)}", "italic"),
    ]
    header_row = title_block(ws, lines, len(RATIO_HEADERS), sum(widths))
    total_row = header_row + len(rows) + 1
    rows.append(["Tổng số", 0, 0, 0, 0, None])
    table(ws, header_row, RATIO_HEADERS, rows, [False, True, True, True, True, True])
    first, last = header_row + 1, total_row - 1
    for letter in "BCDE":
        cell = ws[f"{letter}{total_row}"]
        cell.value = f"=SUM({letter}{first}:{letter}{last})" if rows[:-1] else 0
    for row in range(first, total_row + 1):
        cell = ws[f"F{row}"]
        cell.value = f"=IF(B{row}>0,C{row}/B{row},0)"
        cell.number_format = _PERCENT_FORMAT
    for column in range(1, len(RATIO_HEADERS) + 1):
        ws.cell(total_row, column).font = Font(name=FONT, size=11, bold=True)

    notes = [report_sentence(evaluations, lists, on)]
    outside = sum(e.outcome == Outcome.NOT_APPLICABLE for e in evaluations)
    if outside:
        notes.append(
            f"Không tính {outside} người không thuộc diện chuẩn hóa (hợp đồng lao động, …)."
        )
    will_meet = sum(r.will_meet for r in ratios)
    if will_meet:
        notes.append(
            f"Trong số chưa đạt, {will_meet} người sẽ đạt chuẩn khi kết thúc khóa đào tạo đang học."
        )
    row = total_row + 2
    for index, text in enumerate(notes):
        cell = cell_at(ws, row, 1)
        put_text(cell, text)
        cell.font = Font(name=FONT, size=12, italic=index > 0)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(RATIO_HEADERS))
        ws.row_dimensions[row].height = 18 * max(1, math.ceil(len(text) * 1.15 / sum(widths)))
        row += 1
    ws.freeze_panes = ws.cell(header_row + 1, 1).coordinate
    print_setup(ws, header_row)


def _plan_sheet(
    ws: Worksheet, plan: Sequence[tuple[str, str, str, str]], on: date, commune_title: str
) -> None:
    rows = [[n, *values] for n, values in enumerate(plan, start=1)]
    widths = fit_columns(ws, PLAN_HEADERS, rows, [(5, 5), (18, 28), (20, 45), (24, 60), (12, 24)])
    lines = [
        (commune_title.upper(), "title"),
        (PLAN_TITLE, "bold"),
        (f"Tại ngày {format_date(on)}", "italic"),
    ]
    header_row = title_block(ws, lines, len(PLAN_HEADERS), sum(widths))
    table(ws, header_row, PLAN_HEADERS, rows, [True, False, False, False, False])
    ws.freeze_panes = ws.cell(header_row + 1, 1).coordinate
    print_setup(ws, header_row)


# --- the export --------------------------------------------------------------------------------


def export_staff_list(
    path: str | os.PathLike[str],
    evaluations: Sequence[Evaluation],
    lists: StaffLists,
    position_names: dict[tuple[str, str], str],
    *,
    on: date,
    commune_title: str,
    include_personal: bool,
    plan: Sequence[tuple[str, str, str, str]] = (),
) -> Path:
    """Write the staff list, its ratios and (when given) the plan as an .xlsx workbook.

    ``plan`` rows are (name, requirement, action, deadline text). The file is
    written under a temporary name in the same folder, then renamed over ``path``.
    Raises :class:`ExportError` (nothing left behind) when it cannot be written.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.properties.creator = "CCHC Desktop"
    workbook.properties.title = LIST_TITLE.capitalize()
    ws = workbook.active
    assert ws is not None
    ws.title = LIST_SHEET
    _list_sheet(ws, evaluations, lists, position_names, on, commune_title, include_personal)
    _ratio_sheet(workbook.create_sheet(RATIO_SHEET), evaluations, lists, on, commune_title)
    if plan:
        _plan_sheet(workbook.create_sheet(PLAN_SHEET), plan, on, commune_title)
    return save_workbook(workbook, Path(path))
