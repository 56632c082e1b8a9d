"""Scoring a commune's self-assessment against a criteria set.

Plain Python. What the officer types for a line is a ``Score``; what the sheet
shows (line scores, parents' sums, totals, percentage, band, lines without
evidence) is computed by ``compute_sheet`` from the set, the scores, the
evidence counts and the figures of the automatic criteria. The percentage is the
score divided by the set's own total; lines that do not apply to the unit kind re-scale
the regular points to that total, and the set's rounding applies once, at the totals and
at proportional results (``core/score_rules.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from cchc_desktop.core.criteria import (
    AutoSource,
    Band,
    CriteriaSet,
    Criterion,
    MethodKind,
    band_for,
)
from cchc_desktop.core.points import (
    ZERO,
    PointsError,
    format_percent,
    format_points,
    parse_points,
    percent_of,
    sum_present,
)
from cchc_desktop.core.score_rules import (
    deduction_points,
    occurrences_problem,
    ratio_points,
    round_once,
)
from cchc_desktop.core.text import format_decimal, normalize_text

SUPERIOR_ONLY = "Tiêu chí do cấp trên chấm: xã không tự chấm, điểm lấy theo kết quả thẩm định."

# --- what the officer enters -----------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """One line of a sheet as entered. Only leaves have scores."""

    code: str
    value: Decimal | None = None  # manual, fixed, steps, bonus, penalty, survey
    numerator: Decimal | None = None  # ratio
    denominator: Decimal | None = None  # ratio
    override: Decimal | None = None  # auto: the officer's score instead of the computed one
    override_reason: str = ""
    explanation: str = ""  # giải trình / thuyết minh of the self-score
    appraised_1: Decimal | None = None  # thẩm định lần 1
    appraisal_1_note: str = ""
    appraised_2: Decimal | None = None  # thẩm định lần 2
    appraisal_2_note: str = ""
    response: str = ""  # the commune's explanation after the appraisal
    uuid: str = ""

    @property
    def is_empty(self) -> bool:
        return (
            self.value is None
            and self.numerator is None
            and self.denominator is None
            and self.override is None
            and not self.override_reason
            and not self.explanation
            and self.appraised_1 is None
            and not self.appraisal_1_note
            and self.appraised_2 is None
            and not self.appraisal_2_note
            and not self.response
        )


def _value_problem(node: Criterion, value: Decimal) -> str | None:
    """Why ``value`` cannot be the score of ``node``; ``None`` if it can."""
    method = node.method
    kind = method.kind if method else MethodKind.MANUAL
    maximum = format_points(node.maximum)
    if value < 0:
        if kind == MethodKind.PENALTY:
            return "Điểm trừ ghi số điểm bị trừ, là số dương (ví dụ 1)."
        return "Điểm không được là số âm."
    if value > node.maximum:
        what = {
            MethodKind.BONUS: "mức điểm thưởng tối đa",
            MethodKind.PENALTY: "mức điểm trừ tối đa",
        }.get(kind, "điểm tối đa")
        return f"Điểm {format_points(value)} vượt {what} {maximum} của tiêu chí {node.code}."
    if kind == MethodKind.FIXED and value not in (ZERO, node.maximum):
        return f"Tiêu chí {node.code} chỉ chấm đạt ({maximum} điểm) hoặc không đạt (0 điểm)."
    if kind == MethodKind.STEPS and method and value not in method.steps:
        allowed = "; ".join(format_points(v) for v in sorted(method.steps))
        return f"Tiêu chí {node.code} chỉ chấm các mức: {allowed}."
    return None


_FRACTION_RE = re.compile(r"^\s*([^/]+?)\s*/\s*([^/]+?)\s*$")


def parse_score_input(node: Criterion, text: str | None) -> Decimal | None:
    """The score typed in a cell, checked against the line; ``PointsError`` if refused.

    Accepts ``"7,5"`` and ``"7.5"``. ``"13/16"`` (score over maximum, as reports
    write it) is accepted when 16 is the line's maximum; ``"18/15"`` on a line of
    maximum 24 is refused, naming both figures.
    """
    raw = normalize_text(text)
    match = _FRACTION_RE.match(raw)
    if match:
        value = parse_points(match.group(1))
        stated = parse_points(match.group(2))
        if value is None or stated is None:
            raise PointsError(f"«{raw}» không phải là số điểm.")
        if stated != node.maximum:
            raise PointsError(
                f"«{raw}»: điểm tối đa của tiêu chí {node.code} là "
                f"{format_points(node.maximum)}, không phải {format_points(stated)}."
            )
    else:
        value = parse_points(raw)
    if value is None:
        return None
    problem = _value_problem(node, value)
    if problem:
        raise PointsError(problem)
    return value


def count_problem(numerator: Decimal | None, denominator: Decimal | None) -> str | None:
    """Why a ratio's counts cannot be used; ``None`` when they can (or are both empty)."""
    if numerator is None and denominator is None:
        return None
    if numerator is None or denominator is None:
        return "Cần nhập cả tử số và mẫu số."
    if numerator < 0 or denominator < 0:
        return "Số liệu không được là số âm."
    if denominator == 0:
        return "Mẫu số phải lớn hơn 0."
    if numerator > denominator:
        return "Tử số không được lớn hơn mẫu số."
    return None


def validate_score(node: Criterion, score: Score) -> dict[str, str]:
    """Problems keyed by the field of ``Score`` at fault."""
    errors: dict[str, str] = {}
    kind = node.kind or MethodKind.MANUAL
    if score.value is not None:
        if node.superior_only:
            errors["value"] = SUPERIOR_ONLY
        elif kind in (MethodKind.RATIO, MethodKind.AUTO, MethodKind.DEDUCTION):
            errors["value"] = "Điểm của tiêu chí này được tính tự động, không nhập trực tiếp."
        else:
            problem = _value_problem(node, score.value)
            if problem:
                errors["value"] = problem
    if kind == MethodKind.RATIO:
        problem = count_problem(score.numerator, score.denominator)
        if problem:
            errors["numerator"] = problem
    elif kind == MethodKind.DEDUCTION:
        problem = occurrences_problem(score.numerator)
        if problem or score.denominator is not None:
            errors["numerator"] = problem or "Tiêu chí trừ điểm theo lượt chỉ nhập số lượt."
    elif score.numerator is not None or score.denominator is not None:
        errors["numerator"] = "Tiêu chí này không chấm theo tỷ lệ."
    if score.override is not None:
        if kind != MethodKind.AUTO:
            errors["override"] = "Chỉ tiêu chí tính tự động mới có điểm điều chỉnh."
        else:
            problem = _value_problem(node, score.override)
            if problem:
                errors["override"] = problem
            elif not normalize_text(score.override_reason):
                errors["override_reason"] = "Ghi rõ lý do điều chỉnh điểm tính tự động."
    for attribute in ("appraised_1", "appraised_2"):
        value = getattr(score, attribute)
        if value is not None:
            if value < 0 or value > node.maximum:
                errors[attribute] = f"Điểm thẩm định phải từ 0 đến {format_points(node.maximum)}."
    return errors


# --- automatic criteria -------------------------------------------------------------------


@dataclass(frozen=True)
class AutoFigure:
    """The commune's own figures behind an automatic criterion."""

    source: AutoSource
    numerator: int
    denominator: int
    detail: str = ""  # e.g. "tính đến ngày 31/12/2025"

    @property
    def percent(self) -> Decimal | None:
        return percent_of(Decimal(self.numerator), Decimal(self.denominator))

    def text(self) -> str:
        """``"12/15 nhiệm vụ hoàn thành đúng hạn, tỷ lệ 80,0%"``."""
        noun = {
            AutoSource.PLAN_TASKS_ON_TIME: "nhiệm vụ của kế hoạch CCHC năm hoàn thành đúng hạn",
            AutoSource.OFFICIALS_STANDARD: "cán bộ, công chức đạt chuẩn",
            AutoSource.REPORTS_ON_TIME: "báo cáo CCHC định kỳ gửi đúng hạn",
        }[self.source]
        if not self.denominator:
            text = f"Chưa có số liệu ({noun})"
        else:
            text = (
                f"{self.numerator}/{format_decimal(self.denominator, 0)} {noun}, "
                f"tỷ lệ {format_percent(self.percent)}"
            )
        return f"{text} {self.detail}".strip()


# --- the computed sheet --------------------------------------------------------------------


@dataclass
class Line:
    node: Criterion
    depth: int
    score: Decimal | None = None  # leaves: the effective self-score; parents: the sum
    computed: Decimal | None = None  # ratio and auto: what the rule gives
    figure: AutoFigure | None = None  # auto: the figures
    appraised_1: Decimal | None = None
    appraised_2: Decimal | None = None
    evidence: int = 0
    explained: bool = False
    problem: str = ""  # a stored value the line's rule no longer accepts
    applies: bool = True  # False: «không áp dụng» to this unit kind, neither score nor maximum
    applicable_maximum: Decimal = ZERO  # what the line adds to the maximum here (0 if N/A)

    @property
    def maximum(self) -> Decimal:
        return self.node.maximum

    @property
    def needs_evidence(self) -> bool:
        """Scored above zero with neither an evidence document nor an explanation.

        An automatic line computed from the commune's own registers is backed by the figures
        it shows; an overridden one is not (its reason is required, its evidence flagged).
        """
        if self.node.kind == MethodKind.AUTO and self.score == self.computed:
            return False
        return (
            self.node.is_leaf
            and self.score is not None
            and self.score > 0
            and not self.evidence
            and not self.explained
        )

    @property
    def final(self) -> Decimal | None:
        """The latest appraisal, else the self-score."""
        for value in (self.appraised_2, self.appraised_1, self.score):
            if value is not None:
                return value
        return None

    @property
    def difference(self) -> Decimal | None:
        """Appraised minus self-score, when the line has been appraised."""
        appraised = self.appraised_2 if self.appraised_2 is not None else self.appraised_1
        if appraised is None or self.score is None:
            return None
        return appraised - self.score


@dataclass
class Sheet:
    criteria: CriteriaSet
    lines: dict[str, Line] = field(default_factory=dict)
    regular: Decimal = ZERO
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO
    appraised_1: Decimal | None = None
    appraised_2: Decimal | None = None
    unit_kind: str | None = None
    raw_regular: Decimal = ZERO  # the regular lines' points before re-scaling
    applicable_maximum: Decimal = ZERO  # the set's total less the lines that do not apply

    @property
    def rescaled(self) -> bool:
        """Whether lines that do not apply made the total «quy về thang điểm» of the set."""
        return self.applicable_maximum != self.criteria.total

    @property
    def total(self) -> Decimal:
        return self.regular + self.bonus - self.penalty

    @property
    def maximum(self) -> Decimal:
        return self.criteria.total

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.total, self.maximum)

    @property
    def band(self) -> Band | None:
        return band_for(self.percent, self.criteria.bands)

    @property
    def final_total(self) -> Decimal:
        for value in (self.appraised_2, self.appraised_1):
            if value is not None:
                return value
        return self.total

    @property
    def final_percent(self) -> Decimal | None:
        return percent_of(self.final_total, self.maximum)

    def field_lines(self) -> list[Line]:
        return [self.lines[f.code] for f in self.criteria.fields]

    def unscored(self) -> list[Line]:
        """Self-assessed lines still without a score (survey lines are not the commune's)."""
        return [
            line
            for line in self.lines.values()
            if line.node.is_leaf
            and line.score is None
            and line.applies
            and not line.node.superior_only
            and line.node.kind not in (MethodKind.SURVEY, MethodKind.BONUS, MethodKind.PENALTY)
        ]

    def unscored_by_field(self) -> dict[str, int]:
        """How many lines :meth:`unscored` counts in each field, by the field's code (fields
        with none left out), in the order of the set."""
        unscored = {line.node.code for line in self.unscored()}
        counts = {}
        for f in self.criteria.fields:
            count = sum(1 for leaf in f.leaves() if leaf.code in unscored)
            if count:
                counts[f.code] = count
        return counts

    def without_evidence(self) -> list[Line]:
        return [line for line in self.lines.values() if line.needs_evidence]

    def problems(self) -> list[Line]:
        return [line for line in self.lines.values() if line.problem]

    @property
    def survey_pending(self) -> Decimal:
        """The maximum of survey lines whose points have not come yet."""
        return sum(
            (
                line.maximum
                for line in self.lines.values()
                if line.node.kind == MethodKind.SURVEY and line.score is None
            ),
            ZERO,
        )

    def summary(self) -> str:
        """``"Tổng điểm 79,5/99 — 80,3% — Tốt"``."""
        text = f"Tổng điểm {format_points(self.total)}/{format_points(self.maximum)}"
        text += f" — {format_percent(self.percent)}"
        if self.band:
            text += f" — {self.band.name}"
        return text


def _leaf_score(
    node: Criterion, score: Score | None, figure: AutoFigure | None, decimals: int = 2
) -> tuple[Decimal | None, Decimal | None, str]:
    """(effective score, computed score, problem) of a leaf."""
    kind = node.kind or MethodKind.MANUAL
    method = node.method
    if node.superior_only:  # the province's points come as the appraisal, never typed here
        if score is not None and score.value is not None:
            return None, None, SUPERIOR_ONLY
        return None, None, ""
    if kind == MethodKind.AUTO and method:
        computed = None
        if figure is not None and figure.denominator:
            computed = ratio_points(
                method,
                node.maximum,
                Decimal(figure.numerator),
                Decimal(figure.denominator),
                decimals,
            )
        if score is not None and score.override is not None:
            problem = _value_problem(node, score.override)
            return (None, computed, problem) if problem else (score.override, computed, "")
        return computed, computed, ""
    if score is None:
        return None, None, ""
    if kind == MethodKind.RATIO and method:
        problem = count_problem(score.numerator, score.denominator)
        if problem or score.numerator is None or score.denominator is None:
            return None, None, problem or ""
        computed = ratio_points(method, node.maximum, score.numerator, score.denominator, decimals)
        return computed, computed, ""
    if kind == MethodKind.DEDUCTION and method:
        problem = occurrences_problem(score.numerator)
        if problem or score.numerator is None:
            return None, None, problem or ""
        computed = deduction_points(method, node.maximum, score.numerator)
        return computed, computed, ""
    if score.value is None:
        return None, None, ""
    problem = _value_problem(node, score.value)
    return (None, None, problem) if problem else (score.value, None, "")


def _signed_points(node: Criterion, value: Decimal | None) -> Decimal | None:
    if value is None or node.kind != MethodKind.PENALTY:
        return value
    return -value


def _best(values: list[Decimal | None], maximum: Decimal) -> Decimal | None:
    """«Chấm theo một trong các trường hợp»: the best case given, never above the maximum."""
    present = [v for v in values if v is not None]
    return min(max(present), maximum) if present else None


def compute_sheet(
    criteria: CriteriaSet,
    scores: Mapping[str, Score],
    evidence: Mapping[str, int] | None = None,
    figures: Mapping[AutoSource, AutoFigure] | None = None,
    unit_kind: str | None = None,
) -> Sheet:
    """Every line's score and the totals. Parents add their children (bonus and penalty
    lines apart: they count once, in the overall total; a parent of alternatives counts its
    best child). An appraisal round that has any line entered counts the others at their
    previous score. Lines that do not apply to ``unit_kind`` count neither score nor
    maximum, and the regular points are re-scaled to the set's total, rounded once."""
    walk = _SheetWalk(criteria, scores, evidence or {}, figures or {}, unit_kind)
    tops = [walk.visit(f, 0, True) for f in criteria.fields]
    _totals(walk.sheet, tops, walk.rounds)
    return walk.sheet


class _SheetWalk:
    """One pass over the set: every line's score, maximum and appraisals, leaves first."""

    def __init__(
        self,
        criteria: CriteriaSet,
        scores: Mapping[str, Score],
        evidence: Mapping[str, int],
        figures: Mapping[AutoSource, AutoFigure],
        unit_kind: str | None,
    ):
        self.scores = scores
        self.evidence = evidence
        self.figures = figures
        self.unit_kind = unit_kind
        self.decimals = criteria.decimals
        self.sheet = Sheet(criteria, unit_kind=unit_kind)
        self.rounds = [
            any(s.appraised_1 is not None for s in scores.values()),
            any(s.appraised_2 is not None for s in scores.values()),
        ]

    def visit(self, node: Criterion, depth: int, applies: bool) -> Line:
        line = Line(node, depth, applies=applies and node.applies(self.unit_kind))
        self.sheet.lines[node.code] = line
        if node.is_leaf:
            self._leaf(node, line)
        else:
            children = [self.visit(c, depth + 1, line.applies) for c in node.children]
            self._parent(node, line, children)
        return line

    def _leaf(self, node: Criterion, line: Line) -> None:
        score = self.scores.get(node.code)
        line.evidence = self.evidence.get(node.code, 0)
        if not line.applies:  # a stored score is kept, not counted
            return
        line.applicable_maximum = node.counted_maximum()
        figure = None
        if node.method and node.method.source:
            figure = self.figures.get(node.method.source)
        line.figure = figure
        line.score, line.computed, line.problem = _leaf_score(node, score, figure, self.decimals)
        line.explained = bool(score and normalize_text(score.explanation))
        if score is not None:
            line.appraised_1 = score.appraised_1
            line.appraised_2 = score.appraised_2
        if self.rounds[0] and line.appraised_1 is None:
            line.appraised_1 = line.score
        if self.rounds[1] and line.appraised_2 is None:
            line.appraised_2 = line.appraised_1

    def _parent(self, node: Criterion, line: Line, children: list[Line]) -> None:
        rounds = self.rounds
        line.applies = any(c.applies for c in children)
        if node.outside_maximum:
            # a section of bonus or penalty lines: what it adds (a penalty counts negative)
            line.score = sum_present([_signed_points(c.node, c.score) for c in children])
            return
        counted = [c for c in children if not c.node.outside_maximum and c.applies]
        if node.alternatives:
            best = [c.applicable_maximum for c in counted]
            line.applicable_maximum = min(max(best), node.maximum) if best else ZERO
            line.score = _best([c.score for c in counted], node.maximum)
            if rounds[0]:
                line.appraised_1 = _best([c.appraised_1 for c in counted], node.maximum)
            if rounds[1]:
                line.appraised_2 = _best([c.appraised_2 for c in counted], node.maximum)
            return
        line.applicable_maximum = sum((c.applicable_maximum for c in counted), ZERO)
        line.score = sum_present([c.score for c in counted])
        line.appraised_1 = sum_present([c.appraised_1 for c in counted]) if rounds[0] else None
        line.appraised_2 = sum_present([c.appraised_2 for c in counted]) if rounds[1] else None


def _totals(sheet: Sheet, tops: list[Line], rounds: list[bool]) -> None:
    """The regular points (re-scaled when lines do not apply), bonus, penalty, appraisals."""
    criteria = sheet.criteria
    regular = [line for line in tops if not line.node.outside_maximum]
    sheet.applicable_maximum = sum((line.applicable_maximum for line in regular), ZERO)
    sheet.raw_regular = sum((line.score or ZERO for line in regular), ZERO)

    def scaled(raw: Decimal) -> Decimal:
        """«Quy về thang điểm» of the set when lines do not apply; rounded once."""
        if sheet.applicable_maximum and sheet.rescaled:
            raw = raw * criteria.total / sheet.applicable_maximum
        return round_once(raw, criteria.decimals)

    sheet.regular = scaled(sheet.raw_regular)
    extra: list[Decimal] = [ZERO, ZERO]  # the appraised bonus less penalty of each round
    for line in sheet.lines.values():
        if not line.node.is_leaf or not line.node.outside_maximum or not line.applies:
            continue
        if line.score is not None:
            if line.node.kind == MethodKind.BONUS:
                sheet.bonus += line.score
            else:
                sheet.penalty += line.score
        for i, value in enumerate((line.appraised_1, line.appraised_2)):
            if rounds[i] and value is not None:
                extra[i] += _signed_points(line.node, value) or ZERO
    appraised = [
        scaled(sum((getattr(line, f"appraised_{i + 1}") or ZERO for line in regular), ZERO))
        + extra[i]
        if rounds[i]
        else None
        for i in range(2)
    ]
    sheet.appraised_1, sheet.appraised_2 = appraised


def ratio_text(numerator: Decimal, denominator: Decimal) -> str:
    """``84/1.870, tỷ lệ 4,5%`` as officials write ratios."""
    pct = percent_of(numerator, denominator)
    num = (
        format_decimal(float(numerator), 0)
        if numerator == int(numerator)
        else format_points(numerator)
    )
    den = (
        format_decimal(float(denominator), 0)
        if denominator == int(denominator)
        else format_points(denominator)
    )
    return f"{num}/{den}, tỷ lệ {format_percent(pct)}"


_COUNT_RE = re.compile(r"^\d{1,3}([.\s]\d{3})+$|^\d+$")


def parse_count(text: str | None) -> Decimal | None:
    """A count typed by the officer: ``"1.870"`` or ``"1 870"`` → 1870; empty → ``None``.

    Counts of dossiers, documents or people are whole numbers; ``PointsError`` otherwise.
    """
    raw = normalize_text(text)
    if not raw:
        return None
    if not _COUNT_RE.match(raw):
        raise PointsError(f"«{raw}» không phải là một số đếm (số nguyên, ví dụ 1.870).")
    return Decimal(re.sub(r"[.\s]", "", raw))
