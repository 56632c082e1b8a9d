"""Reading every staff list of a workbook: the sheets, their rows, the section headings."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_desktop.core.staff import Official, StaffLists
from cchc_desktop.core.standards import StandardSet
from cchc_desktop.core.text import fold_for_search
from cchc_desktop.importers.sheet import (
    HEADING_NUMBER,
    HeaderMatch,
    TableCell,
    body_lines,
    merged_origin_map,
    sheets_of,
)
from cchc_desktop.importers.staff_excel.columns import staff_header
from cchc_desktop.importers.staff_excel.missing import missing_columns
from cchc_desktop.importers.staff_excel.person import PersonReader
from cchc_desktop.importers.staff_excel.positions import PositionMatcher
from cchc_desktop.importers.staff_excel.results import StaffRow, StaffSheetReading
from cchc_desktop.importers.staff_excel.values import category_of_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

_TOTAL = re.compile(r"(?:tong cong|tong so|cong)(?:\s*[:(]|\s+\d|\s+nguoi|$)")
_HEADING_WORDS = ("khoi ", "can bo", "cong chuc", "phong ", "bo phan", "hop dong", "chuyen trach")


def read_staff_workbook(
    path: str | Path, *, lists: StaffLists, standard_sets: Sequence[StandardSet]
) -> StaffSheetReading:
    """Read the staff list of every visible sheet that has one («Họ và tên» and more).

    ``standard_sets``: the current version of each set, whose position names
    the «Chức danh» cells are matched with. Raises :class:`ImportFileError`
    when the file cannot be opened or no sheet has a recognisable header.
    """
    path = Path(path)
    reading = StaffSheetReading(path=path)
    positions = PositionMatcher(standard_sets)
    with sheets_of(
        path,
        None,
        staff_header,
        "Không tìm thấy dòng tiêu đề của danh sách cán bộ, công chức (cần cột «Họ và tên» "
        "và ít nhất một cột khác như «Ngày sinh», «Chức vụ»)",
        no_sheet="(không có trang nào đang hiển thị)",
    ) as found:
        for ws, header in found:
            reading.headers[ws.title] = header
            _StaffSheetReader(ws, header, lists, positions, reading).read()
    reading.missing_columns = missing_columns(reading, standard_sets, lists)
    return reading


class _StaffSheetReader:
    def __init__(
        self,
        ws: Worksheet,
        header: HeaderMatch,
        lists: StaffLists,
        positions: PositionMatcher,
        reading: StaffSheetReading,
    ) -> None:
        from openpyxl.utils import get_column_letter

        self.ws = ws
        self.header = header
        self.lists = lists
        self.positions = positions
        self.reading = reading
        self.origins = merged_origin_map(ws)
        # The name first among equals: a range merged across the row gives it its text.
        self.keys = sorted(header.columns, key=lambda k: (k != "full_name", header.columns[k]))
        self.columns = {
            key: f"{get_column_letter(column)} ({header.labels[key]})"
            for key, column in header.columns.items()
        }
        self.section_category: str | None = None

    def read(self) -> None:
        for line in body_lines(
            self.ws, self.header, self.keys, self.origins, "full_name", self._count_blanks
        ):
            cells, filled = line.cells, line.filled
            if self._is_total(cells):
                continue
            heading = self._heading(cells, filled)
            if heading is not None:
                self.section_category = category_of_text(heading, self.lists)
                continue
            if set(filled) <= {"number"}:
                continue  # an STT typed in advance for a row still empty
            self.reading.rows.append(self._person(line.row, cells))
            self.reading.problems.extend(self.reading.rows[-1].problems)

    def _count_blanks(self, count: int) -> None:
        self.reading.blank_rows += count

    def _is_total(self, cells: Mapping[str, TableCell]) -> bool:
        texts = (cells[k].text for k in ("number", "full_name") if k in cells)
        return any(_TOTAL.match(fold_for_search(t)) for t in texts)

    def _heading(
        self, cells: Mapping[str, TableCell], filled: Mapping[str, TableCell]
    ) -> str | None:
        """A section heading ("I. CÁN BỘ", "II. CÔNG CHỨC"), or None for a person's row."""
        if not filled.keys() <= {"number", "full_name"}:
            return None
        number = cells["number"].text if "number" in cells else ""
        name = cells["full_name"].text
        if number and HEADING_NUMBER.fullmatch(number):
            return f"{number} {name}".strip()
        words = number.split()
        if len(words) > 1 and HEADING_NUMBER.fullmatch(words[0].rstrip(".")):
            return f"{number} {name}".strip()  # "I. CÁN BỘ" typed into the STT cell
        if number or not name or name != name.upper() or not any(c.isalpha() for c in name):
            return None
        first = name.split()[0].rstrip(".)")
        folded = fold_for_search(name) + " "
        if (
            HEADING_NUMBER.fullmatch(first)
            or category_of_text(name, self.lists)
            or any(word in folded for word in _HEADING_WORDS)
        ):
            return name  # "II. CÔNG CHỨC" merged across the row
        return None

    def _person(self, row: int, cells: Mapping[str, TableCell]) -> StaffRow:
        person = PersonReader(
            self.ws,
            self.columns,
            self.lists,
            self.positions,
            self.section_category,
            row,
            cells,
        )
        person.read()
        return StaffRow(
            sheet=self.ws.title,
            row=row,
            number=person.text("number"),
            official=Official(**person.values),
            provided=frozenset(person.provided),
            printed={k: c.text for k, c in cells.items() if c.value is not None},
            problems=tuple(person.problems),
            remarks=tuple(person.remarks),
            columns=self.columns,
        )
