"""What reading a staff list gives: each person's row, the problems, the columns missing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cchc_desktop.core.staff import Official
from cchc_desktop.importers.sheet import HeaderMatch, ImportProblem
from cchc_desktop.importers.staff_excel.columns import FIELD_COLUMNS

GUESSED_CATEGORY = "cong_chuc"
CATEGORY_GUESS_REMARK = (
    "Tệp không ghi đối tượng và chức danh không có trong bộ tiêu chuẩn: tạm ghi «Công chức», "
    "hãy kiểm tra lại."
)


@dataclass(frozen=True)
class StaffRow:
    """One person's row: the record built from it, and what could not be read.

    ``provided``: the Official fields the file gave a value for (an update
    changes only these). ``remarks``: what the preview should tell the officer
    about a guess (the category when the file does not say it …), not errors.
    """

    sheet: str
    row: int  # Excel row number
    number: str  # STT as printed
    official: Official
    provided: frozenset[str]
    printed: Mapping[str, str]  # column key -> the cell as printed
    problems: tuple[ImportProblem, ...] = ()
    remarks: tuple[str, ...] = ()
    columns: Mapping[str, str] = field(default_factory=dict)  # column key -> "E (Ngày sinh)"

    @property
    def category_guessed(self) -> bool:
        """Neither a column, a section heading nor the position said the category."""
        return "category" not in self.provided

    @property
    def readable(self) -> bool:
        return not self.problems

    def column_of(self, official_field: str) -> str | None:
        """Where a field of the record was read: ``"E (Ngày sinh)"``, or None."""
        keys = [
            k for k in FIELD_COLUMNS.get(official_field, (official_field,)) if k in self.columns
        ]
        for key in keys:
            if key in self.printed:
                return self.columns[key]
        return self.columns[keys[0]] if keys else None


@dataclass(frozen=True)
class MissingColumn:
    """A column the file lacks, and what that does to the people it lists.

    ``affected``: people of the file (readable, standardised, their position known)
    whose standard asks for what the column would say; ``counted``: the readable
    people the standards apply to. ``consequence`` says it in Vietnamese.
    """

    key: str  # a STAFF_COLUMNS key ("general_education"), or "birth" / "field_of_study"
    name: str  # "Giáo dục phổ thông"
    sheets: tuple[str, ...]  # the sheets read that lack it
    affected: int
    counted: int
    consequence: str
    nobody_meets: bool = False  # without it, none of the people counted can meet the standard

    @property
    def needed(self) -> bool:
        """Whether the standards of someone in the file need it (else it is left empty)."""
        return self.affected > 0


@dataclass
class StaffSheetReading:
    """What a workbook's staff list holds: every person's row, and the problems found."""

    path: Path
    rows: list[StaffRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    headers: dict[str, HeaderMatch] = field(default_factory=dict)  # sheet -> its header
    blank_rows: int = 0  # spacer rows skipped
    missing_columns: list[MissingColumn] = field(default_factory=list)  # needed ones first

    @property
    def sheets_read(self) -> list[str]:
        return list(self.headers)

    @property
    def sheet(self) -> str:
        """The (first) sheet read."""
        return next(iter(self.headers), "")

    @property
    def header_row(self) -> int:
        """The last header row of the (first) sheet read."""
        first = next(iter(self.headers.values()), None)
        return first.row if first else 0
