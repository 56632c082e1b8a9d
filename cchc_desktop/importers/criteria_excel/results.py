"""What reading a criteria sheet gives: the set, the problems, where it was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cchc_desktop.core.criteria import CriteriaSet
from cchc_desktop.importers.sheet import HeaderMatch


@dataclass(frozen=True)
class CriteriaProblem:
    """Something wrong (or worth saying) in the sheet, said so that it can be found in Excel."""

    sheet: str
    row: int | None  # 1-based Excel row; None for the sheet as a whole
    column: str | None  # column letter ("C"), or None for the whole row
    message: str  # Vietnamese

    @property
    def text(self) -> str:
        """ "Trang «Tiêu chí», dòng 14, cột C: «2,5đ» không phải là số điểm." """
        where = [f"Trang «{self.sheet}»"]
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột {self.column}")
        return f"{', '.join(where)}: {self.message}"

    def __str__(self) -> str:
        return self.text


@dataclass
class CriteriaReading:
    """What the sheet holds: the set (only when it has no error), the problems, where it was."""

    path: Path
    sheet: str = ""
    header: HeaderMatch | None = None
    criteria_set: CriteriaSet | None = None
    errors: list[CriteriaProblem] = field(default_factory=list)
    warnings: list[CriteriaProblem] = field(default_factory=list)
    rows_read: int = 0  # table rows read: criteria and their continuation lines
    rows: dict[str, int] = field(default_factory=dict)  # code -> the Excel row of that node

    @property
    def ok(self) -> bool:
        return self.criteria_set is not None and not self.errors
