"""Scoring methods of a criteria set's leaves (cách chấm) and their JSON form.

Part of ``core/criteria.py``, which re-exports every name: a method is data (its kind,
its levels, its ratio rules, its deductions); ``core/score_rules.py`` applies it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cchc_desktop.core.points import ZERO, format_points, points_from_json, points_json
from cchc_desktop.core.text import normalize_text

# --- scoring methods ---------------------------------------------------------------------


class MethodKind(enum.StrEnum):
    MANUAL = "manual"
    FIXED = "fixed"
    STEPS = "steps"
    RATIO = "ratio"
    AUTO = "auto"
    BONUS = "bonus"
    PENALTY = "penalty"
    SURVEY = "survey"
    DEDUCTION = "deduction"

    @property
    def label(self) -> str:
        return {
            "manual": "Chấm theo mức độ (từ 0 đến điểm tối đa)",
            "fixed": "Có/không (đạt = điểm tối đa, không đạt = 0)",
            "steps": "Chấm theo các mức điểm quy định",
            "ratio": "Tính theo tỷ lệ (tử số/mẫu số) và các mức",
            "auto": "Tự động từ dữ liệu của xã",
            "bonus": "Điểm thưởng",
            "penalty": "Điểm trừ",
            "survey": "Điểm điều tra xã hội học (nhập sau)",
            "deduction": "Trừ điểm theo số lượt (từ điểm tối đa)",
        }[self.value]

    @property
    def outside_maximum(self) -> bool:
        """Bonus and penalty lines have their own caps and count outside the maxima."""
        return self in (MethodKind.BONUS, MethodKind.PENALTY)


class AutoSource(enum.StrEnum):
    PLAN_TASKS_ON_TIME = "plan_tasks_on_time"
    OFFICIALS_STANDARD = "officials_standard"
    REPORTS_ON_TIME = "reports_on_time"

    @property
    def label(self) -> str:
        return {
            "plan_tasks_on_time": "Tỷ lệ nhiệm vụ của kế hoạch CCHC năm hoàn thành đúng hạn",
            "officials_standard": "Tỷ lệ cán bộ, công chức đạt chuẩn",
            "reports_on_time": "Tỷ lệ báo cáo CCHC định kỳ gửi đúng hạn",
        }[self.value]


@dataclass(frozen=True)
class RatioBand:
    """A ratio of at least ``min_percent`` earns ``points`` (above it when ``strict``; at
    most, or below, when the method's ratio is lower-is-better)."""

    min_percent: Decimal
    points: Decimal
    strict: bool = False


@dataclass(frozen=True)
class Method:
    kind: MethodKind = MethodKind.MANUAL
    steps: tuple[Decimal, ...] = ()  # STEPS: the allowed values
    bands: tuple[RatioBand, ...] = ()  # RATIO, AUTO: descending by min_percent
    numerator: str = ""  # RATIO: what is counted ("Số hồ sơ giải quyết đúng hạn")
    denominator: str = ""  # RATIO: out of what ("Tổng số hồ sơ tiếp nhận")
    source: AutoSource | None = None  # AUTO
    proportional: bool = False  # RATIO, AUTO: points = ratio × maximum (below full_from)
    full_from: Decimal | None = None  # RATIO, AUTO: from this per cent on, the maximum
    lower_is_better: bool = False  # RATIO, AUTO: bounds are upper bounds (≤ 1 % quá hạn)
    per_occurrence: Decimal | None = None  # DEDUCTION: points taken off per occurrence
    cap: Decimal | None = None  # DEDUCTION: at most this much off (default: the maximum)

    def points_for_ratio(self, percent: Decimal) -> Decimal:
        """The band's points for ``percent`` (the threshold and proportion apart: see
        ``core/score_rules.ratio_points``)."""
        for band in self.ordered_bands():
            if reaches(percent, band.min_percent, self.lower_is_better, band.strict):
                return band.points
        return ZERO

    def ordered_bands(self) -> list[RatioBand]:
        """The bands in the order they are tried: the best bound first."""
        return sorted(self.bands, key=lambda b: b.min_percent, reverse=not self.lower_is_better)

    def bands_text(self) -> str:
        """``"≥ 100%: 2 điểm; ≥ 90%: 1 điểm; dưới 90%: 0 điểm"``."""
        ordered = self.ordered_bands()
        parts = []
        for i, band in enumerate(ordered):
            if self.lower_is_better:
                bound = f"{'<' if band.strict else '≤'} {format_points(band.min_percent)}%"
            elif band.min_percent == 0 and i and not band.strict:
                bound = f"dưới {format_points(ordered[i - 1].min_percent)}%"
            else:
                bound = f"{'>' if band.strict else '≥'} {format_points(band.min_percent)}%"
            parts.append(f"{bound}: {format_points(band.points)} điểm")
        return "; ".join(parts)


def reaches(percent: Decimal, bound: Decimal, lower_is_better: bool, strict: bool) -> bool:
    """Whether ``percent`` meets ``bound``: ≥ (> when strict), or ≤ (<) when lower is better."""
    if lower_is_better:
        return percent < bound if strict else percent <= bound
    return percent > bound if strict else percent >= bound


# --- JSON ---------------------------------------------------------------------------------


def method_from_json(data: dict[str, Any], where: str) -> Method:
    try:
        kind = MethodKind(data.get("kind", "manual"))
    except ValueError as exc:
        raise ValueError(f"{where}: cách chấm «{data.get('kind')}» không có.") from exc
    steps = tuple(points_from_json(v, f"{where}, mức điểm") for v in data.get("values", ()))
    bands = tuple(
        RatioBand(
            points_from_json(b["min"], f"{where}, mức tỷ lệ"),
            points_from_json(b["points"], where),
            strict=bool(b.get("strict", False)),
        )
        for b in data.get("bands", ())
    )
    source = None
    if kind == MethodKind.AUTO:
        try:
            source = AutoSource(data.get("source", ""))
        except ValueError as exc:
            raise ValueError(f"{where}: nguồn dữ liệu «{data.get('source')}» không có.") from exc
    return Method(
        kind=kind,
        steps=steps,
        bands=tuple(sorted(bands, key=lambda b: b.min_percent, reverse=True)),
        numerator=normalize_text(data.get("numerator", "")),
        denominator=normalize_text(data.get("denominator", "")),
        source=source,
        proportional=bool(data.get("proportional", False)),
        full_from=_optional_points(data.get("full_from"), f"{where}, ngưỡng tỷ lệ"),
        lower_is_better=bool(data.get("lower_is_better", False)),
        per_occurrence=_optional_points(data.get("per_occurrence"), f"{where}, điểm mỗi lượt"),
        cap=_optional_points(data.get("cap"), f"{where}, mức trừ tối đa"),
    )


def _optional_points(value: Any, where: str) -> Decimal | None:
    return None if value is None else points_from_json(value, where)


def method_to_json(method: Method) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": method.kind.value}
    if method.steps:
        data["values"] = [points_json(v) for v in method.steps]
    if method.kind == MethodKind.RATIO:
        data["numerator"] = method.numerator
        data["denominator"] = method.denominator
    if method.source:
        data["source"] = method.source.value
    if method.bands:
        data["bands"] = [
            {"min": points_json(b.min_percent), "points": points_json(b.points)}
            | ({"strict": True} if b.strict else {})
            for b in method.bands
        ]
    for key in ("proportional", "lower_is_better"):
        if getattr(method, key):
            data[key] = True
    for key in ("full_from", "per_occurrence", "cap"):
        value = getattr(method, key)
        if value is not None:
            data[key] = points_json(value)
    return data
