"""The three reports a commune sends up, built from the store as :class:`OfficialDocument`.

1. ``tu-danh-gia``: Báo cáo kết quả tự đánh giá, chấm điểm Chỉ số CCHC năm N — the
   year-on-year table per field, and the whole sheet (with the appraised scores when the
   superior has appraised it) on landscape pages.
2. ``nhiem-vu``: Báo cáo kết quả thực hiện nhiệm vụ CCHC for quý I, 6 tháng, quý III or năm
   — the figures by field and the list of tasks. The data periods are the commune's
   calendar of periodic reports (data, editable).
3. ``chuan-hoa``: Báo cáo chuẩn hóa đội ngũ cán bộ, công chức — the ratios by category and by
   department, and the officials who do not meet the standard with what they lack and
   the planned action.

The values are the application's own (the sheet, the task statistics, the evaluation of
officials); tables say which rows add up to which so that the Excel file totals them with
live formulas. Plain Python: reads the store, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from cchc_desktop.core.criteria import CriteriaSet, Criterion, MethodKind
from cchc_desktop.core.points import format_percent, format_points
from cchc_desktop.core.profile import CommuneProfile
from cchc_desktop.core.scoring import (
    ComparisonRow,
    Line,
    Sheet,
    compare_fields,
    compare_totals,
    ratio_text,
)
from cchc_desktop.core.standard_plan import gap_rows
from cchc_desktop.core.standards import Evaluation, Outcome, ratios_by, report_sentence
from cchc_desktop.core.submission_data import DATA_FORMAT, DATA_FORMAT_VERSION
from cchc_desktop.core.task_stats import TaskStatistics, compute_statistics
from cchc_desktop.core.tasks import DerivedState
from cchc_desktop.core.text import ascii_slug, format_date
from cchc_desktop.exports import ExportError
from cchc_desktop.exports.document import (
    Column,
    Difference,
    Kind,
    OfficialDocument,
    Paragraph,
    ParagraphStyle,
    Ratio,
    Row,
    RowStyle,
    Signing,
    Table,
    Term,
    json_value,
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
NO_DEPARTMENT = "(Không thuộc phòng nào)"
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


# --- the parts every document shares ---------------------------------------------------------


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


def _require_profile(profile: CommuneProfile | None) -> CommuneProfile:
    if profile is None or not profile.commune_name:
        raise ExportError(
            "Chưa có thông tin của xã (tên xã, người ký, cơ quan nhận báo cáo). Vào mục "
            "«Thông tin đơn vị» để nhập trước khi xuất báo cáo."
        )
    return profile


def _number_line(number: str) -> str:
    """``"Số: 07/BC-UBND"``: as the decree writes it, a number below 10 has a leading zero."""
    number = number.strip().removesuffix("/BC-UBND").strip()
    if number.isdigit() and len(number) == 1:
        number = f"0{number}"
    return f"Số: {number}/BC-UBND" if number else "Số:        /BC-UBND"


def _document(
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
        number=_number_line(options.number),
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


def _keep_sum(rows: list[Row], index: int, columns: Sequence[Column]) -> None:
    """Drop the ``sum_of`` of ``rows[index]`` if its summed cells are not the sums (a total
    the application computes otherwise, e.g. with bonus points): the value is then written
    as it is rather than as a formula that would give another number."""
    row = rows[index]
    probe = make_table("probe", "", "probe", columns, rows)
    if any(f"dòng {index}," in p for p in sum_problems(probe)):
        rows[index] = Row(row.cells, row.style, ())


# --- 1. self-assessment ----------------------------------------------------------------------


def _method_note(node: Criterion) -> str:
    kind = node.kind
    if kind == MethodKind.BONUS:
        return f"(điểm thưởng, tối đa {format_points(node.maximum)})"
    if kind == MethodKind.PENALTY:
        return f"(điểm trừ, tối đa {format_points(node.maximum)})"
    if node.children and node.outside_maximum:
        return "(ngoài điểm tối đa)"
    return ""


def _line_explanation(line: Line, explanation: str) -> str:
    parts = []
    if line.figure is not None and line.node.kind == MethodKind.AUTO:
        parts.append(line.figure.text())
    if explanation:
        parts.append(explanation)
    return "\n".join(parts)


def self_assessment_document(
    store: Store, year: int, options: ReportOptions, profile: CommuneProfile | None = None
) -> OfficialDocument:
    from cchc_desktop.store.criteria_repo import load_mapping
    from cchc_desktop.store.profile_repo import load_profile
    from cchc_desktop.store.scoring_evidence import evidence_of
    from cchc_desktop.store.scoring_repo import assessment_for_year, sheet_state

    profile = _require_profile(profile or load_profile(store))
    assessment = assessment_for_year(store, year)
    if assessment is None:
        raise ExportError(
            f"Năm {year} chưa có bảng tự chấm điểm Chỉ số CCHC. Vào mục «Tự chấm điểm», chọn "
            f"năm {year} và bộ tiêu chí để bắt đầu."
        )
    state = sheet_state(store, assessment, options.day)
    sheet, criteria = state.sheet, state.criteria
    previous = assessment_for_year(store, year - 1)
    old_sheet: Sheet | None = None
    links = None
    if previous is not None:
        old_state = sheet_state(store, previous, options.day)
        old_sheet = old_state.sheet
        links = load_mapping(store, old_state.criteria, criteria)

    appraised = [r for r, total in ((1, sheet.appraised_1), (2, sheet.appraised_2)) if total]
    evidence = {
        line.node.code: "\n".join(": ".join(p for p in (d.title(), d.summary) if p) for d in docs)
        for line in sheet.lines.values()
        if line.node.is_leaf and (docs := evidence_of(store, assessment, line.node.code))
    }

    # The sheet, line by line, on landscape pages.
    columns = [
        Column("STT", Kind.TEXT, 7),
        Column("Nội dung tiêu chí, tiêu chí thành phần", Kind.TEXT, 46),
        Column("Điểm tối đa", Kind.POINTS, 8, summed=True),
        Column("Điểm tự đánh giá", Kind.POINTS, 9, summed=True),
        Column("Tỷ lệ đạt", Kind.PERCENT, 8, derived=Ratio(3, 2)),
        Column("Tài liệu kiểm chứng", Kind.TEXT, 30),
        Column("Giải trình", Kind.TEXT, 28),
    ]
    if 1 in appraised:
        columns.append(Column("Điểm thẩm định", Kind.POINTS, 9, summed=True))
    if 2 in appraised:
        columns.append(Column("Điểm thẩm định lại", Kind.POINTS, 9, summed=True))
    if appraised:
        columns.append(
            Column("Chênh lệch", Kind.POINTS, 9, derived=Difference(len(columns) - 1, 3))
        )

    rows: list[Row] = []
    index_of: dict[str, int] = {}

    def signed(node: Criterion) -> int:
        return -1 if node.kind == MethodKind.PENALTY else 1

    def add(node: Criterion) -> None:
        line = sheet.lines[node.code]
        index_of[node.code] = len(rows)
        score = state.scores.get(node.code)
        outside = node.outside_maximum
        maximum: object = _method_note(node) if outside else node.maximum
        cells: list[object] = [
            node.code,
            node.title if node.is_leaf else node.title.upper() if line.depth == 0 else node.title,
            maximum,
            line.score,
            None if outside or line.score is None else _percent(line.score, node.maximum),
            evidence.get(node.code, ""),
            "",
        ]
        if node.is_leaf:
            note = _line_explanation(line, score.explanation if score else "")
            if node.kind == MethodKind.RATIO and score and score.denominator:
                counted = ratio_text(score.numerator or Decimal(0), score.denominator)
                note = "\n".join(p for p in (counted, note) if p)
            cells[6] = note
        if 1 in appraised:
            cells.append(line.appraised_1)
        if 2 in appraised:
            cells.append(line.appraised_2)
        if appraised:
            cells.append(line.difference if node.is_leaf else _difference(cells[-1], line.score))
        rows.append(Row(tuple(cells), RowStyle.NORMAL if node.is_leaf else RowStyle.GROUP))
        for child in node.children:
            add(child)
        if not node.is_leaf:
            terms = tuple(
                Term(index_of[c.code], signed(c) if outside else 1)
                for c in node.children
                if outside or not c.outside_maximum
            )
            rows[index_of[node.code]] = Row(rows[index_of[node.code]].cells, RowStyle.GROUP, terms)

    for f in criteria.fields:
        add(f)
    total_terms = [Term(index_of[f.code]) for f in criteria.fields if not f.outside_maximum]
    total_terms += [
        Term(index_of[n.code], signed(n)) for n in criteria.leaves() if n.outside_maximum
    ]
    total_cells: list[object] = [
        "",
        "TỔNG ĐIỂM",
        sheet.maximum,
        sheet.total,
        sheet.percent,
        "",
        "",
    ]
    if 1 in appraised:
        total_cells.append(sheet.appraised_1)
    if 2 in appraised:
        total_cells.append(sheet.appraised_2)
    if appraised:
        total_cells.append(_difference(total_cells[-1], sheet.total))
    rows.append(Row(tuple(total_cells), RowStyle.TOTAL, tuple(total_terms)))
    _keep_sum(rows, len(rows) - 1, columns)
    notes = [f"Bộ tiêu chí: {_set_title(criteria)}."]
    if any(n.outside_maximum for n in criteria.leaves()):
        notes.append("Điểm thưởng được cộng, điểm trừ được trừ vào tổng điểm.")
    sheet_table = make_table(
        "bang-diem",
        f"Bảng tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {year}",
        "Bảng điểm",
        columns,
        rows,
        landscape=True,
        notes=tuple(notes),
    )

    # Year on year, per field (seed 001's table). Totals compare like with like: when a
    # field is scored in one year only, both totals count only the fields scored in both.
    comparison = compare_fields(old_sheet, sheet, links)
    total = compare_totals(old_sheet, sheet)
    unscored = sheet.unscored_by_field()
    cmp_columns = [
        Column("STT", Kind.TEXT, 6),
        Column("Lĩnh vực", Kind.TEXT, 30),
        Column(f"Điểm tối đa năm {year - 1}", Kind.POINTS, 9, summed=True),
        Column(f"Điểm năm {year - 1}", Kind.POINTS, 9, summed=True),
        Column(f"Điểm tối đa năm {year}", Kind.POINTS, 9, summed=True),
        Column(f"Điểm năm {year}", Kind.POINTS, 9, summed=True),
        Column("Tăng (+), giảm (−)", Kind.POINTS, 9, derived=Difference(5, 3)),
        Column("Ghi chú", Kind.TEXT, 22),
    ]
    cmp_rows = [
        Row(
            (
                c.code,
                c.title,
                c.old_maximum,
                c.old_score,
                c.new_maximum,
                c.new_score,
                c.change,
                _comparison_note(c, year, unscored.get(c.code, 0)),
            )
        )
        for c in comparison
    ]
    # Bonus and penalty points count in the total but in no field: a row of their own, so
    # that the fields and it add up to the total.
    extra_old = _residual(total.old_score, [c.old_score for c in comparison])
    extra_new = _residual(total.new_score, [c.new_score for c in comparison])
    if extra_old or extra_new:
        cmp_rows.append(
            Row(
                (
                    "",
                    "Điểm thưởng (+), điểm trừ (−) và điểm ngoài các lĩnh vực trên",
                    None,
                    extra_old,
                    None,
                    extra_new,
                    _difference(extra_new, extra_old),
                    "",
                )
            )
        )
    compared = [i for i, row in enumerate(cmp_rows) if row.cells[6] is not None]
    left_out = [c for c in comparison if c.change is None]
    if not left_out:
        cmp_rows.append(
            Row(
                (
                    "",
                    "Tổng điểm",
                    total.old_maximum,
                    total.old_score,
                    total.new_maximum,
                    total.new_score,
                    total.change,
                    total.change_text() if total.change is not None else total.note,
                ),
                RowStyle.TOTAL,
                tuple(Term(i) for i in range(len(cmp_rows))),
            )
        )
        _keep_sum(cmp_rows, len(cmp_rows) - 1, cmp_columns)
        compared_old, compared_new = total.old_score, total.new_score
    else:
        sums = [
            sum((_points_of(cmp_rows[i].cells[column]) for i in compared), Decimal(0))
            if compared
            else None
            for column in (2, 3, 4, 5)
        ]
        compared_old, compared_new = sums[1], sums[3]
        change = _difference(compared_new, compared_old)
        cmp_rows.append(
            Row(
                (
                    "",
                    "Cộng các lĩnh vực chấm điểm cả hai năm",
                    *sums,
                    change,
                    _change_words(change).capitalize()
                    if change is not None
                    else "Không so sánh được",
                ),
                RowStyle.TOTAL,
                tuple(Term(i) for i in compared),
            )
        )
    comparison_table = make_table(
        "so-sanh",
        f"Kết quả so với năm {year - 1} theo từng lĩnh vực",
        "So sánh năm trước",
        cmp_columns,
        cmp_rows,
        notes=(
            (
                "Dòng cộng chỉ tính các lĩnh vực chấm điểm cả hai năm (không tính "
                + ", ".join(f"lĩnh vực {c.code}" for c in left_out)
                + ")."
            ),
        )
        if left_out
        else (),
    )

    blocks: list[Paragraph | Table] = [_intro_self_assessment(profile, criteria, year)]
    blocks.append(Paragraph("I. KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM", ParagraphStyle.HEADING))
    result = (
        f"Tổng điểm tự đánh giá của {profile.committee_name} năm {year} đạt "
        f"{format_points(sheet.total)}/{format_points(sheet.maximum)} điểm, tỷ lệ "
        f"{format_percent(sheet.percent)}"
    )
    result += f", xếp loại {sheet.band.name}." if sheet.band else "."
    blocks.append(Paragraph(result))
    if unscored:
        count = sum(unscored.values())
        where = "; ".join(f"lĩnh vực {code}: {n}" for code, n in unscored.items())
        blocks.append(
            Paragraph(
                f"Năm {year} còn {count} tiêu chí chưa chấm điểm ({where}); tổng điểm trên "
                "chỉ tính các tiêu chí đã chấm."
            )
        )
    if sheet.survey_pending:
        blocks.append(
            Paragraph(
                f"Các tiêu chí đánh giá qua điều tra xã hội học (tối đa "
                f"{format_points(sheet.survey_pending)} điểm) do cơ quan có thẩm quyền chấm, "
                "chưa tính trong tổng điểm trên."
            )
        )
    if appraised:
        final = sheet.appraised_2 if sheet.appraised_2 is not None else sheet.appraised_1
        assert final is not None
        blocks.append(
            Paragraph(
                f"Điểm sau thẩm định: {format_points(final)}/{format_points(sheet.maximum)} "
                f"điểm, tỷ lệ {format_percent(sheet.final_percent)} "
                f"({_change_words(final - sheet.total)} so với điểm tự đánh giá)."
            )
        )
    blocks.append(Paragraph(f"II. SO SÁNH VỚI NĂM {year - 1}", ParagraphStyle.HEADING))
    if old_sheet is None:
        blocks.append(Paragraph(f"Năm {year - 1} chưa có kết quả tự chấm điểm để so sánh."))
    else:
        blocks.append(
            Paragraph(_comparison_sentence(year, left_out, compared_old, compared_new, unscored))
        )
        blocks.append(comparison_table)
    blocks.append(
        Paragraph(
            f"Kết quả tự đánh giá, chấm điểm chi tiết từng tiêu chí tại Phụ lục kèm theo "
            f"báo cáo này. {profile.committee_name} báo cáo {profile.superior_body or 'cấp trên'} "
            "xem xét, thẩm định./."
        )
    )
    data = {
        "year": year,
        "criteria_set": {
            "uuid": criteria.uuid,
            "family": criteria.family,
            "version": criteria.version,
            "name": criteria.name,
            "decision": criteria.decision.text(),
        },
        "locked": assessment.locked,
        "totals": {
            "maximum": json_value(sheet.maximum),
            "self": json_value(sheet.total),
            "appraised_1": json_value(sheet.appraised_1),
            "appraised_2": json_value(sheet.appraised_2),
            "band": sheet.band.name if sheet.band else "",
        },
        "scores": [
            {
                "code": s.code,
                "value": json_value(s.value),
                "numerator": json_value(s.numerator),
                "denominator": json_value(s.denominator),
                "override": json_value(s.override),
                "override_reason": s.override_reason,
                "explanation": s.explanation,
                "appraised_1": json_value(s.appraised_1),
                "appraisal_1_note": s.appraisal_1_note,
                "appraised_2": json_value(s.appraised_2),
                "appraisal_2_note": s.appraisal_2_note,
                "response": s.response,
            }
            for s in sorted(state.scores.values(), key=lambda s: index_of.get(s.code, 0))
        ],
    }
    return _document(
        store,
        profile,
        options,
        key=SELF_ASSESSMENT,
        stem=f"bao-cao-tu-danh-gia-chi-so-cchc-nam-{year}",
        summary=(
            f"Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {year} "
            f"của {profile.committee_name}"
        ),
        blocks=blocks,
        appendix=[sheet_table],
        data=data,
    )


def _comparison_note(row: ComparisonRow, year: int, unscored: int) -> str:
    """The «Ghi chú» of a field: the change, or why it is not compared, and what of it is not
    yet scored this year."""
    if row.change is None and not row.note:
        if row.new_score is None and row.old_score is not None:
            return f"Năm {year} chưa chấm"
        if row.old_score is None and row.new_score is not None:
            return f"Năm {year - 1} không chấm"
        return "Chưa chấm cả hai năm"
    text = row.change_text()
    if unscored and row.new_score is not None:
        text += f"; {unscored} tiêu chí chưa chấm"
    return text


def _comparison_sentence(
    year: int,
    left_out: Sequence[ComparisonRow],
    old: Decimal | None,
    new: Decimal | None,
    unscored: dict[str, int],
) -> str:
    """What the year-on-year table compares, in words: the totals, or — when a field is scored
    in one year only — the fields scored in both and the ones left out, with why."""
    if not left_out:
        assert old is not None and new is not None
        text = (
            f"So với năm {year - 1} ({format_points(old)} điểm), tổng điểm năm {year} "
            f"{_change_words(new - old)}"
        )
    else:
        reasons = "; ".join(
            f"lĩnh vực {c.code} ({_comparison_note(c, year, 0)[:1].lower()}"
            f"{_comparison_note(c, year, 0)[1:]})"
            for c in left_out
        )
        if old is None or new is None:
            text = f"Chưa có lĩnh vực nào chấm điểm cả hai năm để so sánh ({reasons})"
        else:
            text = (
                f"Không so sánh {reasons}. Tính trên các lĩnh vực chấm điểm cả hai năm, năm "
                f"{year} đạt {format_points(new)} điểm, so với {format_points(old)} điểm năm "
                f"{year - 1}, {_change_words(new - old)}"
            )
    if unscored:
        text += f"; điểm năm {year} chưa gồm {sum(unscored.values())} tiêu chí chưa chấm điểm"
    return text + ". Kết quả từng lĩnh vực như sau:"


def _percent(score: Decimal, maximum: Decimal) -> Decimal | None:
    return score * 100 / maximum if maximum else None


def _points_of(cell: object) -> Decimal:
    """A points cell of the comparison (a Decimal, or None for none) as a number."""
    return cell if isinstance(cell, Decimal) else Decimal(0)


def _difference(later: object, earlier: Decimal | None) -> Decimal | None:
    if isinstance(later, Decimal) and earlier is not None:
        return later - earlier
    return None


def _residual(total: Decimal | None, parts: Sequence[Decimal | None]) -> Decimal | None:
    if total is None:
        return None
    return total - sum((p for p in parts if p is not None), Decimal(0))


def _change_words(change: Decimal) -> str:
    if change > 0:
        return f"tăng {format_points(change)} điểm"
    if change < 0:
        return f"giảm {format_points(-change)} điểm"
    return "không thay đổi"


def _set_title(criteria: CriteriaSet) -> str:
    title = criteria.name
    decision = criteria.decision.text()
    if decision:
        title += f" (ban hành kèm theo Quyết định {decision})"
    if criteria.sample:
        title += " — bộ tiêu chí mẫu của chương trình, chưa phải bộ tiêu chí của tỉnh"
    return title


def _intro_self_assessment(profile: CommuneProfile, criteria: Any, year: int) -> Paragraph:
    basis = f"Căn cứ {_set_title(criteria)}; " if criteria.name else ""
    return Paragraph(
        f"{basis}{profile.committee_name} báo cáo kết quả tự đánh giá, chấm điểm Chỉ số cải "
        f"cách hành chính năm {year} như sau:"
    )


# --- 2. tasks of a reporting period ----------------------------------------------------------


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


def staff_day(year: int, day: date) -> date:
    """The day the staff report counts the officials: 31/12 of the year, or ``day`` if earlier."""
    return min(date(year, 12, 31), day)


def year_not_started(year: int, day: date) -> str:
    return f"Năm {year} chưa đến: ngày của văn bản là {format_date(day)}."


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
                    Decimal(on_time) * 100 / total if total else None,
                )
            )
        )
    rows.append(
        Row(
            (
                "",
                "Tổng số",
                stats.total,
                *(sum(stats.by_state[s] for s in states) for _, states in _STATE_COLUMNS),
                Decimal(stats.done_on_time) * 100 / stats.total if stats.total else None,
            ),
            RowStyle.TOTAL,
            tuple(Term(i) for i in range(len(rows))),
        )
    )
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

    profile = _require_profile(profile or load_profile(store))
    phrase, start, end = period_of(store, period, year)
    problem = period_not_started(phrase, start, options.day)
    if problem:
        raise ExportError(problem)
    due_soon = due_soon_days(store)
    stats = compute_statistics(task_facts(store, start, end), start, end, options.day, due_soon)
    fields = reform_fields(store)
    names = {f.code: f.name for f in fields}
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
    data = {
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
    return _document(
        store,
        profile,
        options,
        key=TASKS,
        stem=f"bao-cao-ket-qua-nhiem-vu-cchc-{period}-{year}",
        summary=f"Kết quả thực hiện nhiệm vụ cải cách hành chính {phrase}",
        blocks=blocks,
        appendix=[_task_list(store, start, end, stats.as_of, due_soon)],
        data=data,
    )


# --- 3. staff standardisation ----------------------------------------------------------------


def _ratio_table(
    key: str, title: str, sheet: str, evaluations: list[Evaluation], group: Callable[..., str]
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
        Row(
            (
                str(n),
                r.group,
                r.total,
                r.met,
                r.not_met,
                r.unknown,
                Decimal(r.met) * 100 / r.total if r.total else None,
            )
        )
        for n, r in enumerate(ratios, start=1)
    ]
    total = sum(r.total for r in ratios)
    met = sum(r.met for r in ratios)
    rows.append(
        Row(
            (
                "",
                "Tổng số",
                total,
                met,
                sum(r.not_met for r in ratios),
                sum(r.unknown for r in ratios),
                Decimal(met) * 100 / total if total else None,
            ),
            RowStyle.TOTAL,
            tuple(Term(i) for i in range(len(rows))),
        )
    )
    return make_table(key, title, sheet, columns, rows)


def staff_document(
    store: Store, year: int, options: ReportOptions, profile: CommuneProfile | None = None
) -> OfficialDocument:
    from cchc_desktop.core.staff import load_staff_lists
    from cchc_desktop.core.standards import evaluate_on, gap_text, position_names
    from cchc_desktop.store.profile_repo import load_profile
    from cchc_desktop.store.staff_repo import (
        load_actions,
        load_standard_sets,
        officials_on,
        task_states,
    )

    profile = _require_profile(profile or load_profile(store))
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

    def department(e: Evaluation) -> str:
        code = e.official.department
        return lists.name("departments", code) if code else NO_DEPARTMENT

    by_category = _ratio_table(
        "theo-doi-tuong",
        "Tỷ lệ cán bộ, công chức đạt chuẩn theo đối tượng",
        "Theo đối tượng",
        evaluations,
        lambda e: lists.name("categories", e.official.category),
    )
    by_department = _ratio_table(
        "theo-phong",
        "Tỷ lệ cán bộ, công chức đạt chuẩn theo phòng, bộ phận",
        "Theo phòng",
        evaluations,
        department,
    )
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
    for g in gaps:
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
                    department(g.evaluation) if first else "",
                    gap_text(g.check, include_personal=False),
                    action,
                    g.action.deadline if g.action and g.action.deadline else g.check.meets_on,
                )
            )
        )
    gap_table = make_table(
        "chua-dat-chuan",
        "Danh sách cán bộ, công chức chưa đạt chuẩn và biện pháp chuẩn hóa",
        "Chưa đạt chuẩn",
        columns,
        rows,
        landscape=True,
        empty_text="Tất cả cán bộ, công chức thuộc diện chuẩn hóa đều đạt chuẩn.",
    )
    outside = sum(e.outcome == Outcome.NOT_APPLICABLE for e in evaluations)
    blocks: list[Paragraph | Table] = [
        Paragraph(
            f"{profile.committee_name} báo cáo kết quả rà soát, đối chiếu trình độ, năng lực "
            "của đội ngũ cán bộ, công chức với tiêu chuẩn của chức danh, vị trí việc làm "
            f"(tại ngày {format_date(on)}) như sau:"
        ),
        Paragraph("I. KẾT QUẢ CHUẨN HÓA", ParagraphStyle.HEADING),
        Paragraph(report_sentence(evaluations, lists, on)),
    ]
    if outside:
        blocks.append(
            Paragraph(
                f"Không tính {outside} người không thuộc diện chuẩn hóa (hợp đồng lao động, …)."
            )
        )
    blocks += [by_category, by_department]
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
    data = {"year": year, "on": on.isoformat(), "people": len(evaluations)}
    return _document(
        store,
        profile,
        options,
        key=STAFF,
        stem=f"bao-cao-chuan-hoa-can-bo-cong-chuc-{year}",
        summary=f"Kết quả chuẩn hóa đội ngũ cán bộ, công chức {profile.unit_name} năm {year}",
        blocks=blocks,
        appendix=[gap_table],
        data=data,
    )


def build_document(
    store: Store, key: str, year: int, options: ReportOptions, period: str = "nam"
) -> OfficialDocument:
    """One of :data:`DOCUMENT_KEYS` for ``year`` (and ``period`` for the task report)."""
    if key == SELF_ASSESSMENT:
        return self_assessment_document(store, year, options)
    if key == TASKS:
        return tasks_document(store, year, period, options)
    if key == STAFF:
        return staff_document(store, year, options)
    raise ExportError(f"Không có loại báo cáo «{key}».")
