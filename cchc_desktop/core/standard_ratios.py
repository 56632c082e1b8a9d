"""Ratios of officials who meet the standard: per group, overall, on two days, in a sentence.

Officials outside standardisation (contract staff …) are not counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from cchc_desktop.core.staff import StaffLists
from cchc_desktop.core.standard_checks import Evaluation, Outcome
from cchc_desktop.core.text import format_date, format_decimal


@dataclass(frozen=True)
class Ratio:
    group: str
    total: int = 0
    met: int = 0
    not_met: int = 0
    unknown: int = 0
    will_meet: int = 0  # among not_met: a training in progress closes every gap

    @property
    def percent(self) -> float | None:
        return 100 * self.met / self.total if self.total else None

    def percent_text(self) -> str:
        value = self.percent
        if value is None:
            return "—"
        if self.met < self.total:
            value = min(value, 99.9)  # never "100%" while someone is missing
        if self.met > 0:
            value = max(value, 0.1)
        return f"{format_decimal(value, 0 if value == int(value) else 1)}%"

    def text(self, noun: str = "người") -> str:
        """``"18/20 công chức đạt chuẩn, tỷ lệ 90%"``."""
        if not self.total:
            return f"Không có {noun} thuộc diện chuẩn hóa"
        return f"{self.met}/{self.total} {noun} đạt chuẩn, tỷ lệ {self.percent_text()}"


@dataclass
class _Tally:
    total: int = 0
    met: int = 0
    not_met: int = 0
    unknown: int = 0
    will_meet: int = 0
    members: list[Evaluation] = field(default_factory=list)

    def add(self, e: Evaluation) -> None:
        self.total += 1
        self.met += e.outcome == Outcome.MET
        self.not_met += e.outcome == Outcome.NOT_MET
        self.unknown += e.outcome == Outcome.UNKNOWN
        self.will_meet += e.meets_on is not None


def ratios_by(evaluations: Iterable[Evaluation], group: Callable[[Evaluation], str]) -> list[Ratio]:
    """Ratios per group (category, department, position), in the order groups first appear.

    Officials outside standardisation (contract staff …) are not counted.
    """
    tallies: dict[str, _Tally] = {}
    for e in evaluations:
        if e.outcome == Outcome.NOT_APPLICABLE:
            continue
        tallies.setdefault(group(e), _Tally()).add(e)
    return [
        Ratio(name, t.total, t.met, t.not_met, t.unknown, t.will_meet)
        for name, t in tallies.items()
    ]


def overall_ratio(evaluations: Iterable[Evaluation], label: str = "Tổng số") -> Ratio:
    found = ratios_by(evaluations, lambda _e: label)
    return found[0] if found else Ratio(label)


@dataclass(frozen=True)
class RatioComparison:
    group: str
    before: Ratio
    after: Ratio

    def change_text(self) -> str:
        """The change of the ratio in percentage points: "+5 điểm %", "−2,5 điểm %"."""
        if self.before.percent is None or self.after.percent is None:
            return ""
        delta = self.after.percent - self.before.percent
        if abs(delta) < 0.05:
            return "không đổi"
        sign = "+" if delta > 0 else "−"
        size = abs(delta)
        return f"{sign}{format_decimal(size, 0 if round(size, 1) == int(size) else 1)} điểm %"


def compare_ratios(
    before: Iterable[Evaluation],
    after: Iterable[Evaluation],
    group: Callable[[Evaluation], str],
    total_label: str = "Tổng số",
) -> list[RatioComparison]:
    """Ratios per group on two days, the groups of either day, then the total of each day."""
    before, after = list(before), list(after)
    first = {r.group: r for r in ratios_by(before, group)}
    second = {r.group: r for r in ratios_by(after, group)}
    groups = list(second) + [g for g in first if g not in second]
    rows = [RatioComparison(g, first.get(g, Ratio(g)), second.get(g, Ratio(g))) for g in groups]
    rows.append(
        RatioComparison(
            total_label, overall_ratio(before, total_label), overall_ratio(after, total_label)
        )
    )
    return rows


def report_sentence(evaluations: Iterable[Evaluation], lists: StaffLists, on: date) -> str:
    """The sentence a report quotes.

    "Tại ngày 31/12/2025: 18/20 công chức đạt chuẩn, tỷ lệ 90%; …".
    """
    parts = []
    for r in ratios_by(evaluations, lambda e: e.official.category):
        noun = lists.name("categories", r.group).lower()
        parts.append(r.text(noun))
    if not parts:
        return f"Tại ngày {format_date(on)}: chưa có cán bộ, công chức thuộc diện chuẩn hóa."
    return f"Tại ngày {format_date(on)}: " + "; ".join(parts) + "."
