"""Which officials the staff list shows: the outcome groups, the position a row is filed
under, and the filter built from the choices above the list. Free of Qt, so a test checks it
directly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cchc_desktop.core.staff import StaffLists
from cchc_desktop.core.standard_checks import Evaluation, Outcome
from cchc_desktop.core.text import fold_for_search

ALL = "(Tất cả)"
OUTCOME_FILTERS = (
    ("Đạt chuẩn", "met"),
    ("Chưa đạt chuẩn", "not_met"),
    ("Sẽ đạt khi học xong", "will_meet"),
    ("Thiếu thông tin", "unknown"),
    ("Không thuộc diện chuẩn hóa", "not_applicable"),
)


def outcome_key(e: Evaluation) -> str:
    """The outcome group of :data:`OUTCOME_FILTERS` an evaluation falls in."""
    if e.meets_on is not None:
        return "will_meet"
    return {
        Outcome.MET: "met",
        Outcome.NOT_MET: "not_met",
        Outcome.UNKNOWN: "unknown",
        Outcome.NOT_APPLICABLE: "not_applicable",
    }[e.outcome]


def position_key(e: Evaluation) -> tuple[str, str]:
    """A standard position as (family, code); a free-typed title as ("", title)."""
    o = e.official
    if o.standard_family and o.position:
        return (o.standard_family, o.position)
    return ("", o.position_title)


@dataclass(frozen=True)
class StaffFilter:
    """The choices above the list; ``None`` is «(Tất cả)». ``status`` «active» keeps those
    counted on ``today``; ``words`` are folded search words, every one must appear."""

    today: date
    lists: StaffLists
    position_names: dict[tuple[str, str], str]
    words: Sequence[str] = ()
    position: Sequence[str] | None = None
    department: str | None = None
    category: str | None = None
    status: str | None = None
    outcome: str | None = None
    requirement: str | None = None

    def accepts(self, e: Evaluation) -> bool:
        o = e.official
        if self.position is not None and position_key(e) != tuple(self.position):
            return False
        if self.department is not None and o.department != self.department:
            return False
        if self.category is not None and o.category != self.category:
            return False
        if self.status == "active" and not o.is_counted_on(self.today, self.lists):
            return False
        if self.status not in (None, "active") and o.status != self.status:
            return False
        if self.outcome is not None and outcome_key(e) != self.outcome:
            return False
        if self.requirement is not None and self.requirement not in {c.attribute for c in e.gaps}:
            return False
        if self.words:
            text = fold_for_search(self.searched_text(e))
            return all(w in text for w in self.words)
        return True

    def searched_text(self, e: Evaluation) -> str:
        """What the search box looks in: name, position, field, notes and the outcome."""
        o = e.official
        position = self.position_names.get(
            (o.standard_family or "", o.position or ""), o.position_title
        )
        gaps = " ".join(c.label for c in e.gaps)
        return " ".join((o.full_name, position, o.field_of_study, o.notes, e.summary(), gaps))
