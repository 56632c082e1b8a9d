"""What the three reports share: their keys and names, the officer's options, and the frame
of an official document (the header, the number and date line, the recipients, the signing,
the demo notice and the data a submission carries), with the helpers of their tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from cchc_desktop.core.points import percent_of
from cchc_desktop.core.profile import CommuneProfile
from cchc_desktop.core.submission_data import DATA_FORMAT, DATA_FORMAT_VERSION
from cchc_desktop.core.text import ascii_slug
from cchc_desktop.exports import ExportError
from cchc_desktop.exports.document import (
    Column,
    OfficialDocument,
    Paragraph,
    ParagraphStyle,
    Row,
    RowStyle,
    Signing,
    Table,
    Term,
    make_table,
    official_date_line,
    signing_lines,
    sum_problems,
)
from cchc_desktop.store.database import Store

SELF_ASSESSMENT = "tu-danh-gia"
TASKS = "nhiem-vu"
STAFF = "chuan-hoa"
DOCUMENT_KEYS = (SELF_ASSESSMENT, TASKS, STAFF)
DOCUMENT_NAMES = {
    SELF_ASSESSMENT: "Báo cáo kết quả tự đánh giá, chấm điểm Chỉ số CCHC",
    TASKS: "Báo cáo kết quả thực hiện nhiệm vụ CCHC",
    STAFF: "Báo cáo chuẩn hóa đội ngũ cán bộ, công chức",
}
# The names the command line accepts (English or the file names' Vietnamese).
DOCUMENT_ALIASES = {
    "self-assessment": SELF_ASSESSMENT,
    "tasks": TASKS,
    "staff": STAFF,
    SELF_ASSESSMENT: SELF_ASSESSMENT,
    TASKS: TASKS,
    STAFF: STAFF,
}
PERIOD_LABELS = {"quy-1": "quý I", "6-thang": "6 tháng đầu năm", "quy-3": "quý III", "nam": "năm"}
DEMO_NOTICE = (
    "Văn bản này được tạo từ DỮ LIỆU MẪU của chương trình CCHC Desktop (một xã giả định), "
    "không phải số liệu của đơn vị; không dùng để báo cáo."
)


def period_phrase(key: str, year: int) -> str:
    """A period with its year as a title or a sentence writes it: «quý I năm 2026»,
    «6 tháng đầu năm 2026», «năm 2026» (never «năm năm 2026»)."""
    label = PERIOD_LABELS.get(key, key)
    if label == "năm" or label.endswith(" năm"):
        return f"{label} {year}"
    return f"{label} năm {year}"


@dataclass(frozen=True)
class ReportOptions:
    """What the officer chooses for the documents of a submission."""

    day: date  # the document's date (on the date line); figures are as they stand that day
    number: str = ""  # the number the văn thư gives ("15" → "Số: 15/BC-UBND"); blank to fill in
    parent_line: str | None = None  # the superior body above the issuer; None: from the province
    recipients: tuple[str, ...] | None = None  # the lines under "Nơi nhận:"; None: the defaults


# --- the frame of an official document -------------------------------------------------------


def default_parent_line(profile: CommuneProfile) -> str:
    """``"UBND TỈNH GIA LAI"``: the superior of a commune's committee since 2025."""
    return f"UBND {profile.province.upper()}" if profile.province else ""


def default_recipients(profile: CommuneProfile) -> tuple[str, ...]:
    kind = profile.unit_kind or "xã"
    lines = [f"- {profile.superior_body} (b/c);"] if profile.superior_body else []
    lines += [
        f"- TT Đảng ủy, TT HĐND {kind} (b/c);",
        f"- Chủ tịch, các PCT UBND {kind};",
        "- Lưu: VT, VP.",
    ]
    return tuple(lines)


def require_profile(profile: CommuneProfile | None) -> CommuneProfile:
    """The profile a report is signed with; refused when the commune is not named yet."""
    if profile is None or not profile.commune_name:
        raise ExportError(
            "Chưa có thông tin của xã (tên xã, người ký, cơ quan nhận báo cáo). Vào mục "
            "«Thông tin đơn vị» để nhập trước khi xuất báo cáo."
        )
    return profile


def number_line(number: str) -> str:
    """``"Số: 07/BC-UBND"``: as the decree writes it, a number below 10 has a leading zero."""
    number = number.strip().removesuffix("/BC-UBND").strip()
    if number.isdigit() and len(number) == 1:
        number = f"0{number}"
    return f"Số: {number}/BC-UBND" if number else "Số:        /BC-UBND"


def official_report(
    store: Store,
    profile: CommuneProfile,
    options: ReportOptions,
    *,
    key: str,
    stem: str,
    summary: str,
    blocks: Sequence[Paragraph | Table],
    appendix: Sequence[Table],
    data: dict[str, Any],
) -> OfficialDocument:
    """A report of the commune's committee around ``blocks`` (its body) and ``appendix``."""
    parent = default_parent_line(profile) if options.parent_line is None else options.parent_line
    for table in [*(b for b in blocks if isinstance(b, Table)), *appendix]:
        problems = sum_problems(table)
        if problems:  # a bug, never the officer's doing: the writers would print wrong totals
            raise AssertionError("; ".join(problems))
    if store.is_demo:
        blocks = [Paragraph(DEMO_NOTICE, ParagraphStyle.NOTE), *blocks]
    return OfficialDocument(
        key=key,
        file_stem=f"{stem}-{ascii_slug(profile.unit_name, 40)}",
        parent_lines=(parent.upper(),) if parent.strip() else (),
        issuer_lines=("ỦY BAN NHÂN DÂN", profile.unit_name.upper()),
        number=number_line(options.number),
        place_date=official_date_line(profile.effective_place_name, options.day),
        doc_type="BÁO CÁO",
        summary=summary,
        blocks=tuple(blocks),
        recipients=options.recipients
        if options.recipients is not None
        else default_recipients(profile),
        signing=Signing(signing_lines(profile.signer_title), profile.signer_name),
        appendix=tuple(appendix),
        issuer_name=profile.committee_name,
        data={
            "format": DATA_FORMAT,
            "format_version": DATA_FORMAT_VERSION,
            "document": key,
            "unit_code": profile.commune_code,
            "unit_name": profile.unit_name,
            "province": profile.province,
            "day": options.day.isoformat(),
            "demo": store.is_demo,
            **data,
        },
    )


# --- the helpers of the tables ---------------------------------------------------------------


def count_percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` people or tasks in per cent; None when there are none."""
    return percent_of(Decimal(part), Decimal(whole))


def total_row(label: str, cells: Sequence[object], above: int) -> Row:
    """The total row of a table whose ``above`` rows it adds up: «Tổng số» and its sums."""
    return Row(("", label, *cells), RowStyle.TOTAL, tuple(Term(i) for i in range(above)))


def keep_sum(rows: list[Row], index: int, columns: Sequence[Column]) -> None:
    """Drop the ``sum_of`` of ``rows[index]`` if its summed cells are not the sums (a total
    the application computes otherwise, e.g. with bonus points): the value is then written
    as it is rather than as a formula that would give another number."""
    row = rows[index]
    probe = make_table("probe", "", "probe", columns, rows)
    if any(f"dòng {index}," in p for p in sum_problems(probe)):
        rows[index] = Row(row.cells, row.style, ())
