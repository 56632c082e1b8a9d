"""``tu-danh-gia``: Báo cáo kết quả tự đánh giá, chấm điểm Chỉ số CCHC năm N.

The body gives the result, what is not yet scored or appraised, and the year on year per
field; the appendix is the whole sheet (with the appraised scores when the superior has
appraised it) on landscape pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cchc_desktop.core.criteria import CriteriaSet, Criterion, MethodKind
from cchc_desktop.core.points import format_percent, format_points, percent_of
from cchc_desktop.core.profile import CommuneProfile
from cchc_desktop.core.score_comparison import CodeLink
from cchc_desktop.core.scoring import Line, Sheet, ratio_text
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
    Table,
    Term,
    json_value,
    make_table,
)
from cchc_desktop.exports.reports.common import (
    SELF_ASSESSMENT,
    ReportOptions,
    keep_sum,
    official_report,
    require_profile,
)
from cchc_desktop.exports.reports.comparison import (
    YearOnYear,
    change_words,
    comparison_sentence,
    difference,
    year_on_year,
)
from cchc_desktop.store.database import Store

if TYPE_CHECKING:
    from cchc_desktop.store.scoring_repo import SheetState


@dataclass(frozen=True)
class _Scores:
    """A year's sheet as the report reads it, with last year's for the comparison."""

    year: int
    state: SheetState
    old_sheet: Sheet | None
    links: list[CodeLink] | None
    appraised: list[int]  # the rounds of appraisal (1, 2) with a total
    evidence: dict[str, str]  # leaf code → its documents, one a line

    @property
    def sheet(self) -> Sheet:
        return self.state.sheet

    @property
    def criteria(self) -> CriteriaSet:
        return self.state.criteria


def _read_scores(store: Store, year: int, options: ReportOptions) -> _Scores:
    from cchc_desktop.store.criteria_repo import load_mapping
    from cchc_desktop.store.scoring_evidence import evidence_of
    from cchc_desktop.store.scoring_repo import assessment_for_year, sheet_state

    assessment = assessment_for_year(store, year)
    if assessment is None:
        raise ExportError(
            f"Năm {year} chưa có bảng tự chấm điểm Chỉ số CCHC. Vào mục «Tự chấm điểm», chọn "
            f"năm {year} và bộ tiêu chí để bắt đầu."
        )
    state = sheet_state(store, assessment, options.day)
    sheet = state.sheet
    previous = assessment_for_year(store, year - 1)
    old_sheet: Sheet | None = None
    links = None
    if previous is not None:
        old_state = sheet_state(store, previous, options.day)
        old_sheet = old_state.sheet
        links = load_mapping(store, old_state.criteria, state.criteria)
    appraised = [r for r, total in ((1, sheet.appraised_1), (2, sheet.appraised_2)) if total]
    evidence = {
        line.node.code: "\n".join(": ".join(p for p in (d.title(), d.summary) if p) for d in docs)
        for line in sheet.lines.values()
        if line.node.is_leaf and (docs := evidence_of(store, assessment, line.node.code))
    }
    return _Scores(year, state, old_sheet, links, appraised, evidence)


# --- the sheet, line by line (the appendix) -------------------------------------------------


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


def _signed(node: Criterion) -> int:
    return -1 if node.kind == MethodKind.PENALTY else 1


def _sheet_columns(appraised: list[int]) -> list[Column]:
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
    return columns


@dataclass
class _SheetRows:
    """The rows of the sheet: a criterion, then its children, then its sum of them."""

    scores: _Scores
    rows: list[Row] = field(default_factory=list)
    index_of: dict[str, int] = field(default_factory=dict)  # criterion code → its row

    def _appraisal_cells(self, cells: list[object], line: Line | None) -> None:
        """The appraised scores and their difference from the self-assessed one."""
        sheet, appraised = self.scores.sheet, self.scores.appraised
        source: Line | Sheet = line if line is not None else sheet
        if 1 in appraised:
            cells.append(source.appraised_1)
        if 2 in appraised:
            cells.append(source.appraised_2)
        if not appraised:
            return
        if line is not None and line.node.is_leaf:
            cells.append(line.difference)
        else:
            cells.append(difference(cells[-1], sheet.total if line is None else line.score))

    def _cells(self, node: Criterion) -> list[object]:
        line = self.scores.sheet.lines[node.code]
        score = self.scores.state.scores.get(node.code)
        outside = node.outside_maximum
        maximum: object = _method_note(node) if outside else node.maximum
        cells: list[object] = [
            node.code,
            node.title if node.is_leaf else node.title.upper() if line.depth == 0 else node.title,
            maximum,
            line.score,
            None if outside or line.score is None else percent_of(line.score, node.maximum),
            self.scores.evidence.get(node.code, ""),
            "",
        ]
        if node.is_leaf:
            note = _line_explanation(line, score.explanation if score else "")
            if node.kind == MethodKind.RATIO and score and score.denominator:
                counted = ratio_text(score.numerator or Decimal(0), score.denominator)
                note = "\n".join(p for p in (counted, note) if p)
            cells[6] = note
        self._appraisal_cells(cells, line)
        return cells

    def add(self, node: Criterion) -> None:
        """The rows of ``node`` and its descendants; a group's row sums its children."""
        here = len(self.rows)
        self.index_of[node.code] = here
        style = RowStyle.NORMAL if node.is_leaf else RowStyle.GROUP
        self.rows.append(Row(tuple(self._cells(node)), style))
        for child in node.children:
            self.add(child)
        if not node.is_leaf:
            outside = node.outside_maximum
            terms = tuple(
                Term(self.index_of[c.code], _signed(c) if outside else 1)
                for c in node.children
                if outside or not c.outside_maximum
            )
            self.rows[here] = Row(self.rows[here].cells, RowStyle.GROUP, terms)

    def add_total(self, columns: list[Column]) -> None:
        """«TỔNG ĐIỂM»: the fields, plus the bonus and minus the penalty points."""
        criteria, sheet = self.scores.criteria, self.scores.sheet
        terms = [Term(self.index_of[f.code]) for f in criteria.fields if not f.outside_maximum]
        terms += [
            Term(self.index_of[n.code], _signed(n)) for n in criteria.leaves() if n.outside_maximum
        ]
        cells: list[object] = ["", "TỔNG ĐIỂM", sheet.maximum, sheet.total, sheet.percent, "", ""]
        self._appraisal_cells(cells, None)
        self.rows.append(Row(tuple(cells), RowStyle.TOTAL, tuple(terms)))
        keep_sum(self.rows, len(self.rows) - 1, columns)


def _set_title(criteria: CriteriaSet) -> str:
    title = criteria.name
    decision = criteria.decision.text()
    if decision:
        title += f" (ban hành kèm theo Quyết định {decision})"
    if criteria.sample:
        title += " — bộ tiêu chí mẫu của chương trình, chưa phải bộ tiêu chí của tỉnh"
    return title


def _sheet_table(scores: _Scores) -> tuple[Table, dict[str, int]]:
    """The appendix: the whole sheet on landscape pages, and the row of each criterion."""
    criteria = scores.criteria
    columns = _sheet_columns(scores.appraised)
    sheet_rows = _SheetRows(scores)
    for f in criteria.fields:
        sheet_rows.add(f)
    sheet_rows.add_total(columns)
    notes = [f"Bộ tiêu chí: {_set_title(criteria)}."]
    if any(n.outside_maximum for n in criteria.leaves()):
        notes.append("Điểm thưởng được cộng, điểm trừ được trừ vào tổng điểm.")
    table = make_table(
        "bang-diem",
        f"Bảng tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {scores.year}",
        "Bảng điểm",
        columns,
        sheet_rows.rows,
        landscape=True,
        notes=tuple(notes),
    )
    return table, sheet_rows.index_of


# --- the body ---------------------------------------------------------------------------------


def _intro(profile: CommuneProfile, criteria: CriteriaSet, year: int) -> Paragraph:
    basis = f"Căn cứ {_set_title(criteria)}; " if criteria.name else ""
    return Paragraph(
        f"{basis}{profile.committee_name} báo cáo kết quả tự đánh giá, chấm điểm Chỉ số cải "
        f"cách hành chính năm {year} như sau:"
    )


def _result(profile: CommuneProfile, scores: _Scores, unscored: dict[str, int]) -> list[Paragraph]:
    """«I. KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM»: the total, what is not yet scored, the appraisal."""
    sheet, year = scores.sheet, scores.year
    result = (
        f"Tổng điểm tự đánh giá của {profile.committee_name} năm {year} đạt "
        f"{format_points(sheet.total)}/{format_points(sheet.maximum)} điểm, tỷ lệ "
        f"{format_percent(sheet.percent)}"
    )
    result += f", xếp loại {sheet.band.name}." if sheet.band else "."
    blocks = [
        Paragraph("I. KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM", ParagraphStyle.HEADING),
        Paragraph(result),
    ]
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
    if scores.appraised:
        final = sheet.appraised_2 if sheet.appraised_2 is not None else sheet.appraised_1
        assert final is not None
        blocks.append(
            Paragraph(
                f"Điểm sau thẩm định: {format_points(final)}/{format_points(sheet.maximum)} "
                f"điểm, tỷ lệ {format_percent(sheet.final_percent)} "
                f"({change_words(final - sheet.total)} so với điểm tự đánh giá)."
            )
        )
    return blocks


def _comparison(
    scores: _Scores, compared: YearOnYear, unscored: dict[str, int]
) -> list[Paragraph | Table]:
    """«II. SO SÁNH VỚI NĂM N-1»: the sentence and the table, or why there is none."""
    year = scores.year
    blocks: list[Paragraph | Table] = [
        Paragraph(f"II. SO SÁNH VỚI NĂM {year - 1}", ParagraphStyle.HEADING)
    ]
    if scores.old_sheet is None:
        blocks.append(Paragraph(f"Năm {year - 1} chưa có kết quả tự chấm điểm để so sánh."))
    else:
        blocks.append(Paragraph(comparison_sentence(year, compared, unscored)))
        blocks.append(compared.table)
    return blocks


def _data(scores: _Scores, index_of: dict[str, int]) -> dict[str, Any]:
    """What the submission workbook carries for the machine: the set, totals and scores."""
    criteria, sheet = scores.criteria, scores.sheet
    return {
        "year": scores.year,
        "criteria_set": {
            "uuid": criteria.uuid,
            "family": criteria.family,
            "version": criteria.version,
            "name": criteria.name,
            "decision": criteria.decision.text(),
        },
        "locked": scores.state.assessment.locked,
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
            for s in sorted(scores.state.scores.values(), key=lambda s: index_of.get(s.code, 0))
        ],
    }


def self_assessment_document(
    store: Store, year: int, options: ReportOptions, profile: CommuneProfile | None = None
) -> OfficialDocument:
    from cchc_desktop.store.profile_repo import load_profile

    profile = require_profile(profile or load_profile(store))
    scores = _read_scores(store, year, options)
    sheet_table, index_of = _sheet_table(scores)
    unscored = scores.sheet.unscored_by_field()
    compared = year_on_year(scores.old_sheet, scores.sheet, scores.links, year, unscored)
    blocks: list[Paragraph | Table] = [
        _intro(profile, scores.criteria, year),
        *_result(profile, scores, unscored),
        *_comparison(scores, compared, unscored),
        Paragraph(
            f"Kết quả tự đánh giá, chấm điểm chi tiết từng tiêu chí tại Phụ lục kèm theo "
            f"báo cáo này. {profile.committee_name} báo cáo {profile.superior_body or 'cấp trên'} "
            "xem xét, thẩm định./."
        ),
    ]
    return official_report(
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
        data=_data(scores, index_of),
    )
