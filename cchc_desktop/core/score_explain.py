"""One Vietnamese sentence per line of a sheet: how its rule gave its points, for the
line's pane («Tỷ lệ 83 %: đạt từ 80 % → 2/2 điểm»), and how the total was re-scaled."""

from __future__ import annotations

from decimal import Decimal

from cchc_desktop.core.criteria import MethodKind, method_text
from cchc_desktop.core.points import format_points
from cchc_desktop.core.score_rules import (
    deduction_sentence,
    occurrences_problem,
    ratio_sentence,
)
from cchc_desktop.core.scoring import Line, Score, Sheet, count_problem


def _out_of(value: Decimal, maximum: Decimal) -> str:
    return f"{format_points(value)}/{format_points(maximum)} điểm"


def line_rule_sentence(sheet: Sheet, line: Line, score: Score | None = None) -> str:
    """How ``line`` scored under its rule, given what was entered for it (``score``)."""
    node = line.node
    method = node.method
    scale = format_points(sheet.criteria.total)
    if not line.applies:
        return (
            f"Không áp dụng đối với {sheet.unit_kind or 'đơn vị này'}: không tính vào tổng, "
            f"tổng quy về thang điểm {scale}"
        )
    if node.superior_only:
        text = (
            "Do cấp trên chấm: xã không tự chấm, không tính vào tổng tự đánh giá; "
            "chỉ tính khi có điểm thẩm định"
        )
        appraised = line.appraised_2 if line.appraised_2 is not None else line.appraised_1
        return text + (f" ({_out_of(appraised, node.maximum)})" if appraised is not None else "")
    if node.alternatives:
        text = "Chấm theo một trong các trường hợp: lấy trường hợp cao nhất"
        best = [
            sheet.lines[c.code]
            for c in node.children
            if sheet.lines[c.code].applies and sheet.lines[c.code].score is not None
        ]
        if line.score is None or not best:
            return f"{text}, không quá {format_points(node.maximum)} điểm"
        chosen = max(best, key=lambda c: c.score or 0)
        return f"{text} {chosen.node.code} → {_out_of(line.score, node.maximum)}"
    if method is None or not node.is_leaf:
        return ""
    decimals = sheet.criteria.decimals
    if method.kind == MethodKind.RATIO and score is not None:
        num, den = score.numerator, score.denominator
        if num is not None and den is not None and not count_problem(num, den):
            return ratio_sentence(method, node.maximum, num, den, decimals)
    if method.kind == MethodKind.AUTO and line.figure is not None and line.figure.denominator:
        num, den = Decimal(line.figure.numerator), Decimal(line.figure.denominator)
        return ratio_sentence(method, node.maximum, num, den, decimals)
    if method.kind == MethodKind.DEDUCTION and score is not None:
        count = score.numerator
        if count is not None and not occurrences_problem(count):
            return deduction_sentence(method, node.maximum, count)
    return method_text(node)


def total_sentence(sheet: Sheet) -> str:
    """``«Tổng 45/90 điểm quy về thang điểm 100: 45 × 100 / 90 = 50»`` when lines do not
    apply; the plain total otherwise."""
    scale = format_points(sheet.criteria.total)
    raw, applicable = sheet.raw_regular, sheet.applicable_maximum
    if not sheet.rescaled:
        return f"Tổng điểm các tiêu chí {_out_of(sheet.regular, sheet.criteria.total)}"
    return (
        f"Tổng {_out_of(raw, applicable)} quy về thang điểm {scale}: "
        f"{format_points(raw)} × {scale} / {format_points(applicable)} = "
        f"{format_points(sheet.regular)}"
    )
