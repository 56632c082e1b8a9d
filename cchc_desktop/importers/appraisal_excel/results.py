"""What reading an appraisal sheet gives: the items, the problems, the columns read."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from cchc_desktop.core.criteria import CriteriaSet
from cchc_desktop.importers.criteria_excel import CriteriaProblem
from cchc_desktop.importers.sheet import HeaderMatch

# The same error type as the criteria reader: «Trang «…», dòng N, cột X: lý do».
AppraisalProblem = CriteriaProblem


@dataclass(frozen=True)
class AppraisalItem:
    """One leaf's appraised points as the sheet gives them."""

    code: str  # the leaf's code in the criteria set
    value: Decimal
    note: str  # the reason (lý do), may be empty
    row: int  # 1-based Excel row


@dataclass
class AppraisalReading:
    """What the sheet holds for the set: the items, the problems, where they were read."""

    path: Path
    criteria_set: CriteriaSet
    sheet: str = ""
    header: HeaderMatch | None = None
    items: list[AppraisalItem] = field(default_factory=list)
    errors: list[CriteriaProblem] = field(default_factory=list)
    warnings: list[CriteriaProblem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # leaves the sheet does not give
    round_no: int | None = None  # the round the points column is headed with, if it says
    rounds: dict[int, str] = field(default_factory=dict)  # round -> column letter, if per round
    value_column: str = ""  # the letter of the column read
    note_column: str = ""
    rows_read: int = 0  # rows with an STT

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.items)

    def updates(self) -> list[tuple[str, Decimal, str]]:
        """``(code, value, note)`` for :func:`~cchc_desktop.store.scoring_repo.save_appraisals`."""
        return [(item.code, item.value, item.note) for item in self.items]
