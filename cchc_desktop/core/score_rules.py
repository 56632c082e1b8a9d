"""The arithmetic of a leaf's rule: ratios (levels, threshold, proportion, lower is
better, strict bounds), per-occurrence deductions and the one rounding a set states.

Exact ``Decimal`` throughout: a proportional result is computed from the counts
themselves (never from a rounded per cent) and rounded once, to the set's decimals,
half up; totals are rounded once in ``compute_sheet``, never in between.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from cchc_desktop.core.methods import Method, MethodKind, reaches
from cchc_desktop.core.points import HUNDRED, ZERO, format_points


def round_once(value: Decimal, decimals: int) -> Decimal:
    """``value`` rounded half up to ``decimals`` places; unchanged (form and all) when it
    already has no more places, so a set without fractions scores exactly as before."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return value if rounded == value else rounded


def full_marks_reached(method: Method, percent: Decimal) -> bool:
    """Whether ``percent`` meets the method's «đạt từ T % trở lên» (or «≤ T %») threshold."""
    if method.full_from is None:
        return False
    return reaches(percent, method.full_from, method.lower_is_better, strict=False)


def ratio_points(
    method: Method, maximum: Decimal, numerator: Decimal, denominator: Decimal, decimals: int
) -> Decimal:
    """The points a ratio earns: the maximum from the threshold on, else ratio × maximum
    when proportional (rounded once), else the level it reaches."""
    percent = numerator * HUNDRED / denominator
    if full_marks_reached(method, percent):
        return maximum
    if method.proportional:
        return round_once(numerator * maximum / denominator, decimals)
    return method.points_for_ratio(percent)


def occurrences_problem(count: Decimal | None) -> str | None:
    """Why a number of occurrences cannot be used; ``None`` when it can (or is empty)."""
    if count is None:
        return None
    if count < 0 or count != count.to_integral_value():
        return "Số lượt phải là số nguyên, không âm."
    return None


def deduction_taken(method: Method, maximum: Decimal, count: Decimal) -> Decimal:
    """The points taken off for ``count`` occurrences, at most the cap (or the maximum)."""
    per = method.per_occurrence or ZERO
    cap = method.cap if method.cap is not None else maximum
    return min(count * per, cap, maximum)


def deduction_points(method: Method, maximum: Decimal, count: Decimal) -> Decimal:
    """The line's points: its maximum less what the occurrences take, never below 0."""
    return max(maximum - deduction_taken(method, maximum, count), ZERO)


def percent_text(value: Decimal) -> str:
    """``83,33 %`` (two decimals at most, as the rule is read)."""
    return f"{format_points(value)} %"


def ratio_sentence(
    method: Method, maximum: Decimal, numerator: Decimal, denominator: Decimal, decimals: int
) -> str:
    """``«Tỷ lệ 83 %: đạt từ 80 % → 2/2 điểm»`` and the like: how the ratio scored."""
    percent = numerator * HUNDRED / denominator
    points = ratio_points(method, maximum, numerator, denominator, decimals)
    result = f"{format_points(points)}/{format_points(maximum)} điểm"
    head = f"Tỷ lệ {percent_text(percent)}"
    if method.full_from is not None:
        bound = percent_text(method.full_from)
        if full_marks_reached(method, percent):
            reached = f"không quá {bound}" if method.lower_is_better else f"đạt từ {bound}"
            return f"{head}: {reached} → {result}"
        missed = f"trên {bound}" if method.lower_is_better else f"dưới {bound}"
        head = f"{head}: {missed}"
    else:
        head = f"{head}:"
    if method.proportional:
        return f"{head} tính tỷ lệ {percent_text(percent)} × {format_points(maximum)} → {result}"
    for band in method.ordered_bands():
        if reaches(percent, band.min_percent, method.lower_is_better, band.strict):
            sign = {(False, False): "≥", (False, True): ">", (True, False): "≤", (True, True): "<"}
            bound = f"{sign[method.lower_is_better, band.strict]} {percent_text(band.min_percent)}"
            return f"{head} mức {bound} → {result}"
    return f"{head} không đạt mức nào → {result}"


def deduction_sentence(method: Method, maximum: Decimal, count: Decimal) -> str:
    """``«3 lượt × 0,5 = 1,5 điểm trừ (tối đa 2) → 0,5/2 điểm»``."""
    per = method.per_occurrence or ZERO
    cap = method.cap if method.cap is not None else maximum
    taken = deduction_taken(method, maximum, count)
    text = f"{format_points(count)} lượt × {format_points(per)} = {format_points(count * per)}"
    text += f" điểm trừ (tối đa {format_points(cap)})"
    if taken != count * per:
        text += f", trừ {format_points(taken)}"
    points = deduction_points(method, maximum, count)
    return f"{text} → {format_points(points)}/{format_points(maximum)} điểm"


def method_rule_sentence(method: Method) -> str:
    """The rule of a ratio or deduction in words, before any figure is known."""
    if method.kind == MethodKind.DEDUCTION:
        per = format_points(method.per_occurrence)
        cap = f"tối đa {format_points(method.cap)}" if method.cap is not None else ""
        return f"Trừ {per} điểm/lượt, {cap or 'tối đa bằng điểm của tiêu chí'}, thấp nhất 0"
    parts = []
    if method.full_from is not None:
        bound = percent_text(method.full_from)
        worse = "trên" if method.lower_is_better else "dưới"
        best = f"không quá {bound}" if method.lower_is_better else f"đạt từ {bound} trở lên"
        parts.append(f"{best}: điểm tối đa")
        if method.proportional:
            parts.append(f"{worse} {bound}: tính tỷ lệ")
    elif method.proportional:
        parts.append("điểm = tỷ lệ × điểm tối đa")
    if method.bands:
        parts.append(method.bands_text())
    return "; ".join(parts)
